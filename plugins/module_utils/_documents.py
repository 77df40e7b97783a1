# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection; no compatibility promise.

"""Every GraphQL document the collection sends, in one place.

The input types are Mondoo's published ones. Output fields are selected only when the collection
reads them; which of them have public evidence, and which are inferred, is in development/mondoo-api.md
(section 4). This is the one file to change when the real schema says otherwise, and the live
check (``ansible-playbook mondoo.platform.live_check``) validates every document here against a
live account's schema.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from collections import namedtuple


# safe_to_repeat: sending it twice has the same effect as sending it once, so the transport
# may retry it. A create is not: a retried create can leave a duplicate.
# example_variables: every input field the collection may send, for the live check to coerce
# against the live schema's input types (no value here is ever sent to the API).
Operation = namedtuple('Operation', ['name', 'document', 'safe_to_repeat', 'is_mutation', 'example_variables'])

# The scope of a token is not selected: the collection always knows it from the request.
API_TOKEN_FIELDS = 'mrn name description roles { mrn } createdAt lastUsed'

_EXAMPLE_SCOPE = '//captain.api.mondoo.app/spaces/hungry-poet-123456'
_EXAMPLE_TOKEN = _EXAMPLE_SCOPE + '/apitokens/example'
_EXAMPLE_ROLES = [{'mrn': '//iam.api.mondoo.app/roles/viewer'}]

GENERATE_API_TOKEN = Operation(
    name='GenerateAPIToken',
    document=(
        'mutation GenerateAPIToken($input: GenerateAPITokenInput!) {\n'
        '  generateAPIToken(input: $input) { ' + API_TOKEN_FIELDS + ' secret }\n'
        '}'
    ),
    safe_to_repeat=False,
    is_mutation=True,
    example_variables={'input': {'name': 'example', 'scopeMrn': _EXAMPLE_SCOPE, 'description': 'example',
                                 'roles': _EXAMPLE_ROLES}},
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
    example_variables={'input': {'mrn': _EXAMPLE_TOKEN, 'name': 'example', 'description': 'example'}},
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
    example_variables={'input': {'mrn': _EXAMPLE_TOKEN}},
)

SET_ROLES = Operation(
    name='SetRoles',
    document=(
        'mutation SetRoles($input: SetRolesInput!) {\n'
        '  setRoles(input: $input) { mrns }\n'
        '}'
    ),
    safe_to_repeat=True,
    is_mutation=True,
    example_variables={'input': {'scopeMrn': _EXAMPLE_SCOPE,
                                 'updates': [{'entityMrn': _EXAMPLE_TOKEN, 'roles': _EXAMPLE_ROLES}]}},
)

LIST_API_TOKENS = Operation(
    name='APITokens',
    document=(
        'query APITokens($scopeMrn: String!, $first: Int, $after: String, $query: String, '
        '$orderBy: APITokenOrder) {\n'
        '  apiTokens(scopeMrn: $scopeMrn, first: $first, after: $after, query: $query, '
        'orderBy: $orderBy) {\n'
        '    edges { node { ' + API_TOKEN_FIELDS + ' } }\n'
        '    pageInfo { endCursor hasNextPage }\n'
        '  }\n'
        '}'
    ),
    safe_to_repeat=True,
    is_mutation=False,
    example_variables={'scopeMrn': _EXAMPLE_SCOPE, 'first': 100, 'after': 'cursor', 'query': 'example',
                       'orderBy': {'field': 'CREATED_AT', 'direction': 'ASC'}},
)

VIEWER = Operation(
    name='Viewer',
    document='query Viewer {\n  viewer { mrn }\n}',
    safe_to_repeat=True,
    is_mutation=False,
    example_variables={},
)

# Asked only to tell whether the caller may manage API tokens in a scope (check mode, and the info module on
# request): Mondoo's samples say that listing service accounts needs Editor, as managing tokens does.
SERVICE_ACCOUNTS = Operation(
    name='ServiceAccounts',
    document=(
        'query ServiceAccounts($scopeMrn: String) {\n'
        '  serviceAccounts(scopeMrn: $scopeMrn, first: 1) { totalCount }\n'
        '}'
    ),
    safe_to_repeat=True,
    is_mutation=False,
    example_variables={'scopeMrn': _EXAMPLE_SCOPE},
)

ALL_OPERATIONS = (GENERATE_API_TOKEN, UPDATE_API_TOKEN, DELETE_API_TOKEN, SET_ROLES, LIST_API_TOKENS, VIEWER,
                  SERVICE_ACCOUNTS)

# The standard introspection query (the October 2021 GraphQL specification), which the live check
# sends once to read the schema it validates ALL_OPERATIONS against. Read-only.
_TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }'
_INPUT_VALUE = 'name type { ' + _TYPE_REF + ' } defaultValue'
INTROSPECTION = Operation(
    name='IntrospectionQuery',
    document=(
        'query IntrospectionQuery {\n'
        '  __schema {\n'
        '    queryType { name } mutationType { name } subscriptionType { name }\n'
        '    types {\n'
        '      kind name\n'
        '      fields(includeDeprecated: true) {\n'
        '        name args { ' + _INPUT_VALUE + ' } type { ' + _TYPE_REF + ' } isDeprecated deprecationReason\n'
        '      }\n'
        '      inputFields { ' + _INPUT_VALUE + ' }\n'
        '      interfaces { ' + _TYPE_REF + ' }\n'
        '      enumValues(includeDeprecated: true) { name isDeprecated deprecationReason }\n'
        '      possibleTypes { ' + _TYPE_REF + ' }\n'
        '    }\n'
        '    directives { name locations args { ' + _INPUT_VALUE + ' } }\n'
        '  }\n'
        '}'
    ),
    safe_to_repeat=True,
    is_mutation=False,
    example_variables={},
)
