# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Building and recognising Mondoo resource names (MRNs)."""

import re

ORGANIZATION_PREFIX = "//captain.api.mondoo.app/organizations/"
SPACE_PREFIX = "//captain.api.mondoo.app/spaces/"
_SERVICE_ACCOUNT_PREFIX = "//agents.api.mondoo.app/"
_TOKEN_SEGMENT = "/apitokens/"

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,99}")
_SCOPE_PATTERN = re.compile(r"//captain\.api\.mondoo\.app/(organizations|spaces)/" + ID_PATTERN.pattern)


def organization_mrn(organization_id):
    return ORGANIZATION_PREFIX + organization_id


def space_mrn(space_id):
    return SPACE_PREFIX + space_id


def token_mrn(scope_mrn, token_id):
    return scope_mrn + _TOKEN_SEGMENT + token_id


def service_account_mrn(scope_mrn, account_id):
    """`//agents.api.mondoo.app/spaces/<id>/serviceaccounts/<id>` for a space, likewise for an organization."""
    return _SERVICE_ACCOUNT_PREFIX + scope_mrn.split("/", 3)[3] + "/serviceaccounts/" + account_id


def is_scope_mrn(text):
    return _SCOPE_PATTERN.fullmatch(text) is not None


def is_space_mrn(text):
    return is_scope_mrn(text) and text.startswith(SPACE_PREFIX)


def token_scope(text):
    """The scope MRN of a well-formed API token MRN, or None."""
    scope, separator, token_id = text.rpartition(_TOKEN_SEGMENT)
    if separator and is_scope_mrn(scope) and ID_PATTERN.fullmatch(token_id):
        return scope
    return None
