# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection; no compatibility promise.

"""Workload identity federation: an OIDC token the job's platform signs, exchanged for a short-lived Mondoo
service-account credential that lives in memory for the module run.

The exchange is ``POST <api>/SecureTokenService/ExchangeExternalToken`` with the audience (the scope MRN of the
binding), the issuer URI and the token; the answer's ``base64_credential`` is a service-account credential. Errors name
the issuer and the audience, never the token.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import binascii
import json
import re

from ansible_collections.mondoo.platform.plugins.module_utils._errors import (
    AuthenticationError,
    ConfigurationError,
    InvalidArgumentError,
    MondooError,
    PermissionDeniedError,
    ServerError,
    TransportError,
)

EXCHANGE_PATH = '/SecureTokenService/ExchangeExternalToken'
# The type of the credential document Mondoo's clients read for workload identity federation.
EXTERNAL_ACCOUNT = 'external_account'
_COMPACT_JWS = re.compile(r'^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$')

_REFUSALS = {
    400: (InvalidArgumentError, 'the request was malformed'),
    401: (AuthenticationError, 'Mondoo does not know the issuer, or the token is expired or not signed by it'),
    403: (PermissionDeniedError, "no workload identity binding in the audience's scope matches the issuer and the "
                                 "token's subject, or the token's audience or claims are not the binding's"),
}


class WorkloadIdentity:
    """What an exchange needs: the issuer URI, the audience and where the external token comes from (inline or a file,
    read when the exchange happens, as a platform may renew it)."""

    kind = 'workload_identity'

    def __init__(self, issuer_uri, audience, source, token=None, token_file=None, api_endpoint=None):
        self.issuer_uri = issuer_uri
        self.audience = audience
        self.source = source
        self._token = token
        self.token_file = token_file
        self.api_endpoint = api_endpoint

    def __repr__(self):
        return 'WorkloadIdentity(issuer_uri=%r, audience=%r, source=%r)' % (self.issuer_uri, self.audience, self.source)

    def external_token(self):
        """The external token, checked to be a compact JWS (its text never goes into a message)."""
        if self._token is not None:
            token, origin = self._token, 'the workload identity token from %s' % self.source
        else:
            token, origin = _read_token_file(self.token_file), 'the workload identity token file %s' % self.token_file
        token = token.strip()
        if not _COMPACT_JWS.match(token):
            raise ConfigurationError('%s is not a JWT (three base64url parts separated by dots)' % origin)
        return token


def workload_identity(settings, source):
    """A WorkloadIdentity from ``settings`` (issuer_uri, audience, token, token_file; empty means unset), or a
    ConfigurationError naming what is missing."""
    present = dict((key, value.strip()) for key, value in settings.items() if isinstance(value, str) and value.strip())
    missing = [key for key in ('issuer_uri', 'audience') if key not in present]
    if 'token' not in present and 'token_file' not in present:
        missing.append('token or token_file')
    if missing:
        raise ConfigurationError('workload identity federation from %s needs %s' % (source, ' and '.join(missing)))
    if not present['issuer_uri'].startswith('https://'):
        raise ConfigurationError('the workload identity issuer from %s must be an https:// URI, not %r'
                                 % (source, present['issuer_uri']))
    return WorkloadIdentity(present['issuer_uri'], present['audience'], source, token=present.get('token'),
                            token_file=None if 'token' in present else present['token_file'])


def from_external_account(mapping, source):
    """A WorkloadIdentity from the JSON document Mondoo's own clients read (``type: external_account`` with
    ``issuerUri``, ``audience``, ``jwtToken`` and ``universeDomain``, the API host), or None when ``mapping`` is not
    one."""
    if not isinstance(mapping, dict) or mapping.get('type') != EXTERNAL_ACCOUNT:
        return None
    identity = workload_identity({'issuer_uri': mapping.get('issuerUri') or mapping.get('issuer_uri'),
                                  'audience': mapping.get('audience'),
                                  'token': mapping.get('jwtToken') or mapping.get('jwt_token')}, source)
    domain = mapping.get('universeDomain')
    if isinstance(domain, str) and domain.strip():
        identity.api_endpoint = domain.strip() if '://' in domain else 'https://' + domain.strip()
    return identity


def exchange_url(graphql_endpoint):
    """The exchange's URL on the API host of ``graphql_endpoint`` (which ends in /query)."""
    base = graphql_endpoint.rstrip('/')
    if base.endswith('/query'):
        base = base[:-len('/query')]
    return base + EXCHANGE_PATH


def exchange(identity, session, graphql_endpoint, timeout, verify):
    """The service-account credential mapping (mrn, private_key, ...) Mondoo issues for ``identity``'s token."""
    url = exchange_url(graphql_endpoint)
    action = 'exchange the workload identity token of issuer %s for audience %s' % (identity.issuer_uri, identity.audience)
    body = {'audience': identity.audience, 'issuer_uri': identity.issuer_uri, 'jwt_token': identity.external_token()}
    try:
        response = session.post(url, json=body, headers={'Content-Type': 'application/json', 'Accept': 'application/json'},
                                timeout=timeout, verify=verify, allow_redirects=False)
    except Exception as exc:  # pylint: disable=broad-except
        # The exception text may quote the request, which holds the token: only its class is reported.
        raise TransportError('the exchange at %s could not be reached (%s)' % (url, type(exc).__name__), action=action) from None
    if response.status_code != 200:
        raise _refusal(response, url, action)
    return _credential_from_answer(response, url, action)


def _refusal(response, url, action):
    error_class, hint = _REFUSALS.get(response.status_code, (ServerError, 'the exchange failed'))
    api_message = _status_message(response)
    detail = '%s%s' % (hint, ' (the API said: %s)' % api_message if api_message else ' (%s)' % url)
    return error_class(detail, action=action, http_status=response.status_code, api_message=api_message or None)


def _status_message(response):
    """The ``message`` of a google.rpc.Status answer, or ''."""
    try:
        document = response.json()
    except ValueError:
        return ''
    message = document.get('message') if isinstance(document, dict) else None
    return message.strip()[:500] if isinstance(message, str) else ''


def _credential_from_answer(response, url, action):
    try:
        encoded = response.json()['base64_credential']
        document = json.loads(base64.b64decode(encoded, validate=False).decode('utf-8'))
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeError):
        raise MondooError('%s answered without a usable base64_credential' % url, action=action) from None
    if not isinstance(document, dict):
        raise MondooError('%s answered without a usable base64_credential' % url, action=action)
    return document


def _read_token_file(path):
    try:
        with open(path, 'r') as handle:
            return handle.read()
    except (IOError, OSError) as exc:
        raise ConfigurationError('cannot read the workload identity token file %s: %s'
                                 % (path, exc.strerror or type(exc).__name__)) from None
    except UnicodeDecodeError:
        raise ConfigurationError('the workload identity token file %s is not text' % path) from None
