# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.mondoo.platform.plugins.module_utils import _module_support
from ansible_collections.mondoo.platform.plugins.module_utils._api_tokens import ApiTokensClient
from ansible_collections.mondoo.platform.plugins.module_utils._errors import ApiError
from ansible_collections.mondoo.platform.plugins.modules import mondoo_api_schema_info
from ansible_collections.mondoo.platform.tests.unit.plugins.module_utils.test_schema_check import EXPECTED_SDL, SchemaTransport


@pytest.fixture
def run(run_module, monkeypatch):
    def run_schema_module(transport, **args):
        monkeypatch.setattr(_module_support, 'client_from_module', lambda module: ApiTokensClient(transport))
        return run_module(mondoo_api_schema_info, args)

    return run_schema_module


def test_a_matching_api_gives_a_table_and_changes_nothing(run):
    result = run(SchemaTransport(EXPECTED_SDL))
    assert result['failed'] is False
    assert result['changed'] is False
    assert result['matches'] is True
    assert result['table'][-1] == '7 of 7 documents match the live schema'
    assert [entry['result'] for entry in result['documents']] == ['valid'] * 7


def test_a_differing_api_is_reported_not_failed(run):
    result = run(SchemaTransport(EXPECTED_SDL.replace('lastUsed: String\n', '\n')))
    assert result['failed'] is False
    assert result['matches'] is False


def test_the_scope_reaches_the_fallback(run):
    refusal = ApiError('introspection disabled', api_message='introspection disabled')
    transport = SchemaTransport(EXPECTED_SDL, refuse_introspection=refusal)
    result = run(transport, organization='relaxed-khayyam-961566')
    assert result['introspection'] is False
    assert 'APITokens' in transport.sent and 'ServiceAccounts' in transport.sent
    assert [entry['result'] for entry in result['documents'] if entry['operation'] in ('APITokens', 'ServiceAccounts')] == ['valid'] * 2


def test_a_bad_scope_fails_before_any_request(run):
    transport = SchemaTransport(EXPECTED_SDL)
    result = run(transport, space='Not A Space')
    assert result['failed'] is True
    assert "'Not A Space' is not a space id or MRN" in result['msg']
    assert transport.sent == []


def test_documented_options_match_the_argument_spec(documented_and_specified):
    documented, specified = documented_and_specified(mondoo_api_schema_info)
    assert documented == specified
