# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The start contract: serve.py arguments, the connection file, the service-account file, SIGTERM."""

import os
import stat
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

import serve
from emulator_client import LIST, VIEWER, ApiClient, read_service_account
from mondoo_emulator.server import parse_listen
from pytest_plugin import SERVE_SCRIPT

ORGANIZATION_PREFIX = "//captain.api.mondoo.app/organizations/"
SPACE_PREFIX = "//captain.api.mondoo.app/spaces/"
TOKEN_CREDENTIALS = ("org_owner", "org_editor", "org_viewer", "space_owner", "space_editor", "space_viewer", "space_agent")


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_connection_file_holds_the_contract(start_mondoo_emulator):
    emulator = start_mondoo_emulator()
    connection = emulator.connection
    assert _mode(emulator.connection_file) == 0o600
    endpoint = urlsplit(connection["endpoint"])
    assert (endpoint.scheme, endpoint.hostname, endpoint.path) == ("http", "127.0.0.1", "/query")
    assert endpoint.port not in (None, 0)
    assert connection["control"] == f"http://127.0.0.1:{endpoint.port}/_emulator"
    assert connection["organization_mrn"].startswith(ORGANIZATION_PREFIX)
    assert len(connection["space_mrns"]) >= 2 and all(mrn.startswith(SPACE_PREFIX) for mrn in connection["space_mrns"])
    assert connection["other_organization_mrn"].startswith(ORGANIZATION_PREFIX)
    assert connection["other_organization_mrn"] != connection["organization_mrn"]
    assert len(connection["other_space_mrns"]) == 1
    assert not set(connection["other_space_mrns"]) & set(connection["space_mrns"])
    credentials = connection["credentials"]
    assert set(credentials) == set(TOKEN_CREDENTIALS) | {"service_account_file"}
    assert len({credentials[name] for name in TOKEN_CREDENTIALS}) == len(TOKEN_CREDENTIALS)
    for name in TOKEN_CREDENTIALS:
        assert credentials[name].startswith("mondoo_tk_") and len(credentials[name]) == len("mondoo_tk_") + 43


def test_each_credential_acts_with_its_scope_and_role(mondoo_emulator, mondoo_control):
    credentials = mondoo_emulator["credentials"]
    expected = {
        "org_owner": (mondoo_emulator["organization_mrn"], "owner"),
        "org_editor": (mondoo_emulator["organization_mrn"], "editor"),
        "org_viewer": (mondoo_emulator["organization_mrn"], "viewer"),
        "space_owner": (mondoo_emulator["space_mrns"][0], "owner"),
        "space_editor": (mondoo_emulator["space_mrns"][0], "editor"),
        "space_viewer": (mondoo_emulator["space_mrns"][0], "viewer"),
        "space_agent": (mondoo_emulator["space_mrns"][0], "agent"),
    }
    tokens = {token["mrn"]: token for token in mondoo_control.tokens()}
    for name, (scope_mrn, role) in expected.items():
        viewer = ApiClient(mondoo_emulator["endpoint"], credentials[name]).data(VIEWER)["viewer"]
        assert viewer["mrn"].startswith(scope_mrn + "/apitokens/"), name
        token = tokens[viewer["mrn"]]
        assert token["scopeMrn"] == scope_mrn
        assert [item["mrn"] for item in token["roles"]] == [f"//iam.api.mondoo.app/roles/{role}"]


def test_service_account_file_is_a_space_editor_credential(start_mondoo_emulator):
    emulator = start_mondoo_emulator()
    path = emulator.connection["credentials"]["service_account_file"]
    first_space = emulator.connection["space_mrns"][0]
    assert os.path.dirname(path) == str(emulator.directory)
    assert _mode(path) == 0o600
    account = read_service_account(path)
    assert set(account) == {"mrn", "parent_mrn", "scope_mrn", "private_key", "certificate", "api_endpoint"}
    assert account["mrn"].startswith("//agents.api.mondoo.app/spaces/" + first_space.rsplit("/", 1)[1] + "/serviceaccounts/")
    assert account["scope_mrn"] == account["parent_mrn"] == first_space
    assert account["private_key"].startswith("-----BEGIN PRIVATE KEY-----\n")
    assert account["certificate"].startswith("-----BEGIN CERTIFICATE-----\n")
    assert account["api_endpoint"] + "/query" == emulator.connection["endpoint"]


