# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.mondoo.platform.plugins.module_utils._token_view import role_mrns_of, token_view
from ansible_collections.mondoo.platform.tests.unit.plugins.module_utils.fakes import SPACE

ROLES = '//iam.api.mondoo.app/roles/'
TOKEN = {
    'mrn': SPACE + '/apitokens/t1',
    'name': 'ci',
    'description': None,
    'roles': [{'mrn': ROLES + 'viewer'}, {'mrn': ROLES + 'space-member'}, {'mrn': ROLES + 'editor'}, {'mrn': ROLES + 'org-member'}],
    'scopeMrn': SPACE,
    'createdAt': '2026-01-01T00:00:00Z',
    'lastUsed': None,
    'secret': 'mondoo-test-SECRET',
}


def test_role_mrns_leave_out_implicit_membership_roles_and_sort():
    assert role_mrns_of(TOKEN) == [ROLES + 'editor', ROLES + 'viewer']


def test_token_view_has_short_permissions_the_scope_and_never_the_secret():
    assert token_view(TOKEN) == {
        'mrn': SPACE + '/apitokens/t1',
        'name': 'ci',
        'description': '',
        'permissions': ['editor', 'viewer'],
        'roles': [ROLES + 'editor', ROLES + 'viewer'],
        'scope_mrn': SPACE,
        'created_at': '2026-01-01T00:00:00Z',
        'last_used': None,
    }
