# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection; no compatibility promise.

"""The API-token operations: generate, update, delete, set roles, list, find by name, viewer, and whether the
caller may manage tokens in a scope.

Tokens are returned as the API's dicts (camelCase keys: ``mrn``, ``name``, ``description``,
``roles``, ``createdAt``, ``lastUsed``; ``secret`` only from ``generate``), with ``scopeMrn`` added
by the client from the scope it asked about. Methods that take a ``token`` accept its MRN or such a
dict; a dict gives error messages the token's name and scope.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

from ansible_collections.mondoo.platform.plugins.module_utils import _documents as documents
from ansible_collections.mondoo.platform.plugins.module_utils._errors import (
    ApiError,
    ConfigurationError,
    InvalidArgumentError,
    MondooError,
    NotFoundError,
    PermissionDeniedError,
)
from ansible_collections.mondoo.platform.plugins.module_utils._parsing import describe_scope


LIST_PAGE_SIZE = 100

# A create that failed ambiguously is cleaned up and sent once more, never more often.
GENERATE_ATTEMPTS = 2
# How long, at most, to wait for a change whose answer never came to land before looking for its effect; after a
# gateway's error answer (5xx), the request reached something that answered, so a shorter wait does.
MAX_LATE_ARRIVAL_WAIT = 30
GATEWAY_ERROR_WAIT = 5

ORDER_FIELDS = ('NAME', 'LAST_USED', 'CREATED_AT')
ORDER_DIRECTIONS = ('ASC', 'DESC')

# The outcomes of manage_permission.
GRANTED = 'granted'
DENIED = 'denied'
UNKNOWN = 'unknown'


class ApiTokensClient:
    """API-token operations over a GraphQLTransport. ``warnings`` collects what a module should warn about.

    ``late_arrival_wait``: seconds to wait, after a create whose answer was lost, for the request to land before
    looking for the token it may have made; the transport's timeout (at most MAX_LATE_ARRIVAL_WAIT) by default.
    """

    def __init__(self, transport, late_arrival_wait=None, sleep=time.sleep):
        self.transport = transport
        self.warnings = []
        if late_arrival_wait is None:
            late_arrival_wait = min(getattr(transport, 'timeout', 0), MAX_LATE_ARRIVAL_WAIT)
        self._late_arrival_wait = late_arrival_wait
        self._sleep = sleep

    def __repr__(self):
        return 'ApiTokensClient(%r)' % (self.transport,)

    # -- reads ---------------------------------------------------------------------------------

    def viewer(self):
        """Who is calling: ``{mrn}``."""
        data = self._execute(documents.VIEWER, {}, 'look up the calling identity')
        return _object_field(data, 'viewer', 'look up the calling identity')

    def list(self, scope_mrn, query=None, order=None):
        """Every token of the scope, following all pages.

        ``query`` is the API's case-insensitive name filter; ``order`` a (field, direction) pair
        such as ('created_at', 'desc').
        """
        action = 'list API tokens in %s' % describe_scope(scope_mrn)
        variables = {'scopeMrn': scope_mrn, 'first': LIST_PAGE_SIZE}
        if query:
            variables['query'] = query
        if order:
            variables['orderBy'] = order_input(order)
        tokens = []
        seen_cursors = set()
        while True:
            data = self._execute(documents.LIST_API_TOKENS, variables, action, scope_mrn)
            connection = _object_field(data, 'apiTokens', action, scope_mrn)
            tokens.extend(dict(node, scopeMrn=scope_mrn) for node in _nodes(connection, action, scope_mrn))
            cursor = _next_cursor(connection, action, scope_mrn)
            if cursor is None:
                return tokens
            if cursor in seen_cursors:
                raise ApiError('the API returned the same page cursor twice', action=action, scope_mrn=scope_mrn)
            seen_cursors.add(cursor)
            variables = dict(variables, after=cursor)

    def manage_permission(self, scope_mrn):
        """Whether the caller may manage API tokens in the scope, as far as the API reveals: (outcome, detail).

        The API is asked for the scope's service accounts, which Mondoo allows Editors and Owners only, as managing
        tokens. ``outcome`` is GRANTED (``detail`` empty) when it answers, DENIED when it refuses with permission
        denied, UNKNOWN when it refuses the question itself (its schema lacks it, an argument does not fit, another
        API error). Authentication, transport, server and not-found errors raise. It cannot tell whether the caller
        may grant a given role (an Editor cannot grant Owner).
        """
        scope = describe_scope(scope_mrn)
        action = 'ask whether this credential may manage API tokens in %s' % scope
        try:
            data = self.transport.execute(documents.SERVICE_ACCOUNTS, {'scopeMrn': scope_mrn}, action, scope_mrn)
        except PermissionDeniedError as exc:
            return DENIED, ('permission denied: this credential cannot manage API tokens in %s; the API was asked whether it '
                            'may list the service accounts of %s, which Mondoo allows Editors and Owners only, and said: %s'
                            % (scope, scope, exc.api_message or exc.detail))
        except (ApiError, InvalidArgumentError) as exc:
            return UNKNOWN, _manage_permission_unknown(scope, exc.api_message or exc.detail)
        if not isinstance(data.get('serviceAccounts'), dict):
            return UNKNOWN, _manage_permission_unknown(scope, 'the answer has no serviceAccounts object')
        return GRANTED, ''

    def find_by_name(self, scope_mrn, name):
        """Every token of the scope with exactly this name (surrounding blanks ignored), oldest first."""
        wanted = name.strip()
        candidates = self.list(scope_mrn, query=wanted, order=('CREATED_AT', 'ASC'))
        return [token for token in candidates if (token.get('name') or '').strip() == wanted]

    # -- changes -------------------------------------------------------------------------------

    def generate(self, scope_mrn, name, description=None, role_mrns=None, known_mrns=None):
        """Create a token and return it with its ``secret``.

        A create is never blindly repeated. When it fails ambiguously, every token of that name
        that was not in ``known_mrns`` (the same-name MRNs seen before the attempt; looked up
        here when not given) is an orphan whose secret is lost. When the answer was lost on the
        way (a timeout, a dropped connection, a gateway error), the request may still be on its
        way: the client first waits ``late_arrival_wait`` seconds for it to land. The orphans are
        deleted, a warning is recorded, and the token is generated once more; after that create,
        the name is looked up once more for a late arrival of the first. The caller ends up with
        one token and its secret, or an error; never a duplicate or an orphan that landed within
        the wait.
        """
        action = "generate API token '%s' in %s" % (name, describe_scope(scope_mrn))
        if known_mrns is None:
            known_mrns = self._mrns_named(scope_mrn, name)
        variables = {'input': _generate_input(scope_mrn, name, description, role_mrns)}
        failure = None
        for dummy_attempt in range(GENERATE_ATTEMPTS):
            try:
                token = self._generate_once(variables, action, scope_mrn)
            except MondooError as exc:
                if not exc.ambiguous:
                    raise
                failure = exc
                self._wait_for_a_lost_request(failure)
                self._remove_orphans(scope_mrn, name, known_mrns, failure)
                continue
            if failure is not None:
                self._remove_late_arrivals(scope_mrn, name, set(known_mrns) | set([token['mrn']]), failure)
            return token
        raise _rebuilt(failure, failure.detail + '; no token was left behind', ambiguous=False)

    def update(self, token, name=None, description=None):
        """Change a token's name and/or description; returns the updated token."""
        mrn, label, scope_mrn = _token_reference(token)
        action = 'update %s' % label
        update_input = {'mrn': mrn}
        if name is not None:
            update_input['name'] = name
        if description is not None:
            update_input['description'] = description
        data = self._execute(documents.UPDATE_API_TOKEN, {'input': update_input}, action, scope_mrn)
        return dict(_object_field(data, 'updateAPIToken', action, scope_mrn), scopeMrn=scope_mrn)

    def delete(self, token):
        """Delete a token. True when this call deleted it, False when it was already gone (NOT_FOUND).

        A NOT_FOUND after an attempt whose answer was lost means that attempt deleted it: True.
        """
        mrn, label, scope_mrn = _token_reference(token)
        action = 'delete %s' % label
        try:
            data = self._execute(documents.DELETE_API_TOKEN, {'input': {'mrn': mrn}}, action, scope_mrn)
        except NotFoundError as exc:
            return exc.after_ambiguous_attempt
        _require_true(data, 'deleteAPIToken', action, scope_mrn)
        return True

    def delete_and_confirm(self, token):
        """Delete ``token`` (a dict with its name and scope) and find out whether it is gone: (gone, failure).

        ``gone`` is True when the token is gone, False when it is still there, None when that could not be told;
        ``failure`` is the delete's MondooError, or None. After a delete that failed ambiguously, the client waits
        for a request that may still be on its way (as after a lost create) and then looks the token up.
        """
        try:
            self.delete(token)
            return True, None
        except MondooError as failure:
            if not failure.ambiguous:
                return False, failure
            self._wait_for_a_lost_request(failure)
            try:
                namesakes = self.find_by_name(token['scopeMrn'], token['name'])
            except MondooError:
                return None, failure
            return token['mrn'] not in set(namesake['mrn'] for namesake in namesakes), failure

    def set_roles(self, token, role_mrns, scope_mrn=None):
        """Replace a token's roles with ``role_mrns``."""
        mrn, label, token_scope_mrn = _token_reference(token)
        scope_mrn = scope_mrn or token_scope_mrn
        action = 'set the roles of %s' % label
        roles_input = {'updates': [{'entityMrn': mrn, 'roles': [{'mrn': role} for role in role_mrns]}]}
        if scope_mrn:
            roles_input['scopeMrn'] = scope_mrn
        data = self._execute(documents.SET_ROLES, {'input': roles_input}, action, scope_mrn)
        changed = _object_field(data, 'setRoles', action, scope_mrn).get('mrns')
        if not isinstance(changed, list) or mrn not in changed:
            raise ApiError('the API did not confirm the change (setRoles did not list the token among its mrns)',
                           action=action, scope_mrn=scope_mrn)

    def _wait_for_a_lost_request(self, failure):
        """When the answer to an ambiguous change was lost on the way, the request may still land: give it time."""
        if failure.http_status is None:
            self._sleep(self._late_arrival_wait)
        elif failure.http_status != 200:
            self._sleep(min(self._late_arrival_wait, GATEWAY_ERROR_WAIT))

    def _execute(self, operation, variables, action, scope_mrn=None):
        """The transport's execute, with a permission denial explained in terms of the roles it needs."""
        try:
            return self.transport.execute(operation, variables, action, scope_mrn)
        except PermissionDeniedError as exc:
            raise _rebuilt(exc, _permission_denied_detail(operation, scope_mrn, exc.api_message), ambiguous=exc.ambiguous) from None

    # -- generate helpers ----------------------------------------------------------------------

    def _generate_once(self, variables, action, scope_mrn):
        data = self._execute(documents.GENERATE_API_TOKEN, variables, action, scope_mrn)
        token = dict(_object_field(data, 'generateAPIToken', action, scope_mrn), scopeMrn=scope_mrn)
        if not token.get('secret'):
            # Without its secret the new token is useless: remove it rather than leave an orphan.
            self.delete(token)
            raise ApiError('the API created the token but returned no secret; the token was deleted again',
                           action=action, scope_mrn=scope_mrn)
        return token

    def _mrns_named(self, scope_mrn, name):
        return set(token['mrn'] for token in self.find_by_name(scope_mrn, name))

    def _remove_orphans(self, scope_mrn, name, known_mrns, failure):
        """Delete the tokens named ``name`` that an ambiguous create may have made."""
        try:
            orphans = [token for token in self.find_by_name(scope_mrn, name) if token['mrn'] not in known_mrns]
            for orphan in orphans:
                self.delete(orphan)
        except MondooError as exc:
            raise _rebuilt(failure, "%s; then cleaning up failed (%s), so a token named '%s' may exist whose secret "
                                    'is lost: delete it' % (failure.detail, exc.detail, name), ambiguous=True)
        if orphans:
            self.warnings.append(
                "A request to generate API token '%s' in %s failed ambiguously (%s). It had created %s whose "
                'secret was lost; %s deleted and the token generated again.'
                % (name, describe_scope(scope_mrn), failure.detail, ', '.join(token['mrn'] for token in orphans),
                   'that token was' if len(orphans) == 1 else 'those tokens were'))
        return orphans

    def _remove_late_arrivals(self, scope_mrn, name, known_mrns, failure):
        """After a successful create that followed an ambiguous one: delete what the first made if it landed late."""
        try:
            self._remove_orphans(scope_mrn, name, known_mrns, failure)
        except MondooError:
            self.warnings.append(
                "A request to generate API token '%s' in %s failed ambiguously (%s) and the token was generated again; "
                'looking for a late arrival of the first request failed. If a second token of that name appears, '
                'delete the one whose MRN this task did not return.' % (name, describe_scope(scope_mrn), failure.detail))


