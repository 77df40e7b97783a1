# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""How errors read to the client, in the style chosen at start (`--error-style`) or by `POST {control}/errors`.

- `grpc`, the default, as Mondoo's API answers: the message is `rpc error: code = <Name> desc = <detail>`, and
  the error has no `extensions`.
- `extensions`: the message is `<plain words>: <detail>`, and `extensions.code` holds the code.

Request-level refusals (HTTP 400, 404, 405, 411, 413, 422) read the same in both styles; only the
extensions style adds their code.
"""

from .errors import GRPC_NAMES, PLAIN_WORDS, RESOURCE_EXHAUSTED, UNAUTHENTICATED, UNAVAILABLE

GRPC = "grpc"
EXTENSIONS = "extensions"
STYLES = (GRPC, EXTENSIONS)
INJECTED_FAULT = "injected fault"


def checked_style(style):
    if style not in STYLES:
        raise ValueError(f"style must be {GRPC} or {EXTENSIONS}")
    return style


def api_error(style, code, detail=None, path=None):
    """One GraphQL error with a code of errors.py; without a detail, the code's plain words stand in for one."""
    if style == GRPC:
        error = {"message": f"rpc error: code = {GRPC_NAMES[code]} desc = {detail or PLAIN_WORDS[code]}"}
    else:
        error = {"message": f"{PLAIN_WORDS[code]}: {detail}" if detail else PLAIN_WORDS[code], "extensions": {"code": code}}
    if path is not None:
        error["path"] = path
    return error


def authentication_failure(style, reason):
    detail = f"request permission unauthenticated: {reason}" if style == GRPC else reason
    return errors_body([api_error(style, UNAUTHENTICATED, detail)])


def injected_status(style, status):
    """The body of an injected HTTP error status. The extensions style calls each one UNAVAILABLE, as it always did."""
    code = RESOURCE_EXHAUSTED if style == GRPC and status == 429 else UNAVAILABLE
    return errors_body([api_error(style, code, f"{INJECTED_FAULT} (HTTP {status})")])


def refusal(style, code, error):
    """A request-level error (`{"message": ..., ...}`) in the style: with its code in extensions, or as it is."""
    return dict(error, extensions={"code": code}) if style == EXTENSIONS else dict(error)


def refusal_body(style, code, message):
    return errors_body([refusal(style, code, {"message": message})])


def errors_body(errors):
    return {"errors": list(errors)}
