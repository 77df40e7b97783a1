# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection; no compatibility promise.

"""The decisions of the role api_token_rotation, as plain functions of what the role gathered.

The role's tasks gather facts (the family's tokens, each host's metadata file, what each host did), ask these
functions through the action plugin api_token_rotation_plan, and act on the answers. Nothing here talks to the API
or to a host, and nothing here ever sees a secret.

Words used throughout:
- the *family*: the tokens named ``<name>-<UTC time>`` (older runs) or ``<name>-<UTC time>-<run id>``;
- a *consumer*: a host that uses the family's token; a *run* reaches some or all of them;
- a host *holds* a token when its metadata names it as verified with nothing pending: its file was written with
  that token and the API accepted the token there. A *pending* token was pushed but not verified.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re

from ansible_collections.mondoo.platform.plugins.module_utils._errors import ConfigurationError
from ansible_collections.mondoo.platform.plugins.module_utils._parsing import (
    parse_duration,
    parse_timestamp,
    role_mrns,
    scope_mrn,
)

NAME_PATTERN = re.compile(r'^[A-Za-z0-9][A-Za-z0-9._-]{0,75}$')
FILE_FORMATS = ('raw', 'env', 'json')
DEFAULT_KEYS = {'raw': '', 'env': 'MONDOO_API_TOKEN', 'json': 'api_token'}
DEFAULT_PERMISSIONS = ['//iam.api.mondoo.app/roles/viewer']
CUSTOM_CONSUMER_HOOKS = ('push', 'restore', 'verify', 'read')


def family_pattern(name):
    """The names of the family's tokens: ``<name>-<YYYYMMDDTHHMMSSZ>``, optionally followed by ``-<run id>``."""
    return re.compile('^' + re.escape(name) + r'-[0-9]{8}T[0-9]{6}Z(?:-[0-9a-f]{6})?$')


def new_token_name(name, utc_time, run_id):
    """``<name>-<YYYYMMDDTHHMMSSZ>-<run id>``: two runs in the same second name their tokens apart."""
    return '%s-%s-%s' % (name, utc_time, run_id)


def file_shape(file_format, key):
    """How a token file is written, as the metadata records it: {'format', 'key'}."""
    return {'format': file_format, 'key': key or DEFAULT_KEYS.get(file_format, '')}


# ---------------------------------------------------------------------------------------------
# The role's variables


def settings_problems(variables):
    """Every problem with the role's variables (named without their prefix), as sentences; [] when there is none."""
    problems = []
    name = variables.get('name')
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        problems.append('api_token_rotation_name must be 1 to 76 letters, digits, dots, dashes or underscores, '
                        'starting with a letter or a digit, not "%s"' % (name,))
    space, organization = variables.get('space') or None, variables.get('organization') or None
    if bool(space) == bool(organization):
        problems.append('set exactly one of api_token_rotation_space and api_token_rotation_organization')
    else:
        problems.extend(_problems_of(scope_mrn, space, organization))
    for permission in variables.get('permissions') or ():
        problems.extend(_problems_of(role_mrns, [permission]))
    for option in ('dest', 'metadata_dest'):
        path = variables.get(option)
        if not isinstance(path, str) or not path.startswith('/'):
            problems.append('api_token_rotation_%s must be an absolute path, not "%s"' % (option, path))
    problems.extend(_problems_of(max_age_seconds, variables.get('max_age')))
    keep = variables.get('keep')
    if not isinstance(keep, int) or isinstance(keep, bool) or keep < 0:
        problems.append('api_token_rotation_keep must be a whole number of at least 0, not %r' % (keep,))
    if variables.get('format') not in FILE_FORMATS:
        problems.append('api_token_rotation_format must be one of %s, not "%s"'
                        % (', '.join(FILE_FORMATS), variables.get('format')))
    problems.extend(custom_consumer_problems(variables.get('custom_consumers')))
    return problems


