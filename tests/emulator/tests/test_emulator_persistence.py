# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The state file: atomic writes, hashes instead of secrets, and state surviving a restart."""

import errno
import json
import os
import stat

import pytest

from emulator_client import UPDATE, VIEWER, ApiClient
from mondoo_emulator import persistence


def test_an_atomic_write_replaces_the_file_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "state.json"
    persistence.write_json_atomically(path, {"generation": 1})
    persistence.write_json_atomically(path, {"generation": 2})
    assert persistence.read_json(path) == {"generation": 2}
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert os.listdir(tmp_path) == ["state.json"]


class _DiskFullHalfWay:
    """A stream that writes half of what it is given, then fails as a full disk would."""

    def __init__(self, stream):
        self._stream = stream

    def __enter__(self):
        return self

    def __exit__(self, *_exception):
        self._stream.close()

    def fileno(self):
        return self._stream.fileno()

    def write(self, text):
        self._stream.write(text[:len(text) // 2])
        self._stream.flush()
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_write_failing_half_way_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "state.json"
    persistence.write_json_atomically(path, {"generation": 1})
    real_fdopen = os.fdopen
    monkeypatch.setattr(persistence.os, "fdopen", lambda *arguments, **options: _DiskFullHalfWay(real_fdopen(*arguments, **options)))
    with pytest.raises(OSError, match="No space left"):
        persistence.write_json_atomically(path, {"generation": 2, "padding": "x" * 100000})
    monkeypatch.undo()
    assert persistence.read_json(path) == {"generation": 1}
    assert os.listdir(tmp_path) == ["state.json"]


def test_a_failing_fsync_leaves_the_old_file_intact(tmp_path, monkeypatch):
    """The crash that matters most: all written, not yet durable, not yet renamed."""
    path = tmp_path / "state.json"
    persistence.write_json_atomically(path, {"generation": 1})

    def failing_fsync(_descriptor):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(persistence.os, "fsync", failing_fsync)
    with pytest.raises(OSError):
        persistence.write_json_atomically(path, {"generation": 2})
    monkeypatch.undo()
    assert persistence.read_json(path) == {"generation": 1}
    assert os.listdir(tmp_path) == ["state.json"]


def test_state_survives_a_restart(start_mondoo_emulator, tmp_path):
    state_file = tmp_path / "state.json"
    first_run = start_mondoo_emulator(directory=tmp_path / "run", state=state_file)
    connection = first_run.connection
    space = connection["space_mrns"][0]
    owner = ApiClient(connection["endpoint"], connection["credentials"]["space_owner"])
    owner_mrn = owner.data(VIEWER)["viewer"]["mrn"]
    kept = owner.generate(space, "kept", ["editor"], description="survives")
    owner.data(UPDATE, {"input": {"mrn": kept["mrn"], "name": "kept and renamed"}})
    ApiClient(connection["endpoint"], kept["secret"]).data(VIEWER)
    before = {token["mrn"]: token for token in first_run.control.tokens()}
    assert first_run.stop() == 0
    assert stat.S_IMODE(os.stat(state_file).st_mode) == 0o600

    second_run = start_mondoo_emulator(directory=tmp_path / "run", state=state_file)
    after = {token["mrn"]: token for token in second_run.control.tokens()}
    assert after == before
    assert after[kept["mrn"]]["name"] == "kept and renamed" and after[kept["mrn"]]["lastUsed"] is not None
    endpoint = second_run.connection["endpoint"]
    assert ApiClient(endpoint, kept["secret"]).data(VIEWER)["viewer"]["mrn"] == kept["mrn"]
    new_owner_secret = second_run.connection["credentials"]["space_owner"]
    assert new_owner_secret != connection["credentials"]["space_owner"]
    assert ApiClient(endpoint, connection["credentials"]["space_owner"]).post(VIEWER).status_code == 401
    assert ApiClient(endpoint, new_owner_secret).data(VIEWER)["viewer"]["mrn"] == owner_mrn


def test_every_change_is_saved_at_once(start_mondoo_emulator, tmp_path):
    state_file = tmp_path / "state.json"
    emulator = start_mondoo_emulator(state=state_file)
    connection = emulator.connection
    token = ApiClient(connection["endpoint"], connection["credentials"]["org_owner"]).generate(connection["organization_mrn"], "saved")
    saved = persistence.read_json(state_file)
    assert token["mrn"] in [item["mrn"] for item in saved["tokens"]]


def test_the_state_file_holds_hashes_not_secrets(start_mondoo_emulator, tmp_path):
    state_file = tmp_path / "state.json"
    emulator = start_mondoo_emulator(state=state_file)
    connection = emulator.connection
    owner = ApiClient(connection["endpoint"], connection["credentials"]["org_owner"])
    created = owner.generate(connection["organization_mrn"], "secretive")
    account = persistence.read_json(connection["credentials"]["service_account_file"])
    emulator.stop()
    text = state_file.read_text(encoding="utf-8")
    secrets = [created["secret"]] + [value for name, value in connection["credentials"].items() if name != "service_account_file"]
    for secret in secrets:
        assert secret not in text
    private_key_body = account["private_key"].splitlines()[1]
    assert private_key_body not in text
    assert "mondoo_tk_" not in text
    assert len(json.loads(text)["tokens"]) == 8
