# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulated platform: organizations, spaces, API tokens, service accounts and workload identity bindings, with lookup indexes."""

import dataclasses
from typing import Dict, List, Optional

STATE_FORMAT_VERSION = 1


@dataclasses.dataclass
class Organization:
    mrn: str
    name: str


@dataclasses.dataclass
class Space:
    mrn: str
    name: str
    organization_mrn: str


@dataclasses.dataclass
class ApiToken:
    """An API token. `serial` orders tokens created within the same second; `credential` names a seed principal."""

    id: str
    mrn: str
    scope_mrn: str
    name: str
    description: Optional[str]
    roles: List[str]
    created_at: str
    last_used: Optional[str]
    creator_mrn: Optional[str]
    secret_hash: str
    serial: int
    credential: Optional[str] = None


@dataclasses.dataclass
class ServiceAccount:
    """A seed's service account (`credential` names it), or one the token exchange issued (`expires_at` set, no `credential`)."""

    mrn: str
    scope_mrn: str
    name: str
    roles: List[str]
    public_key_pem: str
    credential: Optional[str]
    last_used: Optional[str] = None
    expires_at: Optional[str] = None


@dataclasses.dataclass
class WorkloadIdentityBinding:
    """Who may exchange an external JWT (issuer and subject) for a service account in `scope_mrn` with `roles`, for `expiration` seconds."""

    name: str
    scope_mrn: str
    issuer_uri: str
    subject: str
    roles: List[str]
    expiration: int
    allowed_audiences: List[str]
    mappings: Dict[str, str]


class State:
    """Everything the emulator knows. Callers hold the emulator's lock while they use it."""

    def __init__(self, organizations=(), spaces=(), service_accounts=(), wif_bindings=()):
        self.organizations = {organization.mrn: organization for organization in organizations}
        self.spaces = {space.mrn: space for space in spaces}
        self.service_accounts = {account.mrn: account for account in service_accounts}
        self.wif_bindings = list(wif_bindings)
        self.tokens = {}
        self._token_mrn_by_hash = {}
        self._tokens_by_scope = {}
        self.next_serial = 1

    def scope_exists(self, scope_mrn):
        return scope_mrn in self.organizations or scope_mrn in self.spaces

    def add_token(self, token):
        self.tokens[token.mrn] = token
        self._token_mrn_by_hash[token.secret_hash] = token.mrn
        self._tokens_by_scope.setdefault(token.scope_mrn, {})[token.mrn] = token
        self.next_serial = max(self.next_serial, token.serial + 1)

    def remove_token(self, token):
        del self.tokens[token.mrn]
        del self._token_mrn_by_hash[token.secret_hash]
        del self._tokens_by_scope[token.scope_mrn][token.mrn]

    def set_token_secret_hash(self, token, secret_hash):
        del self._token_mrn_by_hash[token.secret_hash]
        token.secret_hash = secret_hash
        self._token_mrn_by_hash[secret_hash] = token.mrn

    def token_by_secret_hash(self, secret_hash):
        token_mrn = self._token_mrn_by_hash.get(secret_hash)
        return None if token_mrn is None else self.tokens[token_mrn]

    def tokens_in_scope(self, scope_mrn):
        return self._tokens_by_scope.get(scope_mrn, {}).values()

    def take_serial(self):
        serial = self.next_serial
        self.next_serial += 1
        return serial

    def seed_tokens(self):
        """The tokens whose secrets the emulator issues at start."""
        return [token for token in self.tokens.values() if token.credential]

    def seed_service_accounts(self):
        """The service accounts whose keys the emulator issues at start: the seed's, not those the token exchange issued."""
        return [account for account in self.service_accounts.values() if account.credential]

    def wif_binding(self, scope_mrn, issuer_uri, subject):
        """The binding of that scope for that issuer and subject, or None (a seed has at most one)."""
        return next((
            binding for binding in self.wif_bindings
            if (binding.scope_mrn, binding.issuer_uri, binding.subject) == (scope_mrn, issuer_uri, subject)
        ), None)

    def to_document(self):
        """A JSON-ready view of the state; it shares the records, so serialise it before releasing the lock."""
        return {
            "version": STATE_FORMAT_VERSION,
            "next_serial": self.next_serial,
            "organizations": [vars(item) for item in self.organizations.values()],
            "spaces": [vars(item) for item in self.spaces.values()],
            "service_accounts": [vars(item) for item in self.service_accounts.values()],
            "wif_bindings": [vars(item) for item in self.wif_bindings],
            "tokens": [vars(item) for item in self.tokens.values()],
        }

    @classmethod
    def from_document(cls, document):
        if document.get("version") != STATE_FORMAT_VERSION:
            raise ValueError(f"unsupported state file version {document.get('version')!r}")
        state = cls(
            organizations=[Organization(**item) for item in document["organizations"]],
            spaces=[Space(**item) for item in document["spaces"]],
            service_accounts=[ServiceAccount(**item) for item in document["service_accounts"]],
            wif_bindings=[WorkloadIdentityBinding(**item) for item in document.get("wif_bindings", [])],
        )
        for item in document["tokens"]:
            state.add_token(ApiToken(**item))
        state.next_serial = max(state.next_serial, document["next_serial"])
        return state
