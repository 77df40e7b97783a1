# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection; no compatibility promise.

"""Sends GraphQL operations to the Mondoo API and turns every failure into a MondooError.

Retries: a failure is retried when the operation is safe to repeat and the failure is transient
(connection error, timeout, HTTP 408, 429, 500, 502, 503, 504, or a GraphQL error coded
UNAVAILABLE, DEADLINE_EXCEEDED or RESOURCE_EXHAUSTED), with jittered exponential backoff or the
server's Retry-After, until either the attempt count or the time budget runs out. A host name that
does not resolve is not retried; a refused connection to a host other than loopback only briefly.

An operation that is not safe to repeat (generating a token) is sent again only when the first
attempt certainly changed nothing: the connection never opened, or the API refused it in words
(RESOURCE_EXHAUSTED).

Ambiguity: a failed mutation is flagged ``ambiguous`` when the request reached the server and the
answer does not prove it was refused: a timeout or a dropped connection after sending, HTTP 408,
429 or 5xx, an answer that is not a GraphQL response, or a GraphQL error coded UNAVAILABLE,
DEADLINE_EXCEEDED or INTERNAL. Other GraphQL errors, and HTTP 3xx/4xx other than 408 and 429, are
clear refusals. 429 and 503 usually mean "not applied", but a proxy or load balancer in between may
answer them after the API acted; the caller resolves any ambiguity with a cheap lookup, so
over-reporting costs a list call while under-reporting could leave a duplicate.

Error codes are read from ``extensions.code`` or, as Mondoo words its errors, from gRPC status
text in the message (``rpc error: code = NotFound desc = ...``); either gives the same class.
A document the API refuses at validation (an unknown field, argument or type) raises
SchemaMismatchError, which says that the API's schema is not the one this collection expects.
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
    SchemaMismatchError,
    ServerError,
    TransportError,
)
from ansible_collections.mondoo.platform.plugins.module_utils._parsing import is_loopback
from ansible_collections.mondoo.platform.plugins.module_utils._version import COLLECTION_VERSION, USER_AGENT


DEFAULT_TIMEOUT = 30
DEFAULT_RETRIES = 4
DEFAULT_MAX_RETRY_TIME = 60
# A refused connection to a host other than loopback is retried for this long at most.
REFUSED_RETRY_TIME = 3

RETRYABLE_STATUSES = frozenset([408, 429, 500, 502, 503, 504])

LIVE_CHECK_COMMAND = 'ansible-playbook mondoo.platform.live_check'
REGION_ENDPOINT_EXAMPLE = 'https://us.api.mondoo.com/query'


class _CodeRule:
    """What a GraphQL error code means: its class, whether to retry, whether the change may have applied."""

    def __init__(self, error_class, retryable=False, outcome_unknown=False):
        self.error_class = error_class
        self.retryable = retryable
        self.outcome_unknown = outcome_unknown


# Codes as extensions.code spells them; gRPC status text (NotFound) is converted to this form.
CODE_RULES = {
    'UNAUTHENTICATED': _CodeRule(AuthenticationError),
    'PERMISSION_DENIED': _CodeRule(PermissionDeniedError),
    'NOT_FOUND': _CodeRule(NotFoundError),
    'INVALID_ARGUMENT': _CodeRule(InvalidArgumentError),
    'RESOURCE_EXHAUSTED': _CodeRule(RateLimitedError, retryable=True),
    'UNAVAILABLE': _CodeRule(ServerError, retryable=True, outcome_unknown=True),
    'DEADLINE_EXCEEDED': _CodeRule(ServerError, retryable=True, outcome_unknown=True),
    'INTERNAL': _CodeRule(ServerError, outcome_unknown=True),
    'GRAPHQL_VALIDATION_FAILED': _CodeRule(SchemaMismatchError),
    'GRAPHQL_PARSE_FAILED': _CodeRule(SchemaMismatchError),
}
_UNKNOWN_CODE_RULE = _CodeRule(ApiError)

# Used only when an error carries no code of its own.
ERROR_CLASS_BY_PHRASE = (
    ('permission denied', PermissionDeniedError),
    ('not found', NotFoundError),
    ('unauthenticated', AuthenticationError),
    ('invalid argument', InvalidArgumentError),
)

# How GraphQL servers (graphql-js, graphql-core, gqlgen) word a document that does not fit their
# schema; matched only on errors without a path, which no resolver raised.
SCHEMA_MISMATCH_PHRASES = (
    'cannot query field',
    'unknown argument',
    'unknown type',
    'is not defined by type',
    'must have a selection of subfields',
    'must not have a selection',
    'used in position expecting',
    'was not provided',
    'got invalid value',
    'does not exist in',
)

_GRPC_STATUS = re.compile(r'rpc error: code = ([A-Za-z]+) desc = ')
_CAMEL_WORD = re.compile(r'(?<!^)(?=[A-Z])')

MAX_API_MESSAGE_LENGTH = 500

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
    """One failed attempt, kept without the requests exception (it holds the request headers).

    ``outcome_unknown``: the request reached the server and may have been applied.
    ``retry_window``: seconds after the first attempt past which this kind of failure is not retried.
    """

    def __init__(self, error_class, detail, outcome_unknown=False, retryable=False, http_status=None,
                 api_message=None, error_code=None, retry_after=None, retry_window=None):
        self.error_class = error_class
        self.detail = detail
        self.outcome_unknown = outcome_unknown
        self.retryable = retryable
        self.http_status = http_status
        self.api_message = api_message
        self.error_code = error_code
        self.retry_after = retry_after
        self.retry_window = retry_window

    def to_error(self, operation, action, scope_mrn, attempts, after_ambiguous_attempt):
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
            after_ambiguous_attempt=after_ambiguous_attempt,
        )


class GraphQLTransport:
    """One ``requests.Session`` talking to one GraphQL endpoint with one credential.

    ``endpoint_source`` says where the endpoint came from ("region us", "environment variable
    MONDOO_API_ENDPOINT", ...), for messages about failing to reach it.
    """

    def __init__(self, endpoint, auth, timeout=DEFAULT_TIMEOUT, validate_certs=True, ca_path=None,
                 retry_policy=None, session=None, sleep=time.sleep, clock=time.monotonic,
                 wall_clock=time.time, rand=random.random, endpoint_source=None):
        if session is None:
            session = new_session()
        self.endpoint = endpoint
        self.endpoint_source = endpoint_source
        self._auth = auth
        self._timeout = timeout
        self._verify = tls_verification(validate_certs, ca_path)
        self._retry = retry_policy or RetryPolicy()
        self._session = session
        # The HTTP Date header of the last answer that carried data: the API's clock, for callers that compare with it.
        self.last_answer_date = None
        self._sleep = sleep
        self._clock = clock
        self._wall_clock = wall_clock
        self._rand = rand

    def __repr__(self):
        return 'GraphQLTransport(endpoint=%r, auth=%r)' % (self.endpoint, self._auth)

    @property
    def timeout(self):
        """Seconds to wait for the API to accept a connection and, separately, to answer."""
        return self._timeout

    @property
    def endpoint_host(self):
        return urlparse(self.endpoint).hostname or self.endpoint

    @property
    def endpoint_description(self):
        """'https://us.api.mondoo.com:443 (the endpoint from region us)': scheme, host, port and origin."""
        return describe_endpoint(self.endpoint, self.endpoint_source)

    def close(self):
        self._session.close()

    def execute(self, operation, variables, action, scope_mrn=None):
        """Send ``operation`` and return its ``data`` object, or raise a MondooError.

        ``action`` completes "Failed to ..." in error messages; ``scope_mrn`` goes with the error.
        """
        started = self._clock()
        attempt = 1
        earlier_outcome_unknown = False
        while True:
            data, failure = self._attempt(operation, variables)
            if failure is None:
                return data
            delay = self._delay_before_retry(operation, failure, attempt, started)
            if delay is None:
                raise failure.to_error(operation, action, scope_mrn, attempt,
                                       after_ambiguous_attempt=operation.is_mutation and earlier_outcome_unknown)
            earlier_outcome_unknown = earlier_outcome_unknown or failure.outcome_unknown
            self._sleep(delay)
            attempt += 1

    def _delay_before_retry(self, operation, failure, attempt, started):
        """Seconds to wait before the next attempt, or None when this failure is final."""
        if not failure.retryable or attempt >= self._retry.max_attempts:
            return None
        if failure.outcome_unknown and not operation.safe_to_repeat:
            return None
        if failure.retry_after is not None:
            delay = self._retry.clamp(failure.retry_after)
        else:
            delay = self._retry.backoff(attempt, self._rand)
        elapsed = self._clock() - started + delay
        if elapsed > self._retry.max_retry_time:
            return None
        if failure.retry_window is not None and elapsed > failure.retry_window:
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
        where = self.endpoint_description
        if isinstance(exc, requests.exceptions.SSLError):
            return _Failure(TransportError, 'TLS connection to %s failed (check validate_certs and ca_path)%s'
                            % (where, _errno_suffix(exc)))
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return _Failure(TransportError, 'timed out connecting to %s after %s seconds' % (where, self._timeout),
                            retryable=True)
        if isinstance(exc, requests.exceptions.ReadTimeout):
            return _Failure(TransportError, 'no answer from %s within %s seconds' % (where, self._timeout),
                            outcome_unknown=True, retryable=True)
        if isinstance(exc, requests.exceptions.ProxyError):
            return _Failure(TransportError, 'could not connect to %s through the proxy%s' % (where, _errno_suffix(exc)),
                            retryable=True)
        if isinstance(exc, requests.exceptions.ConnectionError):
            return self._connection_failure(exc, where)
        if isinstance(exc, (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError)):
            return _Failure(TransportError, 'the answer from %s was cut off' % where,
                            outcome_unknown=True, retryable=True)
        # Anything else (invalid URL, invalid header, ...) happened before sending. Its text may
        # quote a header, so only the exception's class name is reported.
        return _Failure(TransportError, 'the request to %s could not be sent (%s)' % (where, type(exc).__name__))

    def _connection_failure(self, exc, where):
        reason = _urllib3_reason(exc)
        if reason == 'NameResolutionError' or _names_resolution_failure(exc):
            return _Failure(TransportError, 'could not resolve the host name of %s' % where)
        if reason in ('NewConnectionError', 'ConnectTimeoutError'):
            window = None if is_loopback(self.endpoint_host) else REFUSED_RETRY_TIME
            return _Failure(TransportError, 'could not connect to %s%s' % (where, _errno_suffix(exc)),
                            retryable=True, retry_window=window)
        return _Failure(TransportError, 'the connection to %s failed before an answer arrived%s'
                        % (where, _errno_suffix(exc)), outcome_unknown=True, retryable=True)

    def _interpret(self, response):
        if response.status_code == 200:
            data, failure = _interpret_graphql_answer(response)
            if failure is None:
                self.last_answer_date = response.headers.get('Date')
        else:
            data, failure = None, self._failure_from_status(response)
        if failure is not None and failure.error_class is AuthenticationError:
            failure.detail = 'the API did not accept the credential from %s: %s' % (self._auth.source, failure.detail)
        return data, failure

    def _failure_from_status(self, response):
        status = response.status_code
        errors = graphql_errors(_json_or_none(response))
        api_message = joined_messages([error.message for error in errors])
        detail = api_message or HTTP_REASONS.get(status, 'unexpected answer').lower()
        retry_after = None
        if status in RETRYABLE_STATUSES:
            retry_after = parse_retry_after(response.headers.get('Retry-After'), self._wall_clock())
        rule = _rule_for_status(status, errors)
        if 300 <= status < 400:
            detail = 'the endpoint %s redirected to %s; set endpoint to the final URL' % (
                self.endpoint, response.headers.get('Location', 'another address'))
        elif status in (404, 405):
            detail = ('%s does not look like a Mondoo GraphQL endpoint (it answered HTTP %d to a GraphQL POST%s); '
                      'Mondoo\'s look like %s' % (self.endpoint_description_with_path, status,
                                                  ': ' + api_message if api_message else '', REGION_ENDPOINT_EXAMPLE))
        elif rule.error_class is SchemaMismatchError:
            detail = schema_mismatch_detail(api_message)
        return _Failure(
            rule.error_class,
            detail,
            outcome_unknown=status >= 500 or status in (408, 429),
            retryable=status in RETRYABLE_STATUSES,
            http_status=status,
            api_message=api_message,
            error_code=_first_code(errors),
            retry_after=retry_after,
        )

    @property
    def endpoint_description_with_path(self):
        return describe_endpoint(self.endpoint, self.endpoint_source, with_path=True)


class GraphQLErrorEntry:
    """One entry of a GraphQL ``errors`` array: its message, its code (normalized) and whether it has a path."""

    def __init__(self, message, code, has_path):
        self.message = message
        self.code = code
        self.has_path = has_path


def describe_endpoint(endpoint, source=None, with_path=False):
    """'https://us.api.mondoo.com:443 (the endpoint from region us)'; the path too when asked."""
    parsed = urlparse(endpoint)
    port = parsed.port or (443 if parsed.scheme == 'https' else 80)
    host = parsed.hostname or endpoint
    if ':' in host:
        host = '[%s]' % host
    text = '%s://%s:%d%s' % (parsed.scheme, host, port, parsed.path if with_path else '')
    return '%s (the endpoint from %s)' % (text, source) if source else text


def schema_mismatch_detail(api_message):
    return ("the Mondoo API's schema differs from what this version of the collection (mondoo.platform %s) expects; "
            "the API said: %s. Run `%s` with the same credential to list every difference"
            % (COLLECTION_VERSION, (api_message or 'the document is not valid').rstrip('.'), LIVE_CHECK_COMMAND))


def tls_verification(validate_certs, ca_path):
    """What requests' ``verify`` takes: the CA bundle's path, True for the system's, or False."""
    return (ca_path or True) if validate_certs else False


def new_session():
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
    errors = graphql_errors(answer)
    if errors:
        api_message = joined_messages([error.message for error in errors])
        rule = rule_for_errors(errors)
        detail = schema_mismatch_detail(api_message) if rule.error_class is SchemaMismatchError else api_message
        return None, _Failure(rule.error_class, detail, outcome_unknown=rule.outcome_unknown, retryable=rule.retryable,
                              http_status=200, api_message=api_message, error_code=_first_code(errors))
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
    """The entries of a GraphQL ``errors`` array (duplicate messages once); [] when there is none."""
    if not isinstance(answer, dict) or not isinstance(answer.get('errors'), list):
        return []
    entries = []
    seen = set()
    for error in answer['errors']:
        if not isinstance(error, dict):
            continue
        message = str(error.get('message') or 'unspecified error')[:MAX_API_MESSAGE_LENGTH]
        if message in seen:
            continue
        seen.add(message)
        entries.append(GraphQLErrorEntry(message, _error_code(error, message), bool(error.get('path'))))
    return entries


def _error_code(error, message):
    """The error's code in UPPER_SNAKE form, from extensions.code or from gRPC status text; None if neither."""
    extensions = error.get('extensions')
    if isinstance(extensions, dict) and extensions.get('code'):
        return str(extensions['code']).upper()
    match = _GRPC_STATUS.search(message)
    if match:
        return _CAMEL_WORD.sub('_', match.group(1)).upper()
    return None


def _first_code(errors):
    return next((error.code for error in errors if error.code), None)


def joined_messages(messages):
    return '; '.join(messages) if messages else None


def rule_for_errors(errors):
    """The _CodeRule of a GraphQL errors array: its first code, else what its words say."""
    if any(_is_schema_mismatch(error) for error in errors):
        return CODE_RULES['GRAPHQL_VALIDATION_FAILED']
    code = _first_code(errors)
    if code is not None:
        return CODE_RULES.get(code, _UNKNOWN_CODE_RULE)
    text = ' '.join(error.message for error in errors).lower()
    for phrase, error_class in ERROR_CLASS_BY_PHRASE:
        if phrase in text:
            return _CodeRule(error_class)
    return _UNKNOWN_CODE_RULE


def _is_schema_mismatch(error):
    if error.code in ('GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED'):
        return True
    text = error.message.lower()
    return not error.has_path and any(phrase in text for phrase in SCHEMA_MISMATCH_PHRASES)


def _rule_for_status(status, errors):
    if status == 401:
        return _CodeRule(AuthenticationError)
    if status == 403:
        return _CodeRule(PermissionDeniedError)
    if status == 429:
        return _CodeRule(RateLimitedError)
    if status >= 500 or status == 408:
        return _CodeRule(ServerError)
    if 300 <= status < 400 or status in (404, 405) or not errors:
        # A GraphQL API answers a missing token with HTTP 200: a 404 means a wrong endpoint URL.
        return _UNKNOWN_CODE_RULE
    return rule_for_errors(errors)


def _urllib3_reason(exc):
    """The class name of the urllib3 error behind a requests ConnectionError, e.g. NewConnectionError."""
    reason = getattr(exc.args[0], 'reason', None) if exc.args else None
    if reason is None:
        return None
    names = [cls.__name__ for cls in type(reason).__mro__]
    for name in ('NameResolutionError', 'ConnectTimeoutError', 'NewConnectionError'):
        if name in names:
            return name
    return names[0]


def _names_resolution_failure(exc):
    # urllib3 before 2.0 reports an unresolvable name as NewConnectionError with the resolver's words.
    text = str(exc)
    return 'Name or service not known' in text or 'nodename nor servname' in text or 'Temporary failure in name resolution' in text


def _errno_suffix(exc):
    """': [Errno 111] Connection refused' when the exception text has one; never the whole text."""
    match = _ERRNO_TEXT.search(str(exc))
    return ': ' + match.group(0).strip() if match else ''
