# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Workload identity federation: POST /SecureTokenService/ExchangeExternalToken, the credential it issues, its refusals.

One emulator for the module, started with `--wif-issuer` for a throw-away RSA key and EC P-256 key and a seed with
bindings; each test resets it.
"""

import base64
import datetime
import http.server
import json
import subprocess
import sys
import threading
import time

import jwt
import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from emulator_client import GENERATE, LIST, VIEWER, ApiClient, grpc_status, roles, service_account_jwt
from mondoo_emulator.clock import Clock
from mondoo_emulator.persistence import read_json
from mondoo_emulator.seed import DEFAULT_SEED_PATH, build_state
from mondoo_emulator.wif_keys import IssuerKeys, parse_wif_issuer
from pytest_plugin import SERVE_SCRIPT, RunningEmulator

ISSUER = "https://issuer.example"
EXCHANGE_PATH = "/SecureTokenService/ExchangeExternalToken"
ORGANIZATION = "//captain.api.mondoo.app/organizations/wif-org-1"
SPACE = "//captain.api.mondoo.app/spaces/wif-space-1"
OTHER_SPACE = "//captain.api.mondoo.app/spaces/wif-space-2"
DEPLOY = "repo:example-org/infrastructure:ref:refs/heads/main"
READER = "repo:example-org/reports:ref:refs/heads/main"
RUNNER = "system:serviceaccount:ci:runner"
RESTRICTED = "repo:example-org/restricted:environment:production"
WIF_SEED = {
    "organizations": [{"id": "wif-org-1", "name": "WIF", "spaces": [{"id": "wif-space-1", "name": "One"}, {"id": "wif-space-2", "name": "Two"}]}],
    "api_tokens": [{"scope_mrn": SPACE, "name": "existing"}],
    "wif_bindings": [
        {"name": "deploy", "scope_mrn": SPACE, "issuer_uri": ISSUER, "subject": DEPLOY, "roles": ["editor"], "expiration": 600},
        {"name": "reader", "scope_mrn": SPACE, "issuer_uri": ISSUER, "subject": READER, "roles": ["//iam.api.mondoo.app/roles/viewer"]},
        {"name": "org-wide", "scope_mrn": ORGANIZATION, "issuer_uri": ISSUER, "subject": RUNNER, "roles": ["editor"], "expiration": 60},
        {"name": "restricted", "scope_mrn": SPACE, "issuer_uri": ISSUER, "subject": RESTRICTED, "roles": ["viewer"],
         "allowed_audiences": ["https://mondoo.example", "api://mondoo"],
         "mappings": {"jwt_claims.repository_owner": "example-org", "jwt_claims.ref_protected": "true"}},
    ],
}


class _Keys:
    """The issuer's two signing keys, a stranger's key, and the issuer's JWKS (with two keys the exchange skips)."""

    def __init__(self):
        self.rsa = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.ec = ec.generate_private_key(ec.SECP256R1())
        self.stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        skipped_p384 = dict(ECAlgorithm.to_jwk(ec.generate_private_key(ec.SECP384R1()).public_key(), as_dict=True), kid="p384")
        skipped_encryption = dict(RSAAlgorithm.to_jwk(self.stranger.public_key(), as_dict=True), kid="enc", use="enc")
        self.jwks = {"keys": [
            dict(RSAAlgorithm.to_jwk(self.rsa.public_key(), as_dict=True), kid="rsa-1", use="sig", alg="RS256"),
            dict(ECAlgorithm.to_jwk(self.ec.public_key(), as_dict=True), kid="ec-1"),
            skipped_p384, skipped_encryption,
        ]}


@pytest.fixture(name="keys", scope="module")
def _keys():
    return _Keys()


@pytest.fixture(name="jwks_file", scope="module")
def _jwks_file(keys, tmp_path_factory):
    path = tmp_path_factory.mktemp("wif-jwks") / "jwks.json"
    path.write_text(json.dumps(keys.jwks), encoding="utf-8")
    return path


