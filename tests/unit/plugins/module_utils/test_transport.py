# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import traceback

from email.utils import formatdate

import pytest

from ansible_collections.mondoo.platform.plugins.module_utils import _documents as documents
from ansible_collections.mondoo.platform.plugins.module_utils import _transport
from ansible_collections.mondoo.platform.plugins.module_utils._errors import (
    ApiError,
    AuthenticationError,
    InvalidArgumentError,
    MissingLibraryError,
    MondooError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    SchemaMismatchError,
    ServerError,
    TransportError,
)
from ansible_collections.mondoo.platform.plugins.module_utils._parsing import is_loopback
from ansible_collections.mondoo.platform.plugins.module_utils._transport import (
    GraphQLTransport,
    RetryPolicy,
    parse_retry_after,
)
from ansible_collections.mondoo.platform.plugins.module_utils._version import USER_AGENT
from ansible_collections.mondoo.platform.tests.unit.plugins.module_utils.fakes import (
    ENDPOINT,
    SECRET_TOKEN,
    SPACE,
    FakeClock,
    FakeResponse,
    FakeSession,
    StaticAuth,
    connection_dropped,
    connection_refused,
    data_response,
    graphql_error_response,
    invalid_header_with_secret,
    name_not_resolved,
    read_timeout,
    status_response,
    tls_failure,
)

READ = documents.LIST_API_TOKENS
GENERATE = documents.GENERATE_API_TOKEN
OK = {'apiTokens': {'edges': []}}
GENERATE_ACTION = "generate API token 'ci-runner' in space hungry-poet-123456"


def make_transport(*outcomes, **kwargs):
    clock = kwargs.pop('clock', None) or FakeClock()
    session = FakeSession(*outcomes, on_post=kwargs.pop('on_post', None))
    transport = GraphQLTransport(
        ENDPOINT, StaticAuth(), session=session, sleep=clock.sleep, clock=clock.monotonic,
        wall_clock=clock.wall, rand=lambda: 1.0, **kwargs)
    return transport, session, clock


def run(transport, operation=READ):
    return transport.execute(operation, {'scopeMrn': SPACE}, 'list API tokens in space hungry-poet-123456', SPACE)


def assert_no_secret(error):
    text = ' '.join([str(error), repr(error), ''.join(traceback.format_exception(type(error), error, error.__traceback__))])
    assert SECRET_TOKEN not in text
    assert 'Authorization' not in text
    context = error.__context__
    while context is not None:
        assert SECRET_TOKEN not in str(context) and SECRET_TOKEN not in repr(context)
        assert not hasattr(context, 'request'), 'a requests exception (holding the headers) is chained'
        context = context.__context__


# -- the request ---------------------------------------------------------------------------------


def test_posts_graphql_json_with_bearer_token():
    transport, session, dummy = make_transport(data_response(OK), timeout=12)
    assert run(transport) == OK
    call = session.calls[0]
    assert call['url'] == ENDPOINT
    assert call['json'] == {'query': READ.document, 'variables': {'scopeMrn': SPACE}, 'operationName': 'APITokens'}
    assert call['headers']['Authorization'] == 'Bearer ' + SECRET_TOKEN
    assert call['headers']['Content-Type'] == 'application/json'
    assert call['timeout'] == 12
    assert call['verify'] is True
    assert call['allow_redirects'] is False


def test_the_date_of_the_last_answer_with_data_is_kept():
    dated = data_response(OK)
    dated.headers['Date'] = 'Mon, 30 Nov 2026 06:50:41 GMT'
    refused = graphql_error_response('rpc error: code = NotFound desc = gone')
    refused.headers['Date'] = 'Mon, 30 Nov 2026 06:51:00 GMT'
    transport, dummy, dummy = make_transport(dated, refused)
    assert transport.last_answer_date is None
    run(transport)
    assert transport.last_answer_date == 'Mon, 30 Nov 2026 06:50:41 GMT'
    with pytest.raises(NotFoundError):
        run(transport)
    assert transport.last_answer_date == 'Mon, 30 Nov 2026 06:50:41 GMT'


@pytest.mark.parametrize('validate_certs, ca_path, expected', [
    (True, None, True),
    (True, '/etc/ca.pem', '/etc/ca.pem'),
    (False, '/etc/ca.pem', False),
    (False, None, False),
])
def test_tls_verification_setting_is_sent_with_every_request(validate_certs, ca_path, expected):
    transport, session, dummy = make_transport(data_response(OK), validate_certs=validate_certs, ca_path=ca_path)
    run(transport)
    assert session.calls[0]['verify'] == expected


