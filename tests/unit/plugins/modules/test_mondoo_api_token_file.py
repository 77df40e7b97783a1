# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import pwd
import stat

from datetime import datetime, timezone

import pytest

from ansible.module_utils import basic

from ansible_collections.mondoo.platform.plugins.module_utils import _viewer_check
from ansible_collections.mondoo.platform.plugins.module_utils._errors import MondooError
from ansible_collections.mondoo.platform.plugins.module_utils._token_file import text_for_token
from ansible_collections.mondoo.platform.plugins.modules import mondoo_api_token_file

SPACE = '//captain.api.mondoo.app/spaces/hungry-poet-123456'
OLD = {'mrn': SPACE + '/apitokens/old0', 'name': 'fleet-20261001T000000Z', 'created_at': '2026-10-01T00:00:00Z', 'scope_mrn': SPACE}
NEW = {'mrn': SPACE + '/apitokens/new1', 'name': 'fleet-20261130T065000Z', 'created_at': '2026-11-30T06:50:00Z', 'scope_mrn': SPACE}
OTHER = {'mrn': SPACE + '/apitokens/other2', 'name': 'fleet-20261130T070000Z', 'created_at': '2026-11-30T07:00:00Z', 'scope_mrn': SPACE}
OLD_SECRET = 'eyJ0eXAiOiJKV1Qi.old-SECRET-0000'
SECRET = 'eyJ0eXAiOiJKV1Qi.new-SECRET-1111'
OTHER_SECRET = 'eyJ0eXAiOiJKV1Qi.other-SECRET-2222'
SECRETS = (OLD_SECRET, SECRET, OTHER_SECRET)
RAW = {'format': 'raw', 'key': ''}
NOW = datetime(2026, 11, 30, 6, 50, 12, tzinfo=timezone.utc)
API_TIME = '2026-11-30T06:50:41Z'
UNUSED_ENDPOINT = 'http://127.0.0.1:9'


# -- running the module against real files in tmp_path --------------------------------------------

@pytest.fixture
def paths(tmp_path):
    class Paths:
        directory = tmp_path
        token = str(tmp_path / 'api_token')
        metadata = str(tmp_path / 'api_token.meta.json')
        token_copy = token + '.previous'
        metadata_copy = metadata + '.previous'
    return Paths


@pytest.fixture
def run(run_module, monkeypatch, paths):
    """``run(state, check_mode=False, diff=False, **options)``: the result; ``run.no_log_values``: the module's last."""
    monkeypatch.setattr(mondoo_api_token_file, 'utc_now', lambda: NOW)

    def runner(state, check_mode=False, diff=False, **options):
        options.setdefault('path', paths.token)
        return run_module(mondoo_api_token_file, dict(options, state=state), check_mode=check_mode, diff=diff)

    runner.no_log_values = set()
    for name in ('exit_json', 'fail_json'):
        original = getattr(basic.AnsibleModule, name)

        def record(self, *args, _original=original, **kwargs):
            runner.no_log_values = set(self.no_log_values)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(basic.AnsibleModule, name, record)
    return runner


class FakeViewerCheck:
    """Stands in for _viewer_check.ask_viewer: records the tokens it was asked with; set ``failure`` to make it fail."""

    def __init__(self):
        self.tokens = []
        self.endpoints = []
        self.failure = MondooError('not set')
        self.fails = False
        self.mrn = NEW['mrn']
        self.api_time = API_TIME

    def __call__(self, params, endpoint, endpoint_source, token):
        self.tokens.append(token)
        self.endpoints.append((endpoint, endpoint_source))
        if self.fails:
            raise self.failure
        return _viewer_check.ViewerCheck(viewer={'mrn': self.mrn}, api_time=self.api_time)


@pytest.fixture
def viewer(monkeypatch):
    fake = FakeViewerCheck()
    monkeypatch.setattr(_viewer_check, 'ask_viewer', fake)
    return fake


def push(run, token=None, secret=SECRET, run_id='run-1', **options):
    return run('pushed', secret=secret, token=dict(token or NEW), run_id=run_id, **options)


def commit(run, token=None, **options):
    options.setdefault('verify', False)
    return run('committed', mrn=(token or NEW)['mrn'], **options)


def restore(run, token=None, **options):
    return run('restored', mrn=(token or NEW)['mrn'], **options)


