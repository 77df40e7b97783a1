# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.mondoo.platform.plugins.filter.api_token_file_content import FilterModule, api_token_file_content

TOKEN = 'mondoo_tk_unit0123456789'


def test_the_filter_is_registered_under_its_name():
    assert FilterModule().filters() == {'api_token_file_content': api_token_file_content}


def test_an_empty_key_means_the_format_default():
    assert api_token_file_content(TOKEN, 'env', '') == 'MONDOO_API_TOKEN=' + TOKEN


def test_raw_is_the_default():
    assert api_token_file_content(TOKEN) == TOKEN


def test_an_unknown_format_is_a_filter_error():
    with pytest.raises(AnsibleFilterError, match='format must be one of raw, env, json'):
        api_token_file_content(TOKEN, 'toml')
