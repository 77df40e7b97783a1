#!/usr/bin/env bash
# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starts the local Mondoo API emulator, runs demo/demo.yml against it, then starts three SSH test
# hosts (tools/testhosts.py) and runs demo/rotation.yml, the role api_token_rotation over them.
# Stops the hosts and the emulator again at exit; DEMO_KEEP_EMULATOR=1 leaves both running and
# says how to reach and stop them.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
# shellcheck source=tools/lib/emulator.sh
source tools/lib/emulator.sh

state_dir="$repo/.build/demo"
hosts_dir="$state_dir/testhosts"
keep="${DEMO_KEEP_EMULATOR:-0}"

testhosts() {
    .venv/bin/python tools/testhosts.py "$@"
}

finish() {
    if [ "$keep" != 1 ]; then
        testhosts down --dir "$hosts_dir" --remove || true
        emulator_stop
        echo "The demo stopped its SSH test hosts and the emulator: nothing is left running."
        return
    fi
    local stop="kill $EMULATOR_PID"
    echo "The emulator keeps running (pid $EMULATOR_PID, connection file $state_dir/connection.json)."
    if [ -s "$hosts_dir/hosts.json" ]; then
        echo "The SSH test hosts keep running (inventory $hosts_dir/inventory.yml)."
        stop="$stop; .venv/bin/python tools/testhosts.py down --dir $hosts_dir --remove"
    fi
    echo "Stop them with (from $repo): $stop"
}

# Hosts that an earlier DEMO_KEEP_EMULATOR=1 run left running would keep `up` from starting new ones.
testhosts down --dir "$hosts_dir" --remove >/dev/null
emulator_start "$state_dir"
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

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

export ANSIBLE_STDOUT_CALLBACK=default
.venv/bin/ansible-playbook -i demo/inventory.yml demo/demo.yml -e "mondoo_demo_connection_file=$state_dir/connection.json"

echo
if [ "$(id -u)" -ne 0 ]; then
    echo "Skipping the token rotation over SSH test hosts (demo/rotation.yml): tools/testhosts.py needs root" \
        "(sshd on port 22 of loopback addresses, bind mounts). Run make demo as root to see it."
    exit 0
fi
echo "Next: rotating a token across three hosts. Starting them (real sshd on loopback addresses, each with its own /etc/opt/mondoo):"
testhosts up --count 3 --dir "$hosts_dir" --first-address auto
# Tasks skipped on every host are left out: the role skips the phases a run does not need.
ANSIBLE_DISPLAY_SKIPPED_HOSTS=false .venv/bin/ansible-playbook -i demo/inventory.yml -i "$hosts_dir/inventory.yml" demo/rotation.yml \
    -e "mondoo_demo_connection_file=$state_dir/connection.json" -e "mondoo_demo_testhosts_dir=$hosts_dir"
