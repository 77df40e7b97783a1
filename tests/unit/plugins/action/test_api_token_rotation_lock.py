# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import subprocess
import sys
import time

from ansible_collections.mondoo.platform.plugins.action.api_token_rotation_lock import HOLDER, _holder_of


def take(path, owner, run_id):
    """Starts a lock holder for OWNER's process; returns (its first line, the holder process)."""
    # pylint: disable-next=consider-using-with
    holder = subprocess.Popen([sys.executable, '-c', HOLDER, str(path), str(owner.pid), run_id], stdout=subprocess.PIPE,
                              stdin=subprocess.DEVNULL, text=True)
    answer = holder.stdout.readline().strip()
    holder.stdout.close()
    return answer, holder


def run_that_lives():
    # pylint: disable-next=consider-using-with
    return subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])


def test_the_lock_is_held_until_the_run_that_took_it_ends_however_it_ends(tmp_path):
    path = tmp_path / 'family.lock'
    first, second = run_that_lives(), run_that_lives()
    try:
        answer, holder = take(path, first, 'aaaaaa')
        assert answer == 'held'
        busy, turned_away = take(path, second, 'bbbbbb')
        assert turned_away.wait(timeout=10) == 0
        assert busy.startswith('busy ')
        assert _holder_of(busy)['run'] == 'aaaaaa'
        assert _holder_of(busy)['pid'] == first.pid

        first.kill()  # as SIGKILL ends a run: no clean-up of its own
        first.wait()
        assert holder.wait(timeout=10) == 0
        started = time.monotonic()
        answer, holder = take(path, second, 'bbbbbb')
        assert answer == 'held'
        assert time.monotonic() - started < 5
        assert json.loads(path.read_text())['run'] == 'bbbbbb'
        assert path.stat().st_mode & 0o777 == 0o600
    finally:
        for process in (first, second):
            process.kill()
            process.wait()
    holder.wait(timeout=10)


def test_an_unreadable_holder_answer_names_no_holder():
    assert _holder_of('busy not json') == {}
    assert _holder_of('busy [1, 2]') == {}
    assert _holder_of('held') == {}
