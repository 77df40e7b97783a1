# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection; no compatibility promise.

from __future__ import absolute_import, division, print_function
__metaclass__ = type

# Keep in step with galaxy.yml; it names the collection in the User-Agent header.
COLLECTION_VERSION = '1.0.0'
USER_AGENT = 'mondoo.platform-ansible/' + COLLECTION_VERSION
