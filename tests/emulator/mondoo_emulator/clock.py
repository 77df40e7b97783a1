# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator's clock: real UTC time shifted by an offset that tests control."""

import datetime
import threading

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def format_timestamp(moment):
    """RFC 3339 in UTC with second precision; such strings sort in time order."""
    return moment.astimezone(datetime.timezone.utc).strftime(TIMESTAMP_FORMAT)


def parse_timestamp(text):
    """Parse an RFC 3339 timestamp that names its offset (`Z` or `+HH:MM`)."""
    moment = datetime.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"timestamp {text!r} has no time zone")
    return moment


class Clock:
    def __init__(self):
        self._offset = datetime.timedelta()
        self._lock = threading.Lock()

    @property
    def offset_seconds(self):
        with self._lock:
            return self._offset.total_seconds()

    def set_offset(self, seconds):
        with self._lock:
            self._offset = datetime.timedelta(seconds=seconds)

    def now(self):
        with self._lock:
            offset = self._offset
        return datetime.datetime.now(datetime.timezone.utc) + offset

    def timestamp(self):
        return format_timestamp(self.now())
