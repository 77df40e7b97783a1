# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Running the emulator: listen on loopback, write the connection file, serve until SIGTERM or SIGINT."""

import ipaddress
import logging
import signal
import socket
import threading
from http.server import ThreadingHTTPServer

from .control import CONTROL_PREFIX
from .emulator import Emulator
from .http_handler import QUERY_PATH, EmulatorRequestHandler
from .output_files import OutputFiles
from .persistence import read_json

LOG = logging.getLogger(__name__)
SHUTDOWN_POLL_SECONDS = 0.05


class EmulatorHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, emulator_factory):
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, EmulatorRequestHandler)
        self.emulator = emulator_factory(self.base_url)

    @property
    def base_url(self):
        host, port = self.server_address[:2]
        return f"http://[{host}]:{port}" if self.address_family == socket.AF_INET6 else f"http://{host}:{port}"


def parse_listen(value):
    """`HOST:PORT` (`[::1]:PORT` for IPv6) on a loopback address; raises ValueError otherwise."""
    host, separator, port_text = value.rpartition(":")
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if not separator or not port_text.isdigit() or int(port_text) > 65535:
        raise ValueError(f"{value!r} is not HOST:PORT")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(f"{host!r} is not an IP address; use a loopback address such as 127.0.0.1") from None
    if not address.is_loopback:
        raise ValueError(f"{host} is not a loopback address; the emulator listens on loopback only")
    return str(address), int(port_text)


def connection_document(base_url, state, credentials):
    """The connection file: where to call, the seed's first two organizations and their spaces, the credentials."""
    organizations = list(state.organizations)
    spaces_of = {organization: [space.mrn for space in state.spaces.values() if space.organization_mrn == organization] for organization in organizations}
    other = organizations[1] if len(organizations) > 1 else None
    return {
        "endpoint": base_url + QUERY_PATH,
        "control": base_url + CONTROL_PREFIX,
        "organization_mrn": organizations[0],
        "space_mrns": spaces_of[organizations[0]],
        "other_organization_mrn": other,
        "other_space_mrns": spaces_of.get(other, []),
        "credentials": credentials,
    }


def run(listen, seed_path, state_path, connection_file, graphql, error_style, issuer_keys=None):
    """Serve `graphql` (a GraphQLApi) and the token exchange (with `issuer_keys`, a wif_keys.IssuerKeys) until SIGTERM or SIGINT,
    then save and remove the files handed out; returns the exit status.
    """
    seed = read_json(seed_path)
    output_files = OutputFiles(connection_file)
    stop = threading.Event()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signal_number, lambda *_: stop.set())

    def emulator_factory(base_url):
        return Emulator(seed, state_path, output_files, base_url, graphql, error_style, issuer_keys)

    with EmulatorHTTPServer(listen, emulator_factory) as server:
        try:
            _serve_until(stop, server, output_files)
        finally:
            output_files.remove_all()
    return 0


def _serve_until(stop, server, output_files):
    emulator = server.emulator
    credentials = emulator.start()
    output_files.write_connection(connection_document(server.base_url, emulator.state, credentials))
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": SHUTDOWN_POLL_SECONDS}, name="http")
    serving.start()
    LOG.info("serving the Mondoo API emulator at %s", server.base_url + QUERY_PATH)
    stop.wait()
    server.shutdown()
    serving.join()
    emulator.save_unsaved()
    LOG.info("stopped")
