#!/usr/bin/python
# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: mondoo_api_token_file_info
short_description: Check, on a managed host, that the Mondoo API token in a file works
version_added: 1.0.0
description:
  - Reads the API token from a file on the host the task runs on, asks the Mondoo API who it authenticates as (the
    API's C(viewer)), and returns the answer. The token never leaves the host and is never returned.
  - The check proves that the API accepts the token. It does not compare the identity the API reports with a token's
    MRN, because what C(viewer) reports for an API token is not documented by Mondoo.
  - Meant for the hosts that consume a token, for example after a rotation, to prove that what they were given works
    from where they are. Needs nothing beyond Python on the host.
  - Not a member of the C(mondoo.platform.mondoo) action group, whose credential options it does not take.
author:
  - Mondoo Platform collection maintainers (@mondoo-platform-collection)
attributes:
  check_mode:
    support: full
    description: Only reads, so it works the same in check mode.
  diff_mode:
    support: none
    description: Only reads; there is nothing to compare.
options:
  path:
    description:
      - The file that holds the token, on the host the task runs on.
    type: path
    required: true
  format:
    description:
      - V(raw), the token alone; V(env), a line C(KEY=token); V(json), an object with the token under O(key).
    type: str
    choices: [raw, env, json]
    default: raw
  key:
    description:
      - The variable name (O(format=env)) or JSON member (O(format=json)) that holds the token.
      - Defaults to V(MONDOO_API_TOKEN) for V(env) and V(api_token) for V(json).
    type: str
  endpoint:
    description:
      - URL of the Mondoo GraphQL API. C(/query) is appended when the URL does not end with it.
      - If not set, the value of the E(MONDOO_API_ENDPOINT) environment variable is used, then the endpoint of
        O(region).
    type: str
  region:
    description:
      - The Mondoo region whose API to use when no endpoint is given.
    type: str
    choices: [us, eu]
    default: us
  allow_insecure_http:
    description:
      - Allow an C(http://) endpoint on a host other than loopback; the token then crosses the network unencrypted,
        and the module warns. Without it such an endpoint is refused before the file is read.
    type: bool
    default: false
  validate_certs:
    description:
      - Whether to verify the API's TLS certificate.
    type: bool
    default: true
  ca_path:
    description:
      - Path on the host to a PEM bundle of CA certificates to verify the API's TLS certificate with.
    type: path
  timeout:
    description:
      - Seconds to wait for the API's answer.
    type: int
    default: 30
notes:
  - The task does not retry; use C(retries) and C(until) to ride out a token that is not usable everywhere yet.
seealso:
  - module: mondoo.platform.mondoo_api_token
'''

EXAMPLES = r'''
- name: Check that the agent's token works from the agent's host
  mondoo.platform.mondoo_api_token_file_info:
    path: /etc/opt/mondoo/api_token
  register: agent_identity
  retries: 5
  delay: 3
  until: agent_identity is succeeded

- name: The same for a token kept in an environment file
  mondoo.platform.mondoo_api_token_file_info:
    path: /etc/default/mondoo-exporter
    format: env
    key: MONDOO_API_TOKEN
    region: eu
'''

RETURN = r'''
viewer:
  description: Who the token authenticates as, as the API says.
  returned: success
  type: dict
  contains:
    mrn:
      description: The MRN of the identity the API reports for the token.
      type: str
      sample: //captain.api.mondoo.app/spaces/hungry-poet-123456/apitokens/2Yb3kPq
'''

import json
import os
import socket
import ssl

from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.urls import open_url

from ansible_collections.mondoo.platform.plugins.module_utils import _documents as documents
from ansible_collections.mondoo.platform.plugins.module_utils._auth import check_transport_security, resolve_endpoint
from ansible_collections.mondoo.platform.plugins.module_utils._errors import MondooError, SchemaMismatchError
from ansible_collections.mondoo.platform.plugins.module_utils._module_support import MondooModule, fail_from_error
from ansible_collections.mondoo.platform.plugins.module_utils._token_file import token_from_text
from ansible_collections.mondoo.platform.plugins.module_utils._transport import (
    describe_endpoint,
    graphql_errors,
    joined_messages,
    rule_for_errors,
    schema_mismatch_detail,
)
from ansible_collections.mondoo.platform.plugins.module_utils._version import USER_AGENT


def read_token(params):
    source = 'the token file %s' % params['path']
    try:
        with open(params['path'], 'rb') as token_file:
            text = to_text(token_file.read(), errors='surrogate_or_strict')
    except (IOError, OSError) as exc:
        raise MondooError('cannot read %s: %s' % (source, exc.strerror or type(exc).__name__)) from None
    return token_from_text(text, params['format'], params['key'], source)


def ask_viewer(params, endpoint, endpoint_source, token):
    """The API's answer to the viewer query, sent with ``token``; raises MondooError."""
    where = describe_endpoint(endpoint, endpoint_source)
    action = 'check the API token in %s against %s' % (params['path'], where)
    body = json.dumps({'query': documents.VIEWER.document, 'variables': {}, 'operationName': documents.VIEWER.name})
    try:
        response = open_url(endpoint, data=body, method='POST', timeout=params['timeout'], validate_certs=params['validate_certs'],
                            ca_path=params['ca_path'], http_agent=USER_AGENT, follow_redirects='none',
                            headers={'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json', 'Accept': 'application/json'})
        status, answer = 200, _json_or_none(response.read())
    except Exception as exc:  # pylint: disable=broad-exception-caught
        # HTTPError and URLError, but also whatever the TLS layer raises; none may carry the headers into the message.
        status = getattr(exc, 'code', None)
        if not isinstance(status, int):
            raise MondooError('the API could not be reached: %s' % unreachable_reason(exc, params['timeout']), action=action) from None
        answer = _json_or_none(_error_body(exc))
    return _viewer_from_answer(status, answer, action, where)


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


def main():
    module = MondooModule(
        argument_spec=dict(
            path=dict(type='path', required=True),
            format=dict(type='str', choices=['raw', 'env', 'json'], default='raw'),
            key=dict(type='str', no_log=False),
            endpoint=dict(type='str'),
            region=dict(type='str', choices=['us', 'eu'], default='us'),
            allow_insecure_http=dict(type='bool', default=False),
            validate_certs=dict(type='bool', default=True),
            ca_path=dict(type='path'),
            timeout=dict(type='int', default=30),
        ),
        supports_check_mode=True,
    )
    try:
        endpoint, endpoint_source = resolve_endpoint(module.params, os.environ)
        for warning in check_transport_security(endpoint, endpoint_source, module.params['allow_insecure_http']):
            module.warn(warning)
        token = read_token(module.params)
        module.no_log_values.add(token)
        viewer = ask_viewer(module.params, endpoint, endpoint_source, token)
    except MondooError as error:
        fail_from_error(module, error)
    module.exit_json(changed=False, viewer={'mrn': viewer.get('mrn')})


if __name__ == '__main__':
    main()
