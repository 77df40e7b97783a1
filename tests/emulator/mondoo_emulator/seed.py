# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Building a state from a seed document (format: see the README); every mistake is a SeedError naming its place."""

import datetime
import pathlib
import re

from .clock import format_timestamp, parse_timestamp
from .credentials import new_id, unusable_secret_hash
from .errors import ApiError
from .model import ApiToken, Organization, ServiceAccount, Space, State, WorkloadIdentityBinding
from .mrn import ID_PATTERN, organization_mrn, service_account_mrn, space_mrn, token_mrn
from .roles import DEFAULT_ROLES, KNOWN_ROLES, role_name
from .validation import check_description, clean_name

DEFAULT_SEED_PATH = pathlib.Path(__file__).resolve().parent.parent / "seeds" / "default.json"
COUNT_LIMIT = 100000
DEFAULT_WIF_EXPIRATION = 3600
WIF_EXPIRATION_LIMIT = 2**31 - 1
WIF_CLAIM_PREFIX = "jwt_claims."
_CREDENTIAL_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,63}")
_RELATIVE_TIME = re.compile(r"-(\d+)([smhd])")
_SECONDS_PER_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_TOKEN_KEYS = {"credential", "id", "scope_mrn", "name", "description", "roles", "created_at", "last_used", "creator_mrn", "count"}
_SERVICE_ACCOUNT_KEYS = {"credential", "id", "scope_mrn", "name", "roles"}
_WIF_BINDING_KEYS = {"name", "scope_mrn", "issuer_uri", "subject", "roles", "expiration", "allowed_audiences", "mappings"}


class SeedError(ValueError):
    pass


def build_state(seed, clock):
    _expect(isinstance(seed, dict), "the seed", "must be a JSON object")
    state = State(*_organizations_and_spaces(seed.get("organizations")))
    credentials = set()
    for index, entry in enumerate(_list(seed, "api_tokens")):
        for token in _tokens(state, clock, entry, f"api_tokens[{index}]", credentials):
            state.add_token(token)
    for index, entry in enumerate(_list(seed, "service_accounts")):
        account = _service_account(state, entry, f"service_accounts[{index}]", credentials)
        state.service_accounts[account.mrn] = account
    for index, entry in enumerate(_list(seed, "wif_bindings")):
        binding = _wif_binding(state, entry, f"wif_bindings[{index}]")
        _expect(
            state.wif_binding(binding.scope_mrn, binding.issuer_uri, binding.subject) is None,
            f"wif_bindings[{index}]", "has the scope_mrn, issuer_uri and subject of an earlier binding",
        )
        state.wif_bindings.append(binding)
    return state


def _expect(condition, where, problem):
    if not condition:
        raise SeedError(f"{where} {problem}")


def _list(seed, key):
    entries = seed.get(key, [])
    _expect(isinstance(entries, list), key, "must be a list")
    return entries


def _organizations_and_spaces(entries):
    _expect(isinstance(entries, list) and entries, "organizations", "must be a non-empty list")
    organizations, spaces, ids = [], [], set()
    for index, entry in enumerate(entries):
        where = f"organizations[{index}]"
        organization = Organization(organization_mrn(_new_id(entry, where, ids)), _text(entry, "name", where))
        organizations.append(organization)
        space_entries = entry.get("spaces", [])
        _expect(isinstance(space_entries, list), f"{where}.spaces", "must be a list")
        for space_index, space_entry in enumerate(space_entries):
            space_where = f"{where}.spaces[{space_index}]"
            spaces.append(Space(space_mrn(_new_id(space_entry, space_where, ids)), _text(space_entry, "name", space_where), organization.mrn))
    return organizations, spaces


def _new_id(entry, where, seen):
    _expect(isinstance(entry, dict), where, "must be a JSON object")
    entry_id = entry.get("id")
    _expect(isinstance(entry_id, str) and ID_PATTERN.fullmatch(entry_id), f"{where}.id", "must be letters, digits and dashes")
    _expect(entry_id not in seen, f"{where}.id", f"{entry_id!r} is used twice")
    seen.add(entry_id)
    return entry_id


def _text(entry, key, where):
    value = entry.get(key)
    _expect(isinstance(value, str) and value, f"{where}.{key}", "must be a non-empty string")
    return value


def _tokens(state, clock, entry, where, credentials):
    _check_keys(entry, _TOKEN_KEYS, where)
    credential = _credential(entry, where, credentials, required=False)
    count = entry.get("count", 1)
    _expect(isinstance(count, int) and 1 <= count <= COUNT_LIMIT, f"{where}.count", f"must be 1 to {COUNT_LIMIT}")
    _expect(count == 1 or (credential is None and "id" not in entry), where, "with count above 1 takes neither credential nor id")
    scope_mrn = _scope(state, entry, where)
    name_template = _text(entry, "name", where)
    description = entry.get("description")
    _expect(description is None or isinstance(description, str), f"{where}.description", "must be a string")
    _checked(check_description, description, f"{where}.description")
    roles = _roles(entry, where)
    created_at = _time(entry.get("created_at"), clock, f"{where}.created_at") or clock.timestamp()
    last_used = _time(entry.get("last_used"), clock, f"{where}.last_used")
    fixed_id = _principal_id(entry, credential, where)
    for number in range(1, count + 1):
        token_id = fixed_id or new_id()
        yield ApiToken(
            id=token_id, mrn=token_mrn(scope_mrn, token_id), scope_mrn=scope_mrn,
            name=_checked(clean_name, name_template.replace("{n}", str(number)), f"{where}.name"),
            description=description, roles=list(roles), created_at=created_at, last_used=last_used,
            creator_mrn=entry.get("creator_mrn"), secret_hash=unusable_secret_hash(),
            serial=state.take_serial(), credential=credential,
        )


