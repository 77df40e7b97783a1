# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import json
import os
import subprocess
import sys

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

# Holds an exclusive flock on the lock file for as long as the ansible-playbook process (its argument) lives, so
# that a run that ends, fails or is killed releases it within half a second. Says "held" or "busy <holder>" first.
HOLDER = r'''
import fcntl, json, os, sys, time
path, owner, run = sys.argv[1], int(sys.argv[2]), sys.argv[3]
descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
try:
    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
except OSError:
    print('busy ' + os.read(descriptor, 4096).decode('utf-8', 'replace').strip(), flush=True)
    sys.exit(0)
os.ftruncate(descriptor, 0)
os.write(descriptor, json.dumps({'pid': owner, 'run': run, 'since': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}).encode())
print('held', flush=True)
sys.stdout.close()
while True:
    try:
        os.kill(owner, 0)
    except ProcessLookupError:
        break
    except PermissionError:
        pass
    time.sleep(0.5)
'''


class ActionModule(ActionBase):
    """Takes the controller-side lock of a token family for the rest of this ansible-playbook run."""

    _supports_check_mode = True
    _supports_async = False
    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        family, run_id = self._task.args.get('family'), self._task.args.get('run_id')
        if not isinstance(family, str) or not family or not isinstance(run_id, str) or not run_id:
            raise AnsibleActionFail('family and run_id are required text')
        directory = os.path.expanduser(self._task.args.get('directory') or '~/.ansible/tmp')
        os.makedirs(directory, mode=0o700, exist_ok=True)
        path = os.path.join(directory, 'mondoo-api-token-rotation-%s.lock' % hashlib.sha256(family.encode()).hexdigest()[:16])
        # The worker that runs this task is a child of the ansible-playbook process.
        owner = os.getppid()
        holder = subprocess.Popen([sys.executable, '-c', HOLDER, path, str(owner), run_id], stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True)
        answer = holder.stdout.readline().decode('utf-8', 'replace').strip()
        holder.stdout.close()
        if answer == 'held':
            result.update(changed=False, lock_file=path)
            return result
        other = _holder_of(answer)
        if other.get('pid') == owner:
            result.update(changed=False, lock_file=path)  # an earlier include of the role in this same run holds it
            return result
        raise AnsibleActionFail(
            'another rotation of %s is running on this controller (run %s, started %s, ansible-playbook process %s); '
            'this run changed nothing. Let it finish, then run again (in AWX, leave "concurrent jobs" off for the job '
            'template)' % (family, other.get('run', '?'), other.get('since', '?'), other.get('pid', '?')))


def _holder_of(answer):
    try:
        holder = json.loads(answer[len('busy '):]) if answer.startswith('busy ') else {}
    except ValueError:
        holder = {}
    return holder if isinstance(holder, dict) else {}
