# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The errors the emulator answers with, each carrying the code of the emulator contract."""

PERMISSION_DENIED = "PERMISSION_DENIED"
NOT_FOUND = "NOT_FOUND"
INVALID_ARGUMENT = "INVALID_ARGUMENT"

_MESSAGE_PREFIXES = {
    PERMISSION_DENIED: "permission denied",
    NOT_FOUND: "not found",
    INVALID_ARGUMENT: "invalid argument",
}


class ApiError(Exception):
    """A refusal of a GraphQL field, answered in the errors array of an HTTP 200 response.

    graphql-core copies `extensions` of the original exception into the GraphQL error.
    """

    def __init__(self, code, detail):
        super().__init__(f"{_MESSAGE_PREFIXES[code]}: {detail}")
        self.extensions = {"code": code}


def permission_denied(detail):
    return ApiError(PERMISSION_DENIED, detail)


def not_found(what):
    return ApiError(NOT_FOUND, what)


def invalid_argument(detail):
    return ApiError(INVALID_ARGUMENT, detail)


class AuthenticationError(Exception):
    """A credential that is missing, malformed, unknown, expired or tampered with (HTTP 401)."""

    def __init__(self, reason):
        super().__init__(f"unauthenticated: {reason}")


def error_body(code, message):
    """The contract's body for an error answered with an HTTP status of its own."""
    return {"errors": [{"message": message, "extensions": {"code": code}}]}
