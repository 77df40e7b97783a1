# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Real SSH target hosts on one machine, for role tests (test tooling, not part of the collection).

Each host is its own sshd on its own loopback address (127.0.0.0/8 only), started in a private
mount namespace in which the host's own ``view/`` directory is bind-mounted onto the mount point
(default ``/etc/opt/mondoo``): what Ansible writes there on ``consumer2`` lands in
``DIR/hosts/consumer2/view/`` and nowhere else.

Usage (as root, from the repository root)::

    .venv/bin/python tools/testhosts.py up --count 3 --dir DIR [--first-address 127.0.0.11|auto] [--mount-point /etc/opt/mondoo]
    .venv/bin/python tools/testhosts.py stop-host consumer2 --dir DIR     # unreachable ...
    .venv/bin/python tools/testhosts.py start-host consumer2 --dir DIR    # ... and back, same view
    .venv/bin/python tools/testhosts.py status --dir DIR
    .venv/bin/python tools/testhosts.py down --dir DIR [--remove]

``up`` writes ``DIR/inventory.yml`` (group ``mondoo_token_consumers``, hosts ``consumer1..N``),
``DIR/known_hosts`` (host key checking stays on), ``DIR/id_ed25519`` (the client key every host
accepts) and ``DIR/hosts.json`` (name, address, pid, view directory of each host).
"""

import argparse
import ipaddress
import json
import os
import random
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time

SSHD = '/usr/sbin/sshd'
GROUP = 'mondoo_token_consumers'
HOST_PREFIX = 'consumer'
LOOPBACK = ipaddress.ip_network('127.0.0.0/8')
START_TIMEOUT = 10.0
STOP_TIMEOUT = 5.0


class TestHostsError(Exception):
    """A problem the user must see; the command exits with status 1."""


def say(message):
    print('testhosts: %s' % message, flush=True)


def loopback_addresses(first, count):
    """The COUNT consecutive addresses from FIRST, all inside 127.0.0.0/8, or an error."""
    try:
        start = ipaddress.ip_address(first)
    except ValueError as error:
        raise TestHostsError('not an IP address: %r' % first) from error
    if start.version != 4 or start not in LOOPBACK:
        raise TestHostsError('%s is not a loopback address: only 127.0.0.0/8 is allowed' % first)
    addresses = []
    for index in range(count):
        address = start + index
        if address not in LOOPBACK or address in (LOOPBACK.network_address, LOOPBACK.broadcast_address):
            raise TestHostsError('%d hosts from %s leave 127.0.0.0/8' % (count, first))
        addresses.append(str(address))
    return addresses


def free_loopback_addresses(count):
    """COUNT consecutive addresses in 127.64.0.1 - 127.254.255.254 whose port 22 is free (random start)."""
    for _attempt in range(50):
        first = ipaddress.ip_address('127.%d.%d.%d' % (random.randint(64, 254), random.randint(0, 255), random.randint(1, 254 - count)))
        addresses = loopback_addresses(str(first), count)
        if all(port_free(address) for address in addresses):
            return addresses
    raise TestHostsError('found no %d consecutive loopback addresses with port 22 free' % count)


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)
    if result.returncode != 0:
        raise TestHostsError('%s failed (status %d): %s' % (shlex.join(command), result.returncode, (result.stderr or result.stdout).strip()))
    return result.stdout


def write_file(path, content, mode=0o600):
    temporary = path + '.tmp'
    with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode), 'w', encoding='utf-8') as handle:
        handle.write(content)
    os.chmod(temporary, mode)
    os.replace(temporary, path)


def state_file(directory):
    return os.path.join(directory, 'hosts.json')


def load_state(directory):
    try:
        with open(state_file(directory), encoding='utf-8') as handle:
            return json.load(handle)
    except FileNotFoundError:
        return None


def save_state(directory, state):
    write_file(state_file(directory), json.dumps(state, indent=2) + '\n', 0o644)


def process_table():
    """{pid: (parent pid, command line)} for every process now running."""
    table = {}
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % entry, encoding='utf-8', errors='replace') as handle:
                stat = handle.read()
            with open('/proc/%s/cmdline' % entry, 'rb') as handle:
                cmdline = handle.read().replace(b'\0', b' ').decode('utf-8', 'replace').strip()
        except OSError:
            continue
        # The command name in parentheses may contain spaces: the fields after the last ')' are fixed.
        fields = stat[stat.rindex(')') + 2:].split()
        if fields[0] == 'Z':
            continue
        table[int(entry)] = (int(fields[1]), cmdline)
    return table


def is_our_sshd(host, table=None):
    """True when the host's recorded PID is an sshd running with the host's own config file."""
    pid = host.get('pid')
    if not pid:
        return False
    table = process_table() if table is None else table
    if pid not in table or host['config'] not in table[pid][1]:
        return False
    # sshd rewrites its command line ('sshd: /usr/sbin/sshd -D -e -f CONFIG [listener] ...'): check the executable too.
    try:
        return os.readlink('/proc/%d/exe' % pid) == SSHD
    except OSError:
        return False


def descendants(pid, table):
    """The PIDs below PID in the process tree, deepest first."""
    children = {}
    for child, (parent, _cmdline) in table.items():
        children.setdefault(parent, []).append(child)
    found = []
    pending = [pid]
    while pending:
        for child in children.get(pending.pop(), []):
            found.append(child)
            pending.append(child)
    return list(reversed(found))


def port_accepts(address, port=22):
    try:
        with socket.create_connection((address, port), timeout=0.5):
            return True
    except OSError:
        return False


def port_free(address, port=22):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As sshd does: connections in TIME_WAIT from an earlier run must not count as in use.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((address, port))
        except OSError:
            return False
    return True


def sshd_config(host_dir, address, authorized_keys):
    return '\n'.join([
        '# Written by tools/testhosts.py: one test host, reachable on %s only.' % address,
        'ListenAddress %s:22' % address,
        'HostKey %s' % os.path.join(host_dir, 'ssh_host_ed25519_key'),
        'PidFile %s' % os.path.join(host_dir, 'sshd.pid'),
        'AuthorizedKeysFile %s' % authorized_keys,
        'PermitRootLogin prohibit-password',
        'PubkeyAuthentication yes',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        'StrictModes no',
        'AllowTcpForwarding no',
        'X11Forwarding no',
        'PrintMotd no',
        'Subsystem sftp internal-sftp',
        '',
    ])


def passwd_with_root_home(home):
    """/etc/passwd with root's home directory moved to HOME, bind-mounted over /etc/passwd inside the host.

    Each host then has its own ~root (its own ~/.ansible/tmp) and does not run the controller's
    ~/.bashrc (bash sources it for every ssh command; a pyenv set-up there costs 0.3 s a command).
    """
    lines = []
    with open('/etc/passwd', encoding='utf-8') as handle:
        for line in handle:
            fields = line.rstrip('\n').split(':')
            if len(fields) == 7 and fields[0] == 'root':
                fields[5] = home
                line = ':'.join(fields) + '\n'
            lines.append(line)
    return ''.join(lines)


def inventory_yaml(directory, state):
    """The Ansible inventory, as YAML (scalars written as JSON strings, which YAML reads alike)."""
    common_args = '-o UserKnownHostsFile=%s -o StrictHostKeyChecking=yes -o ControlMaster=no' % os.path.join(directory, 'known_hosts')
    lines = ['# Written by tools/testhosts.py.', '---', 'all:', '  children:', '    %s:' % GROUP, '      hosts:']
    for host in state['hosts']:
        lines += [
            '        %s:' % host['name'],
            '          ansible_host: %s' % json.dumps(host['address']),
            '          mondoo_testhost_view: %s' % json.dumps(host['view']),
        ]
    lines += [
        '      vars:',
        '        ansible_user: root',
        '        ansible_ssh_private_key_file: %s' % json.dumps(state['client_key']),
        # ssh takes the first value it sees for an option and Ansible puts ssh_args (ControlMaster=auto
        # by default) before ssh_common_args: without this, ControlPersist masters would outlive the hosts.
        '        ansible_ssh_args: %s' % json.dumps('-C -o ControlMaster=no'),
        '        ansible_ssh_common_args: %s' % json.dumps(common_args),
        '        ansible_python_interpreter: /usr/bin/python3',
        # One ssh connection per module run instead of three: without ControlPersist this halves the time.
        '        ansible_pipelining: true',
        '        ansible_host_key_checking: true',
        '',
    ]
    return '\n'.join(lines)


def start_sshd(host, mount_point):
    """Starts the host's sshd in its own mount namespace; returns its PID once the port accepts."""
    run([SSHD, '-t', '-f', host['config']])
    if not port_free(host['address']):
        raise TestHostsError('%s:22 is already in use' % host['address'])
    script = 'mount --bind %s %s && mount --bind %s /etc/passwd && exec %s -D -e -f %s' % (
        shlex.quote(host['view']), shlex.quote(mount_point), shlex.quote(host['passwd']), SSHD, shlex.quote(host['config']))
    with open(host['log'], 'ab') as log:
        # setsid(1) does not fork here (the child is no process group leader), unshare does not fork
        # without --fork and sh execs sshd: the PID Popen sees is the sshd's.
        process = subprocess.Popen(['setsid', 'unshare', '--mount', '--propagation', 'private', 'sh', '-c', script],
                                   stdin=subprocess.DEVNULL, stdout=log, stderr=log, close_fds=True)
    host['pid'] = process.pid
    deadline = time.monotonic() + START_TIMEOUT
    while not port_accepts(host['address']):
        if process.poll() is not None or time.monotonic() > deadline:
            stop_sshd(host)
            raise TestHostsError('%s did not start on %s (log: %s):\n%s' % (host['name'], host['address'], host['log'], tail(host['log'])))
        time.sleep(0.05)
    if not is_our_sshd(host):
        stop_sshd(host)
        raise TestHostsError('%s: PID %d is not the sshd that was started (log: %s)' % (host['name'], process.pid, host['log']))
    return process.pid


