# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import stat

from datetime import datetime, timezone

import pytest
import yaml

from ansible_collections.mondoo.platform.plugins.module_utils import _host_files
from ansible_collections.mondoo.platform.plugins.module_utils._errors import (
    AuthenticationError,
    InvalidArgumentError,
    MondooError,
    NotFoundError,
    PermissionDeniedError,
    SchemaMismatchError,
    ServerError,
)
from ansible_collections.mondoo.platform.plugins.module_utils._secret_file import SecretFile
from ansible_collections.mondoo.platform.plugins.modules import mondoo_api_token
from ansible_collections.mondoo.platform.tests.unit.plugins.module_utils.fakes import SPACE

SPACE_ID = 'hungry-poet-123456'
OTHER_SPACE = '//captain.api.mondoo.app/spaces/brave-turing-234567'
ORGANIZATION = '//captain.api.mondoo.app/organizations/relaxed-khayyam-961566'
ROLES = '//iam.api.mondoo.app/roles/'
VIEWER, EDITOR, OWNER = ROLES + 'viewer', ROLES + 'editor', ROLES + 'owner'
NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)


@pytest.fixture
def run(run_module, monkeypatch):
    monkeypatch.setattr(mondoo_api_token, 'utc_now', lambda: NOW)

    def run_token_module(check_mode=False, diff=False, **args):
        return run_module(mondoo_api_token, args, check_mode=check_mode, diff=diff)

    return run_token_module


def secret_free(result, *secrets):
    """True when no secret appears in the result outside its own `secret` key."""
    text = json.dumps(dict((key, value) for key, value in result.items() if key != 'secret'))
    return not any(secret in text for secret in secrets)


# -- argument validation: each invalid input fails with its message and sends nothing ------------


INVALID_INPUTS = [
    pytest.param(dict(space=SPACE_ID, name=''), 'the API token name must not be empty', id='empty-name'),
    pytest.param(dict(space=SPACE_ID, name='   '), 'the API token name must not be empty', id='blank-name'),
    pytest.param(dict(space=SPACE_ID, name='n' * 101),
                 'the API token name is 101 characters long; at most 100 are allowed', id='long-name'),
    pytest.param(dict(space=SPACE_ID, name='ci', description='d' * 501),
                 'the API token description is 501 characters long; at most 500 are allowed', id='long-description'),
    pytest.param(dict(space=SPACE_ID, name='ci', permissions=['king']),
                 "unknown role 'king'; use one of viewer, editor, owner, agent, integrations-manager, sla-manager, "
                 'policy-manager, policy-editor, ticket-manager, ticket-creator, exceptions-requester, query-pack-manager, '
                 'query-pack-editor, or a full role MRN (//iam.api.mondoo.app/roles/<name>)', id='unknown-permission'),
    pytest.param(dict(space=SPACE_ID, name='ci', permissions=[]),
                 'permissions must name at least one permission; use state=absent to remove a token',
                 id='empty-permissions'),
    pytest.param(dict(space=SPACE_ID, mrn='not-an-mrn'),
                 "'not-an-mrn' is not an API token MRN; expected e.g. "
                 '//captain.api.mondoo.app/spaces/hungry-poet-123456/apitokens/<id>', id='malformed-mrn'),
    pytest.param(dict(space='Not_A_Space!', name='ci'),
                 "'Not_A_Space!' is not a space id or MRN; expected e.g. hungry-poet-123456 or "
                 '//captain.api.mondoo.app/spaces/hungry-poet-123456', id='malformed-space'),
    pytest.param(dict(organization='x', name='ci'),
                 "'x' is not an organization id or MRN; expected e.g. relaxed-khayyam-961566 or "
                 '//captain.api.mondoo.app/organizations/relaxed-khayyam-961566', id='malformed-organization'),
    pytest.param(dict(space=ORGANIZATION, name='ci'),
                 "'%s' is an organization MRN, not a space MRN; pass it as the organization" % ORGANIZATION,
                 id='organization-as-space'),
    pytest.param(dict(organization=SPACE, name='ci'),
                 "'%s' is a space MRN, not an organization MRN; pass it as the space" % SPACE,
                 id='space-as-organization'),
    pytest.param(dict(space=SPACE_ID, name='ci', max_age='3x'),
                 "'3x' is not a duration; write a number with a unit (w, d, h, m, s), largest unit first, "
                 'e.g. 30d, 12h or 1d12h', id='duration-3x'),
    pytest.param(dict(space=SPACE_ID, name='ci', max_age='d30'),
                 "'d30' is not a duration; write a number with a unit (w, d, h, m, s), largest unit first, "
                 'e.g. 30d, 12h or 1d12h', id='duration-d30'),
    pytest.param(dict(space=SPACE_ID, name='ci', max_age=''),
                 "'' is not a duration; write a number with a unit (w, d, h, m, s), largest unit first, "
                 'e.g. 30d, 12h or 1d12h', id='duration-empty'),
    pytest.param(dict(space=SPACE_ID, mrn=OTHER_SPACE + '/apitokens/t1'),
                 'the token %s/apitokens/t1 belongs to space brave-turing-234567, not to space hungry-poet-123456'
                 % OTHER_SPACE, id='mrn-in-another-space'),
    pytest.param(dict(organization=ORGANIZATION, mrn=SPACE + '/apitokens/t1', state='absent'),
                 'the token %s/apitokens/t1 belongs to space hungry-poet-123456, not to organization '
                 'relaxed-khayyam-961566' % SPACE, id='space-mrn-with-organization'),
    pytest.param(dict(mrn='//tokens.example/opaque/apitokens/1'),
                 'the scope of //tokens.example/opaque/apitokens/1 cannot be told from its MRN; give space or '
                 'organization', id='opaque-mrn-without-scope'),
    pytest.param(dict(mrn=SPACE, state='absent'),
                 "'%s' is a space MRN, not an API token MRN; give the mrn that mondoo_api_token_info returns for the "
                 'token' % SPACE, id='space-mrn-as-mrn'),
    pytest.param(dict(space=SPACE_ID, name='ci\nrunner'),
                 'the API token name must not contain control characters; character 3 is U+000A (a control character)',
                 id='newline-in-name'),
    pytest.param(dict(space=SPACE_ID, name='ci', max_age='9999999999999w'),
                 "'9999999999999w' is longer than 36500d (100 years), the longest duration accepted", id='huge-duration'),
    pytest.param(dict(space=SPACE_ID, name='ci', permissions=[SPACE]),
                 "'%s' is not a role MRN; role MRNs look like //iam.api.mondoo.app/roles/editor" % SPACE,
                 id='space-mrn-as-permission'),
    pytest.param(dict(space=SPACE_ID, name={'a': 1}), 'name must be text, not a mapping', id='mapping-name'),
    pytest.param(dict(space=SPACE_ID, name=['ci']), 'name must be text, not a list', id='list-name'),
    pytest.param(dict(space=SPACE_ID, name='ci', description={'a': 1}), 'description must be text, not a mapping',
                 id='mapping-description'),
    pytest.param(dict(space=SPACE_ID, name='ci', secret_file='ci.token'), "secret_file must be an absolute path, not 'ci.token'",
                 id='relative-secret-file'),
    pytest.param(dict(space=SPACE_ID, name='ci', secret_file={'a': 1}), 'secret_file must be text, not a mapping',
                 id='mapping-secret-file'),
]


