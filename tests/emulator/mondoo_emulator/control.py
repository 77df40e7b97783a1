# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The test-control endpoints under /_emulator: JSON in and out, no authentication; not part of Mondoo's API."""

import json
from urllib.parse import parse_qs

from .faults import parse_fault
from .reply import Reply
from .seed import SeedError
from .served_schema import parse_schema_drop
from .views import token_record_view

CONTROL_PREFIX = "/_emulator"
_CLOCK_OFFSET_LIMIT = 100 * 366 * 86400


def answer(emulator, method, path, query_string, body):
    routes = _ROUTES.get(path[len(CONTROL_PREFIX):])
    if routes is None:
        return Reply(404, {"error": f"no control endpoint {path}"})
    handler = routes.get(method)
    if handler is None:
        return Reply(405, {"error": f"{method} is not allowed on {path}"}, (("Allow", ", ".join(sorted(routes))),))
    payload = None
    if method == "POST":
        try:
            payload = json.loads(body or b"null")
        except ValueError:
            return Reply(400, {"error": "the body is not JSON"})
    try:
        return Reply(200, handler(emulator, payload, parse_qs(query_string)))
    except ValueError as error:
        return Reply(400, {"error": str(error)})


def _reset(emulator, _payload, _query):
    emulator.reset()
    return {"ok": True}


def _seed(emulator, payload, _query):
    try:
        return {"credentials": emulator.replace_seed(payload)}
    except SeedError as error:
        raise ValueError(f"invalid seed: {error}") from None


def _requests(emulator, _payload, _query):
    return emulator.requests.entries()


def _clear_requests(emulator, _payload, _query):
    emulator.requests.clear()
    return {"ok": True}


def _faults(emulator, _payload, _query):
    return emulator.faults.armed()


def _arm_fault(emulator, payload, _query):
    emulator.faults.arm(*parse_fault(payload))
    return {"ok": True}


def _clear_faults(emulator, _payload, _query):
    emulator.faults.clear()
    return {"ok": True}


def _errors(emulator, _payload, _query):
    return {"style": emulator.error_style}


def _set_errors(emulator, payload, query):
    emulator.set_error_style(payload.get("style") if isinstance(payload, dict) else None)
    return _errors(emulator, payload, query)


def _schema(emulator, _payload, _query):
    return {"drops": [str(drop) for drop in emulator.graphql.drops], "introspection": emulator.graphql.introspection}


def _set_schema(emulator, payload, query):
    drops = payload.get("drop") if isinstance(payload, dict) else None
    if not isinstance(drops, list) or not all(isinstance(drop, str) for drop in drops):
        raise ValueError('the body must be {"drop": ["TYPE.FIELD" or "TYPE.FIELD(ARG)", ...]}')
    emulator.set_schema_drops([parse_schema_drop(drop) for drop in drops])
    return _schema(emulator, payload, query)


def _clock(emulator, _payload, _query):
    return {"offset_seconds": emulator.clock.offset_seconds, "now": emulator.clock.timestamp()}


def _set_clock(emulator, payload, query):
    offset = payload.get("offset_seconds") if isinstance(payload, dict) else None
    if not isinstance(offset, (int, float)) or isinstance(offset, bool) or abs(offset) > _CLOCK_OFFSET_LIMIT:
        raise ValueError(f"offset_seconds must be a number of seconds, at most {_CLOCK_OFFSET_LIMIT} either way")
    emulator.clock.set_offset(offset)
    return _clock(emulator, payload, query)


def _tokens(emulator, _payload, query):
    """Token metadata, never a secret; `?scope=MRN` keeps one scope's tokens."""
    scopes = query.get("scope")
    with emulator.lock:
        tokens = emulator.state.tokens.values()
        return [token_record_view(token) for token in tokens if scopes is None or token.scope_mrn in scopes]


_ROUTES = {
    "/reset": {"POST": _reset},
    "/seed": {"POST": _seed},
    "/requests": {"GET": _requests, "DELETE": _clear_requests},
    "/faults": {"GET": _faults, "POST": _arm_fault, "DELETE": _clear_faults},
    "/clock": {"GET": _clock, "POST": _set_clock},
    "/errors": {"GET": _errors, "POST": _set_errors},
    "/schema": {"GET": _schema, "POST": _set_schema},
    "/tokens": {"GET": _tokens},
}
