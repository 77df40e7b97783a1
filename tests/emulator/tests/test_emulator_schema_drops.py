# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Schema drift: --schema-drop serves the schema without a field or an argument, to validation and introspection alike."""

import json
import subprocess
import sys

import pytest
from graphql import build_client_schema, get_introspection_query

from emulator_client import GENERATE, LIST, ApiClient, grpc_status
from mondoo_emulator.graphql_api import DOCUMENT_CACHE, GraphQLApi
from mondoo_emulator.served_schema import parse_schema_drop, served_schema
from pytest_plugin import SERVE_SCRIPT

LIST_WITHOUT_LAST_USED = (
    "query List($scopeMrn: String!, $first: Int) { apiTokens(scopeMrn: $scopeMrn, first: $first) {"
    " totalCount edges { cursor node { id mrn name description roles { mrn title } createdAt } } pageInfo { endCursor hasNextPage } } }"
)
GENERATE_WITHOUT_LAST_USED = (
    "mutation Generate($input: GenerateAPITokenInput!) { generateAPIToken(input: $input) { mrn name createdAt secret } }"
)


@pytest.fixture(name="drifted")
def _drifted(start_mondoo_emulator):
    """An emulator serving the schema without APIToken.lastUsed and the query argument of apiTokens; its org owner client."""
    emulator = start_mondoo_emulator(schema_drops=["APIToken.lastUsed", "Query.apiTokens(query)"])
    return emulator, ApiClient(emulator.connection["endpoint"], emulator.connection["credentials"]["org_owner"])


def _validation_messages(response):
    assert response.status_code == 422, response.text
    return [error["message"] for error in response.json()["errors"]]


def _serve(tmp_path, *arguments):
    return subprocess.run(
        [sys.executable, str(SERVE_SCRIPT), "--connection-file", str(tmp_path / "connection.json"), *arguments],
        capture_output=True, text=True, timeout=30, check=False,
    )


def test_a_document_selecting_a_dropped_field_is_refused_at_validation(drifted):
    emulator, client = drifted
    response = client.post(LIST_WITHOUT_LAST_USED.replace("createdAt", "createdAt lastUsed"), {"scopeMrn": emulator.connection["space_mrns"][0]})
    assert _validation_messages(response) == ["Cannot query field 'lastUsed' on type 'APIToken'."]
    response = client.post(LIST, {"scopeMrn": emulator.connection["space_mrns"][0]})
    assert _validation_messages(response) == [
        "Unknown argument 'query' on field 'Query.apiTokens'.", "Cannot query field 'lastUsed' on type 'APIToken'.",
    ]
    assert emulator.control.requests()[-1]["status"] == 422


def test_a_document_using_a_dropped_argument_is_refused_at_validation(drifted):
    emulator, client = drifted
    response = client.post("query { apiTokens(scopeMrn: \"x\", query: \"a\") { totalCount } }")
    assert _validation_messages(response) == ["Unknown argument 'query' on field 'Query.apiTokens'."]
    emulator.control.set_error_style("extensions")
    assert client.post("query { apiTokens(scopeMrn: \"x\", query: \"a\") { totalCount } }").json()["errors"][0]["extensions"] == {
        "code": "GRAPHQL_VALIDATION_FAILED",
    }


def test_the_remaining_fields_keep_working(drifted):
    emulator, client = drifted
    space = emulator.connection["space_mrns"][0]
    created = client.data(GENERATE_WITHOUT_LAST_USED, {"input": {"name": "drifting", "scopeMrn": space}})["generateAPIToken"]
    assert created["name"] == "drifting" and created["secret"].startswith("mondoo_tk_")
    page = client.data(LIST_WITHOUT_LAST_USED, {"scopeMrn": space, "first": 100})["apiTokens"]
    assert created["mrn"] in [edge["node"]["mrn"] for edge in page["edges"]]
    assert page["totalCount"] == len(page["edges"]) == 5


def test_introspection_shows_the_schema_without_the_drops(drifted):
    _emulator, client = drifted
    introspected = build_client_schema(client.data(get_introspection_query()))
    assert "lastUsed" not in introspected.get_type("APIToken").fields and "createdAt" in introspected.get_type("APIToken").fields
    assert set(introspected.query_type.fields["apiTokens"].args) == {"scopeMrn", "first", "after", "orderBy"}


def test_dropped_inputs_are_refused_as_missing_or_take_the_default_order(start_mondoo_emulator):
    emulator = start_mondoo_emulator(schema_drops=["GenerateAPITokenInput.name", "Mutation.deleteAPIToken(input)", "APITokenOrder.direction"])
    client = ApiClient(emulator.connection["endpoint"], emulator.connection["credentials"]["org_owner"])
    error = client.error(GENERATE, {"input": {"scopeMrn": emulator.connection["organization_mrn"]}})
    assert grpc_status(error) == ("InvalidArgument", "name is required")
    assert grpc_status(client.error("mutation { deleteAPIToken }")) == ("InvalidArgument", "input is required")
    query = "query($scope: String!) { apiTokens(scopeMrn: $scope, orderBy: {field: NAME}) { edges { node { name } } } }"
    edges = client.data(query, {"scope": emulator.connection["space_mrns"][0]})["apiTokens"]["edges"]
    assert [edge["node"]["name"] for edge in edges] == [
        "seed space agent", "seed space editor", "seed space owner", "seed space viewer",
    ]


