# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Negative controls of the docs gate: tools/docs.sh, run on a copy of this checkout with one mistake put in, fails and
names the mistake. The gate runs tools/docs.sh on the checkout itself first, so the copy without the mistake passes."""

import os
import shutil
import subprocess

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VENV = REPO / '.venv-docs'

pytestmark = pytest.mark.skipif(not (VENV / 'bin' / 'sphinx-build').exists(),
                                reason='.venv-docs is missing: tools/setup.sh docs builds it')


@pytest.fixture
def checkout(tmp_path):
    """A copy of the checkout's files (tracked or new, not ignored) as tmp/ansible_collections/mondoo/platform."""
    copy = tmp_path / 'ansible_collections' / 'mondoo' / 'platform'
    listed = subprocess.run(['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], cwd=REPO,
                            check=True, capture_output=True).stdout.decode('utf-8').split('\0')
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    (copy / '.venv-docs').symlink_to(VENV)
    return copy


def docs(checkout, *steps):
    env = dict(os.environ, DOCS_COLLECTIONS_PATH=str(checkout.parents[2]))
    return subprocess.run([str(checkout / 'tools' / 'docs.sh'), *steps], cwd=checkout, env=env, capture_output=True,
                          text=True, timeout=600, check=False)


def replace(path, old, new):
    text = path.read_text(encoding='utf-8')
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding='utf-8')


def test_the_copy_without_a_mistake_passes(checkout):
    """The control of the controls: the copy itself lints and builds, so each failure below is its mistake's."""
    run = docs(checkout)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (checkout / '.build' / 'docs' / 'html' / 'docsite' / 'guide_rotation.html').is_file()


def test_a_reference_to_a_missing_label_in_a_guide_fails_the_build(checkout):
    guide = checkout / 'docs' / 'docsite' / 'rst' / 'guide_rotation.rst'
    replace(guide, ':ref:`ansible_collections.mondoo.platform.docsite.guide_troubleshooting`',
            ':ref:`ansible_collections.mondoo.platform.docsite.guide_no_such_page`')
    run = docs(checkout, 'build')
    assert run.returncode != 0, run.stdout + run.stderr
    assert 'guide_no_such_page' in run.stdout + run.stderr


def test_a_reference_to_a_missing_module_in_a_guide_fails_the_lint(checkout):
    guide = checkout / 'docs' / 'docsite' / 'rst' / 'guide_token_lifecycle.rst'
    replace(guide, ':ansplugin:`mondoo.platform.mondoo_api_token_info#module`',
            ':ansplugin:`mondoo.platform.mondoo_api_token_lister#module`')
    run = docs(checkout, 'lint')
    assert run.returncode != 0, run.stdout + run.stderr
    assert 'mondoo_api_token_lister' in run.stdout + run.stderr


def test_a_reference_to_a_missing_option_in_a_module_fails_the_lint(checkout):
    module = checkout / 'plugins' / 'modules' / 'mondoo_api_token.py'
    replace(module, 'O(regenerate) and O(max_age) replace a token', 'O(regenerate) and O(maximum_age) replace a token')
    run = docs(checkout, 'lint')
    assert run.returncode != 0, run.stdout + run.stderr
    assert 'maximum_age' in run.stdout + run.stderr


def test_a_guide_missing_from_the_toctree_fails_the_build(checkout):
    extra_docs = checkout / 'docs' / 'docsite' / 'extra-docs.yml'
    replace(extra_docs, '      - guide_troubleshooting\n', '')
    run = docs(checkout, 'build')
    assert run.returncode != 0, run.stdout + run.stderr
    assert 'guide_troubleshooting' in run.stdout + run.stderr