def _permission_denied_detail(operation, scope_mrn, api_message):
    """'permission denied: managing API tokens in space x needs Editor or Owner (the API said: ...)'."""
    scope = describe_scope(scope_mrn) if scope_mrn else "the token's scope"
    if operation.is_mutation:
        need = 'managing API tokens in %s needs Editor or Owner, and a token cannot get a role above its creator\'s' % scope
    else:
        need = 'listing API tokens in %s needs Viewer, Editor or Owner' % scope
    return 'permission denied: %s (the API said: %s)' % (need, api_message or 'permission denied')


def _manage_permission_unknown(scope, reason):
    return ('could not tell whether this credential may manage API tokens in %s: the API did not answer whether it may '
            'list the service accounts there (%s)' % (scope, reason))


def order_input(order):
    """The API's APITokenOrder from a (field, direction) pair, e.g. ('created_at', 'desc')."""
    try:
        field, direction = order
    except (TypeError, ValueError):
        raise ConfigurationError('order must be a (field, direction) pair such as (created_at, desc)') from None
    field = str(field).strip().upper()
    direction = str(direction).strip().upper()
    if field not in ORDER_FIELDS:
        raise ConfigurationError('cannot order API tokens by %r; use one of %s'
                                 % (field.lower(), ', '.join(name.lower() for name in ORDER_FIELDS)))
    if direction not in ORDER_DIRECTIONS:
        raise ConfigurationError('order direction must be asc or desc, not %r' % direction.lower())
    return {'field': field, 'direction': direction}


