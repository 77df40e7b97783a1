# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.mondoo.platform.plugins.module_utils import _errors
from ansible_collections.mondoo.platform.plugins.module_utils._errors import (
    ConfigurationError,
    MissingLibraryError,
    MondooError,
    RateLimitedError,
    ServerError,
)


def test_message_with_action_and_status():
    error = ServerError('service unavailable', action='list API tokens in space x', http_status=503)
    assert str(error) == 'Failed to list API tokens in space x: service unavailable (HTTP 503)'
    assert error.message == str(error)
    assert repr(error) == "ServerError('Failed to list API tokens in space x: service unavailable (HTTP 503)')"


def test_message_of_a_graphql_error_has_no_status():
    error = MondooError('permission denied: x', action='delete API token y', http_status=200)
    assert str(error) == 'Failed to delete API token y: permission denied: x'


def test_message_without_action():
    assert str(ConfigurationError('no Mondoo credential found')) == 'no Mondoo credential found'


def test_extras_leave_out_unknown_facts():
    assert ConfigurationError('x').extras() == {'error_type': 'ConfigurationError'}
    assert ServerError('x', http_status=503, ambiguous=True).extras() == {
        'error_type': 'ServerError', 'http_status': 503, 'ambiguous': True}


@pytest.mark.parametrize('name', ['AuthenticationError', 'PermissionDeniedError', 'NotFoundError',
                                  'InvalidArgumentError', 'ApiError', 'ServerError', 'RateLimitedError',
                                  'TransportError', 'ConfigurationError', 'MissingLibraryError'])
def test_every_error_is_a_mondoo_error(name):
    assert issubclass(getattr(_errors, name), MondooError)


def test_rate_limited_is_a_server_error():
    assert issubclass(RateLimitedError, ServerError)


def test_missing_library():
    error = MissingLibraryError('cryptography', 'Traceback', reason='to sign requests')
    assert str(error) == 'the Python library cryptography is needed to sign requests but could not be imported'
    assert isinstance(error, ConfigurationError)
