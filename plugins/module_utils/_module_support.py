# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection; no compatibility promise.

"""The only part of the client that knows about AnsibleModule: shared options and failing."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.mondoo.platform.plugins.module_utils._client import build_client
from ansible_collections.mondoo.platform.plugins.module_utils._errors import MissingLibraryError, MondooError
from ansible_collections.mondoo.platform.plugins.module_utils._transport import (
    DEFAULT_MAX_RETRY_TIME,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
)


def mondoo_argument_spec():
    """A fresh dict of the options every module of the collection shares (see the mondoo doc fragment)."""
    return dict(
        # No env_fallback for the credentials and the endpoint: _auth reads the environment after the
        # options, so that an explicit option wins and messages can say where a value came from.
        api_token=dict(type='str', no_log=True),
        credentials=dict(type='str', no_log=True),
        credentials_file=dict(type='path'),
        endpoint=dict(type='str'),
        region=dict(type='str', choices=['us', 'eu'], default='us'),
        validate_certs=dict(type='bool', default=True),
        ca_path=dict(type='path'),
        timeout=dict(type='int', default=DEFAULT_TIMEOUT),
        retries=dict(type='int', default=DEFAULT_RETRIES),
        max_retry_time=dict(type='int', default=DEFAULT_MAX_RETRY_TIME),
    )


def client_from_module(module):
    """An ApiTokensClient for ``module.params``; raises MondooError (pass it to fail_from_error)."""
    return build_client(module.params)


def fail_from_error(module, error):
    """Fail the module with the error's message and its safe facts (never a credential)."""
    if isinstance(error, MissingLibraryError):
        module.fail_json(msg=missing_required_lib(error.library, reason=error.reason),
                         exception=error.import_traceback)
    module.fail_json(msg=error.message, **error.extras())


def run_with_client(module, work):
    """``work(client)``'s result; a MondooError fails the module. The client's warnings become the module's."""
    client = None
    try:
        client = client_from_module(module)
        result = work(client)
    except MondooError as error:
        _warn(module, client)
        fail_from_error(module, error)
    _warn(module, client)
    return result


def _warn(module, client):
    for warning in client.warnings if client else ():
        module.warn(warning)
