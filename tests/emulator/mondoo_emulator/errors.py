# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The API's error codes, their gRPC status names and plain words, and the exceptions that carry them.

How a GraphQL error reads to the client depends on the error style: see error_styles.py. The token
exchange answers its refusals as a google.rpc.Status in every style: see sts_endpoint.py.
"""

PERMISSION_DENIED = "PERMISSION_DENIED"
NOT_FOUND = "NOT_FOUND"
INVALID_ARGUMENT = "INVALID_ARGUMENT"
UNAUTHENTICATED = "UNAUTHENTICATED"
RESOURCE_EXHAUSTED = "RESOURCE_EXHAUSTED"
UNAVAILABLE = "UNAVAILABLE"
INTERNAL = "INTERNAL"

GRPC_NAMES = {
    PERMISSION_DENIED: "PermissionDenied",
    NOT_FOUND: "NotFound",
    INVALID_ARGUMENT: "InvalidArgument",
    UNAUTHENTICATED: "Unauthenticated",
    RESOURCE_EXHAUSTED: "ResourceExhausted",
    UNAVAILABLE: "Unavailable",
    INTERNAL: "Internal",
}
CODES_BY_GRPC_NAME = {name: code for code, name in GRPC_NAMES.items()}

# The numbers of google.rpc.Code, and the HTTP status Mondoo's RPC server (ranger-rpc) answers for each:
# for the token exchange, which is an RPC, not GraphQL.
GRPC_NUMBERS = {
    INVALID_ARGUMENT: 3,
    NOT_FOUND: 5,
    PERMISSION_DENIED: 7,
    RESOURCE_EXHAUSTED: 8,
    INTERNAL: 13,
    UNAVAILABLE: 14,
    UNAUTHENTICATED: 16,
}
RPC_HTTP_STATUSES = {
    INVALID_ARGUMENT: 400,
    NOT_FOUND: 404,
    PERMISSION_DENIED: 403,
    RESOURCE_EXHAUSTED: 429,
    INTERNAL: 500,
    UNAVAILABLE: 503,
    UNAUTHENTICATED: 401,
}

PLAIN_WORDS = {
    PERMISSION_DENIED: "permission denied",
    NOT_FOUND: "not found",
    INVALID_ARGUMENT: "invalid argument",
    UNAUTHENTICATED: "unauthenticated",
    RESOURCE_EXHAUSTED: "resource exhausted",
    UNAVAILABLE: "unavailable",
    INTERNAL: "internal error",
}


class ApiError(Exception):
    """A refusal of a GraphQL field, answered in the errors array of an HTTP 200 response."""

    def __init__(self, code, detail):
        super().__init__(f"{PLAIN_WORDS[code]}: {detail}")
        self.code = code
        self.detail = detail


def permission_denied(detail):
    return ApiError(PERMISSION_DENIED, detail)


def not_found(what):
    return ApiError(NOT_FOUND, what)


def invalid_argument(detail):
    return ApiError(INVALID_ARGUMENT, detail)


class RpcError(Exception):
    """A refusal of an RPC (the token exchange), answered as a google.rpc.Status with the code's HTTP status."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


class AuthenticationError(Exception):
    """A credential that is missing, malformed, unknown, expired or tampered with (HTTP 401)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason
