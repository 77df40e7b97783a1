#!/usr/bin/python
# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: mondoo_api_token_file
short_description: Push, commit or roll back the Mondoo API token file of a managed host
version_added: 1.0.0
description:
  - Manages, on the host the task runs on, the file a consumer reads its Mondoo API token from, and beside it a metadata
    file that says which token the file holds (its MRN, name, creation time, scope and the file's format; never the
    secret). One task per phase of a rotation, each a single round trip to the host.
  - O(state=pushed) writes the token file and records the token as I(pending) in the metadata. Unless an earlier push
    is still pending, it first keeps what the host had (the token file and the metadata) as C(<path>.previous) and
    C(<metadata_path>.previous), for a rollback.
  - O(state=committed) promotes the pending token to the verified token of the host, after checking from the host that
    the API accepts the token in the file (as M(mondoo.platform.mondoo_api_token_file_info) does).
  - O(state=restored) puts back what the host had before the push, or removes the files where the host had none; only
    while the file holds the token of the run that asks, so that a run never undoes another run's push.
  - Every write is atomic (a temporary file in the same directory, given its mode and owner, synced, then renamed over
    the file); when a write fails, what was already changed is put back, and the files stay as they were.
  - Not a member of the C(mondoo.platform.mondoo) action group, whose credential options it does not take.
author:
  - Mondoo Platform collection maintainers (@mondoo-platform-collection)
extends_documentation_fragment:
  - mondoo.platform.mondoo.host_api
attributes:
  check_mode:
    support: full
    description: Says what would change, and checks the token against the API for O(state=committed); writes nothing.
  diff_mode:
    support: full
    description: Shows the metadata file before and after; never the token file.
