# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Benchmark (not a test): the role api_token_rotation against a minimal hand-written rotation playbook.

Starts a private emulator and, for each count of --hosts (10 and 100 by default), that many real SSH
hosts (tools/testhosts.py, host keys checked), then rotates a token across all of them with two
playbooks, run alternately (median of --repetitions, after one warm-up run of each that creates the
first token of its family):

  role   mondoo.platform.api_token_rotation with api_token_rotation_force: true: create a token,
         push it to every host, verify it there, retire the previous token
  hand   the same job written by hand, as a user would without the collection: ansible.builtin.uri
         lists the family and creates the token (generateAPIToken), ansible.builtin.copy writes it
         to each host (mode 0600), each host reads its file back (slurp) and asks the API who the
         token is (uri, viewer query), then uri deletes the previous token (deleteAPIToken);
         no rollback copy, no metadata file

and prints, for each count, the wall time, the CPU time on the controller and on the hosts, the SSH
logins per host, the ratio role / hand-written, and the API requests of one rotation by operation
(from the emulator's request log) against the minimum: one create, the lookups (one listing of the
family), one delete per retired token and one verification per host. Then how each grew from the
smallest count to the largest: wall time against hosts / forks, API requests per added host.

Usage, as root, from the repository root:
  .venv/bin/python tests/benchmarks/bench_rotation.py [--hosts 10,100] [--repetitions 3] [--forks 5]
The credential goes to ansible-playbook through its environment, never on a command line, and no
secret is ever printed. The hosts and the emulator are stopped however the benchmark ends.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import collections
import json
import os
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(REPO, '.collections')
sys.path.insert(0, COLLECTIONS)

# pylint: disable=wrong-import-position
from ansible_collections.mondoo.platform.plugins.module_utils._documents import (  # noqa: E402
    DELETE_API_TOKEN,
    GENERATE_API_TOKEN,
    LIST_API_TOKENS,
    VIEWER,
)
from ansible_collections.mondoo.platform.tests.benchmarks.bench_info import Emulator, _children_cpu  # noqa: E402
# pylint: enable=wrong-import-position

TESTHOSTS = os.path.join(REPO, 'tools', 'testhosts.py')
ORGANIZATION_ID = 'relaxed-khayyam-961566'
SPACE_MRN = '//captain.api.mondoo.app/spaces/hungry-poet-123456'
CREDENTIAL = 'bench_space_editor'
MOUNT_POINT = '/etc/opt/mondoo'
FAMILIES = {'role': 'bench-role', 'hand': 'bench-hand'}
DESTINATIONS = {'role': MOUNT_POINT + '/api_token', 'hand': MOUNT_POINT + '/api_token_by_hand'}
LABELS = {'role': 'role api_token_rotation, forced', 'hand': 'hand-written uri/copy/slurp/uri'}
OPERATIONS = ('apiTokens', 'generateAPIToken', 'viewer', 'deleteAPIToken')
IDLE_TIMEOUT = 10
SECRET_PATTERN = re.compile(r'mondoo_tk_[A-Za-z0-9_-]+')

ROLE_PLAYBOOK = '''---
- name: Rotate the token with the role
  hosts: mondoo_token_consumers
  gather_facts: false
  roles:
    - role: mondoo.platform.api_token_rotation
      vars:
        api_token_rotation_name: "{{ bench_families.role }}"
        api_token_rotation_space: "{{ bench_space_mrn }}"
        api_token_rotation_permissions: [agent]
        api_token_rotation_endpoint: "{{ bench_endpoint }}"
        api_token_rotation_dest: "{{ bench_destinations.role }}"
        api_token_rotation_force: true
'''

