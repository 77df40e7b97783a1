# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import stat

import pytest

from ansible_collections.mondoo.platform.plugins.module_utils import _host_files, _secret_file
from ansible_collections.mondoo.platform.plugins.module_utils._errors import ConfigurationError, MondooError
from ansible_collections.mondoo.platform.plugins.module_utils._secret_file import SecretFile

SECRET = 'mondoo_tk_unit-SECRET-0123456789'
ACTION = "create API token 'ci' in space hungry-poet-123456"


def mode_of(path):
    return stat.S_IMODE(os.stat(str(path)).st_mode)


def written(path):
    with open(str(path), 'rb') as handle:
        return handle.read()


# -- checked when made ------------------------------------------------------------------------------


def test_a_relative_path_is_refused():
    with pytest.raises(ConfigurationError) as raised:
        SecretFile('ci.token')
    assert raised.value.message == "secret_file must be an absolute path, not 'ci.token'"


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(ConfigurationError) as raised:
        SecretFile(str(tmp_path))
    assert raised.value.message == 'secret_file %s is a directory; give the path of a file' % tmp_path


def test_a_missing_directory_is_refused(tmp_path):
    path = str(tmp_path / 'missing' / 'ci.token')
    with pytest.raises(ConfigurationError) as raised:
        SecretFile(path)
    assert raised.value.message == ('secret_file %s cannot be written: its directory %s does not exist'
                                    % (path, tmp_path / 'missing'))


def test_a_directory_that_is_a_file_is_refused(tmp_path):
    (tmp_path / 'plain').write_text('x')
    path = str(tmp_path / 'plain' / 'ci.token')
    with pytest.raises(ConfigurationError) as raised:
        SecretFile(path)
    assert raised.value.message == ('secret_file %s cannot be written: its directory %s is not a directory'
                                    % (path, tmp_path / 'plain'))


@pytest.mark.parametrize('target', ['a file', 'nothing'])
def test_a_symbolic_link_is_refused(tmp_path, target):
    if target == 'a file':
        (tmp_path / 'real.token').write_text('old')
    link = tmp_path / 'ci.token'
    link.symlink_to(tmp_path / 'real.token')
    with pytest.raises(ConfigurationError) as raised:
        SecretFile(str(link))
    assert raised.value.message == ('secret_file %s is a symbolic link, which writing the file would replace rather '
                                    'than follow; give the path of the file itself' % link)


def test_a_special_file_is_refused(tmp_path):
    fifo = tmp_path / 'ci.token'
    os.mkfifo(str(fifo))
    with pytest.raises(ConfigurationError) as raised:
        SecretFile(str(fifo))
    assert raised.value.message == 'secret_file %s exists and is not a regular file' % fifo


def test_a_directory_the_user_may_not_write_to_is_refused(tmp_path, monkeypatch):
    # As root, os.access says yes to everything: ask it what it is asked, and say no.
    asked = []

    def access(path, mode):
        asked.append((path, mode))
        return False

    monkeypatch.setattr(_secret_file.os, 'access', access)
    path = str(tmp_path / 'ci.token')
    with pytest.raises(ConfigurationError) as raised:
        SecretFile(path)
    assert raised.value.message == ('secret_file %s cannot be written: the user running the module may not create '
                                    'files in %s' % (path, tmp_path))
    assert asked == [(str(tmp_path), os.W_OK | os.X_OK)]


@pytest.mark.parametrize('exists', [False, True])
def test_a_regular_file_or_a_new_one_is_accepted_and_left_alone(tmp_path, exists):
    path = tmp_path / 'ci.token'
    if exists:
        path.write_text('old')
    SecretFile(str(path))
    assert sorted(os.listdir(str(tmp_path))) == (['ci.token'] if exists else [])


# -- writing --------------------------------------------------------------------------------------


def test_write_makes_a_0600_file_with_the_secret_and_a_newline(tmp_path):
    path = tmp_path / 'ci.token'
    SecretFile(str(path)).write(SECRET, ACTION)
    assert written(path) == (SECRET + '\n').encode()
    assert mode_of(path) == 0o600
    assert os.listdir(str(tmp_path)) == ['ci.token']


def test_write_replaces_an_existing_file_and_its_mode(tmp_path):
    path = tmp_path / 'ci.token'
    path.write_text('old secret\n')
    os.chmod(str(path), 0o644)
    inode = os.stat(str(path)).st_ino
    SecretFile(str(path)).write(SECRET, ACTION)
    assert written(path) == (SECRET + '\n').encode()
    assert mode_of(path) == 0o600
    assert os.stat(str(path)).st_ino != inode  # renamed over, not rewritten in place
    assert os.listdir(str(tmp_path)) == ['ci.token']


def test_a_failed_write_leaves_the_file_as_it_was_and_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / 'ci.token'
    path.write_text('old secret\n')
    os.chmod(str(path), 0o640)

    def no_space(descriptor):
        raise OSError(28, 'No space left on device')

    monkeypatch.setattr(_host_files.os, 'fsync', no_space)
    with pytest.raises(MondooError) as raised:
        SecretFile(str(path)).write(SECRET, ACTION)
    assert raised.value.message == 'Failed to %s: cannot write %s: No space left on device' % (ACTION, path)
    assert SECRET not in raised.value.message
    assert written(path) == b'old secret\n'
    assert mode_of(path) == 0o640
    assert os.listdir(str(tmp_path)) == ['ci.token']


def test_a_failed_rename_leaves_no_file_and_no_temporary_file(tmp_path, monkeypatch):
    def refused(source, destination):
        raise OSError(13, 'Permission denied')

    monkeypatch.setattr(_host_files.os, 'replace', refused)
    path = tmp_path / 'ci.token'
    with pytest.raises(MondooError) as raised:
        SecretFile(str(path)).write(SECRET, ACTION)
    assert raised.value.message == 'Failed to %s: cannot replace %s: Permission denied' % (ACTION, path)
    assert os.listdir(str(tmp_path)) == []


# -- putting back -----------------------------------------------------------------------------------


def test_put_back_restores_the_content_and_mode_the_file_had(tmp_path):
    path = tmp_path / 'ci.token'
    path.write_text('old secret\n')
    os.chmod(str(path), 0o640)
    secret_file = SecretFile(str(path))
    secret_file.write(SECRET, ACTION)
    secret_file.put_back(ACTION)
    assert written(path) == b'old secret\n'
    assert mode_of(path) == 0o640
    assert os.listdir(str(tmp_path)) == ['ci.token']


def test_put_back_removes_a_file_that_did_not_exist(tmp_path):
    path = tmp_path / 'ci.token'
    secret_file = SecretFile(str(path))
    secret_file.write(SECRET, ACTION)
    secret_file.put_back(ACTION)
    assert os.listdir(str(tmp_path)) == []