def stop_sshd(host):
    """Stops the host's sshd and everything below it (its connections and their sessions), by PID."""
    pid = host.get('pid')
    host['pid'] = None
    if not pid:
        return
    table = process_table()
    if pid not in table:
        return
    below = descendants(pid, table)
    # Connections and their sessions first, so that the listener is still there to reap them
    # (PID 1 here is no init that reaps orphans promptly), then the listener itself.
    for group in (below, [pid]):
        terminate(group)


def terminate(pids):
    """SIGTERM to each PID, SIGKILL after STOP_TIMEOUT to what is left; returns once all are gone."""
    for target in pids:
        try:
            os.kill(target, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + STOP_TIMEOUT
    while time.monotonic() < deadline:
        reap(pids)
        if not any(alive(target) for target in pids):
            return
        time.sleep(0.05)
    for target in pids:
        if alive(target):
            say('PID %d ignored SIGTERM, sending SIGKILL' % target)
            try:
                os.kill(target, signal.SIGKILL)
            except ProcessLookupError:
                pass
    reap(pids)


def reap(pids):
    """Collects our own exited children (started by start_sshd in this process) so they stop being zombies."""
    for pid in pids:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass


def alive(pid):
    try:
        with open('/proc/%d/stat' % pid, encoding='utf-8') as handle:
            stat = handle.read()
    except OSError:
        return False
    return stat[stat.rindex(')') + 2:].split()[0] != 'Z'


def tail(path, lines=20):
    try:
        with open(path, encoding='utf-8', errors='replace') as handle:
            return ''.join(handle.readlines()[-lines:])
    except OSError:
        return ''


def running_hosts(state):
    table = process_table()
    return [host for host in state['hosts'] if is_our_sshd(host, table)]


def command_up(options):
    if options.count < 1:
        raise TestHostsError('--count must be at least 1')
    directory = os.path.abspath(options.dir)
    mount_point = os.path.abspath(options.mount_point)
    if options.first_address == 'auto':
        addresses = free_loopback_addresses(options.count)
    else:
        addresses = loopback_addresses(options.first_address, options.count)
    if os.geteuid() != 0:
        raise TestHostsError('must run as root (bind mounts and sshd on port 22)')
    for tool in (SSHD, shutil.which('ssh-keygen'), shutil.which('unshare'), shutil.which('setsid')):
        if not tool or not os.access(tool, os.X_OK):
            raise TestHostsError('needs sshd, ssh-keygen, unshare and setsid (openssh-server, openssh-client, util-linux)')
    previous = load_state(directory)
    if previous and running_hosts(previous):
        raise TestHostsError('%s already has running hosts (%s): run down first' % (directory, ', '.join(h['name'] for h in running_hosts(previous))))
    busy = [address for address in addresses if not port_free(address)]
    if busy:
        raise TestHostsError('port 22 is already in use on %s: pick another --first-address' % ', '.join(busy))

    os.makedirs(directory, mode=0o700, exist_ok=True)
    os.makedirs('/run/sshd', mode=0o755, exist_ok=True)
    os.makedirs(mount_point, mode=0o755, exist_ok=True)
    client_key = os.path.join(directory, 'id_ed25519')
    if not os.path.exists(client_key):
        run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'testhosts-client', '-f', client_key])
    with open(client_key + '.pub', encoding='utf-8') as handle:
        client_public_key = handle.read()
    authorized_keys = os.path.join(directory, 'authorized_keys')
    write_file(authorized_keys, client_public_key, 0o600)

    state = {'mount_point': mount_point, 'client_key': client_key, 'hosts': []}
    known_hosts = []
    for index, address in enumerate(addresses, start=1):
        name = '%s%d' % (HOST_PREFIX, index)
        host_dir = os.path.join(directory, 'hosts', name)
        view = os.path.join(host_dir, 'view')
        os.makedirs(view, mode=0o755, exist_ok=True)
        os.chmod(host_dir, 0o700)
        host_key = os.path.join(host_dir, 'ssh_host_ed25519_key')
        if not os.path.exists(host_key):
            run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', host_key])
        with open(host_key + '.pub', encoding='utf-8') as handle:
            key_type, key_data = handle.read().split()[:2]
        known_hosts.append('%s %s %s\n' % (address, key_type, key_data))
        home = os.path.join(host_dir, 'home')
        os.makedirs(home, mode=0o700, exist_ok=True)
        passwd = os.path.join(host_dir, 'passwd')
        write_file(passwd, passwd_with_root_home(home), 0o644)
        config = os.path.join(host_dir, 'sshd_config')
        write_file(config, sshd_config(host_dir, address, authorized_keys), 0o600)
        state['hosts'].append({'name': name, 'address': address, 'pid': None, 'view': view, 'dir': host_dir,
                               'home': home, 'passwd': passwd, 'config': config, 'log': os.path.join(host_dir, 'sshd.log')})
    write_file(os.path.join(directory, 'known_hosts'), ''.join(known_hosts), 0o644)
    write_file(os.path.join(directory, 'inventory.yml'), inventory_yaml(directory, state), 0o644)

    started = time.monotonic()
    try:
        for host in state['hosts']:
            start_sshd(host, mount_point)
            save_state(directory, state)
    except BaseException:
        for host in state['hosts']:
            stop_sshd(host)
        save_state(directory, state)
        raise
    say('%d hosts up in %.2f s: %s; inventory %s' % (len(addresses), time.monotonic() - started,
                                                     ', '.join('%s=%s' % (h['name'], h['address']) for h in state['hosts']),
                                                     os.path.join(directory, 'inventory.yml')))