# GraphQL errors come with HTTP 200, hence the failed_when of each API call.
HAND_PLAYBOOK = '''---
- name: Rotate the token by hand
  hosts: mondoo_token_consumers
  gather_facts: false
  any_errors_fatal: true
  vars:
    bench_admin_headers:
      Authorization: "Bearer {{ lookup('ansible.builtin.env', 'MONDOO_API_TOKEN') }}"
  tasks:
    - name: List the family's tokens
      ansible.builtin.uri:
        url: "{{ bench_endpoint }}"
        method: POST
        headers: "{{ bench_admin_headers }}"
        body_format: json
        body:
          operationName: "{{ bench_documents.list.name }}"
          query: "{{ bench_documents.list.document }}"
          variables: {scopeMrn: "{{ bench_space_mrn }}", first: 100, query: "{{ bench_families.hand }}-"}
      register: bench_listed
      failed_when: bench_listed.status != 200 or bench_listed.json.errors is defined
      run_once: true
      delegate_to: localhost
      no_log: true

    - name: Create the new token
      ansible.builtin.uri:
        url: "{{ bench_endpoint }}"
        method: POST
        headers: "{{ bench_admin_headers }}"
        body_format: json
        body:
          operationName: "{{ bench_documents.generate.name }}"
          query: "{{ bench_documents.generate.document }}"
          variables:
            input:
              name: "{{ bench_families.hand }}-{{ now(utc=true, fmt='%Y%m%dT%H%M%SZ') }}"
              scopeMrn: "{{ bench_space_mrn }}"
              roles: [{mrn: "//iam.api.mondoo.app/roles/agent"}]
      register: bench_created
      failed_when: bench_created.status != 200 or bench_created.json.errors is defined
      run_once: true
      delegate_to: localhost
      no_log: true

    - name: Write the token file
      ansible.builtin.copy:
        content: "{{ bench_created.json.data.generateAPIToken.secret }}\\n"
        dest: "{{ bench_destinations.hand }}"
        owner: root
        group: root
        mode: "0600"
      no_log: true
      diff: false

    - name: Read the token file back
      ansible.builtin.slurp:
        src: "{{ bench_destinations.hand }}"
      register: bench_file
      no_log: true

    - name: Ask the API, from the host, who the token in the file is
      ansible.builtin.uri:
        url: "{{ bench_endpoint }}"
        method: POST
        headers:
          Authorization: "Bearer {{ bench_file.content | b64decode | trim }}"
        body_format: json
        body:
          operationName: "{{ bench_documents.viewer.name }}"
          query: "{{ bench_documents.viewer.document }}"
      register: bench_viewer
      failed_when: >-
        bench_viewer.status != 200
        or bench_viewer.json.data.viewer.mrn | default('') != bench_created.json.data.generateAPIToken.mrn
      no_log: true

    - name: Delete the previous tokens
      ansible.builtin.uri:
        url: "{{ bench_endpoint }}"
        method: POST
        headers: "{{ bench_admin_headers }}"
        body_format: json
        body:
          operationName: "{{ bench_documents.delete.name }}"
          query: "{{ bench_documents.delete.document }}"
          variables: {input: {mrn: "{{ item }}"}}
      loop: >-
        {{ bench_listed.json.data.apiTokens.edges | map(attribute='node')
           | selectattr('name', 'match', bench_patterns.hand) | map(attribute='mrn') | list }}
      register: bench_deleted
      failed_when: bench_deleted.status != 200 or bench_deleted.json.data.deleteAPIToken | default(false) is not sameas true
      run_once: true
      delegate_to: localhost
      no_log: true
'''


def seed():
    return {
        'organizations': [{'id': ORGANIZATION_ID, 'name': 'Benchmark organization', 'spaces': [
            {'id': SPACE_MRN.rsplit('/', 1)[1], 'name': 'Fleet'}]}],
        'api_tokens': [{'credential': CREDENTIAL, 'scope_mrn': SPACE_MRN, 'name': 'benchmark space editor', 'roles': ['editor']}],
        'service_accounts': [],
    }


def family_pattern(name):
    """The names the role gives a family's tokens (<name>-<UTC time>-<run id>); the hand-written playbook leaves out the run id."""
    return '^%s-[0-9]{8}T[0-9]{6}Z(-[0-9a-f]{6})?$' % re.escape(name)


