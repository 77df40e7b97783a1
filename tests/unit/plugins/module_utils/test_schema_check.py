# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pathlib

import pytest

from graphql import build_schema, graphql_sync

from ansible_collections.mondoo.platform.plugins.module_utils import _documents as documents
from ansible_collections.mondoo.platform.plugins.module_utils import _schema_check
from ansible_collections.mondoo.platform.plugins.module_utils._api_tokens import ApiTokensClient
from ansible_collections.mondoo.platform.plugins.module_utils._errors import (
    ApiError,
    AuthenticationError,
    MissingLibraryError,
    PermissionDeniedError,
    SchemaMismatchError,
)
from ansible_collections.mondoo.platform.plugins.module_utils._schema_check import check_document, check_live_api, report_lines

# The schema the collection expects: the one the emulator serves.
EXPECTED_SDL = (pathlib.Path(__file__).resolve().parents[3] / 'emulator' / 'mondoo_emulator' / 'schema.graphql').read_text()


class SchemaTransport:
    """Answers every document by executing it against an SDL schema, as a GraphQL server would."""

    endpoint_description = 'https://us.api.mondoo.com:443 (the endpoint from region us)'

    def __init__(self, sdl, refuse_introspection=None, fail=None):
        self.schema = build_schema(sdl)
        self.refuse_introspection = refuse_introspection
        self.fail = fail or {}
        self.sent = []

    def execute(self, operation, variables, action, scope_mrn=None):
        self.sent.append(operation.name)
        if operation.name in self.fail:
            raise self.fail[operation.name]
        if operation is documents.INTROSPECTION and self.refuse_introspection:
            raise self.refuse_introspection
        result = graphql_sync(self.schema, operation.document, root_value=ROOT, variable_values=variables)
        if result.errors:
            message = '; '.join(error.message for error in result.errors)
            raise SchemaMismatchError(message, action=action, api_message=message)
        return result.data


ROOT = {'viewer': {'mrn': '//agents.api.mondoo.app/spaces/x/serviceaccounts/y'},
        'apiTokens': {'edges': [], 'pageInfo': {'endCursor': None, 'hasNextPage': False}},
        'serviceAccounts': {'totalCount': 0}}


def with_change(old, new):
    assert old in EXPECTED_SDL
    return EXPECTED_SDL.replace(old, new)


def check(sdl):
    introspected = SchemaTransport(sdl)
    return check_live_api(ApiTokensClient(introspected))


def results(report):
    return dict((entry['operation'], (entry['result'], entry['differences'])) for entry in report['documents'])


def test_every_document_fits_the_expected_schema():
    transport = SchemaTransport(EXPECTED_SDL)
    report = check_live_api(ApiTokensClient(transport))
    assert report['matches'] is True
    assert report['introspection'] is True
    assert all(result == 'valid' and not differences for result, differences in results(report).values())
    assert [entry['operation'] for entry in report['documents']] == [operation.name for operation in documents.ALL_OPERATIONS]
    assert report['viewer'] == {'answered': True, 'mrn': '//agents.api.mondoo.app/spaces/x/serviceaccounts/y'}
    # One introspection query and one viewer query; no mutation is ever sent.
    assert transport.sent == ['IntrospectionQuery', 'Viewer']


@pytest.mark.parametrize('old, new, operations, difference', [
    ('lastUsed: String\n', '\n', ['GenerateAPIToken', 'UpdateAPIToken', 'APITokens'],
     "Cannot query field 'lastUsed' on type 'APIToken'."),
    ('setRoles(input: SetRolesInput!): SetRolesPayload!', 'setRoles(input: SetRolesInput!): Boolean!', ['SetRoles'],
     "Field 'setRoles' must not have a selection since type 'Boolean!' has no subfields."),
    ('deleteAPIToken(input: DeleteAPITokenInput!): Boolean!', 'deleteAPIToken(input: DeleteAPITokenInput!): SetRolesPayload!',
     ['DeleteAPIToken'], "Field 'deleteAPIToken' of type 'SetRolesPayload!' must have a selection of subfields."),
    ('after: String, query: String,', 'after: String,', ['APITokens'], "Unknown argument 'query' on field 'Query.apiTokens'."),
    ('input UpdateAPITokenInput {\n  mrn: String!\n  name: String\n',
     'input UpdateAPITokenInput {\n  mrn: String!\n  displayName: String\n', ['UpdateAPIToken'],
     # graphql-core 3.3's words, then 3.2's (the newest release on Python 3.9)
     ("Variable '$input' has invalid value: Expected value of type 'UpdateAPITokenInput' not to include unknown field 'name'.",
      "Field 'name' is not defined by type 'UpdateAPITokenInput'.")),
    ('  LAST_USED\n  CREATED_AT\n', '  LAST_USED\n', ['APITokens'],
     "Value 'CREATED_AT' does not exist in 'APITokenOrderField' enum."),
    ('  viewer: Principal!\n', '', ['Viewer'], "Cannot query field 'viewer' on type 'Query'."),
    ('  serviceAccounts(scopeMrn: String, first: Int): ServiceAccountConnection!\n', '', ['ServiceAccounts'],
     "Cannot query field 'serviceAccounts' on type 'Query'."),
    ('serviceAccounts(scopeMrn: String, first: Int)', 'serviceAccounts(scopeMrn: String)', ['ServiceAccounts'],
     "Unknown argument 'first' on field 'Query.serviceAccounts'."),
    ('serviceAccounts(scopeMrn: String, first: Int)', 'serviceAccounts(scopeMrn: String!, first: Int)', ['ServiceAccounts'],
     "Variable '$scopeMrn' of type 'String' used in position expecting type 'String!'."),
])
def test_each_kind_of_difference_is_named(old, new, operations, difference):
    wordings = difference if isinstance(difference, tuple) else (difference,)
    report = check(with_change(old, new))
    assert report['matches'] is False
    differing = dict((name, found) for name, (result, found) in results(report).items() if result == 'differs')
    assert sorted(differing) == sorted(operations)
    assert all(any(wording in message for wording in wordings for message in found) for found in differing.values())


