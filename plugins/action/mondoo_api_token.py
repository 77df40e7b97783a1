# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.plugins.action import ActionBase


class ActionModule(ActionBase):
    """Runs the mondoo_api_token module and hides the task's output whenever it returns a secret.

    The registered result keeps the secret for the tasks that need it; what is displayed or sent to
    callbacks (at any verbosity) is censored as if the task had `no_log: true`, so a playbook that
    forgets `no_log` still does not print a new token.
    """

    _supports_check_mode = True
    _supports_async = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        result.update(self._execute_module(module_name=self._task.resolved_action, module_args=self._task.args, task_vars=task_vars))
        if result.get('secret'):
            result['_ansible_no_log'] = True
        return result