def test_real_session_has_user_agent_and_trusts_environment_proxies():
    transport = GraphQLTransport(ENDPOINT, StaticAuth())
    assert transport._session.headers['User-Agent'] == USER_AGENT
    assert USER_AGENT.startswith('mondoo.platform-ansible/')
    assert transport._session.trust_env is True
    transport.close()


def test_missing_requests_is_reported(monkeypatch):
    monkeypatch.setattr(_transport, 'HAS_REQUESTS', False)
    monkeypatch.setattr(_transport, 'REQUESTS_IMPORT_ERROR', 'Traceback: ImportError')
    with pytest.raises(MissingLibraryError) as caught:
        GraphQLTransport(ENDPOINT, StaticAuth())
    assert caught.value.library == 'requests'
    assert caught.value.import_traceback == 'Traceback: ImportError'


def test_repr_hides_credential():
    transport, dummy, dummy2 = make_transport()
    assert SECRET_TOKEN not in repr(transport)


# -- retries -------------------------------------------------------------------------------------


@pytest.mark.parametrize('status', [408, 429, 500, 502, 503, 504])
def test_retryable_status_is_retried(status):
    transport, session, clock = make_transport(status_response(status), data_response(OK))
    assert run(transport) == OK
    assert len(session.calls) == 2
    assert clock.sleeps == [1.0]


@pytest.mark.parametrize('status', [400, 401, 403, 404, 405, 413, 422])
def test_other_status_is_not_retried(status):
    transport, session, dummy = make_transport(status_response(status, code='BAD_REQUEST'))
    with pytest.raises(Exception):
        run(transport)
    assert len(session.calls) == 1


@pytest.mark.parametrize('failure', [connection_refused, connection_dropped, read_timeout])
def test_connection_failures_are_retried_for_safe_operations(failure):
    transport, session, clock = make_transport(failure(), data_response(OK))
    assert run(transport) == OK
    assert len(session.calls) == 2


def test_backoff_grows_exponentially_with_jitter():
    transport, session, clock = make_transport(*([status_response(503)] * 4 + [data_response(OK)]))
    transport._rand = iter([0.0, 1.0, 0.5, 1.0]).__next__
    run(transport)
    # ceilings 1, 2, 4, 8; jitter keeps 50 % to 100 % of each
    assert clock.sleeps == [0.5, 2.0, 3.0, 8.0]


def test_backoff_is_capped():
    policy = RetryPolicy(max_delay=30.0)
    assert policy.backoff(10, lambda: 1.0) == 30.0


def test_exhausting_attempts_raises_last_error():
    transport, session, clock = make_transport(*[status_response(503)] * 5, retry_policy=RetryPolicy(retries=4))
    with pytest.raises(ServerError) as caught:
        run(transport)
    assert len(session.calls) == 5
    assert len(clock.sleeps) == 4
    assert caught.value.http_status == 503
    assert str(caught.value) == ('Failed to list API tokens in space hungry-poet-123456: injected fault; '
                                 'gave up after 5 attempts (HTTP 503)')
    assert caught.value.ambiguous is False  # a read is never ambiguous


def test_retries_zero_sends_once():
    transport, session, dummy = make_transport(status_response(503), retry_policy=RetryPolicy(retries=0))
    with pytest.raises(ServerError):
        run(transport)
    assert len(session.calls) == 1


def test_total_time_bound_stops_retrying():
    clock = FakeClock()
    outcomes = [status_response(503)] * 10
    transport, session, clock = make_transport(
        *outcomes, clock=clock, on_post=lambda: clock.advance(2),
        retry_policy=RetryPolicy(retries=9, max_retry_time=20))
    with pytest.raises(ServerError):
        run(transport)
    # attempt 1 ends at 2 s, wait 1 -> attempt 2 ends at 5, wait 2 -> attempt 3 ends at 9,
    # wait 4 -> attempt 4 ends at 15; another wait of 8 would pass 20 s.
    assert len(session.calls) == 4
    assert clock.sleeps == [1.0, 2.0, 4.0]


def test_rate_limit_exhausted_is_rate_limited_error():
    transport, session, dummy = make_transport(*[status_response(429)] * 2, retry_policy=RetryPolicy(retries=1))
    with pytest.raises(RateLimitedError) as caught:
        run(transport)
    assert isinstance(caught.value, ServerError)
    assert caught.value.http_status == 429


