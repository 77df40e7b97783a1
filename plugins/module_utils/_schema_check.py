# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection; no compatibility promise.

"""The live check: every GraphQL document of the collection against the schema of a live Mondoo API.

It reads the schema with one introspection query and validates each document, and the input
values the collection sends, with graphql-core. Where the API refuses introspection, it sends
each read-only document once instead; it never sends a mutation.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import traceback

try:
    from graphql import GraphQLError, build_client_schema, parse, validate
    from graphql.execution.values import get_variable_values
    from graphql.validation import NoDeprecatedCustomRule
    HAS_GRAPHQL = True
    GRAPHQL_IMPORT_ERROR = None
except ImportError:
    HAS_GRAPHQL = False
    GRAPHQL_IMPORT_ERROR = traceback.format_exc()

from ansible_collections.mondoo.platform.plugins.module_utils import _documents as documents
from ansible_collections.mondoo.platform.plugins.module_utils._errors import (
    AuthenticationError,
    MissingLibraryError,
    MondooError,
    SchemaMismatchError,
    TransportError,
)

VALID = 'valid'
DIFFERS = 'differs'
NOT_CHECKED = 'not checked'


def check_live_api(client, scope_mrn=None):
    """A report on every document of the collection against the API behind ``client`` (an ApiTokensClient).

    ``scope_mrn`` lets the read-only fallback send the token listing. Raises MondooError when the
    API cannot be asked at all (no connection, a refused credential).
    """
    if not HAS_GRAPHQL:
        raise MissingLibraryError('graphql-core', GRAPHQL_IMPORT_ERROR, reason='to validate documents against a schema')
    report = {'endpoint': client.transport.endpoint_description, 'introspection': True, 'introspection_refusal': None}
    try:
        schema = _live_schema(client)
    except (AuthenticationError, TransportError):
        raise
    except MondooError as exc:
        # A refusal may repeat itself for every introspection field; its first words say it all.
        report.update(introspection=False, introspection_refusal=(exc.api_message or exc.detail).split('; ')[0])
        report['documents'] = [_sent_once(client, operation, scope_mrn) for operation in documents.ALL_OPERATIONS]
    else:
        report['documents'] = [check_document(schema, operation) for operation in documents.ALL_OPERATIONS]
    report['viewer'] = _viewer_answers(client)
    report['matches'] = all(entry['result'] == VALID for entry in report['documents'])
    return report


def _live_schema(client):
    data = client.transport.execute(documents.INTROSPECTION, {}, 'read the API schema by introspection')
    try:
        return build_client_schema(data)
    except (TypeError, ValueError, KeyError, GraphQLError) as exc:
        raise MondooError('the introspection answer does not describe a schema (%s)' % type(exc).__name__) from None


def check_document(schema, operation):
    """How ``operation`` fits ``schema``: validation errors, input values the schema refuses, deprecated fields used."""
    document = parse(operation.document)
    differences = [error.message for error in validate(schema, document)]
    coerced = get_variable_values(schema, document.definitions[0].variable_definitions or [], operation.example_variables)
    if isinstance(coerced, list):
        differences.extend(_without_values(error.message) for error in coerced)
    notes = [] if differences else [error.message for error in validate(schema, document, [NoDeprecatedCustomRule])]
    return _entry(operation, DIFFERS if differences else VALID, differences, notes)


def _without_values(message):
    """A coercion error without the example values it quotes (they are ours, and only noise here)."""
    message = message.split(', found: ', 1)[0].rstrip('.') + '.'
    head, separator, tail = message.partition('; ')
    return tail if separator and 'got invalid value' in head else message


def _sent_once(client, operation, scope_mrn):
    """The fallback without introspection: a read-only document sent once; a mutation never."""
    if operation.is_mutation:
        return _entry(operation, NOT_CHECKED, [], ['a mutation is never sent; without introspection it cannot be checked'])
    scoped = 'scopeMrn' in operation.example_variables
    if scoped and not scope_mrn:
        return _entry(operation, NOT_CHECKED, [], ['give a space or an organization to send it once'])
    variables = {}
    if scoped:
        variables['scopeMrn'] = scope_mrn
    if 'first' in operation.example_variables:
        variables['first'] = 1
    try:
        client.transport.execute(operation, variables, 'send %s once' % operation.name)
    except SchemaMismatchError as exc:
        return _entry(operation, DIFFERS, [exc.api_message or exc.detail], [])
    except MondooError as exc:
        return _entry(operation, NOT_CHECKED, [], ['the API refused it: %s' % (exc.api_message or exc.detail)])
    return _entry(operation, VALID, [], ['sent once and answered'])


def _viewer_answers(client):
    try:
        viewer = client.viewer()
    except MondooError as exc:
        return {'answered': False, 'error': exc.api_message or exc.detail}
    return {'answered': True, 'mrn': viewer.get('mrn')}


def _entry(operation, result, differences, notes):
    return {'operation': operation.name, 'kind': 'mutation' if operation.is_mutation else 'query',
            'result': result, 'differences': differences, 'notes': notes}


def report_lines(report):
    """The report as a table, one string per line, for people."""
    width = max(len(entry['operation']) for entry in report['documents'])
    lines = ['Mondoo API at %s' % report['endpoint']]
    if report['introspection']:
        lines.append('schema read by introspection; every document validated against it')
    else:
        lines.append('introspection refused (%s); read-only documents sent once instead' % report['introspection_refusal'])
    lines.append('%-*s  %-8s  %-11s  %s' % (width, 'operation', 'kind', 'result', 'what differs'))
    for entry in report['documents']:
        details = entry['differences'] or entry['notes'] or ['']
        lines.append(('%-*s  %-8s  %-11s  %s' % (width, entry['operation'], entry['kind'], entry['result'], details[0])).rstrip())
        lines.extend('%-*s  %-8s  %-11s  %s' % (width, '', '', '', detail) for detail in details[1:])
    viewer = report['viewer']
    lines.append('viewer answers for this credential: %s'
                 % ('yes (%s)' % viewer['mrn'] if viewer['answered'] else 'no (%s)' % viewer['error']))
    checked = [entry for entry in report['documents'] if entry['result'] != NOT_CHECKED]
    lines.append('%d of %d documents match the live schema%s' % (
        len([entry for entry in checked if entry['result'] == VALID]), len(report['documents']),
        '' if len(checked) == len(report['documents']) else '; %d could not be checked' % (len(report['documents']) - len(checked))))
    return lines
