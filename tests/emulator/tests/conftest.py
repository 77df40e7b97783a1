# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The client fixture that the tests of the API's rules share."""

import pytest

from emulator_client import ApiClient


@pytest.fixture(name="client")
def _client(mondoo_emulator, mondoo_control):  # pylint: disable=unused-argument
    """client(credential name) -> ApiClient for the emulator, reset to its start state by mondoo_control."""
    return lambda name: ApiClient(mondoo_emulator["endpoint"], mondoo_emulator["credentials"][name])