def test_connection_failure_exhausted_is_transport_error():
    transport, session, dummy = make_transport(*[connection_refused() for dummy in range(3)],
                                               retry_policy=RetryPolicy(retries=2))
    with pytest.raises(TransportError) as caught:
        run(transport)
    assert 'could not connect to https://us.api.mondoo.com:443: [Errno 111] Connection refused' in str(caught.value)
    assert_no_secret(caught.value)


def test_tls_failure_is_not_retried():
    transport, session, dummy = make_transport(tls_failure())
    with pytest.raises(TransportError) as caught:
        run(transport)
    assert len(session.calls) == 1
    assert 'TLS connection to https://us.api.mondoo.com:443 failed' in str(caught.value)
    assert_no_secret(caught.value)


# -- Retry-After ---------------------------------------------------------------------------------


def test_retry_after_seconds_is_honoured():
    transport, session, clock = make_transport(status_response(429, {'Retry-After': '7'}), data_response(OK))
    run(transport)
    assert clock.sleeps == [7.0]


def test_retry_after_http_date_is_honoured():
    clock = FakeClock()
    date = formatdate(FakeClock.WALL_EPOCH + 12, usegmt=True)
    transport, session, clock = make_transport(status_response(503, {'Retry-After': date}), data_response(OK), clock=clock)
    run(transport)
    assert clock.sleeps == [12.0]


def test_retry_after_is_clamped_to_the_maximum_delay():
    transport, session, clock = make_transport(status_response(429, {'Retry-After': '3600'}), data_response(OK),
                                               retry_policy=RetryPolicy(max_delay=30.0, max_retry_time=60))
    run(transport)
    assert clock.sleeps == [30.0]


def test_retry_after_beyond_the_time_budget_gives_up():
    transport, session, clock = make_transport(status_response(429, {'Retry-After': '25'}),
                                               retry_policy=RetryPolicy(max_retry_time=20))
    with pytest.raises(RateLimitedError):
        run(transport)
    assert clock.sleeps == []


def test_unreadable_retry_after_falls_back_to_backoff():
    transport, session, clock = make_transport(status_response(503, {'Retry-After': 'soon'}), data_response(OK))
    run(transport)
    assert clock.sleeps == [1.0]


@pytest.mark.parametrize('value, expected', [
    ('0', 0.0),
    ('120', 120.0),
    (' 5 ', 5.0),
    (formatdate(1000 + 30, usegmt=True), 30.0),
    (formatdate(1000 - 30, usegmt=True), 0.0),  # a date in the past means "now"
    ('Thu, 01 Jan 1970 00:17:00 -0000', 20.0),
    ('', None),
    (None, None),
    ('-5', None),
    ('later', None),
])
def test_parse_retry_after(value, expected):
    assert parse_retry_after(value, 1000) == expected


# -- operations that are not safe to repeat ---------------------------------------------------------


@pytest.mark.parametrize('outcome, error_class', [
    (status_response(503), ServerError),
    (status_response(500), ServerError),
    (status_response(502), ServerError),
    (status_response(504), ServerError),
    (status_response(408), ServerError),
    (status_response(429), RateLimitedError),
    (FakeResponse(200, not_json=True), ApiError),
    (FakeResponse(200, {'data': None}), ApiError),
])
def test_generate_is_not_retried_and_failure_is_ambiguous(outcome, error_class):
    transport, session, clock = make_transport(outcome, data_response(OK))
    with pytest.raises(error_class) as caught:
        transport.execute(GENERATE, {'input': {}}, GENERATE_ACTION, SPACE)
    assert len(session.calls) == 1
    assert clock.sleeps == []
    assert caught.value.ambiguous is True


@pytest.mark.parametrize('failure', [read_timeout, connection_dropped])
def test_generate_lost_answer_is_ambiguous_transport_error(failure):
    transport, session, dummy = make_transport(failure(), data_response(OK))
    with pytest.raises(TransportError) as caught:
        transport.execute(GENERATE, {'input': {}}, GENERATE_ACTION, SPACE)
    assert len(session.calls) == 1
    assert caught.value.ambiguous is True
    assert_no_secret(caught.value)


