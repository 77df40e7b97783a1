# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Who may list and manage which tokens, which roles a caller may grant, and the argument limits."""

import pytest

from emulator_client import DELETE, GENERATE, LIST, SET_ROLES, UPDATE, ApiClient, grpc_status, read_service_account, roles, service_account_jwt

PERMISSION_DENIED = "PermissionDenied"


@pytest.fixture(name="scopes")
def _scopes(mondoo_emulator):
    return {
        "org": mondoo_emulator["organization_mrn"],
        "space": mondoo_emulator["space_mrns"][0],
        "second_space": mondoo_emulator["space_mrns"][1],
        "other_org": mondoo_emulator["other_organization_mrn"],
        "other_space": mondoo_emulator["other_space_mrns"][0],
    }


def _generate_error_code(client, scope_mrn, role_names=("viewer",)):
    """None when the token is created, else the gRPC code of the error."""
    response = client.post(GENERATE, {"input": {"name": "probe", "scopeMrn": scope_mrn, "roles": roles(*role_names)}})
    assert response.status_code == 200
    body = response.json()
    if "errors" not in body:
        assert body["data"]["generateAPIToken"]["mrn"].startswith(scope_mrn + "/apitokens/")
        return None
    assert body["data"] is None
    return grpc_status(body["errors"][0])[0]


def _list_error_code(client, scope_mrn):
    body = client.post(LIST, {"scopeMrn": scope_mrn}).json()
    return grpc_status(body["errors"][0])[0] if "errors" in body else None


# Where each seed credential may create tokens, and where it may list them.
MANAGE = {
    "org_owner": {"org", "space", "second_space"},
    "org_editor": {"org", "space", "second_space"},
    "org_viewer": set(),
    "space_owner": {"space"},
    "space_editor": {"space"},
    "space_viewer": set(),
    "space_agent": set(),
}
LIST_ALLOWED = {
    "org_owner": {"org", "space", "second_space"},
    "org_editor": {"org", "space", "second_space"},
    "org_viewer": {"org", "space", "second_space"},
    "space_owner": {"space"},
    "space_editor": {"space"},
    "space_viewer": {"space"},
    "space_agent": set(),
}


@pytest.mark.parametrize("credential", sorted(MANAGE))
def test_who_may_create_tokens_where(client, scopes, credential):
    for scope_name, scope_mrn in scopes.items():
        expected = None if scope_name in MANAGE[credential] else PERMISSION_DENIED
        assert _generate_error_code(client(credential), scope_mrn) == expected, scope_name


@pytest.mark.parametrize("credential", sorted(LIST_ALLOWED))
def test_who_may_list_tokens_where(client, scopes, credential):
    for scope_name, scope_mrn in scopes.items():
        expected = None if scope_name in LIST_ALLOWED[credential] else PERMISSION_DENIED
        assert _list_error_code(client(credential), scope_mrn) == expected, scope_name


def test_the_service_account_manages_its_space_only(mondoo_emulator, mondoo_control, scopes):
    account = read_service_account(mondoo_emulator["credentials"]["service_account_file"])
    client = ApiClient(mondoo_emulator["endpoint"], service_account_jwt(account))
    assert _generate_error_code(client, scopes["space"]) is None
    assert _generate_error_code(client, scopes["second_space"]) == PERMISSION_DENIED
    assert _generate_error_code(client, scopes["space"], ["owner"]) == PERMISSION_DENIED
    [created] = [token for token in mondoo_control.tokens(scopes["space"]) if token["name"] == "probe"]
    assert created["creatorMrn"] == account["mrn"]


@pytest.mark.parametrize("credential", ["space_viewer", "space_agent", "org_viewer"])
def test_viewers_and_agents_cannot_change_or_delete_tokens(client, scopes, credential):
    target = client("space_owner").generate(scopes["space"], "target")
    caller = client(credential)
    for query, token_input in [
        (UPDATE, {"mrn": target["mrn"], "name": "renamed"}),
        (DELETE, {"mrn": target["mrn"]}),
        (SET_ROLES, {"scopeMrn": scopes["space"], "updates": [{"entityMrn": target["mrn"], "roles": roles("viewer")}]}),
    ]:
        assert grpc_status(caller.error(query, {"input": token_input}))[0] == PERMISSION_DENIED
    [unchanged] = client("space_owner").list_all(scopes["space"], query="target")
    assert (unchanged["name"], unchanged["roles"][0]["mrn"]) == ("target", roles("viewer")[0]["mrn"])


def test_a_space_token_cannot_touch_another_spaces_or_its_organizations_tokens(client, scopes):
    org_token = client("org_owner").generate(scopes["org"], "org token")
    second_space_token = client("org_owner").generate(scopes["second_space"], "second space token")
    editor = client("space_owner")
    for token in (org_token, second_space_token):
        error = editor.error(UPDATE, {"input": {"mrn": token["mrn"], "name": "hijacked"}})
        assert grpc_status(error)[0] == PERMISSION_DENIED
        assert grpc_status(editor.error(DELETE, {"input": {"mrn": token["mrn"]}}))[0] == PERMISSION_DENIED
    assert [token["name"] for token in client("org_owner").list_all(scopes["org"], query="org token")] == ["org token"]


