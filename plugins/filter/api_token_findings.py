# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: api_token_findings
version_added: 1.0.0
short_description: Find the old, idle and privileged tokens in a token listing
description:
  - Takes the RV(mondoo.platform.mondoo_api_token_info#module:api_tokens) of a listing and returns the tokens that were
    created longer ago than O(older_than), that were not used for longer than O(unused_for) (a token never used counts
    from its creation), and that hold one of the O(privileged) permissions, with a summary in words.
  - The playbook C(mondoo.platform.report_tokens) uses it. A token's secret is never part of a listing.
author:
  - Mondoo Platform collection maintainers (@mondoo-platform-collection)
options:
  _input:
    description: The tokens, as M(mondoo.platform.mondoo_api_token_info) returns them.
    type: list
    elements: dict
    required: true
  older_than:
    description: A token older than this is old, for example V(90d).
    type: str
    default: 90d
  unused_for:
    description: A token not used for longer than this is idle, for example V(30d).
    type: str
    default: 30d
  privileged:
    description: The permissions (short names) that make a token privileged.
    type: list
    elements: str
    default: [owner, editor]
'''

EXAMPLES = r'''
- name: List the space's tokens
  mondoo.platform.mondoo_api_token_info:
    space: hungry-poet-123456
  register: listing

- name: Say which are old, idle or privileged
  ansible.builtin.debug:
    msg: "{{ (listing.api_tokens | mondoo.platform.api_token_findings(older_than='180d')).summary }}"
'''

RETURN = r'''
_value:
  description: The findings.
  type: dict
  contains:
    count:
      description: How many tokens the listing held.
      type: int
    old:
      description: The old tokens, each with C(name), C(mrn), C(permissions), C(age_days), C(idle_days), C(last_used).
      type: list
      elements: dict
    idle:
      description: The idle tokens, in the same shape.
      type: list
      elements: dict
    privileged:
      description: The tokens with a privileged permission, in the same shape.
      type: list
      elements: dict
    summary:
      description: The findings in words, a line each, the counts first.
      type: list
      elements: str
'''

from ansible.errors import AnsibleFilterError

from ansible_collections.mondoo.platform.plugins.module_utils._errors import ConfigurationError
from ansible_collections.mondoo.platform.plugins.module_utils._parsing import parse_duration

DAY = 86400


def api_token_findings(api_tokens, older_than='90d', unused_for='30d', privileged=('owner', 'editor')):
    """The tokens of a mondoo_api_token_info listing that are old, idle or hold a privileged permission, and a summary."""
    try:
        age_limit = parse_duration(older_than).total_seconds()
        idle_limit = parse_duration(unused_for).total_seconds()
    except ConfigurationError as exc:
        raise AnsibleFilterError(exc.message) from None
    if not isinstance(api_tokens, list) or not all(isinstance(token, dict) for token in api_tokens):
        raise AnsibleFilterError('api_token_findings takes the api_tokens list that mondoo_api_token_info returns')
    privileged = set(privileged or ())
    try:
        findings = {
            'old': [_finding(token) for token in api_tokens if token['age_seconds'] > age_limit],
            'idle': [_finding(token) for token in api_tokens if token['idle_seconds'] > idle_limit],
            'privileged': [_finding(token) for token in api_tokens if privileged & set(token['permissions'])],
        }
    except KeyError as exc:
        raise AnsibleFilterError('api_token_findings needs each token\'s %s, as mondoo_api_token_info returns it' % exc) from None
    findings['count'] = len(api_tokens)
    findings['summary'] = _summary(findings, older_than, unused_for, sorted(privileged))
    return findings


def _finding(token):
    return {'name': token['name'], 'mrn': token['mrn'], 'permissions': token['permissions'],
            'age_days': token['age_seconds'] // DAY, 'idle_days': token['idle_seconds'] // DAY,
            'last_used': token.get('last_used')}


def _summary(findings, older_than, unused_for, privileged):
    lines = ['%d API tokens: %d older than %s, %d unused for %s, %d with %s.' % (
        findings['count'], len(findings['old']), older_than, len(findings['idle']), unused_for, len(findings['privileged']),
        ' or '.join(privileged) or 'a privileged permission')]
    for kind, label, detail in (('old', 'Old', 'created %(age_days)d days ago'),
                                ('idle', 'Idle', 'unused for %(idle_days)d days'),
                                ('privileged', 'Privileged', '%(permissions_text)s')):
        for token in findings[kind]:
            lines.append('%s: %s (%s)' % (label, token['name'], detail % dict(token, permissions_text=', '.join(token['permissions']))))
    return lines


class FilterModule(object):
    def filters(self):
        return {'api_token_findings': api_token_findings}
