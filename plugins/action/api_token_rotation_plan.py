# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.mondoo.platform.plugins.module_utils._errors import ConfigurationError
from ansible_collections.mondoo.platform.plugins.plugin_utils import _rotation as rotation

# phase -> (the function that answers it, the arguments it takes, the key of its answer; None: its answer's keys)
PHASES = {
    'validate': (rotation.settings_problems, ('variables',), 'problems'),
    'decide': (rotation.decide,
               ('name', 'scope', 'permissions', 'max_age', 'force', 'shape', 'listing', 'hosts', 'others'), 'plan'),
    'lagging': (rotation.lagging_hosts, ('target_mrn', 'shape', 'hosts'), 'lagging'),
    'custom_lagging': (rotation.lagging_custom_consumers, ('rotate', 'target_mrn', 'consumers', 'held'), 'lagging'),
    'holders': (rotation.holders_of, ('target_mrn', 'steps', 'metadata', 'custom_verified', 'custom_held'), 'holders'),
    'consumers': (rotation.consumers_of, ('declared', 'groups', 'play_hosts', 'limited', 'custom_names'), 'consumers'),
    'rollback': (rotation.rollback_plan, ('pushed', 'existing_mrns'), 'plan'),
    'retire': (rotation.retirement, ('name', 'target', 'tokens', 'keep', 'force', 'switch_time', 'consumers', 'holders',
                                     'known_mrns'), 'plan'),
    'switch_time': (rotation.latest_time, ('times',), 'time'),
    'summary': (rotation.account, ('name', 'outcome'), None),
}


class ActionModule(ActionBase):
    """Answers one of the role api_token_rotation's questions on the controller; changes nothing anywhere."""

    _supports_check_mode = True
    _supports_async = False
    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        arguments = dict(self._task.args)
        phase = arguments.pop('phase', None)
        if phase not in PHASES:
            raise AnsibleActionFail('phase must be one of %s, not %r' % (', '.join(sorted(PHASES)), phase))
        answer, parameters, key = PHASES[phase]
        unknown = sorted(set(arguments) - set(parameters))
        missing = sorted(set(parameters) - set(arguments))
        if unknown or missing:
            raise AnsibleActionFail('phase %s takes %s; %s' % (phase, ', '.join(parameters), '; '.join(
                part for part in ('unknown: ' + ', '.join(unknown) if unknown else '',
                                  'missing: ' + ', '.join(missing) if missing else '') if part)))
        try:
            answered = answer(*(arguments[name] for name in parameters))
            result.update(answered if key is None else {key: answered})
        except ConfigurationError as exc:
            raise AnsibleActionFail(exc.message) from None
        result['changed'] = False
        return result
