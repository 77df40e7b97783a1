# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""An execution environment built with the collection gets its Python requirements: ansible-builder reads them from
the installed artifact (meta/execution-environment.yml), as it does when it builds an image."""

import os
import pathlib
import subprocess
import sys

import yaml

REPO = pathlib.Path(__file__).resolve().parents[2]
ANSIBLE_GALAXY = pathlib.Path(sys.executable).parent / 'ansible-galaxy'
ANSIBLE_BUILDER = pathlib.Path(sys.executable).parent / 'ansible-builder'


def runtime_requirements():
    """requirements.txt without its comments: what the modules import on the host that runs them."""
    lines = (line.split('#', 1)[0].strip() for line in (REPO / 'requirements.txt').read_text().splitlines())
    return [line for line in lines if line]


def clean_environment():
    """No ansible.cfg or collections path of the checkout: the artifact alone is looked at."""
    return dict((key, value) for key, value in os.environ.items() if not key.startswith('ANSIBLE_'))


def test_the_metadata_names_the_runtime_requirements():
    metadata = yaml.safe_load((REPO / 'meta' / 'execution-environment.yml').read_text())
    assert metadata == {'version': 1, 'dependencies': {'python': 'requirements.txt'}}
    assert runtime_requirements(), 'requirements.txt lists nothing'


def test_ansible_builder_finds_them_in_the_installed_artifact(artifact, tmp_path):
    collections = tmp_path / 'collections'
    subprocess.run([str(ANSIBLE_GALAXY), 'collection', 'install', '--force', '-p', str(collections), str(artifact)],
                   check=True, capture_output=True, text=True, cwd=tmp_path, env=clean_environment())
    introspected = subprocess.run([str(ANSIBLE_BUILDER), 'introspect', '--sanitize', str(collections)],
                                  check=True, capture_output=True, text=True, cwd=tmp_path, env=clean_environment())
    dependencies = yaml.safe_load(introspected.stdout)
    assert dependencies['python'] == ['%s  # from collection mondoo.platform' % requirement
                                      for requirement in runtime_requirements()]
    assert dependencies['system'] == []


def test_the_sample_definition_in_the_docs_makes_a_build_context(tmp_path):
    """`ansible-builder create` on docs/execution-environment.yml: the context an image is built from (no image is
    built here: there is no container engine)."""
    context = tmp_path / 'context'
    subprocess.run([str(ANSIBLE_BUILDER), 'create', '-f', str(REPO / 'docs' / 'execution-environment.yml'), '-c', str(context)],
                   check=True, capture_output=True, text=True, cwd=tmp_path, env=clean_environment())
    requirements = yaml.safe_load((context / '_build' / 'requirements.yml').read_text())
    assert [collection['name'] for collection in requirements['collections']] == ['mondoo.platform']
    (build_file,) = [path for path in (context / 'Containerfile', context / 'Dockerfile') if path.exists()]
    steps = build_file.read_text()
    assert 'ansible-galaxy collection install' in steps and '-r requirements.yml' in steps
    assert 'introspect.py introspect' in steps, 'the collection requirements come in by introspection'
    assert 'ARG ANSIBLE_INSTALL_REFS="ansible-core' in steps and 'ansible-runner' in steps


def test_the_awx_guide_shows_the_sample_definition_as_it_ships():
    guide = (REPO / 'docs' / 'docsite' / 'rst' / 'guide_awx.rst').read_text()
    section = guide.split('The execution environment\n-------------------------\n', 1)[1]
    block = section.split('.. code-block:: yaml\n', 1)[1].split('\n.. ', 1)[0]
    shown = yaml.safe_load('\n'.join(line[2:] for line in block.splitlines()))
    shipped = yaml.safe_load((REPO / 'docs' / 'execution-environment.yml').read_text())
    assert shown == shipped
