# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection; no compatibility promise.

"""Sends GraphQL operations to the Mondoo API and turns every failure into a MondooError.

Retries: a failure is retried when the operation is safe to repeat and the failure is transient
(connection error, timeout, HTTP 408, 429, 500, 502, 503, 504), with jittered exponential backoff
or the server's Retry-After, until either the attempt count or the time budget runs out.

An operation that is not safe to repeat (generating a token) is sent at most once: it is retried
only when the connection could not even be opened, so the request never left this host.

Ambiguity: a failed mutation is flagged ``ambiguous`` when the request reached the server and the
answer does not prove it was refused: a timeout or a dropped connection after sending, HTTP 408,
429 or 5xx, or an answer that is not a GraphQL response. A GraphQL error, and HTTP 3xx/4xx other
than 408 and 429, are clear refusals. 429 and 503 usually mean "not applied", but a proxy or load
balancer in between may answer them after the API acted; the caller resolves any ambiguity with a
cheap lookup, so over-reporting costs a list call while under-reporting could leave a duplicate.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import email.utils
import random
import re
import time
import traceback

from datetime import timezone
from http.client import responses as HTTP_REASONS
from urllib.parse import urlparse

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

from ansible_collections.mondoo.platform.plugins.module_utils._errors import (
    ApiError,
    AuthenticationError,
    InvalidArgumentError,
    MissingLibraryError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    TransportError,
)
from ansible_collections.mondoo.platform.plugins.module_utils._version import USER_AGENT


DEFAULT_TIMEOUT = 30
DEFAULT_RETRIES = 4
DEFAULT_MAX_RETRY_TIME = 60

RETRYABLE_STATUSES = frozenset([408, 429, 500, 502, 503, 504])

ERROR_CLASS_BY_CODE = {
    'UNAUTHENTICATED': AuthenticationError,
    'PERMISSION_DENIED': PermissionDeniedError,
    'NOT_FOUND': NotFoundError,
    'INVALID_ARGUMENT': InvalidArgumentError,
}

# Used only when an error carries no code of its own.
ERROR_CLASS_BY_PHRASE = (
    ('permission denied', PermissionDeniedError),
    ('not found', NotFoundError),
    ('unauthenticated', AuthenticationError),
    ('invalid argument', InvalidArgumentError),
)

MAX_API_MESSAGE_LENGTH = 500

# urllib3 reasons that mean the TCP connection (or the proxy tunnel) never opened.
_NOT_SENT_REASONS = ('NewConnectionError', 'NameResolutionError', 'ConnectTimeoutError')

_ERRNO_TEXT = re.compile(r'\[Errno -?\d+\] [^\'")\]]+')


class RetryPolicy:
    """How often and how long a request that is safe to repeat is retried."""

    def __init__(self, retries=DEFAULT_RETRIES, max_retry_time=DEFAULT_MAX_RETRY_TIME, base_delay=1.0, max_delay=30.0):
        self.max_attempts = 1 + max(0, retries)
        self.max_retry_time = max(0, max_retry_time)
        self.base_delay = base_delay
        self.max_delay = max_delay

    def backoff(self, retry_number, rand):
        """Delay before retry number ``retry_number`` (1-based): exponential, jittered in [50 %, 100 %]."""
        ceiling = min(self.max_delay, self.base_delay * (2 ** (retry_number - 1)))
        return ceiling * (0.5 + rand() / 2)

    def clamp(self, delay):
        return min(self.max_delay, max(0.0, delay))


def parse_retry_after(value, now):
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date); None if unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        # HTTP dates are GMT; a "-0000" zone parses as naive.
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, when.timestamp() - now)


class _Failure:
    """One failed attempt, kept without the requests exception (it holds the request headers)."""

    def __init__(self, error_class, detail, sent=True, outcome_unknown=False, retryable=False,
                 http_status=None, api_message=None, error_code=None, retry_after=None):
        self.error_class = error_class
        self.detail = detail
        self.sent = sent
        self.outcome_unknown = outcome_unknown
        self.retryable = retryable
        self.http_status = http_status
        self.api_message = api_message
        self.error_code = error_code
        self.retry_after = retry_after

    def to_error(self, operation, action, scope_mrn, attempts):
        detail = self.detail
        if attempts > 1:
            detail = '%s; gave up after %d attempts' % (detail, attempts)
        return self.error_class(
            detail,
            action=action,
            scope_mrn=scope_mrn,
            http_status=self.http_status,
            api_message=self.api_message,
            error_code=self.error_code,
            ambiguous=bool(operation.is_mutation and self.outcome_unknown),
        )


class GraphQLTransport:
    """One ``requests.Session`` talking to one GraphQL endpoint with one credential."""

    def __init__(self, endpoint, auth, timeout=DEFAULT_TIMEOUT, validate_certs=True, ca_path=None,
                 retry_policy=None, session=None, sleep=time.sleep, clock=time.monotonic,
                 wall_clock=time.time, rand=random.random):
        if session is None:
            session = _new_session()
        self.endpoint = endpoint
        self._auth = auth
        self._timeout = timeout
        self._verify = (ca_path or True) if validate_certs else False
        self._retry = retry_policy or RetryPolicy()
        self._session = session
        self._sleep = sleep
        self._clock = clock
        self._wall_clock = wall_clock
        self._rand = rand

    def __repr__(self):
        return 'GraphQLTransport(endpoint=%r, auth=%r)' % (self.endpoint, self._auth)

    @property
    def endpoint_host(self):
        return urlparse(self.endpoint).hostname or self.endpoint

    def close(self):
        self._session.close()

    def execute(self, operation, variables, action, scope_mrn=None):
        """Send ``operation`` and return its ``data`` object, or raise a MondooError.

        ``action`` completes "Failed to ..." in error messages; ``scope_mrn`` goes with the error.
        """
        started = self._clock()
        attempt = 1
        while True:
            data, failure = self._attempt(operation, variables)
            if failure is None:
                return data
            delay = self._delay_before_retry(operation, failure, attempt, started)
            if delay is None:
                raise failure.to_error(operation, action, scope_mrn, attempt)
            self._sleep(delay)
            attempt += 1

    def _delay_before_retry(self, operation, failure, attempt, started):
        """Seconds to wait before the next attempt, or None when this failure is final."""
        if not failure.retryable or attempt >= self._retry.max_attempts:
            return None
        if failure.sent and not operation.safe_to_repeat:
            return None
        if failure.retry_after is not None:
            delay = self._retry.clamp(failure.retry_after)
        else:
            delay = self._retry.backoff(attempt, self._rand)
        if self._clock() - started + delay > self._retry.max_retry_time:
            return None
        return delay

    def _attempt(self, operation, variables):
        """Send once; return (data, None) on success, else (None, _Failure)."""
        body = {'query': operation.document, 'variables': variables or {}, 'operationName': operation.name}
        headers = {
            'Authorization': self._auth.authorization_header(),
            'Content-Type': 'application/json',
            'Accept': 'application/json',
        }
        try:
            response = self._session.post(
                self.endpoint, json=body, headers=headers, timeout=self._timeout,
                verify=self._verify, allow_redirects=False)
        except requests.exceptions.RequestException as exc:
            return None, self._failure_from_exception(exc)
        return self._interpret(response)

    def _failure_from_exception(self, exc):
        host = self.endpoint_host
        if isinstance(exc, requests.exceptions.SSLError):
            return _Failure(TransportError, 'TLS connection to %s failed (check validate_certs and ca_path)%s'
                            % (host, _errno_suffix(exc)), sent=False)
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return _Failure(TransportError, 'timed out connecting to %s after %s seconds' % (host, self._timeout),
                            sent=False, retryable=True)
        if isinstance(exc, requests.exceptions.ReadTimeout):
            return _Failure(TransportError, 'no answer from %s within %s seconds' % (host, self._timeout),
                            outcome_unknown=True, retryable=True)
        if isinstance(exc, requests.exceptions.ProxyError):
            return _Failure(TransportError, 'could not connect to %s through the proxy%s' % (host, _errno_suffix(exc)),
                            sent=False, retryable=True)
        if isinstance(exc, requests.exceptions.ConnectionError):
            if _connection_never_opened(exc):
                return _Failure(TransportError, 'could not connect to %s%s' % (host, _errno_suffix(exc)),
                                sent=False, retryable=True)
            return _Failure(TransportError, 'the connection to %s failed before an answer arrived%s'
                            % (host, _errno_suffix(exc)), outcome_unknown=True, retryable=True)
        if isinstance(exc, (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError)):
            return _Failure(TransportError, 'the answer from %s was cut off' % host,
                            outcome_unknown=True, retryable=True)
        # Anything else (invalid URL, invalid header, ...) happened before sending. Its text may
        # quote a header, so only the exception's class name is reported.
        return _Failure(TransportError, 'the request to %s could not be sent (%s)' % (host, type(exc).__name__),
                        sent=False)

    def _interpret(self, response):
        status = response.status_code
        if status == 200:
            return _interpret_graphql_answer(response)
        return None, self._failure_from_status(response)

    def _failure_from_status(self, response):
        status = response.status_code
        messages, code = graphql_errors(_json_or_none(response))
        api_message = joined_messages(messages)
        detail = api_message or HTTP_REASONS.get(status, 'unexpected answer').lower()
        retry_after = None
        if status in RETRYABLE_STATUSES:
            retry_after = parse_retry_after(response.headers.get('Retry-After'), self._wall_clock())
        if 300 <= status < 400:
            detail = 'the endpoint %s redirected to %s; set endpoint to the final URL' % (
                self.endpoint, response.headers.get('Location', 'another address'))
        return _Failure(
            _error_class_for_status(status, code, messages),
            detail,
            outcome_unknown=status >= 500 or status in (408, 429),
            retryable=status in RETRYABLE_STATUSES,
            http_status=status,
            api_message=api_message,
            error_code=code,
            retry_after=retry_after,
        )


def _new_session():
    if not HAS_REQUESTS:
        raise MissingLibraryError('requests', REQUESTS_IMPORT_ERROR, reason='to talk to the Mondoo API')
    session = requests.Session()
    session.headers['User-Agent'] = USER_AGENT
    return session


def _interpret_graphql_answer(response):
    answer = _json_or_none(response)
    if not isinstance(answer, dict):
        return None, _Failure(ApiError, 'the API answered with something that is not a GraphQL response',
                              outcome_unknown=True, http_status=200)
    messages, code = graphql_errors(answer)
    if messages:
        api_message = joined_messages(messages)
        return None, _Failure(_error_class_for_graphql(code, messages), api_message,
                              http_status=200, api_message=api_message, error_code=code)
    data = answer.get('data')
    if not isinstance(data, dict):
        return None, _Failure(ApiError, 'the API answered without data', outcome_unknown=True, http_status=200)
    return data, None


def _json_or_none(response):
    try:
        return response.json()
    except ValueError:
        return None


def graphql_errors(answer):
    """(messages, first code) of a GraphQL ``errors`` array; ([], None) when there is none."""
    if not isinstance(answer, dict) or not isinstance(answer.get('errors'), list):
        return [], None
    messages = []
    code = None
    for error in answer['errors']:
        if not isinstance(error, dict):
            continue
        message = str(error.get('message') or 'unspecified error')[:MAX_API_MESSAGE_LENGTH]
        if message not in messages:
            messages.append(message)
        extensions = error.get('extensions')
        if code is None and isinstance(extensions, dict) and extensions.get('code'):
            code = str(extensions['code'])
    return messages, code


def joined_messages(messages):
    return '; '.join(messages) if messages else None


def _error_class_for_graphql(code, messages):
    if code in ERROR_CLASS_BY_CODE:
        return ERROR_CLASS_BY_CODE[code]
    if code is None:
        text = ' '.join(messages).lower()
        for phrase, error_class in ERROR_CLASS_BY_PHRASE:
            if phrase in text:
                return error_class
    return ApiError


def _error_class_for_status(status, code, messages):
    if status == 401:
        return AuthenticationError
    if status == 403:
        return PermissionDeniedError
    if status == 429:
        return RateLimitedError
    if status >= 500 or status == 408:
        return ServerError
    if 300 <= status < 400 or not messages:
        # A bare 404 means a wrong endpoint URL, never "this token is gone".
        return ApiError
    return _error_class_for_graphql(code, messages)


def _connection_never_opened(exc):
    reason = getattr(exc.args[0], 'reason', None) if exc.args else None
    if reason is None:
        return False
    names = [cls.__name__ for cls in type(reason).__mro__]
    return any(name in _NOT_SENT_REASONS for name in names)


def _errno_suffix(exc):
    """': [Errno 111] Connection refused' when the exception text has one; never the whole text."""
    match = _ERRNO_TEXT.search(str(exc))
    return ': ' + match.group(0).strip() if match else ''
