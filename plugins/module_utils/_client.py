# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection; no compatibility promise.

"""Assembling a ready client from the shared options (a module's params, or any dict like them)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import time

from ansible_collections.mondoo.platform.plugins.module_utils._api_tokens import ApiTokensClient
from ansible_collections.mondoo.platform.plugins.module_utils._auth import (
    DEFAULT_CONFIG_PATHS,
    ServiceAccountAuth,
    resolve_connection,
    service_account_from_mapping,
)
from ansible_collections.mondoo.platform.plugins.module_utils._errors import ConfigurationError
from ansible_collections.mondoo.platform.plugins.module_utils._transport import (
    DEFAULT_MAX_RETRY_TIME,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    GraphQLTransport,
    RetryPolicy,
    new_session,
    tls_verification,
)
from ansible_collections.mondoo.platform.plugins.module_utils._wif import exchange


def build_transport(options, environ=None, config_paths=DEFAULT_CONFIG_PATHS, session=None, clock=time.time):
    """A GraphQLTransport for the options ``api_token``, ``credentials``, ``credentials_file``,
    ``endpoint``, ``region``, ``allow_insecure_http``, ``validate_certs``, ``ca_path``, ``timeout``,
    ``retries`` and ``max_retry_time``; missing ones take their defaults."""
    return _transport_for(resolve_connection(options, environ, config_paths, clock), options, session, clock)


def build_client(options, environ=None, config_paths=DEFAULT_CONFIG_PATHS, session=None, clock=time.time):
    """An ApiTokensClient for the shared options (see build_transport), with the connection's warnings."""
    settings = resolve_connection(options, environ, config_paths, clock)
    client = ApiTokensClient(_transport_for(settings, options, session, clock))
    client.warnings.extend(settings.warnings)
    return client


def _transport_for(settings, options, session, clock):
    ca_path = options.get('ca_path')
    if ca_path and not os.path.isfile(ca_path):
        raise ConfigurationError('ca_path %s is not a file' % ca_path)
    timeout = _number(options, 'timeout', DEFAULT_TIMEOUT, minimum=1)
    validate_certs = options.get('validate_certs', True) is not False
    session = session or new_session()
    auth = settings.auth
    if auth.kind == 'workload_identity':
        # The exchanged credential lives in this object only, for this run.
        credential = exchange(auth, session, settings.endpoint, timeout, tls_verification(validate_certs, ca_path))
        auth = ServiceAccountAuth(service_account_from_mapping(
            credential, 'the workload identity exchange of issuer %s for audience %s' % (auth.issuer_uri, auth.audience)), clock)
    return GraphQLTransport(
        settings.endpoint,
        auth,
        timeout=timeout,
        validate_certs=validate_certs,
        ca_path=ca_path,
        retry_policy=RetryPolicy(
            retries=_number(options, 'retries', DEFAULT_RETRIES, minimum=0),
            max_retry_time=_number(options, 'max_retry_time', DEFAULT_MAX_RETRY_TIME, minimum=0),
        ),
        session=session,
        endpoint_source=settings.endpoint_source,
    )


def _number(options, name, default, minimum):
    value = options.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ConfigurationError('%s must be a whole number, not %r' % (name, value)) from None
    if number < minimum:
        raise ConfigurationError('%s must be at least %d, not %d' % (name, minimum, number))
    return number
