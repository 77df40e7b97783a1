#!/usr/bin/env bash
# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tools/setup.sh [demo|docs]
# Idempotent set-up of everything the tests need (or, with `demo` or `docs`, only what `make demo` or `make docs`
# needs), from the project's own files:
#   .venv/          newest suitable Python (3.12 preferred, 3.11 accepted) with the pinned tools   (demo too)
#   .collections/   a collections tree in which mondoo.platform is this checkout (see ansible.cfg)  (demo too)
#   .venv-coreXYZ/  ansible-core X.YZ (tests/ansible-core/X.YZ.txt) on the newest Python it supports, for the
#                   sanity, units and integration gates of each supported ansible-core minor
#   .pythons/       python3.N for every Python 3 the machine has that works, for ansible-test's per-Python tests
#   .venv-ee/       what an execution environment holds (ansible-core, ansible-runner, the collection's requirements),
#                   for the awx gate
#   .venv-importer/ galaxy-importer and the tools it drives (tests/importer/requirements.txt), for the importer gate
#   .venv-docs/     antsibull-docs and Sphinx (tests/docs/requirements.txt), for the docs site (make docs, the docs gate)
#   ~/.ansible/test/cache/get_pip_*.py  the offline pip bootstrap ansible-test needs
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

APT_PACKAGES=(shellcheck openssh-server openssh-client rsync python3)

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

