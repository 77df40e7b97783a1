# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""meta/runtime.yml: the action group names exactly the collection's modules."""

import pathlib

import yaml

REPO = pathlib.Path(__file__).resolve().parents[2]

# Modules that run on managed hosts and take none of the group's credential options: in the group,
# module_defaults for it would hand them options they refuse.
OUTSIDE_THE_GROUP = {'mondoo_api_token_file_info', 'mondoo_api_token_file', 'api_token_rotation_plan', 'api_token_rotation_lock'}


def load_runtime():
    with open(REPO / 'meta' / 'runtime.yml', encoding='utf-8') as runtime_file:
        return yaml.safe_load(runtime_file)


def test_action_group_lists_every_module_and_nothing_else():
    modules = {path.stem for path in (REPO / 'plugins' / 'modules').glob('*.py') if path.name != '__init__.py'}
    group = load_runtime()['action_groups']['mondoo']
    assert sorted(group) == sorted(modules - OUTSIDE_THE_GROUP)
    assert OUTSIDE_THE_GROUP <= modules


def test_requires_ansible_is_the_oldest_tested_core():
    # tests/ansible-core/X.Y.txt pins the ansible-core of each supported minor that make test runs.
    tested = sorted(tuple(int(part) for part in path.stem.split('.')) for path in (REPO / 'tests' / 'ansible-core').glob('*.txt'))
    assert load_runtime()['requires_ansible'] == '>=%d.%d.0' % tested[0]
