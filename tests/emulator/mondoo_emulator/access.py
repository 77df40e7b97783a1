# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Who may do what where: a caller's roles reach its own scope and, for an organization, its spaces."""

from .errors import not_found, permission_denied
from .roles import may_grant, may_list_service_accounts, may_list_tokens, may_manage_tokens


def roles_on(state, caller, scope_mrn):
    """The roles `caller` holds on `scope_mrn`: its own, if its scope is that scope or that scope's organization."""
    space = state.spaces.get(scope_mrn)
    if caller.scope_mrn == scope_mrn or (space is not None and space.organization_mrn == caller.scope_mrn):
        return frozenset(caller.roles)
    return frozenset()


def require_existing_scope(state, scope_mrn):
    if not state.scope_exists(scope_mrn):
        raise not_found(f"scope {scope_mrn}")


def require_listing(state, caller, scope_mrn):
    if not may_list_tokens(roles_on(state, caller, scope_mrn)):
        raise permission_denied(f"listing the API tokens of {scope_mrn} requires Viewer, Editor or Owner there")


def require_listing_service_accounts(state, caller, scope_mrn):
    if not may_list_service_accounts(roles_on(state, caller, scope_mrn)):
        raise permission_denied(f"listing the service accounts of {scope_mrn} requires Editor or Owner there")


def require_managing(state, caller, scope_mrn):
    """The caller's roles on the scope, if they allow changing its API tokens."""
    held = roles_on(state, caller, scope_mrn)
    if not may_manage_tokens(held):
        raise permission_denied(f"changing the API tokens of {scope_mrn} requires Editor or Owner there")
    return held


def require_grantable(held, names):
    for name in names:
        if not may_grant(held, name):
            raise permission_denied(f"the caller cannot grant the {name} role, which is above its own")
