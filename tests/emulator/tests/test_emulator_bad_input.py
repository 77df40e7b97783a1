# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Bad requests get the contract's HTTP and GraphQL errors, and the emulator keeps serving."""

import socket
from urllib.parse import urlsplit

import pytest
import requests

from emulator_client import GENERATE, VIEWER, ApiClient

MEBIBYTE = 1024 * 1024


@pytest.fixture(name="owner")
def _owner(mondoo_emulator, mondoo_control):
    return ApiClient(mondoo_emulator["endpoint"], mondoo_emulator["credentials"]["org_owner"])


def _error_code(response, status):
    assert response.status_code == status, response.text
    body = response.json()
    assert "data" not in body and len(body["errors"]) >= 1
    return body["errors"][0]["extensions"]["code"]


def _raw_exchange(endpoint, head):
    """Send raw request head bytes, return the raw answer up to the connection's close."""
    url = urlsplit(endpoint)
    with socket.create_connection((url.hostname, url.port), timeout=10) as connection:
        connection.sendall(head)
        chunks = []
        while True:
            chunk = connection.recv(65536)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
def test_only_post_is_allowed(owner, method):
    response = owner.session.request(method, owner.endpoint, timeout=30)
    assert _error_code(response, 405) == "METHOD_NOT_ALLOWED"
    assert response.headers["Allow"] == "POST"
    assert owner.post(VIEWER).status_code == 200


@pytest.mark.parametrize("body, message", [
    (b"{not json", "bad request: the body is not JSON"),
    (b"[" * 200000, "bad request: the body is not JSON"),
    (b"[1, 2]", "bad request: the body must be a JSON object"),
    (b"{}", "bad request: query must be a non-empty string"),
    (b'{"query": 5}', "bad request: query must be a non-empty string"),
    (b'{"query": "{ viewer { mrn } }", "variables": [1]}', "bad request: variables must be a JSON object"),
    (b'{"query": "{ viewer { mrn } }", "operationName": 1}', "bad request: operationName must be a string"),
])
def test_a_body_that_is_no_graphql_request_is_a_bad_request(owner, body, message):
    response = owner.session.post(owner.endpoint, data=body, timeout=30)
    assert _error_code(response, 400) == "BAD_REQUEST"
    assert response.json()["errors"][0]["message"] == message
    assert owner.post(VIEWER).status_code == 200


def test_authentication_is_checked_before_the_body(mondoo_emulator):
    response = requests.post(mondoo_emulator["endpoint"], data=b"{not json", timeout=30)
    assert _error_code(response, 401) == "UNAUTHENTICATED"


@pytest.mark.parametrize("query, code", [
    ("{ viewer { mrn ", "GRAPHQL_PARSE_FAILED"),
    ("{ viewer " + "{ mrn " * 100000 + "}" * 100001, "GRAPHQL_PARSE_FAILED"),
    ("{ stealSecrets }", "GRAPHQL_VALIDATION_FAILED"),
    ("{ viewer { password } }", "GRAPHQL_VALIDATION_FAILED"),
    ('mutation { generateAPIToken(input: {name: 5}) { mrn } }', "GRAPHQL_VALIDATION_FAILED"),
    ('mutation { generateAPIToken(input: {}) { mrn } }', "GRAPHQL_VALIDATION_FAILED"),
])
def test_graphql_parse_and_validation_failures_are_422(owner, query, code):
    assert _error_code(owner.post(query), 422) == code
    assert owner.post(VIEWER).status_code == 200


@pytest.mark.parametrize("variables", [None, {"input": {"name": 5, "scopeMrn": "x"}}, {"input": {"scopeMrn": "x"}}, {"input": {"name": "x", "colour": "red"}}])
def test_variables_of_the_wrong_type_are_a_validation_failure(owner, variables):
    response = owner.post(GENERATE, variables)
    assert _error_code(response, 422) == "GRAPHQL_VALIDATION_FAILED"


def test_an_unknown_operation_name_is_a_validation_failure(owner):
    response = owner.session.post(owner.endpoint, json={"query": "query A { viewer { mrn } }", "operationName": "B"}, timeout=30)
    assert _error_code(response, 422) == "GRAPHQL_VALIDATION_FAILED"


def test_a_body_over_one_mebibyte_is_refused_before_it_is_read(mondoo_emulator, mondoo_control):
    url = urlsplit(mondoo_emulator["endpoint"])
    head = f"POST /query HTTP/1.1\r\nHost: {url.netloc}\r\nContent-Type: application/json\r\nContent-Length: {MEBIBYTE + 1}\r\n\r\n"
    answer = _raw_exchange(mondoo_emulator["endpoint"], head.encode())
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b"Connection: close" in answer and b'"PAYLOAD_TOO_LARGE"' in answer
    assert mondoo_control.requests()[-1] == {"operation": None, "caller": None, "status": 413, "time": mondoo_control.requests()[-1]["time"]}


def test_a_body_of_exactly_one_mebibyte_is_read(owner):
    prefix, suffix = b'{"query": "{ viewer { mrn } }', b'"}'
    body = prefix + b" " * (MEBIBYTE - len(prefix) - len(suffix)) + suffix
    assert len(body) == MEBIBYTE
    assert owner.session.post(owner.endpoint, data=body, timeout=30).status_code == 200


@pytest.mark.parametrize("length_header, status, code", [
    ("", 411, "LENGTH_REQUIRED"),
    ("Transfer-Encoding: chunked\r\n", 411, "LENGTH_REQUIRED"),
    ("Content-Length: twelve\r\n", 400, "BAD_REQUEST"),
])
def test_a_body_without_a_usable_length_is_refused(mondoo_emulator, length_header, status, code):
    url = urlsplit(mondoo_emulator["endpoint"])
    head = f"POST /query HTTP/1.1\r\nHost: {url.netloc}\r\n{length_header}\r\n"
    answer = _raw_exchange(mondoo_emulator["endpoint"], head.encode())
    assert answer.startswith(f"HTTP/1.1 {status} ".encode()) and f'"{code}"'.encode() in answer


def test_an_unknown_path_is_not_found(owner):
    response = owner.session.post(owner.endpoint.replace("/query", "/graphql"), json={"query": VIEWER}, timeout=30)
    assert _error_code(response, 404) == "NOT_FOUND"
    assert owner.post(VIEWER).status_code == 200


def test_the_access_log_holds_no_header_or_body(start_mondoo_emulator):
    emulator = start_mondoo_emulator()
    connection = emulator.connection
    secret = connection["credentials"]["org_owner"]
    client = ApiClient(connection["endpoint"], secret)
    created = client.generate(connection["organization_mrn"], "marker-name-in-body")
    ApiClient(connection["endpoint"], "mondoo_tk_refused_secret").post(VIEWER)
    client.session.post(connection["endpoint"], data=b"{broken marker-in-broken-body", timeout=30)
    assert emulator.stop() == 0
    log = emulator.log_file.read_text(encoding="utf-8")
    assert '"POST /query HTTP/1.1" 200' in log and '"POST /query HTTP/1.1" 401' in log
    for text in (secret, created["secret"], "mondoo_tk_refused_secret", "marker-name-in-body", "marker-in-broken-body", "Authorization", "Bearer"):
        assert text not in log