def custom_consumer_problems(consumers, is_file=os.path.isfile):
    """The problems with api_token_rotation_custom_consumers: a list of {name, push, restore[, verify][, read]} whose
    task files are absolute paths of files on the controller; any other key is the user's, for the hooks."""
    if consumers in (None, ''):
        return []
    if not isinstance(consumers, list):
        return ['api_token_rotation_custom_consumers must be a list of consumers, not %r' % (consumers,)]
    problems, names = [], []
    for position, consumer in enumerate(consumers, 1):
        where = 'api_token_rotation_custom_consumers item %d' % position
        if not isinstance(consumer, dict):
            problems.append('%s must be a dictionary with name, push and restore, not %r' % (where, consumer))
            continue
        name = consumer.get('name')
        if not isinstance(name, str) or not NAME_PATTERN.match(name):
            problems.append('%s needs a name of 1 to 76 letters, digits, dots, dashes or underscores, not %r' % (where, name))
        elif name in names:
            problems.append('%s repeats the name %s' % (where, name))
        else:
            names.append(name)
            where = 'custom consumer %s' % name
        for hook in CUSTOM_CONSUMER_HOOKS:
            path = consumer.get(hook)
            if path is None and hook in ('verify', 'read'):
                continue
            if not isinstance(path, str) or not path.startswith('/'):
                problems.append('%s needs %s: the absolute path of a task file on the controller, not %r' % (where, hook, path))
            elif not is_file(path):
                problems.append('%s: its %s task file %s does not exist on the controller' % (where, hook, path))
    return problems


def _problems_of(check, *arguments):
    try:
        check(*arguments)
    except ConfigurationError as exc:
        return [exc.message]
    return []


def max_age_seconds(value):
    seconds = int(parse_duration(value).total_seconds())
    if seconds <= 0:
        raise ConfigurationError('api_token_rotation_max_age must be longer than 0s, not "%s"' % value)
    return seconds


# ---------------------------------------------------------------------------------------------
# What a host holds


def held_token(metadata):
    """The MRN of the token a host holds (verified, nothing pending), or None."""
    if not metadata or metadata.get('pending') or not metadata.get('mrn'):
        return None
    return metadata['mrn']


def file_token(metadata):
    """The MRN of the token a host's file holds now, verified or pending, or None."""
    if not metadata:
        return None
    return (metadata.get('pending') or {}).get('mrn') or metadata.get('mrn')


# ---------------------------------------------------------------------------------------------
# Deciding


def family_of(name, tokens):
    """The family's tokens among ``tokens`` (the info module's view of tokens), oldest first."""
    pattern = family_pattern(name)
    return sorted((token for token in tokens if pattern.match(token.get('name') or '')), key=_age_order)


def _age_order(token):
    return parse_timestamp(token['created_at']), token['name']


def decide(name, scope, permissions, max_age, force, shape, listing, hosts, others):
    """Whether to rotate (and why), and which hosts of the run lag behind the current token.

    ``scope``: the declared scope's MRN; ``permissions``: the declared permissions (short names or role MRNs), [] to
    keep the current token's;
    ``max_age``: a duration such as '30d'; ``shape``: file_shape() of the declared file; ``listing``: the declared
    scope's tokens whose names start with the family's; ``hosts``: {host: its metadata, {} when it has none} for the
    hosts of this run that could be read; ``others``: the same for consumers a limited run left out, read only when
    ``ask_others`` said so (a host of them that holds the current token can give its secret to the run's hosts).
    """
    permissions = role_mrns(permissions)
    family = family_of(name, listing)
    current = family[-1] if family else None
    holders = sorted(host for host, metadata in hosts.items() if current and held_token(metadata) == current['mrn'])
    other_holders = sorted(host for host, metadata in others.items() if current and held_token(metadata) == current['mrn'])
    other_scopes = sorted(set(metadata['scope_mrn'] for metadata in hosts.values()
                              if metadata.get('scope_mrn') and metadata['scope_mrn'] != scope))
    reasons = _rotation_reasons(current, holders + other_holders, other_scopes, permissions, max_age, force)
    up_to_date = [host for host in holders if hosts[host].get('file') == shape]
    return {
        'family': family,
        'current': current,
        'rotate': bool(reasons),
        'reasons': reasons,
        'ask_others': bool(current) and not holders and not others,
        'permissions': sorted(permissions or (current or {}).get('roles') or DEFAULT_PERMISSIONS),
        'holders': holders,
        'lagging': [] if reasons else sorted(host for host in hosts if host not in up_to_date),
        'source': None if reasons else (holders + other_holders)[0],
        'previous_scopes': other_scopes,
    }