def test_generate_is_retried_when_the_connection_never_opened():
    transport, session, dummy = make_transport(connection_refused(), data_response({'generateAPIToken': {}}))
    transport.execute(GENERATE, {'input': {}}, GENERATE_ACTION, SPACE)
    assert len(session.calls) == 2


def test_generate_connection_never_opened_is_not_ambiguous():
    transport, session, dummy = make_transport(connection_refused(), retry_policy=RetryPolicy(retries=0))
    with pytest.raises(TransportError) as caught:
        transport.execute(GENERATE, {'input': {}}, GENERATE_ACTION, SPACE)
    assert caught.value.ambiguous is False


@pytest.mark.parametrize('outcome', [
    graphql_error_response('permission denied: x', 'PERMISSION_DENIED'),
    graphql_error_response('invalid argument: x', 'INVALID_ARGUMENT'),
    status_response(401, code='UNAUTHENTICATED'),
    status_response(403, code='PERMISSION_DENIED'),
    status_response(422, code='GRAPHQL_VALIDATION_FAILED'),
    status_response(400, code='BAD_REQUEST'),
])
def test_generate_clear_refusal_is_not_ambiguous(outcome):
    transport, session, dummy = make_transport(outcome)
    with pytest.raises(Exception) as caught:
        transport.execute(GENERATE, {'input': {}}, GENERATE_ACTION, SPACE)
    assert caught.value.ambiguous is False


def test_safe_mutation_failure_after_retries_is_ambiguous():
    transport, session, dummy = make_transport(*[status_response(503)] * 2, retry_policy=RetryPolicy(retries=1))
    with pytest.raises(ServerError) as caught:
        transport.execute(documents.UPDATE_API_TOKEN, {'input': {}}, 'update API token x')
    assert len(session.calls) == 2
    assert caught.value.ambiguous is True


# -- errors in answers ---------------------------------------------------------------------------


@pytest.mark.parametrize('code, error_class', [
    ('PERMISSION_DENIED', PermissionDeniedError),
    ('NOT_FOUND', NotFoundError),
    ('INVALID_ARGUMENT', InvalidArgumentError),
    ('UNAUTHENTICATED', AuthenticationError),
    ('INTERNAL', ServerError),
    ('SOMETHING_NEW', ApiError),
])
def test_graphql_error_codes_in_200_answers(code, error_class):
    transport, session, dummy = make_transport(graphql_error_response('it went wrong', code))
    with pytest.raises(error_class) as caught:
        run(transport)
    assert caught.type is error_class
    assert caught.value.error_code == code
    assert caught.value.api_message == 'it went wrong'
    assert caught.value.http_status == 200
    assert len(session.calls) == 1


@pytest.mark.parametrize('message, error_class', [
    ('permission denied: needs Editor', PermissionDeniedError),
    ('rpc error: code = PermissionDenied desc = Permission Denied', PermissionDeniedError),
    ('not found: token', NotFoundError),
    ('unauthenticated: expired', AuthenticationError),
    ('invalid argument: empty name', InvalidArgumentError),
    ('something odd', ApiError),
])
def test_graphql_errors_without_code_are_recognised_by_message(message, error_class):
    transport, session, dummy = make_transport(graphql_error_response(message))
    with pytest.raises(error_class):
        run(transport)


def test_error_message_names_action_scope_and_api_text():
    message = 'permission denied: managing API tokens in space hungry-poet-123456 needs Editor or Owner'
    transport, session, dummy = make_transport(graphql_error_response(message, 'PERMISSION_DENIED'))
    with pytest.raises(PermissionDeniedError) as caught:
        transport.execute(GENERATE, {'input': {}}, GENERATE_ACTION, SPACE)
    assert str(caught.value) == ("Failed to generate API token 'ci-runner' in space hungry-poet-123456: "
                                 "permission denied: managing API tokens in space hungry-poet-123456 needs Editor or Owner")
    assert caught.value.scope_mrn == SPACE


def test_several_graphql_errors_are_joined():
    answer = FakeResponse(200, {'errors': [{'message': 'first'}, {'message': 'second'}, {'message': 'first'}]})
    transport, dummy, dummy2 = make_transport(answer)
    with pytest.raises(ApiError) as caught:
        run(transport)
    assert caught.value.api_message == 'first; second'


def test_http_401_carries_status_and_api_message():
    transport, dummy, dummy2 = make_transport(status_response(401, code='UNAUTHENTICATED'))
    with pytest.raises(AuthenticationError) as caught:
        run(transport)
    assert str(caught.value) == ('Failed to list API tokens in space hungry-poet-123456: the API did not accept the credential '
                                 'from test: injected fault (HTTP 401)')
    assert caught.value.http_status == 401


