# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Loads the emulator's pytest fixtures for its own tests (pytest puts this directory on sys.path)."""

from pytest_plugin import mondoo_control, mondoo_emulator, start_mondoo_emulator

__all__ = ["mondoo_control", "mondoo_emulator", "start_mondoo_emulator"]