def _rotation_reasons(current, holders, other_scopes, permissions, max_age, force):
    scope_change = ['the hosts hold a token of %s, not of the declared scope' % ', '.join(other_scopes)] if other_scopes else []
    if current is None:
        return ['there is no token in the family yet'] + scope_change
    reasons = []
    if force:
        reasons.append('forced')
    if current.get('age_seconds', 0) > max_age_seconds(max_age):
        reasons.append('the newest token is older than %s' % max_age)
    if permissions and sorted(permissions) != sorted(current.get('roles') or []):
        reasons.append("the declared permissions differ from the current token's")
    if not holders and scope_change:
        reasons.extend(scope_change)
    elif not holders:
        reasons.append('no host of this run holds the current token, whose secret cannot be read back')
    return reasons


def custom_label(name):
    """How a custom consumer is named next to the hosts."""
    return 'custom consumer ' + name


def holders_of(target_mrn, steps, metadata, custom_verified, custom_held):
    """The consumers that hold ``target_mrn``: verified by this run, or held verified already.

    ``steps``: {host: what this run did there, 'verified' once verified}; ``metadata``: {host: what it held before};
    ``custom_verified``: the custom consumers this run verified; ``custom_held``: {custom consumer: MRN its read hook
    reported}.
    """
    if not target_mrn:
        return []
    hosts = [host for host in set(steps) | set(metadata)
             if steps.get(host) == 'verified' or held_token(metadata.get(host)) == target_mrn]
    custom = [custom_label(name) for name in set(custom_verified) | set(custom_held)
              if name in custom_verified or custom_held.get(name) == target_mrn]
    return sorted(hosts + custom)


def consumers_of(declared, groups, play_hosts, limited, custom_names):
    """Every consumer of the family: the declared group or hosts, else the play's hosts when the run is not limited;
    and the custom consumers, which every run reaches.

    Returns None when the consumers cannot be known (a limited run without declared consumers).
    """
    custom = [custom_label(name) for name in custom_names]
    if declared:
        if isinstance(declared, str):
            if declared not in groups:
                raise ConfigurationError('api_token_rotation_consumers names the group %s, which the inventory does not have'
                                         % declared)
            return sorted(groups[declared]) + custom
        return sorted(declared) + custom
    return None if limited else sorted(play_hosts) + custom


def lagging_custom_consumers(rotate, target_mrn, consumers, held):
    """The names of the custom consumers to push to: all of them on a rotation, else those whose read hook did not say
    they hold ``target_mrn`` (``held``: {name: MRN}; a consumer without a read hook is always pushed to)."""
    return [consumer['name'] for consumer in consumers or [] if rotate or not target_mrn or held.get(consumer['name']) != target_mrn]


def lagging_hosts(target_mrn, shape, hosts):
    """The hosts (of a batch) whose file does not hold ``target_mrn`` verified in the declared shape."""
    return sorted(host for host, metadata in hosts.items()
                  if held_token(metadata) != target_mrn or metadata.get('file') != shape)


# ---------------------------------------------------------------------------------------------
# Rolling back


def rollback_plan(pushed, existing_mrns):
    """Which hosts to put back on what they had, after a failed rotation or catch-up.

    ``pushed``: {host: the MRN of the token its file held before this run's push, or None when it had no file} for
    every host this run pushed to; ``existing_mrns``: the MRNs of the tokens that still exist. A host whose earlier
    token is gone stays where it is: restoring it would cut it off.
    """
    restore = sorted(host for host, previous in pushed.items() if previous is None or previous in existing_mrns)
    return {'restore': restore, 'keep': sorted(host for host in pushed if host not in restore)}


# ---------------------------------------------------------------------------------------------
# Retiring


