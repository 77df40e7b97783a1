# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import socket
import ssl

from urllib.error import URLError

import pytest

from ansible_collections.mondoo.platform.plugins.module_utils._errors import MondooError
from ansible_collections.mondoo.platform.plugins.modules.mondoo_api_token_file_info import _viewer_from_answer, unreachable_reason

WHERE = 'http://127.0.0.1:9 (the endpoint from option endpoint)'
ACTION = 'check the API token in /etc/opt/mondoo/api_token against ' + WHERE


@pytest.mark.parametrize('exc, expected', [
    (URLError(ConnectionRefusedError(111, 'Connection refused')), 'connection refused'),
    (URLError(socket.gaierror(-2, 'Name or service not known')), 'the host name does not resolve'),
    (URLError(socket.timeout('timed out')), 'no answer within 7 seconds'),
    (URLError(ssl.SSLError(1, 'certificate verify failed')), 'the TLS connection failed (check validate_certs and ca_path)'),
    (URLError(OSError(113, 'No route to host')), 'no route to host'),
    (ValueError('Bearer secret-in-text'), 'ValueError'),
])
def test_unreachable_reasons_are_plain_words(exc, expected):
    assert unreachable_reason(exc, 7) == expected


def failure(status, answer):
    with pytest.raises(MondooError) as caught:
        _viewer_from_answer(status, answer, ACTION, WHERE)
    return str(caught.value)


def test_a_refused_token_is_said_to_be_refused():
    message = failure(401, {'errors': [{'message': 'rpc error: code = Unauthenticated desc = request permission unauthenticated'}]})
    assert message == ('Failed to ' + ACTION + ': the API did not accept the token: rpc error: code = Unauthenticated desc = '
                       'request permission unauthenticated (HTTP 401)')


def test_a_wrong_path_is_not_a_mondoo_endpoint():
    assert failure(404, None) == 'Failed to ' + ACTION + ': ' + WHERE + ' does not look like a Mondoo GraphQL endpoint (HTTP 404)'


def test_a_schema_the_collection_does_not_expect_is_named():
    message = failure(422, {'errors': [{'message': "Cannot query field 'mrn' on type 'Principal'."}]})
    assert "the Mondoo API's schema differs from what this version of the collection" in message
    assert 'ansible-playbook mondoo.platform.live_check' in message


def test_an_answer_without_a_viewer_is_an_error():
    assert failure(200, {'data': {}}).endswith('the API answered without a viewer object')


def test_the_viewer_is_returned():
    assert _viewer_from_answer(200, {'data': {'viewer': {'mrn': 'm'}}}, ACTION, WHERE) == {'mrn': 'm'}
