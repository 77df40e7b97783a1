# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import json

import pytest

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from ansible_collections.mondoo.platform.plugins.module_utils._auth import ServiceAccountAuth, resolve_auth
from ansible_collections.mondoo.platform.plugins.module_utils._client import build_client
from ansible_collections.mondoo.platform.plugins.module_utils._errors import (
    AuthenticationError,
    ConfigurationError,
    InvalidArgumentError,
    MondooError,
    PermissionDeniedError,
    ServerError,
    TransportError,
)
from ansible_collections.mondoo.platform.plugins.module_utils._wif import (
    WorkloadIdentity,
    exchange,
    exchange_url,
    from_external_account,
    workload_identity,
)
from ansible_collections.mondoo.platform.tests.unit.plugins.module_utils.fakes import (
    SPACE,
    FakeResponse,
    FakeSession,
    connection_refused,
    data_response,
)

ISSUER = 'https://token.actions.githubusercontent.com'
# Shaped like a JWT; never appears in a message.
EXTERNAL_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmFjbWUvaW5mcmEifQ.c2lnbmF0dXJlLVNFQ1JFVA'
ACCOUNT_MRN = '//agents.api.mondoo.app/spaces/hungry-poet-123456/serviceaccounts/wif1'


@pytest.fixture
def no_config(tmp_path):
    return (str(tmp_path / 'none.yml'),)


@pytest.fixture(scope='module')
def issued():
    """The credential document an exchange answers with, as Mondoo's (space_mrn, not scope_mrn)."""
    key = ec.generate_private_key(ec.SECP384R1())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode('ascii')
    return {'mrn': ACCOUNT_MRN, 'parent_mrn': SPACE, 'space_mrn': SPACE, 'private_key': pem,
            'certificate': '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n', 'api_endpoint': 'https://us.api.mondoo.com'}


def answer(document):
    return FakeResponse(200, {'base64_credential': base64.b64encode(json.dumps(document).encode()).decode()})


def refusal(status, code, message):
    return FakeResponse(status, {'code': code, 'message': message, 'details': []})


def identity(**overrides):
    settings = dict(issuer_uri=ISSUER, audience=SPACE, token=EXTERNAL_TOKEN)
    settings.update(overrides)
    return workload_identity(settings, 'test')


# -- settings --------------------------------------------------------------------------------------


def test_settings_need_issuer_audience_and_a_token():
    with pytest.raises(ConfigurationError, match='needs issuer_uri and audience and token or token_file'):
        workload_identity({'issuer_uri': ' ', 'audience': None}, 'the options wif_token')
    with pytest.raises(ConfigurationError, match='must be an https:// URI'):
        identity(issuer_uri='http://issuer.example')


def test_the_token_file_is_read_when_the_exchange_happens(tmp_path):
    path = tmp_path / 'token'
    given = workload_identity({'issuer_uri': ISSUER, 'audience': SPACE, 'token_file': str(path)}, 'test')
    path.write_text(EXTERNAL_TOKEN + '\n')
    assert given.external_token() == EXTERNAL_TOKEN
    path.write_text('renewed.' + EXTERNAL_TOKEN.split('.', 1)[1])
    assert given.external_token().startswith('renewed.')


def test_a_missing_or_malformed_token_is_named_never_echoed(tmp_path):
    with pytest.raises(ConfigurationError, match='cannot read the workload identity token file .*: No such file'):
        workload_identity({'issuer_uri': ISSUER, 'audience': SPACE, 'token_file': str(tmp_path / 'gone')}, 'test').external_token()
    with pytest.raises(ConfigurationError) as caught:
        identity(token='not a jwt SECRET').external_token()
    assert 'is not a JWT' in str(caught.value) and 'SECRET' not in str(caught.value)


def test_repr_shows_no_token():
    assert EXTERNAL_TOKEN not in repr(identity()) and 'SECRET' not in repr(identity())


def test_mondoo_external_account_documents_are_workload_identities():
    document = {'type': 'external_account', 'audience': SPACE, 'issuerUri': ISSUER, 'jwtToken': EXTERNAL_TOKEN,
                'universeDomain': 'eu.api.mondoo.com'}
    found = from_external_account(document, 'file x')
    assert (found.issuer_uri, found.audience, found.external_token(), found.api_endpoint) == \
        (ISSUER, SPACE, EXTERNAL_TOKEN, 'https://eu.api.mondoo.com')
    assert from_external_account({'mrn': 'x'}, 'file x') is None


@pytest.mark.parametrize('endpoint', ['https://us.api.mondoo.com/query', 'https://us.api.mondoo.com/query/'])
def test_the_exchange_is_on_the_api_host_not_under_query(endpoint):
    assert exchange_url(endpoint) == 'https://us.api.mondoo.com/SecureTokenService/ExchangeExternalToken'


# -- discovery and precedence ----------------------------------------------------------------------


def test_wif_options_make_workload_identity_the_credential(no_config):
    found = resolve_auth({'wif_issuer_uri': ISSUER, 'wif_audience': SPACE, 'wif_token': EXTERNAL_TOKEN},
                         {'MONDOO_API_TOKEN': 'ignored'}, no_config)
    assert isinstance(found, WorkloadIdentity) and found.source == 'the options wif_issuer_uri, wif_audience, wif_token'


def test_a_wif_setting_not_given_as_an_option_comes_from_its_variable(tmp_path, no_config):
    path = tmp_path / 'k8s-token'
    path.write_text(EXTERNAL_TOKEN)
    found = resolve_auth({'wif_issuer_uri': ISSUER}, {'MONDOO_WIF_AUDIENCE': SPACE, 'MONDOO_WIF_TOKEN_FILE': str(path)}, no_config)
    assert (found.audience, found.token_file, found.external_token()) == (SPACE, str(path), EXTERNAL_TOKEN)


