# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Injected faults: the next N calls of an operation (a GraphQL field, or the RPC ExchangeExternalToken) fail in a chosen way."""

import collections
import dataclasses
import threading
from typing import Optional

from .errors import GRPC_NAMES

STATUS = "status"
DROP = "drop"
DELAY = "delay"
AFTER_COMMIT = "after_commit"
ERROR = "error"
KINDS = (STATUS, DROP, DELAY, AFTER_COMMIT, ERROR)
FAULT_STATUSES = (429, 500, 502, 503)
ERROR_CODES = tuple(GRPC_NAMES.values())
AFTER_COMMIT_STATUS = 502


@dataclasses.dataclass
class Fault:
    kind: str
    remaining: int
    status: Optional[int] = None
    retry_after: Optional[int] = None
    delay: Optional[float] = None
    code: Optional[str] = None


def parse_fault(spec):
    """The operation name and Fault of a `POST {control}/faults` body; raises ValueError with the reason."""
    if not isinstance(spec, dict):
        raise ValueError("the fault must be a JSON object")
    operation, kind, count = spec.get("operation"), spec.get("kind"), spec.get("count", 1)
    if not isinstance(operation, str) or not operation:
        raise ValueError("operation must name a GraphQL field, e.g. generateAPIToken, or ExchangeExternalToken")
    if kind not in KINDS:
        raise ValueError(f"kind must be {', '.join(KINDS[:-1])} or {KINDS[-1]}")
    if not _is_number(count, integer=True) or count < 1:
        raise ValueError("count must be a positive integer")
    fault = Fault(kind=kind, remaining=count)
    if kind == STATUS:
        fault.status = spec.get("status")
        if fault.status not in FAULT_STATUSES:
            raise ValueError(f"status must be one of {', '.join(map(str, FAULT_STATUSES))}")
        fault.retry_after = spec.get("retry_after")
        if fault.retry_after is not None and (not _is_number(fault.retry_after, integer=True) or fault.retry_after < 0):
            raise ValueError("retry_after must be a non-negative integer number of seconds")
    if kind == DELAY:
        fault.delay = spec.get("delay")
        if not _is_number(fault.delay) or not 0 <= fault.delay <= 60:
            raise ValueError("delay must be a number of seconds from 0 to 60")
    if kind == ERROR:
        fault.code = spec.get("code")
        if fault.code not in ERROR_CODES:
            raise ValueError(f"code must be one of {', '.join(ERROR_CODES)}")
    return operation, fault


def _is_number(value, integer=False):
    allowed = int if integer else (int, float)
    return isinstance(value, allowed) and not isinstance(value, bool)


class FaultInjector:
    """Armed faults per operation, used first in, first out."""

    def __init__(self):
        self._lock = threading.Lock()
        self._faults = collections.defaultdict(collections.deque)

    def arm(self, operation, fault):
        with self._lock:
            self._faults[operation].append(fault)

    def take(self, operation):
        """The fault the next call of `operation` suffers, or None."""
        with self._lock:
            queue = self._faults.get(operation)
            if not queue:
                return None
            fault = queue[0]
            fault.remaining -= 1
            if fault.remaining == 0:
                queue.popleft()
            return dataclasses.replace(fault)

    def clear(self):
        with self._lock:
            self._faults.clear()

    def armed(self):
        with self._lock:
            return [dict(dataclasses.asdict(fault), operation=operation) for operation, queue in self._faults.items() for fault in queue]
