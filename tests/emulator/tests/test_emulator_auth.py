# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Authentication: API tokens, service-account JWTs, and every way a credential is refused."""

import base64
import datetime
import hashlib
import hmac
import json
import time

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import ec

from emulator_client import VIEWER, ApiClient, grpc_status, read_service_account, service_account_jwt

REASON_PREFIX = "request permission unauthenticated: "


def _refusal(endpoint, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    response = requests.post(endpoint, json={"query": VIEWER}, headers=headers, timeout=30)
    assert response.status_code == 401
    return response.json()


def _reason(endpoint, authorization):
    """The reason of a 401 in the default (gRPC) error style."""
    body = _refusal(endpoint, authorization)
    assert set(body) == {"errors"} and len(body["errors"]) == 1 and set(body["errors"][0]) == {"message"}
    code, description = grpc_status(body["errors"][0])
    assert code == "Unauthenticated" and description.startswith(REASON_PREFIX)
    return description[len(REASON_PREFIX):]


def _segment(document):
    return base64.urlsafe_b64encode(json.dumps(document).encode()).rstrip(b"=").decode()


@pytest.fixture(name="account")
def _account(mondoo_emulator):
    return read_service_account(mondoo_emulator["credentials"]["service_account_file"])


def test_an_api_token_authenticates(mondoo_control, mondoo_emulator):
    viewer = ApiClient(mondoo_emulator["endpoint"], mondoo_emulator["credentials"]["space_viewer"]).data(VIEWER)["viewer"]
    [token] = [token for token in mondoo_control.tokens() if token["name"] == "seed space viewer"]
    assert viewer == {"mrn": token["mrn"]}
    assert mondoo_control.requests()[-1]["caller"] == viewer["mrn"]


def test_a_service_account_jwt_authenticates(mondoo_control, mondoo_emulator, account):
    viewer = ApiClient(mondoo_emulator["endpoint"], service_account_jwt(account)).data(VIEWER)["viewer"]
    assert viewer == {"mrn": account["mrn"]}
    assert mondoo_control.requests()[-1]["caller"] == account["mrn"]


@pytest.mark.parametrize("style, error", [
    ("grpc", {"message": "rpc error: code = Unauthenticated desc = request permission unauthenticated: missing Authorization header"}),
    ("extensions", {"message": "unauthenticated: missing Authorization header", "extensions": {"code": "UNAUTHENTICATED"}}),
])
def test_the_401_body_is_exactly_the_contracts(mondoo_emulator, mondoo_control, style, error):
    mondoo_control.set_error_style(style)
    assert _refusal(mondoo_emulator["endpoint"], None) == {"errors": [error]}


@pytest.mark.parametrize("authorization", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer a b", "mondoo_tk_abc", "Token x"])
def test_a_malformed_authorization_header_is_refused(mondoo_emulator, authorization):
    assert _reason(mondoo_emulator["endpoint"], authorization) == "Authorization must be 'Bearer <credential>'"


def test_an_unknown_api_token_is_refused(mondoo_emulator):
    secret = mondoo_emulator["credentials"]["space_owner"]
    assert _reason(mondoo_emulator["endpoint"], "Bearer mondoo_tk_" + "A" * 43) == "unknown credential"
    assert _reason(mondoo_emulator["endpoint"], "Bearer " + secret[:-1] + ("B" if secret[-1] != "B" else "C")) == "unknown credential"


def test_the_bearer_scheme_is_case_insensitive(mondoo_emulator):
    response = requests.post(
        mondoo_emulator["endpoint"], json={"query": VIEWER},
        headers={"Authorization": "bearer " + mondoo_emulator["credentials"]["org_viewer"]}, timeout=30,
    )
    assert response.status_code == 200 and response.json()["data"]["viewer"]["mrn"].endswith("/apitokens/seed-org-viewer")


def test_an_expired_jwt_is_refused(mondoo_emulator, account):
    now = int(time.time())
    token = service_account_jwt(account, iat=now - 200, nbf=now - 200, exp=now - 140)
    assert _reason(mondoo_emulator["endpoint"], "Bearer " + token) == "token expired"


def test_a_jwt_with_a_tampered_payload_is_refused(mondoo_emulator, account):
    header, signature = service_account_jwt(account).split(".")[0::2]
    forged_payload = _segment({"sub": account["mrn"], "iss": "mondoo/ams", "iat": int(time.time()), "exp": int(time.time()) + 30})
    assert _reason(mondoo_emulator["endpoint"], f"Bearer {header}.{forged_payload}.{signature}") == "invalid JWT signature"


def test_a_jwt_signed_with_another_key_is_refused(mondoo_emulator, account):
    token = service_account_jwt(account, key=ec.generate_private_key(ec.SECP384R1()))
    assert _reason(mondoo_emulator["endpoint"], "Bearer " + token) == "invalid JWT signature"


def test_a_jwt_with_another_algorithm_is_refused(mondoo_emulator, account):
    es256 = service_account_jwt(account, key=ec.generate_private_key(ec.SECP256R1()), algorithm="ES256")
    assert _reason(mondoo_emulator["endpoint"], "Bearer " + es256) == "JWT algorithm must be ES384"
    now = int(time.time())
    claims = _segment({"sub": account["mrn"], "iss": "mondoo/ams", "iat": now, "exp": now + 60})
    unsigned = _segment({"alg": "none", "kid": account["mrn"]}) + "." + claims + "."
    assert _reason(mondoo_emulator["endpoint"], "Bearer " + unsigned) == "JWT algorithm must be ES384"
    signing_input = _segment({"alg": "HS384", "kid": account["mrn"]}) + "." + claims
    public_key = account["certificate"].encode()
    mac = base64.urlsafe_b64encode(hmac.new(public_key, signing_input.encode(), hashlib.sha384).digest()).rstrip(b"=").decode()
    assert _reason(mondoo_emulator["endpoint"], f"Bearer {signing_input}.{mac}") == "JWT algorithm must be ES384"


def test_a_jwt_with_another_issuer_is_refused(mondoo_emulator, account):
    token = service_account_jwt(account, iss="someone/else")
    assert _reason(mondoo_emulator["endpoint"], "Bearer " + token) == "JWT issuer must be mondoo/ams"


def test_a_jwt_for_an_unknown_account_is_refused(mondoo_emulator, account):
    stranger = account["mrn"].rsplit("/", 1)[0] + "/stranger"
    token = service_account_jwt(account, headers={"kid": stranger}, sub=stranger)
    assert _reason(mondoo_emulator["endpoint"], "Bearer " + token) == "unknown service account"


def test_a_jwt_whose_subject_is_not_its_key_id_is_refused(mondoo_emulator, account):
    token = service_account_jwt(account, sub=account["mrn"] + "-other")
    assert _reason(mondoo_emulator["endpoint"], "Bearer " + token) == "JWT subject must be the service account named by kid"


def test_a_jwt_living_longer_than_60_seconds_is_refused(mondoo_emulator, account):
    now = int(time.time())
    token = service_account_jwt(account, iat=now, nbf=now, exp=now + 3600)
    assert _reason(mondoo_emulator["endpoint"], "Bearer " + token) == "JWT lifetime exceeds 60 seconds"


def test_a_jwt_from_the_future_is_refused(mondoo_emulator, account):
    later = int(time.time()) + 300
    token = service_account_jwt(account, iat=later, nbf=later, exp=later + 60)
    assert _reason(mondoo_emulator["endpoint"], "Bearer " + token) == "JWT issued in the future"


def test_a_jwt_without_expiry_is_refused(mondoo_emulator, account):
    token = service_account_jwt(account, exp=None)
    assert _reason(mondoo_emulator["endpoint"], "Bearer " + token) == "JWT claim exp is missing or not a number"


def test_a_garbled_jwt_is_refused(mondoo_emulator):
    assert _reason(mondoo_emulator["endpoint"], "Bearer not.a.jwt") == "malformed JWT"


def test_a_valid_call_updates_last_used_on_the_emulator_clock(mondoo_control, mondoo_emulator):
    space = mondoo_emulator["space_mrns"][0]
    [before] = [token for token in mondoo_control.tokens(space) if token["name"] == "seed space viewer"]
    assert before["lastUsed"] is None
    mondoo_control.set_clock(86400)
    ApiClient(mondoo_emulator["endpoint"], mondoo_emulator["credentials"]["space_viewer"]).data(VIEWER)
    [after] = [token for token in mondoo_control.tokens(space) if token["name"] == "seed space viewer"]
    used = datetime.datetime.fromisoformat(after["lastUsed"].replace("Z", "+00:00"))
    tomorrow = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    assert abs((used - tomorrow).total_seconds()) < 10


def test_a_refused_call_does_not_update_last_used(mondoo_control, mondoo_emulator):
    requests.post(mondoo_emulator["endpoint"], json={"query": VIEWER}, headers={"Authorization": "Bearer wrong"}, timeout=30)
    assert all(token["lastUsed"] is None for token in mondoo_control.tokens())
