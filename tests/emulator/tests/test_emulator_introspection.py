# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Introspection: the served schema as a client learns it, trimmed to the evidence, and refused with --no-introspection."""

import pytest
import requests
from graphql import build_client_schema, build_schema, get_introspection_query, print_schema

from emulator_client import VIEWER, ApiClient
from mondoo_emulator.served_schema import SCHEMA_PATH

INTROSPECTION_QUERY = get_introspection_query()
DISABLED = "GraphQL introspection has been disabled, but the requested query contained the field '{}'."


def _fields(client_schema, type_name):
    return set(client_schema.get_type(type_name).fields)


@pytest.fixture(name="introspected")
def _introspected(mondoo_emulator):
    """The session emulator's schema, as a client builds it from the introspection answer."""
    client = ApiClient(mondoo_emulator["endpoint"], mondoo_emulator["credentials"]["space_agent"])
    return build_client_schema(client.data(INTROSPECTION_QUERY))


def test_introspection_gives_the_schema_served(introspected):
    assert print_schema(introspected) == print_schema(build_schema(SCHEMA_PATH.read_text(encoding="utf-8")))


def test_the_output_types_hold_only_fields_with_evidence_and_the_secret(introspected):
    assert _fields(introspected, "APIToken") == {"id", "mrn", "name", "description", "roles", "createdAt", "lastUsed", "secret"}
    assert _fields(introspected, "Role") == {"mrn", "title"}
    assert _fields(introspected, "Principal") == {"mrn"}
    assert _fields(introspected, "APITokenConnection") == {"totalCount", "edges", "pageInfo"}
    assert _fields(introspected, "APITokenEdge") == {"cursor", "node"}
    assert _fields(introspected, "PageInfo") == {"endCursor", "hasNextPage"}
    assert _fields(introspected, "ServiceAccountConnection") == {"totalCount"}


def test_set_roles_answers_a_payload_of_mrns(introspected):
    assert str(introspected.mutation_type.fields["setRoles"].type) == "SetRolesPayload!"
    assert {name: str(field.type) for name, field in introspected.get_type("SetRolesPayload").fields.items()} == {"mrns": "[String!]"}


def test_introspection_needs_a_credential(mondoo_emulator):
    response = requests.post(mondoo_emulator["endpoint"], json={"query": INTROSPECTION_QUERY}, timeout=30)
    assert response.status_code == 401
    assert response.json() == {
        "errors": [{"message": "rpc error: code = Unauthenticated desc = request permission unauthenticated: missing Authorization header"}],
    }


def test_no_introspection_refuses_it_as_a_validation_failure(start_mondoo_emulator):
    emulator = start_mondoo_emulator(extra_args=["--no-introspection"])
    client = ApiClient(emulator.connection["endpoint"], emulator.connection["credentials"]["org_viewer"])
    response = client.post("{ __type(name: \"APIToken\") { name } }")
    assert response.status_code == 422
    assert response.json() == {"errors": [{"message": DISABLED.format("__type"), "locations": [{"line": 1, "column": 3}]}]}
    emulator.control.set_error_style("extensions")
    response = client.post(INTROSPECTION_QUERY)
    assert response.status_code == 422
    first = response.json()["errors"][0]
    assert (first["message"], first["extensions"]) == (DISABLED.format("__schema"), {"code": "GRAPHQL_VALIDATION_FAILED"})
    assert client.data("{ __typename viewer { mrn } }")["__typename"] == "Query"
    assert client.data(VIEWER)["viewer"]["mrn"].endswith("/apitokens/seed-org-viewer")
