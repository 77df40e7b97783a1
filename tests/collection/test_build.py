# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The built artifact holds the collection and nothing of the development tree."""

import tarfile

import pytest

FORBIDDEN_TOP_LEVEL = {'tests', 'demo', 'tools', '.venv', '.venv-core219', '.collections', '.build', '.ansible', '.ci', '.git', 'Makefile', 'ansible.cfg'}


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


def test_artifact_ships_its_ansible_lint_configuration(artifact_members):
    # galaxy-importer runs ansible-lint in the extracted artifact: without the mock of awx.awx.credential_type (awx.awx
    # is no dependency), the syntax check of playbooks/register_credential_type.yml fails there.
    assert '.ansible-lint' in artifact_members


def test_artifact_has_no_development_files(artifact_members):
    top_level = {name.split('/', 1)[0] for name in artifact_members}
    assert not top_level & FORBIDDEN_TOP_LEVEL, sorted(top_level & FORBIDDEN_TOP_LEVEL)


def test_artifact_has_no_molecule_scenarios(artifact_members):
    # They need the repository's tools (test hosts, the emulator), which the artifact does not ship.
    assert [name for name in artifact_members if '/molecule' in name] == []


def test_artifact_has_no_caches(artifact_members):
    caches = [name for name in artifact_members if '__pycache__' in name or name.endswith('.pyc') or '.pytest_cache' in name]
    assert not caches
