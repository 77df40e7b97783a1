# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection; no compatibility promise.

"""Finding the credential and the endpoint, and authenticating requests with them.

Credential discovery, first match wins:

1. an explicit option: ``api_token``, ``credentials``, ``credentials_file`` or the ``wif_*`` options of workload
   identity federation (only one of them; a ``wif_*`` setting not given as an option comes from its variable);
2. the environment, in the order Mondoo's Terraform provider uses: ``MONDOO_CONFIG_BASE64``,
   ``MONDOO_CONFIG_PATH``, then workload identity (``MONDOO_WIF_ISSUER_URI`` and the rest), then ``MONDOO_API_TOKEN``;
3. the Mondoo CLI configuration: ``~/.config/mondoo/mondoo.yml``, then ``/etc/opt/mondoo/mondoo.yml``.

A credential document (option, variable or file) of ``type: external_account`` is a workload identity, as Mondoo's
own clients read it. Workload identity is exchanged for a service-account credential by the client (see _wif).

The credential options have no ``env_fallback`` in the modules' argument spec: the environment is
read here, after the options, so that an explicit option always wins.

Endpoint: the ``endpoint`` option, else ``MONDOO_API_ENDPOINT``, else the service-account
credential's ``api_endpoint``, else the ``region``'s endpoint; ``/query`` is appended when missing.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import binascii
import json
import os
import re
import time
import traceback

from collections import namedtuple
from urllib.parse import urlparse, urlunparse

try:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
    HAS_CRYPTOGRAPHY = True
    CRYPTOGRAPHY_IMPORT_ERROR = None
except ImportError:
    HAS_CRYPTOGRAPHY = False
    CRYPTOGRAPHY_IMPORT_ERROR = traceback.format_exc()

from ansible.module_utils.common.yaml import HAS_YAML, yaml_load

from ansible_collections.mondoo.platform.plugins.module_utils._errors import (
    ConfigurationError,
    MissingLibraryError,
)
from ansible_collections.mondoo.platform.plugins.module_utils._parsing import is_loopback
from ansible_collections.mondoo.platform.plugins.module_utils._wif import from_external_account, workload_identity


ENV_API_TOKEN = 'MONDOO_API_TOKEN'
ENV_CREDENTIALS = 'MONDOO_CONFIG_BASE64'
ENV_CREDENTIALS_FILE = 'MONDOO_CONFIG_PATH'
ENV_ENDPOINT = 'MONDOO_API_ENDPOINT'

# (option, environment variable), in the order the environment is searched.
CREDENTIAL_SOURCES = (
    ('credentials', ENV_CREDENTIALS),
    ('credentials_file', ENV_CREDENTIALS_FILE),
    ('api_token', ENV_API_TOKEN),
)
# Workload identity federation: each setting's option and variables, the first set one wins.
WIF_SETTINGS = (
    ('issuer_uri', 'wif_issuer_uri', ('MONDOO_WIF_ISSUER_URI',)),
    ('audience', 'wif_audience', ('MONDOO_WIF_AUDIENCE',)),
    # JWT_TOKEN: where Mondoo's own clients look for the external token.
    ('token', 'wif_token', ('MONDOO_WIF_TOKEN', 'JWT_TOKEN')),
    ('token_file', 'wif_token_file', ('MONDOO_WIF_TOKEN_FILE',)),
)
ENV_WIF_ISSUER_URI = 'MONDOO_WIF_ISSUER_URI'
OPTION_NAMES = ('api_token', 'credentials', 'credentials_file', 'wif_*')
ENVIRONMENT_NAMES = (ENV_API_TOKEN, ENV_CREDENTIALS, ENV_CREDENTIALS_FILE, ENV_WIF_ISSUER_URI)

DEFAULT_CONFIG_PATHS = ('~/.config/mondoo/mondoo.yml', '/etc/opt/mondoo/mondoo.yml')

REGION_ENDPOINTS = {
    'us': 'https://us.api.mondoo.com',
    'eu': 'https://eu.api.mondoo.com',
}
DEFAULT_REGION = 'us'

JWT_ALGORITHM = 'ES384'
JWT_ISSUER = 'mondoo/ams'
JWT_LIFETIME = 60
# A cached JWT is replaced this many seconds before it expires.
JWT_RENEW_BEFORE = 10
P384_COORDINATE_BYTES = 48

_HEADER_SAFE_TOKEN = re.compile(r'^[\x21-\x7e]+$')

# warnings: what a module should warn about the connection (plain HTTP that the options allowed).
ConnectionSettings = namedtuple('ConnectionSettings', ['endpoint', 'endpoint_source', 'auth', 'warnings'])


class ApiTokenAuth:
    """``Authorization: Bearer <API token>``."""

    kind = 'api_token'

    def __init__(self, token, source):
        self._token = token
        self.source = source

    def __repr__(self):
        return 'ApiTokenAuth(source=%r)' % self.source

    def authorization_header(self):
        return 'Bearer ' + self._token


class ServiceAccountCredential:
    """A parsed service-account credential; the private key is a cryptography key object."""

    def __init__(self, mrn, private_key, api_endpoint, scope_mrn, source):
        self.mrn = mrn
        self.private_key = private_key
        self.api_endpoint = api_endpoint
        self.scope_mrn = scope_mrn
        self.source = source

    def __repr__(self):
        return 'ServiceAccountCredential(mrn=%r, source=%r)' % (self.mrn, self.source)


class ServiceAccountAuth:
    """``Authorization: Bearer <JWT>``, a short-lived ES384 JWT signed with the account's key."""

    kind = 'service_account'

    def __init__(self, credential, clock=time.time):
        self.credential = credential
        self.source = credential.source
        self._clock = clock
        self._jwt = None
        self._jwt_expires = 0

    def __repr__(self):
        return 'ServiceAccountAuth(mrn=%r, source=%r)' % (self.credential.mrn, self.source)

    def authorization_header(self):
        return 'Bearer ' + self._current_jwt()

    def _current_jwt(self):
        now = int(self._clock())
        if self._jwt is None or now >= self._jwt_expires - JWT_RENEW_BEFORE:
            self._jwt = sign_service_account_jwt(self.credential.private_key, self.credential.mrn, now)
            self._jwt_expires = now + JWT_LIFETIME
        return self._jwt


