# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.mondoo.platform.plugins.module_utils._api_tokens import ApiTokensClient, order_input
from ansible_collections.mondoo.platform.plugins.module_utils._errors import (
    ApiError,
    AuthenticationError,
    ConfigurationError,
    InvalidArgumentError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    SchemaMismatchError,
    ServerError,
    TransportError,
)
from ansible_collections.mondoo.platform.plugins.module_utils._transport import GraphQLTransport
from ansible_collections.mondoo.platform.tests.unit.plugins.module_utils.fakes import (
    ENDPOINT,
    SECRET_TOKEN,
    SPACE,
    FakeClock,
    FakeResponse,
    FakeSession,
    FakeTransport,
    StaticAuth,
    data_response,
    graphql_error_response,
)

OTHER_SPACE = '//captain.api.mondoo.app/spaces/other-space-42'
EDITOR = '//iam.api.mondoo.app/roles/editor'


def ambiguous_timeout():
    return TransportError('no answer from us.api.mondoo.com within 30 seconds', action='generate', ambiguous=True)


def ambiguous_503():
    return ServerError('injected fault', action='generate', http_status=503, ambiguous=True)


@pytest.fixture
def transport():
    return FakeTransport()


@pytest.fixture
def client(transport):
    return ApiTokensClient(transport)


def tokens_named(transport, name):
    return [token for token in transport.tokens if token['name'] == name]


def in_scope(token, scope_mrn=SPACE):
    """A stored token as the client returns it: with the scope it asked about."""
    return dict(token, scopeMrn=scope_mrn)


def as_stored(token):
    """A token the client returned, as the API stores it: no secret, no scope added by the client."""
    return dict((key, value) for key, value in token.items() if key not in ('secret', 'scopeMrn'))


# -- list ----------------------------------------------------------------------------------------


def test_list_follows_every_page(transport, client):
    for index in range(250):
        transport.add_token('token-%03d' % index)
    transport.add_token('elsewhere', OTHER_SPACE)
    tokens = client.list(SPACE)
    assert [token['name'] for token in tokens] == ['token-%03d' % index for index in range(250)]
    pages = [variables for name, variables in transport.calls]
    assert len(pages) == 3
    assert [page['first'] for page in pages] == [100, 100, 100]
    assert [page.get('after') for page in pages] == [None, '100', '200']
    assert all(page['scopeMrn'] == SPACE for page in pages)


def test_list_passes_query_and_order(transport, client):
    client.list(SPACE, query='ci', order=('created_at', 'desc'))
    variables = transport.calls[0][1]
    assert variables['query'] == 'ci'
    assert variables['orderBy'] == {'field': 'CREATED_AT', 'direction': 'DESC'}


def test_list_of_empty_scope(client):
    assert client.list(SPACE) == []


class PagingTransport:
    def __init__(self, *pages):
        self.pages = list(pages)

    def execute(self, operation, variables, action, scope_mrn=None):
        return {'apiTokens': self.pages.pop(0)}


def page(cursor, has_next):
    return {'edges': [{'cursor': 'c', 'node': {'mrn': 'm', 'name': 'n'}}],
            'pageInfo': {'endCursor': cursor, 'hasNextPage': has_next}}


def test_list_refuses_a_repeated_cursor():
    client = ApiTokensClient(PagingTransport(page('a', True), page('b', True), page('a', True)))
    with pytest.raises(ApiError) as caught:
        client.list(SPACE)
    assert 'same page cursor twice' in str(caught.value)


def test_list_refuses_a_next_page_without_cursor():
    client = ApiTokensClient(PagingTransport(page(None, True)))
    with pytest.raises(ApiError):
        client.list(SPACE)


@pytest.mark.parametrize('answer', [{}, {'apiTokens': None}, {'apiTokens': {'edges': None}}])
def test_list_refuses_a_malformed_answer(answer):
    class Malformed:
        def execute(self, *args, **kwargs):
            return answer
    with pytest.raises(ApiError):
        ApiTokensClient(Malformed()).list(SPACE)


@pytest.mark.parametrize('order, message', [
    (('age', 'asc'), 'cannot order API tokens by'),
    (('name', 'up'), 'order direction must be asc or desc'),
    ('name', 'must be a (field, direction) pair'),
    (('name',), 'must be a (field, direction) pair'),
])
def test_bad_order(order, message):
    with pytest.raises(ConfigurationError) as caught:
        order_input(order)
    assert message in str(caught.value)


