#!/usr/bin/env bash
# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: [INTEGRATION_CONFIG=FILE] [ANSIBLE_TEST_STAGE=DIR] tools/ansible-test.sh VENV ANSIBLE_TEST_ARGS...
# ansible-test only runs from a real directory named ansible_collections/<namespace>/<name>/ (a
# symlink resolves away), so the files git knows of are staged into such a tree and ansible-test
# runs there, with VENV's interpreters first on PATH, then every other Python make setup found (.pythons/). The tree lies outside the checkout: inside it,
# ansible-test would apply the checkout's .gitignore to the staged copy and find nothing to test.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=$(cd "$repo/$1" && pwd)
shift

checkout_id=$(printf '%s' "$repo" | sha256sum | cut -c1-12)
stage_root=${ANSIBLE_TEST_STAGE:-${TMPDIR:-/tmp}/mondoo-platform-ansible-test-$checkout_id/$(basename "$venv")}
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

cd "$stage" || exit 1
PATH="$venv/bin:$repo/.pythons:$PATH" exec "$venv/bin/ansible-test" "$@"
