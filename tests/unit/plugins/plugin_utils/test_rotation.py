# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.mondoo.platform.plugins.module_utils._errors import ConfigurationError
from ansible_collections.mondoo.platform.plugins.plugin_utils import _rotation as rotation

SPACE = '//captain.api.mondoo.app/spaces/hungry-poet-123456'
OTHER_SPACE = '//captain.api.mondoo.app/spaces/brave-turing-234567'
AGENT = '//iam.api.mondoo.app/roles/agent'
VIEWER = '//iam.api.mondoo.app/roles/viewer'
RAW = {'format': 'raw', 'key': ''}


def token(stamp, age=3600, roles=(AGENT,), last_used=None, name='fleet', suffix='', scope=SPACE):
    """A family token as the info module returns it, created at 2026-11-<stamp>."""
    return {'mrn': '%s/apitokens/%s%s' % (scope, stamp.replace(':', ''), suffix), 'name': '%s-202611%sZ%s' % (name, stamp.replace(':', ''), suffix),
            'created_at': '2026-11-%sZ' % (stamp[:2] + 'T' + stamp[3:]), 'age_seconds': age, 'roles': list(roles),
            'last_used': last_used, 'scope_mrn': scope}


OLD = token('01T10:00:00', age=40 * 86400)
CURRENT = token('20T10:00:00')


def holding(token_view, shape=None, **extra):
    return dict({'mrn': token_view['mrn'], 'name': token_view['name'], 'scope_mrn': token_view['scope_mrn'], 'file': shape or RAW},
                **extra)


def decide(listing, hosts, permissions=(), max_age='30d', force=False, shape=None, scope=SPACE, others=None):
    return rotation.decide('fleet', scope, list(permissions), max_age, force, shape or RAW, listing, hosts, others or {})


# -- names ----------------------------------------------------------------------------------------


@pytest.mark.parametrize('name, member', [
    ('fleet-20261120T100000Z', True),
    ('fleet-20261120T100000Z-0a1b2c', True),
    ('fleet-20261120T100000Z-0A1B2C', False),
    ('fleet-agent-20261120T100000Z', False),
    ('fleet-2026112T100000Z', False),
    ('fleet', False),
    ('xfleet-20261120T100000Z', False),
])
def test_the_family_is_the_name_and_a_utc_time(name, member):
    assert bool(rotation.family_pattern('fleet').match(name)) is member


def test_a_name_with_regex_characters_is_taken_literally():
    assert not rotation.family_pattern('a.b').match('axb-20261120T100000Z')


def test_new_token_names_carry_the_run_id():
    name = rotation.new_token_name('fleet', '20261130T065041Z', '0a1b2c')
    assert name == 'fleet-20261130T065041Z-0a1b2c'
    assert rotation.family_pattern('fleet').match(name)


# -- settings -------------------------------------------------------------------------------------

GOOD = dict(name='fleet', space='hungry-poet-123456', organization='', permissions=['agent'], dest='/etc/opt/mondoo/api_token',
            metadata_dest='/etc/opt/mondoo/api_token.meta.json', max_age='30d', keep=0, format='raw')


def test_good_settings_have_no_problem():
    assert rotation.settings_problems(GOOD) == []


def test_every_problem_is_named_at_once():
    problems = rotation.settings_problems(dict(GOOD, name='-bad', organization='relaxed-khayyam-961566', permissions=['superuser'],
                                               dest='relative', max_age='0s', keep=-1, format='xml'))
    assert problems == [
        'api_token_rotation_name must be 1 to 76 letters, digits, dots, dashes or underscores, starting with a letter or a '
        'digit, not "-bad"',
        'set exactly one of api_token_rotation_space and api_token_rotation_organization',
        "unknown role 'superuser'; use one of viewer, editor, owner, agent, integrations-manager, sla-manager, policy-manager, "
        'policy-editor, ticket-manager, ticket-creator, exceptions-requester, query-pack-manager, query-pack-editor, or a full '
        'role MRN (//iam.api.mondoo.app/roles/<name>)',
        'api_token_rotation_dest must be an absolute path, not "relative"',
        'api_token_rotation_max_age must be longer than 0s, not "0s"',
        'api_token_rotation_keep must be a whole number of at least 0, not -1',
        'api_token_rotation_format must be one of raw, env, json, not "xml"',
    ]


