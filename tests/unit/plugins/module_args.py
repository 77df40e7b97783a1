# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``patch_module_args(args)``: run an AnsibleModule with ARGS as its parameters, on every supported ansible-core.

ansible-core 2.19 and newer provide it; before 2.19, AnsibleModule reads its parameters from
``basic._ANSIBLE_ARGS``, the JSON document a real module run receives.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import contextlib
import json

from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core before 2.19
    @contextlib.contextmanager
    def patch_module_args(args=None):
        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = to_bytes(json.dumps({'ANSIBLE_MODULE_ARGS': args or {}}))
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved

__all__ = ('patch_module_args',)
