# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Start the Mondoo API emulator. Usage: see README.md next to this file."""

import argparse
import logging
import sys

from mondoo_emulator.error_styles import GRPC, STYLES
from mondoo_emulator.graphql_api import SPEEDUPS, GraphQLApi
from mondoo_emulator.seed import DEFAULT_SEED_PATH
from mondoo_emulator.served_schema import parse_schema_drop, served_schema
from mondoo_emulator.server import parse_listen, run
from mondoo_emulator.wif_keys import IssuerKeys, parse_wif_issuer


def _argument_type(parse):
    """An argparse type from a parser that raises ValueError with the reason."""
    def parse_argument(value):
        try:
            return parse(value)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
    return parse_argument


def main(argv=None):
    parser = argparse.ArgumentParser(description="Serve an emulation of Mondoo's API token GraphQL API and its token exchange on loopback.")
    parser.add_argument("--listen", type=_argument_type(parse_listen), default="127.0.0.1:0", help="loopback HOST:PORT; port 0 picks a free one")
    parser.add_argument("--seed", default=str(DEFAULT_SEED_PATH), help="seed file (JSON); default: seeds/default.json")
    parser.add_argument("--state", help="state file (JSON): loaded if it exists, saved after every change")
    parser.add_argument("--connection-file", required=True, help="where to write the connection file (JSON, mode 0600) once ready")
    parser.add_argument("--error-style", choices=STYLES, default=GRPC, help="error messages as gRPC status text (default) or plain words with extensions.code")
    parser.add_argument("--no-introspection", action="store_true", help="refuse introspection queries as a validation failure (HTTP 422)")
    parser.add_argument(
        "--schema-drop", action="append", default=[], type=_argument_type(parse_schema_drop), metavar="TYPE.FIELD[(ARG)]",
        help="serve the schema without that field or argument; repeatable",
    )
    parser.add_argument(
        "--wif-issuer", action="append", default=[], type=_argument_type(parse_wif_issuer), metavar="ISSUER_URI=JWKS",
        help="accept that issuer's JWTs in the token exchange, checked with the keys of JWKS (a file or an http(s) URL, read at start); repeatable",
    )
    parser.add_argument(
        "--without-speedup", action="append", default=[], choices=SPEEDUPS, metavar="SPEEDUP",
        help=f"serve without that speed-up ({' or '.join(SPEEDUPS)}): the same answers, slower, for the benchmark; repeatable",
    )
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s", stream=sys.stderr)
    try:
        speedups = [speedup for speedup in SPEEDUPS if speedup not in arguments.without_speedup]
        graphql = GraphQLApi(served_schema(arguments.schema_drop), introspection=not arguments.no_introspection,
                             drops=arguments.schema_drop, speedups=speedups)
        issuer_keys = IssuerKeys.load(arguments.wif_issuer)
        return run(arguments.listen, arguments.seed, arguments.state, arguments.connection_file, graphql, arguments.error_style, issuer_keys)
    except (OSError, ValueError) as error:
        sys.stderr.write(f"{parser.prog}: error: {error}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
