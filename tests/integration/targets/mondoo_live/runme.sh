#!/usr/bin/env bash
# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The opt-in test against a real Mondoo account (`make live-test`). It needs:
#   MONDOO_LIVE_TEST=1
#   MONDOO_LIVE_SPACE   the id or MRN of a space it may create and delete throw-away tokens in
#   a credential with Editor or Owner on that space, found as the modules find one
#     (MONDOO_API_TOKEN, MONDOO_CONFIG_PATH, MONDOO_CONFIG_BASE64 or the Mondoo CLI's configuration)
#   MONDOO_API_ENDPOINT or MONDOO_LIVE_REGION (us or eu), when not the us region
# Without them it is skipped with a one-line reason. It is marked disabled for ansible-test, which
# would not pass these variables on; `make test` never runs it.
set -eu -o pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"

if [ "${MONDOO_LIVE_TEST:-}" != 1 ]; then
    echo "mondoo_live: skipped: set MONDOO_LIVE_TEST=1, MONDOO_LIVE_SPACE and a Mondoo credential to run it against a real account"
    exit 0
fi
if [ -z "${MONDOO_LIVE_SPACE:-}" ]; then
    echo "mondoo_live: MONDOO_LIVE_TEST=1 but MONDOO_LIVE_SPACE is not set: name the space it may use" >&2
    exit 2
fi
if [ -z "${MONDOO_API_TOKEN:-}${MONDOO_CONFIG_PATH:-}${MONDOO_CONFIG_BASE64:-}" ] &&
        [ ! -f "$HOME/.config/mondoo/mondoo.yml" ] && [ ! -f /etc/opt/mondoo/mondoo.yml ]; then
    echo "mondoo_live: MONDOO_LIVE_TEST=1 but no Mondoo credential is set (MONDOO_API_TOKEN, MONDOO_CONFIG_PATH," \
         "MONDOO_CONFIG_BASE64 or the Mondoo CLI's configuration)" >&2
    exit 2
fi

work=$(mktemp -d)
chmod 0700 "$work"
trap 'rm -rf "$work"' EXIT
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0

# Every token the run creates starts with this prefix; each play deletes its own in an always block.
prefix="ansible-live-$(date -u +%Y%m%dT%H%M%S)-$$"
echo "mondoo_live: throw-away tokens are named $prefix-*"
# No -x: a traced command line could hold a secret. The credential stays in the environment.
ansible-playbook -i inventory.yml live.yml -e "live_work_dir=$work" -e "live_prefix=$prefix" "$@"