class TestHosts:
    """The SSH hosts of tools/testhosts.py in a directory of their own; down() stops them and removes it."""

    def __init__(self, directory, count):
        self.directory = directory
        self.count = count
        self.hosts = []
        self.client_key = None

    def up(self):
        self._testhosts('up', '--count', str(self.count), '--dir', self.directory, '--first-address', 'auto')
        with open(os.path.join(self.directory, 'hosts.json')) as handle:
            state = json.load(handle)
        self.hosts = state['hosts']
        self.client_key = state['client_key']

    def down(self):
        self._testhosts('down', '--dir', self.directory, '--remove')

    def _testhosts(self, *arguments):
        # Not killed when the benchmark is interrupted: an `up` cut short could leave an sshd that hosts.json does
        # not name yet. It stops what it started on its own SIGINT (Ctrl-C); otherwise it finishes and `down` follows.
        # pylint: disable-next=consider-using-with
        process = subprocess.Popen([sys.executable, TESTHOSTS] + list(arguments), cwd=REPO, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            output = process.communicate()[0]
        except BaseException:
            process.communicate()
            raise
        if process.returncode != 0:
            raise RuntimeError('tools/testhosts.py %s failed (exit %d):\n%s' % (arguments[0], process.returncode, output))

    def write_inventory(self, path):
        """An inventory like the molecule scenario's: host keys checked against testhosts' known_hosts, no ControlMaster."""
        common_args = ' '.join([
            '-o UserKnownHostsFile=%s' % shlex.quote(os.path.join(self.directory, 'known_hosts')),
            '-o StrictHostKeyChecking=yes', '-o ControlMaster=no', '-o IdentitiesOnly=yes'])
        inventory = {'all': {'children': {'mondoo_token_consumers': {
            'hosts': dict((host['name'], {'ansible_host': host['address']}) for host in self.hosts),
            'vars': {
                'ansible_user': 'root',
                'ansible_ssh_private_key_file': self.client_key,
                # ssh takes the first value of an option and Ansible passes ssh_args first.
                'ansible_ssh_args': '-C -o ControlMaster=no',
                'ansible_ssh_common_args': common_args,
                'ansible_python_interpreter': '/usr/bin/python3',
                'ansible_pipelining': True,
                'ansible_host_key_checking': True,
            },
        }}}}
        with open(path, 'w') as handle:
            json.dump(inventory, handle, indent=2)  # JSON is YAML

    def cpu_seconds(self):
        """CPU seconds of the hosts' sshd and everything they ran (reaped children), once every connection has ended."""
        ticks = os.sysconf('SC_CLK_TCK')
        deadline = time.monotonic() + IDLE_TIMEOUT
        while any(_children(host['pid']) for host in self.hosts) and time.monotonic() < deadline:
            time.sleep(0.05)
        total = 0
        for host in self.hosts:
            with open('/proc/%d/stat' % host['pid']) as handle:
                fields = handle.read().rsplit(')', 1)[1].split()
            total += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
        return total / ticks

    def logins(self):
        """SSH logins so far, over all hosts (sshd -e logs each accepted key to the host's log)."""
        total = 0
        for host in self.hosts:
            with open(host['log'], errors='replace') as handle:
                total += handle.read().count('Accepted publickey')
        return total

    def check_files(self, path):
        """Every host has the token file, mode 0600 (looked at from outside, never read)."""
        for host in self.hosts:
            local = os.path.join(host['view'], os.path.relpath(path, MOUNT_POINT))
            if not os.path.isfile(local) or os.stat(local).st_mode & 0o777 != 0o600:
                raise RuntimeError('%s has no token file %s of mode 0600' % (host['name'], path))


def _children(pid):
    try:
        with open('/proc/%d/task/%d/children' % (pid, pid)) as handle:
            return handle.read().split()
    except OSError:
        return []


class Runner:
    """Runs the two playbooks with the credential in the environment; measures each run; never shows a secret."""

    def __init__(self, work, emulator, secret, hosts, forks):
        self.work = work
        self.emulator = emulator
        self.secret = secret
        self.hosts = hosts
        self.forks = forks
        self.environment = dict(os.environ, MONDOO_API_TOKEN=secret, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS,
                                ANSIBLE_NOCOLOR='1', ANSIBLE_RETRY_FILES_ENABLED='0', ANSIBLE_HOST_KEY_CHECKING='1')
        for name in ('MONDOO_CONFIG_BASE64', 'MONDOO_CONFIG_PATH', 'MONDOO_API_ENDPOINT', 'ANSIBLE_LOG_PATH'):
            self.environment.pop(name, None)
        self.inventory = os.path.join(work, 'inventory.yml')
        hosts.write_inventory(self.inventory)
        self.playbooks = {}
        for name, text in (('role', ROLE_PLAYBOOK), ('hand', HAND_PLAYBOOK)):
            self.playbooks[name] = os.path.join(work, name + '.yml')
            _write_private(self.playbooks[name], text)
        self.vars_path = os.path.join(work, 'vars.json')
        _write_private(self.vars_path, json.dumps({
            'bench_endpoint': emulator.connection['endpoint'],
            'bench_space_mrn': SPACE_MRN,
            'bench_families': FAMILIES,
            'bench_patterns': dict((name, family_pattern(family)) for name, family in FAMILIES.items()),
            'bench_destinations': DESTINATIONS,
            'bench_documents': dict((key, {'name': operation.name, 'document': operation.document}) for key, operation in (
                ('list', LIST_API_TOKENS), ('generate', GENERATE_API_TOKEN), ('viewer', VIEWER), ('delete', DELETE_API_TOKEN))),
        }))

    def run(self, playbook):
        """One rotation: {wall, cpu, hosts_cpu, logins (per host), requests (operations in order), retired}."""
        family_before = self._family(playbook)
        self.emulator.control('DELETE', '/requests')
        hosts_cpu_before, logins_before = self.hosts.cpu_seconds(), self.hosts.logins()
        command = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), self.playbooks[playbook],
                   '-i', self.inventory, '-e', '@' + self.vars_path, '--forks', str(self.forks)]
        cpu_before = _children_cpu()
        started = time.perf_counter()
        returncode, output = _run_group(command, cwd=REPO, env=self.environment)
        wall = time.perf_counter() - started
        cpu = _children_cpu() - cpu_before
        if returncode != 0:
            output = SECRET_PATTERN.sub('<secret>', output.replace(self.secret, '<credential>'))
            raise RuntimeError('%s playbook failed (exit %d):\n%s' % (playbook, returncode, output[-4000:]))
        measurement = {
            'wall': wall, 'cpu': cpu,
            'hosts_cpu': self.hosts.cpu_seconds() - hosts_cpu_before,
            'logins': (self.hosts.logins() - logins_before) / len(self.hosts.hosts),
            'requests': [(entry['operation'], entry['status']) for entry in self.emulator.control('GET', '/requests')],
        }
        family_after = self._family(playbook)
        if len(family_after) != 1 or family_after[0] in family_before:
            raise RuntimeError('%s playbook: the family should be one new token, but is %d token(s), %d of them old'
                               % (playbook, len(family_after), len(set(family_after) & set(family_before))))
        self.hosts.check_files(DESTINATIONS[playbook])
        measurement['retired'] = len(family_before)
        return measurement

    def _family(self, playbook):
        """The MRNs of the playbook's token family, from the emulator's own view of its state."""
        pattern = re.compile(family_pattern(FAMILIES[playbook]))
        tokens = self.emulator.control('GET', '/tokens?scope=' + urllib.parse.quote(SPACE_MRN, safe=''))
        return [token['mrn'] for token in tokens if pattern.match(token['name'])]


