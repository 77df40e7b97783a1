# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Running a module's main() with given arguments against an in-memory token store.

``run_module(module, args, check_mode=False, diff=False)`` returns the module's result dict
(``failed`` is True when it called fail_json); ``store`` is the token store behind the client and
records every GraphQL operation sent, so a test can assert that none was.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

import pytest
import yaml

from ansible.module_utils import basic

from ansible_collections.mondoo.platform.plugins.doc_fragments.mondoo import ModuleDocFragment
from ansible_collections.mondoo.platform.plugins.module_utils import _module_support
from ansible_collections.mondoo.platform.plugins.module_utils._api_tokens import ApiTokensClient
from ansible_collections.mondoo.platform.tests.unit.plugins.module_args import patch_module_args
from ansible_collections.mondoo.platform.tests.unit.plugins.module_utils.fakes import FakeTransport

MUTATIONS = ('GenerateAPIToken', 'UpdateAPIToken', 'DeleteAPIToken', 'SetRoles')
MONDOO_VARIABLES = ('MONDOO_API_TOKEN', 'MONDOO_CONFIG_BASE64', 'MONDOO_CONFIG_PATH', 'MONDOO_API_ENDPOINT')


class ModuleExit(Exception):
    def __init__(self, result):
        super().__init__('exit_json')
        self.result = result


class ModuleFail(Exception):
    def __init__(self, result):
        super().__init__('fail_json')
        self.result = result


class SpecCaptured(Exception):
    pass


class TokenStore(FakeTransport):
    """FakeTransport that answers with copies, as JSON would."""

    def execute(self, operation, variables, action, scope_mrn=None):
        return copy.deepcopy(super().execute(operation, variables, action, scope_mrn))

    def mutations(self):
        return [name for name in self.names_called() if name in MUTATIONS]

    def named(self, name):
        return [token for token in self.tokens if token['name'] == name]


@pytest.fixture
def store():
    return TokenStore()


@pytest.fixture
def run_module(store, monkeypatch):
    for name in MONDOO_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(_module_support, 'client_from_module', lambda module: ApiTokensClient(store))

    def exit_json(self, **kwargs):
        kwargs.setdefault('changed', False)
        kwargs['failed'] = False
        raise ModuleExit(kwargs)

    def fail_json(self, msg, **kwargs):
        kwargs.update(failed=True, msg=msg)
        raise ModuleFail(kwargs)

    monkeypatch.setattr(basic.AnsibleModule, 'exit_json', exit_json)
    monkeypatch.setattr(basic.AnsibleModule, 'fail_json', fail_json)

    def run(module, args, check_mode=False, diff=False):
        module_args = dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff)
        with patch_module_args(module_args):
            try:
                module.main()
            except (ModuleExit, ModuleFail) as outcome:
                return outcome.result
        raise AssertionError('the module returned without calling exit_json or fail_json')

    return run


@pytest.fixture
def documented_and_specified(monkeypatch):
    """``compare(module)``: (documented options, argument-spec options), each as
    {name: {type, elements, default, choices}}, the doc fragment merged into the documentation."""

    def compare(module):
        documentation = yaml.safe_load(module.DOCUMENTATION)
        assert 'mondoo.platform.mondoo' in documentation['extends_documentation_fragment']
        documented = dict(yaml.safe_load(ModuleDocFragment.DOCUMENTATION)['options'])
        documented.update(documentation['options'])

        captured = {}

        def capture(*args, **kwargs):
            captured.update(kwargs)
            raise SpecCaptured()

        monkeypatch.setattr(module, 'MondooModule', capture)
        with pytest.raises(SpecCaptured):
            module.main()
        return _summary(documented), _summary(captured['argument_spec'])

    return compare


def _summary(options):
    return dict((name, {
        'type': option.get('type', 'str'),
        'elements': option.get('elements'),
        'default': option.get('default'),
        'choices': sorted(option['choices']) if option.get('choices') is not None else None,
    }) for name, option in options.items())