def test_custom_consumers_need_a_name_and_push_and_restore_task_files_on_the_controller():
    existing = {'/hooks/push.yml', '/hooks/restore.yml', '/hooks/read.yml'}
    good = {'name': 'k8s', 'push': '/hooks/push.yml', 'restore': '/hooks/restore.yml', 'read': '/hooks/read.yml',
            'namespace': 'mondoo'}
    assert rotation.custom_consumer_problems([good], existing.__contains__) == []
    assert rotation.custom_consumer_problems('', existing.__contains__) == []
    problems = rotation.custom_consumer_problems(
        [good, dict(good), {'name': 'ci', 'push': 'push.yml', 'restore': '/hooks/restore.yml', 'verify': '/hooks/gone.yml'},
         {'push': '/hooks/push.yml'}, 'k8s'], existing.__contains__)
    assert problems == [
        'api_token_rotation_custom_consumers item 2 repeats the name k8s',
        "custom consumer ci needs push: the absolute path of a task file on the controller, not 'push.yml'",
        'custom consumer ci: its verify task file /hooks/gone.yml does not exist on the controller',
        'api_token_rotation_custom_consumers item 4 needs a name of 1 to 76 letters, digits, dots, dashes or underscores, '
        'not None',
        "api_token_rotation_custom_consumers item 4 needs restore: the absolute path of a task file on the controller, not None",
        "api_token_rotation_custom_consumers item 5 must be a dictionary with name, push and restore, not 'k8s'",
    ]
    assert rotation.custom_consumer_problems({'name': 'k8s'}) == [
        "api_token_rotation_custom_consumers must be a list of consumers, not {'name': 'k8s'}"]


def test_a_bad_scope_is_named():
    assert rotation.settings_problems(dict(GOOD, space='Not A Space')) == [
        "'Not A Space' is not a space id or MRN; expected e.g. hungry-poet-123456 or "
        '//captain.api.mondoo.app/spaces/hungry-poet-123456']


@pytest.mark.parametrize('file_format, key, shape', [
    ('raw', '', {'format': 'raw', 'key': ''}),
    ('env', '', {'format': 'env', 'key': 'MONDOO_API_TOKEN'}),
    ('json', '', {'format': 'json', 'key': 'api_token'}),
    ('env', 'AGENT_TOKEN', {'format': 'env', 'key': 'AGENT_TOKEN'}),
])
def test_file_shape(file_format, key, shape):
    assert rotation.file_shape(file_format, key) == shape


# -- what a host holds ----------------------------------------------------------------------------


@pytest.mark.parametrize('metadata, held, in_file', [
    ({}, None, None),
    ({'mrn': 'a'}, 'a', 'a'),
    ({'mrn': 'a', 'pending': {'mrn': 'b'}}, None, 'b'),
    ({'pending': {'mrn': 'b'}}, None, 'b'),
])
def test_held_and_file_tokens(metadata, held, in_file):
    assert rotation.held_token(metadata) == held
    assert rotation.file_token(metadata) == in_file


# -- deciding -------------------------------------------------------------------------------------


def test_the_first_run_rotates():
    plan = decide([], {'h1': {}, 'h2': {}})
    assert plan['rotate'] is True
    assert plan['reasons'] == ['there is no token in the family yet']
    assert plan['current'] is None
    assert plan['permissions'] == [VIEWER]
    assert plan['lagging'] == [] and plan['source'] is None


def test_a_young_token_every_host_holds_means_no_rotation():
    plan = decide([OLD, CURRENT], {'h1': holding(CURRENT), 'h2': holding(CURRENT)})
    assert plan['rotate'] is False
    assert plan['current'] == CURRENT
    assert plan['family'] == [OLD, CURRENT]
    assert plan['holders'] == ['h1', 'h2'] and plan['lagging'] == [] and plan['source'] == 'h1'
    assert plan['permissions'] == [AGENT]