def write(path, text, mode=0o600):
    with open(path, 'w') as handle:
        handle.write(text)
    os.chmod(path, mode)


def read(path):
    with open(path) as handle:
        return handle.read()


def metadata_of(paths):
    return json.loads(read(paths.metadata))


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def directory(paths):
    """Every file of the directory: {name: (content, mode, uid, gid, inode)}."""
    listing = {}
    for name in sorted(os.listdir(str(paths.directory))):
        path = os.path.join(str(paths.directory), name)
        status = os.stat(path)
        listing[name] = (read(path), stat.S_IMODE(status.st_mode), status.st_uid, status.st_gid, status.st_ino)
    return listing


def legacy_metadata(token=None, shape=None):
    """The metadata file as the role wrote it before this module: no pending, rollback or verified_at."""
    return dict(token or OLD, file=dict(shape or RAW))


def host_with_old_token(paths, mode=0o640):
    """A host the role gave OLD before this module existed."""
    write(paths.token, OLD_SECRET + '\n', mode)
    write(paths.metadata, json.dumps(legacy_metadata(), indent=4) + '\n', mode)


def assert_no_secret(*results):
    text = json.dumps(results, default=str)
    for secret in SECRETS:
        assert secret not in text


# -- pushed -----------------------------------------------------------------------------------------

def test_push_to_a_host_without_a_token_file(run, paths):
    write(paths.token_copy, 'stale\n')
    write(paths.metadata_copy, '{}\n')
    result = push(run)
    assert result['changed'] is True and result['failed'] is False
    assert result['previous_mrn'] is None
    assert read(paths.token) == SECRET + '\n'
    expected = {
        'pending': dict(NEW, file=RAW, run_id='run-1', pushed_at='2026-11-30T06:50:12Z'),
        'rollback': {'run_id': 'run-1', 'mrn': None, 'existed': False},
    }
    assert metadata_of(paths) == expected
    assert result['metadata'] == expected
    assert not os.path.exists(paths.token_copy) and not os.path.exists(paths.metadata_copy)
    assert mode_of(paths.token) == 0o600 and mode_of(paths.metadata) == 0o600
    assert sorted(os.listdir(str(paths.directory))) == ['api_token', 'api_token.meta.json']
    assert_no_secret(result)


def test_push_over_the_roles_metadata_keeps_a_copy_for_the_rollback(run, paths):
    host_with_old_token(paths, mode=0o640)
    old_metadata_text = read(paths.metadata)
    result = push(run)
    assert result['changed'] is True
    assert result['previous_mrn'] == OLD['mrn']
    assert read(paths.token_copy) == OLD_SECRET + '\n' and mode_of(paths.token_copy) == 0o640
    assert read(paths.metadata_copy) == old_metadata_text and mode_of(paths.metadata_copy) == 0o640
    assert read(paths.token) == SECRET + '\n' and mode_of(paths.token) == 0o600
    metadata = metadata_of(paths)
    assert {key: metadata[key] for key in ('mrn', 'name', 'created_at', 'scope_mrn', 'file')} == legacy_metadata()
    assert metadata['pending'] == dict(NEW, file=RAW, run_id='run-1', pushed_at='2026-11-30T06:50:12Z')
    assert metadata['rollback'] == {'run_id': 'run-1', 'mrn': OLD['mrn'], 'existed': True}
    assert_no_secret(result)


def test_push_to_a_token_file_without_metadata_drops_a_stale_metadata_copy(run, paths):
    write(paths.token, OLD_SECRET + '\n')
    write(paths.metadata_copy, '{"mrn": "stale"}\n')
    result = push(run)
    assert result['previous_mrn'] is None
    assert read(paths.token_copy) == OLD_SECRET + '\n'
    assert not os.path.exists(paths.metadata_copy)
    assert metadata_of(paths)['rollback'] == {'run_id': 'run-1', 'mrn': None, 'existed': True}


@pytest.mark.parametrize('file_format, key, shape', [
    ('env', None, {'format': 'env', 'key': 'MONDOO_API_TOKEN'}),
    ('env', 'AGENT_TOKEN', {'format': 'env', 'key': 'AGENT_TOKEN'}),
    ('json', None, {'format': 'json', 'key': 'api_token'}),
    ('json', 'token', {'format': 'json', 'key': 'token'}),
])
def test_push_writes_each_format(run, paths, file_format, key, shape):
    options = dict(format=file_format, key=key) if key else dict(format=file_format)
    push(run, **options)
    assert read(paths.token) == text_for_token(SECRET, file_format, key) + '\n'
    assert metadata_of(paths)['pending']['file'] == shape


