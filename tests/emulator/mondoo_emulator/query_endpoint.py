# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The GraphQL endpoint: faults, authentication, execution and saving, each call logged.

Faults fire as soon as the operation is known, before authentication, the way a failing gateway
in front of the API would; status, drop and error faults change nothing, not even `lastUsed`.
Every error of one call is worded in the error style in force when the call came in.
"""

import time

from . import faults
from .auth import authenticate
from .error_styles import INJECTED_FAULT, api_error, authentication_failure, errors_body, injected_status, refusal_body
from .errors import CODES_BY_GRPC_NAME, AuthenticationError
from .graphql_api import RequestProblem
from .reply import Reply
from .resolvers import RequestContext


def refuse(emulator, status, code, message, headers=(), close=False):
    """An HTTP-level refusal (method, length, size), logged like every call."""
    reply = Reply(status, refusal_body(emulator.error_style, code, message), headers, close)
    emulator.requests.record(None, None, status, emulator.clock.timestamp())
    return reply


def answer(emulator, authorization, body):
    request = emulator.graphql.read_request(body)
    reply, caller = _answer(emulator, authorization, request, emulator.error_style)
    emulator.requests.record(
        request.field_name, caller and caller.mrn, None if reply.drop else reply.status, emulator.clock.timestamp(),
    )
    return reply


def _answer(emulator, authorization, request, style):
    """The reply and the authenticated caller (None when authentication did not happen or failed)."""
    fault = emulator.faults.take(request.field_name) if request.field_name else None
    if fault is not None and fault.kind == faults.STATUS:
        return _injected_status(style, fault.status, fault.retry_after), None
    if fault is not None and fault.kind == faults.DROP:
        return Reply(0, drop=True), None
    if fault is not None and fault.kind == faults.ERROR:
        error = api_error(style, CODES_BY_GRPC_NAME[fault.code], INJECTED_FAULT)
        return Reply(200, {"data": None, **errors_body([error])}), None
    if fault is not None and fault.kind == faults.DELAY:
        time.sleep(fault.delay)
    with emulator.lock:
        try:
            caller = authenticate(emulator.state, authorization, emulator.clock)
        except AuthenticationError as error:
            return Reply(401, authentication_failure(style, error.reason)), None
        emulator.note_use(caller)
        if request.problem is not None:
            return Reply(request.problem.status, request.problem.body(style)), caller
        context = RequestContext(emulator.state, emulator.clock, caller)
        try:
            body = emulator.graphql.execute(request, context, style)
        except RequestProblem as problem:
            return Reply(problem.status, problem.body(style)), caller
        if context.changed:
            emulator.save()
    if fault is not None and fault.kind == faults.AFTER_COMMIT:
        return _injected_status(style, faults.AFTER_COMMIT_STATUS, None), caller
    return Reply(200, body), caller


def _injected_status(style, status, retry_after):
    headers = () if retry_after is None else (("Retry-After", str(retry_after)),)
    return Reply(status, injected_status(style, status), headers)