@pytest.mark.parametrize('order, expected', [
    (('name', 'asc'), {'field': 'NAME', 'direction': 'ASC'}),
    (('LAST_USED', 'Desc'), {'field': 'LAST_USED', 'direction': 'DESC'}),
])
def test_order(order, expected):
    assert order_input(order) == expected


# -- find_by_name --------------------------------------------------------------------------------


def test_find_by_name_matches_exactly(transport, client):
    wanted = transport.add_token('ci-runner')
    transport.add_token('ci-runner-2')
    transport.add_token('CI-RUNNER')
    transport.add_token('ci-runner', OTHER_SPACE)
    assert client.find_by_name(SPACE, 'ci-runner') == [in_scope(wanted)]
    variables = transport.calls[0][1]
    assert variables['query'] == 'ci-runner'
    assert variables['orderBy'] == {'field': 'CREATED_AT', 'direction': 'ASC'}


def test_find_by_name_returns_duplicates_oldest_first(transport, client):
    first = transport.add_token('dup')
    second = transport.add_token('dup')
    assert client.find_by_name(SPACE, ' dup ') == [in_scope(first), in_scope(second)]


def test_find_by_name_nothing(client):
    assert client.find_by_name(SPACE, 'nope') == []


# -- generate ------------------------------------------------------------------------------------


def test_generate_sends_the_input_and_returns_the_secret(transport, client):
    token = client.generate(SPACE, 'ci-runner', 'for CI', [EDITOR])
    assert token['secret'] == 'secret-of-t1'
    assert transport.names_called() == ['APITokens', 'GenerateAPIToken']
    assert transport.calls[1][1] == {'input': {'name': 'ci-runner', 'scopeMrn': SPACE, 'description': 'for CI',
                                               'roles': [{'mrn': EDITOR}]}}
    assert client.warnings == []


def test_generate_omits_unset_fields(transport, client):
    client.generate(SPACE, 'ci-runner', known_mrns=set())
    assert transport.calls[0][1] == {'input': {'name': 'ci-runner', 'scopeMrn': SPACE}}


def test_generate_skips_the_snapshot_when_given(transport, client):
    client.generate(SPACE, 'ci-runner', known_mrns=set())
    assert transport.names_called() == ['GenerateAPIToken']


def test_ambiguous_generate_with_orphan_deletes_it_and_generates_once_more(transport, client):
    existing = transport.add_token('ci-runner')  # a same-name token from before: never touched
    transport.add_token('unrelated')
    transport.fail['GenerateAPIToken'] = [(ambiguous_timeout(), 'after')]

    token = client.generate(SPACE, 'ci-runner', role_mrns=[EDITOR])

    assert transport.names_called() == ['APITokens', 'GenerateAPIToken', 'APITokens', 'DeleteAPIToken',
                                        'GenerateAPIToken', 'APITokens']
    orphan_mrn = SPACE + '/apitokens/t3'
    assert transport.calls[3][1] == {'input': {'mrn': orphan_mrn}}
    assert tokens_named(transport, 'ci-runner') == [existing, as_stored(token)]
    assert token['scopeMrn'] == SPACE
    assert token['secret'] == 'secret-of-t4'
    assert len(client.warnings) == 1
    assert orphan_mrn in client.warnings[0]
    assert 'failed ambiguously (no answer from us.api.mondoo.com within 30 seconds)' in client.warnings[0]
    assert "API token 'ci-runner' in space hungry-poet-123456" in client.warnings[0]


def test_ambiguous_generate_without_orphan_generates_once(transport, client):
    transport.fail['GenerateAPIToken'] = [ambiguous_503()]
    token = client.generate(SPACE, 'ci-runner')
    assert transport.names_called() == ['APITokens', 'GenerateAPIToken', 'APITokens', 'GenerateAPIToken', 'APITokens']
    assert tokens_named(transport, 'ci-runner') == [as_stored(token)]
    assert client.warnings == []


def late_client(transport, wait=7):
    sleeps = []
    return ApiTokensClient(transport, late_arrival_wait=wait, sleep=sleeps.append), sleeps