def retirement(name, target, tokens, keep, force, switch_time, consumers, holders, known_mrns):
    """Which of the family's other tokens to delete now, and which to keep and why.

    ``target``: the token every consumer should hold now; ``tokens``: the family as listed now (every scope the
    hosts used); ``switch_time``: when the last consumer switched to ``target``, on the API's clock (RFC 3339), or
    None when unknown; ``consumers``: every consumer (consumers_of), None when they are not all known;
    ``holders``: the hosts that hold ``target`` (holders_of); ``known_mrns``: the tokens this run listed at its start
    or created. A token of the family in the target's scope that this run does not know appeared while it ran:
    another run made it.
    """
    uncovered = None if consumers is None else sorted(set(consumers) - set(holders))
    others = [token for token in family_of(name, tokens) if token['mrn'] != target['mrn']]
    foreign = [token for token in others if token['mrn'] not in known_mrns and token.get('scope_mrn') == target.get('scope_mrn')]
    result = {'delete': [], 'kept_newest': [], 'kept_in_use': [], 'waiting': None}
    if foreign:
        result['waiting'] = ('%s appeared while this run went on: another rotation of this family is running or ran at '
                             'the same time' % ', '.join(token['name'] for token in foreign))
    elif uncovered is None:
        result['waiting'] = ('this run was limited and api_token_rotation_consumers is not set, so consumers outside '
                             'the limit may still hold an old token; run the role over every consumer to retire them')
    elif uncovered:
        result['waiting'] = ('%s %s not hold %s yet; the next run over every consumer brings %s up to it and retires '
                             'the old tokens' % (', '.join(uncovered), 'does' if len(uncovered) == 1 else 'do',
                                                 target['name'], 'it' if len(uncovered) == 1 else 'them'))
    if result['waiting']:
        return result
    newest_first = list(reversed(others))
    result['kept_newest'] = newest_first[:keep]
    switch = parse_timestamp(switch_time) if switch_time else None
    for token in newest_first[keep:]:
        in_use = switch is not None and token.get('last_used') and parse_timestamp(token['last_used']) > switch
        result['kept_in_use' if in_use and not force else 'delete'].append(token)
    return result


def latest_time(times):
    """The latest of some RFC 3339 times (None ones left out), as given, or None."""
    known = [time for time in times if time]
    return max(known, key=parse_timestamp) if known else None


# ---------------------------------------------------------------------------------------------
# Saying what happened


def summary(name, outcome):
    """The run's one-line account, from ``outcome``: what the role recorded as it went.

    ``outcome`` keys: ``rotated`` (bool), ``run_failure`` (why the run stopped before touching a host, or ''),
    ``check_mode`` (bool; then see check_mode_summary),
    ``target`` (token view), ``pushed`` / ``failed`` (host: reason) /
    ``restored`` / ``left_on_new`` / ``verified_earlier`` (hosts; the last: verified in an earlier batch),
    ``new_token_deleted`` (bool), ``new_token_delete_failure`` (why it was not),
    ``retired`` / ``kept_in_use`` (token views), ``retire_failures`` ('<name> (<why>)'), ``waiting`` (a reason or
    None), ``remaining`` (hosts of later batches not run, when the rollout stopped).
    """
    target = outcome['target']
    if outcome.get('run_failure'):
        return ('The %s of %s stopped before any host was touched: %s. No token was created or deleted, and no host was '
                'changed.' % ('rotation' if outcome.get('rotated') else 'catch-up', name, outcome['run_failure']))
    if outcome.get('check_mode'):
        return check_mode_summary(name, outcome)
    if not outcome.get('failed'):
        parts = ['created ' + target['name'] if outcome.get('rotated') else target['name'] + ' is current',
                 'pushed to and verified on ' + ', '.join(outcome['pushed']) if outcome.get('pushed')
                 else 'every host held it already']
        if outcome.get('waiting'):
            parts.append('not retiring yet: ' + outcome['waiting'])
        else:
            parts.append('retired ' + ', '.join(token['name'] for token in outcome['retired'])
                         if outcome.get('retired') else 'retired nothing')
            if outcome.get('kept_in_use'):
                parts.append('kept ' + ', '.join(token['name'] for token in outcome['kept_in_use'])
                             + ', used after the last host switched')
            if outcome.get('retire_failures'):
                parts.append('could not retire %s: delete %s, or run again'
                             % ('; '.join(outcome['retire_failures']), 'it' if len(outcome['retire_failures']) == 1 else 'them'))
        return '%s: %s.' % (name, '; '.join(parts))
    return _failure_summary(name, outcome)


def account(name, outcome):
    """The run's one-line account (``msg``) and its figures for ``set_stats`` (``stats``)."""
    return {'msg': summary(name, outcome), 'stats': run_stats(name, outcome)}


