#!/usr/bin/env bash
# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starts the local Mondoo API emulator, runs demo/demo.yml against it and stops it again.
# DEMO_KEEP_EMULATOR=1 leaves the emulator running afterwards and says how to reach it.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
# shellcheck source=tools/lib/emulator.sh
source tools/lib/emulator.sh

state_dir="$repo/.build/demo"
emulator_start "$state_dir"
if [ "${DEMO_KEEP_EMULATOR:-0}" != 1 ]; then
    trap emulator_stop EXIT
fi

.venv/bin/python - "$state_dir/connection.json" <<'PYTHON'
import json, sys
connection = json.load(open(sys.argv[1], encoding='utf-8'))
print('Mondoo API emulator running')
print('  endpoint:          ', connection['endpoint'])
print('  control API:       ', connection['control'])
print('  organization:      ', connection['organization_mrn'])
print('  spaces:            ', ', '.join(connection['space_mrns']))
print('  credentials (0600):', sys.argv[1])
PYTHON

ANSIBLE_STDOUT_CALLBACK=default .venv/bin/ansible-playbook -i demo/inventory.yml demo/demo.yml -e "mondoo_demo_connection_file=$state_dir/connection.json"

if [ "${DEMO_KEEP_EMULATOR:-0}" = 1 ]; then
    echo "The emulator keeps running (pid $EMULATOR_PID); stop it with: kill $EMULATOR_PID"
fi
