# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Role names, role MRNs, and what each role allows with API tokens (the contract's roles and ranks)."""

ROLE_PREFIX = "//iam.api.mondoo.app/roles/"
# The Terraform provider's roles, and agent (development/mondoo-api.md, section 3).
KNOWN_ROLES = (
    "viewer", "editor", "owner", "agent", "integrations-manager", "sla-manager", "policy-manager",
    "policy-editor", "ticket-manager", "ticket-creator", "exceptions-requester", "query-pack-manager",
    "query-pack-editor",
)
DEFAULT_ROLES = ("viewer",)
_MANAGING_ROLES = frozenset(("editor", "owner"))
_LISTING_ROLES = frozenset(("viewer", "editor", "owner"))


def role_mrn(name):
    return ROLE_PREFIX + name


def role_name(mrn):
    """The short name of a known role MRN, or None."""
    if mrn.startswith(ROLE_PREFIX) and mrn[len(ROLE_PREFIX):] in KNOWN_ROLES:
        return mrn[len(ROLE_PREFIX):]
    return None


def role_title(name):
    return name.replace("-", " ").title()


def may_list_tokens(held):
    return not _LISTING_ROLES.isdisjoint(held)


def may_manage_tokens(held):
    return not _MANAGING_ROLES.isdisjoint(held)


def may_list_service_accounts(held):
    """Mondoo's API samples: listing service accounts needs Editor (or Owner), as managing API tokens does."""
    return not _MANAGING_ROLES.isdisjoint(held)


def may_grant(held, name):
    """Owner grants any role, editor any role but owner, nobody else grants anything."""
    if "owner" in held:
        return True
    return "editor" in held and name != "owner"
