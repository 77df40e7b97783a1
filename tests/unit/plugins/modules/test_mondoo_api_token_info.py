# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from datetime import datetime, timezone

import pytest
import yaml

from ansible_collections.mondoo.platform.plugins.module_utils._errors import (
    ApiError,
    AuthenticationError,
    PermissionDeniedError,
    SchemaMismatchError,
    TransportError,
)
from ansible_collections.mondoo.platform.plugins.modules import mondoo_api_token_info
from ansible_collections.mondoo.platform.tests.unit.plugins.module_utils.fakes import SPACE

SPACE_ID = 'hungry-poet-123456'
OTHER_SPACE = '//captain.api.mondoo.app/spaces/brave-turing-234567'
ORGANIZATION = '//captain.api.mondoo.app/organizations/relaxed-khayyam-961566'
ROLES = '//iam.api.mondoo.app/roles/'
VIEWER, EDITOR, OWNER = ROLES + 'viewer', ROLES + 'editor', ROLES + 'owner'
NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)


@pytest.fixture
def run(run_module, monkeypatch):
    monkeypatch.setattr(mondoo_api_token_info, 'utc_now', lambda: NOW)

    def run_info_module(check_mode=False, **args):
        return run_module(mondoo_api_token_info, args, check_mode=check_mode)

    return run_info_module


def add(store, name, created_at='2026-02-01T12:00:00Z', last_used=None, scope_mrn=SPACE, **fields):
    token = store.add_token(name, scope_mrn, **fields)
    token['createdAt'] = created_at
    token['lastUsed'] = last_used
    return token


def names(result):
    return [token['name'] for token in result['api_tokens']]


# -- argument validation --------------------------------------------------------------------------

DURATION_HINT = 'is not a duration; write a number with a unit (w, d, h, m, s), largest unit first, e.g. 30d, 12h or 1d12h'


@pytest.mark.parametrize('args, message', [
    pytest.param(dict(space=SPACE_ID, name=''), 'the API token name must not be empty', id='empty-name'),
    pytest.param(dict(space=SPACE_ID, name=' \t '), 'the API token name must not be empty', id='blank-name'),
    pytest.param(dict(space=SPACE_ID, name='n' * 101),
                 'the API token name is 101 characters long; at most 100 are allowed', id='long-name'),
    pytest.param(dict(space=SPACE_ID, permissions=['viewer', 'king']),
                 "unknown role 'king'; use one of viewer, editor, owner, agent, integrations-manager, sla-manager, "
                 'policy-manager, policy-editor, ticket-manager, ticket-creator, exceptions-requester, query-pack-manager, '
                 'query-pack-editor, or a full role MRN (//iam.api.mondoo.app/roles/<name>)', id='unknown-permission'),
    pytest.param(dict(space=SPACE_ID, mrn='apitokens/t1'),
                 "'apitokens/t1' is not an API token MRN; expected e.g. "
                 '//captain.api.mondoo.app/spaces/hungry-poet-123456/apitokens/<id>', id='malformed-mrn'),
    pytest.param(dict(space='hungry poet'),
                 "'hungry poet' is not a space id or MRN; expected e.g. hungry-poet-123456 or "
                 '//captain.api.mondoo.app/spaces/hungry-poet-123456', id='malformed-space'),
    pytest.param(dict(space=ORGANIZATION),
                 "'%s' is an organization MRN, not a space MRN; pass it as the organization" % ORGANIZATION,
                 id='organization-as-space'),
    pytest.param(dict(organization=SPACE),
                 "'%s' is a space MRN, not an organization MRN; pass it as the space" % SPACE,
                 id='space-as-organization'),
    pytest.param(dict(space=SPACE_ID, older_than='3x'), "'3x' " + DURATION_HINT, id='older-than-3x'),
    pytest.param(dict(space=SPACE_ID, older_than='d30'), "'d30' " + DURATION_HINT, id='older-than-d30'),
    pytest.param(dict(space=SPACE_ID, older_than=''), "'' " + DURATION_HINT, id='older-than-empty'),
    pytest.param(dict(space=SPACE_ID, unused_for='3x'), "'3x' " + DURATION_HINT, id='unused-for-3x'),
    pytest.param(dict(space=SPACE_ID, unused_for='d30'), "'d30' " + DURATION_HINT, id='unused-for-d30'),
    pytest.param(dict(space=SPACE_ID, unused_for=''), "'' " + DURATION_HINT, id='unused-for-empty'),
])
def test_invalid_input_fails_before_any_request(run, store, args, message):
    result = run(**args)
    assert result['failed'] is True
    assert result['msg'] == message
    assert result['error_type'] == 'ConfigurationError'
    assert store.calls == []


@pytest.mark.parametrize('args, message', [
    pytest.param(dict(space=SPACE_ID, organization=ORGANIZATION),
                 'parameters are mutually exclusive: space|organization', id='space-and-organization'),
    pytest.param(dict(name='ci'), 'one of the following is required: space, organization', id='no-scope'),
    pytest.param(dict(mrn=SPACE + '/apitokens/t1'), 'one of the following is required: space, organization',
                 id='mrn-is-no-scope'),
])
def test_argument_spec_rules_fail_before_any_request(run, store, args, message):
    result = run(**args)
    assert result['failed'] is True
    assert message in result['msg']
    assert store.calls == []