def test_tokens_outside_the_family_are_ignored():
    stranger = token('25T10:00:00', name='other')
    plan = decide([CURRENT, stranger, dict(stranger, name='fleet-manual')], {'h1': holding(CURRENT)})
    assert plan['current'] == CURRENT and plan['family'] == [CURRENT]


@pytest.mark.parametrize('kwargs, reason', [
    (dict(force=True), 'forced'),
    (dict(max_age='30m'), 'the newest token is older than 30m'),
    (dict(permissions=[VIEWER]), "the declared permissions differ from the current token's"),
])
def test_reasons_to_rotate(kwargs, reason):
    plan = decide([CURRENT], {'h1': holding(CURRENT)}, **kwargs)
    assert plan['rotate'] is True and plan['reasons'] == [reason]


def test_declared_short_names_compare_with_the_role_mrns_of_the_token():
    plan = decide([CURRENT], {'h1': holding(CURRENT)}, permissions=['agent'])
    assert plan['rotate'] is False and plan['permissions'] == [AGENT]


def test_declared_permissions_win_and_compare_as_a_set():
    token_view = dict(CURRENT, roles=[VIEWER, AGENT])
    plan = decide([token_view], {'h1': holding(token_view)}, permissions=[AGENT, VIEWER])
    assert plan['rotate'] is False and plan['permissions'] == [AGENT, VIEWER]


def test_no_holder_in_the_run_means_a_new_token():
    plan = decide([CURRENT], {'h1': holding(OLD), 'h2': {}})
    assert plan['reasons'] == ['no host of this run holds the current token, whose secret cannot be read back']
    assert plan['ask_others'] is True


def test_a_consumer_the_limit_left_out_can_give_the_current_token():
    plan = decide([OLD, CURRENT], {'h2': holding(OLD)}, others={'h1': holding(CURRENT), 'h3': {}})
    assert (plan['rotate'], plan['source'], plan['lagging'], plan['holders']) == (False, 'h1', ['h2'], [])


def test_consumers_left_out_are_asked_only_when_no_host_of_the_run_holds_the_token():
    assert decide([CURRENT], {'h1': holding(CURRENT)})['ask_others'] is False
    assert decide([], {'h1': {}})['ask_others'] is False
    asked = decide([CURRENT], {'h1': {}}, others={'h2': holding(OLD)})
    assert (asked['ask_others'], asked['rotate']) == (False, True)


def test_a_pending_token_is_not_held():
    plan = decide([CURRENT], {'h1': holding(OLD, pending={'mrn': CURRENT['mrn']})})
    assert plan['rotate'] is True


def test_a_change_to_a_scope_without_a_family_names_both_reasons():
    plan = decide([], {'h1': holding(token('10T10:00:00', scope=OTHER_SPACE))})
    assert plan['reasons'] == ['there is no token in the family yet',
                               'the hosts hold a token of %s, not of the declared scope' % OTHER_SPACE]


def test_a_change_of_scope_rotates_and_names_the_scope_before():
    plan = decide([CURRENT], {'h1': holding(token('10T10:00:00', scope=OTHER_SPACE))})
    assert plan['reasons'] == ['the hosts hold a token of %s, not of the declared scope' % OTHER_SPACE]
    assert plan['previous_scopes'] == [OTHER_SPACE]


def test_lagging_hosts_are_brought_up_to_the_current_token_from_a_holder():
    plan = decide([OLD, CURRENT], {'h1': holding(CURRENT), 'h2': holding(OLD), 'h3': {}, 'h4': holding(CURRENT)})
    assert plan['rotate'] is False
    assert plan['lagging'] == ['h2', 'h3'] and plan['source'] == 'h1'


def test_a_change_of_file_format_rewrites_every_file_with_the_same_token():
    plan = decide([CURRENT], {'h1': holding(CURRENT), 'h2': holding(CURRENT)}, shape={'format': 'env', 'key': 'MONDOO_API_TOKEN'})
    assert plan['rotate'] is False and plan['lagging'] == ['h1', 'h2'] and plan['source'] == 'h1'


