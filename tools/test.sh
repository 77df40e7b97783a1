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

SUPPORTED_CORE=(2.16 2.17 2.18 2.19 2.20 2.21)
GATES=()
for minor in "${SUPPORTED_CORE[@]}"; do GATES+=("sanity-$minor"); done
for minor in "${SUPPORTED_CORE[@]}"; do GATES+=("units-$minor"); done
GATES+=(lint docs emulator collection importer live-check integration-2.21 integration-2.16 testhosts awx molecule)

core_venv() { printf '.venv-core%s' "${1//./}"; }

# require_core_venv MINOR: its virtualenv exists and holds that ansible-core.
require_core_venv() {
    local venv version
    venv=$(core_venv "$1")
    if [ ! -x "$venv/bin/ansible-test" ]; then
        echo "$venv is missing: the gate needs a Python that ansible-core $1 supports (make setup builds it when one is installed)" >&2
        return 1
    fi
    version=$("$venv/bin/python" -c 'from ansible.release import __version__; print(__version__)')
    if [ "${version%.*}" != "$1" ]; then
        echo "$venv holds ansible-core $version, not $1: run make setup" >&2
        return 1
    fi
}

# Without --python, ansible-test runs its per-Python parts (compile, import, the unit tests) on every Python that
# ansible-core version supports and tests/config.yml allows, of those on PATH (.pythons/), and the rest once.
run_ansible_test() {
    local minor=$1
    shift
    require_core_venv "$minor" && ANSIBLE_TEST_OWN_HOME=1 tools/ansible-test.sh "$(core_venv "$minor")" "$@" --venv --color no
}

for minor in "${SUPPORTED_CORE[@]}"; do
    eval "gate_sanity-$minor() { run_ansible_test $minor sanity; }"
    eval "gate_units-$minor() { run_ansible_test $minor units --requirements; }"
done

# The integration targets run real ansible-playbook against one emulator; each target resets it.
run_integration() {
    local minor=$1 python=$2 work
    require_core_venv "$minor" || return 1
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
        tools/ansible-test.sh "$(core_venv "$minor")" integration --venv --python "$python" --color no --requirements
    local status=$?
    emulator_stop
    rm -rf "$work"
    return $status
}

gate_integration-2.21() { run_integration 2.21 3.12; }
# The oldest supported ansible-core, on the oldest Python a supported ansible-core runs on as a controller.
gate_integration-2.16() { run_integration 2.16 3.10; }
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
# galaxy-importer, as Ansible Galaxy and Automation Hub run it on an upload, on the artifact built from this checkout
# (tests/importer/galaxy-importer.cfg); any ERROR or WARNING fails it. Then its negative controls: broken artifacts it
# must fail.
gate_importer() {
    if [ ! -x .venv-importer/bin/python ]; then
        echo ".venv-importer is missing: the gate needs galaxy-importer (make setup builds it)" >&2
        return 1
    fi
    # The import of this checkout's artifact runs beside the negative controls (each about half the gate's time);
    # its summary is printed after them.
    local summary status=0 import_pid
    summary=$(mktemp)
    .venv/bin/python tests/importer/import_artifact.py >"$summary" 2>&1 &
    import_pid=$!
    .venv/bin/python -m pytest -p no:cacheprovider tests/importer || status=1
    wait "$import_pid" || status=1
    cat "$summary"
    rm -f "$summary"
    return $status
}

if [ "${1:-}" = "--list" ]; then
    printf '%s\n' "${GATES[@]}"
    exit 0
fi
selected=("$@")
[ ${#selected[@]} -gt 0 ] || selected=("${GATES[@]}")

for gate in "${selected[@]}"; do
    if ! declare -F "gate_$gate" >/dev/null; then
        echo "unknown gate '$gate'; gates: ${GATES[*]}" >&2
        exit 2
    fi
done

passed=() failed=()
record() { # record GATE STATUS SECONDS [NOTE]
    if [ "$2" -eq 0 ]; then passed+=("$1 ($3 s${4:+, $4})"); else failed+=("$1 ($3 s${4:+, $4})"); fi
}

run_alone() {
    printf '\n===== %s =====\n' "$1"
    local started=$SECONDS status=0
    "gate_$1" || status=$?
    record "$1" "$status" "$((SECONDS - started))"
}

# The ansible-test matrix (sanity-*, units-*) shares nothing between gates (own staging tree, own ansible-test home),
# so its gates run MONDOO_TEST_JOBS (2) at a time. Each gate's output is printed whole when it ends.
is_matrix_gate() { case $1 in sanity-* | units-*) return 0 ;; *) return 1 ;; esac; }

run_matrix() {
    local jobs=${MONDOO_TEST_JOBS:-2} logs started=$SECONDS gate finished
    local -A gate_of_pid=()
    logs=$(mktemp -d)
    for gate in "$@"; do
        while [ ${#gate_of_pid[@]} -ge "$jobs" ]; do
            wait -n -p finished "${!gate_of_pid[@]}" || true
            print_matrix_gate "${gate_of_pid[$finished]}" "$logs"
            unset "gate_of_pid[$finished]"
        done
        (
            begun=$SECONDS
            "gate_$gate" >"$logs/$gate.log" 2>&1
            printf '%s %s\n' "$?" "$((SECONDS - begun))" >"$logs/$gate.result"
        ) &
        gate_of_pid[$!]=$gate
    done
    while [ ${#gate_of_pid[@]} -gt 0 ]; do
        wait -n -p finished "${!gate_of_pid[@]}" || true
        print_matrix_gate "${gate_of_pid[$finished]}" "$logs"
        unset "gate_of_pid[$finished]"
    done
    rm -rf "$logs"
    printf '\n(the %d gates above ran %s at a time: %d s in all)\n' "$#" "$jobs" "$((SECONDS - started))"
}

print_matrix_gate() { # print_matrix_gate GATE LOGDIR
    local status=1 seconds=0
    [ -f "$2/$1.result" ] && read -r status seconds <"$2/$1.result"
    printf '\n===== %s =====\n' "$1"
    cat "$2/$1.log"
    record "$1" "$status" "$seconds" "beside another gate"
}

matrix=() others=()
for gate in "${selected[@]}"; do
    if is_matrix_gate "$gate"; then matrix+=("$gate"); else others+=("$gate"); fi
done
[ ${#matrix[@]} -eq 0 ] || run_matrix "${matrix[@]}"
for gate in "${others[@]+"${others[@]}"}"; do run_alone "$gate"; done

printf '\n===== summary =====\n'
for entry in "${passed[@]}"; do printf 'PASS  %s\n' "$entry"; done
for entry in "${failed[@]+"${failed[@]}"}"; do printf 'FAIL  %s\n' "$entry"; done
printf 'gates: %d passed, %d failed\n' "${#passed[@]}" "${#failed[@]}"
[ ${#failed[@]} -eq 0 ]