# -- listing and filters --------------------------------------------------------------------------


def test_lists_every_token_of_the_scope_oldest_first_without_secrets(run, store):
    for index in range(130):
        add(store, 'token-%03d' % index, roles=[VIEWER])
    add(store, 'elsewhere', scope_mrn=OTHER_SPACE)
    result = run(space=SPACE_ID)
    assert result['failed'] is False
    assert result['changed'] is False
    assert result['scope_mrn'] == SPACE
    assert names(result) == ['token-%03d' % index for index in range(130)]
    assert store.names_called() == ['APITokens', 'APITokens']
    assert store.calls[0][1] == {'scopeMrn': SPACE, 'first': 100, 'orderBy': {'field': 'CREATED_AT', 'direction': 'ASC'}}
    first = result['api_tokens'][0]
    assert set(first) == {'mrn', 'name', 'description', 'permissions', 'roles', 'scope_mrn', 'created_at',
                          'last_used', 'age_seconds', 'idle_seconds'}
    assert first['age_seconds'] == 28 * 86400
    assert first['idle_seconds'] == 28 * 86400
    assert first['permissions'] == ['viewer']


def test_organization_tokens(run, store):
    add(store, 'org-token', scope_mrn=ORGANIZATION, roles=[OWNER])
    add(store, 'space-token', roles=[OWNER])
    result = run(organization='relaxed-khayyam-961566')
    assert names(result) == ['org-token']
    assert result['scope_mrn'] == ORGANIZATION
    assert result['api_tokens'][0]['scope_mrn'] == ORGANIZATION


def test_name_is_an_exact_match_sent_as_the_api_search(run, store):
    add(store, 'ci')
    add(store, 'ci-old')
    add(store, 'CI')
    result = run(space=SPACE_ID, name='  ci ')
    assert names(result) == ['ci']
    assert store.calls[0][1]['query'] == 'ci'


def test_query_is_the_api_search(run, store):
    add(store, 'fleet-agent-1')
    add(store, 'Fleet-Agent-2')
    add(store, 'ci')
    result = run(space=SPACE_ID, query='fleet-agent-')
    assert names(result) == ['fleet-agent-1', 'Fleet-Agent-2']
    assert store.calls[0][1]['query'] == 'fleet-agent-'


def test_mrn_filter(run, store):
    add(store, 'a')
    wanted = add(store, 'b')
    assert names(run(space=SPACE_ID, mrn=wanted['mrn'])) == ['b']


def test_permissions_filter_needs_every_permission(run, store):
    add(store, 'viewer-only', roles=[VIEWER])
    add(store, 'editor-viewer', roles=[EDITOR, VIEWER])
    add(store, 'owner', roles=[OWNER])
    assert names(run(space=SPACE_ID, permissions=['editor', 'Viewer'])) == ['editor-viewer']
    assert names(run(space=SPACE_ID, permissions=[VIEWER])) == ['viewer-only', 'editor-viewer']


def test_older_than(run, store):
    add(store, 'sixty-days', created_at='2026-01-01T12:00:00Z')
    add(store, 'thirty-days', created_at='2026-01-30T12:00:00Z')
    add(store, 'new', created_at='2026-03-01T11:00:00Z')
    assert names(run(space=SPACE_ID, older_than='30d')) == ['sixty-days']
    assert names(run(space=SPACE_ID, older_than='59m')) == ['sixty-days', 'thirty-days', 'new']


def test_unused_for_counts_never_used_tokens_from_their_creation(run, store):
    add(store, 'used-recently', created_at='2026-01-01T12:00:00Z', last_used='2026-02-28T12:00:00Z')
    add(store, 'used-long-ago', created_at='2026-01-01T12:00:00Z', last_used='2026-01-02T12:00:00Z')
    add(store, 'never-used-old', created_at='2026-01-01T12:00:00Z')
    add(store, 'never-used-new', created_at='2026-02-28T12:00:00Z')
    assert names(run(space=SPACE_ID, unused_for='30d')) == ['used-long-ago', 'never-used-old']


def test_idle_seconds_count_from_the_last_use_or_the_creation(run, store):
    add(store, 'used-a-day-ago', created_at='2026-01-01T12:00:00Z', last_used='2026-02-28T12:00:00Z')
    add(store, 'never-used', created_at='2026-02-27T12:00:00Z')
    idle = dict((token['name'], token['idle_seconds']) for token in run(space=SPACE_ID)['api_tokens'])
    assert idle == {'used-a-day-ago': 86400, 'never-used': 2 * 86400}


def test_filters_combine(run, store):
    add(store, 'old-editor', created_at='2026-01-01T12:00:00Z', roles=[EDITOR])
    add(store, 'old-viewer', created_at='2026-01-01T12:00:00Z', roles=[VIEWER])
    add(store, 'new-editor', created_at='2026-02-28T12:00:00Z', roles=[EDITOR])
    assert names(run(space=SPACE_ID, permissions=['editor'], older_than='30d')) == ['old-editor']