@pytest.fixture(name="started", scope="module")
def _started(jwks_file, tmp_path_factory):
    directory = tmp_path_factory.mktemp("wif-emulator")
    seed = directory / "seed.json"
    seed.write_text(json.dumps(WIF_SEED), encoding="utf-8")
    emulator = RunningEmulator(directory, seed=seed, extra_args=["--wif-issuer", f"{ISSUER}={jwks_file}"])
    yield emulator
    emulator.stop()


@pytest.fixture(name="emulator")
def _emulator(started):
    """The module's emulator, reset before and after the test."""
    started.control.reset()
    yield started
    started.control.reset()


def _base_url(emulator):
    return emulator.connection["endpoint"][:-len("/query")]


def _token(keys, kid="rsa-1", key=None, headers=None, **claim_changes):
    """A JWT of the issuer for DEPLOY; claim_changes override claims (None removes one); kid None sends no kid."""
    now = int(time.time())
    claims = {"iss": ISSUER, "sub": DEPLOY, "aud": "https://mondoo.example", "iat": now, "nbf": now, "exp": now + 300}
    claims.update(claim_changes)
    claims = {name: value for name, value in claims.items() if value is not None}
    signing_key = key or (keys.ec if kid == "ec-1" else keys.rsa)
    algorithm = "ES256" if isinstance(signing_key, ec.EllipticCurvePrivateKey) else "RS256"
    jwt_headers = dict({} if kid is None else {"kid": kid}, **(headers or {}))
    return jwt.encode(claims, signing_key, algorithm=jwt_headers.pop("alg", algorithm), headers=jwt_headers)


def _exchange(emulator, jwt_token=None, audience=SPACE, issuer_uri=ISSUER, body=None, **options):
    payload = body if body is not None else {"audience": audience, "issuer_uri": issuer_uri, "jwt_token": jwt_token}
    return requests.post(_base_url(emulator) + EXCHANGE_PATH, json=payload, timeout=30, **options)


def _credential(response):
    """The decoded credential of a successful exchange."""
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"base64_credential"}
    return json.loads(base64.b64decode(body["base64_credential"], validate=True))