def test_an_organization_token_manages_tokens_in_each_of_its_spaces(client, scopes):
    org_editor = client("org_editor")
    for scope_name in ("space", "second_space"):
        token = client("space_owner" if scope_name == "space" else "org_owner").generate(scopes[scope_name], "in space")
        renamed = org_editor.data(UPDATE, {"input": {"mrn": token["mrn"], "name": "renamed"}})["updateAPIToken"]
        assert renamed["name"] == "renamed"
        assert org_editor.data(DELETE, {"input": {"mrn": token["mrn"]}}) == {"deleteAPIToken": True}
        assert org_editor.list_all(scopes[scope_name], query="renamed") == []


def test_an_organization_token_reaches_nothing_outside_its_organization(client, scopes):
    owner = client("org_owner")
    for scope_name in ("other_org", "other_space"):
        assert _generate_error_code(owner, scopes[scope_name]) == PERMISSION_DENIED
        assert _list_error_code(owner, scopes[scope_name]) == PERMISSION_DENIED


@pytest.mark.parametrize("credential, scope_name", [("space_editor", "space"), ("org_editor", "org"), ("org_editor", "second_space")])
def test_an_editor_cannot_mint_or_promote_to_owner(client, scopes, credential, scope_name):
    editor = client(credential)
    error = editor.error(GENERATE, {"input": {"name": "boss", "scopeMrn": scopes[scope_name], "roles": roles("editor", "owner")}})
    assert grpc_status(error) == (PERMISSION_DENIED, "the caller cannot grant the owner role, which is above its own")
    assert error["path"] == ["generateAPIToken"]
    token = editor.generate(scopes[scope_name], "helper", ["editor", "policy-manager"])
    assert [role["mrn"] for role in token["roles"]] == [role["mrn"] for role in roles("editor", "policy-manager")]
    update = {"entityMrn": token["mrn"], "roles": roles("owner")}
    error = editor.error(SET_ROLES, {"input": {"scopeMrn": scopes[scope_name], "updates": [update]}})
    assert grpc_status(error)[0] == PERMISSION_DENIED
    [unchanged] = editor.list_all(scopes[scope_name], query="helper")
    assert [role["mrn"] for role in unchanged["roles"]] == [role["mrn"] for role in roles("editor", "policy-manager")]


def test_an_owner_may_grant_owner(client, scopes):
    token = client("space_owner").generate(scopes["space"], "deputy", ["owner"])
    assert [role["title"] for role in token["roles"]] == ["Owner"]


def test_duplicate_names_are_allowed(client, scopes):
    editor = client("space_editor")
    first, second = editor.generate(scopes["space"], "twin"), editor.generate(scopes["space"], "twin")
    assert first["mrn"] != second["mrn"] and first["secret"] != second["secret"]
    assert [token["mrn"] for token in editor.list_all(scopes["space"], query="twin")] == [first["mrn"], second["mrn"]]


@pytest.mark.parametrize("token_input, detail", [
    ({"name": ""}, "name must be 1 to 100 characters after trimming"),
    ({"name": "   "}, "name must be 1 to 100 characters after trimming"),
    ({"name": "n" * 101}, "name must be 1 to 100 characters after trimming"),
    ({"name": "ok", "description": "d" * 501}, "description must be at most 500 characters"),
    ({"name": "ok", "roles": [{"mrn": "//iam.api.mondoo.app/roles/emperor"}]}, "unknown role '//iam.api.mondoo.app/roles/emperor'"),
    ({"name": "ok", "roles": [{"mrn": "viewer"}]}, "unknown role 'viewer'"),
    ({"name": "ok", "roles": []}, "roles must not be empty"),
])
def test_argument_limits_are_enforced(client, scopes, token_input, detail):
    error = client("space_owner").error(GENERATE, {"input": dict(token_input, scopeMrn=scopes["space"])})
    assert error == {"message": f"rpc error: code = InvalidArgument desc = {detail}", "path": ["generateAPIToken"]}


def test_argument_limits_are_inclusive(client, scopes):
    token = client("space_owner").generate(scopes["space"], "  " + "n" * 100 + "  ", description="d" * 500)
    assert (token["name"], token["description"]) == ("n" * 100, "d" * 500)


@pytest.mark.parametrize("scope_mrn, code, description", [
    ("spaces/hungry-poet-123456", "InvalidArgument", "'spaces/hungry-poet-123456' is not an organization or space MRN"),
    ("//captain.api.mondoo.app/spaces/no-such-space", "NotFound", "scope //captain.api.mondoo.app/spaces/no-such-space"),
])
def test_a_bad_scope_is_refused(client, scope_mrn, code, description):
    error = client("org_owner").error(GENERATE, {"input": {"name": "x", "scopeMrn": scope_mrn}})
    assert grpc_status(error) == (code, description)


@pytest.mark.parametrize("role", [
    "integrations-manager", "sla-manager", "policy-manager", "policy-editor", "ticket-manager", "ticket-creator",
    "exceptions-requester", "query-pack-manager", "query-pack-editor", "viewer", "editor", "owner", "agent",
])
def test_every_role_the_terraform_provider_knows_can_be_granted(client, scopes, role):
    assert _generate_error_code(client("org_owner"), scopes["space"], (role,)) is None