def test_the_newest_token_is_current_even_when_created_in_the_same_second():
    first = token('20T10:00:00', suffix='-00000a')
    second = token('20T10:00:00', suffix='-00000b')
    assert decide([second, first], {})['current'] == second


def test_lagging_hosts_of_a_batch():
    hosts = {'h1': holding(CURRENT), 'h2': holding(OLD), 'h3': holding(CURRENT, shape={'format': 'json', 'key': 'api_token'})}
    assert rotation.lagging_hosts(CURRENT['mrn'], RAW, hosts) == ['h2', 'h3']


def test_holders_are_the_verified_hosts_and_those_that_held_the_target_already():
    steps = {'h1': 'verified', 'h2': '', 'h3': 'pushed', 'h4': '', 'h5': ''}
    metadata = {'h1': holding(OLD), 'h2': holding(CURRENT), 'h3': holding(OLD), 'h4': {},
                'h5': holding(CURRENT, pending={'mrn': 'x'}), 'h6': holding(CURRENT)}
    assert rotation.holders_of(CURRENT['mrn'], steps, metadata, [], {}) == ['h1', 'h2', 'h6']
    assert rotation.holders_of('', steps, metadata, [], {}) == []


def test_custom_consumers_hold_the_target_once_verified_or_when_their_read_hook_says_so():
    held = {'k8s': CURRENT['mrn'], 'ci': OLD['mrn'], 'vault': ''}
    assert rotation.holders_of(CURRENT['mrn'], {}, {}, ['vault'], held) == ['custom consumer k8s', 'custom consumer vault']
    assert rotation.holders_of(NEW['mrn'], {}, {}, [], held) == []


def test_custom_consumers_to_push_to():
    consumers = [{'name': 'k8s'}, {'name': 'ci'}, {'name': 'vault'}]
    held = {'k8s': CURRENT['mrn'], 'ci': OLD['mrn']}
    assert rotation.lagging_custom_consumers(False, CURRENT['mrn'], consumers, held) == ['ci', 'vault']
    assert rotation.lagging_custom_consumers(True, '', consumers, held) == ['k8s', 'ci', 'vault']
    assert rotation.lagging_custom_consumers(False, CURRENT['mrn'], [], held) == []


@pytest.mark.parametrize('declared, limited, consumers', [
    ('', False, ['a', 'b']),
    ('', True, None),
    ([], True, None),
    ('agents', True, ['a', 'b', 'c']),
    (['c', 'a'], True, ['a', 'c']),
])
def test_consumers(declared, limited, consumers):
    assert rotation.consumers_of(declared, {'agents': ['c', 'a', 'b']}, ['b', 'a'], limited, []) == consumers


def test_custom_consumers_are_consumers_of_every_run_that_knows_its_hosts():
    assert rotation.consumers_of('', {}, ['b', 'a'], False, ['k8s']) == ['a', 'b', 'custom consumer k8s']
    assert rotation.consumers_of(['c'], {}, ['b', 'a'], True, ['k8s']) == ['c', 'custom consumer k8s']
    assert rotation.consumers_of('', {}, ['b', 'a'], True, ['k8s']) is None


def test_consumers_of_a_group_the_inventory_lacks_are_an_error():
    with pytest.raises(ConfigurationError) as caught:
        rotation.consumers_of('nowhere', {'agents': []}, [], False, [])
    assert 'api_token_rotation_consumers names the group nowhere, which the inventory does not have' in str(caught.value)


# -- rolling back ---------------------------------------------------------------------------------


def test_rollback_restores_hosts_whose_earlier_token_still_exists_or_who_had_none():
    plan = rotation.rollback_plan({'h1': OLD['mrn'], 'h2': None, 'h3': 'gone-mrn'}, [OLD['mrn'], CURRENT['mrn']])
    assert plan == {'restore': ['h1', 'h2'], 'keep': ['h3']}


# -- retiring -------------------------------------------------------------------------------------

NEW = token('30T10:00:00', age=60, suffix='-0a1b2c')
SWITCH = '2026-11-30T10:05:00Z'