def test_invalid_input_in_check_mode_fails_too(run, store):
    result = run(check_mode=True, mrn=SPACE, state='absent')
    assert result['failed'] is True
    assert 'is a space MRN, not an API token MRN' in result['msg']
    assert store.calls == []


@pytest.mark.parametrize('args, message', INVALID_INPUTS)
def test_invalid_input_fails_before_any_request(run, store, args, message):
    result = run(**args)
    assert result['failed'] is True
    assert result['msg'] == message
    assert result['error_type'] == 'ConfigurationError'
    assert store.calls == []


@pytest.mark.parametrize('args, message', [
    pytest.param(dict(space=SPACE_ID, organization=ORGANIZATION, name='ci'),
                 'parameters are mutually exclusive: space|organization', id='space-and-organization'),
    pytest.param(dict(name='ci'), 'one of the following is required: space, organization, mrn', id='no-scope'),
    pytest.param(dict(space=SPACE_ID), 'one of the following is required: name, mrn', id='no-name'),
    pytest.param(dict(space=SPACE_ID, name='ci', regenerate='sometimes'),
                 'value of regenerate must be one of: never, always, got: sometimes', id='bad-regenerate'),
    pytest.param(dict(space=SPACE_ID, name='ci', state='gone'),
                 'value of state must be one of: present, absent, got: gone', id='bad-state'),
])
def test_argument_spec_rules_fail_before_any_request(run, store, args, message):
    result = run(**args)
    assert result['failed'] is True
    assert message in result['msg']
    assert store.calls == []


def test_empty_space_is_refused_as_such(run, store):
    result = run(space='', name='ci')
    assert result['failed'] is True
    assert 'None' not in result['msg']
    assert "is not a" in result['msg']
    assert store.calls == []


def test_invalid_input_is_refused_in_check_mode_too(run, store):
    result = run(check_mode=True, space=SPACE_ID, name='ci', permissions=['king'])
    assert result['failed'] is True
    assert store.calls == []


# -- create ---------------------------------------------------------------------------------------


def test_create_returns_the_secret_and_defaults_to_viewer(run, store):
    result = run(space=SPACE_ID, name='ci-runner')
    assert result['failed'] is False
    assert result['changed'] is True
    assert result['operation'] == 'create'
    assert result['secret'] == 'secret-of-t1'
    assert result['token']['name'] == 'ci-runner'
    assert result['token']['permissions'] == ['viewer']
    assert result['token']['roles'] == [VIEWER]
    assert result['token']['scope_mrn'] == SPACE
    assert result['token']['mrn'] == SPACE + '/apitokens/t1'
    assert 'secret' not in result['token']
    assert store.names_called() == ['APITokens', 'GenerateAPIToken']
    assert store.calls[1][1]['input'] == {'name': 'ci-runner', 'scopeMrn': SPACE, 'roles': [{'mrn': VIEWER}]}
    assert secret_free(result, 'secret-of-t1')


def test_create_with_description_and_permissions_in_an_organization(run, store):
    result = run(organization='relaxed-khayyam-961566', name='  fleet  ', description='agents',
                 permissions=['agent', 'Viewer', VIEWER])
    assert result['changed'] is True
    assert result['token']['name'] == 'fleet'
    assert result['token']['description'] == 'agents'
    assert result['token']['permissions'] == ['agent', 'viewer']
    assert result['token']['scope_mrn'] == ORGANIZATION
    generated = store.calls[-1][1]['input']
    assert generated['description'] == 'agents'
    assert sorted(role['mrn'] for role in generated['roles']) == [ROLES + 'agent', VIEWER]


def test_a_token_is_never_created_from_an_mrn(run, store):
    result = run(mrn=SPACE + '/apitokens/missing', name='ci')
    assert result['failed'] is True
    assert result['error_type'] == 'NotFoundError'
    assert store.mutations() == []


