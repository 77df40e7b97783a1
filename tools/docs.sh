#!/usr/bin/env bash
# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tools/docs.sh [lint] [build]   (default: both, lint first)
#   lint   antsibull-docs lint-collection-docs on this checkout: the guides (docs/docsite/), and the docs of every
#          module, filter and role, with every reference to a plugin or role of any collection validated
#   build  the HTML site into .build/docs/html: antsibull-docs writes the RST of the collection's index, its plugins and
#          its role, and copies the guides; sphinx-build makes HTML of it, every warning an error
# Offline: links to Ansible's documentation resolve through tools/docs/ansible-devel-objects.txt, nothing is fetched.
# Runs the tools of .venv-docs and installs nothing (`tools/setup.sh docs` builds it; `make docs` runs both).
# DOCS_COLLECTIONS_PATH: a collections tree whose ansible_collections/mondoo/platform is this checkout
# (default .collections/, which setup links).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

venv=$repo/.venv-docs
collections=${DOCS_COLLECTIONS_PATH:-$repo/.collections}
build=$repo/.build/docs

say() { printf 'docs: %s\n' "$*"; }
die() { printf 'docs: error: %s\n' "$*" >&2; exit 1; }

if [ ! -x "$venv/bin/antsibull-docs" ] || [ ! -x "$venv/bin/sphinx-build" ]; then
    die "$venv is missing or incomplete: run tools/setup.sh docs (make docs does)"
fi
collection=$collections/ansible_collections/mondoo/platform
[ "$(cd "$collection" 2>/dev/null && pwd -P)" = "$(pwd -P)" ] ||
    die "$collection is not this checkout: run tools/setup.sh docs, or set DOCS_COLLECTIONS_PATH"

# Only this collections tree and the docs venv's ansible-core; nothing of the user's own collections.
export ANSIBLE_COLLECTIONS_PATH=$collections ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
export ANSIBLE_NOCOLOR=1 PATH="$venv/bin:$PATH"

lint() {
    say "lint: antsibull-docs lint-collection-docs (guides, plugin and role docs, collection references)"
    antsibull-docs lint-collection-docs --plugin-docs --check-extra-docs-refs \
        --validate-collection-refs=all --disallow-unknown-collection-refs "$collection"
}

build() {
    local started=$SECONDS
    rm -rf "$build/html" "$build/doctrees"
    mkdir -p "$build/rst"
    chmod og-w "$build/rst"   # antsibull-docs wants its output directory writable by its owner only
    say "build: antsibull-docs collection into $build/rst"
    antsibull-docs --config-file tools/docs/antsibull-docs.cfg collection --use-current --squash-hierarchy \
        --fail-on-error --cleanup everything --dest-dir "$build/rst" mondoo.platform
    python tools/docs/inventory.py tools/docs/ansible-devel-objects.txt "$build/ansible_devel.inv"
    say "build: sphinx-build (warnings are errors) into $build/html"
    MONDOO_DOCS_ANSIBLE_INVENTORY=$build/ansible_devel.inv \
        sphinx-build -b html -c tools/docs -d "$build/doctrees" -W --keep-going -n -q "$build/rst" "$build/html"
    say "built in $((SECONDS - started)) s: $build/html/index.html"
}

steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(lint build)
for step in "${steps[@]}"; do
    case $step in
        lint) lint ;;
        build) build ;;
        *) die "unknown step '$step'; steps: lint, build" ;;
    esac
done