def test_push_of_the_token_the_host_holds_changes_nothing(run, paths, viewer):
    push(run)
    commit(run)
    before = directory(paths)
    result = push(run, run_id='run-2')
    assert result['changed'] is False
    assert result['previous_mrn'] == NEW['mrn']
    assert result['metadata'] == metadata_of(paths)
    assert directory(paths) == before


def test_push_of_the_token_the_roles_metadata_names_changes_nothing(run, paths):
    write(paths.token, SECRET + '\n')
    write(paths.metadata, json.dumps(legacy_metadata(NEW)) + '\n')
    before = directory(paths)
    result = push(run)
    assert result['changed'] is False
    assert directory(paths) == before


def test_push_of_the_same_token_in_another_format_rewrites_the_file(run, paths):
    push(run)
    commit(run)
    result = push(run, format='env', run_id='run-2')
    assert result['changed'] is True
    assert read(paths.token) == 'MONDOO_API_TOKEN=' + SECRET + '\n'
    assert result['metadata']['pending']['file'] == {'format': 'env', 'key': 'MONDOO_API_TOKEN'}
    assert result['metadata']['rollback'] == {'run_id': 'run-2', 'mrn': NEW['mrn'], 'existed': True}


def test_push_of_the_token_the_host_holds_puts_a_changed_mode_right(run, paths):
    push(run)
    commit(run)
    metadata_text = read(paths.metadata)
    os.chmod(paths.token, 0o644)
    result = push(run, run_id='run-2')
    assert result['changed'] is True
    assert mode_of(paths.token) == 0o600
    assert read(paths.token) == SECRET + '\n'
    assert read(paths.metadata) == metadata_text


def test_a_pending_push_keeps_the_copy_of_the_last_verified_state(run, paths):
    host_with_old_token(paths)
    push(run)                                        # run-1 pushes NEW and is killed before its commit
    token_copy, metadata_copy = read(paths.token_copy), read(paths.metadata_copy)
    result = push(run, token=OTHER, secret=OTHER_SECRET, run_id='run-2')
    assert result['changed'] is True
    assert result['previous_mrn'] == NEW['mrn']
    assert read(paths.token_copy) == token_copy == OLD_SECRET + '\n'
    assert read(paths.metadata_copy) == metadata_copy
    metadata = metadata_of(paths)
    assert metadata['mrn'] == OLD['mrn']
    assert metadata['pending']['mrn'] == OTHER['mrn'] and metadata['pending']['run_id'] == 'run-2'
    assert metadata['rollback'] == {'run_id': 'run-2', 'mrn': NEW['mrn'], 'existed': True}
    assert read(paths.token) == OTHER_SECRET + '\n'


def test_a_pending_push_on_a_host_that_had_no_file_still_restores_to_nothing(run, paths):
    push(run)
    push(run, token=OTHER, secret=OTHER_SECRET, run_id='run-2')
    assert metadata_of(paths)['rollback'] == {'run_id': 'run-2', 'mrn': NEW['mrn'], 'existed': False}
    result = restore(run, token=OTHER)
    assert result['restored'] is True
    assert os.listdir(str(paths.directory)) == []


def test_push_with_another_metadata_path(run, paths):
    metadata_path = str(paths.directory / 'token.json')
    result = push(run, metadata_path=metadata_path)
    assert result['changed'] is True
    assert json.loads(read(metadata_path))['pending']['mrn'] == NEW['mrn']
    assert not os.path.exists(paths.metadata)


def test_push_ignores_other_keys_of_the_token(run, paths):
    token = dict(NEW, permissions=['agent'], roles=['//iam.api.mondoo.app/roles/agent'], description='', last_used=None)
    push(run, token=token)
    assert metadata_of(paths)['pending'] == dict(NEW, file=RAW, run_id='run-1', pushed_at='2026-11-30T06:50:12Z')


# -- modes and owners -------------------------------------------------------------------------------

@pytest.mark.parametrize('mode', ['0640', '640', '0o640', 0o640])
def test_the_mode_applies_to_both_files(run, paths, mode):
    push(run, mode=mode)
    assert mode_of(paths.token) == 0o640 and mode_of(paths.metadata) == 0o640
    commit(run, mode=mode)
    assert mode_of(paths.metadata) == 0o640


