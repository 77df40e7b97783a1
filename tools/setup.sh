#!/usr/bin/env bash
# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Idempotent set-up of everything the demo and the tests need, from the project's own files:
#   .venv/          newest suitable Python (3.12 preferred, 3.11 accepted) with the pinned tools
#   .venv-core219/  Python 3.11 with ansible-core 2.19, for the second quality gate
#   .venv-ee/       what an execution environment holds (ansible-core, ansible-runner, the collection's requirements),
#                   for the awx gate
#   .venv-docs/     antsibull-docs and Sphinx (tests/docs/requirements.txt), for the docs site (make docs, the docs gate)
#   .collections/   a collections tree in which mondoo.platform is this checkout (see ansible.cfg)
#   ~/.ansible/test/cache/get_pip_*.py  the offline pip bootstrap ansible-test needs
#
# `tools/setup.sh docs` builds only what the docs site needs: .venv-docs and .collections/ (no Debian package).
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

pick_main_python() {
    local python
    python=$(find_python 3.12)
    [ -n "$python" ] || python=$(find_python 3.11)
    [ -n "$python" ] || die "no Python 3.12 or 3.11 found (looked on PATH, in ${PYENV_ROOT:-$HOME/.pyenv}/versions, /usr/local/bin and /usr/bin)"
    printf '%s\n' "$python"
}

# The docs site's tools (ansible-core 2.21 needs Python 3.12); antsibull-docs finds mondoo.platform through
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
    if [ "${1:-}" = "docs" ]; then
        setup_docs || exit 1
        say "ready: antsibull-docs $(.venv-docs/bin/antsibull-docs --version), $(.venv-docs/bin/python --version)"
        return 0
    fi
    [ $# -eq 0 ] || die "usage: tools/setup.sh [docs]"
    install_apt_packages

    local main_python core219_python
    main_python=$(pick_main_python)
    make_venv .venv "$main_python" requirements-dev.txt requirements-dev-lint.txt
    install_pip_bootstrap .venv
    make_venv .venv-ee "$main_python" tests/awx/requirements-ee.txt requirements.txt
    setup_docs || true

    core219_python=$(find_python 3.11)
    if [ -n "$core219_python" ]; then
        make_venv .venv-core219 "$core219_python" requirements-dev.txt
        install_pip_bootstrap .venv-core219
    else
        say "no Python 3.11 found: the ansible-core 2.19 gate cannot run here (make test will say so)"
    fi

    link_collection
    # Not `| head -n 1`: ansible would write on into the closed pipe and print a BrokenPipeError.
    local ansible_version
    ansible_version=$(.venv/bin/ansible --version)
    say "ready: ${ansible_version%%$'\n'*}, $(.venv/bin/python --version)"
}

main "$@"