def command_down(options):
    directory = os.path.abspath(options.dir)
    state = load_state(directory)
    if state is None:
        say('%s has no hosts.json: nothing to stop' % directory)
    else:
        table = process_table()
        for host in state['hosts']:
            if is_our_sshd(host, table):
                stop_sshd(host)
                say('stopped %s' % host['name'])
            host['pid'] = None
        save_state(directory, state)
    if options.remove and os.path.isdir(directory):
        shutil.rmtree(directory)


def find_host(state, name, directory):
    if state is None:
        raise TestHostsError('%s has no hosts.json: run up first' % directory)
    for host in state['hosts']:
        if host['name'] == name:
            return host
    raise TestHostsError('no host %r in %s (hosts: %s)' % (name, directory, ', '.join(h['name'] for h in state['hosts'])))


def command_stop_host(options):
    directory = os.path.abspath(options.dir)
    state = load_state(directory)
    host = find_host(state, options.name, directory)
    if is_our_sshd(host):
        stop_sshd(host)
        say('stopped %s (%s)' % (host['name'], host['address']))
    else:
        host['pid'] = None
        say('%s was not running' % host['name'])
    save_state(directory, state)


def command_start_host(options):
    directory = os.path.abspath(options.dir)
    state = load_state(directory)
    host = find_host(state, options.name, directory)
    if is_our_sshd(host):
        say('%s is already running' % host['name'])
        return
    loopback_addresses(host['address'], 1)
    start_sshd(host, state['mount_point'])
    save_state(directory, state)
    say('started %s (%s)' % (host['name'], host['address']))


