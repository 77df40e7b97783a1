#!/usr/bin/env bash
# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: [INTEGRATION_CONFIG=FILE] [ANSIBLE_TEST_STAGE=DIR] [ANSIBLE_TEST_OWN_HOME=1] tools/ansible-test.sh VENV COMMAND ARGS...
# ansible-test only runs from a real directory named ansible_collections/<namespace>/<name>/ (a
# symlink resolves away), so the files git knows of are staged into such a tree and ansible-test
# runs there, with VENV's interpreters first on PATH, then every other Python make setup found (.pythons/). The tree lies outside the checkout: inside it,
# ansible-test would apply the checkout's .gitignore to the staged copy and find nothing to test.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=$(cd "$repo/$1" && pwd)
shift

checkout_id=$(printf '%s' "$repo" | sha256sum | cut -c1-12)
# One tree per virtualenv and ansible-test command, so that gates can run at the same time.
stage_root=${ANSIBLE_TEST_STAGE:-${TMPDIR:-/tmp}/mondoo-platform-ansible-test-$checkout_id/$(basename "$venv")-$1}
stage="$stage_root/ansible_collections/mondoo/platform"
mkdir -p "$stage"
git -C "$repo" ls-files -z --cached --others --exclude-standard |
    rsync -a --delete --delete-missing-args --from0 --files-from=- "$repo/" "$stage/"
# rsync --delete only prunes inside the listed directories; drop files git no longer lists.
comm -z -13 <(git -C "$repo" ls-files -z --cached --others --exclude-standard | sort -z) \
            <(cd "$stage" && find . -path ./tests/output -prune -o -type f -printf '%P\0' | sort -z) |
    (cd "$stage" && xargs -0 -r rm -f)

if [ -n "${INTEGRATION_CONFIG:-}" ]; then
    install -m 0600 "$INTEGRATION_CONFIG" "$stage/tests/integration/integration_config.yml"
fi

# ansible-test keeps its virtualenvs in ~/.ansible/test/venv and builds them without a lock: runs at the same time
# each get a home of their own, with the offline pip bootstrap; pip's cache, which is safe to share, stays shared.
if [ "${ANSIBLE_TEST_OWN_HOME:-0}" = 1 ]; then
    mkdir -p "$stage_root/home/.ansible/test/cache"
    cp "$HOME"/.ansible/test/cache/get_pip_*.py "$stage_root/home/.ansible/test/cache/"
    export PIP_CACHE_DIR=${PIP_CACHE_DIR:-$HOME/.cache/pip} HOME="$stage_root/home"
fi

cd "$stage" || exit 1
PATH="$venv/bin:$repo/.pythons:$PATH" exec "$venv/bin/ansible-test" "$@"