def retire(tokens, keep=0, force=False, switch_time=SWITCH, uncovered=(), known=None):
    consumers = None if uncovered is None else ['h1', 'h2'] + list(uncovered)
    known = [token['mrn'] for token in tokens] if known is None else known
    return rotation.retirement('fleet', NEW, tokens, keep, force, switch_time, consumers, ['h1', 'h2'], known)


def test_every_older_token_goes_once_every_consumer_holds_the_new_one():
    result = retire([OLD, CURRENT, NEW])
    assert result['delete'] == [CURRENT, OLD]
    assert result['waiting'] is None and result['kept_in_use'] == [] and result['kept_newest'] == []


def test_keep_spares_the_newest_older_tokens():
    result = retire([OLD, CURRENT, NEW], keep=1)
    assert result['kept_newest'] == [CURRENT] and result['delete'] == [OLD]


def test_a_token_used_after_the_last_host_switched_is_kept_unless_forced():
    used = dict(CURRENT, last_used='2026-11-30T10:06:00Z')
    before = dict(OLD, last_used='2026-11-30T10:04:59Z')
    assert retire([before, used, NEW])['kept_in_use'] == [used]
    assert retire([before, used, NEW])['delete'] == [before]
    assert retire([before, used, NEW], force=True)['delete'] == [used, before]


def test_use_before_the_switch_is_no_sign_of_another_consumer():
    # An agent used the old token until its host got the new one: that is before the switch.
    assert retire([dict(CURRENT, last_used='2026-11-30T10:04:00Z'), NEW])['delete'] == [dict(CURRENT, last_used='2026-11-30T10:04:00Z')]


def test_without_a_switch_time_nothing_counts_as_in_use():
    assert retire([dict(CURRENT, last_used='2026-11-30T11:00:00Z'), NEW], switch_time=None)['kept_in_use'] == []


def test_uncovered_consumers_stop_the_retirement():
    result = retire([OLD, NEW], uncovered=['h3'])
    assert result['delete'] == []
    assert result['waiting'] == ('h3 does not hold %s yet; the next run over every consumer brings it up to it and retires '
                                 'the old tokens' % NEW['name'])


def test_unknown_consumers_stop_the_retirement():
    result = retire([OLD, NEW], uncovered=None)
    assert result['delete'] == []
    assert 'this run was limited' in result['waiting']


def test_a_token_that_appeared_during_the_run_stops_the_retirement():
    foreign = token('30T10:00:30', suffix='-ffffff')
    result = retire([OLD, NEW, foreign], known=[OLD['mrn'], NEW['mrn']])
    assert result['delete'] == []
    assert result['waiting'] == ('%s appeared while this run went on: another rotation of this family is running or ran at '
                                 'the same time' % foreign['name'])


def test_a_known_token_is_retired_whatever_its_creation_time():
    # The API's clock may put the new token before an old one (the tests turn it back): age order does not matter.
    later = token('30T12:00:00')
    assert retire([OLD, NEW, later])['delete'] == [later, OLD]


def test_tokens_of_earlier_scopes_go_too():
    # Listed only now, in the scope the hosts used before: not another run's.
    elsewhere = token('15T10:00:00', scope=OTHER_SPACE)
    assert retire([elsewhere, NEW], known=[NEW['mrn']])['delete'] == [elsewhere]


def test_latest_time():
    assert rotation.latest_time([None, '2026-11-30T10:00:00Z', '2026-11-30T10:00:05.5Z', '2026-11-30T09:00:00Z']) == \
        '2026-11-30T10:00:05.5Z'
    assert rotation.latest_time([None]) is None


# -- saying what happened -------------------------------------------------------------------------


def test_summary_of_a_rotation():
    outcome = dict(rotated=True, created=True, target=NEW, pushed=['h1', 'h2'], failed={}, retired=[CURRENT, OLD], waiting=None)
    assert rotation.summary('fleet', outcome) == (
        'fleet: created %s; pushed to and verified on h1, h2; retired %s, %s.' % (NEW['name'], CURRENT['name'], OLD['name']))