# -- update ---------------------------------------------------------------------------------------


def test_unchanged_token_costs_one_request(run, store):
    store.add_token('ci', description='builds', roles=[EDITOR])
    result = run(space=SPACE_ID, name='ci', description='builds', permissions=['editor'])
    assert result['changed'] is False
    assert result['operation'] == 'none'
    assert 'secret' not in result
    assert result['token']['permissions'] == ['editor']
    assert store.names_called() == ['APITokens']


def test_implicit_membership_roles_the_api_lists_never_make_permissions_differ(run, store):
    store.add_token('ci', roles=[EDITOR, ROLES + 'space-member', ROLES + 'org-member'])
    result = run(space=SPACE_ID, name='ci', permissions=['editor'])
    assert result['changed'] is False
    assert result['token']['permissions'] == ['editor']
    assert result['token']['roles'] == [EDITOR]
    assert store.mutations() == []


def test_unset_options_leave_the_token_alone(run, store):
    store.add_token('ci', description='builds', roles=[OWNER])
    result = run(space=SPACE_ID, name='ci')
    assert result['changed'] is False
    assert result['token']['description'] == 'builds'
    assert result['token']['permissions'] == ['owner']


def test_description_change_updates_only_the_description(run, store):
    store.add_token('ci', description='old', roles=[VIEWER])
    result = run(space=SPACE_ID, name='ci', description='new', diff=True)
    assert result['changed'] is True
    assert result['operation'] == 'update'
    assert store.mutations() == ['UpdateAPIToken']
    assert store.calls[-1][1]['input'] == {'mrn': SPACE + '/apitokens/t1', 'description': 'new'}
    assert result['token']['description'] == 'new'
    assert result['diff']['before']['description'] == 'old'
    assert result['diff']['after']['description'] == 'new'
    assert 'secret' not in result


def test_empty_description_clears_it(run, store):
    store.add_token('ci', description='old', roles=[VIEWER])
    result = run(space=SPACE_ID, name='ci', description='')
    assert result['changed'] is True
    assert store.calls[-1][1]['input'] == {'mrn': SPACE + '/apitokens/t1', 'description': ''}


def test_empty_description_on_a_token_without_one_is_unchanged(run, store):
    store.add_token('ci', roles=[VIEWER])
    assert run(space=SPACE_ID, name='ci', description='')['changed'] is False
    assert store.mutations() == []


@pytest.mark.parametrize('permissions', [
    ['viewer', 'editor'],
    ['editor', 'viewer'],
    ['Editor', VIEWER, 'viewer'],
])
def test_permissions_compare_as_a_set(run, store, permissions):
    store.add_token('ci', roles=[VIEWER, EDITOR])
    result = run(space=SPACE_ID, name='ci', permissions=permissions)
    assert result['changed'] is False
    assert store.mutations() == []


def test_permission_change_sets_roles_only(run, store):
    store.add_token('ci', description='d', roles=[VIEWER, EDITOR])
    result = run(space=SPACE_ID, name='ci', permissions=['owner'], diff=True)
    assert result['changed'] is True
    assert result['operation'] == 'update'
    assert store.mutations() == ['SetRoles']
    assert store.calls[-1][1]['input'] == {
        'scopeMrn': SPACE,
        'updates': [{'entityMrn': SPACE + '/apitokens/t1', 'roles': [{'mrn': OWNER}]}],
    }
    assert result['token']['permissions'] == ['owner']
    assert result['diff']['before']['permissions'] == ['editor', 'viewer']
    assert result['diff']['after']['permissions'] == ['owner']
    assert store.tokens[0]['roles'][0]['mrn'] == OWNER


def test_rename_by_mrn(run, store):
    token = store.add_token('old-name', roles=[VIEWER])
    result = run(mrn=token['mrn'], name='new-name')
    assert result['changed'] is True
    assert result['operation'] == 'update'
    assert store.mutations() == ['UpdateAPIToken']
    assert store.calls[-1][1]['input'] == {'mrn': token['mrn'], 'name': 'new-name'}
    assert result['token']['name'] == 'new-name'
    assert [stored['name'] for stored in store.tokens] == ['new-name']


def test_rename_by_mrn_is_idempotent(run, store):
    token = store.add_token('new-name', roles=[VIEWER])
    assert run(mrn=token['mrn'], name='new-name')['changed'] is False
    assert store.mutations() == []


# -- delete ---------------------------------------------------------------------------------------


def test_delete_by_name(run, store):
    store.add_token('ci', roles=[VIEWER])
    store.add_token('keep', roles=[VIEWER])
    result = run(space=SPACE_ID, name='ci', state='absent')
    assert result['changed'] is True
    assert result['operation'] == 'delete'
    assert result['token']['name'] == 'ci'
    assert store.names_called() == ['APITokens', 'DeleteAPIToken']
    assert [token['name'] for token in store.tokens] == ['keep']


def test_delete_by_mrn_alone_makes_exactly_one_call(run, store):
    token = store.add_token('ci', roles=[VIEWER])
    result = run(mrn=token['mrn'], state='absent')
    assert result['changed'] is True
    assert result['operation'] == 'delete'
    assert result['token']['mrn'] == token['mrn']
    assert store.names_called() == ['DeleteAPIToken']
    assert store.tokens == []


def test_delete_of_a_missing_token_by_name_is_unchanged(run, store):
    result = run(space=SPACE_ID, name='ci', state='absent')
    assert result['changed'] is False
    assert result['operation'] == 'none'
    assert result['token'] == {}
    assert store.mutations() == []