def _run_group(command, **kwargs):
    """(exit status, stdout and stderr) of COMMAND, run in a process group of its own: when the benchmark is
    interrupted, the whole group (ansible-playbook, its workers, ssh clients, local modules) is stopped."""
    # pylint: disable-next=consider-using-with
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True, **kwargs)
    try:
        output = process.communicate()[0]
    except BaseException:
        _stop_group(process)
        raise
    return process.returncode, output


def _stop_group(process):
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        pass
    try:
        os.killpg(process.pid, signal.SIGKILL)  # whatever of the group is left
    except ProcessLookupError:
        pass
    process.wait()
    if process.stdout:
        process.stdout.close()


def _write_private(path, text):
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 'w') as handle:
        handle.write(text)


def arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--repetitions', type=int, default=3, help='measured runs of each playbook (after one warm-up run of each)')
    parser.add_argument('--hosts', default='10,100', help='SSH test hosts: a count, or counts separated by commas (at most 200)')
    parser.add_argument('--forks', type=int, default=5, help="ansible-playbook --forks (5 is Ansible's default)")
    parsed = parser.parse_args(argv)
    try:
        parsed.hosts = sorted(set(int(count) for count in parsed.hosts.split(',')))
    except ValueError:
        parser.error('--hosts must be whole numbers separated by commas, not %r' % parsed.hosts)
    if parsed.repetitions < 1 or parsed.forks < 1 or parsed.hosts[0] < 1 or parsed.hosts[-1] > 200:
        parser.error('--repetitions and --forks must be at least 1, and each count of --hosts from 1 to 200')
    return parsed


def _terminate(signum, _frame):
    raise SystemExit(128 + signum)  # unwinds through the finally blocks that stop the hosts and the emulator


