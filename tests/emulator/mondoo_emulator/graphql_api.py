# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The GraphQL layer: reading a request body, checking its document against the served schema, executing it."""

import dataclasses
import functools
import json
import logging
from typing import Any, Optional

from graphql import (
    FieldNode, GraphQLError, NoSchemaIntrospectionCustomRule, OperationDefinitionNode, execute_sync, parse,
    specified_rules, validate,
)

from .error_styles import api_error, errors_body, refusal
from .errors import INTERNAL, ApiError
from .projection import ProjectingExecutor

LOG = logging.getLogger(__name__)
CACHED_DOCUMENT_MAX_LENGTH = 10000
DOCUMENT_CACHE_SIZE = 256
DOCUMENT_CACHE = "document-cache"
PROJECTION = "projection"
SPEEDUPS = (DOCUMENT_CACHE, PROJECTION)


class RequestProblem(Exception):
    """A request the API cannot execute at all, answered with an HTTP error status; `errors` as graphql-core words them."""

    def __init__(self, status, code, errors):
        super().__init__(code)
        self.status = status
        self.code = code
        self.errors = tuple(errors)

    def body(self, style):
        return errors_body(refusal(style, self.code, error) for error in self.errors)


@dataclasses.dataclass(frozen=True)
class GraphQLRequest:
    """A request body as read; `problem` is set when it cannot be executed. `field_name` names its first top-level field."""

    document: Any = None
    variables: Optional[dict] = None
    operation_name: Optional[str] = None
    field_name: Optional[str] = None
    problem: Optional[RequestProblem] = None


class GraphQLApi:
    """One served schema (see served_schema.py), with introspection allowed or refused.

    `drops` names what the schema lacks compared with schema.graphql, for the test control to report.
    `speedups` are those of SPEEDUPS in use: without one the answers are the same, only slower (for the benchmark).
    """

    def __init__(self, schema, introspection=True, drops=(), speedups=SPEEDUPS):
        self.schema = schema
        self.introspection = introspection
        self.drops = tuple(drops)
        self.speedups = frozenset(speedups)
        self._rules = specified_rules if introspection else (*specified_rules, NoSchemaIntrospectionCustomRule)
        # Clients send the same few documents again and again: parse and validate each once for this schema.
        self._cached_parse_and_validate = functools.lru_cache(maxsize=DOCUMENT_CACHE_SIZE)(self._parse_and_validate)
        self._executor_class = ProjectingExecutor if PROJECTION in self.speedups else None

    def with_schema(self, schema, drops):
        """An API with this one's options, serving `schema` (schema.graphql less `drops`)."""
        return GraphQLApi(schema, self.introspection, drops, self.speedups)

    def read_request(self, body):
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
        document, problem = self._checker_for(query)(query)
        return GraphQLRequest(document, variables, operation_name, _first_field_name(document, operation_name), problem)

    def _checker_for(self, query):
        if DOCUMENT_CACHE in self.speedups and len(query) <= CACHED_DOCUMENT_MAX_LENGTH:
            return self._cached_parse_and_validate
        return self._parse_and_validate

    def _parse_and_validate(self, query):
        """The document and the problem with it, if any."""
        try:
            document = parse(query)
        except GraphQLError as error:
            return None, RequestProblem(422, "GRAPHQL_PARSE_FAILED", [error.formatted])
        except RecursionError:
            return None, RequestProblem(422, "GRAPHQL_PARSE_FAILED", [{"message": "Syntax Error: the document is nested too deeply."}])
        errors = validate(self.schema, document, self._rules)
        if errors:
            return document, RequestProblem(422, "GRAPHQL_VALIDATION_FAILED", [error.formatted for error in errors])
        return document, None

    def execute(self, request, context, style):
        """The response body of an executable request; raises RequestProblem for bad variables or operation name."""
        result = execute_sync(
            self.schema, request.document, context_value=context,
            variable_values=request.variables, operation_name=request.operation_name, executor_class=self._executor_class,
        )
        errors = result.errors or []
        # Field errors carry a path; errors without one refused the request before any field ran.
        if any(error.path is None for error in errors):
            raise RequestProblem(422, "GRAPHQL_VALIDATION_FAILED", [error.formatted for error in errors])
        body = {"data": result.data}
        if errors:
            body["errors"] = [_field_error(error, style) for error in errors]
        return body


def _bad_request(message):
    return GraphQLRequest(problem=RequestProblem(400, "BAD_REQUEST", [{"message": f"bad request: {message}"}]))


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


def _field_error(error, style):
    if isinstance(error.original_error, ApiError):
        return api_error(style, error.original_error.code, error.original_error.detail, error.path)
    LOG.error("internal error at %s", error.path, exc_info=error.original_error)
    return api_error(style, INTERNAL, path=error.path)
