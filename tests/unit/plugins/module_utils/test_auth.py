# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import json

import jwt
import pytest

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from ansible_collections.mondoo.platform.plugins.module_utils import _auth
from ansible_collections.mondoo.platform.plugins.module_utils._auth import (
    ApiTokenAuth,
    ServiceAccountAuth,
    load_service_account,
    load_service_account_file,
    check_transport_security,
    normalize_endpoint,
    resolve_auth,
    resolve_connection,
    resolve_endpoint,
    sign_service_account_jwt,
)
from ansible_collections.mondoo.platform.plugins.module_utils._errors import ConfigurationError, MissingLibraryError
from ansible_collections.mondoo.platform.plugins.module_utils._transport import GraphQLTransport
from ansible_collections.mondoo.platform.tests.unit.plugins.module_utils.fakes import (
    SECRET_TOKEN,
    FakeSession,
    data_response,
)
from ansible_collections.mondoo.platform.plugins.module_utils import _documents as documents

ACCOUNT_MRN = '//agents.api.mondoo.app/spaces/hungry-poet-123456/serviceaccounts/2abc'
NOW = 1800000000


def pem_of(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode('ascii')


@pytest.fixture(scope='module')
def p384_key():
    return ec.generate_private_key(ec.SECP384R1())


@pytest.fixture(scope='module')
def credential(p384_key):
    return {
        'mrn': ACCOUNT_MRN,
        'parent_mrn': '//captain.api.mondoo.app/spaces/hungry-poet-123456',
        'scope_mrn': '//captain.api.mondoo.app/spaces/hungry-poet-123456',
        'private_key': pem_of(p384_key),
        'certificate': '-----BEGIN CERTIFICATE-----\nnot used\n-----END CERTIFICATE-----\n',
        'api_endpoint': 'https://eu.api.mondoo.com',
    }


@pytest.fixture
def credential_json(credential):
    return json.dumps(credential)


@pytest.fixture
def no_config(tmp_path):
    return (str(tmp_path / 'missing-home.yml'), str(tmp_path / 'missing-etc.yml'))


def yaml_credential(credential):
    indented_key = '\n'.join('  ' + line for line in credential['private_key'].strip().splitlines())
    return ('agent_mrn: //agents.api.mondoo.app/spaces/hungry-poet-123456/agents/x\n'
            'api_endpoint: %s\n'
            'mrn: %s\n'
            'private_key: |\n%s\n'
            'space_mrn: //captain.api.mondoo.app/spaces/hungry-poet-123456\n'
            % (credential['api_endpoint'], credential['mrn'], indented_key))


# -- API token -----------------------------------------------------------------------------------


def test_api_token_is_sent_as_bearer():
    auth = ApiTokenAuth(SECRET_TOKEN, 'option api_token')
    session = FakeSession(data_response({'viewer': {}}))
    GraphQLTransport('https://x/query', auth, session=session).execute(documents.VIEWER, {}, 'look up')
    assert session.calls[0]['headers']['Authorization'] == 'Bearer ' + SECRET_TOKEN
    assert SECRET_TOKEN not in repr(auth)


@pytest.mark.parametrize('token', ['two words', 'line\nbreak', 'tab\there', 'caf\u00e9'])
def test_api_token_unfit_for_a_header_is_refused_without_echo(token, no_config):
    with pytest.raises(ConfigurationError) as caught:
        resolve_auth({'api_token': token}, {}, no_config)
    assert token not in str(caught.value)


def test_api_token_surrounding_whitespace_is_stripped(no_config):
    auth = resolve_auth({'api_token': '  %s\n' % SECRET_TOKEN}, {}, no_config)
    assert auth.authorization_header() == 'Bearer ' + SECRET_TOKEN


# -- service-account JWT -------------------------------------------------------------------------


def test_service_account_jwt_verifies_with_the_public_key(p384_key):
    token = sign_service_account_jwt(p384_key, ACCOUNT_MRN, NOW)
    header = jwt.get_unverified_header(token)
    assert header == {'alg': 'ES384', 'typ': 'JWT', 'kid': ACCOUNT_MRN}
    claims = jwt.decode(token, p384_key.public_key(), algorithms=['ES384'],
                        options={'verify_exp': False, 'verify_nbf': False, 'verify_iat': False})
    assert claims == {'sub': ACCOUNT_MRN, 'iss': 'mondoo/ams', 'iat': NOW, 'nbf': NOW, 'exp': NOW + 60}


def test_service_account_jwt_signature_is_raw_r_s_without_padding(p384_key):
    signature = sign_service_account_jwt(p384_key, ACCOUNT_MRN, NOW).split('.')[2]
    assert '=' not in signature
    assert len(base64.urlsafe_b64decode(signature + '==')) == 96


def test_service_account_jwt_is_valid_now(credential_json):
    auth = ServiceAccountAuth(load_service_account(credential_json, 'test'))
    token = auth.authorization_header()[len('Bearer '):]
    public_key = auth.credential.private_key.public_key()
    claims = jwt.decode(token, public_key, algorithms=['ES384'], issuer='mondoo/ams')
    assert claims['sub'] == ACCOUNT_MRN


def test_service_account_jwt_is_reused_until_ten_seconds_before_expiry(credential_json):
    now = [NOW]
    auth = ServiceAccountAuth(load_service_account(credential_json, 'test'), clock=lambda: now[0])
    first = auth.authorization_header()
    now[0] += 49
    assert auth.authorization_header() == first
    now[0] += 1
    renewed = auth.authorization_header()
    assert renewed != first
    assert jwt.decode(renewed.split()[1], options={'verify_signature': False})['iat'] == NOW + 50


def test_service_account_sends_a_jwt_as_bearer(credential_json):
    auth = ServiceAccountAuth(load_service_account(credential_json, 'test'))
    session = FakeSession(data_response({'viewer': {}}))
    GraphQLTransport('https://x/query', auth, session=session).execute(documents.VIEWER, {}, 'look up')
    scheme, token = session.calls[0]['headers']['Authorization'].split(' ')
    assert scheme == 'Bearer'
    assert jwt.get_unverified_header(token)['kid'] == ACCOUNT_MRN


def test_service_account_repr_hides_the_key(credential_json, credential):
    auth = ServiceAccountAuth(load_service_account(credential_json, 'test'))
    assert 'PRIVATE KEY' not in repr(auth) and 'PRIVATE KEY' not in repr(auth.credential)


# -- credential formats --------------------------------------------------------------------------


def test_credentials_as_json(credential_json):
    parsed = load_service_account(credential_json, 'option credentials')
    assert parsed.mrn == ACCOUNT_MRN
    assert parsed.api_endpoint == 'https://eu.api.mondoo.com'
    assert parsed.scope_mrn == '//captain.api.mondoo.app/spaces/hungry-poet-123456'


@pytest.mark.parametrize('encode', [
    lambda raw: base64.b64encode(raw).decode(),
    lambda raw: base64.urlsafe_b64encode(raw).decode().rstrip('='),
    lambda raw: base64.encodebytes(raw).decode(),  # wrapped at 76 characters
])
def test_credentials_as_base64_json(credential_json, encode):
    assert load_service_account(encode(credential_json.encode()), 'test').mrn == ACCOUNT_MRN


def test_credentials_as_mapping(credential):
    assert load_service_account(credential, 'test').mrn == ACCOUNT_MRN


def test_credentials_file_as_json(tmp_path, credential_json):
    path = tmp_path / 'sa.json'
    path.write_text(credential_json)
    assert load_service_account_file(str(path), 'test').mrn == ACCOUNT_MRN


def test_credentials_file_as_cli_yaml(tmp_path, credential):
    path = tmp_path / 'mondoo.yml'
    path.write_text(yaml_credential(credential))
    parsed = load_service_account_file(str(path), 'test')
    assert parsed.mrn == ACCOUNT_MRN
    assert parsed.scope_mrn == '//captain.api.mondoo.app/spaces/hungry-poet-123456'


def broken_key(credential):
    return dict(credential, private_key='-----BEGIN PRIVATE KEY-----\nSECRETKEYMATERIAL\n-----END PRIVATE KEY-----\n')


def other_key(credential, key):
    return dict(credential, private_key=pem_of(key))


@pytest.mark.parametrize('make_value, expected', [
    (lambda c: 'SECRETKEYMATERIAL not json', 'neither JSON nor base64-encoded JSON'),
    (lambda c: '{"mrn": "x", SECRETKEYMATERIAL', 'is not valid JSON'),
    (lambda c: base64.b64encode(b'SECRETKEYMATERIAL').decode(), 'is not valid JSON'),
    (lambda c: '["SECRETKEYMATERIAL"]', 'not a mapping'),
    (lambda c: json.dumps(dict(c, mrn='')), 'has no mrn'),
    (lambda c: json.dumps(dict((k, v) for k, v in c.items() if k != 'private_key')), 'has no private_key'),
    (lambda c: json.dumps(broken_key(c)), 'is not an unencrypted PEM private key'),
    (lambda c: json.dumps(other_key(c, ec.generate_private_key(ec.SECP256R1()))), 'not an ECDSA P-384 key'),
    (lambda c: json.dumps(other_key(c, rsa.generate_private_key(65537, 2048))), 'not an ECDSA P-384 key'),
])
def test_bad_credentials_are_named_never_echoed(credential, make_value, expected):
    with pytest.raises(ConfigurationError) as caught:
        load_service_account(make_value(credential), 'option credentials')
    message = str(caught.value)
    assert expected in message
    assert 'option credentials' in message
    assert 'SECRETKEYMATERIAL' not in message and 'PRIVATE KEY' not in message
    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None or caught.value.__suppress_context__


def test_bad_yaml_file_is_not_echoed(tmp_path):
    path = tmp_path / 'mondoo.yml'
    path.write_text('mrn: x\nprivate_key: [SECRETKEYMATERIAL\n')
    with pytest.raises(ConfigurationError) as caught:
        load_service_account_file(str(path), 'file ' + str(path))
    assert 'neither JSON nor YAML' in str(caught.value)
    assert 'SECRETKEYMATERIAL' not in str(caught.value)


def test_unreadable_credentials_file(tmp_path):
    with pytest.raises(ConfigurationError) as caught:
        load_service_account_file(str(tmp_path / 'nope.json'), 'option credentials_file')
    assert 'cannot read the service-account credential option credentials_file: No such file' in str(caught.value)


def test_missing_cryptography_is_reported(monkeypatch, credential_json):
    monkeypatch.setattr(_auth, 'HAS_CRYPTOGRAPHY', False)
    monkeypatch.setattr(_auth, 'CRYPTOGRAPHY_IMPORT_ERROR', 'Traceback: ImportError')
    with pytest.raises(MissingLibraryError) as caught:
        load_service_account(credential_json, 'test')
    assert caught.value.library == 'cryptography'


# -- discovery order -----------------------------------------------------------------------------


def write_config(path, credential, mrn):
    path.write_text(yaml_credential(dict(credential, mrn=mrn)))
    return str(path)


def test_option_wins_over_environment(no_config):
    auth = resolve_auth({'api_token': 'from-option'}, {'MONDOO_API_TOKEN': 'from-env'}, no_config)
    assert auth.authorization_header() == 'Bearer from-option'
    assert auth.source == 'option api_token'


def test_explicit_option_wins_over_another_credential_in_environment(credential_json, no_config):
    environ = {'MONDOO_API_TOKEN': 'same-value', 'MONDOO_CONFIG_BASE64': base64.b64encode(credential_json.encode()).decode()}
    auth = resolve_auth({'api_token': 'same-value'}, environ, no_config)
    assert isinstance(auth, ApiTokenAuth)
    assert auth.source == 'option api_token'


def test_environment_is_used_without_options(no_config):
    auth = resolve_auth({}, {'MONDOO_API_TOKEN': 'from-env'}, no_config)
    assert auth.source == 'environment variable MONDOO_API_TOKEN'


def test_explicit_credentials_are_mutually_exclusive(credential_json, no_config):
    with pytest.raises(ConfigurationError, match='mutually exclusive'):
        resolve_auth({'api_token': 'from-option', 'credentials': credential_json}, {}, no_config)


def test_environment_order_follows_the_terraform_provider(credential_json, tmp_path, no_config):
    path = tmp_path / 'sa.json'
    path.write_text(credential_json)
    environ = {
        'MONDOO_API_TOKEN': 'from-env',
        'MONDOO_CONFIG_PATH': str(path),
        'MONDOO_CONFIG_BASE64': base64.b64encode(credential_json.encode()).decode(),
    }
    assert resolve_auth({}, environ, no_config).source == 'environment variable MONDOO_CONFIG_BASE64'
    del environ['MONDOO_CONFIG_BASE64']
    assert resolve_auth({}, environ, no_config).source == 'environment variable MONDOO_CONFIG_PATH'


def test_environment_wins_over_config_file(tmp_path, credential):
    home = write_config(tmp_path / 'home.yml', credential, ACCOUNT_MRN)
    auth = resolve_auth({}, {'MONDOO_API_TOKEN': 'from-env'}, (home,))
    assert auth.source == 'environment variable MONDOO_API_TOKEN'


def test_config_files_in_order(tmp_path, credential):
    home = write_config(tmp_path / 'home.yml', credential, ACCOUNT_MRN + '-home')
    etc = write_config(tmp_path / 'etc.yml', credential, ACCOUNT_MRN + '-etc')
    assert resolve_auth({}, {}, (home, etc)).credential.mrn == ACCOUNT_MRN + '-home'
    missing = str(tmp_path / 'missing.yml')
    auth = resolve_auth({}, {}, (missing, etc))
    assert auth.credential.mrn == ACCOUNT_MRN + '-etc'
    assert auth.source == 'file ' + etc


def test_default_config_paths_are_the_cli_ones():
    assert _auth.DEFAULT_CONFIG_PATHS == ('~/.config/mondoo/mondoo.yml', '/etc/opt/mondoo/mondoo.yml')


def test_credentials_file_option(tmp_path, credential_json, no_config):
    path = tmp_path / 'sa.json'
    path.write_text(credential_json)
    auth = resolve_auth({'credentials_file': str(path)}, {}, no_config)
    assert auth.source == 'option credentials_file'


def test_empty_values_count_as_unset(no_config):
    auth = resolve_auth({'api_token': '', 'credentials': None}, {'MONDOO_CONFIG_BASE64': ' ', 'MONDOO_API_TOKEN': 't'},
                        no_config)
    assert auth.source == 'environment variable MONDOO_API_TOKEN'


@pytest.mark.parametrize('names', [('api_token', 'credentials'), ('api_token', 'credentials_file'),
                                   ('credentials', 'credentials_file')])
def test_two_explicit_credentials_are_an_error(names, no_config):
    with pytest.raises(ConfigurationError) as caught:
        resolve_auth(dict((name, 'value-' + name) for name in names), {}, no_config)
    assert str(caught.value) == 'the options %s and %s are mutually exclusive; set only one of them' % names


def test_nothing_found_lists_everything_looked_at(tmp_path, monkeypatch):
    monkeypatch.setenv('HOME', str(tmp_path))
    with pytest.raises(ConfigurationError) as caught:
        resolve_auth({}, {}, ('~/.config/mondoo/mondoo.yml', str(tmp_path / 'etc.yml')))
    message = str(caught.value)
    for looked_at in ('api_token', 'credentials', 'credentials_file', 'MONDOO_API_TOKEN', 'MONDOO_CONFIG_BASE64',
                      'MONDOO_CONFIG_PATH', '~/.config/mondoo/mondoo.yml (%s/.config/mondoo/mondoo.yml)' % tmp_path,
                      str(tmp_path / 'etc.yml')):
        assert looked_at in message
    assert message.startswith('no Mondoo credential found')


def test_resolve_connection_reads_os_environ_by_default(monkeypatch, no_config):
    monkeypatch.setenv('MONDOO_API_TOKEN', 'from-env')
    monkeypatch.setenv('MONDOO_API_ENDPOINT', 'http://127.0.0.1:8080')
    settings = resolve_connection({}, config_paths=no_config)
    assert settings.auth.source == 'environment variable MONDOO_API_TOKEN'
    assert settings.endpoint == 'http://127.0.0.1:8080/query'


# -- endpoint ------------------------------------------------------------------------------------


def test_endpoint_option_wins():
    environ = {'MONDOO_API_ENDPOINT': 'https://env.example'}
    assert resolve_endpoint({'endpoint': 'https://option.example', 'region': 'eu'}, environ, 'https://cred.example') \
        == ('https://option.example/query', 'option endpoint')


def test_endpoint_environment_before_credential():
    environ = {'MONDOO_API_ENDPOINT': 'https://env.example'}
    assert resolve_endpoint({'region': 'eu'}, environ, 'https://cred.example')[0] == 'https://env.example/query'


def test_endpoint_from_credential_before_region(credential_json, no_config):
    settings = resolve_connection({'credentials': credential_json, 'region': 'us'}, {}, no_config)
    assert settings.endpoint == 'https://eu.api.mondoo.com/query'
    assert settings.endpoint_source == "the service-account credential's api_endpoint"


@pytest.mark.parametrize('region, expected', [
    (None, 'https://us.api.mondoo.com/query'),
    ('us', 'https://us.api.mondoo.com/query'),
    ('eu', 'https://eu.api.mondoo.com/query'),
])
def test_endpoint_from_region(region, expected):
    assert resolve_endpoint({'region': region}, {}) == (expected, 'region ' + (region or 'us'))


def test_unknown_region_is_an_error():
    with pytest.raises(ConfigurationError):
        resolve_endpoint({'region': 'ap'}, {})


@pytest.mark.parametrize('given, expected', [
    ('https://us.api.mondoo.com', 'https://us.api.mondoo.com/query'),
    ('https://us.api.mondoo.com/', 'https://us.api.mondoo.com/query'),
    ('https://us.api.mondoo.com/query', 'https://us.api.mondoo.com/query'),
    ('https://us.api.mondoo.com/query/', 'https://us.api.mondoo.com/query'),
    ('http://127.0.0.1:8080', 'http://127.0.0.1:8080/query'),
    ('https://proxy.example/mondoo', 'https://proxy.example/mondoo/query'),
    (' https://us.api.mondoo.com ', 'https://us.api.mondoo.com/query'),
])
def test_query_is_appended(given, expected):
    assert normalize_endpoint(given, 'test') == expected


@pytest.mark.parametrize('given', ['us.api.mondoo.com', 'ftp://x.example', 'https://', 'https://user:pw@x.example'])
def test_bad_endpoint_is_an_error(given):
    with pytest.raises(ConfigurationError) as caught:
        normalize_endpoint(given, 'option endpoint')
    assert 'pw' not in str(caught.value)


# -- plain HTTP ----------------------------------------------------------------------------------


@pytest.mark.parametrize('endpoint', ['https://us.api.mondoo.com/query', 'http://127.0.0.1:8080/query',
                                      'http://localhost/query', 'http://[::1]:9/query', 'http://127.3.4.5/query'])
def test_https_and_loopback_need_no_permission(endpoint):
    assert check_transport_security(endpoint, 'option endpoint') == []


def test_plain_http_to_another_host_is_refused_unless_allowed():
    with pytest.raises(ConfigurationError) as caught:
        check_transport_security('http://mondoo.internal:8080/query', 'environment variable MONDOO_API_ENDPOINT')
    assert str(caught.value) == (
        'the endpoint http://mondoo.internal:8080 from environment variable MONDOO_API_ENDPOINT is plain HTTP to a host '
        'other than loopback: the credential would cross the network unencrypted; use https, or set '
        'allow_insecure_http=true if you must')
    warnings = check_transport_security('http://mondoo.internal:8080/query', 'option endpoint', allow_insecure_http=True)
    assert warnings == ['the endpoint http://mondoo.internal:8080 from option endpoint is plain HTTP to a host other than '
                        'loopback: the credential would cross the network unencrypted (allowed by allow_insecure_http)']


def test_the_connection_carries_the_plain_http_warning(no_config):
    settings = resolve_connection({'api_token': 'x', 'endpoint': 'http://10.0.0.5', 'allow_insecure_http': True}, {}, no_config)
    assert len(settings.warnings) == 1
    with pytest.raises(ConfigurationError):
        resolve_connection({'api_token': 'x', 'endpoint': 'http://10.0.0.5'}, {}, no_config)
