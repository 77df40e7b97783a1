#!/usr/bin/python
# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: mondoo_api_token
short_description: Create, update, regenerate and delete Mondoo Platform API tokens
version_added: 1.0.0
description:
  - Manages an API token in a Mondoo Platform space or organization, the way the console's API Tokens page does,
    as an idempotent task.
  - With O(state=present) the token is created when it does not exist, otherwise its name, description and
    permissions are brought in line with the task, and the task reports a change only when something changed.
  - A token's secret cannot be changed. O(regenerate) and O(max_age) replace a token by a new one with the same name,
    scope, permissions and description, created before the old one is deleted.
  - >-
    The secret is returned only when a token is created or regenerated. Use C(no_log: true) on the task and pass the
    registered value on directly; the task's own output is always hidden when it returns a secret.
  - Where the output is all there is (an ad-hoc command, a job template), O(secret_file) writes the secret to a file
    instead of returning it.
  - Tokens are looked up by O(name) within the scope, or by O(mrn). Mondoo allows several tokens with one name; when
    the name is ambiguous the task fails and lists their MRNs, so that O(mrn) can pick one.
author:
  - Mondoo Platform collection maintainers (@mondoo-platform-collection)
extends_documentation_fragment:
  - mondoo.platform.mondoo
  - mondoo.platform.mondoo.ACTION_GROUP
attributes:
  check_mode:
    support: full
    description:
      - Reports what would be created, changed, regenerated or deleted, and sends no change to the API.
      - When there is a change to report, first asks the API whether the credential may make it (see the notes and
        RV(permission_check)), and fails when the API says it may not.
  diff_mode:
    support: full
    description: Shows the token's name, description, permissions and scope before and after; never its secret.
