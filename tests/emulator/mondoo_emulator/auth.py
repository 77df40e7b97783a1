# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Who is calling: an API token looked up by its hash, or a service-account JWT checked against the account's key.

JWTs are checked against the real clock, not the emulator's shifted one (see the emulator contract); the expiry of a
service account that the token exchange issued is checked against the emulator's clock.
"""

import json
import time

import jwt
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from .credentials import secret_hash
from .errors import AuthenticationError

JWT_ALGORITHM = "ES384"
JWT_ISSUER = "mondoo/ams"
JWT_MAX_LIFETIME_SECONDS = 60
JWT_MAX_FUTURE_SECONDS = 60
CLOCK_SKEW_SECONDS = 5
_JWS = jwt.PyJWS()


def authenticate(state, authorization, clock):
    """The token or service account behind an `Authorization` header value; raises AuthenticationError."""
    credential = _bearer_credential(authorization)
    if credential.count(".") == 2:
        return _service_account(state, credential, clock)
    token = state.token_by_secret_hash(secret_hash(credential))
    if token is None:
        raise AuthenticationError("unknown credential")
    return token


def _bearer_credential(authorization):
    if authorization is None:
        raise AuthenticationError("missing Authorization header")
    parts = authorization.split()
    if len(parts) != 2 or parts[0].lower() != "bearer":
        raise AuthenticationError("Authorization must be 'Bearer <credential>'")
    return parts[1]


def _service_account(state, token, clock):
    try:
        header = jwt.get_unverified_header(token)
    except jwt.DecodeError:
        raise AuthenticationError("malformed JWT") from None
    if header.get("alg") != JWT_ALGORITHM:
        raise AuthenticationError(f"JWT algorithm must be {JWT_ALGORITHM}")
    account = state.service_accounts.get(header.get("kid")) if isinstance(header.get("kid"), str) else None
    if account is None or not account.public_key_pem:
        raise AuthenticationError("unknown service account")
    try:
        payload = _JWS.decode(token, load_pem_public_key(account.public_key_pem.encode("ascii")), algorithms=[JWT_ALGORITHM])
    except jwt.InvalidSignatureError:
        raise AuthenticationError("invalid JWT signature") from None
    except jwt.InvalidTokenError:
        raise AuthenticationError("malformed JWT") from None
    _check_claims(_json_object(payload), account.mrn)
    if account.expires_at is not None and clock.timestamp() >= account.expires_at:
        raise AuthenticationError("service account credential expired")
    return account


def _json_object(payload):
    try:
        claims = json.loads(payload)
    except ValueError:
        raise AuthenticationError("malformed JWT claims") from None
    if not isinstance(claims, dict):
        raise AuthenticationError("malformed JWT claims")
    return claims


def _check_claims(claims, account_mrn):
    if claims.get("iss") != JWT_ISSUER:
        raise AuthenticationError(f"JWT issuer must be {JWT_ISSUER}")
    if claims.get("sub") != account_mrn:
        raise AuthenticationError("JWT subject must be the service account named by kid")
    for name in ("exp", "iat"):
        if not isinstance(claims.get(name), (int, float)):
            raise AuthenticationError(f"JWT claim {name} is missing or not a number")
    now = time.time()
    if claims["exp"] - claims["iat"] > JWT_MAX_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS:
        raise AuthenticationError(f"JWT lifetime exceeds {JWT_MAX_LIFETIME_SECONDS} seconds")
    if claims["exp"] + CLOCK_SKEW_SECONDS < now:
        raise AuthenticationError("token expired")
    not_before = claims.get("nbf", claims["iat"])
    if not isinstance(not_before, (int, float)) or max(claims["iat"], not_before) > now + JWT_MAX_FUTURE_SECONDS:
        raise AuthenticationError("JWT issued in the future")