def main(argv=None):
    options = arguments(argv)
    if os.geteuid() != 0:
        sys.exit('bench_rotation.py must run as root: tools/testhosts.py starts sshd on loopback port 22 with bind mounts')
    signal.signal(signal.SIGTERM, _terminate)
    work = tempfile.mkdtemp(prefix='mondoo-bench-rotation-')
    os.chmod(work, 0o700)
    emulator = Emulator(work)
    runs_by_count = {}
    try:
        try:
            emulator.start()
            credentials = emulator.control('POST', '/seed', seed())['credentials']
            for count in options.hosts:
                runs_by_count[count] = measure(options, os.path.join(work, '%d-hosts' % count), emulator, credentials[CREDENTIAL], count)
        finally:
            emulator.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for count in options.hosts:
        report(options, count, runs_by_count[count])
        print()
    if len(options.hosts) > 1:
        report_scaling(options, runs_by_count)
    return 0


def measure(options, work, emulator, secret, count):
    """{'role': [measurement, ...], 'hand': [...]} over COUNT fresh hosts."""
    os.mkdir(work, 0o700)
    hosts = TestHosts(os.path.join(work, 'testhosts'), count)
    runs = {'role': [], 'hand': []}
    try:
        hosts.up()
        runner = Runner(work, emulator, secret, hosts, options.forks)
        for playbook in ('role', 'hand'):  # the first token of each family on these hosts; also warms the caches
            _progress('%d hosts, warm-up' % count, playbook, runner.run(playbook))
        for repetition in range(options.repetitions):
            # Interleaved, and alternating which goes first, so that a busier moment of the machine touches both alike.
            for playbook in ('role', 'hand') if repetition % 2 == 0 else ('hand', 'role'):
                runs[playbook].append(runner.run(playbook))
                _progress('%d hosts, run %d/%d' % (count, repetition + 1, options.repetitions), playbook, runs[playbook][-1])
    finally:
        hosts.down()
    return runs


def _progress(what, playbook, measurement):
    print('%s: %s %.1f s' % (what, playbook, measurement['wall']), file=sys.stderr, flush=True)


def medians_of(runs):
    return dict((playbook, dict((key, statistics.median(run[key] for run in runs[playbook]))
                                for key in ('wall', 'cpu', 'hosts_cpu', 'logins')))
                for playbook in runs)


def report(options, host_count, runs):
    print('Rotating one token over %d SSH hosts (forks %d): median of %d runs each, interleaved'
          % (host_count, options.forks, options.repetitions))
    print()
    print('%-36s %8s %8s %13s %13s' % ('playbook', 'wall s', 'CPU s', "hosts' CPU s", 'logins/host'))
    medians = medians_of(runs)
    for playbook in ('role', 'hand'):
        row = medians[playbook]
        print('%-36s %8.2f %8.2f %13.2f %13.1f' % (LABELS[playbook], row['wall'], row['cpu'], row['hosts_cpu'], row['logins']))
    print('(medians. CPU: ansible-playbook and what it starts on the controller, ssh clients included;')
    print(" hosts' CPU: the hosts' sshd and everything under them, the modules run there included;")
    print(' logins/host: SSH connections per host: one per module run with pipelining, several for a copy')
    print(' with content (temporary directory, transfer, module, clean-up))')
    print()
    role, hand = medians['role'], medians['hand']
    print('ratio role / hand-written:  wall %.2f   CPU %.2f   hosts\' CPU %s   logins %s' % (
        role['wall'] / hand['wall'], role['cpu'] / hand['cpu'], _ratio(role['hosts_cpu'], hand['hosts_cpu']),
        _ratio(role['logins'], hand['logins'])))
    print('bars of the rotation issue: logins/host of the role at most 6 (%s), wall ratio at most 1.00 (%s)' % (
        _yes(role['logins'] <= 6), _yes(role['wall'] <= hand['wall'])))
    print()
    report_requests(host_count, runs)


