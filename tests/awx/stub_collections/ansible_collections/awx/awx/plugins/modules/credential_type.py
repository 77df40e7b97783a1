# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A stand-in for awx.awx.credential_type in the awx gate, which has no AWX to talk to: takes the options the real
module takes and returns them as `received`, so that the test sees exactly what the playbook would send."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(argument_spec=dict(
        name=dict(type='str', required=True), description=dict(type='str'), kind=dict(type='str'),
        inputs=dict(type='dict'), injectors=dict(type='dict'), state=dict(type='str', default='present')))
    module.exit_json(changed=True, received=module.params)


if __name__ == '__main__':
    main()