def test_summary_of_a_quiet_run():
    outcome = dict(rotated=False, target=CURRENT, pushed=[], failed={}, retired=[], waiting=None)
    assert rotation.summary('fleet', outcome) == 'fleet: %s is current; every host held it already; retired nothing.' % CURRENT['name']


def test_summary_says_why_nothing_was_retired_and_what_was_kept():
    waiting = dict(rotated=True, target=NEW, pushed=['h1'], failed={}, retired=[], waiting='h3 does not hold it yet')
    assert rotation.summary('fleet', waiting).endswith('not retiring yet: h3 does not hold it yet.')
    kept = dict(rotated=False, target=NEW, pushed=[], failed={}, retired=[OLD], kept_in_use=[CURRENT], waiting=None)
    assert rotation.summary('fleet', kept).endswith('retired %s; kept %s, used after the last host switched.' % (OLD['name'], CURRENT['name']))


def test_summary_of_a_rollback_is_true_about_every_host_and_the_new_token():
    outcome = dict(rotated=True, created=True, target=NEW, pushed=['h1', 'h2', 'h3'], failed={'h2': 'Verify: refused', 'h3': 'unreachable'},
                   restored=['h1', 'h2'], left_on_new=['h3'], new_token_deleted=False, remaining=['h4'])
    assert rotation.summary('fleet', outcome) == (
        'The rotation of fleet was rolled back; h1, h2 have what they had again; h3 still holds %s (its earlier token is '
        'gone, or it could not be restored); the new token %s was kept, as a host still holds it; no old token was touched; '
        'the rollout stopped before h4; fix the failure and run the role again: it brings every host to %s and then retires '
        'the old tokens. Failed: h2: Verify: refused; h3: unreachable' % (NEW['name'], NEW['name'], NEW['name']))


def test_summary_of_a_stopped_rollout_tells_earlier_batches_from_stranded_hosts():
    outcome = dict(rotated=True, created=True, target=NEW, pushed=['h1', 'h2', 'h3'], failed={'h3': 'Verify: refused'},
                   restored=['h3'], left_on_new=['h1', 'h2'], verified_earlier=['h1', 'h2'], new_token_deleted=False,
                   remaining=['h4'])
    summary = rotation.summary('fleet', outcome)
    assert 'h1, h2, verified in an earlier batch, keep %s;' % NEW['name'] in summary
    assert 'could not be restored' not in summary
    assert 'the rollout stopped before h4' in summary


def test_summary_of_a_rotation_that_failed_before_creating_anything():
    outcome = dict(rotated=True, created=False, target={}, pushed=[], failed={},
                   run_failure='creating the new token failed: permission denied')
    assert rotation.summary('fleet', outcome) == (
        'The rotation of fleet stopped before any host was touched: creating the new token failed: permission denied. '
        'No token was created or deleted, and no host was changed.')


def test_summary_names_the_tokens_it_could_not_retire():
    outcome = dict(rotated=True, created=True, target=NEW, pushed=['h1'], failed={}, retired=[OLD],
                   retire_failures=['%s (permission denied)' % CURRENT['name']], waiting=None)
    assert rotation.summary('fleet', outcome).endswith(
        'retired %s; could not retire %s (permission denied): delete it, or run again.' % (OLD['name'], CURRENT['name']))


def test_summary_of_a_rollback_whose_delete_of_the_new_token_failed():
    outcome = dict(rotated=True, created=True, target=NEW, pushed=['h1'], failed={'h1': 'Verify: refused'}, restored=['h1'],
                   new_token_deleted=False, new_token_delete_failure='the API is down')
    assert 'the new token %s was not deleted, as deleting it failed (the API is down): delete it' % NEW['name'] in \
        rotation.summary('fleet', outcome)


