# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Injected faults: status, drop, delay, after_commit and error, each for the next N calls of one operation.

These check the default (gRPC) error style; test_emulator_error_styles.py checks both styles.
"""

import time

import pytest
import requests

from emulator_client import GENERATE, VIEWER, ApiClient


@pytest.fixture(name="owner")
def _owner(mondoo_emulator, mondoo_control):
    return ApiClient(mondoo_emulator["endpoint"], mondoo_emulator["credentials"]["space_owner"])


def _generate_input(mondoo_emulator, name):
    return {"input": {"name": name, "scopeMrn": mondoo_emulator["space_mrns"][0]}}


def _names(mondoo_control, mondoo_emulator):
    return [token["name"] for token in mondoo_control.tokens(mondoo_emulator["space_mrns"][0])]


@pytest.mark.parametrize("status", [429, 500, 502, 503])
def test_a_status_fault_answers_that_status_and_applies_nothing(mondoo_emulator, mondoo_control, owner, status):
    mondoo_control.add_fault("generateAPIToken", "status", status=status, retry_after=7, count=2)
    for _attempt in range(2):
        response = owner.post(GENERATE, _generate_input(mondoo_emulator, "faulted"))
        assert response.status_code == status
        assert response.headers["Retry-After"] == "7"
        code = "ResourceExhausted" if status == 429 else "Unavailable"
        assert response.json() == {"errors": [{"message": f"rpc error: code = {code} desc = injected fault (HTTP {status})"}]}
    assert "faulted" not in _names(mondoo_control, mondoo_emulator)
    assert all(token["lastUsed"] is None for token in mondoo_control.tokens())
    assert owner.generate(mondoo_emulator["space_mrns"][0], "third time")["name"] == "third time"
    assert [entry["status"] for entry in mondoo_control.requests()] == [status, status, 200]


def test_a_status_fault_without_retry_after_sends_none(mondoo_control, owner):
    mondoo_control.add_fault("viewer", "status", status=503)
    response = owner.post(VIEWER)
    assert response.status_code == 503 and "Retry-After" not in response.headers
    assert owner.post(VIEWER).status_code == 200


def test_a_fault_hits_only_its_operation(mondoo_emulator, mondoo_control, owner):
    mondoo_control.add_fault("deleteAPIToken", "status", status=500)
    assert owner.post(VIEWER).status_code == 200
    assert owner.post(GENERATE, _generate_input(mondoo_emulator, "unaffected")).status_code == 200
    assert mondoo_control.call("GET", "/faults")[0]["operation"] == "deleteAPIToken"


def test_a_drop_fault_closes_the_connection_without_answer_or_change(mondoo_emulator, mondoo_control, owner):
    mondoo_control.add_fault("generateAPIToken", "drop")
    with pytest.raises(requests.ConnectionError):
        owner.post(GENERATE, _generate_input(mondoo_emulator, "dropped"))
    assert "dropped" not in _names(mondoo_control, mondoo_emulator)
    assert mondoo_control.requests() == [{"operation": "generateAPIToken", "caller": None, "status": None, "time": mondoo_control.requests()[0]["time"]}]
    assert owner.post(GENERATE, _generate_input(mondoo_emulator, "after drop")).status_code == 200


def test_a_delay_fault_answers_late_but_normally(mondoo_emulator, mondoo_control, owner):
    mondoo_control.add_fault("generateAPIToken", "delay", delay=0.6)
    started = time.monotonic()
    token = owner.generate(mondoo_emulator["space_mrns"][0], "slow")
    assert time.monotonic() - started >= 0.6
    assert token["name"] == "slow" and "slow" in _names(mondoo_control, mondoo_emulator)
    started = time.monotonic()
    owner.generate(mondoo_emulator["space_mrns"][0], "fast")
    assert time.monotonic() - started < 0.6


def test_an_after_commit_fault_applies_the_change_then_answers_502(mondoo_emulator, mondoo_control, owner):
    mondoo_control.add_fault("generateAPIToken", "after_commit")
    response = owner.post(GENERATE, _generate_input(mondoo_emulator, "committed"))
    assert response.status_code == 502
    assert response.json() == {"errors": [{"message": "rpc error: code = Unavailable desc = injected fault (HTTP 502)"}]}
    assert "secret" not in response.text
    assert _names(mondoo_control, mondoo_emulator).count("committed") == 1
    assert mondoo_control.requests()[-1]["status"] == 502
    assert mondoo_control.requests()[-1]["caller"].endswith("/seed-space-owner")


@pytest.mark.parametrize("code", [
    "ResourceExhausted", "Unavailable", "Internal", "PermissionDenied", "NotFound", "InvalidArgument", "Unauthenticated",
])
def test_an_error_fault_answers_200_with_that_error_and_applies_nothing(mondoo_emulator, mondoo_control, owner, code):
    mondoo_control.add_fault("generateAPIToken", "error", code=code, count=2)
    for _attempt in range(2):
        response = owner.post(GENERATE, _generate_input(mondoo_emulator, "faulted"))
        assert response.status_code == 200
        assert response.json() == {"data": None, "errors": [{"message": f"rpc error: code = {code} desc = injected fault"}]}
    assert "faulted" not in _names(mondoo_control, mondoo_emulator)
    assert all(token["lastUsed"] is None for token in mondoo_control.tokens())
    assert owner.generate(mondoo_emulator["space_mrns"][0], "third time")["name"] == "third time"
    log = mondoo_control.requests()
    assert [(entry["operation"], entry["caller"], entry["status"]) for entry in log[:2]] == [("generateAPIToken", None, 200)] * 2
    assert log[2]["caller"].endswith("/seed-space-owner")


def test_an_error_fault_fires_before_authentication(mondoo_emulator, mondoo_control):
    mondoo_control.add_fault("viewer", "error", code="Unavailable")
    response = requests.post(mondoo_emulator["endpoint"], json={"query": VIEWER}, timeout=30)
    assert response.status_code == 200
    assert response.json() == {"data": None, "errors": [{"message": "rpc error: code = Unavailable desc = injected fault"}]}
    assert requests.post(mondoo_emulator["endpoint"], json={"query": VIEWER}, timeout=30).status_code == 401


def test_an_error_fault_is_listed_with_its_code(mondoo_control):
    mondoo_control.add_fault("apiTokens", "error", code="Unavailable", count=3)
    assert mondoo_control.call("GET", "/faults") == [{
        "operation": "apiTokens", "kind": "error", "code": "Unavailable", "remaining": 3,
        "status": None, "retry_after": None, "delay": None,
    }]


def test_delete_faults_disarms_them(mondoo_control, owner):
    mondoo_control.add_fault("viewer", "status", status=500, count=5)
    assert mondoo_control.clear_faults() == {"ok": True}
    assert mondoo_control.call("GET", "/faults") == []
    assert owner.post(VIEWER).status_code == 200


@pytest.mark.parametrize("fault, reason", [
    ({"kind": "status", "status": 503}, "operation must name"),
    ({"operation": "viewer", "kind": "explode"}, "kind must be status, drop, delay, after_commit or error"),
    ({"operation": "viewer", "kind": "status", "status": 404}, "status must be one of 429, 500, 502, 503"),
    ({"operation": "viewer", "kind": "status", "status": 503, "retry_after": -1}, "retry_after"),
    ({"operation": "viewer", "kind": "delay"}, "delay must be"),
    ({"operation": "viewer", "kind": "drop", "count": 0}, "count must be a positive integer"),
    ({"operation": "viewer", "kind": "error"},
     "code must be one of PermissionDenied, NotFound, InvalidArgument, Unauthenticated, ResourceExhausted, Unavailable, Internal"),
    ({"operation": "viewer", "kind": "error", "code": "RESOURCE_EXHAUSTED"}, "code must be one of"),
    ({"operation": "viewer", "kind": "error", "code": "Aborted"}, "code must be one of"),
])
def test_a_bad_fault_is_refused(mondoo_emulator, mondoo_control, fault, reason):
    response = requests.post(mondoo_emulator["control"] + "/faults", json=fault, timeout=30)
    assert response.status_code == 400 and reason in response.json()["error"]
    assert mondoo_control.call("GET", "/faults") == []
