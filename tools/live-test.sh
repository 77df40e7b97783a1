#!/usr/bin/env bash
# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# `make live-test`: the opt-in test against a real Mondoo account, with this checkout as
# mondoo.platform. What it needs and touches: tests/integration/targets/mondoo_live/runme.sh.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export ANSIBLE_COLLECTIONS_PATH="$repo/.collections" PATH="$repo/.venv/bin:$PATH"
exec "$repo/tests/integration/targets/mondoo_live/runme.sh" "$@"