def test_a_deprecated_field_in_use_is_noted_but_still_valid():
    report = check(with_change('lastUsed: String\n', 'lastUsed: String @deprecated(reason: "use lastSeen")\n'))
    assert report['matches'] is True
    entry = [entry for entry in report['documents'] if entry['operation'] == 'APITokens'][0]
    assert entry['notes'] == ['The field APIToken.lastUsed is deprecated. use lastSeen']


def test_without_introspection_read_only_documents_are_sent_once_and_mutations_never():
    refusal = SchemaMismatchError('GraphQL introspection is not allowed', api_message='GraphQL introspection is not allowed')
    transport = SchemaTransport(with_change('lastUsed: String\n', '\n'), refuse_introspection=refusal)
    report = check_live_api(ApiTokensClient(transport), '//captain.api.mondoo.app/spaces/hungry-poet-123456')
    assert report['introspection'] is False
    assert report['introspection_refusal'] == 'GraphQL introspection is not allowed'
    assert results(report) == {
        'GenerateAPIToken': ('not checked', []), 'UpdateAPIToken': ('not checked', []), 'DeleteAPIToken': ('not checked', []),
        'SetRoles': ('not checked', []),
        'APITokens': ('differs', ["Cannot query field 'lastUsed' on type 'APIToken'."]),
        'Viewer': ('valid', []),
        'ServiceAccounts': ('valid', []),
    }
    assert report['matches'] is False
    assert transport.sent == ['IntrospectionQuery', 'APITokens', 'Viewer', 'ServiceAccounts', 'Viewer']


def test_without_introspection_a_refused_service_account_listing_is_not_checked():
    refusal = ApiError('introspection disabled', api_message='introspection disabled')
    denied = PermissionDeniedError('permission denied', api_message='rpc error: code = PermissionDenied desc = viewer')
    transport = SchemaTransport(EXPECTED_SDL, refuse_introspection=refusal, fail={'ServiceAccounts': denied})
    report = check_live_api(ApiTokensClient(transport), '//captain.api.mondoo.app/spaces/hungry-poet-123456')
    entry = [entry for entry in report['documents'] if entry['operation'] == 'ServiceAccounts'][0]
    assert entry['result'] == 'not checked'
    assert entry['notes'] == ['the API refused it: rpc error: code = PermissionDenied desc = viewer']


def test_without_introspection_and_without_a_scope_the_listing_is_not_checked():
    refusal = ApiError('introspection disabled', api_message='introspection disabled')
    report = check_live_api(ApiTokensClient(SchemaTransport(EXPECTED_SDL, refuse_introspection=refusal)))
    assert results(report)['APITokens'] == ('not checked', [])
    assert results(report)['ServiceAccounts'] == ('not checked', [])
    assert report['matches'] is False
    assert 'give a space or an organization' in report['documents'][4]['notes'][0]


def test_a_refused_credential_stops_the_check():
    transport = SchemaTransport(EXPECTED_SDL, fail={'IntrospectionQuery': AuthenticationError('unauthenticated')})
    with pytest.raises(AuthenticationError):
        check_live_api(ApiTokensClient(transport))


def test_a_viewer_that_does_not_answer_is_reported():
    transport = SchemaTransport(EXPECTED_SDL, fail={'Viewer': ApiError('needs a user', api_message='needs a user')})
    report = check_live_api(ApiTokensClient(transport))
    assert report['viewer'] == {'answered': False, 'error': 'needs a user'}
    assert report['matches'] is True


def test_missing_graphql_core_is_reported(monkeypatch):
    monkeypatch.setattr(_schema_check, 'HAS_GRAPHQL', False)
    with pytest.raises(MissingLibraryError) as caught:
        check_live_api(ApiTokensClient(SchemaTransport(EXPECTED_SDL)))
    assert caught.value.library == 'graphql-core'


def test_report_lines_make_a_table():
    report = check(with_change('lastUsed: String\n', '\n'))
    lines = report_lines(report)
    assert lines[0] == 'Mondoo API at https://us.api.mondoo.com:443 (the endpoint from region us)'
    assert lines[1] == 'schema read by introspection; every document validated against it'
    assert lines[2].split() == ['operation', 'kind', 'result', 'what', 'differs']
    assert lines[3].split()[:3] == ['GenerateAPIToken', 'mutation', 'differs']
    assert lines[3].endswith("Cannot query field 'lastUsed' on type 'APIToken'.")
    assert lines[6] == 'SetRoles          mutation  valid'
    assert lines[-2] == 'viewer answers for this credential: yes (//agents.api.mondoo.app/spaces/x/serviceaccounts/y)'
    assert lines[-1] == '4 of 7 documents match the live schema'


def test_check_document_reports_nothing_for_a_fitting_document():
    from graphql import build_client_schema
    schema = build_client_schema(graphql_sync(build_schema(EXPECTED_SDL), documents.INTROSPECTION.document).data)
    assert check_document(schema, documents.SET_ROLES) == {
        'operation': 'SetRoles', 'kind': 'mutation', 'result': 'valid', 'differences': [], 'notes': []}