def test_delete_of_a_missing_token_by_mrn_is_unchanged(run, store):
    result = run(mrn=SPACE + '/apitokens/gone', state='absent')
    assert result['changed'] is False
    assert result['operation'] == 'none'
    assert store.names_called() == ['DeleteAPIToken']


# -- several tokens of one name -------------------------------------------------------------------


@pytest.mark.parametrize('state', ['present', 'absent'])
def test_duplicate_names_fail_listing_their_mrns(run, store, state):
    first = store.add_token('dup', roles=[VIEWER])
    second = store.add_token('dup', roles=[VIEWER])
    result = run(space=SPACE_ID, name='dup', state=state, description='x')
    assert result['failed'] is True
    assert result['msg'] == ("2 API tokens in space hungry-poet-123456 are named 'dup': %s, %s; give mrn to pick one"
                             % (first['mrn'], second['mrn']))
    assert store.mutations() == []


def test_mrn_picks_one_of_duplicates(run, store):
    store.add_token('dup', description='a', roles=[VIEWER])
    second = store.add_token('dup', description='a', roles=[VIEWER])
    result = run(space=SPACE_ID, mrn=second['mrn'], name='dup', description='b')
    assert result['changed'] is True
    assert result['token']['mrn'] == second['mrn']
    assert [token['description'] for token in store.tokens] == ['a', 'b']


def test_mrn_deletes_one_of_duplicates(run, store):
    first = store.add_token('dup', roles=[VIEWER])
    second = store.add_token('dup', roles=[VIEWER])
    result = run(space=SPACE_ID, mrn=first['mrn'], name='dup', state='absent')
    assert result['changed'] is True
    assert [token['mrn'] for token in store.tokens] == [second['mrn']]


# -- regeneration ---------------------------------------------------------------------------------


def test_regenerate_always_creates_the_new_token_before_deleting_the_old(run, store):
    old = store.add_token('ci', description='builds', roles=[EDITOR])
    result = run(space=SPACE_ID, name='ci', regenerate='always', diff=True)
    assert result['changed'] is True
    assert result['operation'] == 'regenerate'
    assert result['replaced_mrn'] == old['mrn']
    assert result['secret'] == 'secret-of-t2'
    assert store.names_called() == ['APITokens', 'GenerateAPIToken', 'DeleteAPIToken']
    assert store.calls[1][1]['input'] == {'name': 'ci', 'scopeMrn': SPACE, 'description': 'builds',
                                          'roles': [{'mrn': EDITOR}]}
    assert [token['mrn'] for token in store.tokens] == [SPACE + '/apitokens/t2']
    assert result['token']['mrn'] == SPACE + '/apitokens/t2'
    assert result['token']['permissions'] == ['editor']
    assert result['diff']['before']['mrn'] == old['mrn']
    assert result['diff']['after']['mrn'] == SPACE + '/apitokens/t2'
    assert secret_free(result, 'secret-of-t2')


def test_a_regeneration_whose_old_token_cannot_be_deleted_deletes_the_new_one_again(run, store):
    old = store.add_token('ci', roles=[EDITOR])
    store.fail['DeleteAPIToken'] = [ServerError('injected fault; gave up after 5 attempts', http_status=503, ambiguous=True)]
    result = run(space=SPACE_ID, name='ci', regenerate='always')
    assert result['failed'] is True
    assert result.get('changed', False) is False
    assert result['msg'] == (
        "Failed to regenerate API token 'ci' in space hungry-poet-123456: deleting the old token %s failed (injected "
        'fault; gave up after 5 attempts); its replacement %s/apitokens/t2 was deleted again, so the old token and its '
        'secret stay as they were. Run the task again when the API answers (HTTP 503)' % (old['mrn'], SPACE))
    assert [token['mrn'] for token in store.tokens] == [old['mrn']]
    assert 'secret' not in result


def test_a_regeneration_that_cannot_clean_up_names_both_tokens(run, store):
    old = store.add_token('ci', roles=[EDITOR])
    store.fail['DeleteAPIToken'] = [ServerError('injected fault', http_status=503), ServerError('injected fault', http_status=503)]
    result = run(space=SPACE_ID, name='ci', regenerate='always')
    assert result['failed'] is True
    assert result['changed'] is True
    assert 'Both tokens may exist now; the old one and its secret still work' in result['msg']
    assert 'Delete %s/apitokens/t2 (state=absent with that mrn) and run the task again' % SPACE in result['msg']
    assert len(store.tokens) == 2
    assert secret_free(result, 'secret-of-t2')


def lost_answer():
    return ServerError('injected fault; gave up after 3 attempts', http_status=502, ambiguous=True)


def test_a_regeneration_whose_delete_lost_its_answer_but_happened_is_complete(run, store):
    old = store.add_token('ci', roles=[EDITOR])
    store.fail['DeleteAPIToken'] = [(lost_answer(), 'after')]
    result = run(space=SPACE_ID, name='ci', regenerate='always')
    assert result['failed'] is False
    assert result['operation'] == 'regenerate'
    assert result['replaced_mrn'] == old['mrn']
    assert result['secret'] == 'secret-of-t2'
    assert [token['mrn'] for token in store.tokens] == [SPACE + '/apitokens/t2']
    assert store.names_called() == ['APITokens', 'GenerateAPIToken', 'DeleteAPIToken', 'APITokens']


def test_a_regeneration_whose_delete_lost_its_answer_and_did_not_happen_is_undone(run, store):
    old = store.add_token('ci', roles=[EDITOR])
    store.fail['DeleteAPIToken'] = [lost_answer()]
    result = run(space=SPACE_ID, name='ci', regenerate='always')
    assert result['failed'] is True
    assert 'was deleted again, so the old token and its secret stay as they were' in result['msg']
    assert [token['mrn'] for token in store.tokens] == [old['mrn']]


