# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The API token operations: generate, update, delete, setRoles, apiTokens and viewer."""

import datetime

import pytest

from emulator_client import DELETE, GENERATE, LIST, SET_ROLES, UPDATE, VIEWER, ApiClient, grpc_status, roles


@pytest.fixture(name="owner")
def _owner(mondoo_emulator, mondoo_control):
    return ApiClient(mondoo_emulator["endpoint"], mondoo_emulator["credentials"]["org_owner"])


@pytest.fixture(name="space")
def _space(mondoo_emulator):
    return mondoo_emulator["space_mrns"][0]


def test_generate_returns_the_new_token_and_its_secret_once(mondoo_emulator, mondoo_control, owner, space):
    caller = owner.data(VIEWER)["viewer"]["mrn"]
    token = owner.generate(space, "ci runner", ["editor"], description="for CI")
    assert set(token) == {"id", "mrn", "name", "description", "roles", "createdAt", "lastUsed", "secret"}
    assert token["mrn"] == f"{space}/apitokens/{token['id']}"
    assert (token["name"], token["description"]) == ("ci runner", "for CI")
    [record] = [record for record in mondoo_control.tokens(space) if record["mrn"] == token["mrn"]]
    assert (record["scopeMrn"], record["creatorMrn"]) == (space, caller)
    assert token["roles"] == [{"mrn": "//iam.api.mondoo.app/roles/editor", "title": "Editor"}]
    assert token["lastUsed"] is None
    created = datetime.datetime.fromisoformat(token["createdAt"].replace("Z", "+00:00"))
    assert abs((datetime.datetime.now(datetime.timezone.utc) - created).total_seconds()) < 10
    assert token["secret"].startswith("mondoo_tk_")
    [listed] = owner.list_all(space, query="ci runner")
    assert listed == dict(token, secret=None)
    new_client = ApiClient(mondoo_emulator["endpoint"], token["secret"])
    assert new_client.data(VIEWER)["viewer"]["mrn"] == token["mrn"]


def test_generate_defaults_to_the_viewer_role(owner, space):
    assert owner.generate(space, "reader")["roles"] == [{"mrn": "//iam.api.mondoo.app/roles/viewer", "title": "Viewer"}]


def test_generate_accepts_the_deprecated_space_mrn(owner, space, mondoo_emulator):
    token = owner.data(GENERATE, {"input": {"name": "old style", "spaceMrn": space}})["generateAPIToken"]
    assert token["mrn"].startswith(space + "/apitokens/")
    both = owner.data(GENERATE, {"input": {"name": "both", "spaceMrn": space, "scopeMrn": space}})["generateAPIToken"]
    assert both["mrn"].startswith(space + "/apitokens/")
    error = owner.error(GENERATE, {"input": {"name": "x", "spaceMrn": space, "scopeMrn": mondoo_emulator["space_mrns"][1]}})
    assert grpc_status(error) == ("InvalidArgument", "scopeMrn and spaceMrn name different scopes")
    organization = mondoo_emulator["organization_mrn"]
    error = owner.error(GENERATE, {"input": {"name": "x", "spaceMrn": organization}})
    assert grpc_status(error) == ("InvalidArgument", f"spaceMrn {organization!r} is not a space MRN")
    assert grpc_status(owner.error(GENERATE, {"input": {"name": "x"}})) == ("InvalidArgument", "scopeMrn is required")


def test_an_organization_token_is_created_in_the_organization(owner, mondoo_emulator):
    organization = mondoo_emulator["organization_mrn"]
    token = owner.generate(organization, "org wide", ["viewer"])
    assert token["mrn"].startswith(organization + "/apitokens/")
    assert token["mrn"] in [node["mrn"] for node in owner.list_all(organization)]


def test_listing_shows_the_scopes_own_tokens_only(owner, mondoo_emulator, mondoo_control):
    organization, space = mondoo_emulator["organization_mrn"], mondoo_emulator["space_mrns"][0]
    org_token = owner.generate(organization, "org token")
    space_token = owner.generate(space, "space token")
    org_listing = {node["mrn"] for node in owner.list_all(organization)}
    space_listing = {node["mrn"] for node in owner.list_all(space)}
    assert org_token["mrn"] in org_listing and space_token["mrn"] not in org_listing
    assert space_token["mrn"] in space_listing and org_token["mrn"] not in space_listing
    assert org_listing == {token["mrn"] for token in mondoo_control.tokens(organization)}
    assert space_listing == {token["mrn"] for token in mondoo_control.tokens(space)}


def test_update_changes_name_and_description_only(owner, space):
    token = owner.generate(space, "before", ["editor"], description="old")
    renamed = owner.data(UPDATE, {"input": {"mrn": token["mrn"], "name": " after "}})["updateAPIToken"]
    assert (renamed["name"], renamed["description"]) == ("after", "old")
    described = owner.data(UPDATE, {"input": {"mrn": token["mrn"], "description": "new"}})["updateAPIToken"]
    assert (described["name"], described["description"]) == ("after", "new")
    assert described["secret"] is None
    assert dict(described, name="before", description="old", lastUsed=None) == dict(token, secret=None)


