#!/usr/bin/python
# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: mondoo_api_token_info
short_description: List and filter Mondoo Platform API tokens
version_added: 1.0.0
description:
  - Lists the API tokens of a Mondoo Platform space or organization, following every page, and filters them by name,
    MRN, permissions, age and idleness. Never returns a token's secret, which the API does not keep.
  - An organization's list holds the organization's own tokens, not those of its spaces.
author:
  - Mondoo Platform collection maintainers (@mondoo-platform-collection)
extends_documentation_fragment:
  - mondoo.platform.mondoo
  - mondoo.platform.mondoo.ACTION_GROUP
  - mondoo.platform.mondoo.CHECK_MODE_READ_ONLY
attributes:
  diff_mode:
    support: none
    description: Lists only; there is nothing to compare.
options:
  space:
    description:
      - The space whose tokens to list, as an id or an MRN. One of O(space) and O(organization) is required.
    type: str
  organization:
    description:
      - The organization whose tokens to list, as an id or an MRN.
    type: str
  name:
    description:
      - Only the tokens with exactly this name (surrounding blanks ignored).
    type: str
  query:
    description:
      - Only the tokens whose name contains this text, ignoring case (the API's own search).
    type: str
  mrn:
    description:
      - Only the token with this MRN.
    type: str
  permissions:
    description:
      - Only the tokens that have every one of these permissions (short names or role MRNs, as in
        M(mondoo.platform.mondoo_api_token)).
    type: list
    elements: str
  older_than:
    description:
      - Only the tokens created longer ago than this duration, for example V(90d).
    type: str
  unused_for:
    description:
      - Only the tokens not used for longer than this duration, for example V(30d). A token that was never used counts
        as unused since its creation.
    type: str
  check_manage_permission:
    description:
      - Also ask the API whether the credential may manage (create, change, delete) API tokens in the scope, and return
        the answer in RV(manage_permission) and RV(manage_permission_detail). One more request.
      - The module asks for the scope's service accounts, which Mondoo's own API samples say needs Editor, as managing
        tokens does (Editor or Owner). It cannot tell whether the credential may grant a given permission (an Editor
        cannot grant V(owner)), nor what a custom role allows.
      - A refusal does not fail the task; it is reported as V(denied).
    type: bool
    default: false
seealso:
  - module: mondoo.platform.mondoo_api_token
'''

EXAMPLES = r'''
- name: List the tokens of a space that nobody used for 30 days
  mondoo.platform.mondoo_api_token_info:
    space: hungry-poet-123456
    unused_for: 30d
  register: idle_tokens

- name: Show their names
  ansible.builtin.debug:
    msg: "{{ idle_tokens.api_tokens | map(attribute='name') | list }}"

- name: Find organization tokens that can change things and are older than 90 days
  mondoo.platform.mondoo_api_token_info:
    organization: relaxed-khayyam-961566
    permissions: [editor]
    older_than: 90d
  register: old_editor_tokens

- name: Look up the tokens of one rotation family with the API's name search
  mondoo.platform.mondoo_api_token_info:
    space: hungry-poet-123456
    query: fleet-agent-

- name: Find out whether this credential may manage the tokens of the space
  mondoo.platform.mondoo_api_token_info:
    space: hungry-poet-123456
    check_manage_permission: true
  register: space_tokens

- name: Stop early when it may not
  ansible.builtin.assert:
    that: space_tokens.manage_permission != 'denied'
    fail_msg: "{{ space_tokens.manage_permission_detail }}"
'''

RETURN = r'''
scope_mrn:
  description: The MRN of the space or organization that was listed.
  returned: success
  type: str
  sample: //captain.api.mondoo.app/spaces/hungry-poet-123456
api_tokens:
  description: The tokens that pass every filter, oldest first. Never a secret.
  returned: success
  type: list
  elements: dict
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
    age_seconds:
      description: Seconds since the token was created.
      type: int
      sample: 86400
    idle_seconds:
      description:
        - Seconds since the token was last used, or since it was created when it was never used (as O(unused_for)
          counts).
      type: int
      sample: 86400
api_time:
  description:
    - The API's clock when it answered the listing, from the C(Date) header of its answer, as RFC 3339 in UTC. Compare
      it with RV(api_tokens[].last_used) rather than the controller's clock.
    - V(null) when the answer had no readable C(Date) header.
  returned: always
  type: str
  sample: '2026-11-30T06:50:41Z'
manage_permission:
  description:
    - Whether the API says the credential may manage API tokens in the scope.
    - V(granted) when it may; V(denied) when the API refused with permission denied; V(unknown) when the API did not
      answer the question (its schema lacks it, or it refused it for another reason).
  returned: when O(check_manage_permission=true)
  type: str
  choices: [granted, denied, unknown]
  sample: granted
manage_permission_detail:
  description: Why RV(manage_permission) is V(denied) or V(unknown), with the API's words; empty when V(granted).
  returned: when O(check_manage_permission=true)
  type: str
  sample: ''
'''


from ansible_collections.mondoo.platform.plugins.module_utils._errors import MondooError
from ansible_collections.mondoo.platform.plugins.module_utils._module_support import (
    MondooModule,
    fail_from_error,
    mondoo_argument_spec,
    run_with_client,
)
from ansible_collections.mondoo.platform.plugins.module_utils._parsing import (
    parse_duration,
    refuse_control_characters,
    role_mrns,
    scope_mrn,
    token_mrn,
    token_name,
)
from ansible_collections.mondoo.platform.plugins.module_utils._token_view import age, idle_time, role_mrns_of, token_view, utc_now
from ansible_collections.mondoo.platform.plugins.module_utils._viewer_check import api_time_from_date


def token_filters(params):
    """Predicates on an API token for each filter given, validated before any request is sent."""
    filters = []
    if params['query'] is not None:
        refuse_control_characters(params['query'], 'query')
    if params['name'] is not None:
        name = token_name(params['name'])
        filters.append(lambda token, now: (token.get('name') or '').strip() == name)
    if params['mrn'] is not None:
        mrn = token_mrn(params['mrn'])
        filters.append(lambda token, now: token.get('mrn') == mrn)
    if params['permissions']:
        wanted = set(role_mrns(params['permissions']))
        filters.append(lambda token, now: wanted <= set(role_mrns_of(token)))
    if params['older_than'] is not None:
        older_than = parse_duration(params['older_than'])
        filters.append(lambda token, now: age(token, now) > older_than)
    if params['unused_for'] is not None:
        unused_for = parse_duration(params['unused_for'])
        filters.append(lambda token, now: idle_time(token, now) > unused_for)
    return filters


def list_tokens(client, params, scope, filters):
    search = params['query'] if params['query'] is not None else params['name']
    tokens = client.list(scope, query=search.strip() if search else None, order=('CREATED_AT', 'ASC'))
    now = utc_now()
    return [dict(token_view(token), age_seconds=int(age(token, now).total_seconds()),
                 idle_seconds=int(idle_time(token, now).total_seconds()))
            for token in tokens if all(matches(token, now) for matches in filters)]


def tokens_and_permission(client, params, scope, filters):
    result = {'api_tokens': list_tokens(client, params, scope, filters),
              'api_time': api_time_from_date(client.transport.last_answer_date)}
    if params['check_manage_permission']:
        result['manage_permission'], result['manage_permission_detail'] = client.manage_permission(scope)
    return result


def main():
    module = MondooModule(
        argument_spec=dict(
            mondoo_argument_spec(),
            space=dict(type='str'),
            organization=dict(type='str'),
            name=dict(type='str'),
            query=dict(type='str'),
            mrn=dict(type='str'),
            permissions=dict(type='list', elements='str'),
            older_than=dict(type='str'),
            unused_for=dict(type='str'),
            check_manage_permission=dict(type='bool', default=False),
        ),
        mutually_exclusive=[('space', 'organization')],
        required_one_of=[('space', 'organization')],
        supports_check_mode=True,
    )
    params = module.params
    try:
        scope = scope_mrn(params['space'], params['organization'])
        filters = token_filters(params)
    except MondooError as error:
        fail_from_error(module, error)
    result = run_with_client(module, lambda client: tokens_and_permission(client, params, scope, filters))
    module.exit_json(changed=False, scope_mrn=scope, **result)


if __name__ == '__main__':
    main()