def test_a_regeneration_that_cannot_tell_whether_the_old_token_is_gone_keeps_the_new_one_and_its_secret(run, store):
    old = store.add_token('ci', roles=[EDITOR])
    store.fail['DeleteAPIToken'] = [(lost_answer(), 'after')]
    store.fail['APITokens'] = [(None, 'never'), ServerError('injected fault', http_status=503)]
    result = run(space=SPACE_ID, name='ci', regenerate='always')
    assert result['failed'] is True
    assert result['changed'] is True
    assert result['secret'] == 'secret-of-t2'
    assert result['token']['mrn'] == SPACE + '/apitokens/t2'
    assert result['msg'] == (
        "Failed to regenerate API token 'ci': deleting the old token %s failed (injected fault; gave up after 3 attempts), "
        'and whether it is gone could not be checked. Its replacement %s/apitokens/t2 exists and its secret is in this '
        'result: keep it. If %s still exists, delete it (state=absent with that mrn)' % (old['mrn'], SPACE, old['mrn']))


def test_delete_by_mrn_after_a_lost_answer_reports_the_deletion(run, store):
    token = store.add_token('ci', roles=[EDITOR])
    store.fail['DeleteAPIToken'] = [(NotFoundError('not found', after_ambiguous_attempt=True), 'after')]
    result = run(mrn=token['mrn'], state='absent')
    assert result['changed'] is True
    assert result['operation'] == 'delete'


def test_create_only_creates_with_one_request_and_never_adopts_a_namesake(run, store):
    namesake = store.add_token('ci', roles=[EDITOR])
    result = run(space=SPACE_ID, name='ci', permissions=['viewer'], create_only=True)
    assert result['changed'] is True and result['operation'] == 'create'
    assert store.names_called() == ['GenerateAPIToken']
    assert len(store.tokens) == 2 and namesake in store.tokens


@pytest.mark.parametrize('args', [
    dict(space=SPACE_ID, name='ci', create_only=True, regenerate='always'),
    dict(space=SPACE_ID, name='ci', create_only=True, max_age='30d'),
    dict(space=SPACE_ID, name='ci', create_only=True, state='absent'),
    dict(mrn=SPACE + '/apitokens/t1', create_only=True),
])
def test_create_only_refuses_what_it_cannot_do(run, store, args):
    result = run(**args)
    assert result['failed'] is True
    assert result['msg'] == 'create_only needs name and a scope, and goes with neither mrn, regenerate=always, max_age nor state=absent'
    assert store.calls == []


def test_regenerate_always_replaces_on_every_run(run, store):
    store.add_token('ci', roles=[VIEWER])
    first = run(space=SPACE_ID, name='ci', regenerate='always')
    second = run(space=SPACE_ID, name='ci', regenerate='always')
    assert first['changed'] and second['changed']
    assert first['secret'] != second['secret']
    assert len(store.tokens) == 1


def test_regenerate_applies_the_requested_changes_to_the_new_token(run, store):
    store.add_token('ci', description='old', roles=[VIEWER])
    result = run(space=SPACE_ID, name='ci', regenerate='always', description='new', permissions=['editor'])
    assert result['operation'] == 'regenerate'
    assert store.mutations() == ['GenerateAPIToken', 'DeleteAPIToken']
    assert store.tokens[0]['description'] == 'new'
    assert result['token']['permissions'] == ['editor']


@pytest.mark.parametrize('created_at, max_age, due', [
    ('2026-01-01T12:00:00Z', '30d', True),     # 60 days old
    ('2026-02-01T12:00:00Z', '30d', False),    # 28 days old
    ('2026-01-30T12:00:00Z', '4w2d', False),   # exactly 30 days old: not older
    ('2026-01-30T11:59:59Z', '4w2d', True),
    ('2026-03-01T11:00:00Z', '59m', True),
    ('2026-03-01T11:00:00Z', '1h', False),
])
def test_max_age(run, store, created_at, max_age, due):
    token = store.add_token('ci', roles=[VIEWER])
    token['createdAt'] = created_at
    result = run(space=SPACE_ID, name='ci', max_age=max_age)
    assert result['changed'] is due
    assert result['operation'] == ('regenerate' if due else 'none')
    assert ('secret' in result) is due
    assert store.mutations() == (['GenerateAPIToken', 'DeleteAPIToken'] if due else [])


def test_max_age_does_not_matter_when_creating(run, store):
    result = run(space=SPACE_ID, name='ci', max_age='1s')
    assert result['operation'] == 'create'
    assert store.mutations() == ['GenerateAPIToken']


# -- check mode and diff --------------------------------------------------------------------------


def test_check_mode_create_sends_no_change_and_returns_no_secret(run, store):
    result = run(check_mode=True, diff=True, space=SPACE_ID, name='ci', permissions=['editor'], description='d')
    assert result['changed'] is True
    assert result['operation'] == 'create'
    assert 'secret' not in result
    assert result['token']['mrn'] is None
    assert result['token']['permissions'] == ['editor']
    assert result['diff']['before'] == {}
    assert result['diff']['after']['name'] == 'ci'
    assert store.mutations() == []
    assert store.tokens == []


def test_check_mode_update(run, store):
    store.add_token('ci', description='old', roles=[VIEWER])
    result = run(check_mode=True, space=SPACE_ID, name='ci', description='new', permissions=['owner'])
    assert result['changed'] is True
    assert result['operation'] == 'update'
    assert result['token']['description'] == 'new'
    assert result['token']['permissions'] == ['owner']
    assert store.mutations() == []
    assert store.tokens[0]['description'] == 'old'


