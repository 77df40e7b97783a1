# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""serviceAccounts: answered (totalCount 0) for Editors and Owners of the scope, refused for anyone else.

The collection asks it only to learn whether a credential may manage API tokens (development/emulator-contract.md).
"""

import pytest

from emulator_client import SERVICE_ACCOUNTS, ApiClient, grpc_status

MISSING_SPACE = "//captain.api.mondoo.app/spaces/gone-123"


@pytest.fixture(name="space")
def _space(mondoo_emulator):
    return mondoo_emulator["space_mrns"][0]


def _denial(scope_mrn):
    return f"listing the service accounts of {scope_mrn} requires Editor or Owner there"


@pytest.mark.parametrize("credential", ["space_owner", "space_editor", "org_owner", "org_editor"])
def test_editors_and_owners_of_the_scope_or_its_organization_are_answered(client, space, credential):
    assert client(credential).data(SERVICE_ACCOUNTS, {"scopeMrn": space}) == {"serviceAccounts": {"totalCount": 0}}


@pytest.mark.parametrize("credential", ["space_viewer", "space_agent", "org_viewer"])
def test_viewers_and_agents_are_refused_with_permission_denied(client, space, credential):
    error = client(credential).error(SERVICE_ACCOUNTS, {"scopeMrn": space})
    assert grpc_status(error) == ("PermissionDenied", _denial(space))
    assert error["path"] == ["serviceAccounts"]


def test_the_refusal_reads_as_an_extensions_code_in_that_style(client, mondoo_control, space):
    mondoo_control.set_error_style("extensions")
    assert client("space_viewer").error(SERVICE_ACCOUNTS, {"scopeMrn": space}) == {
        "message": "permission denied: " + _denial(space),
        "path": ["serviceAccounts"],
        "extensions": {"code": "PERMISSION_DENIED"},
    }


def test_a_space_role_does_not_reach_the_organization_or_another_space(client, mondoo_emulator):
    editor = client("space_editor")
    for scope in (mondoo_emulator["organization_mrn"], mondoo_emulator["space_mrns"][1], mondoo_emulator["other_space_mrns"][0]):
        assert grpc_status(editor.error(SERVICE_ACCOUNTS, {"scopeMrn": scope})) == ("PermissionDenied", _denial(scope))
    assert client("org_editor").data(SERVICE_ACCOUNTS, {"scopeMrn": mondoo_emulator["organization_mrn"]}) == {
        "serviceAccounts": {"totalCount": 0},
    }


def test_an_unknown_scope_is_not_found_and_a_missing_one_an_invalid_argument(client):
    owner = client("org_owner")
    assert grpc_status(owner.error(SERVICE_ACCOUNTS, {"scopeMrn": MISSING_SPACE})) == ("NotFound", f"scope {MISSING_SPACE}")
    assert grpc_status(owner.error(SERVICE_ACCOUNTS, {})) == ("InvalidArgument", "scopeMrn is required")


def test_calls_are_logged_and_faults_armed_for_the_field_hit_it(client, mondoo_emulator, mondoo_control, space):
    viewer = client("space_viewer")
    viewer.error(SERVICE_ACCOUNTS, {"scopeMrn": space})
    mondoo_control.add_fault("serviceAccounts", "error", code="Unavailable")
    assert grpc_status(client("space_owner").error(SERVICE_ACCOUNTS, {"scopeMrn": space})) == ("Unavailable", "injected fault")
    log = mondoo_control.requests()
    assert [(entry["operation"], entry["caller"], entry["status"]) for entry in log] == [
        ("serviceAccounts", space + "/apitokens/seed-space-viewer", 200),
        ("serviceAccounts", None, 200),
    ]


def test_without_the_field_the_query_is_refused_at_validation(start_mondoo_emulator):
    emulator = start_mondoo_emulator(schema_drops=["Query.serviceAccounts"])
    owner = ApiClient(emulator.connection["endpoint"], emulator.connection["credentials"]["space_owner"])
    response = owner.post(SERVICE_ACCOUNTS, {"scopeMrn": emulator.connection["space_mrns"][0]})
    assert response.status_code == 422
    assert [error["message"] for error in response.json()["errors"]] == ["Cannot query field 'serviceAccounts' on type 'Query'."]
    assert emulator.control.requests()[-1] == dict(emulator.control.requests()[-1], operation="serviceAccounts", status=422)


def test_the_control_call_drops_the_field_until_the_next_reset(client, mondoo_control, space):
    owner = client("space_owner")
    mondoo_control.set_schema_drops(["Query.serviceAccounts"])
    assert owner.post(SERVICE_ACCOUNTS, {"scopeMrn": space}).status_code == 422
    mondoo_control.reset()
    assert owner.data(SERVICE_ACCOUNTS, {"scopeMrn": space}) == {"serviceAccounts": {"totalCount": 0}}