def test_wif_options_and_another_explicit_credential_are_mutually_exclusive(no_config):
    with pytest.raises(ConfigurationError, match='the options api_token and wif_\\* are mutually exclusive'):
        resolve_auth({'api_token': 'x', 'wif_issuer_uri': ISSUER}, {}, no_config)


def test_in_the_environment_wif_comes_after_the_credential_documents_and_before_the_api_token(tmp_path, no_config):
    environ = {'MONDOO_WIF_ISSUER_URI': ISSUER, 'MONDOO_WIF_AUDIENCE': SPACE, 'JWT_TOKEN': EXTERNAL_TOKEN,
               'MONDOO_API_TOKEN': 'a-long-lived-token'}
    found = resolve_auth({}, environ, no_config)
    assert isinstance(found, WorkloadIdentity) and found.source == 'environment variable MONDOO_WIF_ISSUER_URI'
    assert found.external_token() == EXTERNAL_TOKEN, 'JWT_TOKEN, where Mondoo clients look, when MONDOO_WIF_TOKEN is unset'
    document = tmp_path / 'external.json'
    document.write_text(json.dumps({'type': 'external_account', 'audience': SPACE, 'issuerUri': 'https://other.example',
                                    'jwtToken': EXTERNAL_TOKEN}))
    found = resolve_auth({}, dict(environ, MONDOO_CONFIG_PATH=str(document)), no_config)
    assert (found.issuer_uri, found.source) == ('https://other.example', 'environment variable MONDOO_CONFIG_PATH')
    assert resolve_auth({}, dict(environ, MONDOO_WIF_ISSUER_URI=''), no_config).kind == 'api_token'


def test_without_an_issuer_the_wif_variables_are_not_a_credential(no_config):
    with pytest.raises(ConfigurationError, match='no Mondoo credential found.*MONDOO_WIF_ISSUER_URI'):
        resolve_auth({}, {'MONDOO_WIF_AUDIENCE': SPACE, 'JWT_TOKEN': EXTERNAL_TOKEN}, no_config)


# -- the exchange ----------------------------------------------------------------------------------


def test_the_exchange_posts_the_three_fields_without_authorization(issued):
    session = FakeSession(answer(issued))
    document = exchange(identity(), session, 'https://us.api.mondoo.com/query', 30, True)
    assert document == issued
    (call,) = session.calls
    assert call['url'] == 'https://us.api.mondoo.com/SecureTokenService/ExchangeExternalToken'
    assert call['json'] == {'audience': SPACE, 'issuer_uri': ISSUER, 'jwt_token': EXTERNAL_TOKEN}
    assert 'Authorization' not in call['headers'] and call['headers']['Content-Type'] == 'application/json'
    assert (call['timeout'], call['verify'], call['allow_redirects']) == (30, True, False)


@pytest.mark.parametrize('response, error_class, words', [
    (refusal(400, 3, 'jwt_token is required'), InvalidArgumentError, 'malformed'),
    (refusal(401, 16, 'unknown issuer https://token.actions.githubusercontent.com'), AuthenticationError, 'does not know the issuer'),
    (refusal(403, 7, 'no workload identity binding for subject repo:acme/infra'), PermissionDeniedError, 'no workload identity binding'),
    (FakeResponse(503, not_json=True), ServerError, 'the exchange failed'),
])
def test_refusals_name_issuer_audience_and_reason_never_the_token(response, error_class, words):
    with pytest.raises(error_class) as caught:
        exchange(identity(), FakeSession(response), 'https://us.api.mondoo.com/query', 30, True)
    message = str(caught.value)
    assert ISSUER in message and SPACE in message and words in message
    assert EXTERNAL_TOKEN not in message and 'SECRET' not in message
    assert caught.value.http_status == response.status_code


def test_an_unreachable_exchange_says_so_without_the_request(issued):
    with pytest.raises(TransportError) as caught:
        exchange(identity(), FakeSession(connection_refused()), 'https://us.api.mondoo.com/query', 30, True)
    assert 'could not be reached (ConnectionError)' in str(caught.value) and 'SECRET' not in str(caught.value)


@pytest.mark.parametrize('body', [{}, {'base64_credential': '%%%'}, {'base64_credential': base64.b64encode(b'[1]').decode()}])
def test_an_answer_without_a_credential_is_an_error(body):
    with pytest.raises(MondooError, match='without a usable base64_credential'):
        exchange(identity(), FakeSession(FakeResponse(200, body)), 'https://us.api.mondoo.com/query', 30, True)


def test_a_client_on_wif_exchanges_once_and_signs_with_the_issued_account(issued, no_config):
    session = FakeSession(answer(issued), data_response({'apiTokens': None}))
    client = build_client({'wif_issuer_uri': ISSUER, 'wif_audience': SPACE, 'wif_token': EXTERNAL_TOKEN}, {}, no_config,
                          session=session)
    auth = client.transport._auth
    assert isinstance(auth, ServiceAccountAuth) and auth.credential.mrn == ACCOUNT_MRN
    assert auth.credential.scope_mrn == SPACE, "the answer's space_mrn is the scope"
    assert len(session.calls) == 1, 'the exchange happens once, before the first request'
    assert EXTERNAL_TOKEN not in repr(client.transport) + repr(auth)


@pytest.mark.parametrize('options, verify', [({}, True), ({'validate_certs': False}, False)])
def test_the_exchange_verifies_tls_as_the_requests_do(issued, no_config, options, verify):
    session = FakeSession(answer(issued))
    build_client(dict(options, wif_issuer_uri=ISSUER, wif_audience=SPACE, wif_token=EXTERNAL_TOKEN), {}, no_config, session=session)
    assert session.calls[0]['verify'] is verify
