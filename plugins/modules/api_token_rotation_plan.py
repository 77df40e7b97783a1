#!/usr/bin/python
# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: api_token_rotation_plan
short_description: The decisions of the role api_token_rotation (internal to the role)
version_added: 1.0.0
description:
  - Answers one of the questions of the role C(mondoo.platform.api_token_rotation) on the controller, from what
    the role gathered. Whether its variables are fine, whether to rotate, which hosts lag, which hosts to roll back,
    which tokens to retire, and what to say about the run.
  - It talks to no API and no host and never sees a secret. Its arguments and answers belong to the role and may
    change in any release; use the role, not this action.
author:
  - Mondoo Platform collection maintainers (@mondoo-platform-collection)
attributes:
  check_mode:
    support: full
    description: It only computes.
  diff_mode:
    support: none
    description: It only computes.
  action:
    support: full
    description: Runs on the controller as an action plugin.
options:
  phase:
    description:
      - The question, one of V(validate), V(decide), V(lagging), V(custom_lagging), V(holders), V(consumers), V(rollback),
        V(retire), V(switch_time) or V(summary).
      - Each phase takes its own further arguments, as the role's task files pass them.
    type: str
    required: true
'''

EXAMPLES = r'''
- name: Not for direct use; the role api_token_rotation asks it, for example
  mondoo.platform.api_token_rotation_plan:
    phase: validate
    variables:
      name: fleet-agent
      space: hungry-poet-123456
  register: checked
'''

RETURN = r'''
problems:
  description: For V(validate), every problem with the role's variables.
  returned: with phase validate
  type: list
  elements: str
plan:
  description: For V(decide), V(rollback) and V(retire), the decision.
  returned: with those phases
  type: dict
lagging:
  description:
    - For V(lagging), the hosts whose file does not hold the target token.
    - For V(custom_lagging), the custom consumers to push to.
  returned: with phases lagging and custom_lagging
  type: list
  elements: str
holders:
  description: For V(holders), the hosts that hold the target token.
  returned: with phase holders
  type: list
  elements: str
consumers:
  description: For V(consumers), every consumer of the family, or null when a limited run cannot know them.
  returned: with phase consumers
  type: list
  elements: str
time:
  description: For V(switch_time), the latest of the given times.
  returned: with phase switch_time
  type: str
msg:
  description: For V(summary), the run's one-line account.
  returned: with phase summary
  type: str
stats:
  description:
    - For V(summary), what the run did as data (names, MRNs and host names, never a secret), which the role hands to
      C(set_stats).
    - Its keys are C(name), C(result) (V(rotated), V(current), V(rolled_back), V(stopped) or V(check_mode)), C(token) (C(mrn) and
      C(name) of the token the run brought the hosts to, new or current), C(created), C(new_token_deleted) (by a
      rollback), C(pushed), C(verified), C(failed) (host to
      reason), C(restored), C(retired) (C(mrn) and C(name) of each), C(retire_failures) and C(waiting).
  returned: with phase summary
  type: dict
'''
