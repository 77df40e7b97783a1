# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The error styles: every kind of error as gRPC status text (the default) and with extensions.code.

The style is chosen at start (`--error-style`) and switched by `POST {control}/errors`.
"""

import subprocess
import sys
from urllib.parse import urlsplit

import pytest
import requests

from emulator_client import GENERATE, LIST, VIEWER, ApiClient, json_body, raw_exchange
from pytest_plugin import SERVE_SCRIPT


@pytest.fixture(name="owner")
def _owner(mondoo_emulator, mondoo_control):
    return ApiClient(mondoo_emulator["endpoint"], mondoo_emulator["credentials"]["space_owner"])


def _field_error(client, query, variables):
    response = client.post(query, variables)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["data"] is None and len(body["errors"]) == 1, body
    return body["errors"][0]


def test_the_style_is_grpc_from_the_start_and_switches_until_the_next_reset(mondoo_control):
    assert mondoo_control.error_style() == "grpc"
    assert mondoo_control.set_error_style("extensions") == {"style": "extensions"}
    assert mondoo_control.error_style() == "extensions"
    assert mondoo_control.set_error_style("grpc") == {"style": "grpc"}
    mondoo_control.set_error_style("extensions")
    mondoo_control.reset()
    assert mondoo_control.error_style() == "grpc"


@pytest.mark.parametrize("payload", [None, {}, {"style": "GRPC"}, {"style": "plain"}, {"style": 1}, ["grpc"]])
def test_a_bad_style_is_refused(mondoo_emulator, mondoo_control, payload):
    mondoo_control.set_error_style("extensions")
    response = requests.post(mondoo_emulator["control"] + "/errors", json=payload, timeout=30)
    assert response.status_code == 400 and response.json() == {"error": "style must be grpc or extensions"}
    assert mondoo_control.error_style() == "extensions"


def test_the_start_style_is_the_one_reset_returns_to(start_mondoo_emulator):
    emulator = start_mondoo_emulator(error_style="extensions")
    assert emulator.control.error_style() == "extensions"
    response = requests.post(emulator.connection["endpoint"], json={"query": VIEWER}, timeout=30)
    assert response.json()["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}
    emulator.control.set_error_style("grpc")
    emulator.control.reset()
    assert emulator.control.error_style() == "extensions"


def test_serve_refuses_an_unknown_style(tmp_path):
    result = subprocess.run(
        [sys.executable, str(SERVE_SCRIPT), "--error-style", "plain", "--connection-file", str(tmp_path / "connection.json")],
        capture_output=True, text=True, timeout=30, check=False,
    )
    assert result.returncode == 2
    assert "argument --error-style: invalid choice: 'plain'" in result.stderr


@pytest.mark.parametrize("style, error", [
    ("grpc", {"message": "rpc error: code = PermissionDenied desc = listing the API tokens of {scope} requires Viewer, Editor or Owner there",
              "path": ["apiTokens"]}),
    ("extensions", {"message": "permission denied: listing the API tokens of {scope} requires Viewer, Editor or Owner there",
                    "path": ["apiTokens"], "extensions": {"code": "PERMISSION_DENIED"}}),
])
def test_permission_denied(mondoo_emulator, mondoo_control, style, error):
    mondoo_control.set_error_style(style)
    scope = mondoo_emulator["space_mrns"][0]
    agent = ApiClient(mondoo_emulator["endpoint"], mondoo_emulator["credentials"]["space_agent"])
    assert _field_error(agent, LIST, {"scopeMrn": scope}) == dict(error, message=error["message"].format(scope=scope))


@pytest.mark.parametrize("style, error", [
    ("grpc", {"message": "rpc error: code = NotFound desc = scope //captain.api.mondoo.app/spaces/gone-1", "path": ["generateAPIToken"]}),
    ("extensions", {"message": "not found: scope //captain.api.mondoo.app/spaces/gone-1", "path": ["generateAPIToken"],
                    "extensions": {"code": "NOT_FOUND"}}),
])
def test_not_found(owner, mondoo_control, style, error):
    mondoo_control.set_error_style(style)
    assert _field_error(owner, GENERATE, {"input": {"name": "x", "scopeMrn": "//captain.api.mondoo.app/spaces/gone-1"}}) == error


@pytest.mark.parametrize("style, error", [
    ("grpc", {"message": "rpc error: code = InvalidArgument desc = name must be 1 to 100 characters after trimming", "path": ["generateAPIToken"]}),
    ("extensions", {"message": "invalid argument: name must be 1 to 100 characters after trimming", "path": ["generateAPIToken"],
                    "extensions": {"code": "INVALID_ARGUMENT"}}),
])
def test_invalid_argument(mondoo_emulator, owner, mondoo_control, style, error):
    mondoo_control.set_error_style(style)
    assert _field_error(owner, GENERATE, {"input": {"name": " ", "scopeMrn": mondoo_emulator["space_mrns"][0]}}) == error


@pytest.mark.parametrize("style, error", [
    ("grpc", {"message": "rpc error: code = Unauthenticated desc = request permission unauthenticated: unknown credential"}),
    ("extensions", {"message": "unauthenticated: unknown credential", "extensions": {"code": "UNAUTHENTICATED"}}),
])
def test_unauthenticated(mondoo_emulator, mondoo_control, style, error):
    mondoo_control.set_error_style(style)
    response = ApiClient(mondoo_emulator["endpoint"], "mondoo_tk_" + "A" * 43).post(VIEWER)
    assert response.status_code == 401 and response.json() == {"errors": [error]}


@pytest.mark.parametrize("style, status, error", [
    ("grpc", 429, {"message": "rpc error: code = ResourceExhausted desc = injected fault (HTTP 429)"}),
    ("grpc", 503, {"message": "rpc error: code = Unavailable desc = injected fault (HTTP 503)"}),
    ("extensions", 429, {"message": "unavailable: injected fault (HTTP 429)", "extensions": {"code": "UNAVAILABLE"}}),
    ("extensions", 503, {"message": "unavailable: injected fault (HTTP 503)", "extensions": {"code": "UNAVAILABLE"}}),
])
def test_an_injected_status(owner, mondoo_control, style, status, error):
    mondoo_control.set_error_style(style)
    mondoo_control.add_fault("viewer", "status", status=status, retry_after=3)
    response = owner.post(VIEWER)
    assert (response.status_code, response.headers["Retry-After"]) == (status, "3")
    assert response.json() == {"errors": [error]}


@pytest.mark.parametrize("style, error", [
    ("grpc", {"message": "rpc error: code = Unavailable desc = injected fault (HTTP 502)"}),
    ("extensions", {"message": "unavailable: injected fault (HTTP 502)", "extensions": {"code": "UNAVAILABLE"}}),
])
def test_an_after_commit_fault(owner, mondoo_control, style, error):
    mondoo_control.set_error_style(style)
    mondoo_control.add_fault("viewer", "after_commit")
    response = owner.post(VIEWER)
    assert response.status_code == 502 and response.json() == {"errors": [error]}


@pytest.mark.parametrize("code, extensions_message, extensions_code", [
    ("ResourceExhausted", "resource exhausted: injected fault", "RESOURCE_EXHAUSTED"),
    ("Unavailable", "unavailable: injected fault", "UNAVAILABLE"),
    ("Internal", "internal error: injected fault", "INTERNAL"),
    ("PermissionDenied", "permission denied: injected fault", "PERMISSION_DENIED"),
    ("NotFound", "not found: injected fault", "NOT_FOUND"),
    ("InvalidArgument", "invalid argument: injected fault", "INVALID_ARGUMENT"),
    ("Unauthenticated", "unauthenticated: injected fault", "UNAUTHENTICATED"),
])
def test_an_error_fault(owner, mondoo_control, code, extensions_message, extensions_code):
    mondoo_control.add_fault("viewer", "error", code=code, count=2)
    response = owner.post(VIEWER)
    assert response.status_code == 200
    assert response.json() == {"data": None, "errors": [{"message": f"rpc error: code = {code} desc = injected fault"}]}
    mondoo_control.set_error_style("extensions")
    response = owner.post(VIEWER)
    assert response.status_code == 200
    assert response.json() == {"data": None, "errors": [{"message": extensions_message, "extensions": {"code": extensions_code}}]}


@pytest.mark.parametrize("style, extensions", [("grpc", None), ("extensions", {"code": "GRAPHQL_PARSE_FAILED"})])
def test_a_parse_failure(owner, mondoo_control, style, extensions):
    mondoo_control.set_error_style(style)
    response = owner.post("{ viewer { mrn ")
    error = {"message": "Syntax Error: Expected Name, found <EOF>.", "locations": [{"line": 1, "column": 16}]}
    assert response.status_code == 422 and response.json() == {"errors": [_with(error, extensions)]}


@pytest.mark.parametrize("style, extensions", [("grpc", None), ("extensions", {"code": "GRAPHQL_VALIDATION_FAILED"})])
def test_a_validation_failure(owner, mondoo_control, style, extensions):
    mondoo_control.set_error_style(style)
    response = owner.post("{ viewer { kind } }")
    error = {"message": "Cannot query field 'kind' on type 'Principal'.", "locations": [{"line": 1, "column": 12}]}
    assert response.status_code == 422 and response.json() == {"errors": [_with(error, extensions)]}


@pytest.mark.parametrize("style, extensions", [("grpc", None), ("extensions", {"code": "GRAPHQL_VALIDATION_FAILED"})])
def test_a_variable_of_the_wrong_type(owner, mondoo_control, style, extensions):
    mondoo_control.set_error_style(style)
    response = owner.post(GENERATE, {"input": {"name": 5}})
    error = {"message": "Variable '$input' has invalid value at .name: String cannot represent a non string value: 5",
             "locations": [{"line": 1, "column": 19}]}
    assert response.status_code == 422 and response.json() == {"errors": [_with(error, extensions)]}


@pytest.mark.parametrize("style, extensions", [("grpc", None), ("extensions", {"code": "BAD_REQUEST"})])
def test_a_bad_request(owner, mondoo_control, style, extensions):
    mondoo_control.set_error_style(style)
    response = owner.session.post(owner.endpoint, data=b"{not json", timeout=30)
    assert response.status_code == 400
    assert response.json() == {"errors": [_with({"message": "bad request: the body is not JSON"}, extensions)]}


@pytest.mark.parametrize("style, extensions", [("grpc", None), ("extensions", {"code": "NOT_FOUND"})])
def test_an_unknown_path(owner, mondoo_control, style, extensions):
    mondoo_control.set_error_style(style)
    response = owner.session.post(owner.endpoint.replace("/query", "/graphql"), json={"query": VIEWER}, timeout=30)
    assert response.status_code == 404
    assert response.json() == {"errors": [_with({"message": "not found: the API is at /query"}, extensions)]}


@pytest.mark.parametrize("style, extensions", [("grpc", None), ("extensions", {"code": "METHOD_NOT_ALLOWED"})])
def test_a_method_other_than_post(owner, mondoo_control, style, extensions):
    mondoo_control.set_error_style(style)
    response = owner.session.get(owner.endpoint, timeout=30)
    assert response.status_code == 405
    assert response.json() == {"errors": [_with({"message": "method not allowed: use POST"}, extensions)]}


@pytest.mark.parametrize("style", ["grpc", "extensions"])
@pytest.mark.parametrize("length_header, status, code, message", [
    ("", 411, "LENGTH_REQUIRED", "length required: send the body with a Content-Length header"),
    ("Content-Length: twelve\r\n", 400, "BAD_REQUEST", "bad request: Content-Length is not a number"),
    (f"Content-Length: {1024 * 1024 + 1}\r\n", 413, "PAYLOAD_TOO_LARGE", "payload too large: the limit is 1048576 bytes"),
])
def test_a_refused_body(mondoo_emulator, mondoo_control, style, length_header, status, code, message):
    mondoo_control.set_error_style(style)
    head = f"POST /query HTTP/1.1\r\nHost: {urlsplit(mondoo_emulator['endpoint']).netloc}\r\n{length_header}\r\n"
    answer = raw_exchange(mondoo_emulator["endpoint"], head.encode())
    assert answer.startswith(f"HTTP/1.1 {status} ".encode())
    assert json_body(answer) == {"errors": [_with({"message": message}, {"code": code} if style == "extensions" else None)]}


def _with(error, extensions):
    return error if extensions is None else dict(error, extensions=extensions)