def _service_account(state, entry, where, credentials):
    _check_keys(entry, _SERVICE_ACCOUNT_KEYS, where)
    credential = _credential(entry, where, credentials, required=True)
    scope_mrn = _scope(state, entry, where)
    return ServiceAccount(
        mrn=service_account_mrn(scope_mrn, _principal_id(entry, credential, where)), scope_mrn=scope_mrn,
        name=_text(entry, "name", where), roles=_roles(entry, where), public_key_pem="", credential=credential,
    )


def _wif_binding(state, entry, where):
    _check_keys(entry, _WIF_BINDING_KEYS, where)
    name, scope_mrn = _text(entry, "name", where), _scope(state, entry, where)
    issuer_uri, subject, roles = _text(entry, "issuer_uri", where), _text(entry, "subject", where), _roles(entry, where)
    expiration = entry.get("expiration", DEFAULT_WIF_EXPIRATION)
    _expect(
        isinstance(expiration, int) and not isinstance(expiration, bool) and 1 <= expiration <= WIF_EXPIRATION_LIMIT,
        f"{where}.expiration", f"must be a whole number of seconds from 1 to {WIF_EXPIRATION_LIMIT}",
    )
    audiences = entry.get("allowed_audiences", [])
    _expect(isinstance(audiences, list) and all(isinstance(item, str) and item for item in audiences),
            f"{where}.allowed_audiences", "must be a list of non-empty strings")
    mappings = entry.get("mappings", {})
    _expect(isinstance(mappings, dict), f"{where}.mappings", "must be a JSON object")
    for key, value in mappings.items():
        _expect(key.startswith(WIF_CLAIM_PREFIX) and len(key) > len(WIF_CLAIM_PREFIX), f"{where}.mappings",
                f"key {key!r} must be {WIF_CLAIM_PREFIX}<claim>")
        _expect(isinstance(value, str), f"{where}.mappings[{key!r}]", "must be a string")
    return WorkloadIdentityBinding(
        name=name, scope_mrn=scope_mrn, issuer_uri=issuer_uri, subject=subject, roles=roles, expiration=expiration,
        allowed_audiences=list(audiences), mappings=dict(mappings),
    )


def _check_keys(entry, allowed, where):
    _expect(isinstance(entry, dict), where, "must be a JSON object")
    unknown = sorted(set(entry) - allowed)
    _expect(not unknown, where, f"has unknown keys {unknown}")


def _credential(entry, where, seen, required):
    credential = entry.get("credential")
    if credential is None and not required:
        return None
    _expect(isinstance(credential, str) and _CREDENTIAL_PATTERN.fullmatch(credential), f"{where}.credential", "must be a lower-case identifier")
    _expect(credential not in seen, f"{where}.credential", f"{credential!r} is used twice")
    seen.add(credential)
    return credential


def _principal_id(entry, credential, where):
    """A seed principal keeps its id, hence its MRN, across restarts: given, or made from its credential name."""
    if "id" in entry:
        _expect(isinstance(entry["id"], str) and ID_PATTERN.fullmatch(entry["id"]), f"{where}.id", "must be letters, digits and dashes")
        return entry["id"]
    return None if credential is None else "seed-" + credential.replace("_", "-")


def _scope(state, entry, where):
    scope_mrn = entry.get("scope_mrn")
    _expect(isinstance(scope_mrn, str) and state.scope_exists(scope_mrn), f"{where}.scope_mrn", "must name an organization or space of the seed")
    return scope_mrn


def _roles(entry, where):
    """Short role names; the seed may give short names or role MRNs."""
    values = entry.get("roles", list(DEFAULT_ROLES))
    _expect(isinstance(values, list) and values, f"{where}.roles", "must be a non-empty list")
    names = []
    for value in values:
        name = value if value in KNOWN_ROLES else role_name(value) if isinstance(value, str) else None
        _expect(name is not None, f"{where}.roles", f"has unknown role {value!r}")
        names.append(name)
    return names


def _checked(check, value, where):
    try:
        return check(value)
    except ApiError as error:
        raise SeedError(f"{where}: {error}") from None


def _time(value, clock, where):
    """An RFC 3339 timestamp, or `-<N><s|m|h|d>`: that long before the emulator's now. None stays None."""
    if value is None:
        return None
    _expect(isinstance(value, str), where, "must be a string")
    relative = _RELATIVE_TIME.fullmatch(value)
    if relative:
        age = datetime.timedelta(seconds=int(relative.group(1)) * _SECONDS_PER_UNIT[relative.group(2)])
        return format_timestamp(clock.now() - age)
    try:
        return format_timestamp(parse_timestamp(value))
    except ValueError:
        raise SeedError(f"{where} must be an RFC 3339 timestamp or -<N><s|m|h|d>") from None
