# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.mondoo.platform.plugins.filter.api_token_findings import FilterModule, api_token_findings

DAY = 86400


def token(name, age_days, idle_days, permissions=('viewer',), last_used=None):
    return {'name': name, 'mrn': '//captain.api.mondoo.app/spaces/s/apitokens/' + name, 'permissions': list(permissions),
            'age_seconds': age_days * DAY + 5, 'idle_seconds': idle_days * DAY + 5, 'last_used': last_used,
            'description': '', 'roles': [], 'scope_mrn': '//captain.api.mondoo.app/spaces/s', 'created_at': '2026-01-01T00:00:00Z'}


TOKENS = [token('fresh', 1, 0), token('ancient', 200, 1, last_used='2026-11-29T00:00:00Z'), token('forgotten', 40, 40),
          token('admin', 2, 0, permissions=('owner', 'viewer')), token('ci', 10, 0, permissions=('editor',))]


def names(findings, kind):
    return [finding['name'] for finding in findings[kind]]


def test_the_filter_is_registered_under_its_name():
    assert FilterModule().filters() == {'api_token_findings': api_token_findings}


def test_old_idle_and_privileged_tokens_by_the_defaults():
    findings = api_token_findings(TOKENS)
    assert (names(findings, 'old'), names(findings, 'idle'), names(findings, 'privileged')) == \
        (['ancient'], ['forgotten'], ['admin', 'ci'])
    assert findings['count'] == 5
    assert findings['old'][0] == {'name': 'ancient', 'mrn': TOKENS[1]['mrn'], 'permissions': ['viewer'], 'age_days': 200,
                                  'idle_days': 1, 'last_used': '2026-11-29T00:00:00Z'}


def test_the_limits_and_the_privileged_permissions_are_the_callers():
    findings = api_token_findings(TOKENS, older_than='30d', unused_for='1d', privileged=['owner'])
    assert (names(findings, 'old'), names(findings, 'idle'), names(findings, 'privileged')) == \
        (['ancient', 'forgotten'], ['ancient', 'forgotten'], ['admin'])
    assert names(api_token_findings(TOKENS, privileged=[]), 'privileged') == []


def test_the_summary_counts_first_then_a_line_per_finding():
    assert api_token_findings(TOKENS)['summary'] == [
        '5 API tokens: 1 older than 90d, 1 unused for 30d, 2 with editor or owner.',
        'Old: ancient (created 200 days ago)',
        'Idle: forgotten (unused for 40 days)',
        'Privileged: admin (owner, viewer)',
        'Privileged: ci (editor)',
    ]
    assert api_token_findings([])['summary'] == ['0 API tokens: 0 older than 90d, 0 unused for 30d, 0 with editor or owner.']


@pytest.mark.parametrize('tokens, arguments, message', [
    (TOKENS, {'older_than': 'ninety days'}, 'duration'),
    ('not a list', {}, 'takes the api_tokens list'),
    ([{'name': 'x'}], {}, "needs each token's"),
])
def test_wrong_input_is_refused_with_a_reason(tokens, arguments, message):
    with pytest.raises(AnsibleFilterError, match=message):
        api_token_findings(tokens, **arguments)
