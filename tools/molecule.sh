#!/usr/bin/env bash
# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tools/molecule.sh [ROLE[/SCENARIO]...]   (default: every scenario of every role)
# Runs `molecule test` for each roles/ROLE/molecule/SCENARIO/, from the role's directory, with the
# main virtualenv first on PATH (molecule shells out to ansible-config and ansible-playbook).
# Goes on past a failure, prints a summary and exits non-zero if any scenario failed.
# Needs root: the scenarios start sshd hosts in private mount namespaces (tools/testhosts.py).
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo" || exit 1
export PATH="$repo/.venv/bin:$PATH" ANSIBLE_NOCOLOR=1 PY_COLORS=0 NO_COLOR=1 ANSIBLE_FORCE_COLOR=0

if [ ! -x .venv/bin/molecule ]; then
    echo ".venv/bin/molecule is missing: run make setup" >&2
    exit 1
fi

scenarios=()
if [ $# -gt 0 ]; then
    for selection in "$@"; do
        case $selection in
            */*) scenarios+=("roles/${selection%%/*}/molecule/${selection#*/}") ;;
            *) for dir in roles/"$selection"/molecule/*/; do scenarios+=("${dir%/}"); done ;;
        esac
    done
else
    for file in roles/*/molecule/*/molecule.yml; do
        [ -e "$file" ] && scenarios+=("$(dirname "$file")")
    done
fi
if [ ${#scenarios[@]} -eq 0 ]; then
    echo "no molecule scenarios found under roles/*/molecule/" >&2
    exit 1
fi

checkout_id=$(printf '%s' "$repo" | sha256sum | cut -c1-12)
passed=() failed=()
for scenario in "${scenarios[@]}"; do
    role_dir=${scenario%/molecule/*}
    name=${scenario##*/}
    label="${role_dir#roles/}/$name"
    if [ ! -f "$scenario/molecule.yml" ]; then
        echo "no scenario $label ($scenario/molecule.yml is missing)" >&2
        failed+=("$label (missing)")
        continue
    fi
    printf '\n===== molecule %s =====\n' "$label"
    started=$SECONDS
    # molecule names its default scratch directory after the role directory's name only, so two
    # checkouts would share (and tear down) each other's hosts; give each checkout its own.
    ephemeral="${TMPDIR:-/tmp}/mondoo-platform-molecule-$checkout_id/${role_dir#roles/}.$name"
    if (cd "$role_dir" && MOLECULE_EPHEMERAL_DIRECTORY=$ephemeral molecule test --scenario-name "$name"); then
        passed+=("$label ($((SECONDS - started)) s)")
    else
        failed+=("$label ($((SECONDS - started)) s)")
    fi
done

printf '\n===== molecule summary =====\n'
for entry in "${passed[@]+"${passed[@]}"}"; do printf 'PASS  %s\n' "$entry"; done
for entry in "${failed[@]+"${failed[@]}"}"; do printf 'FAIL  %s\n' "$entry"; done
[ ${#failed[@]} -eq 0 ]
