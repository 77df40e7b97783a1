# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""apiTokens: cursor pagination, every order, the name filter, page-size limits, and 10,000 tokens."""

import base64
import json
import time

import pytest

from emulator_client import DELETE, LIST, ApiClient, grpc_status
from pytest_plugin import SERVE_SCRIPT

DEFAULT_SEED = SERVE_SCRIPT.parent / "seeds" / "default.json"
TOKEN_COUNT = 260


def _default_seed():
    with open(DEFAULT_SEED, encoding="utf-8") as stream:
        return json.load(stream)


def _name(number):
    """Names in mixed case, some repeated, some holding 'alpha' in some case."""
    prefix = ("alpha", "Beta", "ALPHA", "gamma", "Alpha")[number % 5]
    return f"{prefix}-{number % 90:03d}"


def _paged_token_entries(scope_mrn):
    return [
        {
            "scope_mrn": scope_mrn,
            "name": _name(number),
            "created_at": f"2026-01-{number % 28 + 1:02d}T00:00:00Z",
            "last_used": None if number % 7 == 0 else f"2026-06-{number % 30 + 1:02d}T12:00:00Z",
        }
        for number in range(TOKEN_COUNT)
    ]


@pytest.fixture(name="paged")
def _paged(mondoo_emulator, mondoo_control):
    """An org owner client and the second space, holding TOKEN_COUNT seeded tokens (seed order = creation order)."""
    scope_mrn = mondoo_emulator["space_mrns"][1]
    seed = _default_seed()
    seed["api_tokens"] += _paged_token_entries(scope_mrn)
    credentials = mondoo_control.seed(seed)
    return ApiClient(mondoo_emulator["endpoint"], credentials["org_owner"]), scope_mrn


def _expected_names(field, direction, name_query=None):
    entries = [(entry["name"], entry["created_at"], entry["last_used"] or "", serial) for serial, entry in enumerate(_paged_token_entries(""))]
    if name_query:
        entries = [entry for entry in entries if name_query.casefold() in entry[0].casefold()]
    key = {
        "NAME": lambda entry: (entry[0].casefold(), entry[3]),
        "CREATED_AT": lambda entry: (entry[1], entry[3]),
        "LAST_USED": lambda entry: (entry[2], entry[3]),
    }[field]
    return [entry[0] for entry in sorted(entries, key=key, reverse=direction == "DESC")]


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
@pytest.mark.parametrize("field", ["NAME", "CREATED_AT", "LAST_USED"])
def test_every_order_pages_through_every_token_once(paged, field, direction):
    client, scope_mrn = paged
    nodes = client.list_all(scope_mrn, first=37, orderBy={"field": field, "direction": direction})
    assert len({node["mrn"] for node in nodes}) == TOKEN_COUNT
    assert [node["name"] for node in nodes] == _expected_names(field, direction)


def test_the_default_order_is_creation_and_the_default_page_size_25(paged):
    client, scope_mrn = paged
    query = "query($scope: String!) { apiTokens(scopeMrn: $scope) { totalCount edges { node { name } } pageInfo { hasNextPage } } }"
    page = client.data(query, {"scope": scope_mrn})["apiTokens"]
    assert page["totalCount"] == TOKEN_COUNT and page["pageInfo"]["hasNextPage"] is True
    assert [edge["node"]["name"] for edge in page["edges"]] == _expected_names("CREATED_AT", "ASC")[:25]


@pytest.mark.parametrize("name_query", ["alpha", "ALPHA-01", "beta-0"])
def test_the_query_filters_names_case_insensitively(paged, name_query):
    client, scope_mrn = paged
    expected = _expected_names("NAME", "ASC", name_query)
    assert expected
    first_page = client.page(scope_mrn, first=10, query=name_query, orderBy={"field": "NAME", "direction": "ASC"})
    assert first_page["totalCount"] == len(expected)
    nodes = client.list_all(scope_mrn, first=10, query=name_query, orderBy={"field": "NAME", "direction": "ASC"})
    assert [node["name"] for node in nodes] == expected


