# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection; no compatibility promise.

"""Files on a managed host written as one transaction: each through a temporary file beside it, synced and renamed
over it, in order; on a failure what was already changed is put back. Needs nothing but Python."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import grp
import os
import pwd
import re
import stat
import tempfile

from collections import namedtuple

from ansible_collections.mondoo.platform.plugins.module_utils._errors import ConfigurationError, MondooError

_OCTAL_MODE = re.compile(r'^(?:0o)?([0-7]{1,4})$')

# The state of a file: its bytes, permission bits and owner.
FileState = namedtuple('FileState', ['data', 'mode', 'uid', 'gid'])


class Write:
    """Replace ``path`` with ``data``, ``mode`` and owner ``uid``/``gid`` (-1: as it comes); ``strict_*``: a refused
    chown fails, else it is let go (as cp -p does for a user who may not give files away)."""

    def __init__(self, path, data, mode, uid=-1, gid=-1, strict_uid=False, strict_gid=False):
        self.path = path
        self.data = data
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.strict_uid = strict_uid
        self.strict_gid = strict_gid

    def differs_from(self, current):
        """Whether the file as it is (a FileState or None) differs from what this write makes of it."""
        data_or_mode_differs = current is None or current.data != self.data or current.mode != self.mode
        return data_or_mode_differs or (self.strict_uid and current.uid != self.uid) or (self.strict_gid and current.gid != self.gid)


class Remove:
    """Remove ``path`` if it exists."""

    def __init__(self, path):
        self.path = path


def parse_mode(value):
    """Permission bits from an octal string ('0600', '600', '0o600') or a number."""
    if isinstance(value, int) and not isinstance(value, bool):
        mode = value
    else:
        match = _OCTAL_MODE.match(value.strip()) if isinstance(value, str) else None
        if not match:
            raise ConfigurationError("mode must be an octal number such as '0600', not %r" % (value,))
        mode = int(match.group(1), 8)
    if not 0 <= mode <= 0o7777:
        raise ConfigurationError("mode must be an octal number such as '0600', not %r" % (value,))
    return mode


def user_id(owner):
    try:
        return pwd.getpwnam(owner).pw_uid
    except KeyError:
        if owner.isdigit():
            return int(owner)
        raise ConfigurationError('owner %r is not a user on this host' % owner) from None


def group_id(group):
    try:
        return grp.getgrnam(group).gr_gid
    except KeyError:
        if group.isdigit():
            return int(group)
        raise ConfigurationError('group %r is not a group on this host' % group) from None


# ---------------------------------------------------------------------------------------------
# Reading


def read_file(path, what, action=None):
    """The FileState of ``path``, or None when there is no such file."""
    try:
        with open(path, 'rb') as handle:
            data = handle.read()
            status = os.fstat(handle.fileno())
    except FileNotFoundError:
        return None
    except (IOError, OSError) as exc:
        raise MondooError('cannot read %s %s: %s' % (what, path, reason_of(exc)), action=action) from None
    return FileState(data, stat.S_IMODE(status.st_mode), status.st_uid, status.st_gid)


def reason_of(exc):
    return exc.strerror or type(exc).__name__


# ---------------------------------------------------------------------------------------------
# Writing: every file through a temporary file in its directory, renamed over it; undone on failure


def apply_operations(operations, action):
    """Carry out ``operations`` in order; on a failure, put back what was changed and raise MondooError."""
    staged = []
    applied = []
    try:
        for operation in operations:
            staged.append(_stage(operation.path, operation) if isinstance(operation, Write) else None)
        for operation, temporary in zip(operations, staged):
            before = read_file(operation.path, 'the file')
            if temporary is not None:
                _rename(temporary, operation.path)
            elif before is not None:
                _remove(operation.path)
            else:
                continue
            applied.append((operation, before))
    except MondooError as error:
        undo_problems = _undo(applied)
        _discard(staged)
        failure = MondooError(error.detail + ''.join('; ' + problem for problem in undo_problems), action=action)
        failure.changed = bool(undo_problems)
        raise failure from None
    _sync_directories(operation.path for operation, before in applied)


def _stage(path, write):
    """A temporary file beside ``path`` with the write's content, owner and mode, synced to disk; its name."""
    directory = os.path.dirname(path) or '.'
    if not os.path.isdir(directory):
        raise MondooError('cannot write %s: the directory %s does not exist' % (path, directory))
    try:
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix='.%s.' % os.path.basename(path), suffix='.tmp')
    except (IOError, OSError) as exc:
        raise MondooError('cannot write %s: %s' % (path, reason_of(exc))) from None
    try:
        with os.fdopen(descriptor, 'wb') as handle:
            handle.write(write.data)
            handle.flush()
            _give_owner(handle.fileno(), write, path)
            os.fchmod(handle.fileno(), write.mode)
            os.fsync(handle.fileno())
    except (IOError, OSError) as exc:
        _discard([temporary])
        raise MondooError('cannot write %s: %s' % (path, reason_of(exc))) from None
    except MondooError:
        _discard([temporary])
        raise
    return temporary


def _give_owner(descriptor, write, path):
    status = os.fstat(descriptor)
    if write.uid >= 0 and status.st_uid != write.uid:
        _change_owner(descriptor, write.uid, -1, write.strict_uid, 'cannot give %s the owner %d' % (path, write.uid))
    if write.gid >= 0 and status.st_gid != write.gid:
        _change_owner(descriptor, -1, write.gid, write.strict_gid, 'cannot give %s the group %d' % (path, write.gid))


def _change_owner(descriptor, uid, gid, strict, what):
    try:
        os.fchown(descriptor, uid, gid)
    except PermissionError as exc:
        if strict:
            raise MondooError('%s: %s' % (what, reason_of(exc))) from None


def _rename(temporary, path):
    try:
        os.replace(temporary, path)
    except (IOError, OSError) as exc:
        raise MondooError('cannot replace %s: %s' % (path, reason_of(exc))) from None


def _remove(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except (IOError, OSError) as exc:
        raise MondooError('cannot remove %s: %s' % (path, reason_of(exc))) from None


def _undo(applied):
    """Put back the files ``applied`` changed, last first; what could not be put back, in words."""
    problems = []
    for operation, before in reversed(applied):
        try:
            if before is None:
                _remove(operation.path)
            else:
                _rename(_stage(operation.path, Write(operation.path, before.data, before.mode, before.uid, before.gid)), operation.path)
        except MondooError as error:
            problems.append('putting back %s failed too (%s)' % (operation.path, error.detail))
    return problems


def _discard(temporaries):
    for temporary in temporaries:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def _sync_directories(paths):
    for directory in sorted(set(os.path.dirname(path) or '.' for path in paths)):
        try:
            descriptor = os.open(directory, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(descriptor)
        except OSError:
            pass
        finally:
            os.close(descriptor)
