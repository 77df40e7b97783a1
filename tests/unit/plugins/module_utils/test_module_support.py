# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest
import yaml

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.mondoo.platform.plugins.doc_fragments.mondoo import ModuleDocFragment
from ansible_collections.mondoo.platform.plugins.module_utils._api_tokens import ApiTokensClient
from ansible_collections.mondoo.platform.plugins.module_utils._errors import (
    ConfigurationError,
    MissingLibraryError,
    PermissionDeniedError,
    TransportError,
)
from ansible_collections.mondoo.platform.plugins.module_utils._module_support import (
    client_from_module,
    fail_from_error,
    mondoo_argument_spec,
    non_text_values,
)
from ansible_collections.mondoo.platform.tests.unit.plugins.module_args import patch_module_args
from ansible_collections.mondoo.platform.tests.unit.plugins.module_utils.fakes import SECRET_TOKEN, SPACE

MONDOO_VARIABLES = ('MONDOO_API_TOKEN', 'MONDOO_CONFIG_BASE64', 'MONDOO_CONFIG_PATH', 'MONDOO_API_ENDPOINT')


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    for name in MONDOO_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv('HOME', str(tmp_path))


class Failed(Exception):
    pass


class RecordingModule:
    def __init__(self, params=None):
        self.params = params or {}
        self.failure = None

    def fail_json(self, **kwargs):
        self.failure = kwargs
        raise Failed()


# -- argument spec -------------------------------------------------------------------------------


def test_argument_spec_is_a_fresh_dict_each_time():
    first = mondoo_argument_spec()
    first['api_token']['no_log'] = False
    first['extra'] = {}
    second = mondoo_argument_spec()
    assert second['api_token']['no_log'] is True
    assert 'extra' not in second


def test_secret_options_are_no_log():
    spec = mondoo_argument_spec()
    assert sorted(name for name, option in spec.items() if option.get('no_log')) == ['api_token', 'credentials', 'wif_token']


def test_endpoint_is_not_filled_from_the_environment(monkeypatch):
    # The client reads MONDOO_API_ENDPOINT after the option, so that messages can say where the endpoint came from.
    monkeypatch.setenv('MONDOO_API_ENDPOINT', 'https://from.env')
    assert ArgumentSpecValidator(mondoo_argument_spec()).validate({}).validated_parameters['endpoint'] is None
    explicit = ArgumentSpecValidator(mondoo_argument_spec()).validate({'endpoint': 'https://explicit'})
    assert explicit.validated_parameters['endpoint'] == 'https://explicit'


@pytest.mark.parametrize('option, variable', [
    ('api_token', 'MONDOO_API_TOKEN'),
    ('credentials', 'MONDOO_CONFIG_BASE64'),
    ('credentials_file', 'MONDOO_CONFIG_PATH'),
])
def test_credential_options_are_not_filled_from_the_environment(monkeypatch, option, variable):
    # The client reads the environment after the options, so that an explicit option always wins.
    monkeypatch.setenv(variable, '/from/env')
    assert ArgumentSpecValidator(mondoo_argument_spec()).validate({}).validated_parameters[option] is None


def test_defaults():
    params = ArgumentSpecValidator(mondoo_argument_spec()).validate({}).validated_parameters
    assert params['region'] == 'us'
    assert params['validate_certs'] is True
    assert params['timeout'] == 30
    assert params['retries'] == 4
    assert params['max_retry_time'] == 60


def fragment_options():
    return yaml.safe_load(ModuleDocFragment.DOCUMENTATION)['options']


def test_doc_fragment_matches_the_argument_spec():
    documented = fragment_options()
    spec = mondoo_argument_spec()
    assert sorted(documented) == sorted(spec)
    for name, option in spec.items():
        doc = documented[name]
        assert doc['type'] == option['type'], name
        assert doc.get('default') == option.get('default'), name
        assert doc.get('choices') == option.get('choices'), name
        assert doc.get('required', False) == option.get('required', False), name


def test_doc_fragment_names_each_environment_variable():
    documented = fragment_options()
    spec = mondoo_argument_spec()
    for name, option in spec.items():
        if 'fallback' in option:
            variable = option['fallback'][1][0]
            assert 'E(%s)' % variable in ' '.join(documented[name]['description']), name