options:
  state:
    description:
      - V(present) creates or updates the token; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  space:
    description:
      - The space that holds the token, as an id (V(hungry-poet-123456)) or an MRN
        (V(//captain.api.mondoo.app/spaces/hungry-poet-123456)).
      - One of O(space) and O(organization) is required unless O(mrn) is given.
    type: str
  organization:
    description:
      - The organization that holds the token, as an id or an MRN. An organization token reaches every space of the
        organization.
    type: str
  name:
    description:
      - The token's name, unique within its scope by convention; 1 to 100 characters, surrounding blanks removed, no
        control characters (line breaks, tabs, escape sequences, zero-width or bidirectional marks).
      - Identifies the token unless O(mrn) is given; with O(mrn), a different O(name) renames the token.
    type: str
  mrn:
    description:
      - The MRN of an existing token, as returned in RV(token.mrn). Picks one token when several share a name.
      - A token is never created from an MRN. The MRN of a space, an organization, a role or a service account is
        refused.
    type: str
  description:
    description:
      - The token's description, at most 500 characters, no control characters. V('') clears it. Left unchanged when
        not given.
    type: str
  permissions:
    description:
      - The token's permissions, compared as a set. The short names V(viewer), V(editor), V(owner), V(agent),
        V(integrations-manager), V(sla-manager), V(policy-manager), V(policy-editor), V(ticket-manager),
        V(ticket-creator), V(exceptions-requester), V(query-pack-manager) and V(query-pack-editor), or full role MRNs
        such as V(//iam.api.mondoo.app/roles/viewer).
      - The implicit membership roles C(org-member) and C(space-member), which the API may list beside a token's roles,
        are not permissions; they are never compared, returned or accepted.
      - Defaults to V([viewer]) when a token is created; left unchanged on an existing token when not given.
      - A caller cannot grant a permission above its own.
    type: list
    elements: str
  regenerate:
    description:
      - V(always) replaces the token on every run (for a single consumer that takes the new secret each time).
      - V(never) replaces it only when O(max_age) says so.
    type: str
    choices: [never, always]
    default: never
  create_only:
    description:
      - Create the token without looking for one of the same name first, which saves a request. The caller vouches that
        the name is new, for example because it listed the scope or made the name unique; a token of that name that exists
        is never adopted, updated or replaced.
      - Needs O(name) and O(space) or O(organization); not with O(mrn), O(regenerate=always), O(max_age) or O(state=absent).
    type: bool
    default: false
  max_age:
    description:
      - Replace the token when it is older than this, for example V(30d), V(12h) or V(1w2d).
      - Units V(w), V(d), V(h), V(m), V(s), largest first; at most V(36500d) (100 years).
    type: str
  secret_file:
    description:
      - Write a new token's secret to this file, on the host that runs the module, instead of returning it. The result
        then holds no secret at all, and RV(secret_file) names the file.
      - Written only when a token is created or regenerated, never in check mode; other runs leave the file alone. It
        holds the secret and a newline, has mode C(0600) and the user running the module as owner, and is replaced
        atomically (a temporary file in the same directory, synced, renamed over it).
      - Checked before any request is sent, in check mode too. It must be an absolute path whose directory exists and is
        writable by the user running the module; it must not be a directory, a symbolic link (the rename would replace
        the link, not the file it points to) or another kind of special file. An existing regular file is replaced.
      - The file is written right after the new token is created, before anything else changes. When it cannot be
        written, the new token is deleted again and the task fails; a regeneration leaves the old token as it was. When
        a regeneration is undone because its old token cannot be deleted, the file is put back as it was.
      - Not with O(state=absent).
    type: path
notes:
  - Requests per task run, with the minimum the API allows; an unchanged token costs one request, creating one
    two, changing permissions two, deleting by name two and deleting by O(mrn) one.
  - A regeneration creates the new token before it deletes the old one. When deleting the old one fails, the module
    finds out whether it is gone; if it is, the regeneration is complete (with a warning); if it is still there, the
    new token is deleted again and the task fails, the old token and its secret as they were; if that cannot be told,
    the task fails keeping the new token and returning its secret (or leaving it in O(secret_file)), and says which
    token to delete if it still exists.
  - Text options refuse a mapping, a list or a boolean (Ansible would otherwise turn it into text); numbers are taken
    as text.
  - In check mode, when the task would create, update, regenerate or delete a token, the module sends one more request
    to ask whether the credential may manage API tokens in the scope. It asks for the scope's service accounts, which
    Mondoo's own API samples say needs Editor, as managing tokens does (Editor or Owner). A refusal with permission
    denied fails the task, changing nothing. That is all the API reveals; it cannot tell whether the credential may
    grant the permissions asked for (an Editor cannot grant V(owner)), nor what a custom role allows, so a check-mode
    run can still report a change the real run is refused. When the API does not answer the question (its schema
    lacks it, or it refuses it for another reason), RV(permission_check) is V(unknown) and the change is reported all
    the same. Nothing is asked outside check mode, nor when nothing would change.
seealso:
  - module: mondoo.platform.mondoo_api_token_info
'''

EXAMPLES = r'''
- name: Create a space token for a CI runner and keep its secret out of the output
  mondoo.platform.mondoo_api_token:
    space: hungry-poet-123456
    name: ci-runner
    description: Scans container images in CI
    permissions: [editor]
    api_token: "{{ mondoo_admin_token }}"
  register: ci_token
  no_log: true

- name: Store the new secret in the CI system's vault (only runs when a token was created)
  ansible.builtin.copy:
    content: "{{ ci_token.secret }}"
    dest: /etc/ci/mondoo-token
    mode: "0600"
  when: ci_token.secret is defined
  no_log: true

- name: Manage several tokens with the credential set once
  module_defaults:
    group/mondoo.platform.mondoo:
      credentials_file: /etc/opt/mondoo/admin-service-account.json
  block:
    - name: An organization-wide agent token for the fleet
      mondoo.platform.mondoo_api_token:
        organization: relaxed-khayyam-961566
        name: fleet-agents
        permissions: [agent]
      register: fleet_token
      no_log: true

    - name: Give the reporting token read access only
      mondoo.platform.mondoo_api_token:
        space: hungry-poet-123456
        name: weekly-report
        permissions: [viewer]

    - name: Delete a token that is no longer used
      mondoo.platform.mondoo_api_token:
        space: hungry-poet-123456
        name: old-jenkins
        state: absent

- name: Replace a single consumer's token once it is 30 days old
  mondoo.platform.mondoo_api_token:
    space: hungry-poet-123456
    name: backup-exporter
    permissions: [viewer]
    max_age: 30d
  register: exporter_token
  no_log: true

# Ad hoc, where the output is all there is (it is hidden when it holds a secret), the secret goes to a file:
#   ansible localhost -m mondoo.platform.mondoo_api_token -a 'space=hungry-poet-123456 name=ci-runner secret_file=/root/ci-runner.token'
- name: Replace a token and write its new secret to a file, returning none
  mondoo.platform.mondoo_api_token:
    space: hungry-poet-123456
    name: ci-runner
    regenerate: always
    secret_file: /root/ci-runner.token
'''

RETURN = r'''
token:
  description:
    - The token after the task, or before it for O(state=absent). Never holds the secret.
    - Deleting by O(mrn) alone takes a single request and returns only RV(token.mrn) and RV(token.scope_mrn).
    - In check mode, what the token would be; a token that would be created has no RV(token.mrn) yet.
  returned: success
  type: dict
  contains:
    mrn:
      description: The token's MRN.
      type: str
      sample: //captain.api.mondoo.app/spaces/hungry-poet-123456/apitokens/2Yb3kPq
    name:
      description: The token's name.
      type: str
      sample: ci-runner
    description:
      description: The token's description.
      type: str
      sample: Scans container images in CI
    permissions:
      description: The token's permissions as short names (full MRNs for roles without one), sorted.
      type: list
      elements: str
      sample: [editor]
    roles:
      description: The token's role MRNs, sorted.
      type: list
      elements: str
      sample: [//iam.api.mondoo.app/roles/editor]
    scope_mrn:
      description: The MRN of the space or organization that holds the token.
      type: str
      sample: //captain.api.mondoo.app/spaces/hungry-poet-123456
    created_at:
      description: When the token was created (RFC 3339, UTC).
      type: str
      sample: '2026-11-27T21:30:00Z'
    last_used:
      description: When the token was last used (RFC 3339, UTC), or null if never.
      type: str
      sample: '2026-11-27T22:00:00Z'
secret:
  description:
    - The new token's secret. Only when a token was created or regenerated, never in check mode, never in the diff.
    - 'Mark the task C(no_log: true) and hand the value on without printing it.'
  returned: when a token was created or regenerated and secret_file is not set
  type: str
  sample: mondoo_tk_...
secret_file:
  description: The file the new token's secret was written to (O(secret_file)); the result holds no RV(secret) then.
  returned: when a token was created or regenerated and secret_file is set
  type: str
  sample: /root/ci-runner.token
replaced_mrn:
  description: The MRN of the token that a regeneration deleted.
  returned: when a token was regenerated
  type: str
  sample: //captain.api.mondoo.app/spaces/hungry-poet-123456/apitokens/1Xa2jOp
operation:
  description: What the task did, or in check mode would do.
  returned: success
  type: str
  choices: [create, update, regenerate, delete, none]
  sample: create
permission_check:
  description:
    - In check mode, whether the API says the credential may manage API tokens in the scope, asked only when the task
      would change something.
    - V(granted) when it may; V(unknown) when the API did not answer the question (the change is reported anyway);
      V(not_checked) when nothing would change, so nothing was asked.
    - When the API says the credential may not, the task fails with a permission-denied message instead.
  returned: in check mode
  type: str
  choices: [granted, unknown, not_checked]
  sample: granted
'''


from ansible_collections.mondoo.platform.plugins.module_utils._api_tokens import DENIED
from ansible_collections.mondoo.platform.plugins.module_utils._errors import (
    ConfigurationError,
    MondooError,
    NotFoundError,
    PermissionDeniedError,
)
from ansible_collections.mondoo.platform.plugins.module_utils._module_support import (
    MondooModule,
    fail_from_error,
    mondoo_argument_spec,
    run_with_client,
)
from ansible_collections.mondoo.platform.plugins.module_utils._parsing import (
    describe_scope,
    parse_duration,
    role_mrn,
    role_mrns,
    scope_mrn,
    scope_of_token_mrn,
    token_description,
    token_mrn,
    token_name,
)
from ansible_collections.mondoo.platform.plugins.module_utils._secret_file import SecretFile
from ansible_collections.mondoo.platform.plugins.module_utils._token_view import age, role_mrns_of, token_view, utc_now

DEFAULT_PERMISSIONS = ['viewer']


class Desired:
    """The task's options, validated and normalised before any request is sent."""

    def __init__(self, params):
        self.state = params['state']
        self.mrn = token_mrn(params['mrn']) if params['mrn'] is not None else None
        self.name = token_name(params['name']) if params['name'] is not None else None
        self.description = token_description(params['description']) if params['description'] is not None else None
        self.roles = self._roles(params['permissions'])
        self.max_age = parse_duration(params['max_age']) if params['max_age'] is not None else None
        self.regenerate_always = params['regenerate'] == 'always'
        self.create_only = params['create_only']
        goes_against_create_only = self.mrn or self.regenerate_always or self.max_age is not None or self.state == 'absent'
        if self.create_only and (goes_against_create_only or self.name is None):
            raise ConfigurationError('create_only needs name and a scope, and goes with neither mrn, regenerate=always, '
                                     'max_age nor state=absent')
        self.scope_mrn = self._scope(params['space'], params['organization'])
        self.secret_file = self._secret_file(params['secret_file'])

    @staticmethod
    def _roles(permissions):
        if permissions is None:
            return None
        if not permissions:
            raise ConfigurationError('permissions must name at least one permission; use state=absent to remove a token')
        return sorted(role_mrns(permissions))

    def _scope(self, space, organization):
        given = scope_mrn(space, organization) if space is not None or organization is not None else None
        implied = scope_of_token_mrn(self.mrn) if self.mrn else None
        if given and implied and given != implied:
            raise ConfigurationError('the token %s belongs to %s, not to %s' % (self.mrn, describe_scope(implied), describe_scope(given)))
        if not (given or implied):
            raise ConfigurationError('the scope of %s cannot be told from its MRN; give space or organization' % self.mrn)
        return given or implied

    def _secret_file(self, path):
        if path is None:
            return None
        if self.state == 'absent':
            raise ConfigurationError('secret_file goes with state=present only: deleting a token writes no secret')
        return SecretFile(path)

    def creation_roles(self):
        return self.roles if self.roles is not None else [role_mrn(name) for name in DEFAULT_PERMISSIONS]


def find_current(client, desired):
    """(the token the task is about or None, the MRNs of every token in the scope with its name).

    Fails on a name several tokens share, unless mrn picks one of them.
    """
    if desired.mrn:
        namesakes = client.find_by_name(desired.scope_mrn, desired.name) if desired.name else []
        current = _with_mrn(namesakes, desired.mrn)
        if current is None:
            everything = client.list(desired.scope_mrn)
            current = _with_mrn(everything, desired.mrn)
            namesakes = [token for token in everything if current and token.get('name') == current.get('name')]
        return current, set(token['mrn'] for token in namesakes)
    namesakes = client.find_by_name(desired.scope_mrn, desired.name)
    if len(namesakes) > 1:
        raise ConfigurationError("%d API tokens in %s are named '%s': %s; give mrn to pick one"
                                 % (len(namesakes), describe_scope(desired.scope_mrn), desired.name,
                                    ', '.join(token['mrn'] for token in namesakes)))
    return (namesakes[0] if namesakes else None), set(token['mrn'] for token in namesakes)


def _with_mrn(tokens, mrn):
    return next((token for token in tokens if token['mrn'] == mrn), None)


def changed_fields(current, desired):
    """The name/description/roles that differ, as {field: desired value}."""
    changes = {}
    if desired.name is not None and desired.name != current.get('name'):
        changes['name'] = desired.name
    if desired.description is not None and desired.description != (current.get('description') or ''):
        changes['description'] = desired.description
    if desired.roles is not None and desired.roles != role_mrns_of(current):
        changes['roles'] = desired.roles
    return changes


def regeneration_due(current, desired):
    return desired.regenerate_always or (desired.max_age is not None and age(current, utc_now()) > desired.max_age)


def planned_token(desired, current=None, changes=None):
    """What the token will look like, in the API's shape, for check mode and the diff."""
    token = dict(current or {'name': desired.name, 'description': desired.description or '', 'scopeMrn': desired.scope_mrn,
                             'roles': [{'mrn': mrn} for mrn in desired.creation_roles()]})
    for field, value in (changes or {}).items():
        token[field] = [{'mrn': mrn} for mrn in value] if field == 'roles' else value
    return token


def create(client, desired, namesakes, check_mode):
    if desired.mrn:
        raise NotFoundError('no such token', action='find API token %s' % desired.mrn, scope_mrn=desired.scope_mrn)
    if desired.name is None:
        raise ConfigurationError('name is required to create an API token')
    if check_mode:
        return 'create', None, planned_token(desired), {}
    created = client.generate(desired.scope_mrn, desired.name, desired.description or None, desired.creation_roles(), known_mrns=namesakes)
    action = "create API token '%s' in %s" % (desired.name, describe_scope(desired.scope_mrn))
    return 'create', None, created, handed_over_secret(client, desired.secret_file, created, action, 'nothing changed')


def handed_over_secret(client, secret_file, created, action, unchanged):
    """The result's share of a new token's secret: the secret itself, or the secret_file it was written to.

    When the file cannot be written, the new token is deleted again (``unchanged`` says what that leaves as it was), so
    that no token is left whose secret nobody has.
    """
    if secret_file is None:
        return {'secret': created['secret']}
    try:
        secret_file.write(created['secret'], action)
    except MondooError as failure:
        raise unwritten_secret(client, created, failure, action, unchanged) from None
    return {'secret_file': secret_file.path}


def unwritten_secret(client, created, failure, action, unchanged):
    """The error for a new token whose secret_file could not be written, after deleting the token again."""
    gone, cleanup_failure = client.delete_and_confirm(created)
    if gone:
        return MondooError('%s; the new token %s was deleted again, so %s' % (failure.detail, created['mrn'], unchanged),
                           action=action)
    error = MondooError('%s, and deleting the new token %s again failed (%s): it %s with a secret nobody has. Delete it '
                        '(state=absent with that mrn) and run the task again'
                        % (failure.detail, created['mrn'], cleanup_failure.detail,
                           'still exists' if gone is False else 'may still exist'), action=action)
    error.changed = True
    return error


def regenerate(client, current, namesakes, desired, check_mode):
    replacement = planned_token(desired, current, changed_fields(current, desired))
    if check_mode:
        return 'regenerate', current, dict(replacement, mrn=None, createdAt=None, lastUsed=None), {'replaced_mrn': current['mrn']}
    renamed = replacement['name'] != current['name']
    created = client.generate(desired.scope_mrn, replacement['name'], replacement.get('description') or None,
                              role_mrns_of(replacement), known_mrns=None if renamed else namesakes)
    action = "regenerate API token '%s' in %s" % (current['name'], describe_scope(current['scopeMrn']))
    extras = handed_over_secret(client, desired.secret_file, created, action,
                                'the old token %s and its secret stay as they were' % current['mrn'])
    extras['replaced_mrn'] = current['mrn']
    old_gone, failure = client.delete_and_confirm(current)
    if old_gone is None:
        # The old token may be gone: the replacement may be the only working token, so it stays, with its secret.
        secret_place = 'secret_file %s' % desired.secret_file.path if desired.secret_file else 'this result'
        extras['unfinished'] = (
            'deleting the old token %s failed (%s), and whether it is gone could not be checked. Its replacement %s '
            'exists and its secret is in %s: keep it. If %s still exists, delete it (state=absent with that mrn)'
            % (current['mrn'], failure.detail, created['mrn'], secret_place, current['mrn']))
    elif not old_gone:
        raise undone_regeneration(client, current, created, failure, action, desired.secret_file)
    elif failure is not None:
        client.warnings.append('Deleting the old token %s failed on the way (%s), but it is gone: the regeneration is '
                               'complete.' % (current['mrn'], failure.detail))
    return 'regenerate', current, created, extras


def undone_regeneration(client, current, created, failure, action, secret_file):
    """The error for a regeneration whose old token is still there: the replacement is deleted again when it can be,
    so that one token is left, the old one with its secret; otherwise the error names both and what to do. A
    secret_file is put back as it was, since the old token is the one that stays."""
    facts = dict(scope_mrn=failure.scope_mrn, http_status=failure.http_status, api_message=failure.api_message,
                 error_code=failure.error_code)
    replacement_gone, cleanup_failure = client.delete_and_confirm(created)
    file_outcome, file_changed = put_back_secret_file(secret_file, action)
    if replacement_gone:
        detail = ('deleting the old token %s failed (%s); its replacement %s was deleted again, so the old token and its '
                  'secret stay as they were%s. Run the task again when the API answers'
                  % (current['mrn'], failure.detail, created['mrn'], file_outcome))
        error = failure.__class__(detail, action=action, **facts)
        error.changed = file_changed
        return error
    error = failure.__class__(
        'deleting the old token %s failed (%s), and deleting its replacement %s again failed too (%s). Both tokens '
        'may exist now; the old one and its secret still work, the replacement\'s secret is not returned%s. Delete %s '
        '(state=absent with that mrn) and run the task again' % (current['mrn'], failure.detail, created['mrn'],
                                                                 cleanup_failure.detail, file_outcome, created['mrn']),
        action=action, **facts)
    error.changed = True
    return error


def put_back_secret_file(secret_file, action):
    """Put ``secret_file`` (or None) back as it was before the replacement's secret was written to it: (what happened,
    for a message, and whether the file is left changed)."""
    if secret_file is None:
        return '', False
    try:
        secret_file.put_back(action)
    except MondooError as failure:
        return ('; putting secret_file %s back as it was failed (%s), so it holds the replacement\'s secret'
                % (secret_file.path, failure.detail)), True
    return ', and secret_file %s was put back as it was' % secret_file.path, False


def update(client, current, desired, check_mode):
    changes = changed_fields(current, desired)
    if not changes:
        return 'none', current, current, {}
    if check_mode:
        return 'update', current, planned_token(desired, current, changes), {}
    updated = dict(current)
    if 'name' in changes or 'description' in changes:
        updated = client.update(current, name=changes.get('name'), description=changes.get('description'))
    if 'roles' in changes:
        client.set_roles(current, changes['roles'], desired.scope_mrn)
        updated = planned_token(desired, updated, {'roles': changes['roles']})
    return 'update', current, updated, {}


def delete(client, desired, check_mode):
    if desired.mrn and not desired.name and not check_mode:
        deleted = client.delete(desired.mrn)
        before = {'mrn': desired.mrn, 'scopeMrn': desired.scope_mrn}
        return ('delete', before, None, {}) if deleted else ('none', None, None, {})
    current, _namesakes = find_current(client, desired)
    if current is None:
        return 'none', None, None, {}
    if not check_mode:
        client.delete(current)
    return 'delete', current, None, {}


def run(client, desired, check_mode):
    """(operation, token before, token after, extra results) for the task."""
    if desired.state == 'absent':
        return delete(client, desired, check_mode)
    if desired.create_only:
        return create(client, desired, set(), check_mode)
    current, namesakes = find_current(client, desired)
    if current is None:
        return create(client, desired, namesakes, check_mode)
    if regeneration_due(current, desired):
        return regenerate(client, current, namesakes, desired, check_mode)
    return update(client, current, desired, check_mode)


def plan(client, desired):
    """run() in check mode, with permission_check: when the task would change something, the API is asked whether the
    caller may; a refusal raises PermissionDeniedError."""
    operation, before, after, extras = run(client, desired, check_mode=True)
    if operation == 'none':
        return operation, before, after, dict(extras, permission_check='not_checked')
    outcome, detail = client.manage_permission(desired.scope_mrn)
    if outcome == DENIED:
        token = after or before
        raise PermissionDeniedError(detail, scope_mrn=desired.scope_mrn, action="%s API token '%s' in %s (check mode)"
                                    % (operation, token['name'], describe_scope(desired.scope_mrn)))
    return operation, before, after, dict(extras, permission_check=outcome)


def diff_view(token):
    if token is None:
        return {}
    view = token_view(token)
    return dict((key, view[key]) for key in ('mrn', 'name', 'description', 'permissions', 'scope_mrn'))


def result_for(operation, before, after, extras):
    result = dict(changed=operation != 'none', operation=operation,
                  token=token_view(after if after is not None else before) if (after or before) else {},
                  diff=dict(before=diff_view(before), after=diff_view(after)))
    result.update(extras)
    return result


def main():
    module = MondooModule(
        argument_spec=dict(
            mondoo_argument_spec(),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
            space=dict(type='str'),
            organization=dict(type='str'),
            name=dict(type='str'),
            mrn=dict(type='str'),
            description=dict(type='str'),
            permissions=dict(type='list', elements='str'),
            regenerate=dict(type='str', choices=['never', 'always'], default='never'),
            max_age=dict(type='str'),
            create_only=dict(type='bool', default=False),
            secret_file=dict(type='path'),
        ),
        mutually_exclusive=[('space', 'organization')],
        required_one_of=[('space', 'organization', 'mrn'), ('name', 'mrn')],
        supports_check_mode=True,
    )
    try:
        desired = Desired(module.params)
    except MondooError as error:
        fail_from_error(module, error)
    if module.check_mode:
        outcome = run_with_client(module, lambda client: plan(client, desired))
    else:
        outcome = run_with_client(module, lambda client: run(client, desired, check_mode=False))
    result = result_for(*outcome)
    unfinished = result.pop('unfinished', None)
    if unfinished:
        module.fail_json(msg="Failed to regenerate API token '%s': %s" % (result['token']['name'], unfinished), **result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
