# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A throw-away OIDC issuer for the tests that use workload identity federation (test tooling, not part of the
collection): a signing key and its JWKS for the emulator's --wif-issuer, and tokens signed with it.

  oidc_issuer.py keys DIR
      writes DIR/issuer_key.pem (mode 0600) and DIR/jwks.json
  oidc_issuer.py mint KEY ISSUER SUBJECT OUT [--audience AUD] [--lifetime SECONDS] [--kid KID]
      writes a JWT signed with KEY (RS256) to OUT (mode 0600); a negative lifetime makes an expired one.
      The token goes to a file, never to the output or a command line.
"""

import argparse
import base64
import json
import os
import sys
import time

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

KEY_ID = 'test-issuer-1'


def write_private(path, data):
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, 'w') as handle:
        handle.write(data)
    os.chmod(path, 0o600)


def make_keys(directory):
    os.makedirs(directory, mode=0o700, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    write_private(os.path.join(directory, 'issuer_key.pem'), pem.decode('ascii'))
    numbers = key.public_key().public_numbers()
    public = {'kty': 'RSA', 'n': _b64url_number(numbers.n), 'e': _b64url_number(numbers.e), 'kid': KEY_ID, 'use': 'sig',
              'alg': 'RS256'}
    with open(os.path.join(directory, 'jwks.json'), 'w') as handle:
        json.dump({'keys': [public]}, handle)


def mint(options):
    with open(options.key) as handle:
        key = serialization.load_pem_private_key(handle.read().encode('ascii'), password=None)
    now = int(time.time())
    claims = {'iss': options.issuer, 'sub': options.subject, 'aud': options.audience, 'iat': now,
              'nbf': now - 5 if options.lifetime > 0 else now + options.lifetime - 60, 'exp': now + options.lifetime}
    write_private(options.out, rs256_jwt(key, claims, options.kid))


def rs256_jwt(key, claims, kid):
    """A compact JWS of ``claims``, RS256, with ``kid`` in its header (cryptography only: no PyJWT needed)."""
    signing_input = '%s.%s' % (_b64url_json({'alg': 'RS256', 'typ': 'JWT', 'kid': kid}), _b64url_json(claims))
    signature = key.sign(signing_input.encode('ascii'), padding.PKCS1v15(), hashes.SHA256())
    return signing_input + '.' + _b64url(signature)


def _b64url_json(value):
    return _b64url(json.dumps(value, separators=(',', ':')).encode('utf-8'))


def _b64url_number(number):
    return _b64url(number.to_bytes((number.bit_length() + 7) // 8, 'big'))


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b'=').decode('ascii')


def arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest='command', required=True)
    keys = commands.add_parser('keys')
    keys.add_argument('directory')
    token = commands.add_parser('mint')
    token.add_argument('key')
    token.add_argument('issuer')
    token.add_argument('subject')
    token.add_argument('out')
    token.add_argument('--audience', default='mondoo')
    token.add_argument('--lifetime', type=int, default=600)
    token.add_argument('--kid', default=KEY_ID)
    return parser.parse_args(argv)


def main(argv=None):
    options = arguments(sys.argv[1:] if argv is None else argv)
    if options.command == 'keys':
        make_keys(options.directory)
    else:
        mint(options)
    return 0


if __name__ == '__main__':
    sys.exit(main())
