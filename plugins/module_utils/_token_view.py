# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection; no compatibility promise.

"""How the modules present an API token: snake_case keys, permissions as short names, no secret."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from datetime import datetime, timezone

from ansible_collections.mondoo.platform.plugins.module_utils._parsing import is_implicit_role, parse_timestamp, role_name


def utc_now():
    return datetime.now(timezone.utc)


def role_mrns_of(api_token):
    """The role MRNs of a token as the API returned it, sorted, without implicit membership roles."""
    return sorted(role['mrn'] for role in api_token.get('roles') or ()
                  if role.get('mrn') and not is_implicit_role(role['mrn']))


def token_view(api_token):
    """The documented `token` return value. Never holds the secret, whatever the input holds."""
    roles = role_mrns_of(api_token)
    return {
        'mrn': api_token.get('mrn'),
        'name': api_token.get('name'),
        'description': api_token.get('description') or '',
        'permissions': sorted(role_name(role) for role in roles),
        'roles': roles,
        'scope_mrn': api_token.get('scopeMrn'),
        'created_at': api_token.get('createdAt'),
        'last_used': api_token.get('lastUsed'),
    }


def age(api_token, now):
    """How long ago the token was created."""
    return now - parse_timestamp(api_token['createdAt'])


def idle_time(api_token, now):
    """How long the token has gone unused; a never-used token counts from its creation."""
    return now - parse_timestamp(api_token.get('lastUsed') or api_token['createdAt'])