def test_a_lost_answer_is_waited_for_before_the_orphan_search(transport):
    client, sleeps = late_client(transport)
    landed_late = []

    def land_during_the_wait(seconds):
        sleeps.append(seconds)
        landed_late.append(transport.add_token('ci-runner'))  # the request lands while the client waits
    client._sleep = land_during_the_wait
    transport.fail['GenerateAPIToken'] = [ambiguous_timeout()]

    token = client.generate(SPACE, 'ci-runner', known_mrns=set())

    assert sleeps == [7]
    assert landed_late[0] not in transport.tokens
    assert tokens_named(transport, 'ci-runner') == [as_stored(token)]
    assert landed_late[0]['mrn'] in client.warnings[0]


def test_a_gateway_error_is_waited_for_briefly(transport):
    client, sleeps = late_client(transport, wait=30)
    transport.fail['GenerateAPIToken'] = [ambiguous_503()]
    client.generate(SPACE, 'ci-runner', known_mrns=set())
    assert sleeps == [5]


def test_an_answer_from_the_api_itself_is_not_waited_for(transport):
    client, sleeps = late_client(transport)
    transport.fail['GenerateAPIToken'] = [ServerError('rpc error: code = Internal desc = x', http_status=200, ambiguous=True)]
    client.generate(SPACE, 'ci-runner', known_mrns=set())
    assert sleeps == []


def test_a_first_request_landing_after_the_search_is_removed_by_the_second_search(transport):
    client, sleeps = late_client(transport)

    class LateArrival(FakeTransport):
        generated = 0

        def _GenerateAPIToken(self, variables):
            self.generated += 1
            if self.generated == 1:
                self.late = self.add_token('ci-runner')  # the first request lands just before the second
            return FakeTransport._GenerateAPIToken(self, variables)

    transport = LateArrival()
    client = ApiTokensClient(transport, late_arrival_wait=0, sleep=lambda seconds: None)
    transport.fail['GenerateAPIToken'] = [ambiguous_timeout()]

    token = client.generate(SPACE, 'ci-runner', known_mrns=set())

    assert tokens_named(transport, 'ci-runner') == [as_stored(token)]
    assert transport.late not in transport.tokens
    assert transport.names_called() == ['GenerateAPIToken', 'APITokens', 'GenerateAPIToken', 'APITokens', 'DeleteAPIToken']


def test_a_failing_second_search_keeps_the_new_token_and_warns(transport):
    client, sleeps = late_client(transport, wait=0)
    transport.fail['GenerateAPIToken'] = [ambiguous_timeout()]
    # The first search after the lost answer works; the second, after the new create, fails.
    transport.fail['APITokens'] = [(None, 'never'), ServerError('injected fault', http_status=503)]

    token = client.generate(SPACE, 'ci-runner', known_mrns=set())

    assert token['secret']
    assert 'looking for a late arrival of the first request failed' in client.warnings[-1]


def test_ambiguous_generate_uses_the_given_snapshot(transport, client):
    known = transport.add_token('ci-runner')
    transport.fail['GenerateAPIToken'] = [(ambiguous_timeout(), 'after')]
    client.generate(SPACE, 'ci-runner', known_mrns={known['mrn']})
    assert known in transport.tokens
    assert len(tokens_named(transport, 'ci-runner')) == 2


def test_clear_failure_is_not_recovered(transport, client):
    transport.fail['GenerateAPIToken'] = [PermissionDeniedError('permission denied: x', action='generate')]
    with pytest.raises(PermissionDeniedError):
        client.generate(SPACE, 'ci-runner')
    assert transport.names_called() == ['APITokens', 'GenerateAPIToken']


def test_second_ambiguous_failure_cleans_up_and_reports_nothing_left(transport, client):
    transport.fail['GenerateAPIToken'] = [(ambiguous_timeout(), 'after'), (ambiguous_503(), 'after')]
    with pytest.raises(ServerError) as caught:
        client.generate(SPACE, 'ci-runner')
    assert tokens_named(transport, 'ci-runner') == []
    assert caught.value.ambiguous is False
    assert 'no token was left behind' in str(caught.value)
    assert transport.names_called().count('GenerateAPIToken') == 2


