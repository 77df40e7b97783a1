# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The test-control endpoints: reset, seed, the request log, the clock and the token listing."""

import datetime
import email.utils
import json

import pytest
import requests

from emulator_client import VIEWER, ApiClient, read_service_account, service_account_jwt

SMALL_SEED = {
    "organizations": [{"id": "tiny-org-1", "name": "Tiny", "spaces": [{"id": "tiny-space-1", "name": "Only"}]}],
    "api_tokens": [
        {"credential": "admin", "scope_mrn": "//captain.api.mondoo.app/organizations/tiny-org-1", "name": "admin", "roles": ["owner"]},
        {"scope_mrn": "//captain.api.mondoo.app/spaces/tiny-space-1", "name": "old-{n}", "count": 3, "roles": ["//iam.api.mondoo.app/roles/viewer"],
         "created_at": "2025-01-02T03:04:05+00:00", "last_used": "-2d", "description": "pre-existing", "creator_mrn": "//example/creator"},
    ],
    "service_accounts": [{"credential": "robot", "scope_mrn": "//captain.api.mondoo.app/spaces/tiny-space-1", "name": "robot", "roles": ["editor"]}],
}


def _parse(timestamp):
    return datetime.datetime.fromisoformat(timestamp.replace("Z", "+00:00"))


def test_reset_restores_the_seed_and_keeps_the_start_credentials(mondoo_emulator, mondoo_control):
    space = mondoo_emulator["space_mrns"][0]
    owner = ApiClient(mondoo_emulator["endpoint"], mondoo_emulator["credentials"]["space_owner"])
    created = owner.generate(space, "temporary")
    seeded = {token["mrn"] for token in mondoo_control.tokens()}
    mondoo_control.add_fault("viewer", "status", status=503)
    mondoo_control.set_clock(3600)
    mondoo_control.set_error_style("extensions")
    assert mondoo_control.reset() == {"ok": True}
    assert {token["mrn"] for token in mondoo_control.tokens()} == seeded - {created["mrn"]}
    assert mondoo_control.call("GET", "/faults") == []
    assert mondoo_control.call("GET", "/clock")["offset_seconds"] == 0
    assert mondoo_control.error_style() == "grpc"
    assert mondoo_control.requests() == []
    assert owner.post(VIEWER).status_code == 200
    assert ApiClient(mondoo_emulator["endpoint"], created["secret"]).post(VIEWER).status_code == 401
    account = read_service_account(mondoo_emulator["credentials"]["service_account_file"])
    assert ApiClient(mondoo_emulator["endpoint"], service_account_jwt(account)).post(VIEWER).status_code == 200


def test_seed_replaces_the_state_and_answers_fresh_credentials(mondoo_emulator, mondoo_control):
    credentials = mondoo_control.seed(SMALL_SEED)
    assert set(credentials) == {"admin", "robot"}
    endpoint = mondoo_emulator["endpoint"]
    admin = ApiClient(endpoint, credentials["admin"]).data(VIEWER)["viewer"]
    assert admin == {"mrn": "//captain.api.mondoo.app/organizations/tiny-org-1/apitokens/seed-admin"}
    robot_account = read_service_account(credentials["robot"])
    assert robot_account["scope_mrn"] == "//captain.api.mondoo.app/spaces/tiny-space-1"
    robot = ApiClient(endpoint, service_account_jwt(robot_account)).data(VIEWER)["viewer"]
    assert robot == {"mrn": robot_account["mrn"]}
    assert ApiClient(endpoint, mondoo_emulator["credentials"]["org_owner"]).post(VIEWER).status_code == 401
    old = mondoo_control.tokens("//captain.api.mondoo.app/spaces/tiny-space-1")
    assert sorted(token["name"] for token in old) == ["old-1", "old-2", "old-3"]
    for token in old:
        assert (token["createdAt"], token["description"], token["creatorMrn"]) == ("2025-01-02T03:04:05Z", "pre-existing", "//example/creator")
        two_days_ago = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=2)
        assert abs((_parse(token["lastUsed"]) - two_days_ago).total_seconds()) < 10
    mondoo_control.reset()
    assert ApiClient(endpoint, mondoo_emulator["credentials"]["org_owner"]).post(VIEWER).status_code == 200
    assert ApiClient(endpoint, credentials["admin"]).post(VIEWER).status_code == 401


@pytest.mark.parametrize("seed, reason", [
    ({"organizations": []}, "organizations must be a non-empty list"),
    ({"organizations": [{"id": "a", "name": "A"}], "api_tokens": [{"scope_mrn": "//nowhere", "name": "x"}]}, "api_tokens[0].scope_mrn must name"),
    ({"organizations": [{"id": "a", "name": "A"}], "api_tokens": [{"scope_mrn": "//captain.api.mondoo.app/organizations/a", "name": "x", "roles": ["king"]}]},
     "unknown role 'king'"),
    ({"organizations": [{"id": "a", "name": "A"}], "api_tokens": [{"scope_mrn": "//captain.api.mondoo.app/organizations/a", "name": "x", "colour": 1}]},
     "unknown keys ['colour']"),
    ({"organizations": [{"id": "a", "name": "A"}], "api_tokens": [{"scope_mrn": "//captain.api.mondoo.app/organizations/a", "name": " "}]},
     "api_tokens[0].name: invalid argument: name must be 1 to 100 characters"),
])
def test_an_invalid_seed_is_refused_and_changes_nothing(mondoo_emulator, mondoo_control, seed, reason):
    response = requests.post(mondoo_emulator["control"] + "/seed", json=seed, timeout=30)
    assert response.status_code == 400 and reason in response.json()["error"]
    assert ApiClient(mondoo_emulator["endpoint"], mondoo_emulator["credentials"]["org_owner"]).post(VIEWER).status_code == 200
    assert len(mondoo_control.tokens()) == 7