def test_check_mode_regenerate(run, store):
    old = store.add_token('ci', roles=[VIEWER])
    result = run(check_mode=True, space=SPACE_ID, name='ci', regenerate='always')
    assert result['changed'] is True
    assert result['operation'] == 'regenerate'
    assert result['replaced_mrn'] == old['mrn']
    assert 'secret' not in result
    assert result['token']['mrn'] is None
    assert store.mutations() == []


@pytest.mark.parametrize('by_mrn', [False, True])
def test_check_mode_delete(run, store, by_mrn):
    token = store.add_token('ci', roles=[VIEWER])
    args = dict(mrn=token['mrn']) if by_mrn else dict(space=SPACE_ID, name='ci')
    result = run(check_mode=True, state='absent', **args)
    assert result['changed'] is True
    assert result['operation'] == 'delete'
    assert result['token']['name'] == 'ci'
    assert store.mutations() == []
    assert len(store.tokens) == 1


def test_check_mode_delete_of_a_missing_token(run, store):
    result = run(check_mode=True, state='absent', mrn=SPACE + '/apitokens/gone')
    assert result['changed'] is False
    assert store.mutations() == []


def test_diff_of_a_create_never_holds_the_secret(run, store):
    result = run(diff=True, space=SPACE_ID, name='ci')
    assert result['secret'] == 'secret-of-t1'
    assert set(result['diff']['after']) == {'mrn', 'name', 'description', 'permissions', 'scope_mrn'}
    assert 'secret-of-t1' not in json.dumps(result['diff'])
    assert secret_free(result, 'secret-of-t1')


def test_second_run_after_create_is_unchanged(run, store):
    run(space=SPACE_ID, name='ci', permissions=['editor'], description='d')
    result = run(space=SPACE_ID, name='ci', permissions=['editor'], description='d')
    assert result['changed'] is False
    assert 'secret' not in result


# -- secret_file ------------------------------------------------------------------------------------


@pytest.fixture
def secret_path(tmp_path):
    return str(tmp_path / 'ci.token')


@pytest.fixture
def file_writes(store, monkeypatch):
    """Each write of a secret_file, recorded among the store's calls as ('write secret_file', path)."""
    original = SecretFile.write

    def write(self, secret, action):
        store.calls.append(('write secret_file', self.path))
        return original(self, secret, action)

    monkeypatch.setattr(SecretFile, 'write', write)


@pytest.fixture
def disk_full(monkeypatch):
    def no_space(descriptor):
        raise OSError(28, 'No space left on device')

    monkeypatch.setattr(_host_files.os, 'fsync', no_space)


def read_text(path):
    with open(path) as handle:
        return handle.read()


def test_create_writes_the_secret_to_secret_file_and_returns_no_secret(run, store, secret_path, file_writes):
    result = run(diff=True, space=SPACE_ID, name='ci', secret_file=secret_path)
    assert result['failed'] is False
    assert result['changed'] is True
    assert result['operation'] == 'create'
    assert result['secret_file'] == secret_path
    assert 'secret' not in result
    assert 'secret-of-t1' not in json.dumps(result)
    assert read_text(secret_path) == 'secret-of-t1\n'
    assert stat.S_IMODE(os.stat(secret_path).st_mode) == 0o600
    assert store.names_called() == ['APITokens', 'GenerateAPIToken', 'write secret_file']


def test_an_unchanged_run_leaves_secret_file_alone(run, store, secret_path):
    store.add_token('ci', roles=[VIEWER])
    result = run(space=SPACE_ID, name='ci', secret_file=secret_path)
    assert result['changed'] is False
    assert 'secret_file' not in result and 'secret' not in result
    assert not os.path.exists(secret_path)


def test_a_create_whose_secret_file_cannot_be_written_deletes_the_new_token_again(run, store, secret_path, disk_full):
    result = run(space=SPACE_ID, name='ci', secret_file=secret_path)
    assert result['failed'] is True
    assert result.get('changed', False) is False
    assert result['msg'] == (
        "Failed to create API token 'ci' in space hungry-poet-123456: cannot write %s: No space left on device; the new "
        'token %s/apitokens/t1 was deleted again, so nothing changed' % (secret_path, SPACE))
    assert store.mutations() == ['GenerateAPIToken', 'DeleteAPIToken']
    assert store.tokens == []
    assert 'secret-of-t1' not in json.dumps(result)
    assert os.listdir(os.path.dirname(secret_path)) == []


def test_a_create_whose_secret_file_cannot_be_written_nor_its_token_deleted_names_the_token(run, store, secret_path,
                                                                                            disk_full):
    store.fail['DeleteAPIToken'] = [ServerError('injected fault', http_status=503)]
    result = run(space=SPACE_ID, name='ci', secret_file=secret_path)
    assert result['failed'] is True
    assert result['changed'] is True
    assert result['msg'] == (
        "Failed to create API token 'ci' in space hungry-poet-123456: cannot write %s: No space left on device, and "
        'deleting the new token %s/apitokens/t1 again failed (injected fault): it still exists with a secret nobody '
        'has. Delete it (state=absent with that mrn) and run the task again' % (secret_path, SPACE))
    assert [token['mrn'] for token in store.tokens] == [SPACE + '/apitokens/t1']
    assert 'secret-of-t1' not in json.dumps(result)


