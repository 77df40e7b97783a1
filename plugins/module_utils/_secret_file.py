# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection; no compatibility promise.

"""The file mondoo_api_token writes a new token's secret to, so that a run whose output is hidden (an ad-hoc command,
a job template) does not lose it. Errors name the path and the system's reason, never the secret."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import stat

from ansible_collections.mondoo.platform.plugins.module_utils._errors import ConfigurationError
from ansible_collections.mondoo.platform.plugins.module_utils._host_files import (
    Remove,
    Write,
    apply_operations,
    read_file,
    reason_of,
)

SECRET_FILE_MODE = 0o600


class SecretFile:
    """A path checked when the object is made, before any request is sent; ``write(secret)`` replaces the file
    atomically, and ``put_back()`` undoes that write."""

    def __init__(self, path):
        self.path = path
        self._before = None
        _check_writable(path)

    def write(self, secret, action):
        """Replace the file with ``secret`` and a newline, mode 0600; on a failure, raise MondooError, the file as it was."""
        self._before = read_file(self.path, 'secret_file', action)
        apply_operations([Write(self.path, (secret + '\n').encode('utf-8'), SECRET_FILE_MODE)], action)

    def put_back(self, action):
        """Put the file back as it was before write(): its content, mode and owner, or no file at all."""
        before = self._before
        operation = Remove(self.path) if before is None else Write(self.path, before.data, before.mode, before.uid, before.gid)
        apply_operations([operation], action)


def _check_writable(path):
    if not os.path.isabs(path):
        raise ConfigurationError('secret_file must be an absolute path, not %r' % path)
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    except OSError as exc:
        raise ConfigurationError('cannot check secret_file %s: %s' % (path, reason_of(exc))) from None
    if mode is not None and stat.S_ISLNK(mode):
        raise ConfigurationError('secret_file %s is a symbolic link, which writing the file would replace rather than '
                                 'follow; give the path of the file itself' % path)
    if mode is not None and stat.S_ISDIR(mode):
        raise ConfigurationError('secret_file %s is a directory; give the path of a file' % path)
    if mode is not None and not stat.S_ISREG(mode):
        raise ConfigurationError('secret_file %s exists and is not a regular file' % path)
    directory = os.path.dirname(path)
    if not os.path.isdir(directory):
        problem = 'is not a directory' if os.path.exists(directory) else 'does not exist'
        raise ConfigurationError('secret_file %s cannot be written: its directory %s %s' % (path, directory, problem))
    if not os.access(directory, os.W_OK | os.X_OK):
        raise ConfigurationError('secret_file %s cannot be written: the user running the module may not create files '
                                 'in %s' % (path, directory))
