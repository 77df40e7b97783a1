# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from ansible_collections.mondoo.platform.plugins.module_utils._errors import ConfigurationError
from ansible_collections.mondoo.platform.plugins.module_utils._token_file import text_for_token, token_from_text

TOKEN = 'mondoo_tk_unit0123456789'


@pytest.mark.parametrize('file_format, key, expected', [
    ('raw', None, TOKEN),
    ('env', None, 'MONDOO_API_TOKEN=' + TOKEN),
    ('env', 'AGENT_TOKEN', 'AGENT_TOKEN=' + TOKEN),
    ('json', None, json.dumps({'api_token': TOKEN})),
    ('json', 'token', json.dumps({'token': TOKEN})),
])
def test_text_for_token_writes_each_format(file_format, key, expected):
    assert text_for_token(TOKEN, file_format, key) == expected


@pytest.mark.parametrize('file_format', ['raw', 'env', 'json'])
@pytest.mark.parametrize('key', [None, 'CUSTOM_KEY'])
def test_what_is_written_reads_back(file_format, key):
    assert token_from_text(text_for_token(TOKEN, file_format, key) + '\n', file_format, key) == TOKEN


@pytest.mark.parametrize('text, file_format, key', [
    ('# set by Ansible\nexport_ignored=1\nMONDOO_API_TOKEN="%s"\n' % TOKEN, 'env', None),
    ("  AGENT = '%s'  \n" % TOKEN, 'env', 'AGENT'),
    ('{"api_token": "%s", "other": 1}' % TOKEN, 'json', None),
    ('\n  %s  \n' % TOKEN, 'raw', None),
])
def test_token_from_text_tolerates_the_usual_variations(text, file_format, key):
    assert token_from_text(text, file_format, key) == TOKEN


@pytest.mark.parametrize('text, file_format, key, message', [
    ('', 'raw', None, 'holds no usable token'),
    ('two words', 'raw', None, 'holds no usable token'),
    ('OTHER=%s' % TOKEN, 'env', None, 'has no line MONDOO_API_TOKEN=...'),
    ('not json %s' % TOKEN, 'json', None, 'is not JSON'),
    ('["%s"]' % TOKEN, 'json', None, "has no string member 'api_token'"),
    ('{"api_token": 5}', 'json', None, "has no string member 'api_token'"),
    (TOKEN, 'yaml', None, 'format must be one of raw, env, json'),
])
def test_token_from_text_says_what_is_wrong_without_the_content(text, file_format, key, message):
    with pytest.raises(ConfigurationError) as raised:
        token_from_text(text, file_format, key, source='the file /x')
    assert message in raised.value.message
    assert TOKEN not in raised.value.message


def test_text_for_token_rejects_an_unknown_format():
    with pytest.raises(ConfigurationError, match='format must be one of raw, env, json'):
        text_for_token(TOKEN, 'yaml')