def test_http_status_without_body_uses_reason_phrase():
    transport, dummy, dummy2 = make_transport(FakeResponse(403, not_json=True))
    with pytest.raises(PermissionDeniedError) as caught:
        run(transport)
    assert str(caught.value).endswith(': forbidden (HTTP 403)')


def test_bare_http_404_is_not_taken_for_a_missing_token():
    transport, dummy, dummy2 = make_transport(FakeResponse(404, not_json=True))
    with pytest.raises(ApiError) as caught:
        run(transport)
    assert not isinstance(caught.value, NotFoundError)


def test_redirect_is_reported_not_followed():
    transport, session, dummy = make_transport(FakeResponse(301, not_json=True, headers={'Location': 'https://x/query'}))
    with pytest.raises(ApiError) as caught:
        run(transport)
    assert 'redirected to https://x/query' in str(caught.value)
    assert session.calls[0]['allow_redirects'] is False


@pytest.mark.parametrize('response', [
    FakeResponse(200, not_json=True),
    FakeResponse(200, ['not', 'an', 'object']),
    FakeResponse(200, {'data': None}),
    FakeResponse(200, {}),
])
def test_malformed_answers_are_api_errors(response):
    transport, dummy, dummy2 = make_transport(response)
    with pytest.raises(ApiError):
        run(transport)


def test_long_api_messages_are_truncated():
    transport, dummy, dummy2 = make_transport(graphql_error_response('x' * 5000))
    with pytest.raises(ApiError) as caught:
        run(transport)
    assert len(caught.value.api_message) == _transport.MAX_API_MESSAGE_LENGTH


# -- no secret in any error ----------------------------------------------------------------------


@pytest.mark.parametrize('outcome', [
    connection_refused, connection_dropped, read_timeout, tls_failure, invalid_header_with_secret,
    lambda: status_response(401, code='UNAUTHENTICATED'),
    lambda: status_response(503),
    lambda: graphql_error_response('permission denied: x', 'PERMISSION_DENIED'),
])
def test_errors_never_contain_the_token(outcome):
    transport, dummy, dummy2 = make_transport(*[outcome() for dummy in range(5)])
    with pytest.raises(Exception) as caught:
        transport.execute(GENERATE, {'input': {}}, GENERATE_ACTION, SPACE)
    assert_no_secret(caught.value)
    assert caught.value.__cause__ is None


# -- gRPC status text, as Mondoo words its errors -----------------------------------------------


@pytest.mark.parametrize('grpc_code, extensions_code, error_class', [
    ('NotFound', 'NOT_FOUND', NotFoundError),
    ('PermissionDenied', 'PERMISSION_DENIED', PermissionDeniedError),
    ('Unauthenticated', 'UNAUTHENTICATED', AuthenticationError),
    ('InvalidArgument', 'INVALID_ARGUMENT', InvalidArgumentError),
    ('ResourceExhausted', 'RESOURCE_EXHAUSTED', RateLimitedError),
    ('Unavailable', 'UNAVAILABLE', ServerError),
    ('Internal', 'INTERNAL', ServerError),
    ('FailedPrecondition', 'FAILED_PRECONDITION', ApiError),
])
def test_grpc_text_and_extensions_code_give_the_same_class(grpc_code, extensions_code, error_class):
    outcomes = []
    for response in (graphql_error_response('rpc error: code = %s desc = it went wrong' % grpc_code),
                     graphql_error_response('it went wrong', extensions_code)):
        transport, session, dummy = make_transport(*[response] * 5, retry_policy=RetryPolicy(retries=0))
        with pytest.raises(MondooError) as caught:
            run(transport)
        outcomes.append((type(caught.value), caught.value.error_code))
    assert outcomes == [(error_class, extensions_code)] * 2


def test_grpc_text_is_kept_as_the_api_message():
    message = 'rpc error: code = NotFound desc = API token //captain.api.mondoo.app/spaces/x/apitokens/y'
    transport, session, dummy = make_transport(graphql_error_response(message))
    with pytest.raises(NotFoundError) as caught:
        run(transport)
    assert caught.value.api_message == message


