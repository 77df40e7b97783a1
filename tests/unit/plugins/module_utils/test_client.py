# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.mondoo.platform.plugins.module_utils._client import build_client, build_transport
from ansible_collections.mondoo.platform.plugins.module_utils._errors import ConfigurationError
from ansible_collections.mondoo.platform.tests.unit.plugins.module_utils.fakes import (
    SECRET_TOKEN,
    SPACE,
    FakeSession,
    data_response,
)


@pytest.fixture
def no_config(tmp_path):
    return (str(tmp_path / 'none.yml'),)


def transport_for(options, no_config, session=None):
    return build_transport(dict(options, api_token=SECRET_TOKEN), {}, no_config, session=session)


def test_defaults(no_config):
    transport = transport_for({}, no_config)
    assert transport.endpoint == 'https://us.api.mondoo.com/query'
    assert transport._timeout == 30
    assert transport._verify is True
    assert transport._retry.max_attempts == 5
    assert transport._retry.max_retry_time == 60


@pytest.mark.parametrize('options, environ, source', [
    ({}, {}, 'region us'),
    ({'region': 'eu'}, {}, 'region eu'),
    ({}, {'MONDOO_API_ENDPOINT': 'https://env.example'}, 'environment variable MONDOO_API_ENDPOINT'),
    ({'endpoint': 'https://option.example'}, {'MONDOO_API_ENDPOINT': 'https://env.example'}, 'option endpoint'),
])
def test_the_transport_knows_where_its_endpoint_came_from(options, environ, source, no_config):
    transport = build_transport(dict(options, api_token=SECRET_TOKEN), environ, no_config)
    assert transport.endpoint_source == source
    assert transport.endpoint_description.endswith('(the endpoint from %s)' % source)


def test_tls_options(tmp_path, no_config):
    bundle = tmp_path / 'ca.pem'
    bundle.write_text('-----BEGIN CERTIFICATE-----\n')
    assert transport_for({'ca_path': str(bundle)}, no_config)._verify == str(bundle)
    assert transport_for({'validate_certs': False, 'ca_path': str(bundle)}, no_config)._verify is False


def test_missing_ca_bundle_is_an_error(tmp_path, no_config):
    with pytest.raises(ConfigurationError) as caught:
        transport_for({'ca_path': str(tmp_path / 'nope.pem')}, no_config)
    assert 'is not a file' in str(caught.value)


@pytest.mark.parametrize('options, message', [
    ({'timeout': 0}, 'timeout must be at least 1'),
    ({'retries': -1}, 'retries must be at least 0'),
    ({'max_retry_time': -5}, 'max_retry_time must be at least 0'),
    ({'timeout': 'soon'}, 'timeout must be a whole number'),
])
def test_bad_numbers(options, message, no_config):
    with pytest.raises(ConfigurationError) as caught:
        transport_for(options, no_config)
    assert message in str(caught.value)


def test_build_client_talks_through_the_session(no_config):
    session = FakeSession(data_response({'apiTokens': {'edges': [], 'pageInfo': {'hasNextPage': False}}}))
    client = build_client({'api_token': SECRET_TOKEN}, {}, no_config, session=session)
    assert client.list(SPACE) == []
    assert session.calls[0]['headers']['Authorization'] == 'Bearer ' + SECRET_TOKEN