def test_doc_fragment_attributes():
    group = yaml.safe_load(ModuleDocFragment.ACTION_GROUP)['attributes']['action_group']
    assert group['membership'] == ['mondoo.platform.mondoo']
    assert group['support'] == 'full'
    check_mode = yaml.safe_load(ModuleDocFragment.CHECK_MODE_READ_ONLY)['attributes']['check_mode']
    assert check_mode['support'] == 'full'


# -- building the client -------------------------------------------------------------------------


def test_client_from_module_params():
    params = ArgumentSpecValidator(mondoo_argument_spec()).validate(
        {'api_token': SECRET_TOKEN, 'region': 'eu', 'timeout': 5, 'retries': 1, 'max_retry_time': 9}).validated_parameters
    client = client_from_module(RecordingModule(params))
    assert isinstance(client, ApiTokensClient)
    transport = client.transport
    assert transport.endpoint == 'https://eu.api.mondoo.com/query'
    assert transport._timeout == 5
    assert transport._retry.max_attempts == 2
    assert transport._retry.max_retry_time == 9
    assert SECRET_TOKEN not in repr(client)


def test_client_from_module_without_credential_raises_configuration_error():
    params = ArgumentSpecValidator(mondoo_argument_spec()).validate({}).validated_parameters
    with pytest.raises(ConfigurationError) as caught:
        client_from_module(RecordingModule(params))
    assert 'no Mondoo credential found' in str(caught.value)


# -- failing -------------------------------------------------------------------------------------


def test_fail_from_error_passes_message_and_safe_facts():
    module = RecordingModule()
    error = PermissionDeniedError('permission denied: needs Editor or Owner', action="generate API token 'ci'",
                                  scope_mrn=SPACE, http_status=200, api_message='permission denied: needs Editor or Owner',
                                  error_code='PERMISSION_DENIED')
    with pytest.raises(Failed):
        fail_from_error(module, error)
    assert module.failure == {
        'msg': "Failed to generate API token 'ci': permission denied: needs Editor or Owner",
        'error_type': 'PermissionDeniedError',
        'http_status': 200,
        'error_code': 'PERMISSION_DENIED',
        'api_message': 'permission denied: needs Editor or Owner',
        'scope_mrn': SPACE,
    }


def test_fail_from_error_flags_ambiguity():
    module = RecordingModule()
    with pytest.raises(Failed):
        fail_from_error(module, TransportError('no answer', action='generate', ambiguous=True))
    assert module.failure['ambiguous'] is True


def test_fail_from_error_for_a_missing_library():
    module = RecordingModule()
    with pytest.raises(Failed):
        fail_from_error(module, MissingLibraryError('requests', 'Traceback: ImportError', reason='to talk to the API'))
    assert module.failure['msg'].startswith('Failed to import the required Python library (requests)')
    assert 'This is required to talk to the API.' in module.failure['msg']
    assert module.failure['exception'] == 'Traceback: ImportError'


def test_real_module_failure_output_holds_no_secret(capsys):
    with patch_module_args({'api_token': SECRET_TOKEN, 'endpoint': 'not a url'}):
        module = AnsibleModule(argument_spec=mondoo_argument_spec())
        with pytest.raises(SystemExit):
            try:
                client_from_module(module)
            except ConfigurationError as error:
                fail_from_error(module, error)
    output = capsys.readouterr().out
    result = json.loads(output)
    assert result['failed'] is True
    assert 'not an http(s) URL' in result['msg']
    assert SECRET_TOKEN not in output


# -- text options ----------------------------------------------------------------------------------


def test_non_text_values_name_the_option_and_never_the_value():
    spec = dict(name=dict(type='str'), api_token=dict(type='str', no_log=True), path=dict(type='path'),
                permissions=dict(type='list', elements='str'), timeout=dict(type='int'), flag=dict(type='bool'))
    given = dict(name={'a': 1}, api_token=['secret-in-a-list'], path=True, permissions=['viewer', {'x': 1}, 3],
                 timeout='30', flag='yes')
    problems = non_text_values(spec, given)
    assert problems == ['name must be text, not a mapping', 'api_token must be text, not a list',
                        'path must be text, not a boolean', 'permissions[1] must be text, not a mapping']
    assert 'secret-in-a-list' not in ' '.join(problems)


@pytest.mark.parametrize('value', ['ci', 2024, 1.5, None])
def test_text_and_numbers_pass(value):
    assert non_text_values({'name': dict(type='str')}, {'name': value}) == []
