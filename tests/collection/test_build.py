# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The built artifact holds what a user runs and reads, and nothing of the development tree."""

import fnmatch
import tarfile

import pytest

# What a user of the installed collection runs or reads. Anything else in the artifact fails the test, which then names it.
USER_CONTENT = (
    'MANIFEST.json', 'FILES.json', 'README.md', 'CHANGELOG.rst', 'COPYING', 'LICENSES', 'LICENSES/*.txt',
    '.ansible-lint',  # Galaxy's importer lints the artifact; awx.awx, which one playbook uses, is mocked there
    'requirements.txt', 'meta', 'meta/*.yml',
    'changelogs', 'changelogs/changelog.yaml', 'changelogs/config.yaml', 'changelogs/fragments',
    'plugins', 'plugins/*', 'roles', 'roles/*', 'playbooks', 'playbooks/*',
    'docs', 'docs/execution-environment.yml', 'docs/docsite', 'docs/docsite/*',
)
DEVELOPMENT_ONLY = ('*/molecule', '*/molecule/*', '*/__pycache__*', '*.pyc', 'development*', 'CONTRIBUTING.md', 'tests*', 'tools*')


@pytest.fixture(scope='module')
def artifact_members(artifact):
    with tarfile.open(artifact) as archive:
        return [member.name for member in archive.getmembers()]


def test_artifact_has_the_collection(artifact_members):
    for expected in ('MANIFEST.json', 'FILES.json', 'README.md', 'meta/runtime.yml', 'meta/execution-environment.yml',
                     'requirements.txt', 'COPYING', 'roles/api_token_rotation/tasks/main.yml',
                     'playbooks/live_check.yml', 'playbooks/rotate_token.yml', 'playbooks/report_tokens.yml',
                     'playbooks/create_token.yml', 'playbooks/register_credential_type.yml', 'playbooks/files/credential_type.yml',
                     'plugins/modules/mondoo_api_schema_info.py'):
        assert expected in artifact_members


def test_artifact_holds_only_user_content(artifact_members):
    unexpected = [name for name in artifact_members
                  if not any(fnmatch.fnmatchcase(name, pattern) for pattern in USER_CONTENT)
                  or any(fnmatch.fnmatchcase(name, pattern) for pattern in DEVELOPMENT_ONLY)]
    assert unexpected == [], f'not user content: {unexpected}; the artifact holds: {sorted(artifact_members)}'


def test_artifact_ships_its_ansible_lint_configuration(artifact_members):
    # galaxy-importer runs ansible-lint in the extracted artifact: without the mock of awx.awx.credential_type (awx.awx
    # is no dependency), the syntax check of playbooks/register_credential_type.yml fails there.
    assert '.ansible-lint' in artifact_members


def test_artifact_has_no_molecule_scenarios(artifact_members):
    # They need the repository's tools (test hosts, the emulator), which the artifact does not ship.
    assert [name for name in artifact_members if '/molecule' in name] == []


def test_artifact_has_no_caches(artifact_members):
    caches = [name for name in artifact_members if '__pycache__' in name or name.endswith('.pyc') or '.pytest_cache' in name]
    assert not caches