def test_sigterm_stops_cleanly_and_removes_the_handed_out_files(start_mondoo_emulator):
    emulator = start_mondoo_emulator()
    account_file = emulator.connection["credentials"]["service_account_file"]
    assert emulator.stop() == 0
    assert not emulator.connection_file.exists()
    assert not os.path.exists(account_file)
    assert "Traceback" not in emulator.log_file.read_text(encoding="utf-8")


def test_two_emulators_pick_different_ports(start_mondoo_emulator):
    first, second = start_mondoo_emulator(), start_mondoo_emulator()
    assert first.connection["endpoint"] != second.connection["endpoint"]
    assert first.connection["credentials"]["org_owner"] != second.connection["credentials"]["org_owner"]


def test_listen_refuses_a_non_loopback_address_at_the_command_line(tmp_path):
    connection_file = tmp_path / "connection.json"
    result = subprocess.run(
        [sys.executable, str(SERVE_SCRIPT), "--listen", "0.0.0.0:0", "--connection-file", str(connection_file)],
        capture_output=True, text=True, timeout=30, check=False,
    )
    assert result.returncode == 2
    assert "argument --listen: 0.0.0.0 is not a loopback address" in result.stderr
    assert not connection_file.exists()


@pytest.mark.parametrize("listen, reason", [
    ("0.0.0.0:0", "not a loopback address"),
    ("192.0.2.1:8080", "not a loopback address"),
    ("[::]:0", "not a loopback address"),
    ("example.com:80", "not an IP address"),
    ("127.0.0.1", "is not HOST:PORT"),
    ("127.0.0.1:99999", "is not HOST:PORT"),
])
def test_listen_accepts_only_a_loopback_host_and_port(listen, reason):
    with pytest.raises(ValueError, match=reason):
        parse_listen(listen)


@pytest.mark.parametrize("listen, address", [
    ("127.0.0.1:0", ("127.0.0.1", 0)),
    ("127.0.0.9:8080", ("127.0.0.9", 8080)),
    ("[::1]:0", ("::1", 0)),
])
def test_listen_parses_loopback_addresses(listen, address):
    assert parse_listen(listen) == address


def test_an_invalid_seed_is_refused_with_its_reason(tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text('{"organizations": []}', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(SERVE_SCRIPT), "--seed", str(seed), "--connection-file", str(tmp_path / "connection.json")],
        capture_output=True, text=True, timeout=30, check=False,
    )
    assert result.returncode == 1
    assert "organizations must be a non-empty list" in result.stderr


def test_without_its_speedups_the_emulator_answers_the_same(start_mondoo_emulator):
    emulator = start_mondoo_emulator(extra_args=["--without-speedup", "document-cache", "--without-speedup", "projection"])
    client = ApiClient(emulator.connection["endpoint"], emulator.connection["credentials"]["org_owner"])
    space = emulator.connection["space_mrns"][0]
    names = [edge["node"]["name"] for edge in client.data(LIST, {"scopeMrn": space, "first": 100})["apiTokens"]["edges"]]
    assert names == ["seed space owner", "seed space editor", "seed space viewer", "seed space agent"]
    for _round in range(2):
        response = client.post("{ viewer { password } }")
        assert (response.status_code, response.json()["errors"][0]["message"]) == (422, "Cannot query field 'password' on type 'Principal'.")
    emulator.control.set_schema_drops(["APIToken.lastUsed"])
    assert client.post(LIST, {"scopeMrn": space}).status_code == 422


def test_an_unknown_speedup_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        serve.main(["--without-speedup", "colour", "--connection-file", str(tmp_path / "connection.json")])
    assert stopped.value.code == 2
    assert "argument --without-speedup: invalid choice: 'colour' (choose from 'document-cache', 'projection')" in capsys.readouterr().err
