# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection; no compatibility promise.

"""Checking, on a managed host, that the API token in a file works: the API's ``viewer`` asked with it.

Needs nothing beyond Python and ansible's own module_utils (``open_url``), so that the modules using it run on any
host. Messages name the file, the endpoint and the API's words; never the token, a header or the file's content.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import email.utils
import json
import socket
import ssl

from collections import namedtuple
from datetime import timezone

from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.urls import open_url

from ansible_collections.mondoo.platform.plugins.module_utils import _documents as documents
from ansible_collections.mondoo.platform.plugins.module_utils._errors import MondooError, SchemaMismatchError
from ansible_collections.mondoo.platform.plugins.module_utils._parsing import format_timestamp
from ansible_collections.mondoo.platform.plugins.module_utils._token_file import token_from_text
from ansible_collections.mondoo.platform.plugins.module_utils._transport import (
    describe_endpoint,
    graphql_errors,
    joined_messages,
    rule_for_errors,
    schema_mismatch_detail,
)
from ansible_collections.mondoo.platform.plugins.module_utils._version import USER_AGENT

# viewer: the API's viewer object (a dict); api_time: the API's clock (its HTTP Date header) as RFC 3339 UTC, or None.
ViewerCheck = namedtuple('ViewerCheck', ['viewer', 'api_time'])


def read_token(path, file_format, key=None):
    """The token held in the ``file_format`` token file at ``path``; raises MondooError (never quoting the file)."""
    source = 'the token file %s' % path
    try:
        with open(path, 'rb') as token_file:
            text = to_text(token_file.read(), errors='surrogate_or_strict')
    except (IOError, OSError) as exc:
        raise MondooError('cannot read %s: %s' % (source, exc.strerror or type(exc).__name__)) from None
    return token_from_text(text, file_format, key, source)


def ask_viewer(params, endpoint, endpoint_source, token):
    """A ViewerCheck: the API's answer to the viewer query sent with ``token``, and its clock; raises MondooError.

    ``params`` gives ``path`` (for the messages), ``timeout``, ``validate_certs`` and ``ca_path``.
    """
    where = describe_endpoint(endpoint, endpoint_source)
    action = 'check the API token in %s against %s' % (params['path'], where)
    body = json.dumps({'query': documents.VIEWER.document, 'variables': {}, 'operationName': documents.VIEWER.name})
    date = None
    try:
        response = open_url(endpoint, data=body, method='POST', timeout=params['timeout'], validate_certs=params['validate_certs'],
                            ca_path=params['ca_path'], http_agent=USER_AGENT, follow_redirects='none',
                            headers={'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json', 'Accept': 'application/json'})
        status, answer = 200, _json_or_none(response.read())
        date = _date_header(response)
    except Exception as exc:  # pylint: disable=broad-exception-caught
        # HTTPError and URLError, but also whatever the TLS layer raises; none may carry the headers into the message.
        status = getattr(exc, 'code', None)
        if not isinstance(status, int):
            raise MondooError('the API could not be reached: %s' % unreachable_reason(exc, params['timeout']), action=action) from None
        answer = _json_or_none(_error_body(exc))
    viewer = _viewer_from_answer(status, answer, action, where)
    return ViewerCheck(viewer=viewer, api_time=api_time_from_date(date))


def _viewer_from_answer(status, answer, action, where):
    errors = graphql_errors(answer)
    api_message = joined_messages([error.message for error in errors])
    if status == 401:
        raise MondooError('the API did not accept the token: %s' % (api_message or 'unauthenticated'), action=action, http_status=status,
                          api_message=api_message)
    if errors and rule_for_errors(errors).error_class is SchemaMismatchError:
        raise MondooError(schema_mismatch_detail(api_message), action=action, http_status=status, api_message=api_message)
    if status in (404, 405):
        raise MondooError('%s does not look like a Mondoo GraphQL endpoint' % where, action=action, http_status=status,
                          api_message=api_message)
    if errors or status != 200:
        raise MondooError('the API refused it: %s' % (api_message or 'unexpected answer'), action=action, http_status=status,
                          api_message=api_message)
    viewer = (answer.get('data') or {}).get('viewer') if isinstance(answer, dict) else None
    if not isinstance(viewer, dict):
        raise MondooError('the API answered without a viewer object', action=action, http_status=status)
    return viewer


def unreachable_reason(exc, timeout):
    """What kept the request from being answered, in a few words: never the exception's text, which may quote headers."""
    reason = getattr(exc, 'reason', exc)
    if isinstance(reason, ConnectionRefusedError):
        return 'connection refused'
    if isinstance(reason, socket.gaierror):
        return 'the host name does not resolve'
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return 'no answer within %s seconds' % timeout
    if isinstance(reason, ssl.SSLError):
        return 'the TLS connection failed (check validate_certs and ca_path)'
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror[:1].lower() + reason.strerror[1:]
    return type(reason).__name__


def api_time_from_date(value):
    """An HTTP Date header (RFC 1123, "Mon, 30 Nov 2026 06:50:41 GMT") as RFC 3339 UTC; None when absent or unreadable."""
    if not value:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(to_text(value).strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment is None:
        return None
    if moment.tzinfo is None:
        # HTTP dates are GMT; a "-0000" zone parses as naive.
        moment = moment.replace(tzinfo=timezone.utc)
    return format_timestamp(moment)


def _date_header(response):
    headers = getattr(response, 'headers', None)
    try:
        return headers.get('Date') if headers is not None else None
    except Exception:  # pylint: disable=broad-exception-caught
        return None


def _json_or_none(raw):
    try:
        return json.loads(to_text(raw))
    except Exception:  # pylint: disable=broad-exception-caught
        return None


def _error_body(exc):
    try:
        return exc.read()
    except Exception:  # pylint: disable=broad-exception-caught
        return None