def test_summary_of_a_check_mode_rotation_says_what_a_real_run_would_do():
    outcome = dict(check_mode=True, rotated=True, reasons=['forced'], would_create='fleet-20261130T080000Z-abc123', target={},
                   would_push=['h1', 'h2'], custom_would_push=['k8s'], pushed=[], failed={})
    assert rotation.summary('fleet', outcome) == (
        'Check mode, nothing was changed: a real run would rotate fleet (forced): create fleet-20261130T080000Z-abc123, '
        'push it to and verify it on h1, h2, custom consumer k8s. Old tokens are retired only by a real run, once every '
        'consumer holds the current token.')


def test_summary_of_a_check_mode_catch_up_and_of_a_quiet_one():
    lagging = dict(check_mode=True, rotated=False, target=CURRENT, would_push=['h2'], pushed=[], failed={})
    assert rotation.summary('fleet', lagging).startswith(
        'Check mode, nothing was changed: %s is current; a real run would push it to and verify it on h2. ' % CURRENT['name'])
    quiet = dict(check_mode=True, rotated=False, target=CURRENT, would_push=[], pushed=[], failed={})
    assert rotation.summary('fleet', quiet).startswith(
        'Check mode, nothing was changed: %s is current and every consumer of this run holds it. ' % CURRENT['name'])


def test_a_check_mode_run_stopped_by_a_refusal_says_so():
    outcome = dict(check_mode=True, rotated=True, target={}, pushed=[], failed={},
                   run_failure='permission denied: this credential cannot manage API tokens in space s')
    assert rotation.summary('fleet', outcome).startswith('The rotation of fleet stopped before any host was touched: permission')


# -- the figures handed to set_stats --------------------------------------------------------------


def test_stats_of_a_rotation_name_the_new_token_the_hosts_and_what_was_retired():
    outcome = dict(rotated=True, created=True, target=NEW, pushed=['h1', 'h2'], failed={}, retired=[CURRENT, OLD], waiting=None)
    stats = rotation.account('fleet', outcome)['stats']
    assert stats == {
        'name': 'fleet', 'result': 'rotated', 'token': {'mrn': NEW['mrn'], 'name': NEW['name']}, 'created': True,
        'new_token_deleted': False, 'pushed': ['h1', 'h2'], 'verified': ['h1', 'h2'], 'failed': {}, 'restored': [],
        'retired': [{'mrn': CURRENT['mrn'], 'name': CURRENT['name']}, {'mrn': OLD['mrn'], 'name': OLD['name']}],
        'retire_failures': [], 'waiting': None}


def test_stats_of_a_rollback_tell_verified_from_failed_hosts_and_retire_nothing():
    outcome = dict(rotated=True, created=True, target=NEW, pushed=['h1', 'h2', 'h3'], failed={'h2': 'Verify: refused'},
                   restored=['h1', 'h2'], left_on_new=[], new_token_deleted=True, retired=[OLD])
    stats = rotation.run_stats('fleet', outcome)
    assert (stats['result'], stats['verified'], stats['failed'], stats['restored'], stats['retired'], stats['new_token_deleted']) == \
        ('rolled_back', ['h1', 'h3'], {'h2': 'Verify: refused'}, ['h1', 'h2'], [], True)


def test_stats_of_quiet_stopped_and_check_mode_runs():
    quiet = rotation.run_stats('fleet', dict(rotated=False, target=CURRENT, pushed=[], failed={}, retired=[], waiting=None))
    assert (quiet['result'], quiet['token']['name'], quiet['created']) == ('current', CURRENT['name'], False)
    stopped = rotation.run_stats('fleet', dict(rotated=True, created=False, target={}, pushed=[], failed={}, run_failure='denied'))
    assert (stopped['result'], stopped['token']) == ('stopped', None)
    checked = rotation.run_stats('fleet', dict(check_mode=True, rotated=True, created=False, target={}, would_push=['h1']))
    assert (checked['result'], checked['created'], checked['pushed']) == ('check_mode', False, [])


def test_stats_hold_no_secret_even_when_the_target_carries_one():
    target = dict(NEW, secret='mondoo_tk_never_in_stats')
    stats = rotation.run_stats('fleet', dict(rotated=True, created=True, target=target, pushed=['h1'], failed={}, retired=[], waiting=None))
    assert 'mondoo_tk_' not in repr(stats)