def report_scaling(options, runs_by_count):
    smallest, largest = options.hosts[0], options.hosts[-1]
    hosts_ratio = largest / smallest
    forks_ratio = (-(-largest // options.forks)) / (-(-smallest // options.forks))
    print('From %d to %d hosts (forks %d): hosts x%.1f, rounds of forks (hosts / forks, rounded up) x%.1f'
          % (smallest, largest, options.forks, hosts_ratio, forks_ratio))
    for playbook in ('role', 'hand'):
        small, large = medians_of(runs_by_count[smallest])[playbook], medians_of(runs_by_count[largest])[playbook]
        requests_small = len(runs_by_count[smallest][playbook][0]['requests'])
        requests_large = len(runs_by_count[largest][playbook][0]['requests'])
        per_host = (requests_large - requests_small) / (largest - smallest)
        wall_ratio = large['wall'] / small['wall']
        print('  %-36s wall x%.2f (no faster than hosts / forks: %s), CPU x%.2f, logins/host %.1f -> %.1f,'
              % (LABELS[playbook], wall_ratio, _yes(wall_ratio <= forks_ratio), large['cpu'] / small['cpu'],
                 small['logins'], large['logins']))
        print('  %-36s API requests %d -> %d: %.2f per added host (at most 1: %s)'
              % ('', requests_small, requests_large, per_host, _yes(per_host <= 1)))


def _yes(condition):
    return 'yes' if condition else 'NO'


def report_requests(host_count, runs):
    counts = {}
    for playbook in ('role', 'hand'):
        counts[playbook] = collections.Counter(operation for operation, _status in runs[playbook][0]['requests'])
    retired = runs['role'][0]['retired']
    minimum = {'apiTokens': 1, 'generateAPIToken': 1, 'viewer': host_count, 'deleteAPIToken': retired}
    notes = {'apiTokens': 'the lookups: one listing of the family', 'generateAPIToken': 'one create',
             'viewer': 'one verification per host', 'deleteAPIToken': 'one per retired token (%d retired)' % retired}
    print('API requests of one rotation, by operation (emulator request log):')
    print('%-18s %6s %13s %8s' % ('operation', 'role', 'hand-written', 'minimum'))
    others = sorted((set(counts['role']) | set(counts['hand'])) - set(OPERATIONS), key=str)
    for operation in list(OPERATIONS) + others:
        print('%-18s %6d %13d %8d  %s' % (operation, counts['role'][operation], counts['hand'][operation],
                                          minimum.get(operation, 0), notes.get(operation, '')))
    totals = dict((playbook, sum(counts[playbook].values())) for playbook in counts)
    least = sum(minimum.values())
    print('%-18s %6d %13d %8d' % ('total', totals['role'], totals['hand'], least))
    print()
    for playbook in ('role', 'hand'):
        first = runs[playbook][0]
        print('%s: %d requests, %s the minimum; in order: %s' % (
            LABELS[playbook], totals[playbook], _difference(totals[playbook] - least), _sequence(first['requests'])))
        for line in _explanations(first['requests'], host_count, first['retired']):
            print('  - ' + line)
        varying = sorted(set(len(run['requests']) for run in runs[playbook]))
        if len(varying) > 1:
            print('  (the count varied between runs: %s)' % ', '.join(str(count) for count in varying))


def _explanations(requests, host_count, retired):
    """Where the requests beyond the minimum come from, read from their order (role: tasks/preflight, create, retire)."""
    operations = [operation for operation, _status in requests]
    lines = []
    failed = [operation for operation, status in requests if status != 200]
    if failed:
        lines.append('%d did not answer HTTP 200 (%s): retried or failed calls' % (len(failed), ', '.join(map(str, failed))))
    create = operations.index('generateAPIToken') if 'generateAPIToken' in operations else len(operations)
    before, after = operations[:create].count('apiTokens'), operations[create:].count('apiTokens')
    if before > 1:
        lines.append('%d listings before the create, 1 needed' % before)
    if after:
        lines.append('%d listing(s) after the create: retire.yml lists the family again for lastUsed, to keep old '
                     'tokens something else used after the push began (not when forced)' % after)
    if operations.count('viewer') > host_count:
        lines.append('%d verifications for %d hosts: the verification was retried' % (operations.count('viewer'), host_count))
    if operations.count('deleteAPIToken') > retired:
        lines.append('%d deletes for %d retired token(s)' % (operations.count('deleteAPIToken'), retired))
    if operations.count('generateAPIToken') > 1:
        lines.append('%d creates' % operations.count('generateAPIToken'))
    return lines


def _sequence(requests):
    """'apiTokens, generateAPIToken, viewer x10, ...': the operations in order, repeats folded."""
    folded = []
    for operation, _status in requests:
        if folded and folded[-1][0] == operation:
            folded[-1][1] += 1
        else:
            folded.append([operation, 1])
    return ', '.join('%s x%d' % (operation, count) if count > 1 else str(operation) for operation, count in folded)


def _difference(extra):
    return 'at' if extra == 0 else '%d %s' % (abs(extra), 'above' if extra > 0 else 'below')


def _ratio(numerator, denominator):
    return '%.2f' % (numerator / denominator) if denominator > 0 else 'n/a'


if __name__ == '__main__':
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit('bench_rotation.py: interrupted; the hosts and the emulator were stopped')
