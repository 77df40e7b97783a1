# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Start the Mondoo API emulator. Usage: see README.md next to this file."""

import argparse
import logging
import sys

from mondoo_emulator.seed import DEFAULT_SEED_PATH
from mondoo_emulator.server import parse_listen, run


def _listen_address(value):
    try:
        return parse_listen(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def main(argv=None):
    parser = argparse.ArgumentParser(description="Serve an emulation of Mondoo's API token GraphQL API on loopback.")
    parser.add_argument("--listen", type=_listen_address, default="127.0.0.1:0", help="loopback HOST:PORT; port 0 picks a free one")
    parser.add_argument("--seed", default=str(DEFAULT_SEED_PATH), help="seed file (JSON); default: seeds/default.json")
    parser.add_argument("--state", help="state file (JSON): loaded if it exists, saved after every change")
    parser.add_argument("--connection-file", required=True, help="where to write the connection file (JSON, mode 0600) once ready")
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s", stream=sys.stderr)
    try:
        return run(arguments.listen, arguments.seed, arguments.state, arguments.connection_file)
    except (OSError, ValueError) as error:
        sys.stderr.write(f"{parser.prog}: error: {error}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
