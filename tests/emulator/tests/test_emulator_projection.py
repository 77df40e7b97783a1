# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Answers completed by projection (projection.py) are graphql-core's: the same data, errors and key order as its own executor gives."""

import json

import pytest
from graphql import build_schema, execute_sync, parse
from graphql.execution import Executor

from emulator_client import LIST, SERVICE_ACCOUNTS, VIEWER
from mondoo_emulator.clock import Clock
from mondoo_emulator.graphql_api import DOCUMENT_CACHE, GraphQLApi
from mondoo_emulator.persistence import read_json
from mondoo_emulator.projection import ProjectingExecutor
from mondoo_emulator.resolvers import RequestContext
from mondoo_emulator.seed import DEFAULT_SEED_PATH, build_state
from mondoo_emulator.served_schema import served_schema

SPACE = "//captain.api.mondoo.app/spaces/hungry-poet-123456"
SCHEMA = served_schema()

ALIASES_AND_DUPLICATES = (
    "query($scopeMrn: String!) { apiTokens(scopeMrn: $scopeMrn, first: 3) {"
    " count: totalCount edges { node { label: name name name mrn roles { title t: title mrn } } } pageInfo { hasNextPage } } }"
)
FRAGMENTS_AND_TYPENAME = (
    "query($scopeMrn: String!) { __typename apiTokens(scopeMrn: $scopeMrn) { __typename edges { ...Edge } } }"
    " fragment Edge on APITokenEdge { cursor node { ... on APIToken { __typename id } ...Token } }"
    " fragment Token on APIToken { name roles { ...Role } } fragment Role on Role { mrn }"
)
SKIP_AND_INCLUDE = (
    "query($scopeMrn: String!, $on: Boolean!) { apiTokens(scopeMrn: $scopeMrn, first: 2) {"
    " edges { node { name @include(if: $on) mrn @skip(if: $on) createdAt @include(if: true) } } } }"
)
INTROSPECTION = '{ __schema { queryType { name } } __type(name: "Role") { name fields { name type { kind ofType { name } } } } }'

DOCUMENTS = [
    pytest.param(LIST, {"scopeMrn": SPACE, "first": 100}, id="list"),
    pytest.param(ALIASES_AND_DUPLICATES, {"scopeMrn": SPACE}, id="aliases"),
    pytest.param(FRAGMENTS_AND_TYPENAME, {"scopeMrn": SPACE}, id="fragments"),
    pytest.param(SKIP_AND_INCLUDE, {"scopeMrn": SPACE, "on": True}, id="include"),
    pytest.param(SKIP_AND_INCLUDE, {"scopeMrn": SPACE, "on": False}, id="skip"),
    pytest.param(VIEWER, None, id="viewer"),
    pytest.param(SERVICE_ACCOUNTS, {"scopeMrn": SPACE}, id="service-accounts"),
    pytest.param(INTROSPECTION, None, id="introspection"),
]


@pytest.fixture(name="context")
def _context():
    """A request context on the default seed's state, the space's owner calling."""
    clock = Clock()
    state = build_state(read_json(DEFAULT_SEED_PATH), clock)
    [owner] = [token for token in state.tokens.values() if token.credential == "space_owner"]
    return RequestContext(state, clock, owner)


@pytest.fixture(name="executed_fields")
def _executed_fields(monkeypatch):
    """The fields graphql-core's executor resolves one by one, as TYPE.FIELD, in order."""
    executed = []
    execute_field = Executor.execute_field

    def counted_execute_field(executor, parent_type, *arguments):
        executed.append(f"{parent_type.name}.{arguments[1][0].node.name.value}")
        return execute_field(executor, parent_type, *arguments)

    monkeypatch.setattr(Executor, "execute_field", counted_execute_field)
    return executed


def _space_tokens(context):
    return sorted(context.state.tokens_in_scope(SPACE), key=lambda token: token.serial)


def _answers(document, variables, context, executor_class):
    result = execute_sync(SCHEMA, parse(document), context_value=context, variable_values=variables, executor_class=executor_class)
    return json.dumps(result.formatted)


def _assert_same_answers(document, variables, context):
    """Both executors' answers, once they are found identical (key order included)."""
    projected = _answers(document, variables, context, ProjectingExecutor)
    assert projected == _answers(document, variables, context, None)
    return json.loads(projected)


@pytest.mark.parametrize("document, variables", DOCUMENTS)
def test_projection_answers_as_graphql_core_does(context, document, variables):
    answer = _assert_same_answers(document, variables, context)
    assert "errors" not in answer and answer["data"]


