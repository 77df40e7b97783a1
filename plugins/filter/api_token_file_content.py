# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

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