def test_update_refuses_bad_values_without_changing_anything(owner, space):
    token = owner.generate(space, "keep", description="kept")
    error = owner.error(UPDATE, {"input": {"mrn": token["mrn"], "name": "", "description": "changed"}})
    assert grpc_status(error) == ("InvalidArgument", "name must be 1 to 100 characters after trimming")
    error = owner.error(UPDATE, {"input": {"mrn": token["mrn"], "name": "changed", "description": "d" * 501}})
    assert grpc_status(error) == ("InvalidArgument", "description must be at most 500 characters")
    [unchanged] = owner.list_all(space, query="keep")
    assert (unchanged["name"], unchanged["description"]) == ("keep", "kept")


def test_delete_removes_the_token_and_its_secret(owner, space, mondoo_emulator):
    token = owner.generate(space, "doomed")
    assert owner.data(DELETE, {"input": {"mrn": token["mrn"]}}) == {"deleteAPIToken": True}
    assert owner.list_all(space, query="doomed") == []
    assert ApiClient(mondoo_emulator["endpoint"], token["secret"]).post(VIEWER).status_code == 401
    error = owner.error(DELETE, {"input": {"mrn": token["mrn"]}})
    assert error == {"message": f"rpc error: code = NotFound desc = API token {token['mrn']}", "path": ["deleteAPIToken"]}


@pytest.mark.parametrize("query", [UPDATE, DELETE])
def test_update_and_delete_refuse_a_malformed_token_mrn(owner, query):
    error = owner.error(query, {"input": {"mrn": "not-a-token"}})
    assert grpc_status(error) == ("InvalidArgument", "'not-a-token' is not an API token MRN")


def test_set_roles_replaces_each_tokens_roles_and_answers_their_mrns_in_order(owner, space):
    first, second = owner.generate(space, "first", ["viewer"]), owner.generate(space, "second", ["editor"])
    updates = [{"entityMrn": second["mrn"], "roles": roles("agent")}, {"entityMrn": first["mrn"], "roles": roles("editor", "ticket-manager")}]
    answer = owner.data(SET_ROLES, {"input": {"scopeMrn": space, "updates": updates}})
    assert answer == {"setRoles": {"mrns": [second["mrn"], first["mrn"]]}}
    by_name = {node["name"]: [role["mrn"] for role in node["roles"]] for node in owner.list_all(space)}
    assert by_name["first"] == [role["mrn"] for role in roles("editor", "ticket-manager")]
    assert by_name["second"] == [role["mrn"] for role in roles("agent")]


def test_set_roles_accepts_the_deprecated_space_mrn(owner, space):
    token = owner.generate(space, "legacy")
    answer = owner.data(SET_ROLES, {"input": {"spaceMrn": space, "updates": [{"entityMrn": token["mrn"], "roles": roles("editor")}]}})
    assert answer == {"setRoles": {"mrns": [token["mrn"]]}}
    [updated] = owner.list_all(space, query="legacy")
    assert [role["title"] for role in updated["roles"]] == ["Editor"]


def test_set_roles_changes_nothing_unless_every_entity_is_a_token_of_the_scope(owner, space, mondoo_emulator):
    token = owner.generate(space, "stays viewer")
    elsewhere = owner.generate(mondoo_emulator["space_mrns"][1], "elsewhere")
    updates = [{"entityMrn": token["mrn"], "roles": roles("editor")}, {"entityMrn": elsewhere["mrn"], "roles": roles("editor")}]
    error = owner.error(SET_ROLES, {"input": {"scopeMrn": space, "updates": updates}})
    assert error == {"message": f"rpc error: code = NotFound desc = API token {elsewhere['mrn']} in {space}", "path": ["setRoles"]}
    [unchanged] = owner.list_all(space, query="stays viewer")
    assert [role["title"] for role in unchanged["roles"]] == ["Viewer"]


@pytest.mark.parametrize("set_roles_input, detail", [
    ({"identity": "someone@example.com", "roles": ["//iam.api.mondoo.app/roles/viewer"]}, "not supported by the emulator"),
    ({}, "updates must name at least one token"),
    ({"updates": []}, "updates must name at least one token"),
])
def test_set_roles_refuses_other_forms(owner, space, set_roles_input, detail):
    code, description = grpc_status(owner.error(SET_ROLES, {"input": dict(set_roles_input, scopeMrn=space)}))
    assert code == "InvalidArgument" and detail in description


def test_listing_a_missing_scope_is_not_found(owner):
    error = owner.error(LIST, {"scopeMrn": "//captain.api.mondoo.app/spaces/gone-123"})
    assert error == {"message": "rpc error: code = NotFound desc = scope //captain.api.mondoo.app/spaces/gone-123", "path": ["apiTokens"]}


def test_viewer_answers_for_an_agent(mondoo_emulator):
    agent = ApiClient(mondoo_emulator["endpoint"], mondoo_emulator["credentials"]["space_agent"])
    assert agent.data(VIEWER) == {"viewer": {"mrn": mondoo_emulator["space_mrns"][0] + "/apitokens/seed-space-agent"}}