def test_aliases_fragments_and_typename_are_answered(context):
    """Not only the same as graphql-core: the answer is right."""
    tokens = _space_tokens(context)
    aliased = _assert_same_answers(ALIASES_AND_DUPLICATES, {"scopeMrn": SPACE}, context)["data"]["apiTokens"]
    assert aliased["count"] == len(tokens)
    assert aliased["edges"][0]["node"] == {
        "label": tokens[0].name, "name": tokens[0].name, "mrn": tokens[0].mrn,
        "roles": [{"title": "Owner", "t": "Owner", "mrn": "//iam.api.mondoo.app/roles/owner"}],
    }
    fragments = _assert_same_answers(FRAGMENTS_AND_TYPENAME, {"scopeMrn": SPACE}, context)["data"]
    assert fragments["__typename"] == "Query" and fragments["apiTokens"]["__typename"] == "APITokenConnection"
    assert list(fragments["apiTokens"]["edges"][0]["node"]) == ["__typename", "id", "name", "roles"]
    assert fragments["apiTokens"]["edges"][0]["node"]["__typename"] == "APIToken"


def test_a_null_in_a_non_null_field_is_graphql_cores_error(context):
    _space_tokens(context)[1].name = None
    answer = _assert_same_answers(LIST, {"scopeMrn": SPACE}, context)
    assert answer["data"] is None
    assert [(error["message"], error["path"]) for error in answer["errors"]] == [
        ("Cannot return null for non-nullable field APIToken.name.", ["apiTokens", "edges", 1, "node", "name"]),
    ]


def test_a_leaf_value_its_type_refuses_is_graphql_cores_error(context):
    _space_tokens(context)[2].last_used = {"not": "a time"}
    answer = _assert_same_answers(LIST, {"scopeMrn": SPACE}, context)
    assert answer["data"]["apiTokens"]["edges"][2]["node"]["lastUsed"] is None
    assert answer["data"]["apiTokens"]["edges"][1]["node"]["name"] == _space_tokens(context)[1].name
    assert [error["path"] for error in answer["errors"]] == [["apiTokens", "edges", 2, "node", "lastUsed"]]
    assert answer["errors"][0]["message"].startswith("String cannot represent value")


def test_a_field_with_its_own_resolver_is_resolved_by_it():
    schema = build_schema("type Query { item: Item } type Item { stored: String computed: String }")
    schema.get_type("Item").fields["computed"].resolve = lambda item, _info: item["stored"].upper()
    root = {"item": {"stored": "plain", "computed": "not this"}}
    result = execute_sync(schema, parse("{ item { stored computed } }"), root_value=root, executor_class=ProjectingExecutor)
    assert result.formatted == {"data": {"item": {"stored": "plain", "computed": "PLAIN"}}}


def test_a_page_of_plain_tokens_is_completed_without_graphql_cores_field_by_field_work(context, executed_fields):
    _answers(LIST, {"scopeMrn": SPACE}, context, None)
    assert len(executed_fields) > 50
    executed_fields.clear()
    _answers(LIST, {"scopeMrn": SPACE}, context, ProjectingExecutor)
    assert executed_fields == ["Query.apiTokens"]


def test_the_api_projects_unless_told_not_to(context, executed_fields):
    body = json.dumps({"query": LIST, "variables": {"scopeMrn": SPACE, "first": 100}})
    plain_api = GraphQLApi(SCHEMA, speedups=[DOCUMENT_CACHE])
    plain = plain_api.execute(plain_api.read_request(body), context, "grpc")
    assert len(plain["data"]["apiTokens"]["edges"]) == len(_space_tokens(context))
    assert len(executed_fields) > 50
    executed_fields.clear()
    api = GraphQLApi(SCHEMA)
    assert api.execute(api.read_request(body), context, "grpc") == plain
    assert executed_fields == ["Query.apiTokens"]


def test_the_api_answers_aliases_fragments_and_typename_over_http(client, mondoo_emulator):
    space = mondoo_emulator["space_mrns"][0]
    owner = client("org_owner")
    expected = [node["name"] for node in owner.list_all(space)][:3]
    answer = owner.data(ALIASES_AND_DUPLICATES, {"scopeMrn": space})["apiTokens"]
    assert [edge["node"]["label"] for edge in answer["edges"]] == expected
    assert all(list(edge["node"]) == ["label", "name", "mrn", "roles"] for edge in answer["edges"])
    fragments = owner.data(FRAGMENTS_AND_TYPENAME, {"scopeMrn": space})["apiTokens"]
    assert {edge["node"]["__typename"] for edge in fragments["edges"]} == {"APIToken"}
    assert [edge["node"]["name"] for edge in fragments["edges"]][:3] == expected
