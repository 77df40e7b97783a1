# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Test doubles for the client's collaborators: an HTTP session, a clock, a GraphQL transport."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

import requests
from requests.structures import CaseInsensitiveDict
import socket

from urllib3.exceptions import MaxRetryError, NameResolutionError, NewConnectionError, ProtocolError, ReadTimeoutError

from ansible_collections.mondoo.platform.plugins.module_utils._errors import NotFoundError


ENDPOINT = 'https://us.api.mondoo.com/query'
SECRET_TOKEN = 'mondoo-test-SECRET-7f3a9c1e5b'
SPACE = '//captain.api.mondoo.app/spaces/hungry-poet-123456'

_NOT_JSON = object()


class FakeResponse:
    def __init__(self, status_code=200, body=None, headers=None, not_json=False):
        self.status_code = status_code
        self._body = _NOT_JSON if not_json else body
        self.headers = CaseInsensitiveDict(headers or {})

    def json(self):
        if self._body is _NOT_JSON:
            raise ValueError('Expecting value: line 1 column 1 (char 0)')
        return self._body


def data_response(data):
    return FakeResponse(200, {'data': data})


def graphql_error_response(message, code=None, status=200, path=('x',)):
    error = {'message': message}
    if path:
        error['path'] = list(path)
    if code:
        error['extensions'] = {'code': code}
    return FakeResponse(status, {'data': None, 'errors': [error]})


def status_response(status, headers=None, code='UNAVAILABLE'):
    return FakeResponse(status, {'errors': [{'message': 'injected fault', 'extensions': {'code': code}}]}, headers)


def _request_carrying_secret():
    """A prepared request like the one requests attaches to its exceptions: it holds our headers."""
    request = requests.Request('POST', ENDPOINT, headers={'Authorization': 'Bearer ' + SECRET_TOKEN}, json={})
    return request.prepare()


def connection_refused():
    reason = NewConnectionError(None, 'Failed to establish a new connection: [Errno 111] Connection refused')
    return requests.exceptions.ConnectionError(MaxRetryError(None, '/query', reason), request=_request_carrying_secret())


def name_not_resolved():
    reason = NameResolutionError('us.api.mondoo.com', None, socket.gaierror(-2, 'Name or service not known'))
    return requests.exceptions.ConnectionError(MaxRetryError(None, '/query', reason), request=_request_carrying_secret())