@pytest.mark.parametrize('mode', ['u=rw', '0800', '12345', True])
def test_a_mode_that_is_not_octal_fails_before_anything_is_written(run, paths, mode):
    result = push(run, mode=mode)
    assert result['failed'] is True
    assert result['msg'].startswith("mode must be an octal number such as '0600'")
    assert os.listdir(str(paths.directory)) == []


def test_owner_and_group_by_name(run, paths):
    user = pwd.getpwuid(os.getuid())
    result = push(run, owner=user.pw_name, group=str(os.getgid()))
    assert result['changed'] is True
    for path in (paths.token, paths.metadata):
        assert os.stat(path).st_uid == user.pw_uid and os.stat(path).st_gid == os.getgid()


@pytest.mark.skipif(os.geteuid() != 0, reason='giving files away needs root')
def test_owner_and_group_of_written_and_copied_files_as_root(run, paths):
    host_with_old_token(paths)
    os.chown(paths.token, 4321, 4322)
    push(run, owner='12345', group='23456')
    for path in (paths.token, paths.metadata):
        assert (os.stat(path).st_uid, os.stat(path).st_gid) == (12345, 23456)
    assert (os.stat(paths.token_copy).st_uid, os.stat(paths.token_copy).st_gid) == (4321, 4322)
    # Without owner and group, a file keeps its own.
    commit(run)
    assert (os.stat(paths.metadata).st_uid, os.stat(paths.metadata).st_gid) == (12345, 23456)
    result = restore(run)
    assert result['restored'] is True
    assert (os.stat(paths.token).st_uid, os.stat(paths.token).st_gid) == (4321, 4322)
    assert read(paths.token) == OLD_SECRET + '\n'


def test_push_of_the_token_the_host_holds_puts_a_changed_owner_right(run, paths):
    if os.geteuid() != 0:
        pytest.skip('giving files away needs root')
    push(run, owner='12345')
    commit(run)
    os.chown(paths.token, 0, -1)
    result = push(run, owner='12345', run_id='run-2')
    assert result['changed'] is True
    assert os.stat(paths.token).st_uid == 12345


def test_an_unknown_owner_fails_before_anything_is_written(run, paths):
    result = push(run, owner='no-such-user-here')
    assert result['failed'] is True
    assert result['msg'] == "owner 'no-such-user-here' is not a user on this host"
    assert os.listdir(str(paths.directory)) == []
    result = push(run, group='no-such-group-here')
    assert result['msg'] == "group 'no-such-group-here' is not a group on this host"


# -- committed --------------------------------------------------------------------------------------

def test_commit_checks_the_file_with_the_api_and_promotes_the_pending_token(run, paths, viewer):
    host_with_old_token(paths)
    push(run)
    copies = (read(paths.token_copy), read(paths.metadata_copy))
    result = commit(run, verify=True, endpoint=UNUSED_ENDPOINT)
    assert result['changed'] is True and result['failed'] is False
    assert viewer.tokens == [SECRET]
    assert SECRET in run.no_log_values
    assert result['viewer'] == {'mrn': NEW['mrn']}
    assert result['api_time'] == API_TIME
    expected = dict(NEW, file=RAW, verified_at='2026-11-30T06:50:12Z', api_verified_at=API_TIME,
                    rollback={'run_id': 'run-1', 'mrn': OLD['mrn'], 'existed': True})
    assert metadata_of(paths) == expected
    assert result['metadata'] == expected
    assert list(expected) == ['mrn', 'name', 'created_at', 'scope_mrn', 'file', 'verified_at', 'api_verified_at', 'rollback']
    assert (read(paths.token_copy), read(paths.metadata_copy)) == copies
    assert_no_secret(result)


def test_commit_without_the_check(run, paths, viewer):
    push(run)
    result = commit(run, verify=False)
    assert result['changed'] is True
    assert viewer.tokens == []
    assert result['viewer'] is None and result['api_time'] is None
    assert metadata_of(paths)['api_verified_at'] is None
    assert metadata_of(paths)['verified_at'] == '2026-11-30T06:50:12Z'