def test_a_query_matching_nothing_gives_an_empty_page(paged):
    client, scope_mrn = paged
    page = client.page(scope_mrn, query="no such token")
    assert page == {"totalCount": 0, "edges": [], "pageInfo": {"endCursor": None, "hasNextPage": False}}


def test_the_last_page_says_no_more_follow(paged):
    client, scope_mrn = paged
    first_page = client.page(scope_mrn, first=100)
    assert first_page["pageInfo"] == {"endCursor": first_page["edges"][-1]["cursor"], "hasNextPage": True}
    second_page = client.page(scope_mrn, first=100, after=first_page["pageInfo"]["endCursor"])
    last_page = client.page(scope_mrn, first=100, after=second_page["pageInfo"]["endCursor"])
    assert len(last_page["edges"]) == TOKEN_COUNT - 200 and last_page["pageInfo"]["hasNextPage"] is False


def test_a_cursor_survives_the_deletion_of_tokens_already_seen(paged):
    client, scope_mrn = paged
    order = {"field": "NAME", "direction": "ASC"}
    first_page = client.page(scope_mrn, first=50, orderBy=order)
    for edge in first_page["edges"][:10]:
        client.data(DELETE, {"input": {"mrn": edge["node"]["mrn"]}})
    rest = client.page(scope_mrn, first=100, after=first_page["pageInfo"]["endCursor"], orderBy=order)
    assert [edge["node"]["name"] for edge in rest["edges"]] == _expected_names("NAME", "ASC")[50:150]
    assert rest["totalCount"] == TOKEN_COUNT - 10


@pytest.mark.parametrize("first", [0, -1, 101])
def test_first_must_be_between_1_and_100(paged, first):
    client, scope_mrn = paged
    error = client.error(LIST, {"scopeMrn": scope_mrn, "first": first})
    assert grpc_status(error) == ("InvalidArgument", "first must be between 1 and 100")


def test_first_100_is_allowed(paged):
    client, scope_mrn = paged
    assert len(client.page(scope_mrn, first=100)["edges"]) == 100


@pytest.mark.parametrize("cursor", [
    "garbage", "", base64.urlsafe_b64encode(b'{"a": 1}').decode(), base64.urlsafe_b64encode(b'["NAME","ASC",[1,"x"]]').decode(),
])
def test_a_malformed_cursor_is_refused(paged, cursor):
    client, scope_mrn = paged
    error = client.error(LIST, {"scopeMrn": scope_mrn, "after": cursor, "orderBy": {"field": "NAME", "direction": "ASC"}})
    assert grpc_status(error) == ("InvalidArgument", "malformed cursor")


def test_a_cursor_of_another_order_is_refused(paged):
    client, scope_mrn = paged
    cursor = client.page(scope_mrn, first=5)["pageInfo"]["endCursor"]
    error = client.error(LIST, {"scopeMrn": scope_mrn, "after": cursor, "orderBy": {"field": "NAME", "direction": "DESC"}})
    assert grpc_status(error) == ("InvalidArgument", "the cursor belongs to a different orderBy")


def test_ten_thousand_tokens_list_quickly(mondoo_emulator, mondoo_control):
    scope_mrn = mondoo_emulator["space_mrns"][1]
    seed = _default_seed()
    seed["api_tokens"].append({"scope_mrn": scope_mrn, "name": "bench-{n}", "count": 10000, "created_at": "-30d"})
    credentials = mondoo_control.seed(seed)
    client = ApiClient(mondoo_emulator["endpoint"], credentials["org_viewer"])
    started = time.monotonic()
    nodes = client.list_all(scope_mrn, first=100, orderBy={"field": "NAME", "direction": "DESC"})
    elapsed = time.monotonic() - started
    assert len({node["mrn"] for node in nodes}) == 10000
    assert nodes[0]["name"] == "bench-9999" and nodes[-1]["name"] == "bench-1"
    assert elapsed < 20, f"listing 10,000 tokens took {elapsed:.1f} s"