@pytest.mark.parametrize("drop, reason", [
    ("APIToken.colour", "cannot drop APIToken.colour: APIToken has no field colour"),
    ("Colour.name", "cannot drop Colour.name: the schema has no object or input type Colour"),
    ("OrderDirection.ASC", "cannot drop OrderDirection.ASC: the schema has no object or input type OrderDirection"),
    ("Query.apiTokens(colour)", "cannot drop Query.apiTokens(colour): Query.apiTokens has no argument colour"),
    ("GenerateAPITokenInput.name(x)", "cannot drop GenerateAPITokenInput.name(x): GenerateAPITokenInput.name has no argument x"),
])
def test_a_drop_of_something_the_schema_lacks_stops_the_start(tmp_path, drop, reason):
    result = _serve(tmp_path, "--schema-drop", drop)
    assert result.returncode == 1
    assert f"error: {reason}\n" in result.stderr
    assert not (tmp_path / "connection.json").exists()


def test_a_drop_leaving_an_invalid_schema_stops_the_start(tmp_path):
    result = _serve(tmp_path, "--schema-drop", "Role.mrn", "--schema-drop", "Role.title")
    assert result.returncode == 1
    assert "error: the schema without Role.mrn, Role.title is not valid: Type Role must define one or more fields.\n" in result.stderr


@pytest.mark.parametrize("drop", ["APIToken", "APIToken.", "APIToken.name()", "APIToken.name(x", "Query.apiTokens(a)(b)"])
def test_a_malformed_drop_is_a_usage_error(tmp_path, drop):
    result = _serve(tmp_path, "--schema-drop", drop)
    assert result.returncode == 2
    assert f"argument --schema-drop: {drop!r} is not TYPE.FIELD or TYPE.FIELD(ARG)" in result.stderr


def test_the_document_cache_is_per_schema():
    full = GraphQLApi(served_schema())
    drifted = GraphQLApi(served_schema([parse_schema_drop("Query.viewer")]))
    body = json.dumps({"query": "{ viewer { mrn } }"})
    first = full.read_request(body)
    assert first.problem is None and full.read_request(body).document is first.document
    refused = drifted.read_request(body)
    assert refused.problem.errors[0]["message"] == "Cannot query field 'viewer' on type 'Query'."
    assert full.read_request(body).problem is None


def test_a_schema_with_drops_keeps_the_apis_other_options():
    api = GraphQLApi(served_schema(), introspection=False, speedups=[DOCUMENT_CACHE])
    drops = [parse_schema_drop("Query.viewer")]
    drifted = api.with_schema(served_schema(drops), drops)
    assert (drifted.introspection, drifted.speedups, drifted.drops) == (False, {DOCUMENT_CACHE}, tuple(drops))
    assert "viewer" not in drifted.schema.query_type.fields


def test_the_control_call_drops_fields_until_the_next_reset(mondoo_emulator, mondoo_control):
    client = ApiClient(mondoo_emulator["endpoint"], mondoo_emulator["credentials"]["org_owner"])
    space = mondoo_emulator["space_mrns"][0]
    assert mondoo_control.call("GET", "/schema") == {"drops": [], "introspection": True}
    assert mondoo_control.set_schema_drops(["APIToken.lastUsed"]) == {"drops": ["APIToken.lastUsed"], "introspection": True}
    assert _validation_messages(client.post(LIST, {"scopeMrn": space})) == ["Cannot query field 'lastUsed' on type 'APIToken'."]
    introspected = build_client_schema(client.post(get_introspection_query()).json()["data"])
    assert "lastUsed" not in introspected.get_type("APIToken").fields
    mondoo_control.reset()
    assert mondoo_control.call("GET", "/schema") == {"drops": [], "introspection": True}
    assert client.post(LIST, {"scopeMrn": space}).status_code == 200


@pytest.mark.parametrize("body, reason", [
    ({"drop": ["APIToken.colour"]}, "cannot drop APIToken.colour: APIToken has no field colour"),
    ({"drop": ["not a drop"]}, "'not a drop' is not TYPE.FIELD or TYPE.FIELD(ARG)"),
    ({"drop": "APIToken.lastUsed"}, 'the body must be {"drop": ["TYPE.FIELD" or "TYPE.FIELD(ARG)", ...]}'),
    ([], 'the body must be {"drop": ["TYPE.FIELD" or "TYPE.FIELD(ARG)", ...]}'),
])
def test_a_bad_control_drop_is_refused_and_changes_nothing(mondoo_emulator, mondoo_control, body, reason):
    response = mondoo_control._session.post(mondoo_control.base_url + "/schema", json=body, timeout=30)
    assert response.status_code == 400
    assert response.json() == {"error": reason}
    assert mondoo_control.call("GET", "/schema") == {"drops": [], "introspection": True}
