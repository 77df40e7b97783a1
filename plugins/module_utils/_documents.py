# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection; no compatibility promise.

"""Every GraphQL document the collection sends, in one place.

The input types are Mondoo's published ones. The output types and the ``apiTokens`` query are
not published: the field sets below are the collection's best design (see the API notes) and
this is the one file to change when the real schema says otherwise.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from collections import namedtuple


# safe_to_repeat: sending it twice has the same effect as sending it once, so the transport
# may retry it. A create is not: a retried create can leave a duplicate.
Operation = namedtuple('Operation', ['name', 'document', 'safe_to_repeat', 'is_mutation'])

ROLE_FIELDS = 'mrn title'

API_TOKEN_FIELDS = (
    'id mrn name description roles { ' + ROLE_FIELDS + ' } '
    'scopeMrn createdAt lastUsed creatorMrn'
)

GENERATE_API_TOKEN = Operation(
    name='GenerateAPIToken',
    document=(
        'mutation GenerateAPIToken($input: GenerateAPITokenInput!) {\n'
        '  generateAPIToken(input: $input) { ' + API_TOKEN_FIELDS + ' secret }\n'
        '}'
    ),
    safe_to_repeat=False,
    is_mutation=True,
)

UPDATE_API_TOKEN = Operation(
    name='UpdateAPIToken',
    document=(
        'mutation UpdateAPIToken($input: UpdateAPITokenInput!) {\n'
        '  updateAPIToken(input: $input) { ' + API_TOKEN_FIELDS + ' }\n'
        '}'
    ),
    safe_to_repeat=True,
    is_mutation=True,
)

DELETE_API_TOKEN = Operation(
    name='DeleteAPIToken',
    document=(
        'mutation DeleteAPIToken($input: DeleteAPITokenInput!) {\n'
        '  deleteAPIToken(input: $input)\n'
        '}'
    ),
    safe_to_repeat=True,
    is_mutation=True,
)

SET_ROLES = Operation(
    name='SetRoles',
    document=(
        'mutation SetRoles($input: SetRolesInput!) {\n'
        '  setRoles(input: $input)\n'
        '}'
    ),
    safe_to_repeat=True,
    is_mutation=True,
)

LIST_API_TOKENS = Operation(
    name='APITokens',
    document=(
        'query APITokens($scopeMrn: String!, $first: Int, $after: String, $query: String, '
        '$orderBy: APITokenOrder) {\n'
        '  apiTokens(scopeMrn: $scopeMrn, first: $first, after: $after, query: $query, '
        'orderBy: $orderBy) {\n'
        '    totalCount\n'
        '    edges { cursor node { ' + API_TOKEN_FIELDS + ' } }\n'
        '    pageInfo { endCursor hasNextPage }\n'
        '  }\n'
        '}'
    ),
    safe_to_repeat=True,
    is_mutation=False,
)

VIEWER = Operation(
    name='Viewer',
    document=(
        'query Viewer {\n'
        '  viewer { mrn kind scopeMrn roles { ' + ROLE_FIELDS + ' } }\n'
        '}'
    ),
    safe_to_repeat=True,
    is_mutation=False,
)

ALL_OPERATIONS = (GENERATE_API_TOKEN, UPDATE_API_TOKEN, DELETE_API_TOKEN, SET_ROLES, LIST_API_TOKENS, VIEWER)