def test_a_regeneration_writes_secret_file_before_it_deletes_the_old_token(run, store, secret_path, file_writes):
    old = store.add_token('ci', roles=[EDITOR])
    result = run(space=SPACE_ID, name='ci', regenerate='always', secret_file=secret_path)
    assert result['changed'] is True
    assert result['operation'] == 'regenerate'
    assert result['replaced_mrn'] == old['mrn']
    assert result['secret_file'] == secret_path
    assert 'secret' not in result
    assert 'secret-of-t2' not in json.dumps(result)
    assert read_text(secret_path) == 'secret-of-t2\n'
    assert store.names_called() == ['APITokens', 'GenerateAPIToken', 'write secret_file', 'DeleteAPIToken']


def test_a_regeneration_whose_secret_file_cannot_be_written_keeps_the_old_token(run, store, secret_path, disk_full):
    old = store.add_token('ci', roles=[EDITOR])
    with open(secret_path, 'w') as handle:
        handle.write('secret-of-t1\n')
    result = run(space=SPACE_ID, name='ci', regenerate='always', secret_file=secret_path)
    assert result['failed'] is True
    assert result.get('changed', False) is False
    assert result['msg'] == (
        "Failed to regenerate API token 'ci' in space hungry-poet-123456: cannot write %s: No space left on device; the "
        'new token %s/apitokens/t2 was deleted again, so the old token %s and its secret stay as they were'
        % (secret_path, SPACE, old['mrn']))
    assert store.calls[-1] == ('DeleteAPIToken', {'input': {'mrn': SPACE + '/apitokens/t2'}})
    assert store.mutations() == ['GenerateAPIToken', 'DeleteAPIToken']
    assert [token['mrn'] for token in store.tokens] == [old['mrn']]
    assert read_text(secret_path) == 'secret-of-t1\n'


def test_an_undone_regeneration_puts_secret_file_back(run, store, secret_path):
    old = store.add_token('ci', roles=[EDITOR])
    with open(secret_path, 'w') as handle:
        handle.write('secret-of-t1\n')
    store.fail['DeleteAPIToken'] = [ServerError('injected fault', http_status=503)]
    result = run(space=SPACE_ID, name='ci', regenerate='always', secret_file=secret_path)
    assert result['failed'] is True
    assert result.get('changed', False) is False
    assert ('so the old token and its secret stay as they were, and secret_file %s was put back as it was. Run the '
            'task again' % secret_path) in result['msg']
    assert [token['mrn'] for token in store.tokens] == [old['mrn']]
    assert read_text(secret_path) == 'secret-of-t1\n'


def test_an_undone_regeneration_whose_secret_file_cannot_be_put_back_says_so(run, store, secret_path, monkeypatch):
    store.add_token('ci', roles=[EDITOR])
    store.fail['DeleteAPIToken'] = [ServerError('injected fault', http_status=503)]

    def read_only(self, action):
        raise MondooError('cannot replace %s: Read-only file system' % self.path, action=action)

    monkeypatch.setattr(SecretFile, 'put_back', read_only)
    result = run(space=SPACE_ID, name='ci', regenerate='always', secret_file=secret_path)
    assert result['failed'] is True
    assert result['changed'] is True
    assert ("so the old token and its secret stay as they were; putting secret_file %s back as it was failed (cannot "
            "replace %s: Read-only file system), so it holds the replacement's secret. Run the task again"
            % (secret_path, secret_path)) in result['msg']
    assert 'secret-of-t2' not in json.dumps(result)


def test_a_regeneration_that_cannot_tell_whether_the_old_token_is_gone_points_to_secret_file(run, store, secret_path):
    old = store.add_token('ci', roles=[EDITOR])
    store.fail['DeleteAPIToken'] = [(lost_answer(), 'after')]
    store.fail['APITokens'] = [(None, 'never'), ServerError('injected fault', http_status=503)]
    result = run(space=SPACE_ID, name='ci', regenerate='always', secret_file=secret_path)
    assert result['failed'] is True
    assert result['changed'] is True
    assert result['secret_file'] == secret_path
    assert 'secret' not in result
    assert ('Its replacement %s/apitokens/t2 exists and its secret is in secret_file %s: keep it. If %s still exists'
            % (SPACE, secret_path, old['mrn'])) in result['msg']
    assert read_text(secret_path) == 'secret-of-t2\n'


@pytest.mark.parametrize('check_mode', [False, True])
def test_secret_file_with_state_absent_is_refused_before_any_request(run, store, secret_path, check_mode):
    result = run(check_mode=check_mode, space=SPACE_ID, name='ci', state='absent', secret_file=secret_path)
    assert result['failed'] is True
    assert result['msg'] == 'secret_file goes with state=present only: deleting a token writes no secret'
    assert result['error_type'] == 'ConfigurationError'
    assert store.calls == []


@pytest.mark.parametrize('check_mode', [False, True])
def test_a_secret_file_in_a_missing_directory_is_refused_before_any_request(run, store, tmp_path, check_mode):
    path = str(tmp_path / 'missing' / 'ci.token')
    result = run(check_mode=check_mode, space=SPACE_ID, name='ci', secret_file=path)
    assert result['failed'] is True
    assert result['msg'] == 'secret_file %s cannot be written: its directory %s does not exist' % (path, tmp_path / 'missing')
    assert result['error_type'] == 'ConfigurationError'
    assert store.calls == []


@pytest.mark.parametrize('regenerate', ['never', 'always'])
def test_check_mode_writes_no_secret_file(run, store, secret_path, regenerate):
    if regenerate == 'always':
        store.add_token('ci', roles=[VIEWER])
    result = run(check_mode=True, space=SPACE_ID, name='ci', regenerate=regenerate, secret_file=secret_path)
    assert result['changed'] is True
    assert 'secret_file' not in result and 'secret' not in result
    assert store.mutations() == []
    assert os.listdir(os.path.dirname(secret_path)) == []


