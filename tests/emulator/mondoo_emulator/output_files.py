# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The files the emulator hands out: the connection file and service-account credential files beside it (all 0600)."""

import contextlib
import os

from .persistence import write_json_atomically


class OutputFiles:
    """Writes the files and removes them all when the emulator stops."""

    def __init__(self, connection_file):
        self.connection_file = os.path.abspath(connection_file)
        self._directory = os.path.dirname(self.connection_file)
        self._stem = os.path.splitext(os.path.basename(self.connection_file))[0]
        self._written = []

    def write_connection(self, document):
        self._write(self.connection_file, document)

    def credential_writer(self, batch):
        """A function that writes `<connection file stem>.<batch>.<credential>.json` and returns its path."""
        def write_credential(credential, document):
            path = os.path.join(self._directory, f"{self._stem}.{batch}.{credential}.json")
            self._write(path, document)
            return path
        return write_credential

    def _write(self, path, document):
        write_json_atomically(path, document)
        self._written.append(path)

    def remove_all(self):
        for path in self._written:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        self._written.clear()
