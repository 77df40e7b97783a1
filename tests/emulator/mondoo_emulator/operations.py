# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The API token operations, applied to the state on behalf of an authenticated caller."""

from . import access
from .credentials import new_id, new_token_secret, secret_hash
from .errors import invalid_argument, not_found
from .model import ApiToken
from .mrn import token_mrn, token_scope
from .pagination import DEFAULT_ORDER, page_of
from .roles import DEFAULT_ROLES
from .validation import check_description, chosen_scope, clean_name, required, role_names


def generate_token(state, clock, caller, token_input):
    """Create a token; returns it with its secret, which exists nowhere else."""
    scope_mrn = chosen_scope(token_input.get("scopeMrn"), token_input.get("spaceMrn"))
    access.require_existing_scope(state, scope_mrn)
    held = access.require_managing(state, caller, scope_mrn)
    name = clean_name(required(token_input, "name"))
    description = check_description(token_input.get("description"))
    roles = list(DEFAULT_ROLES) if token_input.get("roles") is None else role_names(token_input["roles"])
    access.require_grantable(held, roles)
    secret = new_token_secret()
    token_id = new_id()
    token = ApiToken(
        id=token_id, mrn=token_mrn(scope_mrn, token_id), scope_mrn=scope_mrn, name=name,
        description=description, roles=roles, created_at=clock.timestamp(), last_used=None,
        creator_mrn=caller.mrn, secret_hash=secret_hash(secret), serial=state.take_serial(),
    )
    state.add_token(token)
    return token, secret


def update_token(state, caller, update_input):
    token = _existing_token(state, required(update_input, "mrn"))
    access.require_managing(state, caller, token.scope_mrn)
    name = update_input.get("name")
    description = update_input.get("description")
    new_name = token.name if name is None else clean_name(name)
    new_description = token.description if description is None else check_description(description)
    token.name, token.description = new_name, new_description
    return token


def delete_token(state, caller, delete_input):
    token = _existing_token(state, required(delete_input, "mrn"))
    access.require_managing(state, caller, token.scope_mrn)
    state.remove_token(token)


def set_roles(state, caller, roles_input):
    """Replace the roles of each token in `updates`; nothing changes unless every update is allowed.

    Returns the MRNs of the tokens changed, in the order of the updates.
    """
    scope_mrn = chosen_scope(roles_input.get("scopeMrn"), roles_input.get("spaceMrn"))
    if roles_input.get("identity") is not None or roles_input.get("roles") is not None:
        raise invalid_argument("the identity/roles form of setRoles is not supported by the emulator; use updates")
    if not roles_input.get("updates"):
        raise invalid_argument("updates must name at least one token")
    access.require_existing_scope(state, scope_mrn)
    held = access.require_managing(state, caller, scope_mrn)
    changes = []
    for update in roles_input["updates"]:
        entity_mrn = required(update, "entityMrn")
        token = state.tokens.get(entity_mrn)
        if token is None or token.scope_mrn != scope_mrn:
            raise not_found(f"API token {entity_mrn} in {scope_mrn}")
        roles = role_names(required(update, "roles"))
        access.require_grantable(held, roles)
        changes.append((token, roles))
    for token, roles in changes:
        token.roles = roles
    return [token.mrn for token, _roles in changes]


def list_tokens(state, caller, scope_mrn, first, after, name_query, order):
    """The scope's own tokens matching `name_query`: (total count, page of (cursor, token), more follow)."""
    scope_mrn = chosen_scope(scope_mrn, None)
    access.require_existing_scope(state, scope_mrn)
    access.require_listing(state, caller, scope_mrn)
    tokens = state.tokens_in_scope(scope_mrn)
    if name_query:
        folded_query = name_query.casefold()
        tokens = [token for token in tokens if folded_query in token.name.casefold()]
    else:
        tokens = list(tokens)
    # A schema served with a part of APITokenOrder dropped leaves that part to the default order.
    edges, has_next_page = page_of(tokens, first, after, dict(DEFAULT_ORDER, **(order or {})))
    return len(tokens), edges, has_next_page


def count_service_accounts(state, caller, scope_mrn):
    """The scope's service-account count for a caller allowed to list them: always 0. The emulator lists no service
    accounts (those of the seed are credentials only); the collection asks only whether the listing is allowed."""
    scope_mrn = chosen_scope(scope_mrn, None)
    access.require_existing_scope(state, scope_mrn)
    access.require_listing_service_accounts(state, caller, scope_mrn)
    return 0


def _existing_token(state, mrn):
    if token_scope(mrn) is None:
        raise invalid_argument(f"{mrn!r} is not an API token MRN")
    token = state.tokens.get(mrn)
    if token is None:
        raise not_found(f"API token {mrn}")
    return token
