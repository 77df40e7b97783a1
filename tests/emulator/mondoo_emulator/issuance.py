# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Issuing the seed principals' credentials: a secret per token, a key pair per service account.

The emulator keeps only what verifies them (hashes, public keys); the secrets and private keys go
to the caller once, as the connection file or the answer of `POST {control}/seed`.
"""

import dataclasses
from typing import Dict

from .credentials import ServiceAccountKey, new_token_secret, secret_hash


@dataclasses.dataclass
class IssuedVerifiers:
    """Per credential name, the hash of a token secret or the PEM public key of a service account."""

    token_hashes: Dict[str, str]
    public_keys: Dict[str, str]

    def apply(self, state):
        """Make the credentials issued earlier valid for the same principals of a rebuilt state."""
        for token in state.seed_tokens():
            if token.credential in self.token_hashes:
                state.set_token_secret_hash(token, self.token_hashes[token.credential])
        for account in state.seed_service_accounts():
            if account.credential in self.public_keys:
                account.public_key_pem = self.public_keys[account.credential]


def issue_credentials(state, api_endpoint, write_credential_file):
    """Fresh credentials for the state's seed principals: (verifiers, credentials by name).

    A token's credential is its secret; a service account's is the path `write_credential_file(name, document)` returns.
    """
    verifiers = IssuedVerifiers({}, {})
    credentials = {}
    for token in state.seed_tokens():
        secret = new_token_secret()
        state.set_token_secret_hash(token, secret_hash(secret))
        verifiers.token_hashes[token.credential] = token.secret_hash
        credentials[token.credential] = secret
    for account in state.seed_service_accounts():
        key = ServiceAccountKey()
        account.public_key_pem = key.public_key_pem
        verifiers.public_keys[account.credential] = key.public_key_pem
        credentials[account.credential] = write_credential_file(account.credential, key.credential_document(account, api_endpoint))
    return verifiers, credentials
