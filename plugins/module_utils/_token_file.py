# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection; no compatibility promise.

"""The file a consumer reads its API token from: raw, an env file (KEY=value) or JSON.

Errors say what is wrong with the file's shape, never what the file holds.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

from ansible_collections.mondoo.platform.plugins.module_utils._errors import ConfigurationError

FORMATS = ('raw', 'env', 'json')
DEFAULT_KEYS = {'env': 'MONDOO_API_TOKEN', 'json': 'api_token'}


def text_for_token(token, file_format, key=None):
    """The content of a ``file_format`` token file holding ``token`` (no trailing newline)."""
    if file_format not in FORMATS:
        raise ConfigurationError('format must be one of %s, not %r' % (', '.join(FORMATS), file_format))
    key = key or DEFAULT_KEYS.get(file_format)
    if file_format == 'raw':
        return token
    if file_format == 'env':
        return '%s=%s' % (key, token)
    return json.dumps({key: token})


def token_from_text(text, file_format, key=None, source='the token file'):
    """The token held in ``text``, a file of ``file_format`` (raw, env or json)."""
    if file_format not in FORMATS:
        raise ConfigurationError('format must be one of %s, not %r' % (', '.join(FORMATS), file_format))
    key = key or DEFAULT_KEYS.get(file_format)
    if file_format == 'raw':
        token = text.strip()
    elif file_format == 'env':
        token = _env_value(text, key, source)
    else:
        token = _json_value(text, key, source)
    if not token or any(character.isspace() for character in token):
        raise ConfigurationError('%s holds no usable token (empty, or with blanks inside)' % source)
    return token


def _env_value(text, key, source):
    for line in text.splitlines():
        name, separator, value = line.strip().partition('=')
        if separator and name.strip() == key:
            return value.strip().strip('"\'')
    raise ConfigurationError('%s has no line %s=...' % (source, key))


def _json_value(text, key, source):
    try:
        document = json.loads(text)
    except ValueError:
        raise ConfigurationError('%s is not JSON' % source) from None
    if not isinstance(document, dict) or not isinstance(document.get(key), str):
        raise ConfigurationError('%s has no string member %r' % (source, key))
    return document[key]