def run_stats(name, outcome):
    """What a run did, in figures a workflow or a notification can use, from the same ``outcome`` as summary().

    Names and MRNs only: a token's secret is never part of ``outcome``.
    """
    target = outcome.get('target') or {}
    failed = outcome.get('failed') or {}
    pushed = list(outcome.get('pushed') or [])
    if outcome.get('run_failure'):
        result = 'stopped'
    elif outcome.get('check_mode'):
        result = 'check_mode'
    elif failed:
        result = 'rolled_back'
    else:
        result = 'rotated' if outcome.get('rotated') else 'current'
    rolled_back = result in ('stopped', 'rolled_back')
    return {
        'name': name,
        'result': result,
        'token': {'mrn': target.get('mrn'), 'name': target.get('name')} if target else None,
        'created': bool(outcome.get('created')) and not outcome.get('check_mode'),
        'new_token_deleted': bool(outcome.get('new_token_deleted')),
        'pushed': pushed,
        'verified': [host for host in pushed if host not in failed],
        'failed': dict(failed),
        'restored': list(outcome.get('restored') or []),
        'retired': [] if rolled_back else [{'mrn': token['mrn'], 'name': token['name']} for token in outcome.get('retired') or []],
        'retire_failures': list(outcome.get('retire_failures') or []),
        'waiting': outcome.get('waiting') or None,
    }


def check_mode_summary(name, outcome):
    """What a real run would do, from a --check run's ``outcome``: ``rotated`` and ``reasons`` (the decision),
    ``would_create`` (the new token's name), ``target`` (the current token, when not rotating), ``would_push`` (hosts) and
    ``custom_would_push`` (custom consumers' names)."""
    receivers = list(outcome.get('would_push') or []) + [custom_label(consumer)
                                                         for consumer in outcome.get('custom_would_push') or []]
    if outcome.get('rotated'):
        reasons = ', '.join(outcome.get('reasons') or [])
        plan = 'would rotate %s%s: create %s, push it to and verify it on %s' % (
            name, ' (%s)' % reasons if reasons else '', outcome.get('would_create') or 'a new token',
            ', '.join(receivers) or 'no host')
    elif receivers:
        plan = '%s is current; a real run would push it to and verify it on %s' % (target_name(outcome), ', '.join(receivers))
    else:
        plan = '%s is current and every consumer of this run holds it' % target_name(outcome)
    return ('Check mode, nothing was changed: %s%s. Old tokens are retired only by a real run, once every consumer '
            'holds the current token.' % ('a real run ' if outcome.get('rotated') else '', plan))


def _failure_summary(name, outcome):
    what = 'rotation' if outcome.get('rotated') else 'catch-up'
    failed = '; '.join('%s: %s' % (host, reason) for host, reason in sorted(outcome['failed'].items()))
    parts = ['The %s of %s was rolled back' % (what, name)]
    restored, left = outcome.get('restored') or [], outcome.get('left_on_new') or []
    if restored:
        parts.append('%s %s again' % (', '.join(restored), _verb(restored, 'has what it had', 'have what they had')))
    verified_earlier = [host for host in left if host in (outcome.get('verified_earlier') or [])]
    stranded = [host for host in left if host not in verified_earlier]
    if verified_earlier:
        parts.append('%s, verified in an earlier batch, %s %s'
                     % (', '.join(verified_earlier), _verb(verified_earlier, 'keeps', 'keep'), target_name(outcome)))
    if stranded:
        parts.append('%s still %s %s (its earlier token is gone, or it could not be restored)'
                     % (', '.join(stranded), _verb(stranded, 'holds', 'hold'), target_name(outcome)))
    if outcome.get('rotated') and outcome.get('created'):
        if outcome.get('new_token_delete_failure'):
            fate = 'not deleted, as deleting it failed (%s): delete it' % outcome['new_token_delete_failure']
        elif outcome.get('new_token_deleted'):
            fate = 'deleted'
        else:
            fate = 'kept, as a host still holds it'
        parts.append('the new token %s was %s' % (target_name(outcome), fate))
    parts.append('no old token was touched')
    if outcome.get('remaining'):
        parts.append('the rollout stopped before %s' % ', '.join(outcome['remaining']))
    if left:
        parts.append('fix the failure and run the role again: it brings every host to %s and then retires the old tokens'
                     % target_name(outcome))
    return '%s. Failed: %s' % ('; '.join(parts), failed)


def _verb(hosts, one, several):
    return one if len(hosts) == 1 else several


def target_name(outcome):
    return (outcome.get('target') or {}).get('name') or 'the new token'