def connection_dropped():
    cause = ProtocolError('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))
    return requests.exceptions.ConnectionError(cause, request=_request_carrying_secret())


def read_timeout():
    cause = ReadTimeoutError(None, '/query', 'Read timed out. (read timeout=30)')
    return requests.exceptions.ReadTimeout(cause, request=_request_carrying_secret())


def tls_failure():
    return requests.exceptions.SSLError('certificate verify failed', request=_request_carrying_secret())


def invalid_header_with_secret():
    return requests.exceptions.InvalidHeader('Invalid header value Bearer ' + SECRET_TOKEN,
                                             request=_request_carrying_secret())


class FakeSession:
    """Plays back responses (or raises exceptions) in order and records every post."""

    def __init__(self, *outcomes, **kwargs):
        self.outcomes = list(outcomes)
        self.calls = []
        self.closed = False
        self.on_post = kwargs.get('on_post')

    def post(self, url, json=None, headers=None, timeout=None, verify=None, allow_redirects=True):
        self.calls.append(dict(url=url, json=copy.deepcopy(json), headers=dict(headers or {}),
                               timeout=timeout, verify=verify, allow_redirects=allow_redirects))
        if self.on_post:
            self.on_post()
        if not self.outcomes:
            raise AssertionError('unexpected request %r' % (json or {}).get('operationName'))
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def close(self):
        self.closed = True


class FakeClock:
    """A monotonic clock, a wall clock and a sleep that only moves them."""

    WALL_EPOCH = 1800000000

    def __init__(self):
        self.elapsed = 0.0
        self.sleeps = []

    def monotonic(self):
        return 500.0 + self.elapsed

    def wall(self):
        return self.WALL_EPOCH + self.elapsed

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.elapsed += seconds

    def advance(self, seconds):
        self.elapsed += seconds


class StaticAuth:
    kind = 'api_token'
    source = 'test'

    def authorization_header(self):
        return 'Bearer ' + SECRET_TOKEN


class FakeTransport:
    """An in-memory token store behind the GraphQLTransport.execute interface.

    ``fail`` maps an operation name to a list of exceptions raised by its next calls; an entry
    may be a tuple (exception, 'after') to raise only after the operation took effect, or
    (None, 'never') to let a call pass.
    """

    def __init__(self, tokens=None):
        self.tokens = list(tokens or [])
        self.calls = []
        self.fail = {}
        self.next_id = 1
        self.delete_answer = True
        self.scopes = {}
        # What setRoles answers in `mrns`; None: the MRNs of its updates, as Mondoo's API does.
        self.set_roles_mrns = None
        # The HTTP Date header every answer carries, as GraphQLTransport records it.
        self.answer_date = None
        self.last_answer_date = None

    def execute(self, operation, variables, action, scope_mrn=None):
        self.calls.append((operation.name, copy.deepcopy(variables)))
        failure = self._next_failure(operation.name)
        if failure is not None and failure[1] == 'before':
            raise failure[0]
        data = getattr(self, '_' + operation.name)(variables)
        if failure is not None and failure[1] == 'after':
            raise failure[0]
        self.last_answer_date = self.answer_date
        return data

    def names_called(self):
        return [name for name, dummy in self.calls]

    def _next_failure(self, name):
        queue = self.fail.get(name)
        if not queue:
            return None
        entry = queue.pop(0)
        return entry if isinstance(entry, tuple) else (entry, 'before')

    def add_token(self, name, scope_mrn=SPACE, **fields):
        token = {
            'mrn': '%s/apitokens/t%d' % (scope_mrn, self.next_id),
            'name': name,
            'description': fields.get('description'),
            'roles': [{'mrn': mrn} for mrn in fields.get('roles', [])],
            'createdAt': '2026-01-01T00:00:%02dZ' % (self.next_id % 60),
            'lastUsed': None,
        }
        self.scopes[token['mrn']] = scope_mrn
        self.next_id += 1
        self.tokens.append(token)
        return token

    def _GenerateAPIToken(self, variables):
        given = variables['input']
        token = self.add_token(given['name'], given['scopeMrn'], description=given.get('description'),
                               roles=[role['mrn'] for role in given.get('roles', [])])
        return {'generateAPIToken': dict(token, secret='secret-of-' + token['mrn'].rsplit('/', 1)[-1])}

    def _APITokens(self, variables):
        matching = [token for token in self.tokens if self.scopes[token['mrn']] == variables['scopeMrn']
                    and (variables.get('query') or '').lower() in token['name'].lower()]
        start = int(variables.get('after') or 0)
        page = matching[start:start + variables['first']]
        end = start + len(page)
        return {'apiTokens': {
            'edges': [{'node': copy.deepcopy(token)} for token in page],
            'pageInfo': {'endCursor': str(end) if page else None, 'hasNextPage': end < len(matching)},
        }}

    def _DeleteAPIToken(self, variables):
        mrn = variables['input']['mrn']
        remaining = [token for token in self.tokens if token['mrn'] != mrn]
        if len(remaining) == len(self.tokens):
            raise NotFoundError('not found: API token', action='delete', error_code='NOT_FOUND')
        self.tokens = remaining
        return {'deleteAPIToken': self.delete_answer}

    def _UpdateAPIToken(self, variables):
        given = variables['input']
        token = [token for token in self.tokens if token['mrn'] == given['mrn']][0]
        token.update((key, value) for key, value in given.items() if key != 'mrn')
        return {'updateAPIToken': token}

    def _SetRoles(self, variables):
        updates = variables['input']['updates']
        for update in updates:
            token = [token for token in self.tokens if token['mrn'] == update['entityMrn']][0]
            token['roles'] = [dict(role) for role in update['roles']]
        mrns = self.set_roles_mrns if self.set_roles_mrns is not None else [update['entityMrn'] for update in updates]
        return {'setRoles': {'mrns': mrns}}

    def _ServiceAccounts(self, variables):
        return {'serviceAccounts': {'totalCount': 0}}

    def _Viewer(self, variables):
        return {'viewer': {'mrn': '//agents.api.mondoo.app/spaces/x/serviceaccounts/y'}}