def test_empty_scope(run, store):
    result = run(space=SPACE_ID)
    assert result['api_tokens'] == []
    assert store.names_called() == ['APITokens']


@pytest.mark.parametrize('date, api_time', [
    ('Mon, 30 Nov 2026 06:50:41 GMT', '2026-11-30T06:50:41Z'),
    (None, None),
    ('yesterday', None),
])
def test_api_time_is_the_date_of_the_answer(run, store, date, api_time):
    store.answer_date = date
    assert run(space=SPACE_ID)['api_time'] == api_time


def test_check_mode_lists_the_same(run, store):
    add(store, 'ci')
    result = run(check_mode=True, space=SPACE_ID)
    assert result['failed'] is False
    assert names(result) == ['ci']
    assert store.mutations() == []


def test_api_error_fails_with_its_message(run, store):
    store.fail['APITokens'] = [PermissionDeniedError('permission denied: viewer required',
                                                     action='list API tokens in space hungry-poet-123456',
                                                     scope_mrn=SPACE, error_code='PERMISSION_DENIED')]
    result = run(space=SPACE_ID)
    assert result['failed'] is True
    assert result['msg'].startswith('Failed to list API tokens in space hungry-poet-123456: ')
    assert 'permission denied' in result['msg']
    assert result['error_type'] == 'PermissionDeniedError'


# -- check_manage_permission -----------------------------------------------------------------------

VIEWER_REFUSAL = ('rpc error: code = PermissionDenied desc = listing the service accounts of %s requires Editor or Owner '
                  'there' % SPACE)


@pytest.mark.parametrize('check_mode', [False, True])
def test_manage_permission_granted(run, store, check_mode):
    add(store, 'ci')
    result = run(check_mode=check_mode, space=SPACE_ID, check_manage_permission=True)
    assert result['failed'] is False
    assert names(result) == ['ci']
    assert result['manage_permission'] == 'granted'
    assert result['manage_permission_detail'] == ''
    assert store.calls[-1] == ('ServiceAccounts', {'scopeMrn': SPACE})
    assert store.names_called() == ['APITokens', 'ServiceAccounts']


def test_manage_permission_of_an_organization(run, store):
    result = run(organization=ORGANIZATION, check_manage_permission=True)
    assert result['manage_permission'] == 'granted'
    assert store.calls[-1] == ('ServiceAccounts', {'scopeMrn': ORGANIZATION})


def test_manage_permission_denied_is_reported_not_failed(run, store):
    add(store, 'ci')
    store.fail['ServiceAccounts'] = [PermissionDeniedError(VIEWER_REFUSAL, api_message=VIEWER_REFUSAL)]
    result = run(space=SPACE_ID, check_manage_permission=True)
    assert result['failed'] is False
    assert result['changed'] is False
    assert names(result) == ['ci']
    assert result['manage_permission'] == 'denied'
    assert result['manage_permission_detail'] == (
        'permission denied: this credential cannot manage API tokens in space hungry-poet-123456; the API was asked '
        'whether it may list the service accounts of space hungry-poet-123456, which Mondoo allows Editors and Owners '
        'only, and said: ' + VIEWER_REFUSAL)


@pytest.mark.parametrize('failure', [
    SchemaMismatchError('schema differs', api_message="Cannot query field 'serviceAccounts' on type 'Query'."),
    ApiError('something else', api_message='something else'),
])
def test_manage_permission_unknown_says_why(run, store, failure):
    store.fail['ServiceAccounts'] = [failure]
    result = run(space=SPACE_ID, check_manage_permission=True)
    assert result['failed'] is False
    assert result['manage_permission'] == 'unknown'
    assert result['manage_permission_detail'].startswith(
        'could not tell whether this credential may manage API tokens in space hungry-poet-123456: ')
    assert result['manage_permission_detail'].endswith('(%s)' % failure.api_message)


@pytest.mark.parametrize('failure', [AuthenticationError('unauthenticated'), TransportError('could not connect')])
def test_manage_permission_fails_on_errors_that_say_nothing_about_permissions(run, store, failure):
    store.fail['ServiceAccounts'] = [failure]
    result = run(space=SPACE_ID, check_manage_permission=True)
    assert result['failed'] is True
    assert result['error_type'] == type(failure).__name__


def test_manage_permission_is_not_asked_by_default(run, store):
    result = run(space=SPACE_ID)
    assert 'manage_permission' not in result and 'manage_permission_detail' not in result
    assert store.names_called() == ['APITokens']


def test_manage_permission_is_documented_with_its_values():
    documented = yaml.safe_load(mondoo_api_token_info.RETURN)
    assert documented['manage_permission']['choices'] == ['granted', 'denied', 'unknown']
    assert documented['manage_permission_detail']['returned'] == documented['manage_permission']['returned']


# -- documentation ---------------------------------------------------------------------------------


def test_documented_options_match_the_argument_spec(documented_and_specified):
    documented, specified = documented_and_specified(mondoo_api_token_info)
    assert documented == specified
