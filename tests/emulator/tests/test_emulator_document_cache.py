# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The document cache: each document is parsed and validated once, yet every request gets its own answer and errors."""

import json

import pytest

from emulator_client import LIST
from mondoo_emulator import graphql_api
from mondoo_emulator.graphql_api import CACHED_DOCUMENT_MAX_LENGTH, DOCUMENT_CACHE_SIZE, PROJECTION, GraphQLApi
from mondoo_emulator.served_schema import served_schema

UNKNOWN_FIELD = "{ viewer { password } }"
UNFINISHED = "{ viewer { mrn "


@pytest.fixture(name="parsed_queries")
def _parsed_queries(monkeypatch):
    """The query texts graphql_api parses, in order."""
    parsed = []
    parse = graphql_api.parse

    def counted_parse(query):
        parsed.append(query)
        return parse(query)

    monkeypatch.setattr(graphql_api, "parse", counted_parse)
    return parsed


def _body(query):
    return json.dumps({"query": query})


def _numbered_query(number):
    return f"query Q{number} {{ viewer {{ mrn }} }}"


@pytest.mark.parametrize("query, code, message", [
    (UNKNOWN_FIELD, "GRAPHQL_VALIDATION_FAILED", "Cannot query field 'password' on type 'Principal'."),
    (UNFINISHED, "GRAPHQL_PARSE_FAILED", "Syntax Error: Expected Name, found <EOF>."),
])
def test_a_cached_document_is_refused_on_every_request_in_the_style_then_in_force(client, mondoo_control, query, code, message):
    owner = client("org_owner")
    answers = [owner.post(query) for _request in range(3)]
    assert [answer.status_code for answer in answers] == [422, 422, 422]
    bodies = [answer.json() for answer in answers]
    assert bodies[0] == bodies[1] == bodies[2]
    [error] = bodies[0]["errors"]
    assert error["message"] == message and "extensions" not in error
    mondoo_control.set_error_style("extensions")
    [error] = owner.post(query).json()["errors"]
    assert (error["message"], error["extensions"]) == (message, {"code": code})


def test_the_same_document_with_other_variables_gets_its_own_answer(client, mondoo_emulator):
    owner = client("org_owner")
    space = mondoo_emulator["space_mrns"][0]
    assert len(owner.page(space, first=1)["edges"]) == 1
    assert len(owner.page(space, first=3)["edges"]) == 3
    assert [edge["node"]["name"] for edge in owner.page(space, query="viewer")["edges"]] == ["seed space viewer"]
    assert [edge["node"]["name"] for edge in owner.page(space, query="agent")["edges"]] == ["seed space agent"]
    assert owner.post(LIST, {"scopeMrn": space, "first": "three"}).status_code == 422
    assert owner.post(LIST, {"scopeMrn": space, "first": 2}).status_code == 200


def test_each_request_names_its_own_operation_of_a_cached_document(client, mondoo_emulator, mondoo_control):
    document = "query Me { viewer { mrn } } query Count($scopeMrn: String) { serviceAccounts(scopeMrn: $scopeMrn) { totalCount } }"
    owner = client("org_owner")
    mondoo_control.clear_requests()
    for operation_name in ("Me", "Count", "Me"):
        payload = {"query": document, "operationName": operation_name, "variables": {"scopeMrn": mondoo_emulator["space_mrns"][0]}}
        assert owner.session.post(owner.endpoint, json=payload, timeout=30).status_code == 200
    assert [entry["operation"] for entry in mondoo_control.requests()] == ["viewer", "serviceAccounts", "viewer"]


def test_a_document_is_parsed_once_while_it_is_among_the_last_cached(parsed_queries):
    api = GraphQLApi(served_schema())
    first = _numbered_query(0)
    for number in range(DOCUMENT_CACHE_SIZE):
        api.read_request(_body(_numbered_query(number)))
    assert api.read_request(_body(first)).problem is None
    assert parsed_queries.count(first) == 1


def test_the_cache_cannot_grow_past_its_size(parsed_queries):
    api = GraphQLApi(served_schema())
    first = _numbered_query(0)
    for number in range(DOCUMENT_CACHE_SIZE + 1):
        api.read_request(_body(_numbered_query(number)))
    assert api.read_request(_body(first)).problem is None
    assert parsed_queries.count(first) == 2


def test_a_document_longer_than_the_limit_is_parsed_on_every_request(parsed_queries):
    api = GraphQLApi(served_schema())
    longest_cached = UNKNOWN_FIELD.ljust(CACHED_DOCUMENT_MAX_LENGTH)
    too_long = UNKNOWN_FIELD.ljust(CACHED_DOCUMENT_MAX_LENGTH + 1)
    for _round in range(2):
        for query in (longest_cached, too_long):
            problem = api.read_request(_body(query)).problem
            assert [error["message"] for error in problem.errors] == ["Cannot query field 'password' on type 'Principal'."]
    assert (parsed_queries.count(longest_cached), parsed_queries.count(too_long)) == (1, 2)


def test_without_the_cache_every_request_parses_its_document_and_gets_its_refusal(parsed_queries):
    api = GraphQLApi(served_schema(), speedups=[PROJECTION])
    for _round in range(2):
        problem = api.read_request(_body(UNKNOWN_FIELD)).problem
        assert [error["message"] for error in problem.errors] == ["Cannot query field 'password' on type 'Principal'."]
        assert api.read_request(_body(_numbered_query(1))).problem is None
    assert (parsed_queries.count(UNKNOWN_FIELD), parsed_queries.count(_numbered_query(1))) == (2, 2)
