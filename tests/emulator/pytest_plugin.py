# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""pytest fixtures that run the Mondoo API emulator (serve.py) as a subprocess on 127.0.0.1.

- `mondoo_emulator` (session): one emulator for the session; the parsed connection file (a dict).
- `mondoo_control`: an EmulatorControl for that emulator, reset to the start state before and after the test.
- `start_mondoo_emulator`: starts private emulators (e.g. with `--state` or `--error-style`) and stops them after the test.
"""

import json
import pathlib
import signal
import subprocess
import sys
import time

import pytest
import requests

SERVE_SCRIPT = pathlib.Path(__file__).resolve().parent / "serve.py"
START_TIMEOUT_SECONDS = 20
STOP_TIMEOUT_SECONDS = 10
HTTP_TIMEOUT_SECONDS = 30


class EmulatorControl:
    """Calls the test-control endpoints; each method raises for an HTTP error and returns the JSON answer."""

    def __init__(self, base_url):
        self.base_url = base_url
        self._session = requests.Session()

    def call(self, method, path, payload=None, params=None):
        response = self._session.request(method, self.base_url + path, json=payload, params=params, timeout=HTTP_TIMEOUT_SECONDS)
        response.raise_for_status()
        return response.json()

    def reset(self):
        return self.call("POST", "/reset")

    def seed(self, seed_document):
        """Replace the state with a seed; returns the credentials of its principals."""
        return self.call("POST", "/seed", seed_document)["credentials"]

    def requests(self):
        return self.call("GET", "/requests")

    def clear_requests(self):
        return self.call("DELETE", "/requests")

    def add_fault(self, operation, kind, **options):
        return self.call("POST", "/faults", dict(options, operation=operation, kind=kind))

    def clear_faults(self):
        return self.call("DELETE", "/faults")

    def set_clock(self, offset_seconds):
        return self.call("POST", "/clock", {"offset_seconds": offset_seconds})

    def tokens(self, scope=None):
        return self.call("GET", "/tokens", params=None if scope is None else {"scope": scope})

    def error_style(self):
        return self.call("GET", "/errors")["style"]

    def set_error_style(self, style):
        """`grpc` or `extensions`, until the next reset."""
        return self.call("POST", "/errors", {"style": style})

    def set_schema_drops(self, drops):
        """Serve the schema without `drops` (["TYPE.FIELD", "TYPE.FIELD(ARG)"]) until the next reset."""
        return self.call("POST", "/schema", {"drop": list(drops)})


class RunningEmulator:
    """A serve.py process started in `directory`; `connection` is its connection file, parsed.

    `schema_drops` are `--schema-drop` values; `extra_args` are further serve.py arguments, e.g. `["--no-introspection"]`
    or `["--wif-issuer", "ISSUER_URI=JWKS"]`.
    """

    def __init__(self, directory, seed=None, state=None, error_style=None, schema_drops=(), extra_args=()):
        self.directory = pathlib.Path(directory)
        self.connection_file = self.directory / "connection.json"
        self.log_file = self.directory / "emulator.log"
        command = [sys.executable, str(SERVE_SCRIPT), "--listen", "127.0.0.1:0", "--connection-file", str(self.connection_file)]
        if seed is not None:
            command += ["--seed", str(seed)]
        if state is not None:
            command += ["--state", str(state)]
        if error_style is not None:
            command += ["--error-style", error_style]
        for drop in schema_drops:
            command += ["--schema-drop", drop]
        command += list(extra_args)
        with open(self.log_file, "ab") as log:
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        self.connection = self._wait_for_connection_file()
        self.control = EmulatorControl(self.connection["control"])

    def _wait_for_connection_file(self):
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not self.connection_file.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the emulator did not start; its log:\n{self.log_file.read_text(encoding='utf-8')}")
            time.sleep(0.02)
        with open(self.connection_file, encoding="utf-8") as stream:
            return json.load(stream)

    def stop(self):
        """SIGTERM, then wait; returns the exit status (killed if it does not stop in time)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


@pytest.fixture(scope="session")
def mondoo_emulator(tmp_path_factory):
    emulator = RunningEmulator(tmp_path_factory.mktemp("mondoo-emulator"))
    yield emulator.connection
    emulator.stop()


@pytest.fixture
def mondoo_control(mondoo_emulator):
    """Reset before the test, and after it, so that tests without this fixture find the start state too."""
    control = EmulatorControl(mondoo_emulator["control"])
    control.reset()
    yield control
    control.reset()


@pytest.fixture
def start_mondoo_emulator(tmp_path):
    """A function (directory=None, seed=None, state=None, error_style=None, schema_drops=(), extra_args=()) -> RunningEmulator.

    Every emulator it starts is stopped after the test.
    """
    started = []

    def start(directory=None, seed=None, state=None, error_style=None, schema_drops=(), extra_args=()):
        directory = directory or tmp_path / f"emulator-{len(started)}"
        directory.mkdir(parents=True, exist_ok=True)
        started.append(RunningEmulator(directory, seed, state, error_style, schema_drops, extra_args))
        return started[-1]

    yield start
    for emulator in started:
        emulator.stop()
