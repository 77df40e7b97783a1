# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""tools/testhosts.py: real sshd hosts on loopback, each with its own view of /etc/opt/mondoo.

Runs as root (bind mounts, port 22): `.venv/bin/python -m pytest tests/testhosts` from the repository root.
"""

import base64
import importlib.util
import json
import os
import pathlib
import shutil
import stat
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
TESTHOSTS = REPO / 'tools' / 'testhosts.py'
VENV_BIN = REPO / '.venv' / 'bin'
MOUNT_POINT = '/etc/opt/mondoo'
NAMES = ['consumer1', 'consumer2', 'consumer3']


def load_testhosts():
    spec = importlib.util.spec_from_file_location('testhosts', TESTHOSTS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_testhosts(*args, check=True):
    result = subprocess.run([sys.executable, str(TESTHOSTS), *args], capture_output=True, text=True, check=False, cwd=REPO, timeout=60)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def ansible(directory, module, module_args, pattern='mondoo_token_consumers'):
    """Runs the real `ansible` over SSH from the repository root; returns ({host: result}, exit status)."""
    env = dict(os.environ)
    env.pop('ANSIBLE_HOST_KEY_CHECKING', None)
    env.update({'PATH': '%s:%s' % (VENV_BIN, env.get('PATH', '')), 'ANSIBLE_NOCOLOR': '1'})
    tree = directory / 'tree'
    shutil.rmtree(tree, ignore_errors=True)
    result = subprocess.run([str(VENV_BIN / 'ansible'), '-i', str(directory / 'inventory.yml'), pattern, '-m', module, '-a', module_args, '--tree', str(tree)],
                            capture_output=True, text=True, check=False, cwd=REPO, env=env, timeout=180)
    results = {}
    for path in tree.glob('*') if tree.is_dir() else []:
        results[path.name] = json.loads(path.read_text(encoding='utf-8'))
    return results, result.returncode, result.stdout + result.stderr


def their_processes(directory):
    """PIDs of running processes whose command line names a file under DIRECTORY (the sshds of these hosts)."""
    table = load_testhosts().process_table()
    return sorted(pid for pid, (_parent, cmdline) in table.items() if str(directory) in cmdline and pid != os.getpid())


@pytest.fixture(scope='module')
def hosts(tmp_path_factory):
    directory = tmp_path_factory.mktemp('testhosts')
    try:
        run_testhosts('up', '--count', '3', '--dir', str(directory), '--first-address', 'auto')
        yield directory
    finally:
        run_testhosts('down', '--dir', str(directory), check=False)


def host_state(directory):
    with open(directory / 'hosts.json', encoding='utf-8') as handle:
        return {host['name']: host for host in json.load(handle)['hosts']}


def test_up_writes_inventory_known_hosts_and_state(hosts):
    state = host_state(hosts)
    assert sorted(state) == NAMES
    for host in state.values():
        assert host['address'].startswith('127.')
        assert pathlib.Path('/proc/%d' % host['pid']).exists()
        assert os.readlink('/proc/%d/exe' % host['pid']) == '/usr/sbin/sshd'
        assert pathlib.Path(host['view']).is_dir()
    inventory = (hosts / 'inventory.yml').read_text(encoding='utf-8')
    assert 'StrictHostKeyChecking=yes' in inventory
    assert 'UserKnownHostsFile=%s' % (hosts / 'known_hosts') in inventory
    assert 'ControlMaster=no' in inventory
    known_hosts = (hosts / 'known_hosts').read_text(encoding='utf-8').splitlines()
    assert sorted(line.split()[0] for line in known_hosts) == sorted(host['address'] for host in state.values())


def test_each_host_writes_into_its_own_view(hosts):
    root_probe = pathlib.Path(MOUNT_POINT) / 'probe'
    root_probe_before = root_probe.exists()
    results, status, output = ansible(hosts, 'ansible.builtin.copy', 'content={{ inventory_hostname }} dest=%s/probe mode=0600' % MOUNT_POINT)
    assert status == 0, output
    assert sorted(results) == NAMES
    for name, host in host_state(hosts).items():
        assert results[name].get('failed') is not True and results[name].get('unreachable') is not True, results[name]
        probe = pathlib.Path(host['view']) / 'probe'
        assert probe.read_text(encoding='utf-8') == name
        assert stat.S_IMODE(probe.stat().st_mode) == 0o600
        assert sorted(os.listdir(host['view'])) == ['probe']
    # The controller's own /etc/opt/mondoo is not any host's: nothing was written there.
    assert root_probe.exists() == root_probe_before


def test_host_keys_are_checked(hosts, tmp_path):
    # The same inventory with an empty known_hosts file: ssh must refuse every host, not trust it.
    (tmp_path / 'known_hosts').write_text('', encoding='utf-8')
    inventory = (hosts / 'inventory.yml').read_text(encoding='utf-8').replace(str(hosts / 'known_hosts'), str(tmp_path / 'known_hosts'))
    (tmp_path / 'inventory.yml').write_text(inventory, encoding='utf-8')
    results, status, output = ansible(tmp_path, 'ansible.builtin.ping', '')
    assert status != 0
    assert sorted(results) == NAMES
    for name in NAMES:
        assert results[name].get('unreachable') is True, results[name]
        assert 'Host key verification failed' in results[name].get('msg', ''), results[name]
    assert output


def test_stopped_host_is_unreachable_and_comes_back_with_its_view(hosts):
    view = pathlib.Path(host_state(hosts)['consumer2']['view'])
    (view / 'marker').write_text('kept across restart', encoding='utf-8')
    run_testhosts('stop-host', 'consumer2', '--dir', str(hosts))
    assert host_state(hosts)['consumer2']['pid'] is None

    results, status, output = ansible(hosts, 'ansible.builtin.ping', '')
    assert status != 0
    assert results['consumer2'].get('unreachable') is True, results['consumer2']
    for name in ('consumer1', 'consumer3'):
        assert results[name].get('ping') == 'pong', results[name]
        assert not results[name].get('unreachable'), results[name]

    run_testhosts('start-host', 'consumer2', '--dir', str(hosts))
    results, status, output = ansible(hosts, 'ansible.builtin.slurp', 'src=%s/marker' % MOUNT_POINT, pattern='consumer2')
    assert status == 0, output
    assert base64.b64decode(results['consumer2']['content']).decode() == 'kept across restart'


def test_up_refuses_a_directory_with_running_hosts(hosts):
    result = run_testhosts('up', '--count', '3', '--dir', str(hosts), '--first-address', 'auto', check=False)
    assert result.returncode == 1
    assert 'already has running hosts' in result.stderr


@pytest.mark.parametrize('first, count', [('10.0.0.1', 1), ('192.168.1.10', 3), ('::1', 1), ('127.255.255.253', 3), ('localhost', 1)])
def test_up_refuses_addresses_outside_loopback(tmp_path, first, count):
    result = run_testhosts('up', '--count', str(count), '--dir', str(tmp_path / 'hosts'), '--first-address', first, check=False)
    assert result.returncode == 1
    assert 'error' in result.stderr
    assert not (tmp_path / 'hosts').exists()


def test_down_stops_every_sshd_and_session(tmp_path):
    directory = tmp_path / 'hosts'
    run_testhosts('up', '--count', '3', '--dir', str(directory), '--first-address', 'auto')
    module = load_testhosts()
    state = host_state(directory)
    client = None
    try:
        assert len(their_processes(directory)) == 3
        # An open session leaves per-connection processes below the sshd; down must stop them too.
        client = subprocess.Popen(['ssh', '-i', str(directory / 'id_ed25519'), '-o', 'UserKnownHostsFile=%s' % (directory / 'known_hosts'),
                                   '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', 'root@%s' % state['consumer1']['address'],
                                   'echo ready; sleep 300'],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert client.stdout.readline().strip() == 'ready'
        session = module.descendants(state['consumer1']['pid'], module.process_table())
        assert session, 'the open ssh session has no processes below the sshd'
    finally:
        result = run_testhosts('down', '--dir', str(directory), check=False)
        if client is not None and client.poll() is None:
            try:
                client.wait(timeout=10)
            except subprocess.TimeoutExpired:
                client.kill()
    assert result.returncode == 0, result.stderr
    assert their_processes(directory) == []
    for pid in [host['pid'] for host in state.values()] + session:
        assert not module.alive(pid)
    assert client.wait(timeout=10) != 0
    assert all(host['pid'] is None for host in host_state(directory).values())
    assert not any(module.port_accepts(host['address']) for host in state.values())

    run_testhosts('down', '--dir', str(directory), '--remove')
    assert not directory.exists()