def test_commit_reads_the_file_in_the_format_the_push_recorded(run, paths, viewer):
    push(run, format='json', key='token')
    result = commit(run, verify=True, endpoint=UNUSED_ENDPOINT)
    assert result['changed'] is True
    assert viewer.tokens == [SECRET]
    assert metadata_of(paths)['file'] == {'format': 'json', 'key': 'token'}


def test_a_second_commit_changes_nothing_but_still_checks(run, paths, viewer):
    push(run)
    commit(run, verify=True, endpoint=UNUSED_ENDPOINT)
    before = directory(paths)
    result = commit(run, verify=True, endpoint=UNUSED_ENDPOINT)
    assert result['changed'] is False
    assert viewer.tokens == [SECRET, SECRET]
    assert result['viewer'] == {'mrn': NEW['mrn']} and result['api_time'] == API_TIME
    assert directory(paths) == before


def test_commit_of_the_token_the_roles_metadata_names_changes_nothing(run, paths, viewer):
    write(paths.token, SECRET + '\n')
    write(paths.metadata, json.dumps(legacy_metadata(NEW)) + '\n')
    result = commit(run, verify=True, endpoint=UNUSED_ENDPOINT)
    assert result['changed'] is False
    assert viewer.tokens == [SECRET]


def test_commit_is_refused_when_another_run_pushed_another_token(run, paths, viewer):
    push(run)
    push(run, token=OTHER, secret=OTHER_SECRET, run_id='run-2')
    before = directory(paths)
    result = commit(run, verify=True, endpoint=UNUSED_ENDPOINT)
    assert result['failed'] is True
    assert result['msg'] == ('Failed to commit API token %s in %s: the file holds %s now, not %s: another run wrote it (run run-2)'
                             % (NEW['mrn'], paths.token, OTHER['mrn'], NEW['mrn']))
    assert viewer.tokens == []
    assert directory(paths) == before
    assert_no_secret(result)


def test_commit_is_refused_when_the_host_holds_another_verified_token(run, paths):
    host_with_old_token(paths)
    result = commit(run)
    assert result['failed'] is True
    assert 'the file holds %s now, not %s: another run wrote it' % (OLD['mrn'], NEW['mrn']) in result['msg']


def test_commit_without_metadata_fails(run, paths):
    result = commit(run)
    assert result['failed'] is True
    assert result['msg'] == ('Failed to commit API token %s in %s: there is no metadata file %s; push the token first'
                             % (NEW['mrn'], paths.token, paths.metadata))
    assert result['error_type'] == 'ConfigurationError'


def test_a_failing_check_fails_the_commit_and_writes_nothing(run, paths, viewer):
    push(run)
    before = directory(paths)
    viewer.failure = MondooError('the API did not accept the token: unauthenticated', action='check the API token in %s' % paths.token,
                                 http_status=401, api_message='unauthenticated')
    viewer.fails = True
    result = commit(run, verify=True, endpoint=UNUSED_ENDPOINT)
    assert result['failed'] is True
    assert result['msg'] == 'Failed to check the API token in %s: the API did not accept the token: unauthenticated (HTTP 401)' % paths.token
    assert result['http_status'] == 401
    assert directory(paths) == before
    assert SECRET in run.no_log_values
    assert_no_secret(result)


def test_commit_refuses_plain_http_to_another_host_before_reading_the_file(run, paths, viewer):
    push(run)
    result = commit(run, verify=True, endpoint='http://api.example.com')
    assert result['failed'] is True
    assert 'plain HTTP to a host other than loopback' in result['msg']
    assert viewer.tokens == []


def test_commit_takes_the_endpoint_from_the_environment(run, paths, viewer, monkeypatch):
    monkeypatch.setenv('MONDOO_API_ENDPOINT', 'http://127.0.0.1:8989')
    push(run)
    commit(run, verify=True)
    assert viewer.endpoints == [('http://127.0.0.1:8989/query', 'environment variable MONDOO_API_ENDPOINT')]


def test_commit_of_an_unreadable_token_file_fails_without_writing(run, paths, viewer):
    push(run)
    write(paths.token, 'two words\n')
    before = directory(paths)
    result = commit(run, verify=True, endpoint=UNUSED_ENDPOINT)
    assert result['failed'] is True
    assert result['msg'] == 'the token file %s holds no usable token (empty, or with blanks inside)' % paths.token
    assert directory(paths) == before


# -- restored ---------------------------------------------------------------------------------------