def sign_service_account_jwt(private_key, account_mrn, now):
    """A compact JWS: ES384, ``kid`` = ``sub`` = the account MRN, valid from ``now`` for 60 s."""
    header = {'alg': JWT_ALGORITHM, 'typ': 'JWT', 'kid': account_mrn}
    claims = {'sub': account_mrn, 'iss': JWT_ISSUER, 'iat': now, 'nbf': now, 'exp': now + JWT_LIFETIME}
    signing_input = _b64url_json(header) + '.' + _b64url_json(claims)
    der_signature = private_key.sign(signing_input.encode('ascii'), ec.ECDSA(hashes.SHA384()))
    return signing_input + '.' + _b64url(_raw_ecdsa_signature(der_signature))


def _raw_ecdsa_signature(der_signature):
    """JWS wants r || s, each a fixed-width big-endian number; cryptography returns DER."""
    r, s = decode_dss_signature(der_signature)
    return r.to_bytes(P384_COORDINATE_BYTES, 'big') + s.to_bytes(P384_COORDINATE_BYTES, 'big')


def _b64url_json(value):
    return _b64url(json.dumps(value, separators=(',', ':')).encode('utf-8'))


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b'=').decode('ascii')


# ---------------------------------------------------------------------------------------------
# Discovery


def resolve_connection(options, environ=None, config_paths=DEFAULT_CONFIG_PATHS, clock=time.time):
    """The endpoint and the authenticator that ``options`` (module params) and the environment give.

    Raises ConfigurationError (or MissingLibraryError) when no usable credential is found.
    """
    environ = os.environ if environ is None else environ
    auth = resolve_auth(options, environ, config_paths, clock)
    credential_endpoint = auth.credential.api_endpoint if isinstance(auth, ServiceAccountAuth) else getattr(auth, 'api_endpoint', None)
    endpoint, endpoint_source = resolve_endpoint(options, environ, credential_endpoint)
    warnings = check_transport_security(endpoint, endpoint_source, options.get('allow_insecure_http'))
    return ConnectionSettings(endpoint, endpoint_source, auth, warnings)


def resolve_auth(options, environ, config_paths=DEFAULT_CONFIG_PATHS, clock=time.time):
    """An ApiTokenAuth, a ServiceAccountAuth or a WorkloadIdentity (which the client exchanges before any request)."""
    explicit, from_environment = _split_credential_options(options, environ)
    wif_options = [option for dummy, option, dummy_variables in WIF_SETTINGS if _non_empty(options.get(option)) is not None]
    if wif_options:
        explicit.append(('wif_*', None))
    if len(explicit) > 1:
        raise ConfigurationError('the options %s are mutually exclusive; set only one of them'
                                 % ' and '.join(name for name, dummy in explicit))
    if wif_options:
        return workload_identity(_wif_settings(options, environ), 'the options ' + ', '.join(wif_options))
    if explicit:
        name, value = explicit[0]
        return _auth_from_option(name, value, 'option ' + name, clock)
    from_environment = [entry for entry in from_environment if entry[0] != 'api_token']
    if from_environment:
        name, value, variable = from_environment[0]
        return _auth_from_option(name, value, 'environment variable ' + variable, clock)
    if _non_empty(environ.get(ENV_WIF_ISSUER_URI)) is not None:
        return workload_identity(_wif_settings({}, environ), 'environment variable ' + ENV_WIF_ISSUER_URI)
    token = _non_empty(environ.get(ENV_API_TOKEN))
    if token is not None:
        return _auth_from_option('api_token', token, 'environment variable ' + ENV_API_TOKEN, clock)
    for path in config_paths:
        expanded = os.path.expanduser(path)
        if os.path.exists(expanded):
            return _auth_from_option('credentials_file', expanded, 'file ' + expanded, clock)
    raise ConfigurationError(_nothing_found_message(config_paths))


