# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Workload identity federation: an external JWT exchanged for a short-lived service-account credential.

Checked in this order, each failure an RpcError: the request's fields; the JWT's form; its issuer, key and
signature; its `iss`, `exp` and `nbf` (on the emulator's clock) and `sub`; then the binding of the audience
scope for that issuer and subject, its allowed audiences and its claim mappings. No message holds the JWT.
"""

import base64
import dataclasses
import datetime
import json
import re

import jwt

from .clock import format_timestamp
from .credentials import ServiceAccountKey, new_id
from .errors import INVALID_ARGUMENT, PERMISSION_DENIED, UNAUTHENTICATED, RpcError
from .model import ServiceAccount
from .mrn import service_account_mrn
from .seed import WIF_CLAIM_PREFIX

EXCHANGE_OPERATION = "ExchangeExternalToken"
# The request's fields in proto order: the proto name, and the JSON name protojson accepts too.
_FIELDS = (("issuer_uri", "issuerUri"), ("audience", "audience"), ("jwt_token", "jwtToken"))
_SEGMENT = re.compile(r"[A-Za-z0-9_-]*")
_JWS = jwt.PyJWS()


@dataclasses.dataclass(frozen=True)
class ExchangeRequest:
    issuer_uri: str
    audience: str
    jwt_token: str


def read_request(body):
    """The request of a JSON body; unknown fields are ignored, as protojson does. Raises RpcError."""
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):
        raise _invalid("the body is not JSON") from None
    if not isinstance(payload, dict):
        raise _invalid("the body must be a JSON object")
    values = {}
    for proto_name, json_name in _FIELDS:
        given = [name for name in dict.fromkeys((proto_name, json_name)) if name in payload]
        if len(given) > 1:
            raise _invalid(f"{proto_name} is given twice, as {proto_name} and {json_name}")
        value = payload[given[0]] if given else None
        if value is not None and not isinstance(value, str):
            raise _invalid(f"{proto_name} must be a string")
        if not value:
            raise _invalid(f"{proto_name} is required")
        values[proto_name] = value
    return ExchangeRequest(**values)


def verified_claims(issuer_keys, request, now):
    """The claims of the request's JWT once its form, issuer, key, signature and times (`now`, epoch seconds) are checked."""
    header, claims = _unverified_jws(request.jwt_token)
    if not issuer_keys.knows(request.issuer_uri):
        raise _unauthenticated(f"unknown issuer {request.issuer_uri}")
    algorithm, key_id = header.get("alg"), header.get("kid")
    if algorithm not in ("RS256", "ES256"):
        raise _unauthenticated("JWT algorithm must be RS256 or ES256")
    if key_id is not None and not isinstance(key_id, str):
        raise _unauthenticated("JWT kid must be a string")
    key = issuer_keys.key_for(request.issuer_uri, key_id)
    if key is None and key_id is None:
        raise _unauthenticated(f"the JWT names no kid, and issuer {request.issuer_uri} has more than one key")
    if key is None:
        raise _unauthenticated(f"issuer {request.issuer_uri} has no key {key_id}")
    if key.algorithm_name != algorithm:
        raise _unauthenticated(f"JWT algorithm {algorithm} does not fit the issuer's key, which is {key.algorithm_name}")
    try:
        _JWS.decode(request.jwt_token, key.key, algorithms=[algorithm])
    except jwt.InvalidTokenError:
        raise _unauthenticated("invalid JWT signature") from None
    _check_claims(claims, request.issuer_uri, now)
    return claims


def _unverified_jws(token):
    """The header and claims of a compact JWS (three base64url parts, the first two JSON objects), not yet verified."""
    parts = token.split(".")
    if len(parts) != 3 or not all(_SEGMENT.fullmatch(part) for part in parts):
        raise _invalid("jwt_token is not a compact JWS (three base64url parts)")
    try:
        header, claims = (json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))) for part in parts[:2])
    except (ValueError, RecursionError):
        raise _invalid("jwt_token is not a compact JWS (its header and claims must be JSON)") from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise _invalid("jwt_token is not a compact JWS (its header and claims must be JSON objects)")
    return header, claims


def _check_claims(claims, issuer_uri, now):
    if claims.get("iss") != issuer_uri:
        raise _unauthenticated(f"issuer mismatch: the JWT's iss is not {issuer_uri}")
    if not _is_number(claims.get("exp")):
        raise _unauthenticated("JWT claim exp is missing or not a number")
    if claims["exp"] <= now:
        raise _unauthenticated("token expired")
    if "nbf" in claims and not _is_number(claims["nbf"]):
        raise _unauthenticated("JWT claim nbf is not a number")
    if claims.get("nbf", now) > now:
        raise _unauthenticated("token not yet valid (nbf is in the future)")
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise _unauthenticated("JWT claim sub is missing or not a string")


def matching_binding(state, request, claims):
    """The binding that lets these claims into the audience scope; raises RpcError (PermissionDenied) when none does."""
    binding = state.wif_binding(request.audience, request.issuer_uri, claims["sub"])
    if binding is None:
        raise _permission_denied(
            f"no workload identity binding in {request.audience} for issuer {request.issuer_uri} and subject {claims['sub']}",
        )
    audiences = claims.get("aud")
    audiences = [audiences] if isinstance(audiences, str) else audiences if isinstance(audiences, list) else []
    if binding.allowed_audiences and not set(binding.allowed_audiences) & {item for item in audiences if isinstance(item, str)}:
        raise _permission_denied(
            f"audience mismatch: the JWT's aud holds none of the allowed audiences of binding {binding.name}: "
            + ", ".join(binding.allowed_audiences),
        )
    for key, expected in binding.mappings.items():
        if _claim_text(claims.get(key[len(WIF_CLAIM_PREFIX):])) != expected:
            raise _permission_denied(f"claim mapping {key} of binding {binding.name} does not match the JWT")
    return binding


def issue_credential(state, clock, binding, api_endpoint):
    """A new service account of the binding's scope and roles, valid for its expiration: (account, credential document)."""
    issued_at = clock.now()
    lifetime = datetime.timedelta(seconds=binding.expiration)
    key = ServiceAccountKey(valid_from=issued_at, lifetime=lifetime)
    account = ServiceAccount(
        mrn=service_account_mrn(binding.scope_mrn, new_id()), scope_mrn=binding.scope_mrn, name=binding.name,
        roles=list(binding.roles), public_key_pem=key.public_key_pem, credential=None,
        expires_at=format_timestamp(issued_at + lifetime),
    )
    state.service_accounts[account.mrn] = account
    return account, key.exchanged_credential_document(account, api_endpoint)


def encoded_credential(document):
    """`base64_credential`: standard base64 of the credential's JSON."""
    return base64.b64encode(json.dumps(document).encode("utf-8")).decode("ascii")


def _claim_text(value):
    """A claim as a mapping compares it: a string as it is, a number or boolean in its JSON text; None for anything else."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float)):
        return json.dumps(value)
    return None


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _invalid(message):
    return RpcError(INVALID_ARGUMENT, message)


def _unauthenticated(message):
    return RpcError(UNAUTHENTICATED, message)


def _permission_denied(message):
    return RpcError(PERMISSION_DENIED, message)