def command_status(options):
    directory = os.path.abspath(options.dir)
    state = load_state(directory)
    if state is None:
        raise TestHostsError('%s has no hosts.json' % directory)
    table = process_table()
    for host in state['hosts']:
        print('%s %s %s %s' % (host['name'], host['address'], 'running pid %d' % host['pid'] if is_our_sshd(host, table) else 'stopped', host['view']))


def parse_arguments(argv):
    parser = argparse.ArgumentParser(prog='testhosts.py', description=__doc__.split('\n', 1)[0])
    commands = parser.add_subparsers(dest='command', required=True)
    up = commands.add_parser('up', help='start COUNT hosts')
    up.add_argument('--count', type=int, required=True)
    up.add_argument('--dir', required=True)
    up.add_argument('--first-address', default='127.0.0.11', help="first of COUNT consecutive addresses in 127.0.0.0/8, or 'auto' (random, port 22 free)")
    up.add_argument('--mount-point', default='/etc/opt/mondoo')
    up.set_defaults(handler=command_up)
    down = commands.add_parser('down', help='stop every host (tolerant when none runs)')
    down.add_argument('--dir', required=True)
    down.add_argument('--remove', action='store_true', help='also remove DIR')
    down.set_defaults(handler=command_down)
    for name, handler, text in (('stop-host', command_stop_host, 'stop one host (its view keeps its content)'),
                                ('start-host', command_start_host, 'start a stopped host again')):
        sub = commands.add_parser(name, help=text)
        sub.add_argument('name')
        sub.add_argument('--dir', required=True)
        sub.set_defaults(handler=handler)
    status = commands.add_parser('status', help='list the hosts and whether they run')
    status.add_argument('--dir', required=True)
    status.set_defaults(handler=command_status)
    return parser.parse_args(argv)


def main(argv=None):
    options = parse_arguments(argv)
    try:
        options.handler(options)
    except TestHostsError as error:
        print('testhosts: error: %s' % error, file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
