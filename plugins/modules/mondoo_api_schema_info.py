#!/usr/bin/python
# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: mondoo_api_schema_info
short_description: Check every GraphQL document of this collection against a live Mondoo API, read-only
version_added: 1.0.0
description:
  - Reads the schema of the Mondoo API the credential reaches with one introspection query, and validates every GraphQL
    document the collection sends (queries and mutations), and the input values it sends, against that schema.
  - Reports, per document, whether it is valid and what differs (a missing field, a changed type, a missing argument),
    and whether the API's C(viewer) answers for this credential.
  - Sends no mutation. Where the API refuses introspection, it says so and sends each read-only document once instead;
    mutations are then reported as not checked.
  - The playbook C(mondoo.platform.live_check) runs this module and prints the result as a table; a module of the
    collection that meets a schema it does not expect names that playbook in its error.
author:
  - Mondoo Platform collection maintainers (@mondoo-platform-collection)
extends_documentation_fragment:
  - mondoo.platform.mondoo
  - mondoo.platform.mondoo.ACTION_GROUP
  - mondoo.platform.mondoo.CHECK_MODE_READ_ONLY
requirements:
  - graphql-core >= 3.2
attributes:
  diff_mode:
    support: none
    description: Only reads; there is nothing to compare.
options:
  space:
    description:
      - A space (id or MRN) whose token list and service-account count the read-only fallback may ask for once. Not
        needed when the API answers introspection.
    type: str
  organization:
    description:
      - An organization (id or MRN), instead of O(space), for the same purpose.
    type: str
notes:
  - Requests sent, with introspection allowed, two (the introspection query and C(viewer)); without, one more per
    read-only document.
seealso:
  - module: mondoo.platform.mondoo_api_token
'''

EXAMPLES = r'''
- name: Check the collection against the API before relying on it
  mondoo.platform.mondoo_api_schema_info:
  register: mondoo_schema

- name: Stop when the API's schema is not the one this collection expects
  ansible.builtin.assert:
    that: mondoo_schema.matches
    fail_msg: "{{ mondoo_schema.table }}"
'''

RETURN = r'''
matches:
  description: Whether every document was checked and is valid against the live schema.
  returned: success
  type: bool
  sample: true
introspection:
  description: Whether the API answered the introspection query.
  returned: success
  type: bool
  sample: true
introspection_refusal:
  description: The API's words when it refused introspection.
  returned: success
  type: str
  sample: null
endpoint:
  description: The endpoint asked (scheme, host, port) and where that endpoint came from.
  returned: success
  type: str
  sample: https://us.api.mondoo.com:443 (the endpoint from region us)
documents:
  description: One entry per GraphQL document of the collection.
  returned: success
  type: list
  elements: dict
  contains:
    operation:
      description: The operation's name.
      type: str
      sample: APITokens
    kind:
      description: V(query) or V(mutation).
      type: str
      sample: query
    result:
      description: V(valid), V(differs) or V(not checked).
      type: str
      sample: valid
    differences:
      description: What the live schema refuses, in the validator's words.
      type: list
      elements: str
      sample: ["Cannot query field 'lastUsed' on type 'APIToken'."]
    notes:
      description: Deprecated fields in use, or why the document was not checked.
      type: list
      elements: str
      sample: []
viewer:
  description: Whether the API's C(viewer) answered for this credential, with the MRN it reported or the API's words.
  returned: success
  type: dict
  sample: {answered: true, mrn: //agents.api.mondoo.app/spaces/hungry-poet-123456/serviceaccounts/2Yb3kPq}
table:
  description: The same report as a table, one line per list item, for people.
  returned: success
  type: list
  elements: str
'''


from ansible_collections.mondoo.platform.plugins.module_utils._errors import MondooError
from ansible_collections.mondoo.platform.plugins.module_utils._module_support import (
    MondooModule,
    fail_from_error,
    mondoo_argument_spec,
    run_with_client,
)
from ansible_collections.mondoo.platform.plugins.module_utils._parsing import scope_mrn
from ansible_collections.mondoo.platform.plugins.module_utils._schema_check import check_live_api, report_lines


def main():
    module = MondooModule(
        argument_spec=dict(mondoo_argument_spec(), space=dict(type='str'), organization=dict(type='str')),
        mutually_exclusive=[('space', 'organization')],
        supports_check_mode=True,
    )
    params = module.params
    try:
        scope = scope_mrn(params['space'], params['organization']) if params['space'] or params['organization'] else None
    except MondooError as error:
        fail_from_error(module, error)
    report = run_with_client(module, lambda client: check_live_api(client, scope))
    module.exit_json(changed=False, table=report_lines(report), **report)


if __name__ == '__main__':
    main()
