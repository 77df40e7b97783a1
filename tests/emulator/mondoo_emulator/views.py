# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The GraphQL shapes of roles, tokens and principals, and the test-control listing's view of a token."""

from .roles import role_mrn, role_title


def role_view(name):
    return {"mrn": role_mrn(name), "title": role_title(name)}


def token_view(token, secret=None):
    """An `APIToken`; `secret` is given only in the answer of generateAPIToken."""
    return {
        "id": token.id,
        "mrn": token.mrn,
        "name": token.name,
        "description": token.description,
        "roles": [role_view(name) for name in token.roles],
        "createdAt": token.created_at,
        "lastUsed": token.last_used,
        "secret": secret,
    }


def token_record_view(token):
    """A token in the test-control listing: the API's view (no secret), plus the scope and creator the API does not show."""
    return dict(token_view(token), scopeMrn=token.scope_mrn, creatorMrn=token.creator_mrn)


def principal_view(principal):
    return {"mrn": principal.mrn}
