# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import io
import json
import socket
import ssl

from email.message import Message
from urllib.error import HTTPError, URLError

import pytest

from ansible_collections.mondoo.platform.plugins.module_utils import _viewer_check
from ansible_collections.mondoo.platform.plugins.module_utils._errors import MondooError
from ansible_collections.mondoo.platform.plugins.module_utils._viewer_check import (
    _viewer_from_answer,
    api_time_from_date,
    ask_viewer,
    unreachable_reason,
)
from ansible_collections.mondoo.platform.plugins.modules import mondoo_api_token_file_info

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


# -- the API's clock --------------------------------------------------------------------------------

@pytest.mark.parametrize('date, expected', [
    ('Mon, 30 Nov 2026 06:50:41 GMT', '2026-11-30T06:50:41Z'),
    ('Mon, 30 Nov 2026 07:50:41 +0100', '2026-11-30T06:50:41Z'),
    ('Mon, 30 Nov 2026 06:50:41 -0000', '2026-11-30T06:50:41Z'),
    ('Monday, 30-Nov-26 06:50:41 GMT', '2026-11-30T06:50:41Z'),
    ('not a date', None),
    ('', None),
    (None, None),
])
def test_api_time_is_the_date_header_in_rfc3339_utc(date, expected):
    assert api_time_from_date(date) == expected


TOKEN = 'eyJ0eXAiOiJKV1Qi.file-info-SECRET'


class FakeResponse:
    def __init__(self, body, date):
        self._body = body
        self.headers = Message()
        if date is not None:
            self.headers['Date'] = date

    def read(self):
        return self._body


@pytest.fixture
def api(monkeypatch):
    """A fake open_url: ``api.answer`` is the viewer answer's body, ``api.date`` its Date header (None: none)."""

    def open_url(url, **kwargs):
        open_url.requests.append((url, kwargs))
        if open_url.status != 200:
            raise HTTPError(url, open_url.status, 'refused', Message(), io.BytesIO(json.dumps(open_url.answer).encode()))
        return FakeResponse(json.dumps(open_url.answer).encode(), open_url.date)

    open_url.requests = []
    open_url.status = 200
    open_url.answer = {'data': {'viewer': {'mrn': 'm'}}}
    open_url.date = 'Mon, 30 Nov 2026 06:50:41 GMT'
    monkeypatch.setattr(_viewer_check, 'open_url', open_url)
    return open_url


PARAMS = {'path': '/etc/opt/mondoo/api_token', 'timeout': 7, 'validate_certs': True, 'ca_path': None}


def test_ask_viewer_returns_the_viewer_and_the_apis_clock(api):
    check = ask_viewer(PARAMS, 'http://127.0.0.1:9/query', 'option endpoint', TOKEN)
    assert check.viewer == {'mrn': 'm'}
    assert check.api_time == '2026-11-30T06:50:41Z'
    url, request = api.requests[0]
    assert url == 'http://127.0.0.1:9/query'
    assert request['headers']['Authorization'] == 'Bearer ' + TOKEN


def test_ask_viewer_without_a_date_header_has_no_api_time(api):
    api.date = None
    assert ask_viewer(PARAMS, 'http://127.0.0.1:9/query', 'option endpoint', TOKEN).api_time is None


def test_ask_viewer_fails_on_a_refused_token(api):
    api.status, api.answer = 401, {'errors': [{'message': 'unauthenticated'}]}
    with pytest.raises(MondooError) as caught:
        ask_viewer(PARAMS, 'http://127.0.0.1:9/query', 'option endpoint', TOKEN)
    assert str(caught.value) == ('Failed to check the API token in /etc/opt/mondoo/api_token against http://127.0.0.1:9 '
                                 '(the endpoint from option endpoint): the API did not accept the token: unauthenticated (HTTP 401)')


def test_the_module_returns_the_viewer_and_api_time(run_module, api, tmp_path):
    path = tmp_path / 'api_token'
    path.write_text('MONDOO_API_TOKEN=%s\n' % TOKEN)
    result = run_module(mondoo_api_token_file_info, dict(path=str(path), format='env', endpoint='http://127.0.0.1:9'))
    assert result == dict(result, changed=False, failed=False, viewer={'mrn': 'm'}, api_time='2026-11-30T06:50:41Z')
    assert TOKEN not in json.dumps(result)


def test_the_module_returns_no_api_time_without_a_date_header(run_module, api, tmp_path):
    api.date = None
    path = tmp_path / 'api_token'
    path.write_text(TOKEN + '\n')
    result = run_module(mondoo_api_token_file_info, dict(path=str(path), endpoint='http://127.0.0.1:9'))
    assert result['viewer'] == {'mrn': 'm'}
    assert result['api_time'] is None
