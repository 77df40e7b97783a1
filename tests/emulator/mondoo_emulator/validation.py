# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checking argument values against the contract's limits; each failure is an INVALID_ARGUMENT error."""

from .errors import invalid_argument
from .mrn import is_scope_mrn, is_space_mrn
from .roles import role_name

NAME_MAX_LENGTH = 100
DESCRIPTION_MAX_LENGTH = 500


def required(values, key):
    """`values[key]`, which the full schema makes non-null; a schema served with `--schema-drop` may leave it out."""
    if values.get(key) is None:
        raise invalid_argument(f"{key} is required")
    return values[key]


def clean_name(name):
    """The name without surrounding white space; 1 to 100 characters."""
    trimmed = name.strip()
    if not 1 <= len(trimmed) <= NAME_MAX_LENGTH:
        raise invalid_argument(f"name must be 1 to {NAME_MAX_LENGTH} characters after trimming")
    return trimmed


def check_description(description):
    if description is not None and len(description) > DESCRIPTION_MAX_LENGTH:
        raise invalid_argument(f"description must be at most {DESCRIPTION_MAX_LENGTH} characters")
    return description


def role_names(role_inputs):
    """Short role names from a non-empty list of `RoleInput`, duplicates dropped, order kept."""
    if not role_inputs:
        raise invalid_argument("roles must not be empty")
    names = []
    for role_input in role_inputs:
        mrn = required(role_input, "mrn")
        name = role_name(mrn)
        if name is None:
            raise invalid_argument(f"unknown role {mrn!r}")
        if name not in names:
            names.append(name)
    return names


def chosen_scope(scope_mrn, space_mrn):
    """The scope named by `scopeMrn` or by the deprecated `spaceMrn`; both may be given if they agree."""
    if space_mrn is not None and not is_space_mrn(space_mrn):
        raise invalid_argument(f"spaceMrn {space_mrn!r} is not a space MRN")
    if scope_mrn is not None and space_mrn is not None and scope_mrn != space_mrn:
        raise invalid_argument("scopeMrn and spaceMrn name different scopes")
    scope = scope_mrn if scope_mrn is not None else space_mrn
    if scope is None:
        raise invalid_argument("scopeMrn is required")
    if not is_scope_mrn(scope):
        raise invalid_argument(f"{scope!r} is not an organization or space MRN")
    return scope
