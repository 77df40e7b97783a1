# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The artifact installed in a fresh virtualenv with the oldest supported ansible-core: ansible-doc documents every
module, filter and role of it, as a user who installed it from Galaxy would read them."""

import json
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
OLDEST_CORE = sorted((REPO / 'tests' / 'ansible-core').glob('*.txt'),
                     key=lambda path: tuple(int(part) for part in path.stem.split('.')))[0]
OLDEST_CORE_VENV = REPO / ('.venv-core' + OLDEST_CORE.stem.replace('.', ''))


def plugin_names(kind):
    return sorted('mondoo.platform.' + path.stem for path in (REPO / 'plugins' / kind).glob('*.py') if path.stem != '__init__')


def role_names():
    return sorted('mondoo.platform.' + path.name for path in (REPO / 'roles').iterdir() if (path / 'meta' / 'argument_specs.yml').exists())


@pytest.fixture(scope='module')
def installed(artifact, tmp_path_factory):
    """(environment, ansible-doc) of a new virtualenv holding only the oldest supported ansible-core, with the
    artifact installed into a collections path of its own."""
    if not OLDEST_CORE_VENV.exists():
        pytest.fail('%s is missing: make setup builds it' % OLDEST_CORE_VENV.name)
    base_python = os.path.realpath(OLDEST_CORE_VENV / 'bin' / 'python')
    root = tmp_path_factory.mktemp('fresh')
    venv = root / 'venv'
    subprocess.run([base_python, '-m', 'venv', str(venv)], check=True, capture_output=True)
    subprocess.run([str(venv / 'bin' / 'pip'), 'install', '--disable-pip-version-check', '-q', '-r', str(OLDEST_CORE)],
                   check=True, capture_output=True, text=True)
    environment = dict((key, value) for key, value in os.environ.items() if not key.startswith('ANSIBLE_'))
    environment.update(ANSIBLE_COLLECTIONS_PATH=str(root / 'collections'), ANSIBLE_NOCOLOR='1', HOME=str(root))
    subprocess.run([str(venv / 'bin' / 'ansible-galaxy'), 'collection', 'install', '-p', str(root / 'collections'), str(artifact)],
                   check=True, capture_output=True, text=True, cwd=root, env=environment)
    return environment, str(venv / 'bin' / 'ansible-doc'), root


def ansible_doc(installed, *arguments):
    environment, executable, root = installed
    run = subprocess.run([executable] + list(arguments), capture_output=True, text=True, cwd=root, env=environment, check=False)
    assert run.returncode == 0, run.stderr
    assert 'WARNING' not in run.stderr and 'ERROR' not in run.stderr, run.stderr
    return run.stdout


def test_the_fresh_virtualenv_runs_the_oldest_supported_core(installed):
    version = ansible_doc(installed, '--version').splitlines()[0]
    assert 'core %s.' % OLDEST_CORE.stem in version, version


@pytest.mark.parametrize('kind, names', [('module', plugin_names('modules')), ('filter', plugin_names('filter')),
                                         ('role', role_names())])
def test_ansible_doc_documents_each_plugin_and_role(installed, kind, names):
    listed = json.loads(ansible_doc(installed, '--list', '--json', '-t', kind, 'mondoo.platform'))
    assert sorted(listed) == names
    documented = json.loads(ansible_doc(installed, '--json', '-t', kind, *names))
    assert sorted(documented) == names
    for name in names:
        entry = documented[name]
        if kind == 'role':
            assert entry['entry_points']['main']['options'], name
        else:
            assert entry['doc']['short_description'] and entry['doc']['description'], name
            assert entry['examples'], name
            assert entry['doc'].get('options'), name


def test_the_text_pages_render(installed):
    page = ansible_doc(installed, 'mondoo.platform.mondoo_api_token')
    assert 'OPTIONS' in page and 'EXAMPLES' in page and 'RETURN VALUES' in page
    assert 'ENTRY POINT: main' in ansible_doc(installed, '-t', 'role', 'mondoo.platform.api_token_rotation')