def test_failed_cleanup_is_reported_as_ambiguous(transport, client):
    transport.fail['GenerateAPIToken'] = [(ambiguous_timeout(), 'after')]
    transport.fail['APITokens'] = [ServerError('injected fault', http_status=503)]  # the orphan lookup
    with pytest.raises(TransportError) as caught:
        client.generate(SPACE, 'ci-runner', known_mrns=set())
    assert caught.value.ambiguous is True
    assert "a token named 'ci-runner' may exist whose secret is lost" in str(caught.value)


def test_generate_without_secret_deletes_the_token(transport, client):
    class NoSecret(FakeTransport):
        def _GenerateAPIToken(self, variables):
            data = FakeTransport._GenerateAPIToken(self, variables)
            data['generateAPIToken']['secret'] = None
            return data
    transport = NoSecret()
    with pytest.raises(ApiError) as caught:
        ApiTokensClient(transport).generate(SPACE, 'ci-runner', known_mrns=set())
    assert transport.tokens == []
    assert 'returned no secret' in str(caught.value)


# -- update, delete, roles, viewer ---------------------------------------------------------------


def test_update_sends_only_given_fields(transport, client):
    token = transport.add_token('old')
    updated = client.update(token, name='new')
    assert transport.calls[0][1] == {'input': {'mrn': token['mrn'], 'name': 'new'}}
    assert updated['name'] == 'new'
    client.update(token['mrn'], description='')
    assert transport.calls[1][1] == {'input': {'mrn': token['mrn'], 'description': ''}}


def test_delete_returns_true_when_deleted(transport, client):
    token = transport.add_token('x')
    assert client.delete(token) is True
    assert transport.tokens == []


def test_delete_of_a_token_already_gone_is_done(client):
    assert client.delete(SPACE + '/apitokens/gone') is False


def test_delete_not_confirmed_is_an_error(transport, client):
    token = in_scope(transport.add_token('x'))
    transport.delete_answer = False
    with pytest.raises(ApiError) as caught:
        client.delete(token)
    assert str(caught.value).startswith("Failed to delete API token 'x' in space hungry-poet-123456: ")


def test_delete_that_finds_nothing_after_a_lost_answer_reports_the_deletion(transport, client):
    token = transport.add_token('x')
    transport.fail['DeleteAPIToken'] = [NotFoundError('not found: token', after_ambiguous_attempt=True)]
    assert client.delete(token['mrn']) is True


@pytest.mark.parametrize('failure, when, gone, calls', [
    (None, None, True, ['DeleteAPIToken']),
    (PermissionDeniedError('permission denied: x'), 'before', False, ['DeleteAPIToken']),
    (ServerError('lost', http_status=502, ambiguous=True), 'after', True, ['DeleteAPIToken', 'APITokens']),
    (ServerError('lost', http_status=502, ambiguous=True), 'before', False, ['DeleteAPIToken', 'APITokens']),
])
def test_delete_and_confirm(transport, failure, when, gone, calls):
    sleeps = []
    client = ApiTokensClient(transport, late_arrival_wait=4, sleep=sleeps.append)
    token = in_scope(transport.add_token('x'))
    if failure is not None:
        transport.fail['DeleteAPIToken'] = [(failure, when)]
    found_gone, found_failure = client.delete_and_confirm(token)
    assert found_gone is gone
    assert type(found_failure) is type(failure)
    assert transport.names_called() == calls
    assert sleeps == ([4] if len(calls) == 2 else [])


def test_delete_and_confirm_says_when_it_cannot_tell(transport):
    client = ApiTokensClient(transport, late_arrival_wait=0, sleep=lambda seconds: None)
    token = in_scope(transport.add_token('x'))
    lost = ServerError('lost', http_status=502, ambiguous=True)
    transport.fail['DeleteAPIToken'] = [lost]
    transport.fail['APITokens'] = [ServerError('down', http_status=503)]
    assert client.delete_and_confirm(token) == (None, lost)


def test_delete_other_errors_propagate(transport, client):
    transport.fail['DeleteAPIToken'] = [PermissionDeniedError('permission denied: x')]
    with pytest.raises(PermissionDeniedError):
        client.delete('mrn')