# -- check mode: may the caller make the change? --------------------------------------------------

VIEWER_REFUSAL = ('rpc error: code = PermissionDenied desc = listing the service accounts of %s requires Editor or Owner '
                  'there' % SPACE)


def deny_service_accounts(store):
    store.fail['ServiceAccounts'] = [PermissionDeniedError(VIEWER_REFUSAL, api_message=VIEWER_REFUSAL,
                                                           error_code='PERMISSION_DENIED')]


def checked_change(store, operation):
    """Task arguments for a check-mode run that plans `operation`, with the store prepared for it."""
    if operation == 'create':
        return dict(space=SPACE_ID, name='ci', permissions=['editor'])
    token = store.add_token('ci', roles=[VIEWER])
    return {
        'update': dict(space=SPACE_ID, name='ci', permissions=['editor']),
        'regenerate': dict(space=SPACE_ID, name='ci', regenerate='always'),
        'delete': dict(space=SPACE_ID, name='ci', state='absent'),
        'delete-by-mrn': dict(mrn=token['mrn'], state='absent'),
    }[operation]


CHANGES = ['create', 'update', 'regenerate', 'delete', 'delete-by-mrn']


@pytest.mark.parametrize('operation', CHANGES)
def test_check_mode_asks_once_whether_the_change_is_allowed(run, store, operation):
    result = run(check_mode=True, **checked_change(store, operation))
    assert result['changed'] is True
    assert result['operation'] == operation.split('-')[0]
    assert result['permission_check'] == 'granted'
    assert store.names_called() == ['APITokens', 'ServiceAccounts']
    assert store.calls[-1] == ('ServiceAccounts', {'scopeMrn': SPACE})


def test_check_mode_create_only_asks_without_a_lookup(run, store):
    result = run(check_mode=True, organization=ORGANIZATION, name='ci', create_only=True)
    assert result['permission_check'] == 'granted'
    assert store.calls == [('ServiceAccounts', {'scopeMrn': ORGANIZATION})]


@pytest.mark.parametrize('operation', CHANGES)
def test_check_mode_fails_when_the_api_refuses_the_caller(run, store, operation):
    deny_service_accounts(store)
    args = checked_change(store, operation)
    tokens_before = json.dumps(store.tokens)
    result = run(check_mode=True, **args)
    assert result['failed'] is True
    assert result.get('changed', False) is False
    assert result['error_type'] == 'PermissionDeniedError'
    assert result['scope_mrn'] == SPACE
    assert result['msg'] == (
        "Failed to %s API token 'ci' in space hungry-poet-123456 (check mode): permission denied: this credential cannot "
        'manage API tokens in space hungry-poet-123456; the API was asked whether it may list the service accounts of '
        'space hungry-poet-123456, which Mondoo allows Editors and Owners only, and said: %s'
        % (operation.split('-')[0], VIEWER_REFUSAL))
    assert store.mutations() == []
    assert json.dumps(store.tokens) == tokens_before


@pytest.mark.parametrize('failure', [
    SchemaMismatchError('schema differs', api_message="Cannot query field 'serviceAccounts' on type 'Query'."),
    InvalidArgumentError('invalid argument', api_message='rpc error: code = InvalidArgument desc = first'),
])
def test_check_mode_reports_the_change_when_the_api_does_not_answer_the_question(run, store, failure):
    store.fail['ServiceAccounts'] = [failure]
    result = run(check_mode=True, space=SPACE_ID, name='ci')
    assert result['failed'] is False
    assert result['changed'] is True
    assert result['operation'] == 'create'
    assert result['permission_check'] == 'unknown'
    assert store.mutations() == []


@pytest.mark.parametrize('failure', [AuthenticationError('unauthenticated'), ServerError('unavailable', http_status=503),
                                     NotFoundError('not found: scope')])
def test_check_mode_fails_on_other_errors_of_the_question(run, store, failure):
    store.fail['ServiceAccounts'] = [failure]
    result = run(check_mode=True, space=SPACE_ID, name='ci')
    assert result['failed'] is True
    assert result['error_type'] == type(failure).__name__
    assert store.mutations() == []


@pytest.mark.parametrize('args', [
    pytest.param(dict(space=SPACE_ID, name='ci', permissions=['viewer']), id='unchanged'),
    pytest.param(dict(space=SPACE_ID, name='gone', state='absent'), id='absent-already'),
    pytest.param(dict(mrn=SPACE + '/apitokens/gone', state='absent'), id='absent-by-mrn-already'),
])
def test_check_mode_asks_nothing_when_nothing_would_change(run, store, args):
    store.add_token('ci', roles=[VIEWER])
    deny_service_accounts(store)
    result = run(check_mode=True, **args)
    assert result['failed'] is False
    assert result['changed'] is False
    assert result['permission_check'] == 'not_checked'
    assert 'ServiceAccounts' not in store.names_called()


@pytest.mark.parametrize('operation', CHANGES)
def test_a_real_run_never_asks(run, store, operation):
    deny_service_accounts(store)
    result = run(**checked_change(store, operation))
    assert result['changed'] is True
    assert 'permission_check' not in result
    assert 'ServiceAccounts' not in store.names_called()


def test_permission_check_is_documented_with_its_values():
    documented = yaml.safe_load(mondoo_api_token.RETURN)['permission_check']
    assert documented['returned'] == 'in check mode'
    assert documented['choices'] == ['granted', 'unknown', 'not_checked']


# -- documentation ---------------------------------------------------------------------------------


def test_documented_options_match_the_argument_spec(documented_and_specified):
    documented, specified = documented_and_specified(mondoo_api_token)
    assert documented == specified
