# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The importer gate can fail: how import_artifact.py judges an importer run, and negative controls in which the real
galaxy-importer, with the gate's configuration, reports deliberately broken artifacts built from a copy of this
collection."""

import pathlib
import shutil
import subprocess

import pytest
import yaml

from import_artifact import REPO, SUCCESS_LINE, ImportRun, build_artifact, findings_in, run_import

ARTIFACT = pathlib.Path('/nonexistent/mondoo-platform-1.0.0.tar.gz')
RESULT = {'metadata': {'namespace': 'mondoo', 'name': 'platform', 'version': '1.0.0'}, 'contents': []}
BROKEN_MODULE = 'plugins/modules/mondoo_api_token_info.py'
LINTED_TASKS = 'roles/api_token_rotation/tasks/main.yml'
FLAKE8_CHECKED_PLUGIN = 'plugins/module_utils/_version.py'


def test_finding_lines_are_the_warning_error_and_critical_records_and_stderr():
    stdout = ['Importing with galaxy-importer 0.4.44', 'WARNING: plugins/x.py:1:1: F401 unused import',
              'ERROR: Error running ansible-doc', 'CRITICAL: gave up', 'a line that mentions WARNING: in passing']
    assert findings_in(stdout, ['DeprecationWarning: old']) == [
        'WARNING: plugins/x.py:1:1: F401 unused import', 'ERROR: Error running ansible-doc', 'CRITICAL: gave up',
        'stderr: DeprecationWarning: old']


def test_a_clean_successful_import_passes():
    run = ImportRun(ARTIFACT, 0, 'Importing\n%s\n' % SUCCESS_LINE, '', RESULT)
    assert run.passed, (run.findings, run.problems)


@pytest.mark.parametrize('returncode, stdout, result, problem', [
    (1, SUCCESS_LINE, RESULT, 'exited with status 1'),
    (0, 'Collection loading complete', RESULT, 'did not print'),
    (0, SUCCESS_LINE, None, 'no importer_result.json'),
    (0, SUCCESS_LINE, {'metadata': dict(RESULT['metadata'], version='1.0.1')}, 'not the artifact'),
])
def test_an_import_that_did_not_succeed_fails_without_any_finding_line(returncode, stdout, result, problem):
    run = ImportRun(ARTIFACT, returncode, stdout, '', result)
    assert not run.passed
    assert run.findings == []
    assert any(problem in text for text in run.problems), run.problems


def test_a_warning_fails_an_otherwise_successful_import():
    run = ImportRun(ARTIFACT, 0, 'WARNING: No changelog found.\n%s\n' % SUCCESS_LINE, '', RESULT)
    assert run.problems == []
    assert not run.passed


def copy_of_the_collection(destination):
    """The working tree's files as git lists them (tracked or not ignored, deleted ones left out), at ``destination``."""
    listed = subprocess.run(['git', '-C', str(REPO), 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
                            check=True, capture_output=True, text=True).stdout.split('\0')
    for name in filter(None, listed):
        source = REPO / name
        if not source.is_symlink() and not source.exists():
            continue
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)
    return destination


def import_of_a_changed_copy(tmp_path, change):
    """Copy the collection, let ``change(root)`` break it, build its artifact and run galaxy-importer on it."""
    root = copy_of_the_collection(tmp_path / 'collection')
    change(root)
    return run_import(build_artifact(root, tmp_path / 'build'))


def change_galaxy_yml(root, **fields):
    galaxy_yml = root / 'galaxy.yml'
    metadata = yaml.safe_load(galaxy_yml.read_text())
    metadata.update(fields)
    galaxy_yml.write_text(yaml.safe_dump(metadata, sort_keys=False))


def test_tags_without_one_of_automation_hubs_required_tags_fail_the_import(tmp_path):
    # galaxy.yml's tags without security and infrastructure: none is left from galaxy-importer's REQUIRED_TAG_LIST.
    run = import_of_a_changed_copy(tmp_path, lambda root: change_galaxy_yml(root, tags=['mondoo', 'tokens', 'rotation']))
    assert not run.passed
    assert run.returncode != 0
    assert any(line.startswith('ERROR: ') and 'At least one tag required from tag list' in line for line in run.findings), run.lines


def test_a_version_below_1_0_0_fails_the_import(tmp_path):
    run = import_of_a_changed_copy(tmp_path, lambda root: change_galaxy_yml(root, version='0.9.0'))
    assert not run.passed
    assert run.returncode != 0
    assert any('requires version to be 1.0.0 or greater' in line for line in run.findings), run.lines


def break_docs_lint_and_flake8(root):
    module = root / BROKEN_MODULE
    source = module.read_text()
    assert source.count("DOCUMENTATION = r'''\n") == 1
    module.write_text(source.replace("DOCUMENTATION = r'''\n", "DOCUMENTATION = r'''\n{this is: not YAML\n"))
    with (root / LINTED_TASKS).open('a') as tasks:
        tasks.write('\n- ansible.builtin.command: /bin/true\n')
    with (root / FLAKE8_CHECKED_PLUGIN).open('a') as plugin:
        plugin.write('\nimport os\n')


def test_broken_docs_a_lint_finding_and_a_flake8_finding_fail_an_import_that_succeeds(tmp_path):
    run = import_of_a_changed_copy(tmp_path, break_docs_lint_and_flake8)
    # galaxy-importer itself still calls the import a success: only the finding lines catch these.
    assert run.returncode == 0 and SUCCESS_LINE in run.lines
    assert run.problems == []
    assert not run.passed
    assert any(line.startswith('ERROR: Error running ansible-doc') and 'mondoo_api_token_info' in line for line in run.findings), run.lines
    assert any(line.startswith('WARNING: ') and LINTED_TASKS in line and 'name[missing]' in line for line in run.findings), run.lines
    assert any(line.startswith('WARNING: ') and FLAKE8_CHECKED_PLUGIN in line and 'F401' in line for line in run.findings), run.lines