install_apt_packages() {
    local missing=()
    for package in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || die "needs the Debian packages ${missing[*]}; install them as root"
        sudo=(sudo)
    fi
    say "installing Debian packages: ${missing[*]}"
    local log=/tmp/mondoo-platform-apt.log
    if ! { "${sudo[@]}" apt-get update -qq &&
           DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
        tail -n 20 "$log" >&2
        die "apt-get could not install ${missing[*]} (log: $log)"
    fi
}

# Prints the path of a working python<version>, or nothing. A pyenv shim that is not activated
# exists on PATH but fails, so each candidate is run before it is trusted.
find_python() {
    local version=$1 candidate
    for candidate in "$(command -v "python$version" || true)" \
                     "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$version"*/bin/"python$version" \
                     /usr/local/bin/"python$version" /usr/bin/"python$version"; do
        if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -c 'import venv, ensurepip' >/dev/null 2>&1; then
            "$candidate" -c 'import sys; print(sys.executable)'
            return 0
        fi
    done
}

# make_venv DIR PYTHON REQUIREMENTS...: (re)creates DIR when the interpreter or the pinned
# requirements changed since it was built; otherwise leaves it alone.
make_venv() {
    local dir=$1 python=$2
    shift 2
    local stamp
    stamp=$( { "$python" -c 'import sys; print(sys.version)'; cat "$@"; } | sha256sum | cut -d' ' -f1)
    if [ -f "$dir/.setup-stamp" ] && [ "$(cat "$dir/.setup-stamp")" = "$stamp" ]; then
        return 0
    fi
    say "building $dir with $python ($("$python" --version 2>&1))"
    rm -rf "$dir"
    "$python" -m venv "$dir"
    local requirement_args=() file
    for file in "$@"; do requirement_args+=(-r "$file"); done
    if ! "$dir/bin/pip" install --disable-pip-version-check "${requirement_args[@]}" >"$dir/setup.log" 2>&1; then
        tail -n 30 "$dir/setup.log" >&2
        die "pip install into $dir failed (full log: $dir/setup.log)"
    fi
    printf '%s\n' "$stamp" >"$dir/.setup-stamp"
}

# ansible-test downloads get-pip.py from a host outside the package registries; give it the
# offline stand-in for the pip version each installed ansible-test asks for.
install_pip_bootstrap() {
    local venv=$1 requirements_py version
    # "$venv/": find follows a venv that is a symbolic link (a worktree sharing another checkout's venv).
    requirements_py=$(find "$venv/" -path '*ansible_test/_internal/python_requirements.py' | head -n 1)
    [ -n "$requirements_py" ] || die "ansible-test not found in $venv"
    version=$(sed -n "s/^ *pip='\([0-9.]*\)',.*/\1/p" "$requirements_py" | head -n 1)
    [ -n "$version" ] || die "cannot read the pip version ansible-test wants from $requirements_py"
    mkdir -p "$HOME/.ansible/test/cache"
    install -m 0644 tools/offline_get_pip.py "$HOME/.ansible/test/cache/get_pip_${version//./_}.py"
}

link_collection() {
    mkdir -p .collections/ansible_collections/mondoo
    ln -sfn ../../.. .collections/ansible_collections/mondoo/platform
}

# Each supported ansible-core minor, with the Pythons it runs on as a controller, newest first.
CORE_PYTHONS=(
    "2.16 3.12 3.11 3.10"
    "2.17 3.12 3.11 3.10"
    "2.18 3.13 3.12 3.11"
    "2.19 3.11 3.13 3.12"
    "2.20 3.13 3.12"
    "2.21 3.12 3.13"
)

# ansible-test runs its per-Python tests on each python3.N it finds on PATH; a pyenv shim that is not
# activated is on PATH but fails, so tools/ansible-test.sh puts this directory of working ones first.
link_pythons() {
    mkdir -p .pythons
    local version python
    for version in 3.9 3.10 3.11 3.12 3.13 3.14; do
        python=$(find_python "$version")
        if [ -n "$python" ]; then
            ln -sfn "$python" ".pythons/python$version"
        else
            rm -f ".pythons/python$version"
        fi
    done
}

make_core_venvs() {
    local entry minor versions version python
    for entry in "${CORE_PYTHONS[@]}"; do
        read -r minor versions <<<"$entry"
        python=
        for version in $versions; do
            python=$(find_python "$version")
            [ -z "$python" ] || break
        done
        if [ -z "$python" ]; then
            say "no Python $versions found: the ansible-core $minor gates cannot run here (make test will say so)"
            continue
        fi
        make_venv ".venv-core${minor//./}" "$python" "tests/ansible-core/$minor.txt"
        install_pip_bootstrap ".venv-core${minor//./}"
    done
}

pick_main_python() {
    local python
    python=$(find_python 3.12)
    [ -n "$python" ] || python=$(find_python 3.11)
    [ -n "$python" ] || die "no Python 3.12 or 3.11 found (looked on PATH, in ${PYENV_ROOT:-$HOME/.pyenv}/versions, /usr/local/bin and /usr/bin)"
    printf '%s\n' "$python"
}

# The docs site's tools (their ansible-core 2.21 needs Python 3.12); antsibull-docs finds mondoo.platform through
# .collections/.
setup_docs() {
    local docs_python
    docs_python=$(find_python 3.12)
    if [ -z "$docs_python" ]; then
        say "no Python 3.12 found: the docs site cannot be built here (make docs and the docs gate need it)"
        return 1
    fi
    make_venv .venv-docs "$docs_python" tests/docs/requirements.txt
    link_collection
}

main() {
    local part=${1:-all}
    case $part in
        docs)
            setup_docs || exit 1
            say "ready: antsibull-docs $(.venv-docs/bin/antsibull-docs --version), $(.venv-docs/bin/python --version)"
            return 0
            ;;
        all | demo) ;;
        *) die "unknown part '$part'; use no argument (everything), demo or docs" ;;
    esac
    install_apt_packages

    local main_python
    main_python=$(pick_main_python)
    make_venv .venv "$main_python" requirements-dev.txt requirements-dev-lint.txt
    link_collection

    if [ "$part" = all ]; then
        install_pip_bootstrap .venv
        make_venv .venv-ee "$main_python" tests/awx/requirements-ee.txt requirements.txt
        make_venv .venv-importer "$main_python" tests/importer/requirements.txt
        setup_docs || true
        link_pythons
        make_core_venvs
    fi
    # Not `| head -n 1`: ansible would write on into the closed pipe and print a BrokenPipeError.
    local ansible_version
    ansible_version=$(.venv/bin/ansible --version)
    say "ready in $SECONDS s: ${ansible_version%%$'\n'*}, $(.venv/bin/python --version)"
}

main "$@"
