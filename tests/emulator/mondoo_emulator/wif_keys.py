# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The keys of the external issuers whose JWTs the token exchange accepts: `--wif-issuer ISSUER_URI=JWKS`, read once at start.

JWKS is a file path or an http(s) URL. RSA keys (RS256) and EC P-256 keys (ES256) are used; keys of other
types, and keys that say they are for another algorithm or for encryption, are skipped.
"""

import json
import logging
import urllib.request

import jwt

LOG = logging.getLogger(__name__)
_FETCH_TIMEOUT_SECONDS = 10
_URL_SCHEMES = ("http://", "https://")


def parse_wif_issuer(text):
    """(issuer URI, JWKS source) of `ISSUER_URI=JWKS`, split at the first `=`; raises ValueError."""
    issuer, separator, source = text.partition("=")
    if not separator or not issuer or not source:
        raise ValueError(f"{text!r} is not ISSUER_URI=JWKS")
    return issuer, source


class IssuerKeys:
    """Each known issuer's signing keys (PyJWK, each with its `algorithm_name`, RS256 or ES256)."""

    def __init__(self, keys_by_issuer=None):
        self._keys = {issuer: tuple(keys) for issuer, keys in (keys_by_issuer or {}).items()}

    @classmethod
    def load(cls, specs):
        """From (issuer, JWKS source) pairs; an issuer given twice has the keys of both. Raises ValueError."""
        keys = {}
        for issuer, source in specs:
            keys.setdefault(issuer, []).extend(_usable_keys(_read_jwks(source), source))
            LOG.info("workload identity issuer %s: %d key(s) from %s", issuer, len(keys[issuer]), source)
        return cls(keys)

    def knows(self, issuer):
        return issuer in self._keys

    def key_for(self, issuer, key_id):
        """The issuer's key with that `kid`, or its only key when `key_id` is None; None when there is no such key."""
        keys = self._keys.get(issuer, ())
        if key_id is None:
            return keys[0] if len(keys) == 1 else None
        return next((key for key in keys if key.key_id == key_id), None)


def _read_jwks(source):
    try:
        if source.startswith(_URL_SCHEMES):
            with urllib.request.urlopen(source, timeout=_FETCH_TIMEOUT_SECONDS) as response:
                text = response.read()
        else:
            with open(source, "rb") as stream:
                text = stream.read()
    except OSError as error:
        raise ValueError(f"cannot read the JWKS {source}: {error}") from None
    try:
        document = json.loads(text)
    except ValueError:
        raise ValueError(f"the JWKS {source} is not JSON") from None
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise ValueError(f"the JWKS {source} has no list of keys")
    return document["keys"]


def _usable_keys(entries, source):
    keys = []
    for index, entry in enumerate(entries):
        algorithm = _algorithm(entry)
        if algorithm is None:
            LOG.info("the JWKS %s: skipping key %d, which is neither an RS256 nor an ES256 signing key", source, index)
            continue
        try:
            keys.append(jwt.PyJWK(entry, algorithm))
        except jwt.PyJWTError as error:
            raise ValueError(f"the JWKS {source}: key {index} is not a valid {algorithm} key: {error}") from None
    if not keys:
        raise ValueError(f"the JWKS {source} has no RS256 or ES256 signing key")
    return keys


def _algorithm(entry):
    """RS256 for an RSA key, ES256 for an EC P-256 key, None for a key the exchange does not use."""
    if not isinstance(entry, dict) or entry.get("use", "sig") != "sig":
        return None
    if entry.get("kty") == "RSA":
        algorithm = "RS256"
    elif entry.get("kty") == "EC" and entry.get("crv") == "P-256":
        algorithm = "ES256"
    else:
        return None
    return algorithm if entry.get("alg", algorithm) == algorithm else None
