# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection artifact, built once for every test of this directory."""

import pathlib
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
ANSIBLE_GALAXY = pathlib.Path(sys.executable).parent / 'ansible-galaxy'


@pytest.fixture(scope='session')
def artifact(tmp_path_factory):
    """The path of mondoo-platform-<version>.tar.gz, as `ansible-galaxy collection build` makes it."""
    output = tmp_path_factory.mktemp('build')
    subprocess.run([str(ANSIBLE_GALAXY), 'collection', 'build', '--output-path', str(output), str(REPO)],
                   check=True, capture_output=True, text=True)
    (built,) = output.glob('mondoo-platform-*.tar.gz')
    return built
