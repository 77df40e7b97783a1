# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The GraphQL resolvers: unpack arguments, call the operation, shape the answer."""

import dataclasses
from typing import Any

from . import operations
from .validation import required
from .views import principal_view, token_view

DEFAULT_PAGE_SIZE = 25


@dataclasses.dataclass
class RequestContext:
    """What a resolver needs; `changed` tells the emulator to save the state after the request."""

    state: Any
    clock: Any
    caller: Any
    changed: bool = False


def _api_tokens(_root, info, **arguments):
    context = info.context
    first = arguments.get("first")
    total_count, edges, has_next_page = operations.list_tokens(
        context.state, context.caller, arguments.get("scopeMrn"),
        DEFAULT_PAGE_SIZE if first is None else first,
        arguments.get("after"), arguments.get("query"), arguments.get("orderBy"),
    )
    return {
        "totalCount": total_count,
        "edges": [{"cursor": cursor, "node": token_view(token)} for cursor, token in edges],
        "pageInfo": {"endCursor": edges[-1][0] if edges else None, "hasNextPage": has_next_page},
    }


def _viewer(_root, info):
    return principal_view(info.context.caller)


def _service_accounts(_root, info, **arguments):
    context = info.context
    return {"totalCount": operations.count_service_accounts(context.state, context.caller, arguments.get("scopeMrn"))}


def _generate_api_token(_root, info, **arguments):
    context = info.context
    token, secret = operations.generate_token(context.state, context.clock, context.caller, required(arguments, "input"))
    context.changed = True
    return token_view(token, secret)


def _update_api_token(_root, info, **arguments):
    context = info.context
    token = operations.update_token(context.state, context.caller, required(arguments, "input"))
    context.changed = True
    return token_view(token)


def _delete_api_token(_root, info, **arguments):
    context = info.context
    operations.delete_token(context.state, context.caller, required(arguments, "input"))
    context.changed = True
    return True


def _set_roles(_root, info, **arguments):
    context = info.context
    mrns = operations.set_roles(context.state, context.caller, required(arguments, "input"))
    context.changed = True
    return {"mrns": mrns}


RESOLVERS = {
    "Query": {"apiTokens": _api_tokens, "viewer": _viewer, "serviceAccounts": _service_accounts},
    "Mutation": {
        "generateAPIToken": _generate_api_token,
        "updateAPIToken": _update_api_token,
        "deleteAPIToken": _delete_api_token,
        "setRoles": _set_roles,
    },
}


def bind_resolvers(schema):
    """Give each root field its resolver; a field dropped from the schema has none to get."""
    for type_name, resolvers in RESOLVERS.items():
        fields = schema.get_type(type_name).fields
        for field_name, resolver in resolvers.items():
            if field_name in fields:
                fields[field_name].resolve = resolver
