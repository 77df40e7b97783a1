#!/usr/bin/env bash
# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The live-check gate: `make live-check` against emulators started as a real API would look (it must
# pass), with a field dropped from the schema (it must fail naming the field), without introspection
# (it must say so and fall back), and with errors worded as extensions codes; then a rehearsal of
# `make live-test` against the emulator, which must leave no token behind. No output may hold a secret.
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo" || exit 1
# shellcheck source=tools/lib/emulator.sh
source tools/lib/emulator.sh

work=$(mktemp -d)
chmod 0700 "$work"
trap 'emulator_stop; rm -rf "$work"' EXIT
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

connection_value() {
    .venv/bin/python -c 'import json, sys; print(eval("c" + sys.argv[2], {"c": json.load(open(sys.argv[1]))}))' \
        "$work/$1/connection.json" "$2"
}

# check NAME EXPECTED_STATUS PATTERN [serve.py options...]: `make live-check` against an emulator with those options
# exits with EXPECTED_STATUS (0 or 1 for non-zero) and prints PATTERN (an extended regular expression).
check() {
    local name=$1 expected=$2 pattern=$3 status
    shift 3
    emulator_start "$work/$name" "$@" || { fail "$name: the emulator did not start"; return; }
    MONDOO_API_ENDPOINT=$(connection_value "$name" '["endpoint"]') \
    MONDOO_API_TOKEN=$(connection_value "$name" '["credentials"]["space_editor"]') \
    MONDOO_LIVE_SPACE=$(connection_value "$name" '["space_mrns"][0]') \
        make -s live-check >"$work/$name.out" 2>&1
    status=$?
    secret_free "$name" "$work/$name.out"
    emulator_stop
    echo "live-check against the emulator $name ($*): exit status $status"
    grep -E '^ *"(Mondoo API|schema read|introspection|viewer answers|[0-9]+ of [0-9]+ documents)|^ *"[A-Za-z]+ +(query|mutation) ' \
        "$work/$name.out" | sed 's/^ *"/    /; s/",\?$//'
    if { [ "$expected" -eq 0 ] && [ "$status" -ne 0 ]; } || { [ "$expected" -ne 0 ] && [ "$status" -eq 0 ]; }; then
        fail "$name: make live-check exited with $status"
        tail -n 30 "$work/$name.out" >&2
    fi
    grep -Eq "$pattern" "$work/$name.out" || fail "$name: the output does not match /$pattern/"
}

# secret_free NAME FILE...: no credential of the emulator NAME appears in the files.
secret_free() {
    local name=$1 secret
    shift
    while read -r secret; do
        if grep -qF -- "$secret" "$@"; then
            fail "$name: a credential of the emulator appears in the output"
        fi
    done < <(.venv/bin/python -c 'import json, sys
for key, value in json.load(open(sys.argv[1]))["credentials"].items():
    if value.startswith("mondoo_"): print(value)' "$work/$name/connection.json")
}

check as-mondoo 0 '7 of 7 documents match the live schema'
check extensions 0 '7 of 7 documents match the live schema' --error-style extensions
check drift 1 "APITokens +query +differs +Cannot query field 'lastUsed' on type 'APIToken'" --schema-drop APIToken.lastUsed
check drift-service-accounts 1 "ServiceAccounts +query +differs +Cannot query field 'serviceAccounts' on type 'Query'" \
    --schema-drop Query.serviceAccounts
grep -Eq '6 of 7 documents match the live schema' "$work/drift-service-accounts.out" ||
    fail "drift-service-accounts: another document than ServiceAccounts was reported as differing"
check no-introspection 1 'introspection refused .*GraphQL introspection has been disabled' --no-introspection
grep -Eq 'APITokens +query +valid +sent once and answered' "$work/no-introspection.out" ||
    fail "no-introspection: the token listing was not sent once"
grep -Eq 'ServiceAccounts +query +valid +sent once and answered' "$work/no-introspection.out" ||
    fail "no-introspection: the service-account question was not sent once"
grep -Eq 'GenerateAPIToken +mutation +not checked' "$work/no-introspection.out" ||
    fail "no-introspection: a mutation was not reported as not checked"

echo "rehearsing make live-test against the emulator"
emulator_start "$work/rehearsal" || fail "rehearsal: the emulator did not start"
if MONDOO_LIVE_TEST=1 MONDOO_LIVE_SPACE=$(connection_value rehearsal '["space_mrns"][0]') \
        MONDOO_API_ENDPOINT=$(connection_value rehearsal '["endpoint"]') \
        MONDOO_API_TOKEN=$(connection_value rehearsal '["credentials"]["space_owner"]') \
        make -s live-test >"$work/rehearsal.out" 2>&1; then
    echo "make live-test passed against the emulator: $(grep -c '^ok: \|^changed: ' "$work/rehearsal.out") tasks ok or changed"
else
    fail "rehearsal: make live-test failed against the emulator"
    tail -n 40 "$work/rehearsal.out" >&2
fi
leftovers=$(.venv/bin/python -c 'import json, sys, urllib.request
tokens = json.load(urllib.request.urlopen(sys.argv[1] + "/tokens"))
print(len([token for token in tokens if token["name"].startswith("ansible-live-")]))' "$(connection_value rehearsal '["control"]')")
[ "$leftovers" = 0 ] || fail "rehearsal: $leftovers throw-away tokens were left behind"
secret_free rehearsal "$work/rehearsal.out"
emulator_stop

[ "$failures" -eq 0 ] && echo "live-check gate: every check passed"
[ "$failures" -eq 0 ]
