# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Bad requests get the contract's HTTP and GraphQL errors, and the emulator keeps serving.

These check the default (gRPC) error style; test_emulator_error_styles.py checks both styles.
"""

from urllib.parse import urlsplit

import pytest
import requests

from emulator_client import GENERATE, VIEWER, ApiClient, grpc_status, json_body, raw_exchange

MEBIBYTE = 1024 * 1024


@pytest.fixture(name="owner")
def _owner(mondoo_emulator, mondoo_control):
    return ApiClient(mondoo_emulator["endpoint"], mondoo_emulator["credentials"]["org_owner"])


def _messages(response, status):
    """The messages of a request-level refusal: errors only, none of them with extensions."""
    assert response.status_code == status, response.text
    return _messages_of(response.json())


def _messages_of(body):
    assert set(body) == {"errors"} and body["errors"], body
    assert all("extensions" not in error for error in body["errors"]), body
    return [error["message"] for error in body["errors"]]


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
def test_only_post_is_allowed(owner, method):
    response = owner.session.request(method, owner.endpoint, timeout=30)
    assert _messages(response, 405) == ["method not allowed: use POST"]
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
    assert _messages(response, 400) == [message]
    assert owner.post(VIEWER).status_code == 200


def test_authentication_is_checked_before_the_body(mondoo_emulator):
    response = requests.post(mondoo_emulator["endpoint"], data=b"{not json", timeout=30)
    assert response.status_code == 401
    [error] = response.json()["errors"]
    assert grpc_status(error) == ("Unauthenticated", "request permission unauthenticated: missing Authorization header")


@pytest.mark.parametrize("query, message", [
    ("{ viewer { mrn ", "Syntax Error: Expected Name, found <EOF>."),
    ("{ viewer " + "{ mrn " * 100000 + "}" * 100001, "Syntax Error: Document is nested too deeply. Parsing aborted."),
    ("{ stealSecrets }", "Cannot query field 'stealSecrets' on type 'Query'."),
    ("{ viewer { password } }", "Cannot query field 'password' on type 'Principal'."),
    ('mutation { generateAPIToken(input: {name: 5}) { mrn } }', "String cannot represent a non string value: 5"),
    ('mutation { generateAPIToken(input: {}) { mrn } }',
     "Expected value of type 'GenerateAPITokenInput' to include required field 'name', found: {  }."),
])
def test_graphql_parse_and_validation_failures_are_422_in_graphql_cores_words(owner, query, message):
    assert _messages(owner.post(query), 422) == [message]
    assert owner.post(VIEWER).status_code == 200


@pytest.mark.parametrize("variables, message", [
    (None, "Variable '$input' has invalid value: Expected a value of non-null type 'GenerateAPITokenInput!' to be provided."),
    ({"input": {"name": 5, "scopeMrn": "x"}}, "Variable '$input' has invalid value at .name: String cannot represent a non string value: 5"),
    ({"input": {"scopeMrn": "x"}},
     "Variable '$input' has invalid value: Expected value of type 'GenerateAPITokenInput' to include required field 'name', found: {'scopeMrn': 'x'}."),
    ({"input": {"name": "x", "colour": "red"}},
     "Variable '$input' has invalid value: Expected value of type 'GenerateAPITokenInput' not to include unknown field 'colour',"
     " found: {'name': 'x', 'colour': 'red'}."),
])
def test_variables_of_the_wrong_type_are_a_validation_failure(owner, variables, message):
    assert _messages(owner.post(GENERATE, variables), 422) == [message]


def test_an_unknown_operation_name_is_a_validation_failure(owner):
    response = owner.session.post(owner.endpoint, json={"query": "query A { viewer { mrn } }", "operationName": "B"}, timeout=30)
    assert _messages(response, 422) == ["Unknown operation named 'B'."]


def test_a_body_over_one_mebibyte_is_refused_before_it_is_read(mondoo_emulator, mondoo_control):
    url = urlsplit(mondoo_emulator["endpoint"])
    head = f"POST /query HTTP/1.1\r\nHost: {url.netloc}\r\nContent-Type: application/json\r\nContent-Length: {MEBIBYTE + 1}\r\n\r\n"
    answer = raw_exchange(mondoo_emulator["endpoint"], head.encode())
    assert answer.startswith(b"HTTP/1.1 413 ") and b"Connection: close" in answer
    assert _messages_of(json_body(answer)) == [f"payload too large: the limit is {MEBIBYTE} bytes"]
    assert mondoo_control.requests()[-1] == {"operation": None, "caller": None, "status": 413, "time": mondoo_control.requests()[-1]["time"]}


def test_a_body_of_exactly_one_mebibyte_is_read(owner):
    prefix, suffix = b'{"query": "{ viewer { mrn } }', b'"}'
    body = prefix + b" " * (MEBIBYTE - len(prefix) - len(suffix)) + suffix
    assert len(body) == MEBIBYTE
    assert owner.session.post(owner.endpoint, data=body, timeout=30).status_code == 200


@pytest.mark.parametrize("length_header, status, message", [
    ("", 411, "length required: send the body with a Content-Length header"),
    ("Transfer-Encoding: chunked\r\n", 411, "length required: send the body with a Content-Length header"),
    ("Content-Length: twelve\r\n", 400, "bad request: Content-Length is not a number"),
])
def test_a_body_without_a_usable_length_is_refused(mondoo_emulator, length_header, status, message):
    url = urlsplit(mondoo_emulator["endpoint"])
    head = f"POST /query HTTP/1.1\r\nHost: {url.netloc}\r\n{length_header}\r\n"
    answer = raw_exchange(mondoo_emulator["endpoint"], head.encode())
    assert answer.startswith(f"HTTP/1.1 {status} ".encode())
    assert _messages_of(json_body(answer)) == [message]


def test_an_unknown_path_is_not_found(owner):
    response = owner.session.post(owner.endpoint.replace("/query", "/graphql"), json={"query": VIEWER}, timeout=30)
    assert _messages(response, 404) == ["not found: the API is at /query"]
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
