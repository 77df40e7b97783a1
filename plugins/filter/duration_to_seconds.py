# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: duration_to_seconds
version_added: 1.0.0
short_description: Turn a duration such as C(30d) into seconds
description:
  - Reads a duration the way the modules' O(mondoo.platform.mondoo_api_token#module:max_age) does
    (units C(w), C(d), C(h), C(m), C(s), largest first) and returns its length in seconds.
author:
  - Mondoo Platform collection maintainers (@mondoo-platform-collection)
options:
  _input:
    description: The duration.
    type: str
    required: true
'''

EXAMPLES = r'''
- name: Ninety days, in seconds
  ansible.builtin.debug:
    msg: "{{ '90d' | mondoo.platform.duration_to_seconds }}"
'''

RETURN = r'''
_value:
  description: The duration in seconds.
  type: int
  sample: 7776000
'''

from ansible.errors import AnsibleFilterError

from ansible_collections.mondoo.platform.plugins.module_utils._errors import ConfigurationError
from ansible_collections.mondoo.platform.plugins.module_utils._parsing import parse_duration


def duration_to_seconds(duration):
    """Seconds in a duration such as '30d', '12h' or '1w2d', as the modules' max_age takes it."""
    try:
        return int(parse_duration(duration).total_seconds())
    except ConfigurationError as exc:
        raise AnsibleFilterError(exc.message) from None


class FilterModule(object):
    def filters(self):
        return {'duration_to_seconds': duration_to_seconds}
