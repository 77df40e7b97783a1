# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reading and atomically replacing JSON files (state, connection and credential files)."""

import json
import os
import tempfile


def read_json(path):
    with open(path, encoding="utf-8") as stream:
        return json.load(stream)


def write_json_atomically(path, document, mode=0o600):
    """Write to a temporary file beside `path`, flush and fsync it, then rename it over `path`.

    Readers see the old file or the new one, never a part; a failure leaves the old file untouched.
    """
    text = json.dumps(document, separators=(",", ":"))
    directory = os.path.dirname(os.path.abspath(path))
    descriptor, temporary_path = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            os.fchmod(stream.fileno(), mode)
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary_path, path)
    except BaseException:
        os.unlink(temporary_path)
        raise
    _fsync_directory(directory)


def _fsync_directory(directory):
    """Make the rename itself durable."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
