# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection; no compatibility promise.

"""The only part of the client that knows about AnsibleModule: shared options and failing."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

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
        wif_issuer_uri=dict(type='str'),
        wif_audience=dict(type='str'),
        wif_token=dict(type='str', no_log=True),
        wif_token_file=dict(type='path'),
        **api_endpoint_argument_spec(),
        retries=dict(type='int', default=DEFAULT_RETRIES),
        max_retry_time=dict(type='int', default=DEFAULT_MAX_RETRY_TIME),
    )


def api_endpoint_argument_spec():
    """A fresh dict of the options that say which API to ask and how (see the mondoo and mondoo.host_api doc
    fragments); part of mondoo_argument_spec(), and all that the host-side modules take."""
    return dict(
        endpoint=dict(type='str'),
        region=dict(type='str', choices=['us', 'eu'], default='us'),
        allow_insecure_http=dict(type='bool', default=False),
        validate_certs=dict(type='bool', default=True),
        ca_path=dict(type='path'),
        timeout=dict(type='int', default=DEFAULT_TIMEOUT),
    )


class MondooModule(AnsibleModule):
    """An AnsibleModule that refuses a mapping, a list or a boolean given for a text option.

    Ansible would turn ``name: {a: 1}`` into the text "{'a': 1}" and carry on; these modules fail instead, naming the
    option (never its value, which may be a secret), before anything is sent. A number is taken as its text, as YAML
    users expect of ``name: 2024``.
    """

    def _load_params(self):
        super()._load_params()
        self._given_params = dict(self.params)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        problems = non_text_values(self.argument_spec, self._given_params)
        if problems:
            self.fail_json(msg='; '.join(problems), error_type='ConfigurationError')


_TEXT_TYPES = ('str', 'path')


def non_text_values(argument_spec, given):
    """A message for each text option (or text list element) of ``argument_spec`` given a non-text value in ``given``."""
    problems = []
    for name, spec in argument_spec.items():
        value = given.get(name)
        if value is None:
            continue
        if spec.get('type', 'str') in _TEXT_TYPES and not _is_text(value):
            problems.append('%s must be text, not %s' % (name, _kind_of(value)))
        elif spec.get('type') == 'list' and spec.get('elements') in _TEXT_TYPES and isinstance(value, list):
            problems.extend('%s[%d] must be text, not %s' % (name, index, _kind_of(item))
                            for index, item in enumerate(value) if not _is_text(item))
    return problems


def _is_text(value):
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _kind_of(value):
    if isinstance(value, bool):
        return 'a boolean'
    if isinstance(value, dict):
        return 'a mapping'
    if isinstance(value, (list, tuple)):
        return 'a list'
    return 'a %s' % type(value).__name__


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
