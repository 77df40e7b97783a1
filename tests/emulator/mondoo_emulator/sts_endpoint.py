# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Mondoo's Secure Token Service, an RPC beside the GraphQL API: `POST /SecureTokenService/ExchangeExternalToken`.

JSON in and out with the proto field names, as Mondoo's RPC server answers JSON. A refusal is a google.rpc.Status,
`{"code": <number>, "message": ..., "details": []}`, with its code's HTTP status, in every error style. Faults armed
for `ExchangeExternalToken` fire once the body is read, before any check, as for GraphQL operations. Every call is
logged with that operation; its caller is the service account it issued (null when it issued none).
"""

import json
import time

from . import faults, wif
from .error_styles import INJECTED_FAULT
from .errors import (
    CODES_BY_GRPC_NAME, GRPC_NUMBERS, INVALID_ARGUMENT, NOT_FOUND, RESOURCE_EXHAUSTED, RPC_HTTP_STATUSES, UNAVAILABLE, RpcError,
)
from .reply import Reply

STS_PREFIX = "/SecureTokenService/"
EXCHANGE_PATH = STS_PREFIX + wif.EXCHANGE_OPERATION
_JSON_CONTENT_TYPE = "application/json"


def status_body(code, message):
    """A google.rpc.Status for a code of errors.py."""
    return {"code": GRPC_NUMBERS[code], "message": message, "details": []}


def unknown_method(close=False):
    """Another method of the service, answered as Mondoo's RPC server does; not logged, like any unknown path."""
    return Reply(RPC_HTTP_STATUSES[NOT_FOUND], status_body(NOT_FOUND, "method not defined"), close=close)


def refuse(emulator, status, message, headers=(), close=False):
    """An HTTP-level refusal (method, length, size) with that HTTP status and code InvalidArgument, logged like every call."""
    emulator.requests.record(wif.EXCHANGE_OPERATION, None, status, emulator.clock.timestamp())
    return Reply(status, status_body(INVALID_ARGUMENT, message), headers, close)


def answer(emulator, content_type, body):
    reply, caller = _answer(emulator, content_type, body)
    emulator.requests.record(wif.EXCHANGE_OPERATION, caller, None if reply.drop else reply.status, emulator.clock.timestamp())
    return reply


def _answer(emulator, content_type, body):
    """The reply and the MRN of the service account issued (None when none was)."""
    fault = emulator.faults.take(wif.EXCHANGE_OPERATION)
    if fault is not None and fault.kind == faults.STATUS:
        return _injected_status(fault.status, fault.retry_after), None
    if fault is not None and fault.kind == faults.DROP:
        return Reply(0, drop=True), None
    if fault is not None and fault.kind == faults.ERROR:
        return _refusal(RpcError(CODES_BY_GRPC_NAME[fault.code], INJECTED_FAULT)), None
    if fault is not None and fault.kind == faults.DELAY:
        time.sleep(fault.delay)
    try:
        _check_content_type(content_type)
        request = wif.read_request(body)
        claims = wif.verified_claims(emulator.issuer_keys, request, emulator.clock.now().timestamp())
        with emulator.lock:
            binding = wif.matching_binding(emulator.state, request, claims)
            account, document = wif.issue_credential(emulator.state, emulator.clock, binding, emulator.api_endpoint)
            emulator.save()
    except RpcError as error:
        return _refusal(error), None
    if fault is not None and fault.kind == faults.AFTER_COMMIT:
        return _injected_status(faults.AFTER_COMMIT_STATUS, None), account.mrn
    return Reply(200, {"base64_credential": wif.encoded_credential(document)}), account.mrn


def _check_content_type(content_type):
    if (content_type or "").split(";", 1)[0].strip().lower() != _JSON_CONTENT_TYPE:
        raise RpcError(INVALID_ARGUMENT, f"unexpected content-type: {json.dumps(content_type or '')}; the emulator accepts {_JSON_CONTENT_TYPE} only")


def _refusal(error):
    return Reply(RPC_HTTP_STATUSES[error.code], status_body(error.code, error.message))


def _injected_status(status, retry_after):
    headers = () if retry_after is None else (("Retry-After", str(retry_after)),)
    code = RESOURCE_EXHAUSTED if status == 429 else UNAVAILABLE
    return Reply(status, status_body(code, f"{INJECTED_FAULT} (HTTP {status})"), headers)
