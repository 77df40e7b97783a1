# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator: the platform state and its lock, the served API, the test controls, and loading, resetting and saving the state."""

import os
import threading

from .clock import Clock
from .error_styles import checked_style
from .faults import FaultInjector
from .issuance import issue_credentials
from .model import State
from .persistence import read_json, write_json_atomically
from .request_log import RequestLog
from .seed import build_state
from .served_schema import served_schema
from .wif_keys import IssuerKeys


class Emulator:
    """Whoever reads or changes `state` holds `lock`. `graphql` is the served GraphQLApi.

    `issuer_keys` (wif_keys.IssuerKeys) are the keys of the workload identity issuers, fixed at start.
    """

    def __init__(self, seed, state_path, output_files, api_endpoint, graphql, error_style, issuer_keys=None):
        self.lock = threading.Lock()
        self.clock = Clock()
        self.faults = FaultInjector()
        self.requests = RequestLog()
        self.state = None
        self.output_files = output_files
        self.graphql = graphql
        self.issuer_keys = issuer_keys or IssuerKeys()
        self.api_endpoint = api_endpoint
        self._start_graphql = graphql
        self.error_style = checked_style(error_style)
        self._start_error_style = self.error_style
        self._start_seed = seed
        self._state_path = state_path
        self._start_verifiers = None
        self._seeds_loaded = 0
        self._unsaved = False

    def start(self):
        """Load the state file if there is one, else the seed; issue the seed principals' credentials and return them."""
        with self.lock:
            if self._state_path and os.path.exists(self._state_path):
                self.state = State.from_document(read_json(self._state_path))
            else:
                self.state = build_state(self._start_seed, self.clock)
            self._start_verifiers, credentials = issue_credentials(
                self.state, self.api_endpoint, self.output_files.credential_writer("start"),
            )
            self.save()
        return credentials

    def reset(self):
        """Back to the start: seed, credentials issued at start, error style, schema; no faults, no request log, no clock offset."""
        self.error_style = self._start_error_style
        self.graphql = self._start_graphql
        self.clock.set_offset(0)
        self.faults.clear()
        self.requests.clear()
        state = build_state(self._start_seed, self.clock)
        self._start_verifiers.apply(state)
        with self.lock:
            self.state = state
            self.save()

    def replace_seed(self, seed):
        """Replace the state with a new seed's and return fresh credentials for its principals; raises SeedError."""
        state = build_state(seed, self.clock)
        with self.lock:
            self._seeds_loaded += 1
            batch = f"seed{self._seeds_loaded}"
        credentials = issue_credentials(state, self.api_endpoint, self.output_files.credential_writer(batch))[1]
        with self.lock:
            self.state = state
            self.save()
        return credentials

    def set_error_style(self, style):
        self.error_style = checked_style(style)

    def set_schema_drops(self, drops):
        """Serve schema.graphql without `drops` (SchemaDrop values) from now on; raises ValueError as served_schema does."""
        self.graphql = self._start_graphql.with_schema(served_schema(drops), drops)

    def note_use(self, principal):
        """Record a call by `principal`; saved with the next change or at shutdown. The caller holds the lock."""
        principal.last_used = self.clock.timestamp()
        self._unsaved = True

    def save(self):
        """Write the state file, if there is one. The caller holds the lock."""
        if self._state_path:
            write_json_atomically(self._state_path, self.state.to_document())
        self._unsaved = False

    def save_unsaved(self):
        with self.lock:
            if self._unsaved:
                self.save()
