# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The GraphQL layer: the schema, reading a request body, and executing a request."""

import dataclasses
import functools
import json
import logging
import pathlib
from typing import Any, Optional

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, build_schema, execute_sync, parse, validate

from .errors import ApiError
from .resolvers import bind_resolvers

LOG = logging.getLogger(__name__)
_CACHED_QUERY_MAX_LENGTH = 10000
SCHEMA = build_schema(pathlib.Path(__file__).with_name("schema.graphql").read_text(encoding="utf-8"))
bind_resolvers(SCHEMA)


class RequestProblem(Exception):
    """A request the API cannot execute at all, answered with an HTTP error status."""

    def __init__(self, status, code, messages):
        super().__init__(code)
        self.status = status
        self.body = {"errors": [dict(message, extensions={"code": code}) for message in messages]}


@dataclasses.dataclass(frozen=True)
class GraphQLRequest:
    """A request body as read; `problem` is set when it cannot be executed. `field_name` names its first top-level field."""

    document: Any = None
    variables: Optional[dict] = None
    operation_name: Optional[str] = None
    field_name: Optional[str] = None
    problem: Optional[RequestProblem] = None


def read_request(body):
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):
        return _bad_request("the body is not JSON")
    if not isinstance(payload, dict):
        return _bad_request("the body must be a JSON object")
    query, variables, operation_name = payload.get("query"), payload.get("variables"), payload.get("operationName")
    if not isinstance(query, str) or not query.strip():
        return _bad_request("query must be a non-empty string")
    if variables is not None and not isinstance(variables, dict):
        return _bad_request("variables must be a JSON object")
    if operation_name is not None and not isinstance(operation_name, str):
        return _bad_request("operationName must be a string")
    parse_and_validate = _cached_parse_and_validate if len(query) <= _CACHED_QUERY_MAX_LENGTH else _parse_and_validate
    document, problem = parse_and_validate(query)
    return GraphQLRequest(document, variables, operation_name, _first_field_name(document, operation_name), problem)


def _bad_request(message):
    return GraphQLRequest(problem=RequestProblem(400, "BAD_REQUEST", [{"message": f"bad request: {message}"}]))


def _parse_and_validate(query):
    """The document and the problem with it, if any."""
    try:
        document = parse(query)
    except GraphQLError as error:
        return None, RequestProblem(422, "GRAPHQL_PARSE_FAILED", [error.formatted])
    except RecursionError:
        return None, RequestProblem(422, "GRAPHQL_PARSE_FAILED", [{"message": "Syntax Error: the document is nested too deeply."}])
    errors = validate(SCHEMA, document)
    if errors:
        return document, RequestProblem(422, "GRAPHQL_VALIDATION_FAILED", [error.formatted for error in errors])
    return document, None


# Clients send the same few documents again and again: parse and validate each once.
_cached_parse_and_validate = functools.lru_cache(maxsize=256)(_parse_and_validate)


def _first_field_name(document, operation_name):
    if document is None:
        return None
    operations = [
        definition for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
        and (operation_name is None or (definition.name and definition.name.value == operation_name))
    ]
    if len(operations) != 1:
        return None
    fields = [selection for selection in operations[0].selection_set.selections if isinstance(selection, FieldNode)]
    return fields[0].name.value if fields else None


def execute(request, context):
    """The response body of an executable request; raises RequestProblem for bad variables or operation name."""
    result = execute_sync(
        SCHEMA, request.document, context_value=context,
        variable_values=request.variables, operation_name=request.operation_name,
    )
    errors = result.errors or []
    # Field errors carry a path; errors without one refused the request before any field ran.
    if any(error.path is None for error in errors):
        raise RequestProblem(422, "GRAPHQL_VALIDATION_FAILED", [error.formatted for error in errors])
    body = {"data": result.data}
    if errors:
        body["errors"] = [_field_error(error) for error in errors]
    return body


def _field_error(error):
    if isinstance(error.original_error, ApiError):
        return {"message": error.message, "path": error.path, "extensions": error.extensions}
    LOG.error("internal error at %s", error.path, exc_info=error.original_error)
    return {"message": "internal error", "path": error.path, "extensions": {"code": "INTERNAL"}}