def test_restore_after_a_push_puts_back_what_the_host_had(run, paths):
    host_with_old_token(paths, mode=0o640)
    before = {name: entry[:4] for name, entry in directory(paths).items()}
    push(run)
    result = restore(run, run_id='run-1')
    assert result == dict(result, changed=True, restored=True, metadata=legacy_metadata())
    assert 'reason' not in result
    after = directory(paths)
    assert {name: after[name][:4] for name in before} == before
    # The copies stay until the next push replaces them.
    assert read(paths.token_copy) == OLD_SECRET + '\n'
    assert_no_secret(result)


def test_restore_after_a_commit_puts_back_what_the_host_had(run, paths, viewer):
    host_with_old_token(paths)
    old_metadata_text = read(paths.metadata)
    push(run)
    commit(run, verify=True, endpoint=UNUSED_ENDPOINT)
    result = restore(run)
    assert result['changed'] is True and result['restored'] is True
    assert read(paths.token) == OLD_SECRET + '\n'
    assert read(paths.metadata) == old_metadata_text


def test_restore_on_a_host_that_had_no_token_file_removes_the_files(run, paths, viewer):
    push(run)
    commit(run, verify=True, endpoint=UNUSED_ENDPOINT)
    result = restore(run)
    assert result['changed'] is True and result['restored'] is True
    assert result['metadata'] is None
    assert os.listdir(str(paths.directory)) == []


def test_restore_changes_nothing_when_another_run_overwrote_the_file(run, paths):
    host_with_old_token(paths)
    push(run)
    push(run, token=OTHER, secret=OTHER_SECRET, run_id='run-2')
    before = directory(paths)
    result = restore(run, run_id='run-1')
    assert result['changed'] is False and result['restored'] is False
    assert result['reason'] == "the file holds %s, not this run's token" % OTHER['mrn']
    assert directory(paths) == before


def test_restore_changes_nothing_after_another_run_committed_its_token(run, paths):
    push(run)
    commit(run)
    push(run, token=OTHER, secret=OTHER_SECRET, run_id='run-2')
    commit(run, token=OTHER)
    before = directory(paths)
    result = restore(run)
    assert result['restored'] is False
    assert result['reason'] == "the file holds %s, not this run's token" % OTHER['mrn']
    assert directory(paths) == before


def test_restore_does_not_undo_an_earlier_run_that_pushed_the_same_token(run, paths):
    push(run, run_id='run-1')
    commit(run)
    push(run, run_id='run-2')                         # changes nothing: the host holds the token
    before = directory(paths)
    result = restore(run, run_id='run-2')
    assert result['restored'] is False
    assert result['reason'] == 'the file holds %s, but another run pushed it (run run-1)' % NEW['mrn']
    assert directory(paths) == before


def test_restore_without_metadata_changes_nothing(run, paths):
    write(paths.token, OLD_SECRET + '\n')
    result = restore(run)
    assert result['changed'] is False and result['restored'] is False
    assert result['reason'] == 'there is no metadata file %s, so nothing says which token the file holds' % paths.metadata
    assert result['metadata'] is None
    assert read(paths.token) == OLD_SECRET + '\n'


def test_restore_of_the_roles_metadata_has_no_push_to_undo(run, paths):
    write(paths.token, SECRET + '\n')
    write(paths.metadata, json.dumps(legacy_metadata(NEW)) + '\n')
    before = directory(paths)
    result = restore(run)
    assert result['restored'] is False
    assert result['reason'] == 'the file holds %s, but no push of it is recorded to undo' % NEW['mrn']
    assert directory(paths) == before


def test_restore_twice_restores_once(run, paths):
    host_with_old_token(paths)
    push(run)
    assert restore(run)['restored'] is True
    before = directory(paths)
    result = restore(run)
    assert result['changed'] is False and result['restored'] is False
    assert result['reason'] == "the file holds %s, not this run's token" % OLD['mrn']
    assert directory(paths) == before


def test_restore_fails_when_the_copy_is_missing(run, paths):
    host_with_old_token(paths)
    push(run)
    os.unlink(paths.token_copy)
    before = directory(paths)
    result = restore(run)
    assert result['failed'] is True
    assert result['msg'].endswith('%s, the copy of the token file taken at the push, is missing' % paths.token_copy)
    assert directory(paths) == before