def test_the_request_log_records_operation_caller_status_and_time(mondoo_emulator, mondoo_control):
    credentials = mondoo_emulator["credentials"]
    owner = ApiClient(mondoo_emulator["endpoint"], credentials["space_owner"])
    owner_mrn = owner.data(VIEWER)["viewer"]["mrn"]
    created = owner.generate(mondoo_emulator["space_mrns"][0], "logged")
    ApiClient(mondoo_emulator["endpoint"], "mondoo_tk_wrong").post(VIEWER)
    ApiClient(mondoo_emulator["endpoint"], credentials["space_agent"]).post("{ apiTokens(scopeMrn: \"x\") { totalCount } }")
    log = mondoo_control.requests()
    assert [(entry["operation"], entry["caller"], entry["status"]) for entry in log] == [
        ("viewer", owner_mrn, 200),
        ("generateAPIToken", owner_mrn, 200),
        ("viewer", None, 401),
        ("apiTokens", log[3]["caller"], 200),
    ]
    assert log[3]["caller"].endswith("/seed-space-agent")
    for entry in log:
        assert set(entry) == {"operation", "caller", "status", "time"}
        assert abs((_parse(entry["time"]) - datetime.datetime.now(datetime.timezone.utc)).total_seconds()) < 10
    text = json.dumps(log)
    for secret in [created["secret"], credentials["space_owner"], credentials["space_agent"], "mondoo_tk_wrong"]:
        assert secret not in text
    assert mondoo_control.clear_requests() == {"ok": True}
    assert mondoo_control.requests() == []


def test_the_clock_offset_shifts_recorded_times(mondoo_emulator, mondoo_control):
    answer = mondoo_control.set_clock(-10 * 86400)
    assert answer["offset_seconds"] == -10 * 86400
    ten_days_ago = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=10)
    assert abs((_parse(answer["now"]) - ten_days_ago).total_seconds()) < 10
    owner = ApiClient(mondoo_emulator["endpoint"], mondoo_emulator["credentials"]["org_owner"])
    token = owner.generate(mondoo_emulator["organization_mrn"], "backdated")
    assert abs((_parse(token["createdAt"]) - ten_days_ago).total_seconds()) < 10
    assert abs((_parse(mondoo_control.requests()[-1]["time"]) - ten_days_ago).total_seconds()) < 10
    mondoo_control.set_clock(0)
    assert abs((_parse(owner.generate(mondoo_emulator["organization_mrn"], "now")["createdAt"]) - ten_days_ago).total_seconds()) > 9 * 86400


def test_the_date_header_follows_the_clock(mondoo_emulator, mondoo_control):
    mondoo_control.set_clock(-3 * 86400)
    owner = ApiClient(mondoo_emulator["endpoint"], mondoo_emulator["credentials"]["org_owner"])
    answered = email.utils.parsedate_to_datetime(owner.post(VIEWER).headers["Date"])
    three_days_ago = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=3)
    assert abs((answered - three_days_ago).total_seconds()) < 10


@pytest.mark.parametrize("payload", [{}, {"offset_seconds": "soon"}, {"offset_seconds": True}, {"offset_seconds": 1e12}])
def test_the_clock_refuses_a_bad_offset(mondoo_emulator, mondoo_control, payload):
    response = requests.post(mondoo_emulator["control"] + "/clock", json=payload, timeout=30)
    assert response.status_code == 400 and "offset_seconds" in response.json()["error"]
    assert mondoo_control.call("GET", "/clock")["offset_seconds"] == 0


def test_the_token_listing_filters_by_scope_and_shows_no_secret(mondoo_emulator, mondoo_control):
    space = mondoo_emulator["space_mrns"][0]
    created = ApiClient(mondoo_emulator["endpoint"], mondoo_emulator["credentials"]["space_owner"]).generate(space, "listed")
    in_space = mondoo_control.tokens(space)
    assert {token["scopeMrn"] for token in in_space} == {space}
    assert len(in_space) == 5 and len(mondoo_control.tokens()) == 8
    assert all(token["secret"] is None for token in mondoo_control.tokens())
    assert created["secret"] not in json.dumps(mondoo_control.tokens())


@pytest.mark.parametrize("method, path, status", [
    ("GET", "/nothing", 404),
    ("GET", "/reset", 405),
    ("PUT", "/faults", 405),
])
def test_unknown_control_calls_are_refused(mondoo_emulator, method, path, status):
    response = requests.request(method, mondoo_emulator["control"] + path, timeout=30)
    assert response.status_code == status and "error" in response.json()


def test_a_control_body_that_is_not_json_is_refused(mondoo_emulator):
    response = requests.post(mondoo_emulator["control"] + "/faults", data=b"{nope", timeout=30)
    assert response.status_code == 400 and response.json() == {"error": "the body is not JSON"}
