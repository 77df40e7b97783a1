# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The log of calls to the GraphQL endpoint: operation, caller, status and time; never a secret or header."""

import collections
import threading

LOG_LIMIT = 10000


class RequestLog:
    """The most recent calls, oldest first, at most LOG_LIMIT of them."""

    def __init__(self):
        self._lock = threading.Lock()
        self._entries = collections.deque(maxlen=LOG_LIMIT)

    def record(self, operation, caller, status, time):
        with self._lock:
            self._entries.append({"operation": operation, "caller": caller, "status": status, "time": time})

    def entries(self):
        with self._lock:
            return list(self._entries)

    def clear(self):
        with self._lock:
            self._entries.clear()