def test_set_roles_input(transport, client):
    token = in_scope(transport.add_token('x'))
    client.set_roles(token, [EDITOR, '//iam.api.mondoo.app/roles/viewer'])
    assert transport.calls[0] == ('SetRoles', {'input': {
        'scopeMrn': SPACE,
        'updates': [{'entityMrn': token['mrn'], 'roles': [{'mrn': EDITOR}, {'mrn': '//iam.api.mondoo.app/roles/viewer'}]}],
    }})


def test_set_roles_by_mrn_with_explicit_scope(transport, client):
    token = transport.add_token('x')
    client.set_roles(token['mrn'], [EDITOR], scope_mrn=OTHER_SPACE)
    assert transport.calls[0][1]['input']['scopeMrn'] == OTHER_SPACE
    client.set_roles(token['mrn'], [EDITOR])
    assert 'scopeMrn' not in transport.calls[1][1]['input']


@pytest.mark.parametrize('answer', [False, None, {}, {'mrns': None}, {'mrns': []}, {'mrns': ['//some/other/mrn']}])
def test_set_roles_not_confirmed_is_an_error(answer):
    class Refusing(FakeTransport):
        def _SetRoles(self, variables):
            return {'setRoles': answer}
    transport = Refusing()
    token = transport.add_token('x')
    with pytest.raises(ApiError) as caught:
        ApiTokensClient(transport).set_roles(token['mrn'], [EDITOR])
    assert 'setRoles' in str(caught.value)


def test_viewer(client):
    assert client.viewer() == {'mrn': '//agents.api.mondoo.app/spaces/x/serviceaccounts/y'}


def test_not_found_on_update_is_an_error(transport, client):
    transport.fail['UpdateAPIToken'] = [NotFoundError('not found: token')]
    with pytest.raises(NotFoundError):
        client.update('gone', name='x')


def test_permission_denied_on_a_change_names_the_roles_it_needs(transport, client):
    transport.fail['GenerateAPIToken'] = [PermissionDeniedError('permission denied', action='generate', api_message='nope, viewer')]
    with pytest.raises(PermissionDeniedError) as caught:
        client.generate(SPACE, 'ci', known_mrns=set())
    assert 'permission denied: managing API tokens in space hungry-poet-123456 needs Editor or Owner' in caught.value.message
    assert '(the API said: nope, viewer)' in caught.value.message


def test_permission_denied_on_a_list_names_the_roles_it_needs(transport, client):
    transport.fail['APITokens'] = [PermissionDeniedError('permission denied', action='list', api_message='agent')]
    with pytest.raises(PermissionDeniedError) as caught:
        client.list(SPACE)
    assert 'permission denied: listing API tokens in space hungry-poet-123456 needs Viewer, Editor or Owner' in caught.value.message


# -- manage_permission ---------------------------------------------------------------------------

ORGANIZATION = '//captain.api.mondoo.app/organizations/relaxed-khayyam-961566'
VIEWER_REFUSAL = ('rpc error: code = PermissionDenied desc = listing the service accounts of %s requires Editor or Owner '
                  'there' % SPACE)


@pytest.mark.parametrize('scope_mrn', [SPACE, ORGANIZATION])
def test_manage_permission_is_granted_when_the_service_accounts_are_listed(transport, client, scope_mrn):
    assert client.manage_permission(scope_mrn) == ('granted', '')
    assert transport.calls == [('ServiceAccounts', {'scopeMrn': scope_mrn})]


def test_manage_permission_is_denied_with_the_scope_and_the_apis_words(transport, client):
    transport.fail['ServiceAccounts'] = [PermissionDeniedError(VIEWER_REFUSAL, api_message=VIEWER_REFUSAL)]
    outcome, detail = client.manage_permission(SPACE)
    assert outcome == 'denied'
    assert detail == (
        'permission denied: this credential cannot manage API tokens in space hungry-poet-123456; the API was asked '
        'whether it may list the service accounts of space hungry-poet-123456, which Mondoo allows Editors and Owners '
        'only, and said: ' + VIEWER_REFUSAL)
    assert transport.names_called() == ['ServiceAccounts']