def _wif_settings(options, environ):
    """Each workload identity setting from its option, else from its first variable that is set."""
    settings = {}
    for setting, option, variables in WIF_SETTINGS:
        candidates = [options.get(option)] + [environ.get(variable) for variable in variables]
        settings[setting] = next((value for value in candidates if _non_empty(value) is not None), None)
    return settings


def _split_credential_options(options, environ):
    """([(option, value)] set explicitly, [(option, value, variable)] from the environment)."""
    explicit = []
    from_environment = []
    for name, variable in CREDENTIAL_SOURCES:
        option_value = _non_empty(options.get(name))
        env_value = _non_empty(environ.get(variable))
        if option_value is not None:
            explicit.append((name, option_value))
        elif env_value is not None:
            from_environment.append((name, env_value, variable))
    explicit.sort(key=lambda item: OPTION_NAMES.index(item[0]))
    return explicit, from_environment


def _non_empty(value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value


def _auth_from_option(name, value, source, clock):
    if name == 'api_token':
        return ApiTokenAuth(_checked_api_token(value, source), source)
    if name == 'credentials':
        mapping = value if isinstance(value, dict) else _decode_credential_text(str(value), source)
    else:
        mapping = _credential_file_mapping(os.path.expanduser(value), source)
    return from_external_account(mapping, source) or ServiceAccountAuth(service_account_from_mapping(mapping, source), clock)


def _checked_api_token(token, source):
    token = str(token).strip()
    if not _HEADER_SAFE_TOKEN.match(token):
        raise ConfigurationError('the API token from %s contains whitespace or characters that cannot go in '
                                 'an HTTP header' % source)
    return token


def _nothing_found_message(config_paths):
    files = ', '.join(_describe_path(path) for path in config_paths) or 'none'
    return ('no Mondoo credential found; looked at the options %s, the environment variables %s '
            'and the files %s' % (', '.join(OPTION_NAMES), ', '.join(ENVIRONMENT_NAMES), files))


def _describe_path(path):
    expanded = os.path.expanduser(path)
    return path if expanded == path else '%s (%s)' % (path, expanded)


def resolve_endpoint(options, environ, credential_endpoint=None):
    """(GraphQL URL, where it came from)."""
    candidates = (
        (options.get('endpoint'), 'option endpoint'),
        (environ.get(ENV_ENDPOINT), 'environment variable ' + ENV_ENDPOINT),
        (credential_endpoint, "the service-account credential's api_endpoint"),
    )
    for value, source in candidates:
        if _non_empty(value) is not None:
            return normalize_endpoint(value, source), source
    region = options.get('region') or DEFAULT_REGION
    if region not in REGION_ENDPOINTS:
        raise ConfigurationError('region must be one of %s, not %r' % (', '.join(sorted(REGION_ENDPOINTS)), region))
    return normalize_endpoint(REGION_ENDPOINTS[region], 'region ' + region), 'region ' + region


def check_transport_security(endpoint, source, allow_insecure_http=False):
    """[] for https or loopback; for plain HTTP to another host a warning when allowed, else ConfigurationError."""
    parsed = urlparse(endpoint)
    if parsed.scheme == 'https' or is_loopback(parsed.hostname):
        return []
    what = ('the endpoint %s://%s from %s is plain HTTP to a host other than loopback: the credential would cross the '
            'network unencrypted' % (parsed.scheme, parsed.netloc, source))
    if not allow_insecure_http:
        raise ConfigurationError(what + '; use https, or set allow_insecure_http=true if you must')
    return [what + ' (allowed by allow_insecure_http)']


def normalize_endpoint(url, source):
    """An absolute http(s) URL whose path ends in ``/query``."""
    parsed = urlparse(str(url).strip())
    if parsed.scheme not in ('http', 'https') or not parsed.hostname:
        raise ConfigurationError('the endpoint from %s is not an http(s) URL such as https://us.api.mondoo.com' % source)
    if parsed.username or parsed.password:
        raise ConfigurationError('the endpoint from %s must not carry a user name or password' % source)
    path = parsed.path.rstrip('/')
    if not path.endswith('/query'):
        path += '/query'
    return urlunparse((parsed.scheme, parsed.netloc, path, '', parsed.query, ''))


# ---------------------------------------------------------------------------------------------
# Service-account credentials


def load_service_account(value, source):
    """A ServiceAccountCredential from JSON text, base64-encoded JSON text, or a mapping."""
    if isinstance(value, dict):
        return service_account_from_mapping(value, source)
    return service_account_from_mapping(_decode_credential_text(str(value), source), source)


def load_service_account_file(path, source):
    """A ServiceAccountCredential from a JSON or YAML file (Mondoo's CLI writes YAML)."""
    return service_account_from_mapping(_credential_file_mapping(path, source), source)


def _credential_file_mapping(path, source):
    """The mapping a JSON or YAML credential file holds."""
    try:
        with open(path, 'rb') as handle:
            text = handle.read().decode('utf-8')
    except (IOError, OSError) as exc:
        raise ConfigurationError('cannot read the service-account credential %s: %s'
                                 % (source, exc.strerror or type(exc).__name__)) from None
    except UnicodeDecodeError:
        raise ConfigurationError('the service-account credential %s is not UTF-8 text' % source) from None
    return _parse_json_or_yaml(text, source)


def _decode_credential_text(text, source):
    text = text.strip()
    if text.startswith(('{', '[')):
        return _parse_json(text, source)
    decoded = _base64_decode(text)
    if decoded is None:
        raise ConfigurationError('the service-account credential from %s is neither JSON nor base64-encoded JSON'
                                 % source)
    return _parse_json(decoded, source + ' (after base64 decoding)')


def _base64_decode(text):
    compact = ''.join(text.split())
    padded = compact + '=' * (-len(compact) % 4)
    for decode in (base64.b64decode, base64.urlsafe_b64decode):
        try:
            return decode(padded.encode('ascii')).decode('utf-8').strip()
        except (binascii.Error, ValueError):
            continue
    return None


def _parse_json(text, source):
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ConfigurationError('the service-account credential from %s is not valid JSON (line %s, column %s)'
                                 % (source, getattr(exc, 'lineno', '?'), getattr(exc, 'colno', '?'))) from None


def _parse_json_or_yaml(text, source):
    try:
        return json.loads(text)
    except ValueError:
        pass
    if not HAS_YAML:
        raise ConfigurationError('the service-account credential %s is not JSON, and reading it as YAML needs '
                                 'the Python library PyYAML' % source)
    try:
        return yaml_load(text)
    except Exception as exc:  # pylint: disable=broad-except
        # The YAML error text quotes the offending line, which may be key material.
        mark = getattr(exc, 'problem_mark', None)
        where = ' (line %d)' % (mark.line + 1) if mark is not None else ''
        raise ConfigurationError('the service-account credential %s is neither JSON nor YAML%s'
                                 % (source, where)) from None


def service_account_from_mapping(mapping, source):
    if not isinstance(mapping, dict):
        raise ConfigurationError('the service-account credential from %s is not a mapping of keys to values' % source)
    mrn = _required_string(mapping, 'mrn', source)
    pem = _required_string(mapping, 'private_key', source)
    if not HAS_CRYPTOGRAPHY:
        raise MissingLibraryError('cryptography', CRYPTOGRAPHY_IMPORT_ERROR,
                                  reason='to sign requests with a service-account credential')
    return ServiceAccountCredential(
        mrn=mrn,
        private_key=_load_p384_private_key(pem, source),
        api_endpoint=_optional_string(mapping, 'api_endpoint'),
        scope_mrn=_optional_string(mapping, 'scope_mrn') or _optional_string(mapping, 'space_mrn'),
        source=source,
    )


def _required_string(mapping, key, source):
    value = mapping.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ConfigurationError('the service-account credential from %s has no %s' % (source, key))
    return value.strip()


def _optional_string(mapping, key):
    value = mapping.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _load_p384_private_key(pem, source):
    try:
        key = serialization.load_pem_private_key(pem.encode('utf-8'), password=None)
    except (ValueError, TypeError, UnicodeError):
        raise ConfigurationError('the private_key of the service-account credential from %s is not an unencrypted '
                                 'PEM private key' % source) from None
    except Exception:  # pylint: disable=broad-except
        # Some cryptography versions raise UnsupportedAlgorithm; its text is harmless but is not needed.
        raise ConfigurationError('the private_key of the service-account credential from %s cannot be loaded'
                                 % source) from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != 'secp384r1':
        raise ConfigurationError('the private_key of the service-account credential from %s is not an ECDSA P-384 '
                                 'key, which ES384 signing needs' % source)
    return key
