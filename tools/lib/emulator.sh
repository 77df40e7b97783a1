# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
#
# Sourced by the scripts that need a running emulator.
#   emulator_start DIR [serve.py options...]   starts it, waits for DIR/connection.json; sets EMULATOR_PID
#   emulator_stop                              stops it (SIGTERM) and waits

emulator_start() {
    local dir=$1
    shift
    mkdir -p "$dir"
    chmod 0700 "$dir"
    rm -f "$dir/connection.json"
    .venv/bin/python tests/emulator/serve.py --listen 127.0.0.1:0 --connection-file "$dir/connection.json" "$@" \
        2>"$dir/emulator.log" &
    EMULATOR_PID=$!
    local waited=0
    until [ -s "$dir/connection.json" ]; do
        if ! kill -0 "$EMULATOR_PID" 2>/dev/null || [ "$waited" -ge 100 ]; then
            tail -n 20 "$dir/emulator.log" >&2
            echo "the emulator did not start (log: $dir/emulator.log)" >&2
            return 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
}

emulator_stop() {
    [ -n "${EMULATOR_PID:-}" ] || return 0
    kill -TERM "$EMULATOR_PID" 2>/dev/null && wait "$EMULATOR_PID" 2>/dev/null
    EMULATOR_PID=
}
