#!/usr/bin/python
# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: api_token_rotation_lock
short_description: The controller-side lock of a token family (internal to the role api_token_rotation)
version_added: 1.0.0
description:
  - Takes an exclusive lock, on the controller, for one token family, held until the C(ansible-playbook) run that took
    it ends, however it ends (a killed run releases it within a second). A second run of the same family on the same
    controller fails at once, saying which run holds the lock, before it asks the API anything or touches a host.
  - Used by the role C(mondoo.platform.api_token_rotation); its arguments may change in any release.
  - Runs on different controllers are not seen by this lock; the role detects them at retirement instead.
author:
  - Mondoo Platform collection maintainers (@mondoo-platform-collection)
attributes:
  check_mode:
    support: full
    description: Takes the lock in check mode too.
  diff_mode:
    support: none
    description: Changes no file of note.
  action:
    support: full
    description: Runs on the controller as an action plugin.
options:
  family:
    description: The family's identity, for example its scope MRN and name.
    type: str
    required: true
  run_id:
    description: The run that takes the lock, named to the runs it turns away.
    type: str
    required: true
  directory:
    description: Where the lock files live on the controller.
    type: path
    default: ~/.ansible/tmp
'''

EXAMPLES = r'''
- name: Not for direct use; the role api_token_rotation takes it, for example
  mondoo.platform.api_token_rotation_lock:
    family: //captain.api.mondoo.app/spaces/hungry-poet-123456 fleet-agent
    run_id: 0a1b2c
'''

RETURN = r'''
lock_file:
  description: The lock file.
  returned: success
  type: str
  sample: /root/.ansible/tmp/mondoo-api-token-rotation-3f2a9c0d1e2b4a5c.lock
'''