def _generate_input(scope_mrn, name, description, role_mrns):
    generate_input = {'name': name, 'scopeMrn': scope_mrn}
    if description is not None:
        generate_input['description'] = description
    if role_mrns is not None:
        generate_input['roles'] = [{'mrn': role} for role in role_mrns]
    return generate_input


def _token_reference(token):
    """(MRN, label for messages, scope MRN or None) of a token given as MRN or dict."""
    if isinstance(token, dict):
        mrn = token.get('mrn')
        scope_mrn = token.get('scopeMrn')
        if token.get('name') and scope_mrn:
            return mrn, "API token '%s' in %s" % (token['name'], describe_scope(scope_mrn)), scope_mrn
        return mrn, 'API token %s' % mrn, scope_mrn
    return token, 'API token %s' % token, None


def _object_field(data, field, action, scope_mrn=None):
    value = data.get(field) if isinstance(data, dict) else None
    if not isinstance(value, dict):
        raise ApiError('the API answer has no %s object' % field, action=action, scope_mrn=scope_mrn)
    return value


def _require_true(data, field, action, scope_mrn):
    if not isinstance(data, dict) or data.get(field) is not True:
        raise ApiError('the API did not confirm the change (%s was not true)' % field,
                       action=action, scope_mrn=scope_mrn)


def _nodes(connection, action, scope_mrn):
    edges = connection.get('edges')
    if not isinstance(edges, list):
        raise ApiError('the API answer has no list of edges', action=action, scope_mrn=scope_mrn)
    return [edge['node'] for edge in edges if isinstance(edge, dict) and isinstance(edge.get('node'), dict)]


def _next_cursor(connection, action, scope_mrn):
    """The cursor of the next page, or None on the last page."""
    page_info = connection.get('pageInfo') or {}
    if not page_info.get('hasNextPage'):
        return None
    cursor = page_info.get('endCursor')
    if not cursor:
        raise ApiError('the API reported another page but no cursor to reach it', action=action, scope_mrn=scope_mrn)
    return cursor


def _rebuilt(error, detail, ambiguous):
    """A copy of ``error`` (same class and facts) with a new detail and ambiguity."""
    return type(error)(detail, action=error.action, scope_mrn=error.scope_mrn, http_status=error.http_status,
                       api_message=error.api_message, error_code=error.error_code, ambiguous=ambiguous,
                       after_ambiguous_attempt=error.after_ambiguous_attempt)