def _refusal(response, status, code, jwt_token=None):
    """The message of a google.rpc.Status refusal; checks its HTTP status, code and that it does not hold the JWT."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"code", "message", "details"} and body["code"] == code and body["details"] == [], body
    assert jwt_token is None or jwt_token not in response.text
    return body["message"]


def _client(emulator, credential):
    return ApiClient(emulator.connection["endpoint"], service_account_jwt(credential))


def test_a_space_binding_exchanges_a_jwt_for_a_service_account_with_its_roles(emulator, keys):
    before = datetime.datetime.now(datetime.timezone.utc)
    credential = _credential(_exchange(emulator, _token(keys)))
    assert set(credential) == {"mrn", "parent_mrn", "space_mrn", "private_key", "certificate", "api_endpoint"}
    assert credential["mrn"].startswith("//agents.api.mondoo.app/spaces/wif-space-1/serviceaccounts/")
    assert credential["parent_mrn"] == credential["space_mrn"] == SPACE
    assert credential["api_endpoint"] == _base_url(emulator)
    private_key = load_pem_private_key(credential["private_key"].encode(), None)
    assert credential["private_key"].startswith("-----BEGIN PRIVATE KEY-----\n") and private_key.curve.name == "secp384r1"
    certificate = x509.load_pem_x509_certificate(credential["certificate"].encode())
    assert abs((certificate.not_valid_after_utc - before).total_seconds() - 600) < 10
    client = _client(emulator, credential)
    assert client.data(VIEWER)["viewer"] == {"mrn": credential["mrn"]}
    assert [token["name"] for token in client.list_all(SPACE)] == ["existing"]
    assert client.generate(SPACE, "made by a workload")["secret"].startswith("mondoo_tk_")
    assert _credential(_exchange(emulator, _token(keys)))["mrn"] != credential["mrn"]


def test_an_organization_binding_issues_an_organization_account_that_reaches_its_spaces(emulator, keys):
    credential = _credential(_exchange(emulator, _token(keys, kid="ec-1", sub=RUNNER), audience=ORGANIZATION))
    assert credential["mrn"].startswith("//agents.api.mondoo.app/organizations/wif-org-1/serviceaccounts/")
    assert credential["parent_mrn"] == credential["space_mrn"] == ORGANIZATION
    client = _client(emulator, credential)
    assert client.page(OTHER_SPACE)["totalCount"] == 0
    assert client.generate(OTHER_SPACE, "org-wide")["name"] == "org-wide"


def test_the_issued_account_holds_only_the_bindings_roles(emulator, keys):
    client = _client(emulator, _credential(_exchange(emulator, _token(keys, sub=READER))))
    assert client.page(SPACE)["totalCount"] == 1
    denied = client.error(GENERATE, {"input": {"name": "nope", "scopeMrn": SPACE, "roles": roles("viewer")}})
    assert grpc_status(denied) == ("PermissionDenied", f"changing the API tokens of {SPACE} requires Editor or Owner there")
    assert grpc_status(client.error(LIST, {"scopeMrn": OTHER_SPACE}))[0] == "PermissionDenied"


def test_the_issued_credential_expires_after_the_bindings_expiration_on_the_emulator_clock(emulator, keys):
    client = _client(emulator, _credential(_exchange(emulator, _token(keys, sub=RUNNER), audience=ORGANIZATION)))
    emulator.control.set_clock(50)
    assert client.post(VIEWER).status_code == 200
    emulator.control.set_clock(61)
    response = client.post(VIEWER)
    assert response.status_code == 401
    assert grpc_status(response.json()["errors"][0]) == ("Unauthenticated", "request permission unauthenticated: service account credential expired")


def test_camel_case_names_unknown_fields_and_an_authorization_header_are_accepted(emulator, keys):
    body = {"issuerUri": ISSUER, "audience": SPACE, "jwtToken": _token(keys), "response_type": "KEY", "colour": 1}
    response = _exchange(emulator, body=body, headers={"Authorization": "Bearer mondoo_tk_ignored"})
    assert _credential(response)["space_mrn"] == SPACE
    response = _exchange(emulator, _token(keys), headers={"Content-Type": "application/json; charset=utf-8"})
    assert response.status_code == 200


def test_the_exp_and_nbf_checks_use_the_emulator_clock(emulator, keys):
    now = int(time.time())
    emulator.control.set_clock(-600)
    assert _exchange(emulator, _token(keys, iat=now - 700, nbf=now - 700, exp=now - 300)).status_code == 200
    emulator.control.set_clock(600)
    token = _token(keys)
    assert _refusal(_exchange(emulator, token), 401, 16, token) == "token expired"


@pytest.mark.parametrize("body, message", [
    ({"audience": SPACE, "jwt_token": "x.y.z"}, "issuer_uri is required"),
    ({"issuer_uri": ISSUER, "audience": "", "jwt_token": "x.y.z"}, "audience is required"),
    ({"issuer_uri": ISSUER, "audience": SPACE}, "jwt_token is required"),
    ({"issuer_uri": ISSUER, "audience": SPACE, "jwtToken": None}, "jwt_token is required"),
    ({"issuer_uri": ISSUER, "audience": SPACE, "jwt_token": 7}, "jwt_token must be a string"),
    ({"issuer_uri": ISSUER, "issuerUri": ISSUER, "audience": SPACE, "jwt_token": "x.y.z"}, "issuer_uri is given twice, as issuer_uri and issuerUri"),
    ([], "the body must be a JSON object"),
])
def test_a_missing_or_malformed_field_is_an_invalid_argument(emulator, body, message):
    assert _refusal(_exchange(emulator, body=body), 400, 3) == message


@pytest.mark.parametrize("jwt_token", ["not-a-jwt", "a.b", "a.b.c.d", "a b.c.d", "e30.bm90IGpzb24.c2ln", "W10.e30.c2ln"])
def test_a_jwt_token_that_is_not_a_compact_jws_is_an_invalid_argument(emulator, jwt_token):
    message = _refusal(_exchange(emulator, jwt_token), 400, 3)
    assert message.startswith("jwt_token is not a compact JWS")


def test_a_body_that_is_not_json_or_not_sent_as_json_is_an_invalid_argument(emulator):
    url = _base_url(emulator) + EXCHANGE_PATH
    assert _refusal(requests.post(url, data=b"{", headers={"Content-Type": "application/json"}, timeout=30), 400, 3) == "the body is not JSON"
    response = requests.post(url, data=b"{}", headers={"Content-Type": "application/protobuf"}, timeout=30)
    assert _refusal(response, 400, 3) == 'unexpected content-type: "application/protobuf"; the emulator accepts application/json only'


def test_an_unknown_issuer_is_unauthenticated(emulator, keys):
    token = _token(keys, iss="https://stranger.example")
    message = _refusal(_exchange(emulator, token, issuer_uri="https://stranger.example"), 401, 16, token)
    assert message == "unknown issuer https://stranger.example"


@pytest.mark.parametrize("changes, message", [
    ({"key": "stranger"}, "invalid JWT signature"),
    ({"iss": "https://other.example"}, f"issuer mismatch: the JWT's iss is not {ISSUER}"),
    ({"exp": "past"}, "token expired"),
    ({"exp": None}, "JWT claim exp is missing or not a number"),
    ({"nbf": "future"}, "token not yet valid (nbf is in the future)"),
    ({"sub": None}, "JWT claim sub is missing or not a string"),
    ({"kid": "rsa-9"}, f"issuer {ISSUER} has no key rsa-9"),
    ({"kid": None}, f"the JWT names no kid, and issuer {ISSUER} has more than one key"),
    ({"kid": "ec-1", "key": "rsa"}, "JWT algorithm RS256 does not fit the issuer's key, which is ES256"),
    ({"headers": {"alg": "HS256"}, "key": "secret"}, "JWT algorithm must be RS256 or ES256"),
])
def test_a_token_that_fails_a_check_is_unauthenticated(emulator, keys, changes, message):
    now = int(time.time())
    changes = dict(changes)
    key = {"stranger": keys.stranger, "rsa": keys.rsa, "secret": "a shared secret of at least 32 bytes", None: None}[changes.pop("key", None)]
    times = {"past": now - 10, "future": now + 120}
    changes = {name: times.get(value, value) if isinstance(value, str) else value for name, value in changes.items()}
    token = _token(keys, key=key, **changes)
    assert _refusal(_exchange(emulator, token), 401, 16, token) == message


def test_no_binding_for_the_audience_issuer_and_subject_is_permission_denied(emulator, keys):
    for audience, subject in [(SPACE, "repo:example-org/unknown:ref:refs/heads/main"), (OTHER_SPACE, DEPLOY), (ORGANIZATION, DEPLOY)]:
        token = _token(keys, sub=subject)
        message = _refusal(_exchange(emulator, token, audience=audience), 403, 7, token)
        assert message == f"no workload identity binding in {audience} for issuer {ISSUER} and subject {subject}"


@pytest.mark.parametrize("audience", ["https://elsewhere.example", ["https://elsewhere.example", "api://other"], None])
def test_an_audience_outside_the_allowed_audiences_is_permission_denied(emulator, keys, audience):
    token = _token(keys, sub=RESTRICTED, aud=audience, repository_owner="example-org", ref_protected=True)
    message = _refusal(_exchange(emulator, token), 403, 7, token)
    assert message == "audience mismatch: the JWT's aud holds none of the allowed audiences of binding restricted: https://mondoo.example, api://mondoo"


def test_allowed_audiences_and_claim_mappings_that_match_let_the_token_in(emulator, keys):
    for audience in ["api://mondoo", ["https://elsewhere.example", "https://mondoo.example"]]:
        token = _token(keys, sub=RESTRICTED, aud=audience, repository_owner="example-org", ref_protected=True)
        assert _credential(_exchange(emulator, token))["space_mrn"] == SPACE


@pytest.mark.parametrize("claims, mapping", [
    ({"repository_owner": "someone-else", "ref_protected": True}, "jwt_claims.repository_owner"),
    ({"ref_protected": True}, "jwt_claims.repository_owner"),
    ({"repository_owner": "example-org", "ref_protected": False}, "jwt_claims.ref_protected"),
    ({"repository_owner": "example-org", "ref_protected": "yes"}, "jwt_claims.ref_protected"),
])
def test_a_claim_that_does_not_match_a_mapping_is_permission_denied(emulator, keys, claims, mapping):
    token = _token(keys, sub=RESTRICTED, **claims)
    assert _refusal(_exchange(emulator, token), 403, 7, token) == f"claim mapping {mapping} of binding restricted does not match the JWT"


def test_refusals_read_the_same_in_the_extensions_error_style(emulator, keys):
    emulator.control.set_error_style("extensions")
    token = _token(keys, sub="nobody")
    assert _exchange(emulator, token).json() == {
        "code": 7, "message": f"no workload identity binding in {SPACE} for issuer {ISSUER} and subject nobody", "details": [],
    }


def test_the_request_log_records_the_exchange_never_the_jwt(emulator, keys):
    token = _token(keys)
    credential = _credential(_exchange(emulator, token))
    refused = _token(keys, sub="nobody")
    _exchange(emulator, refused)
    _client(emulator, credential).data(VIEWER)
    log = emulator.control.requests()
    assert [(entry["operation"], entry["caller"], entry["status"]) for entry in log] == [
        ("ExchangeExternalToken", credential["mrn"], 200),
        ("ExchangeExternalToken", None, 403),
        ("viewer", credential["mrn"], 200),
    ]
    assert token not in json.dumps(log) and refused not in json.dumps(log)
    assert token not in emulator.log_file.read_text(encoding="utf-8")


def test_faults_armed_for_the_exchange_apply_to_it(emulator, keys):
    control = emulator.control
    control.add_fault("ExchangeExternalToken", "status", status=503, retry_after=3)
    control.add_fault("ExchangeExternalToken", "error", code="PermissionDenied")
    control.add_fault("ExchangeExternalToken", "drop")
    control.add_fault("ExchangeExternalToken", "after_commit")
    response = _exchange(emulator, _token(keys))
    assert response.headers["Retry-After"] == "3"
    assert _refusal(response, 503, 14) == "injected fault (HTTP 503)"
    assert _refusal(_exchange(emulator, _token(keys)), 403, 7) == "injected fault"
    with pytest.raises(requests.ConnectionError):
        _exchange(emulator, _token(keys))
    assert _refusal(_exchange(emulator, _token(keys)), 502, 14) == "injected fault (HTTP 502)"
    assert _exchange(emulator, _token(keys)).status_code == 200
    log = control.requests()
    assert [(entry["caller"] is not None, entry["status"]) for entry in log] == [(False, 503), (False, 403), (False, None), (True, 502), (True, 200)]


def test_other_methods_and_verbs_are_refused(emulator):
    base_url = _base_url(emulator)
    response = requests.get(base_url + EXCHANGE_PATH, timeout=30)
    assert response.headers["Allow"] == "POST"
    assert _refusal(response, 405, 3) == "method not allowed: use POST"
    assert _refusal(requests.post(base_url + "/SecureTokenService/Other", json={}, timeout=30), 404, 5) == "method not defined"
    assert emulator.control.requests() == [dict(emulator.control.requests()[0], operation="ExchangeExternalToken", caller=None, status=405)]


def test_the_default_seed_has_an_example_binding_whose_issuer_has_no_keys_unless_given(mondoo_emulator, mondoo_control, keys):
    [binding] = build_state(read_json(DEFAULT_SEED_PATH), Clock()).wif_bindings
    assert (binding.scope_mrn, binding.issuer_uri, binding.roles, binding.expiration) == (mondoo_emulator["space_mrns"][0], ISSUER, ["editor"], 3600)
    token = _token(keys, sub=binding.subject)
    response = requests.post(
        mondoo_emulator["endpoint"][:-len("/query")] + EXCHANGE_PATH, timeout=30,
        json={"audience": mondoo_emulator["space_mrns"][0], "issuer_uri": ISSUER, "jwt_token": token},
    )
    assert _refusal(response, 401, 16, token) == f"unknown issuer {ISSUER}"


@pytest.mark.parametrize("binding, reason", [
    ({"subject": None}, "wif_bindings[0].subject must be a non-empty string"),
    ({"scope_mrn": "//captain.api.mondoo.app/spaces/elsewhere"}, "wif_bindings[0].scope_mrn must name an organization or space of the seed"),
    ({"roles": ["king"]}, "wif_bindings[0].roles has unknown role 'king'"),
    ({"expiration": 0}, "wif_bindings[0].expiration must be a whole number of seconds from 1 to 2147483647"),
    ({"expiration": "1h"}, "wif_bindings[0].expiration must be a whole number of seconds"),
    ({"allowed_audiences": "api://mondoo"}, "wif_bindings[0].allowed_audiences must be a list of non-empty strings"),
    ({"mappings": {"sub": "x"}}, "wif_bindings[0].mappings key 'sub' must be jwt_claims.<claim>"),
    ({"mappings": {"jwt_claims.run": 1}}, "wif_bindings[0].mappings['jwt_claims.run'] must be a string"),
    ({"description": "x"}, "wif_bindings[0] has unknown keys ['description']"),
    ({"name": "again"}, "wif_bindings[1] has the scope_mrn, issuer_uri and subject of an earlier binding"),
])
def test_a_seed_with_an_invalid_binding_is_refused(mondoo_emulator, mondoo_control, binding, reason):
    valid = {"name": "deploy", "scope_mrn": SPACE, "issuer_uri": ISSUER, "subject": DEPLOY}
    bindings = [valid, dict(valid, **binding)] if binding.get("name") == "again" else [dict(valid, **binding)]
    seed = dict(WIF_SEED, wif_bindings=[{key: value for key, value in item.items() if value is not None} for item in bindings])
    response = requests.post(mondoo_emulator["control"] + "/seed", json=seed, timeout=30)
    assert response.status_code == 400 and reason in response.json()["error"], response.text


def test_the_control_seed_call_takes_bindings_and_a_reset_restores_the_start_seeds(emulator, keys):
    seed = dict(WIF_SEED, wif_bindings=[{"name": "new", "scope_mrn": OTHER_SPACE, "issuer_uri": ISSUER, "subject": "new-subject"}])
    emulator.control.seed(seed)
    assert _exchange(emulator, _token(keys)).status_code == 403
    credential = _credential(_exchange(emulator, _token(keys, sub="new-subject"), audience=OTHER_SPACE))
    client = _client(emulator, credential)
    assert client.page(OTHER_SPACE)["totalCount"] == 0
    assert client.error(GENERATE, {"input": {"name": "x", "scopeMrn": OTHER_SPACE}})["message"].startswith("rpc error: code = PermissionDenied")
    emulator.control.reset()
    assert client.post(VIEWER).status_code == 401
    assert _exchange(emulator, _token(keys)).status_code == 200


def test_an_issued_account_and_the_bindings_survive_a_restart_with_a_state_file(start_mondoo_emulator, jwks_file, keys, tmp_path):
    seed, state = tmp_path / "seed.json", tmp_path / "state.json"
    seed.write_text(json.dumps(WIF_SEED), encoding="utf-8")
    arguments = {"seed": seed, "state": state, "extra_args": ["--wif-issuer", f"{ISSUER}={jwks_file}"]}
    first = start_mondoo_emulator(directory=tmp_path / "run", **arguments)
    credential = _credential(_exchange(first, _token(keys)))
    assert first.stop() == 0
    second = start_mondoo_emulator(directory=tmp_path / "run", **arguments)
    assert second.connection["credentials"] == {}
    assert _client(second, credential).data(VIEWER)["viewer"] == {"mrn": credential["mrn"]}
    assert _exchange(second, _token(keys, sub=READER)).status_code == 200


def test_issuer_keys_load_from_a_file_and_a_url_and_skip_unusable_keys(keys, jwks_file):
    class JwksHandler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            payload = json.dumps(keys.jwks).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *_arguments):
            pass

    with http.server.HTTPServer(("127.0.0.1", 0), JwksHandler) as server:
        serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
        serving.start()
        try:
            url = f"http://127.0.0.1:{server.server_address[1]}/jwks.json"
            loaded = IssuerKeys.load([parse_wif_issuer(f"{ISSUER}={jwks_file}"), parse_wif_issuer(f"https://other.example={url}")])
        finally:
            server.shutdown()
            serving.join()
    for issuer in (ISSUER, "https://other.example"):
        assert loaded.knows(issuer)
        assert loaded.key_for(issuer, "rsa-1").algorithm_name == "RS256"
        assert loaded.key_for(issuer, "ec-1").algorithm_name == "ES256"
        assert loaded.key_for(issuer, "p384") is None and loaded.key_for(issuer, "enc") is None and loaded.key_for(issuer, None) is None
    assert not loaded.knows("https://stranger.example")


@pytest.mark.parametrize("value", ["https://issuer.example", "=jwks.json", "https://issuer.example="])
def test_a_malformed_wif_issuer_value_is_refused(value):
    with pytest.raises(ValueError, match="is not ISSUER_URI=JWKS"):
        parse_wif_issuer(value)


@pytest.mark.parametrize("jwks, reason", [
    (None, "cannot read the JWKS"),
    ("{", "is not JSON"),
    ('{"keys": [{"kty": "oct", "k": "c2VjcmV0"}]}', "has no RS256 or ES256 signing key"),
    ('{"keys": [{"kty": "RSA", "n": "AQ", "e": "AQAB"}]}', "key 0 is not a valid RS256 key"),
])
def test_a_jwks_that_cannot_be_used_is_refused(tmp_path, jwks, reason):
    path = tmp_path / "jwks.json"
    if jwks is not None:
        path.write_text(jwks, encoding="utf-8")
    with pytest.raises(ValueError, match=reason):
        IssuerKeys.load([(ISSUER, str(path))])


@pytest.mark.parametrize("value, status, reason", [
    ("no-equals-sign", 2, "argument --wif-issuer: 'no-equals-sign' is not ISSUER_URI=JWKS"),
    (f"{ISSUER}=/nonexistent/jwks.json", 1, "cannot read the JWKS /nonexistent/jwks.json"),
])
def test_serve_refuses_a_wif_issuer_it_cannot_use(tmp_path, value, status, reason):
    connection_file = tmp_path / "connection.json"
    result = subprocess.run(
        [sys.executable, str(SERVE_SCRIPT), "--wif-issuer", value, "--connection-file", str(connection_file)],
        capture_output=True, text=True, timeout=30, check=False,
    )
    assert result.returncode == status and reason in result.stderr
    assert not connection_file.exists()
