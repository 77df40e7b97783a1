# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.mondoo.platform.plugins.filter.duration_to_seconds import FilterModule, duration_to_seconds


def test_the_filter_is_registered_under_its_name():
    assert FilterModule().filters() == {'duration_to_seconds': duration_to_seconds}


@pytest.mark.parametrize('duration, seconds', [('30d', 2592000), ('1w2d', 777600), ('90m', 5400), ('1s', 1)])
def test_durations_become_seconds(duration, seconds):
    assert duration_to_seconds(duration) == seconds


def test_a_bad_duration_is_a_filter_error():
    with pytest.raises(AnsibleFilterError):
        duration_to_seconds('thirty days')
