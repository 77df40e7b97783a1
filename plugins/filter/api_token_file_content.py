# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: api_token_file_content
version_added: 1.0.0
short_description: Write an API token the way a consumer's token file holds it
description:
  - Returns the content of a token file holding the input token, in the shape
    M(mondoo.platform.mondoo_api_token_file_info) reads, without a trailing newline.
  - The result holds the secret. Use it only in tasks with C(no_log) and C(diff) off.
author:
  - Mondoo Platform collection maintainers (@mondoo-platform-collection)
options:
  _input:
    description: The API token.
    type: str
    required: true
  file_format:
    description:
      - V(raw), the token alone; V(env), a line C(KEY=token); V(json), an object with the token under O(key).
    type: str
    choices: [raw, env, json]
    default: raw
  key:
    description:
      - The variable name (V(env)) or JSON member (V(json)).
      - Defaults to C(MONDOO_API_TOKEN) for V(env) and C(api_token) for V(json).
    type: str
'''

EXAMPLES = r'''
- name: Write the token as an env file for a systemd unit's EnvironmentFile
  ansible.builtin.copy:
    content: "{{ created.secret | mondoo.platform.api_token_file_content('env') }}\n"
    dest: /etc/opt/mondoo/api_token.env
    mode: "0600"
  no_log: true
  diff: false
'''

RETURN = r'''
_value:
  description: The file's content.
  type: str
  sample: MONDOO_API_TOKEN=...
'''

from ansible.errors import AnsibleFilterError

from ansible_collections.mondoo.platform.plugins.module_utils._errors import ConfigurationError
from ansible_collections.mondoo.platform.plugins.module_utils._token_file import text_for_token


def api_token_file_content(token, file_format='raw', key=None):
    """The content of a token file of ``file_format`` (raw, env or json) that holds ``token``."""
    try:
        return text_for_token(token, file_format, key or None)
    except ConfigurationError as exc:
        raise AnsibleFilterError(exc.message) from None


class FilterModule(object):
    def filters(self):
        return {'api_token_file_content': api_token_file_content}
