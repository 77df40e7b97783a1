#!/usr/bin/env bash
# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# No secret in the output at -vvvv: runs hygiene.yml twice (with and without --diff), then searches
# the playbook output, the Ansible log, the emulator's log and its request log for every secret the
# runs created and every seed credential. Fails on any hit, naming only the kind of secret.
#
# The emulator comes from the integration config (mondoo_emulator_connection_file), which
# ansible-test copies to tests/integration/integration_config.yml beside the targets directory;
# MONDOO_INTEGRATION_CONFIG overrides its path. No -x: a traced command line could hold a secret.
set -eu -o pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"
config=${MONDOO_INTEGRATION_CONFIG:-$here/../../integration_config.yml}
if [ ! -f "$config" ]; then
    echo "no integration config at $config: run through tools/test.sh integration-2.21, or set MONDOO_INTEGRATION_CONFIG" >&2
    exit 1
fi

# The Python that runs Ansible has PyYAML.
python=python
"$python" -c 'import yaml' 2>/dev/null || python=python3
connection=$("$python" secret_scan.py connection-file "$config")
if [ ! -s "$connection" ]; then
    echo "the emulator connection file $connection is missing: is the emulator running?" >&2
    exit 1
fi

work=$(mktemp -d)
chmod 0700 "$work"
trap 'rm -rf "$work"' EXIT
export ANSIBLE_LOG_PATH="$work/ansible.log" ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0

logs=("$work/ansible.log" "$(dirname "$connection")/emulator.log")
status=0
run=0
for diff in --diff ""; do
    run=$((run + 1))
    mkdir -m 0700 "$work/secrets-$run"
    out="$work/playbook-$run.out"
    logs+=("$out")
    echo "hygiene run $run: ansible-playbook -vvvv ${diff:-(no --diff)}"
    # shellcheck disable=SC2086  # $diff is one flag or nothing
    if ! ansible-playbook -vvvv $diff hygiene.yml -e "@$config" \
            -e "mondoo_hygiene_secret_dir=$work/secrets-$run" -e "mondoo_hygiene_run=$run" >"$out" 2>&1; then
        echo "hygiene run $run failed; its output, every known secret redacted:" >&2
        "$python" secret_scan.py redact "$connection" "$work/secrets-$run" "$out" | tail -n 60 >&2
        status=1
    fi
done

for secrets in "$work"/secrets-*; do
    echo "searching for the secrets of ${secrets##*/}"
    "$python" secret_scan.py scan "$connection" "$secrets" 6 "${logs[@]}" || status=1
done

if [ "$status" -ne 0 ]; then
    echo "FAILED: secret hygiene (see LEAK/PROBLEM lines above)" >&2
fi
exit "$status"