@pytest.mark.parametrize('message', [
    'rpc error: code = ResourceExhausted desc = slow down',
    'rpc error: code = Unavailable desc = backend restarting',
])
def test_transient_grpc_codes_are_retried_for_reads(message):
    transport, session, clock = make_transport(graphql_error_response(message), data_response(OK))
    assert run(transport) == OK
    assert len(session.calls) == 2
    assert clock.sleeps == [1.0]


def test_resource_exhausted_is_a_refusal_so_a_generate_is_retried_and_not_ambiguous():
    transport, session, dummy = make_transport(
        graphql_error_response('rpc error: code = ResourceExhausted desc = slow down'),
        data_response({'generateAPIToken': {}}))
    transport.execute(GENERATE, {'input': {}}, GENERATE_ACTION, SPACE)
    assert len(session.calls) == 2

    transport, session, dummy = make_transport(
        *[graphql_error_response('rpc error: code = ResourceExhausted desc = slow down')] * 2,
        retry_policy=RetryPolicy(retries=1))
    with pytest.raises(RateLimitedError) as caught:
        transport.execute(GENERATE, {'input': {}}, GENERATE_ACTION, SPACE)
    assert caught.value.ambiguous is False


@pytest.mark.parametrize('message', [
    'rpc error: code = Unavailable desc = backend restarting',
    'rpc error: code = Internal desc = oops',
    'rpc error: code = DeadlineExceeded desc = too slow',
])
def test_grpc_codes_that_leave_the_outcome_open_make_a_generate_ambiguous_and_unrepeated(message):
    transport, session, dummy = make_transport(graphql_error_response(message), data_response(OK))
    with pytest.raises(ServerError) as caught:
        transport.execute(GENERATE, {'input': {}}, GENERATE_ACTION, SPACE)
    assert len(session.calls) == 1
    assert caught.value.ambiguous is True


# -- schema drift ---------------------------------------------------------------------------------


@pytest.mark.parametrize('response', [
    FakeResponse(422, {'errors': [{'message': "Cannot query field 'lastUsed' on type 'APIToken'."}]}),
    FakeResponse(400, {'errors': [{'message': 'Cannot query field "lastUsed" on type "APIToken".'}]}),
    FakeResponse(200, {'data': None, 'errors': [{'message': "Unknown argument 'query' on field 'Query.apiTokens'."}]}),
    FakeResponse(422, {'errors': [{'message': "Field 'setRoles' must not have a selection since type 'Boolean!' has no subfields."}]}),
    FakeResponse(422, {'errors': [{'message': "Unknown type 'APITokenOrder'."}]}),
    FakeResponse(422, {'errors': [{'message': 'whatever the server says', 'extensions': {'code': 'GRAPHQL_VALIDATION_FAILED'}}]}),
])
def test_a_document_the_api_refuses_at_validation_is_a_schema_mismatch(response):
    transport, session, clock = make_transport(response, data_response(OK))
    with pytest.raises(SchemaMismatchError) as caught:
        transport.execute(GENERATE, {'input': {}}, GENERATE_ACTION, SPACE)
    message = str(caught.value)
    assert message.startswith("Failed to generate API token 'ci-runner' in space hungry-poet-123456: the Mondoo API's schema "
                              'differs from what this version of the collection (mondoo.platform 1.0.0) expects; the API said: ')
    assert caught.value.api_message in message
    assert 'Run `ansible-playbook mondoo.platform.live_check` with the same credential to list every difference' in message
    assert isinstance(caught.value, ApiError)
    assert caught.value.ambiguous is False
    assert len(session.calls) == 1
    assert clock.sleeps == []


def test_a_resolver_error_that_sounds_like_validation_is_not_a_schema_mismatch():
    transport, dummy, dummy2 = make_transport(graphql_error_response("Cannot query field 'x': backend says no", path=('apiTokens',)))
    with pytest.raises(ApiError) as caught:
        run(transport)
    assert not isinstance(caught.value, SchemaMismatchError)


# -- where the endpoint came from, and what kind of failure to retry ------------------------------


def test_connection_errors_name_the_url_and_where_the_endpoint_came_from():
    transport, dummy, dummy2 = make_transport(connection_refused(), retry_policy=RetryPolicy(retries=0),
                                              endpoint_source='environment variable MONDOO_API_ENDPOINT')
    with pytest.raises(TransportError) as caught:
        run(transport)
    assert str(caught.value) == ('Failed to list API tokens in space hungry-poet-123456: could not connect to '
                                 'https://us.api.mondoo.com:443 (the endpoint from environment variable MONDOO_API_ENDPOINT): '
                                 '[Errno 111] Connection refused')


