# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection; no compatibility promise.

"""The exceptions the Mondoo client raises.

Every message is built from what the collection itself knows (the action, the scope, the HTTP
status) and from the API's error text. No header, token, key or credential ever goes into one.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class MondooError(Exception):
    """Base of every error the client raises.

    ``detail`` says what went wrong; ``action`` what was being done ("generate API token 'ci' in
    space x"), and the message reads "Failed to <action>: <detail> (HTTP <status>)".
    ``ambiguous`` is true when a change may or may not have been applied;
    ``after_ambiguous_attempt`` when an earlier attempt of the same request may have applied it
    (a NOT_FOUND after a lost answer to a delete, say).
    """

    def __init__(self, detail, action=None, scope_mrn=None, http_status=None,
                 api_message=None, error_code=None, ambiguous=False, after_ambiguous_attempt=False):
        self.detail = detail
        self.action = action
        self.scope_mrn = scope_mrn
        self.http_status = http_status
        self.api_message = api_message
        self.error_code = error_code
        self.ambiguous = ambiguous
        self.after_ambiguous_attempt = after_ambiguous_attempt
        # Set when the failed task still changed something, for the module's `changed`.
        self.changed = False
        super().__init__(self._compose())

    def _compose(self):
        message = self.detail
        if self.action:
            message = 'Failed to %s: %s' % (self.action, message)
        if self.http_status and self.http_status != 200:
            message = '%s (HTTP %d)' % (message, self.http_status)
        return message

    @property
    def message(self):
        return self.args[0]

    def extras(self):
        """Safe, JSON-friendly facts about the error, for a module's failure result."""
        facts = {
            'error_type': type(self).__name__,
            'http_status': self.http_status,
            'error_code': self.error_code,
            'api_message': self.api_message,
            'scope_mrn': self.scope_mrn,
        }
        facts = dict((key, value) for key, value in facts.items() if value is not None)
        if self.ambiguous:
            facts['ambiguous'] = True
        if self.changed:
            facts['changed'] = True
        return facts


class AuthenticationError(MondooError):
    """The API did not accept the credential (HTTP 401, UNAUTHENTICATED)."""


class PermissionDeniedError(MondooError):
    """The caller lacks the role the operation needs (PERMISSION_DENIED, HTTP 403)."""


class NotFoundError(MondooError):
    """The token or scope does not exist (NOT_FOUND)."""


class InvalidArgumentError(MondooError):
    """The API refused an argument value (INVALID_ARGUMENT)."""


class ApiError(MondooError):
    """Any other refusal or unexpected answer from the API."""


class SchemaMismatchError(ApiError):
    """The API refused a document of the collection at validation: its schema is not the one expected."""


class ServerError(MondooError):
    """The API failed on its side (HTTP 5xx, 408) and retrying did not help."""


class RateLimitedError(ServerError):
    """The API kept answering HTTP 429 or RESOURCE_EXHAUSTED until retries ran out."""


class TransportError(MondooError):
    """The API could not be reached or did not answer (connection failure, timeout)."""


class ConfigurationError(MondooError):
    """The collection's options are wrong: no credential, an unreadable one, a bad value."""


class MissingLibraryError(ConfigurationError):
    """A Python library the client needs is not installed on the host that runs it."""

    def __init__(self, library, import_traceback, reason=None):
        self.library = library
        self.import_traceback = import_traceback
        self.reason = reason
        detail = 'the Python library %s is needed%s but could not be imported' % (
            library, ' ' + reason if reason else '')
        super().__init__(detail)
