# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A small GraphQL client and the documents the emulator tests send."""

import json
import re
import socket
import time
from urllib.parse import urlsplit

import jwt
import requests

HTTP_TIMEOUT_SECONDS = 30
ROLE_PREFIX = "//iam.api.mondoo.app/roles/"

TOKEN_FIELDS = "id mrn name description roles { mrn title } createdAt lastUsed secret"
GENERATE = "mutation Generate($input: GenerateAPITokenInput!) { generateAPIToken(input: $input) { " + TOKEN_FIELDS + " } }"
UPDATE = "mutation Update($input: UpdateAPITokenInput!) { updateAPIToken(input: $input) { " + TOKEN_FIELDS + " } }"
DELETE = "mutation Delete($input: DeleteAPITokenInput!) { deleteAPIToken(input: $input) }"
SET_ROLES = "mutation SetRoles($input: SetRolesInput!) { setRoles(input: $input) { mrns } }"
LIST = (
    "query List($scopeMrn: String!, $first: Int, $after: String, $query: String, $orderBy: APITokenOrder) {"
    " apiTokens(scopeMrn: $scopeMrn, first: $first, after: $after, query: $query, orderBy: $orderBy) {"
    " totalCount edges { cursor node { " + TOKEN_FIELDS + " } } pageInfo { endCursor hasNextPage } } }"
)
VIEWER = "query { viewer { mrn } }"
SERVICE_ACCOUNTS = (
    "query ServiceAccounts($scopeMrn: String) { serviceAccounts(scopeMrn: $scopeMrn, first: 1) { totalCount } }"
)
_GRPC_MESSAGE = re.compile(r"rpc error: code = (\w+) desc = (.*)", re.DOTALL)


def roles(*names):
    return [{"mrn": ROLE_PREFIX + name} for name in names]


def grpc_status(error):
    """(code, desc) of a GraphQL error in the gRPC style; fails unless the error is exactly that style."""
    assert "extensions" not in error, error
    match = _GRPC_MESSAGE.fullmatch(error["message"])
    assert match, error
    return match.group(1), match.group(2)


class ApiClient:
    """Calls the GraphQL endpoint with one credential over one keep-alive session."""

    def __init__(self, endpoint, credential=None):
        self.endpoint = endpoint
        self.session = requests.Session()
        if credential is not None:
            self.session.headers["Authorization"] = f"Bearer {credential}"

    def post(self, query, variables=None):
        return self.session.post(self.endpoint, json={"query": query, "variables": variables}, timeout=HTTP_TIMEOUT_SECONDS)

    def data(self, query, variables=None):
        response = self.post(query, variables)
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body
        return body["data"]

    def error(self, query, variables=None):
        """The only error of an HTTP 200 answer whose data is null."""
        response = self.post(query, variables)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["data"] is None and len(body["errors"]) == 1, body
        return body["errors"][0]

    def generate(self, scope_mrn, name, role_names=None, description=None):
        token_input = {"name": name, "scopeMrn": scope_mrn, "description": description}
        if role_names is not None:
            token_input["roles"] = roles(*role_names)
        return self.data(GENERATE, {"input": token_input})["generateAPIToken"]

    def page(self, scope_mrn, **arguments):
        return self.data(LIST, dict(arguments, scopeMrn=scope_mrn))["apiTokens"]

    def list_all(self, scope_mrn, **arguments):
        """Every token of the scope, page by page; checks that totalCount and hasNextPage agree with the pages."""
        nodes, after = [], None
        while True:
            page = self.page(scope_mrn, after=after, **arguments)
            nodes += [edge["node"] for edge in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                assert len(nodes) == page["totalCount"]
                return nodes
            after = page["pageInfo"]["endCursor"]


def read_service_account(path):
    with open(path, encoding="utf-8") as stream:
        return json.load(stream)


def service_account_jwt(account, key=None, algorithm="ES384", headers=None, **claim_changes):
    """A service-account JWT as Mondoo's client makes it; claim_changes override claims (None removes one)."""
    now = int(time.time())
    claims = {"sub": account["mrn"], "iss": "mondoo/ams", "iat": now, "nbf": now, "exp": now + 60}
    claims.update(claim_changes)
    claims = {name: value for name, value in claims.items() if value is not None}
    jwt_headers = {"kid": account["mrn"], "typ": "JWT"}
    jwt_headers.update(headers or {})
    return jwt.encode(claims, key or account["private_key"], algorithm=algorithm, headers=jwt_headers)


def raw_exchange(endpoint, head):
    """Send raw request head bytes to the endpoint's server, return the raw answer up to the connection's close."""
    url = urlsplit(endpoint)
    with socket.create_connection((url.hostname, url.port), timeout=10) as connection:
        connection.sendall(head)
        chunks = []
        while True:
            chunk = connection.recv(65536)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def json_body(answer):
    """The JSON body of a raw HTTP answer."""
    return json.loads(answer.split(b"\r\n\r\n", 1)[1])