options:
  path:
    description:
      - The token file, on the host the task runs on. Its directory must exist.
    type: path
    required: true
  metadata_path:
    description:
      - The metadata file that says which token O(path) holds (JSON, never the secret).
      - Defaults to O(path) followed by C(.meta.json).
    type: path
  state:
    description:
      - V(pushed), write O(secret) to the file and record the token O(token) as pending.
      - V(committed), record the pending token O(mrn) as the one the host holds, after checking it with the API when
        O(verify) is set.
      - V(restored), put back what the host had before the token O(mrn) was pushed.
    type: str
    required: true
    choices: [pushed, committed, restored]
  secret:
    description:
      - The token itself, as the API returned it when the token was created. Required for O(state=pushed).
      - Never returned and never part of a message.
    type: str
  token:
    description:
      - The facts about the token in O(secret) that the metadata records, for O(state=pushed), as strings under the keys
        C(mrn), C(name), C(created_at) (RFC 3339) and C(scope_mrn). All four are required.
      - Other keys are ignored, so the RV(mondoo.platform.mondoo_api_token#module:token) return value of
        M(mondoo.platform.mondoo_api_token) or an element of the RV(mondoo.platform.mondoo_api_token_info#module:api_tokens)
        of M(mondoo.platform.mondoo_api_token_info) can be passed as it is.
    type: dict
  mrn:
    description:
      - The MRN of the token that O(state=committed) and O(state=restored) are about (the token this run pushed).
        Required for them.
    type: str
  run_id:
    description:
      - Who pushes, recorded with a push (for example the play's run identifier).
      - With O(state=restored), when set, the file is only put back when the push of O(mrn) was recorded with this
        O(run_id), so that a run that pushed the same token as an earlier run does not undo that earlier run.
    type: str
  format:
    description:
      - V(raw), the token alone; V(env), a line C(KEY=token); V(json), an object with the token under O(key).
      - With O(state=committed), the token is read back in the format the metadata records for it; this option is
        used only when the metadata records none.
    type: str
    choices: [raw, env, json]
    default: raw
  key:
    description:
      - The variable name (O(format=env)) or JSON member (O(format=json)) that holds the token.
      - Defaults to V(MONDOO_API_TOKEN) for V(env) and V(api_token) for V(json).
    type: str
  owner:
    description:
      - The user (name or number) that owns the token file and the metadata file.
      - If not set, a file that exists keeps its owner, and a new file belongs to the user the task runs as.
    type: str
  group:
    description:
      - The group (name or number) of the token file and the metadata file.
      - If not set, a file that exists keeps its group, and a new file gets the group the task runs as.
    type: str
  mode:
    description:
      - The permissions of the token file and the metadata file, as an octal number in a string such as V('0600')
        (quote it, or YAML reads a number). Symbolic modes are not accepted.
    type: raw
    default: '0600'
  verify:
    description:
      - With O(state=committed), read the token from the file and ask the Mondoo API who it authenticates as (the API's
        C(viewer)) before committing; a failing check fails the task and writes nothing.
      - The check also runs when the token is committed already.
    type: bool
    default: true
notes:
  - Needs nothing beyond Python on the host (no C(requests), no C(cryptography)).
  - >-
    The metadata file holds C(mrn), C(name), C(created_at), C(scope_mrn) and C(file) (C(format), C(key)) of the token
    the host holds and that was verified, with C(verified_at) and C(api_verified_at); between a push and its commit
    C(pending), the same facts of the pushed token with C(run_id) and C(pushed_at); and from a push on C(rollback),
    what a restore puts back (C(run_id), the C(mrn) the file held before, and whether a token file C(existed)). A
    metadata file without C(pending), C(rollback) and C(verified_at), as the role
    P(mondoo.platform.api_token_rotation#role) wrote it before, is read as a verified holder of its C(mrn).
  - When a push finds an earlier push still pending (a run stopped between push and commit), it keeps the C(.previous)
    copies, which are of the last verified state, and a restore puts that state back.
  - A restore keeps the C(.previous) copies; the next push replaces them.
  - The task does not retry the API check; use C(retries) and C(until) to ride out a token that is not usable
    everywhere yet.
seealso:
  - module: mondoo.platform.mondoo_api_token_file_info
  - module: mondoo.platform.mondoo_api_token
'''

EXAMPLES = r'''
- name: Create a token for the agents
  mondoo.platform.mondoo_api_token:
    space: hungry-poet-123456
    name: fleet-agent-20261130T065000Z
    permissions: [agent]
  register: new_token
  no_log: true
  delegate_to: localhost
  run_once: true

- name: Push it to each agent host (what the host had is kept for a rollback)
  mondoo.platform.mondoo_api_token_file:
    path: /etc/opt/mondoo/api_token
    state: pushed
    secret: "{{ new_token.secret }}"
    token: "{{ new_token.token }}"
    run_id: "{{ ansible_date_time.iso8601_basic }}"
    owner: root
    group: root
    mode: '0600'

- name: Commit it once the API accepts it from the host
  mondoo.platform.mondoo_api_token_file:
    path: /etc/opt/mondoo/api_token
    state: committed
    mrn: "{{ new_token.token.mrn }}"
  register: committed
  retries: 5
  delay: 3
  until: committed is succeeded

- name: Or roll back (only where the file still holds this run's token)
  mondoo.platform.mondoo_api_token_file:
    path: /etc/opt/mondoo/api_token
    state: restored
    mrn: "{{ new_token.token.mrn }}"
'''

RETURN = r'''
metadata:
  description:
    - The metadata file after the task (in check mode, what it would be).
    - V(null) when there is none, for example after restoring a host that had no token file.
  returned: success
  type: dict
  contains:
    mrn:
      description: The MRN of the verified token the file holds.
      type: str
      returned: when a token was committed, or the metadata was written by an earlier version of the role
      sample: //captain.api.mondoo.app/spaces/hungry-poet-123456/apitokens/2Yb3kPq
    name:
      description: Its name.
      type: str
      returned: with RV(metadata.mrn)
      sample: fleet-agent-20261130T065000Z
    created_at:
      description: When it was created (RFC 3339).
      type: str
      returned: with RV(metadata.mrn)
      sample: '2026-11-30T06:50:00Z'
    scope_mrn:
      description: The space or organization it belongs to.
      type: str
      returned: with RV(metadata.mrn)
      sample: //captain.api.mondoo.app/spaces/hungry-poet-123456
    file:
      description: How the file holds it, C(format) and C(key) (the empty string for V(raw)).
      type: dict
      returned: with RV(metadata.mrn)
      sample: {format: raw, key: ''}
    verified_at:
      description: When it was committed, by the host's clock (RFC 3339, UTC).
      type: str
      returned: when it was committed by this module
      sample: '2026-11-30T06:50:43Z'
    api_verified_at:
      description: When the API accepted it at the commit, by the API's clock; V(null) without a check or a C(Date) header.
      type: str
      returned: when it was committed by this module
      sample: '2026-11-30T06:50:41Z'
    pending:
      description:
        - The token pushed and not committed yet; the same keys as the verified token, with C(run_id) and C(pushed_at).
      type: dict
      returned: between a push and its commit
      sample:
        mrn: //captain.api.mondoo.app/spaces/hungry-poet-123456/apitokens/2Yb3kPq
        name: fleet-agent-20261130T065000Z
        created_at: '2026-11-30T06:50:00Z'
        scope_mrn: //captain.api.mondoo.app/spaces/hungry-poet-123456
        file: {format: raw, key: ''}
        run_id: '20261130T065000'
        pushed_at: '2026-11-30T06:50:12Z'
    rollback:
      description:
        - What a restore puts back; C(run_id) of the last push, C(mrn) of the token the file held before it (V(null) when
          not known), and whether a token file C(existed) before it.
      type: dict
      returned: from the first push by this module on
      sample: {run_id: '20261130T065000', mrn: null, existed: false}
previous_mrn:
  description: The MRN of the token the file held before the task (the pending one, if a push was pending), or V(null).
  returned: success, with O(state=pushed)
  type: str
  sample: //captain.api.mondoo.app/spaces/hungry-poet-123456/apitokens/1Xa2jOp
viewer:
  description: Who the token in the file authenticates as, as the API says; V(null) without O(verify).
  returned: success, with O(state=committed)
  type: dict
  contains:
    mrn:
      description: The MRN of the identity the API reports for the token.
      type: str
      sample: //captain.api.mondoo.app/spaces/hungry-poet-123456/apitokens/2Yb3kPq
api_time:
  description:
    - The API's clock when it answered the check, from the C(Date) header of its answer, as RFC 3339 in UTC.
    - V(null) without O(verify), or when the answer had no readable C(Date) header.
  returned: success, with O(state=committed)
  type: str
  sample: '2026-11-30T06:50:41Z'
restored:
  description: Whether what the host had before the push was put back (in check mode, would be).
  returned: success, with O(state=restored)
  type: bool
  sample: true
reason:
  description: Why nothing was put back.
  returned: success, with O(state=restored), when RV(restored) is false
  type: str
  sample: the file holds //captain.api.mondoo.app/spaces/hungry-poet-123456/apitokens/3Zc4lQr, not this run's token
'''

import json
import os
import unicodedata

from collections import namedtuple

from ansible.module_utils.common.text.converters import to_bytes, to_text

from ansible_collections.mondoo.platform.plugins.module_utils import _viewer_check as viewer_check
from ansible_collections.mondoo.platform.plugins.module_utils._auth import check_transport_security, resolve_endpoint
from ansible_collections.mondoo.platform.plugins.module_utils._errors import ConfigurationError, MondooError
from ansible_collections.mondoo.platform.plugins.module_utils._host_files import (
    Remove,
    Write,
    apply_operations,
    group_id,
    parse_mode,
    read_file,
    user_id,
)
from ansible_collections.mondoo.platform.plugins.module_utils._module_support import (
    MondooModule,
    api_endpoint_argument_spec,
    fail_from_error,
)
from ansible_collections.mondoo.platform.plugins.module_utils._parsing import (
    format_timestamp,
    parse_timestamp,
    refuse_control_characters,
    token_mrn,
    token_name,
)
from ansible_collections.mondoo.platform.plugins.module_utils._token_file import DEFAULT_KEYS, text_for_token, token_from_text
from ansible_collections.mondoo.platform.plugins.module_utils._token_view import utc_now

TOKEN_FACTS = ('mrn', 'name', 'created_at', 'scope_mrn')
VERIFIED_KEYS = TOKEN_FACTS + ('file', 'verified_at', 'api_verified_at')
PREVIOUS_SUFFIX = '.previous'

# What a task does: the message's action, the file operations, its result, and the metadata file's text before and after.
Plan = namedtuple('Plan', ['action', 'operations', 'result', 'metadata_before', 'metadata_after'])


class FileSettings:
    """Where the files are and how they are written, from the module's options."""

    def __init__(self, params):
        self.path = params['path']
        self.metadata_path = params['metadata_path'] or params['path'] + '.meta.json'
        self.mode = parse_mode(params['mode'])
        self.uid = user_id(params['owner']) if params['owner'] is not None else None
        self.gid = group_id(params['group']) if params['group'] is not None else None
        key = params['key'] or DEFAULT_KEYS.get(params['format'], '')
        self.shape = {'format': params['format'], 'key': key}

    def write(self, path, data, current):
        """A Write of ``path`` with the options' mode and owner; a file that exists keeps an owner the options leave out."""
        uid = self.uid if self.uid is not None else (current.uid if current else -1)
        gid = self.gid if self.gid is not None else (current.gid if current else -1)
        return Write(path, data, self.mode, uid, gid, strict_uid=self.uid is not None, strict_gid=self.gid is not None)


# ---------------------------------------------------------------------------------------------
# Reading


def parse_metadata(state, path, action=None):
    """The metadata file's object, or None when there is no file; ConfigurationError when it is not a JSON object."""
    if state is None:
        return None
    document = _json_object(state.data)
    if document is None:
        raise ConfigurationError('the metadata file %s is not a JSON object; fix it or remove it' % path, action=action)
    return document


def _json_object(data):
    try:
        document = json.loads(to_text(data, errors='surrogate_or_strict'))
    except (ValueError, UnicodeError):
        return None
    return document if isinstance(document, dict) else None


def _section(metadata, name):
    value = (metadata or {}).get(name)
    return value if isinstance(value, dict) else None


def metadata_text(metadata):
    return json.dumps(metadata, indent=2) + '\n'


# ---------------------------------------------------------------------------------------------
# The three states


def token_facts(token):
    """mrn, name, created_at and scope_mrn of the ``token`` option, checked; other keys are left out."""
    if token is None:
        raise ConfigurationError('token is required for state=pushed')
    facts = {}
    for key in TOKEN_FACTS:
        value = token.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ConfigurationError('token.%s is required and must not be empty' % key)
        if not isinstance(value, str):
            raise ConfigurationError('token.%s must be text' % key)
        facts[key] = value.strip()
    facts['mrn'] = token_mrn(facts['mrn'])
    facts['name'] = token_name(facts['name'])
    parse_timestamp(facts['created_at'])
    refuse_control_characters(facts['scope_mrn'], 'token.scope_mrn')
    return facts


def token_file_content(secret, shape):
    """The bytes of a token file of ``shape`` holding ``secret``; refuses a secret that would not read back unchanged."""
    if not secret or any(character.isspace() or unicodedata.category(character) in ('Cc', 'Cf', 'Zl', 'Zp')
                         for character in secret):
        raise ConfigurationError('secret is not a usable API token (empty, or with blanks or control characters inside)')
    text = text_for_token(secret, shape['format'], shape['key'] or None)
    try:
        reads_back = token_from_text(text, shape['format'], shape['key'] or None) == secret
    except ConfigurationError:
        reads_back = False
    if not reads_back:
        raise ConfigurationError('secret cannot be written as a %s token file with key %r that reads back unchanged'
                                 % (shape['format'], shape['key']))
    return to_bytes(text + '\n')


def plan_push(module, settings, now):
    params = module.params
    secret = params['secret']
    module.no_log_values.add(secret)
    facts = token_facts(params['token'])
    content = token_file_content(secret, settings.shape)
    action = 'push API token %s to %s' % (facts['mrn'], settings.path)
    token_state = read_file(settings.path, 'the token file', action)
    metadata_state = read_file(settings.metadata_path, 'the metadata file', action)
    metadata = parse_metadata(metadata_state, settings.metadata_path, action)
    pending = _section(metadata, 'pending')
    write_token = settings.write(settings.path, content, token_state)

    token_in_place = token_state is not None and token_state.data == content
    metadata_in_place = metadata is not None and pending is None and metadata.get('mrn') == facts['mrn'] and metadata.get('file') == settings.shape
    if token_in_place and metadata_in_place:
        # The host holds this token already: at most the files' mode and owner change.
        write_metadata = settings.write(settings.metadata_path, metadata_state.data, metadata_state)
        operations = [write for write, current in ((write_metadata, metadata_state), (write_token, token_state))
                      if write.differs_from(current)]
        result = dict(changed=bool(operations), metadata=metadata, previous_mrn=facts['mrn'])
        return Plan(action, operations, result, metadata_state.data, metadata_state.data)

    operations = []
    if pending is None:
        existed = token_state is not None
        operations.extend(snapshot_operations(settings, token_state, metadata_state))
        previous_mrn = (metadata or {}).get('mrn')
    else:
        # An earlier push was never committed: the copies are of the last verified state, and stay.
        rollback = _section(metadata, 'rollback') or {}
        existed = rollback['existed'] if isinstance(rollback.get('existed'), bool) else os.path.exists(settings.path + PREVIOUS_SUFFIX)
        previous_mrn = pending.get('mrn')
    new_metadata = dict((key, value) for key, value in (metadata or {}).items() if key not in ('pending', 'rollback'))
    new_metadata['pending'] = dict(facts, file=dict(settings.shape), run_id=params['run_id'], pushed_at=format_timestamp(now))
    new_metadata['rollback'] = {'run_id': params['run_id'], 'mrn': previous_mrn, 'existed': existed}
    new_text = to_bytes(metadata_text(new_metadata))
    # The metadata first: should the run stop in between, it names the token the file may hold, and a restore
    # of this run still finds its push.
    operations.append(settings.write(settings.metadata_path, new_text, metadata_state))
    operations.append(write_token)
    result = dict(changed=True, metadata=new_metadata, previous_mrn=previous_mrn)
    return Plan(action, operations, result, metadata_state.data if metadata_state else None, new_text)


def snapshot_operations(settings, token_state, metadata_state):
    """Keep the token file and the metadata as they are (owner and mode too), or drop stale copies."""
    token_copy = settings.path + PREVIOUS_SUFFIX
    metadata_copy = settings.metadata_path + PREVIOUS_SUFFIX
    if token_state is None:
        return [Remove(token_copy), Remove(metadata_copy)]
    operations = [_copy_of(token_copy, token_state)]
    operations.append(_copy_of(metadata_copy, metadata_state) if metadata_state is not None else Remove(metadata_copy))
    return operations


def _copy_of(path, state):
    return Write(path, state.data, state.mode, state.uid, state.gid)


def check_with_api(module, settings, shape, endpoint, endpoint_source):
    """The ViewerCheck of the token in the file, read as ``shape`` says."""
    token = viewer_check.read_token(settings.path, shape.get('format'), shape.get('key') or None)
    module.no_log_values.add(token)
    return viewer_check.ask_viewer(module.params, endpoint, endpoint_source, token)


def plan_commit(module, settings, now):
    params = module.params
    mrn = token_mrn(params['mrn'])
    action = 'commit API token %s in %s' % (mrn, settings.path)
    endpoint = endpoint_source = None
    if params['verify']:
        # As mondoo_api_token_file_info: a plain-HTTP endpoint is refused before the file is read.
        endpoint, endpoint_source = resolve_endpoint(params, os.environ)
        for warning in check_transport_security(endpoint, endpoint_source, params['allow_insecure_http']):
            module.warn(warning)
    metadata_state = read_file(settings.metadata_path, 'the metadata file', action)
    metadata = parse_metadata(metadata_state, settings.metadata_path, action)
    if metadata is None:
        raise ConfigurationError('there is no metadata file %s; push the token first' % settings.metadata_path, action=action)
    pending = _section(metadata, 'pending')
    if pending is not None and pending.get('mrn') == mrn:
        committing = True
        shape = pending.get('file') if isinstance(pending.get('file'), dict) else settings.shape
    elif pending is None and metadata.get('mrn') == mrn:
        committing = False
        shape = metadata.get('file') if isinstance(metadata.get('file'), dict) else settings.shape
    else:
        holder = pending if pending is not None else metadata
        raise MondooError('the file holds %s now, not %s: another run wrote it%s' % (
            _mrn_words(holder.get('mrn')), mrn, _run_words(holder.get('run_id'))), action=action)

    check = check_with_api(module, settings, shape, endpoint, endpoint_source) if params['verify'] else None
    viewer = {'mrn': check.viewer.get('mrn')} if check else None
    api_time = check.api_time if check else None
    if not committing:
        result = dict(changed=False, metadata=metadata, viewer=viewer, api_time=api_time)
        return Plan(action, [], result, metadata_state.data, metadata_state.data)

    new_metadata = dict((key, pending.get(key)) for key in TOKEN_FACTS)
    new_metadata['file'] = dict(shape)
    new_metadata['verified_at'] = format_timestamp(now)
    new_metadata['api_verified_at'] = api_time
    new_metadata.update((key, value) for key, value in metadata.items() if key not in VERIFIED_KEYS + ('pending',))
    new_text = to_bytes(metadata_text(new_metadata))
    operations = [settings.write(settings.metadata_path, new_text, metadata_state)]
    result = dict(changed=True, metadata=new_metadata, viewer=viewer, api_time=api_time)
    return Plan(action, operations, result, metadata_state.data, new_text)


def plan_restore(module, settings):
    params = module.params
    mrn = token_mrn(params['mrn'])
    run_id = params['run_id']
    action = 'restore what %s held before API token %s was pushed' % (settings.path, mrn)
    metadata_state = read_file(settings.metadata_path, 'the metadata file', action)
    before = metadata_state.data if metadata_state else None

    def unchanged(reason):
        metadata = _json_object(before) if before is not None else None
        return Plan(action, [], dict(changed=False, restored=False, reason=reason, metadata=metadata), before, before)

    if metadata_state is None:
        return unchanged('there is no metadata file %s, so nothing says which token the file holds' % settings.metadata_path)
    metadata = _json_object(metadata_state.data)
    if metadata is None:
        return unchanged('the metadata file %s is not a JSON object, so nothing says which token the file holds' % settings.metadata_path)
    pending = _section(metadata, 'pending')
    rollback = _section(metadata, 'rollback')
    holder = pending if pending is not None else metadata
    if holder.get('mrn') != mrn:
        return unchanged("the file holds %s, not this run's token" % _mrn_words(holder.get('mrn')))
    pushed_by = holder.get('run_id') if pending is not None else (rollback or {}).get('run_id')
    if pending is None and rollback is None:
        return unchanged('the file holds %s, but no push of it is recorded to undo' % mrn)
    if run_id is not None and pushed_by != run_id:
        return unchanged('the file holds %s, but another run pushed it%s' % (mrn, _run_words(pushed_by)))

    existed = (rollback or {}).get('existed')
    if not isinstance(existed, bool):
        existed = os.path.exists(settings.path + PREVIOUS_SUFFIX)
    if not existed:
        operations = [Remove(settings.path), Remove(settings.metadata_path)]
        after = None
    else:
        token_copy = read_file(settings.path + PREVIOUS_SUFFIX, 'the copy of the token file', action)
        if token_copy is None:
            raise ConfigurationError('%s%s, the copy of the token file taken at the push, is missing'
                                     % (settings.path, PREVIOUS_SUFFIX), action=action)
        metadata_copy = read_file(settings.metadata_path + PREVIOUS_SUFFIX, 'the copy of the metadata file', action)
        # The token file first: until the metadata is put back it still names this run's token, so a restore that
        # stops in between can be run again.
        operations = [_copy_of(settings.path, token_copy)]
        operations.append(_copy_of(settings.metadata_path, metadata_copy) if metadata_copy is not None else Remove(settings.metadata_path))
        after = metadata_copy.data if metadata_copy is not None else None
    result = dict(changed=True, restored=True, metadata=_json_object(after) if after is not None else None)
    return Plan(action, operations, result, before, after)


def _mrn_words(mrn):
    return mrn if mrn else 'a token the metadata does not name'


def _run_words(run_id):
    return ' (run %s)' % run_id if run_id else ''


def main():
    module = MondooModule(
        argument_spec=dict(
            path=dict(type='path', required=True),
            metadata_path=dict(type='path'),
            state=dict(type='str', required=True, choices=['pushed', 'committed', 'restored']),
            secret=dict(type='str', no_log=True),
            token=dict(type='dict', no_log=False),
            mrn=dict(type='str'),
            run_id=dict(type='str'),
            format=dict(type='str', choices=['raw', 'env', 'json'], default='raw'),
            key=dict(type='str', no_log=False),
            owner=dict(type='str'),
            group=dict(type='str'),
            mode=dict(type='raw', default='0600'),
            verify=dict(type='bool', default=True),
            **api_endpoint_argument_spec()
        ),
        required_if=[
            ('state', 'pushed', ('secret', 'token')),
            ('state', 'committed', ('mrn',)),
            ('state', 'restored', ('mrn',)),
        ],
        supports_check_mode=True,
    )
    token = module.params['token']
    if isinstance(token, dict) and isinstance(token.get('secret'), str):
        module.no_log_values.add(token['secret'])
    try:
        if isinstance(token, dict) and 'secret' in token:
            raise ConfigurationError('token must not hold the secret; pass it as secret')
        settings = FileSettings(module.params)
        state = module.params['state']
        if state == 'pushed':
            plan = plan_push(module, settings, utc_now())
        elif state == 'committed':
            plan = plan_commit(module, settings, utc_now())
        else:
            plan = plan_restore(module, settings)
        if plan.operations and not module.check_mode:
            apply_operations(plan.operations, plan.action)
    except MondooError as error:
        fail_from_error(module, error)
    # The metadata file only: the token file is never shown.
    diff = {
        'before_header': settings.metadata_path,
        'after_header': settings.metadata_path,
        'before': to_text(plan.metadata_before or b'', errors='surrogate_or_replace'),
        'after': to_text(plan.metadata_after or b'', errors='surrogate_or_replace'),
    }
    module.exit_json(diff=diff, **plan.result)


if __name__ == '__main__':
    main()
