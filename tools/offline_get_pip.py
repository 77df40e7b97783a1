# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Offline stand-in for the get-pip.py that ansible-test downloads to bootstrap pip in its venvs.

`make setup` copies it into ansible-test's cache. It installs pip from the interpreter's bundled
wheel, then upgrades to the version ansible-test asked for from the configured package index.
ensurepip runs in a subprocess: run in-process it sets PIP_CONFIG_FILE=/dev/null, which would hide
the machine's pip configuration (CA bundle, index) from the second step.
"""

import subprocess
import sys

IGNORED_OPTIONS = ('--no-setuptools', '--no-wheel')


def main():
    subprocess.run([sys.executable, '-m', 'ensurepip', '--upgrade'], check=True, stdout=subprocess.DEVNULL)
    arguments = [argument for argument in sys.argv[1:] if argument not in IGNORED_OPTIONS]
    subprocess.run([sys.executable, '-m', 'pip', 'install', '--upgrade'] + arguments, check=True)


if __name__ == '__main__':
    main()
