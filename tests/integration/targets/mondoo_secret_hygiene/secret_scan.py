# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Helpers for runme.sh that keep secrets off command lines and out of what they print.

  connection-file CONFIG         print the emulator connection file named in the integration config
  scan CONNECTION SECRETS_DIR EXPECTED LOG...
                                 search the logs for every known secret; print only the kind of a
                                 secret found and where; exit 1 on a hit or a bad secret file
  redact CONNECTION SECRETS_DIR LOG
                                 print LOG with every known secret replaced by its kind
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import json
import os
import re
import stat
import sys
import urllib.request

import yaml

# Shapes that must never show, whatever their value: a bearer header, a JWT (a service account's, or a workload's
# external token), a PEM private key and a base64 credential document (what a workload identity exchange answers).
PATTERNS = (
    ('an Authorization bearer value', re.compile(r'Bearer\s+[A-Za-z0-9._~+/=-]{12,}')),
    ('a JWT', re.compile(r'eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}')),
    ('a PEM private key', re.compile(r'-----BEGIN [A-Z ]*PRIVATE KEY-----')),
)
MIN_SECRET_LENGTH = 12


def _base64_forms(text):
    """What ``text`` looks like inside base64 of a longer document, at each of the three alignments."""
    forms = []
    for shift in range(3):
        encoded = base64.b64encode(b'\0' * shift + text.encode('ascii')).decode('ascii')
        # Drop the characters that also encode the padding bytes in front and the partial group at the end.
        start = (shift * 4 + 2) // 3
        forms.append(re.escape(encoded[start:len(encoded) - 4]))
    return re.compile('|'.join(forms))


# A service-account credential document in base64, as a workload identity exchange answers it.
PATTERNS += (('a base64 service-account credential document', _base64_forms('"private_key"')),)


def connection_file(config_path):
    with open(config_path) as handle:
        config = yaml.safe_load(handle) or {}
    path = config.get('mondoo_emulator_connection_file')
    if not path:
        raise SystemExit('%s does not set mondoo_emulator_connection_file' % config_path)
    return path


def seed_secrets(connection_path):
    """(kind, secret) for every credential of the connection file, private key lines included."""
    with open(connection_path) as handle:
        connection = json.load(handle)
    secrets = []
    for name, value in sorted(connection['credentials'].items()):
        if isinstance(value, str) and os.path.isfile(value):
            secrets.extend(_service_account_secrets(name, value))
        elif isinstance(value, str):
            secrets.append(('seed API token %s' % name, value))
    return secrets


def _service_account_secrets(name, path):
    with open(path) as handle:
        credential = json.load(handle)
    lines = [line.strip() for line in credential['private_key'].splitlines()]
    body = [line for line in lines if line and not line.startswith('-----')]
    secrets = [('private key line %d of service account %s' % (number, name), line)
               for number, line in enumerate(body, 1) if len(line) >= MIN_SECRET_LENGTH]
    secrets.append(('private key of service account %s (joined)' % name, ''.join(body)))
    return secrets


def new_secrets(secrets_dir, expected):
    """(kind, secret) for each secret file; problems with the files as a list of messages."""
    problems = []
    secrets = []
    names = sorted(os.listdir(secrets_dir)) if os.path.isdir(secrets_dir) else []
    if len(names) != expected:
        problems.append('%d secret files in %s, expected %d' % (len(names), secrets_dir, expected))
    for name in names:
        path = os.path.join(secrets_dir, name)
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if mode != 0o600:
            problems.append('secret file %s has mode %04o, expected 0600' % (name, mode))
        with open(path) as handle:
            secret = handle.read().strip()
        if len(secret) < MIN_SECRET_LENGTH:
            problems.append('secret file %s is empty or too short' % name)
            continue
        secrets.append(('new secret %s' % name, secret))
    return secrets, problems


def control_requests(connection_path):
    """The emulator's request log as text, or None when it cannot be read."""
    with open(connection_path) as handle:
        control = json.load(handle)['control']
    try:
        with urllib.request.urlopen(control + '/requests', timeout=10) as answer:
            return answer.read().decode('utf-8', 'replace')
    except (OSError, ValueError):
        return None


def leaks_in(text, secrets):
    kinds = [kind for kind, secret in secrets if secret in text]
    kinds.extend(kind for kind, pattern in PATTERNS if pattern.search(text))
    return kinds


def scan(connection_path, secrets_dir, expected, logs):
    secrets, problems = new_secrets(secrets_dir, expected)
    known = secrets + seed_secrets(connection_path)
    sources = []
    for path in logs:
        if os.path.isfile(path):
            with open(path, errors='replace') as handle:
                sources.append((os.path.basename(path), handle.read()))
        else:
            print('not found, not searched: %s' % path)
    requests_log = control_requests(connection_path)
    if requests_log is not None:
        sources.append(('the emulator request log', requests_log))
    leaks = [(kind, source) for source, text in sources for kind in leaks_in(text, known)]
    for kind, source in leaks:
        print('LEAK: %s found in %s' % (kind, source))
    for problem in problems:
        print('PROBLEM: %s' % problem)
    print('searched %d sources (%s, %d bytes) for %d new secrets, %d seed credential parts and %d shapes: %s'
          % (len(sources), ', '.join(source for source, _text in sources), sum(len(text) for _source, text in sources),
             len(secrets), len(known) - len(secrets), len(PATTERNS), 'LEAKS FOUND' if leaks else 'no leak'))
    return 1 if leaks or problems else 0


def redact(connection_path, secrets_dir, log):
    secrets, dummy = new_secrets(secrets_dir, -1)
    known = sorted(secrets + seed_secrets(connection_path), key=lambda pair: -len(pair[1]))
    with open(log, errors='replace') as handle:
        text = handle.read()
    for kind, secret in known:
        text = text.replace(secret, '<%s>' % kind)
    for kind, pattern in PATTERNS:
        text = pattern.sub('<%s>' % kind, text)
    sys.stdout.write(text)
    return 0


def main(argv):
    command = argv[1] if len(argv) > 1 else ''
    if command == 'connection-file' and len(argv) == 3:
        print(connection_file(argv[2]))
        return 0
    if command == 'scan' and len(argv) >= 5:
        return scan(argv[2], argv[3], int(argv[4]), argv[5:])
    if command == 'redact' and len(argv) == 5:
        return redact(argv[2], argv[3], argv[4])
    sys.stderr.write(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
