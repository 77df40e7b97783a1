#!/usr/bin/python
# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: mondoo_api_token_file_info
short_description: Check, on a managed host, that the Mondoo API token in a file works
version_added: 1.0.0
description:
  - Reads the API token from a file on the host the task runs on, asks the Mondoo API who it authenticates as (the
    API's C(viewer)), and returns the answer. The token never leaves the host and is never returned.
  - The check proves that the API accepts the token. It does not compare the identity the API reports with a token's
    MRN, because what C(viewer) reports for an API token is not documented by Mondoo.
  - Meant for the hosts that consume a token, for example after a rotation, to prove that what they were given works
    from where they are. Needs nothing beyond Python on the host.
  - Not a member of the C(mondoo.platform.mondoo) action group, whose credential options it does not take.
author:
  - Mondoo Platform collection maintainers (@mondoo-platform-collection)
extends_documentation_fragment:
  - mondoo.platform.mondoo.host_api
attributes:
  check_mode:
    support: full
    description: Only reads, so it works the same in check mode.
  diff_mode:
    support: none
    description: Only reads; there is nothing to compare.
options:
  path:
    description:
      - The file that holds the token, on the host the task runs on.
    type: path
    required: true
  format:
    description:
      - V(raw), the token alone; V(env), a line C(KEY=token); V(json), an object with the token under O(key).
    type: str
    choices: [raw, env, json]
    default: raw
  key:
    description:
      - The variable name (O(format=env)) or JSON member (O(format=json)) that holds the token.
      - Defaults to V(MONDOO_API_TOKEN) for V(env) and V(api_token) for V(json).
    type: str
notes:
  - The task does not retry; use C(retries) and C(until) to ride out a token that is not usable everywhere yet.
seealso:
  - module: mondoo.platform.mondoo_api_token
'''

EXAMPLES = r'''
- name: Check that the agent's token works from the agent's host
  mondoo.platform.mondoo_api_token_file_info:
    path: /etc/opt/mondoo/api_token
  register: agent_identity
  retries: 5
  delay: 3
  until: agent_identity is succeeded

- name: The same for a token kept in an environment file
  mondoo.platform.mondoo_api_token_file_info:
    path: /etc/default/mondoo-exporter
    format: env
    key: MONDOO_API_TOKEN
    region: eu
'''

RETURN = r'''
viewer:
  description: Who the token authenticates as, as the API says.
  returned: success
  type: dict
  contains:
    mrn:
      description: The MRN of the identity the API reports for the token.
      type: str
      sample: //captain.api.mondoo.app/spaces/hungry-poet-123456/apitokens/2Yb3kPq
api_time:
  description:
    - The API's clock when it answered, from the C(Date) header of its answer, as RFC 3339 in UTC.
    - V(null) when the answer had no readable C(Date) header.
  returned: success
  type: str
  sample: '2026-11-30T06:50:41Z'
'''

import os

from ansible_collections.mondoo.platform.plugins.module_utils import _viewer_check as viewer_check
from ansible_collections.mondoo.platform.plugins.module_utils._auth import check_transport_security, resolve_endpoint
from ansible_collections.mondoo.platform.plugins.module_utils._errors import MondooError
from ansible_collections.mondoo.platform.plugins.module_utils._module_support import (
    MondooModule,
    api_endpoint_argument_spec,
    fail_from_error,
)


def main():
    module = MondooModule(
        argument_spec=dict(
            path=dict(type='path', required=True),
            format=dict(type='str', choices=['raw', 'env', 'json'], default='raw'),
            key=dict(type='str', no_log=False),
            **api_endpoint_argument_spec()
        ),
        supports_check_mode=True,
    )
    try:
        endpoint, endpoint_source = resolve_endpoint(module.params, os.environ)
        for warning in check_transport_security(endpoint, endpoint_source, module.params['allow_insecure_http']):
            module.warn(warning)
        token = viewer_check.read_token(module.params['path'], module.params['format'], module.params['key'])
        module.no_log_values.add(token)
        check = viewer_check.ask_viewer(module.params, endpoint, endpoint_source, token)
    except MondooError as error:
        fail_from_error(module, error)
    module.exit_json(changed=False, viewer={'mrn': check.viewer.get('mrn')}, api_time=check.api_time)


if __name__ == '__main__':
    main()