def test_restore_with_a_broken_metadata_file_changes_nothing(run, paths):
    write(paths.token, SECRET + '\n')
    write(paths.metadata, 'not json')
    result = restore(run)
    assert result['restored'] is False
    assert 'is not a JSON object' in result['reason']


# -- check mode and diff ----------------------------------------------------------------------------

def test_check_mode_writes_nothing(run, paths, viewer):
    host_with_old_token(paths)
    before = directory(paths)
    result = push(run, check_mode=True)
    assert result['changed'] is True
    assert result['metadata']['pending']['mrn'] == NEW['mrn']
    assert directory(paths) == before

    push(run)
    before = directory(paths)
    result = commit(run, check_mode=True, verify=True, endpoint=UNUSED_ENDPOINT)
    assert result['changed'] is True and result['metadata']['mrn'] == NEW['mrn']
    assert viewer.tokens == [SECRET]
    assert directory(paths) == before

    result = restore(run, check_mode=True)
    assert result['changed'] is True and result['restored'] is True
    assert result['metadata'] == legacy_metadata()
    assert directory(paths) == before


def test_check_mode_on_an_empty_directory_writes_nothing(run, paths):
    result = push(run, check_mode=True)
    assert result['changed'] is True
    assert os.listdir(str(paths.directory)) == []


def test_the_diff_shows_the_metadata_and_never_the_token(run, paths):
    host_with_old_token(paths)
    old_text = read(paths.metadata)
    result = push(run, diff=True)
    assert result['diff']['before'] == old_text
    assert result['diff']['after'] == read(paths.metadata)
    assert result['diff']['before_header'] == result['diff']['after_header'] == paths.metadata
    result = restore(run, diff=True, check_mode=True)
    assert result['diff']['before'] == read(paths.metadata)
    assert result['diff']['after'] == old_text
    assert_no_secret(result)


# -- failures ---------------------------------------------------------------------------------------

@pytest.fixture
def failing_replace(monkeypatch):
    """``failing_replace(target=None)``: os.replace fails (for ``target`` only, if given)."""
    real_replace = os.replace

    def arm(target=None):
        def replace(source, destination):
            if target is None or destination == target:
                raise PermissionError(13, 'Permission denied')
            return real_replace(source, destination)
        monkeypatch.setattr(os, 'replace', replace)

    return arm


def test_a_failing_write_leaves_the_files_as_they_were(run, paths, failing_replace):
    host_with_old_token(paths)
    before = directory(paths)
    failing_replace()
    result = push(run)
    assert result['failed'] is True
    assert result['msg'] == 'Failed to push API token %s to %s: cannot replace %s.previous: Permission denied' % (
        NEW['mrn'], paths.token, paths.token)
    assert 'changed' not in result
    assert directory(paths) == before
    assert_no_secret(result)


def test_a_failing_token_write_puts_the_metadata_and_the_copies_back(run, paths, failing_replace):
    host_with_old_token(paths)
    push(run)
    restore(run)                                     # the host has OLD again, and copies of it beside
    write(paths.token_copy, 'an older copy\n')
    before = directory(paths)
    failing_replace(paths.token)
    result = push(run, token=OTHER, secret=OTHER_SECRET, run_id='run-2')
    assert result['failed'] is True
    assert result['msg'].endswith('cannot replace %s: Permission denied' % paths.token)
    after = directory(paths)
    assert {name: entry[:4] for name, entry in after.items()} == {name: entry[:4] for name, entry in before.items()}
    assert_no_secret(result)


def test_a_failing_metadata_write_at_commit_leaves_the_files_as_they_were(run, paths, failing_replace):
    push(run)
    before = directory(paths)
    failing_replace()
    result = commit(run)
    assert result['failed'] is True
    assert result['msg'].endswith('cannot replace %s: Permission denied' % paths.metadata)
    assert directory(paths) == before


def test_a_failing_restore_puts_the_token_file_back(run, paths, failing_replace):
    host_with_old_token(paths)
    push(run)
    before = directory(paths)
    failing_replace(paths.metadata)
    result = restore(run)
    assert result['failed'] is True
    assert result['msg'].startswith('Failed to restore what %s held before API token %s was pushed: cannot replace %s'
                                    % (paths.token, NEW['mrn'], paths.metadata))
    after = directory(paths)
    assert {name: entry[:4] for name, entry in after.items()} == {name: entry[:4] for name, entry in before.items()}
    assert_no_secret(result)