@pytest.mark.parametrize('failure, reason', [
    (SchemaMismatchError('schema differs', api_message="Cannot query field 'serviceAccounts' on type 'Query'."),
     "Cannot query field 'serviceAccounts' on type 'Query'."),
    (SchemaMismatchError("Unknown argument 'first' on field 'Query.serviceAccounts'."),
     "Unknown argument 'first' on field 'Query.serviceAccounts'."),
    (InvalidArgumentError('invalid argument', api_message='rpc error: code = InvalidArgument desc = scopeMrn is odd'),
     'rpc error: code = InvalidArgument desc = scopeMrn is odd'),
    (ApiError('rpc error: code = FailedPrecondition desc = no', api_message='rpc error: code = FailedPrecondition desc = no'),
     'rpc error: code = FailedPrecondition desc = no'),
])
def test_manage_permission_is_unknown_when_the_api_refuses_the_question(transport, client, failure, reason):
    transport.fail['ServiceAccounts'] = [failure]
    assert client.manage_permission(SPACE) == (
        'unknown', 'could not tell whether this credential may manage API tokens in space hungry-poet-123456: the API did '
                   'not answer whether it may list the service accounts there (%s)' % reason)


@pytest.mark.parametrize('answer', [{}, {'serviceAccounts': None}, {'serviceAccounts': 3}])
def test_manage_permission_is_unknown_for_an_answer_without_the_connection(answer):
    transport = FakeTransport()
    transport._ServiceAccounts = lambda variables: answer
    outcome, detail = ApiTokensClient(transport).manage_permission(SPACE)
    assert outcome == 'unknown'
    assert detail.endswith('(the answer has no serviceAccounts object)')


@pytest.mark.parametrize('failure', [
    AuthenticationError('unauthenticated'),
    TransportError('could not connect'),
    ServerError('unavailable', http_status=503),
    RateLimitedError('resource exhausted', http_status=429),
    NotFoundError('rpc error: code = NotFound desc = scope', api_message='rpc error: code = NotFound desc = scope'),
])
def test_manage_permission_raises_what_says_nothing_about_permissions(transport, client, failure):
    transport.fail['ServiceAccounts'] = [failure]
    with pytest.raises(type(failure)):
        client.manage_permission(SPACE)


def _over_http(*responses):
    clock = FakeClock()
    session = FakeSession(*responses)
    transport = GraphQLTransport(ENDPOINT, StaticAuth(), session=session, sleep=clock.sleep, clock=clock.monotonic,
                                 wall_clock=clock.wall, rand=lambda: 1.0)
    return ApiTokensClient(transport), session


def test_manage_permission_over_http_sends_one_query_and_reads_the_grpc_refusal():
    client, session = _over_http(graphql_error_response(VIEWER_REFUSAL, path=('serviceAccounts',)))
    outcome, detail = client.manage_permission(SPACE)
    assert outcome == 'denied'
    assert detail.endswith('and said: ' + VIEWER_REFUSAL)
    assert SECRET_TOKEN not in detail
    assert [call['json']['operationName'] for call in session.calls] == ['ServiceAccounts']
    assert session.calls[0]['json']['variables'] == {'scopeMrn': SPACE}
    assert 'serviceAccounts(scopeMrn: $scopeMrn, first: 1) { totalCount }' in session.calls[0]['json']['query']


@pytest.mark.parametrize('response, outcome', [
    (data_response({'serviceAccounts': {'totalCount': 0}}), 'granted'),
    (graphql_error_response('permission denied: listing', code='PERMISSION_DENIED'), 'denied'),
    (FakeResponse(403, {'errors': [{'message': 'forbidden'}]}), 'denied'),
    (FakeResponse(422, {'errors': [{'message': "Cannot query field 'serviceAccounts' on type 'Query'."}]}), 'unknown'),
    (graphql_error_response('invalid argument: scopeMrn', code='INVALID_ARGUMENT'), 'unknown'),
])
def test_manage_permission_over_http(response, outcome):
    client, session = _over_http(response)
    assert client.manage_permission(SPACE)[0] == outcome
    assert len(session.calls) == 1


def test_manage_permission_over_http_retries_a_server_error_and_then_raises():
    client, session = _over_http(*[FakeResponse(503, {'errors': [{'message': 'unavailable'}]})] * 5)
    with pytest.raises(ServerError):
        client.manage_permission(SPACE)
    assert len(session.calls) == 5
