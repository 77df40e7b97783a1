#!/usr/bin/env bash
# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tools/test.sh [GATE...]   (default: every gate; `tools/test.sh --list` names them)
# Runs each quality gate, goes on past a failure, prints a summary and exits non-zero if any failed.
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo" || exit 1
export ANSIBLE_NOCOLOR=1 PY_COLORS=0 NO_COLOR=1

GATES=(sanity-2.21 sanity-2.19 units-2.21 units-2.19 lint docs emulator collection live-check integration-2.21 integration-2.19 testhosts awx molecule)

require_venv() {
    if [ ! -x "$1/bin/ansible-test" ]; then
        echo "$1 is missing: the gate needs $2 (make setup builds it when that Python is installed)" >&2
        return 1
    fi
}

gate_sanity-2.21() { require_venv .venv "Python 3.12" && tools/ansible-test.sh .venv sanity --venv --python 3.12 --color no; }
gate_sanity-2.19() { require_venv .venv-core219 "Python 3.11" && tools/ansible-test.sh .venv-core219 sanity --venv --python 3.11 --color no; }
gate_units-2.21() { require_venv .venv "Python 3.12" && tools/ansible-test.sh .venv units --venv --python 3.12 --color no --requirements; }
gate_units-2.19() { require_venv .venv-core219 "Python 3.11" && tools/ansible-test.sh .venv-core219 units --venv --python 3.11 --color no --requirements; }
# The integration targets run real ansible-playbook against one emulator; each target resets it.
run_integration() {
    local venv=$1 python=$2 work
    require_venv "$venv" "Python $python" || return 1
    work=$(mktemp -d)
    # shellcheck source=tools/lib/emulator.sh
    source tools/lib/emulator.sh
    # A throw-away OIDC issuer whose tokens the emulator's example workload identity binding accepts.
    .venv/bin/python tests/emulator/oidc_issuer.py keys "$work/oidc" || return 1
    emulator_start "$work/emulator" --wif-issuer "https://issuer.example=$work/oidc/jwks.json" || return 1
    {
        printf 'mondoo_emulator_connection_file: %s\n' "$work/emulator/connection.json"
        printf 'mondoo_oidc_issuer_tool: %s\n' "$repo/tests/emulator/oidc_issuer.py"
        printf 'mondoo_oidc_issuer_key: %s\n' "$work/oidc/issuer_key.pem"
    } >"$work/integration_config.yml"
    echo "mondoo_live: skipped here (it needs MONDOO_LIVE_TEST=1, MONDOO_LIVE_SPACE and a real Mondoo account: make live-test)"
    INTEGRATION_CONFIG="$work/integration_config.yml" \
        tools/ansible-test.sh "$venv" integration --venv --python "$python" --color no --requirements
    local status=$?
    emulator_stop
    rm -rf "$work"
    return $status
}

gate_integration-2.21() { run_integration .venv 3.12; }
gate_integration-2.19() { run_integration .venv-core219 3.11; }
gate_lint() { PATH="$repo/.venv/bin:$PATH" ansible-lint --nocolor && .venv/bin/antsibull-changelog lint; }
# The docs site: antsibull-docs' lint of the guides and of the plugins' and role's docs, the offline Sphinx build with
# warnings as errors (tools/docs.sh), then negative controls that show both fail on a mistake.
gate_docs() {
    if [ ! -x .venv-docs/bin/sphinx-build ]; then
        echo ".venv-docs is missing: the gate needs Python 3.12 (tools/setup.sh docs builds it)" >&2
        return 1
    fi
    tools/docs.sh && .venv/bin/python -m pytest -p no:cacheprovider tests/docs
}
gate_emulator() { .venv/bin/python -m pytest -p no:cacheprovider tests/emulator; }
gate_live-check() { tools/live-check-test.sh; }
gate_testhosts() { .venv/bin/python -m pytest -p no:cacheprovider tests/testhosts; }
gate_molecule() { tools/molecule.sh; }
# The collection's playbooks run as AWX runs job templates: ansible-runner in .venv-ee, SSH hosts and the emulator.
gate_awx() { .venv/bin/python -m pytest -p no:cacheprovider tests/awx; }
gate_collection() { .venv/bin/python -m pytest -p no:cacheprovider tests/collection; }

if [ "${1:-}" = "--list" ]; then
    printf '%s\n' "${GATES[@]}"
    exit 0
fi
selected=("$@")
[ ${#selected[@]} -gt 0 ] || selected=("${GATES[@]}")

passed=() failed=()
for gate in "${selected[@]}"; do
    if ! declare -F "gate_$gate" >/dev/null; then
        echo "unknown gate '$gate'; gates: ${GATES[*]}" >&2
        exit 2
    fi
    printf '\n===== %s =====\n' "$gate"
    started=$SECONDS
    if "gate_$gate"; then
        passed+=("$gate ($((SECONDS - started)) s)")
    else
        failed+=("$gate ($((SECONDS - started)) s)")
    fi
done

printf '\n===== summary =====\n'
for entry in "${passed[@]}"; do printf 'PASS  %s\n' "$entry"; done
for entry in "${failed[@]+"${failed[@]}"}"; do printf 'FAIL  %s\n' "$entry"; done
printf 'gates: %d passed, %d failed\n' "${#passed[@]}" "${#failed[@]}"
[ ${#failed[@]} -eq 0 ]