def test_a_name_that_does_not_resolve_fails_at_once():
    transport, session, clock = make_transport(name_not_resolved(), data_response(OK), endpoint_source='region us')
    with pytest.raises(TransportError) as caught:
        run(transport)
    assert len(session.calls) == 1
    assert clock.sleeps == []
    assert 'could not resolve the host name of https://us.api.mondoo.com:443 (the endpoint from region us)' in str(caught.value)
    assert_no_secret(caught.value)


def test_a_refused_connection_to_a_remote_host_is_retried_only_briefly():
    transport, session, clock = make_transport(*[connection_refused() for dummy in range(10)],
                                               retry_policy=RetryPolicy(retries=9, max_retry_time=60))
    with pytest.raises(TransportError):
        run(transport)
    assert sum(clock.sleeps) <= _transport.REFUSED_RETRY_TIME
    assert len(session.calls) == 3


def test_a_refused_connection_to_loopback_gets_every_retry():
    clock = FakeClock()
    session = FakeSession(*[connection_refused() for dummy in range(5)])
    transport = GraphQLTransport('http://127.0.0.1:8080/query', StaticAuth(), session=session, sleep=clock.sleep,
                                 clock=clock.monotonic, wall_clock=clock.wall, rand=lambda: 1.0)
    with pytest.raises(TransportError):
        run(transport)
    assert len(session.calls) == 5


@pytest.mark.parametrize('response', [
    FakeResponse(404, not_json=True),
    FakeResponse(405, not_json=True),
    FakeResponse(404, {'errors': [{'message': 'not found', 'extensions': {'code': 'NOT_FOUND'}}]}),
])
def test_a_404_says_the_url_is_not_a_mondoo_endpoint(response):
    transport, dummy, dummy2 = make_transport(response, endpoint_source='option endpoint')
    with pytest.raises(ApiError) as caught:
        run(transport)
    assert not isinstance(caught.value, NotFoundError)
    assert ('https://us.api.mondoo.com:443/query (the endpoint from option endpoint) does not look like a Mondoo GraphQL endpoint'
            in str(caught.value))


def test_a_401_names_the_credential_source():
    transport, dummy, dummy2 = make_transport(FakeResponse(401, {'errors': [
        {'message': 'rpc error: code = Unauthenticated desc = request permission unauthenticated'}]}))
    transport._auth.source = 'environment variable MONDOO_API_TOKEN'
    with pytest.raises(AuthenticationError) as caught:
        run(transport)
    assert ('the API did not accept the credential from environment variable MONDOO_API_TOKEN: '
            'rpc error: code = Unauthenticated desc = request permission unauthenticated (HTTP 401)') in str(caught.value)


def test_an_unauthenticated_graphql_error_names_the_credential_source_too():
    transport, dummy, dummy2 = make_transport(graphql_error_response('rpc error: code = Unauthenticated desc = expired'))
    with pytest.raises(AuthenticationError) as caught:
        run(transport)
    assert 'the API did not accept the credential from test: ' in str(caught.value)


@pytest.mark.parametrize('host, expected', [
    ('127.0.0.1', True), ('127.1.2.3', True), ('::1', True), ('localhost', True),
    ('10.0.0.1', False), ('us.api.mondoo.com', False), ('localhost.example.com', False),
])
def test_is_loopback(host, expected):
    assert is_loopback(host) is expected


# -- a lost answer, then "not found" --------------------------------------------------------------


def test_not_found_after_a_lost_answer_to_a_mutation_says_so():
    transport, dummy, dummy2 = make_transport(
        connection_dropped(), graphql_error_response('rpc error: code = NotFound desc = API token x'))
    with pytest.raises(NotFoundError) as caught:
        transport.execute(documents.DELETE_API_TOKEN, {'input': {'mrn': 'x'}}, 'delete API token x')
    assert caught.value.after_ambiguous_attempt is True


def test_not_found_at_the_first_attempt_is_plain():
    transport, dummy, dummy2 = make_transport(graphql_error_response('rpc error: code = NotFound desc = API token x'))
    with pytest.raises(NotFoundError) as caught:
        transport.execute(documents.DELETE_API_TOKEN, {'input': {'mrn': 'x'}}, 'delete API token x')
    assert caught.value.after_ambiguous_attempt is False
