# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.mondoo.platform.plugins.filter.api_token_from_file_content import FilterModule, api_token_from_file_content

TOKEN = 'mondoo_tk_unit0123456789'


def test_the_filter_is_registered_under_its_name():
    assert FilterModule().filters() == {'api_token_from_file_content': api_token_from_file_content}


def test_an_empty_key_means_the_format_default():
    assert api_token_from_file_content('{"api_token": "%s"}\n' % TOKEN, 'json', '') == TOKEN


def test_a_file_without_the_token_is_a_filter_error_that_does_not_repeat_the_content():
    with pytest.raises(AnsibleFilterError) as raised:
        api_token_from_file_content('OTHER=%s\n' % TOKEN, 'env')
    assert 'has no line MONDOO_API_TOKEN=...' in str(raised.value)
    assert TOKEN not in str(raised.value)