def test_when_putting_back_fails_too_the_message_says_so(run, paths, monkeypatch):
    host_with_old_token(paths)
    real_replace = os.replace
    calls = []

    def replace(source, destination):
        calls.append(destination)
        if destination == paths.token or len(calls) > 4:
            raise OSError(5, 'Input/output error')
        return real_replace(source, destination)

    monkeypatch.setattr(os, 'replace', replace)
    result = push(run)
    assert result['failed'] is True
    assert 'putting back %s failed too (cannot replace %s: Input/output error)' % (paths.metadata, paths.metadata) in result['msg']
    assert result['changed'] is True
    assert_no_secret(result)


def test_a_missing_directory_fails_clearly(run, paths):
    path = str(paths.directory / 'absent' / 'api_token')
    result = push(run, path=path)
    assert result['failed'] is True
    assert result['msg'].endswith('the directory %s does not exist' % os.path.dirname(path))


def test_a_broken_metadata_file_fails_the_push(run, paths):
    write(paths.token, OLD_SECRET + '\n')
    write(paths.metadata, '[1, 2]')
    before = directory(paths)
    result = push(run)
    assert result['failed'] is True
    assert result['msg'].endswith('the metadata file %s is not a JSON object; fix it or remove it' % paths.metadata)
    assert directory(paths) == before


# -- options ----------------------------------------------------------------------------------------

@pytest.mark.parametrize('options, message', [
    (dict(state='pushed', token=NEW), 'state is pushed but all of the following are missing: secret'),
    (dict(state='pushed', secret=SECRET), 'state is pushed but all of the following are missing: token'),
    (dict(state='committed'), 'state is committed but all of the following are missing: mrn'),
    (dict(state='restored'), 'state is restored but all of the following are missing: mrn'),
    (dict(state='pushed', secret=SECRET, token=dict(NEW, name='')), 'token.name is required and must not be empty'),
    (dict(state='pushed', secret=SECRET, token={'mrn': NEW['mrn']}), 'token.name is required and must not be empty'),
    (dict(state='pushed', secret=SECRET, token=dict(NEW, name=['a'])), 'token.name must be text'),
    (dict(state='pushed', secret=SECRET, token=dict(NEW, mrn='apitokens/x')),
     "'apitokens/x' is not an API token MRN; expected e.g. //captain.api.mondoo.app/spaces/hungry-poet-123456/apitokens/<id>"),
    (dict(state='pushed', secret=SECRET, token=dict(NEW, created_at='yesterday')),
     "'yesterday' is not an RFC 3339 timestamp such as 2026-01-31T12:00:00Z"),
    (dict(state='pushed', secret=SECRET, token=dict(NEW, secret=SECRET)), 'token must not hold the secret; pass it as secret'),
    (dict(state='pushed', secret='two words', token=NEW),
     'secret is not a usable API token (empty, or with blanks or control characters inside)'),
    (dict(state='pushed', secret='"quoted"', token=NEW, format='env'),
     "secret cannot be written as a env token file with key 'MONDOO_API_TOKEN' that reads back unchanged"),
    (dict(state='committed', mrn=SPACE), "'%s' is a space MRN, not an API token MRN; give the mrn that mondoo_api_token_info "
                                         'returns for the token' % SPACE),
    (dict(state='pushed', secret={'a': 1}, token=NEW), 'secret must be text, not a mapping'),
])
def test_bad_options_fail_before_anything_is_written(run, paths, options, message):
    result = run(options.pop('state'), **options)
    assert result['failed'] is True
    assert result['msg'] == message
    assert os.listdir(str(paths.directory)) == []
    assert_no_secret(result)


def test_the_secret_is_a_no_log_value_of_a_push(run, paths):
    push(run)
    assert SECRET in run.no_log_values


def test_no_result_holds_a_secret(run, paths, viewer, failing_replace):
    host_with_old_token(paths)
    results = [push(run, diff=True), push(run, token=OTHER, secret=OTHER_SECRET, run_id='run-2', diff=True),
               commit(run, token=OTHER, verify=True, endpoint=UNUSED_ENDPOINT, diff=True), restore(run, token=OTHER, diff=True),
               push(run, owner='no-such-user-here'), commit(run, token=NEW)]
    failing_replace()
    results.append(push(run))
    assert_no_secret(*results)
