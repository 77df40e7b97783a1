# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Benchmark (not a test): what mondoo_api_token_info costs over a bare ansible.builtin.uri call.

Starts a private emulator, seeds a space with --tokens tokens and another with --large tokens,
then times real ansible-playbook runs (median of --repetitions, runs interleaved):

  empty   a play with no task: Ansible's own start-up and teardown
  info    one mondoo.platform.mondoo_api_token_info task listing the small space
  uri     one ansible.builtin.uri task sending the same apiTokens query (first: 100, one page)
  large   mondoo_api_token_info listing the large space (median of --large-repetitions),
          with the number of requests it sent, from the emulator's request log

Usage, from the repository root:  .venv/bin/python tests/benchmarks/bench_info.py [--repetitions 7]
The credential goes to ansible-playbook through its environment, never on a command line, and is
never printed.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(REPO, '.collections')
sys.path.insert(0, COLLECTIONS)

# pylint: disable-next=wrong-import-position
from ansible_collections.mondoo.platform.plugins.module_utils._documents import LIST_API_TOKENS  # noqa: E402

ORGANIZATION_ID = 'relaxed-khayyam-961566'
SMALL_SPACE_ID = 'hungry-poet-123456'
LARGE_SPACE_ID = 'brave-turing-234567'
SPACE_PREFIX = '//captain.api.mondoo.app/spaces/'
CREDENTIAL = 'bench_org_owner'
START_TIMEOUT = 30

PLAY_HEADER = '''---
- name: Benchmark
  hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
'''

EMPTY_PLAYBOOK = PLAY_HEADER + '  tasks: []\n'

INFO_PLAYBOOK = PLAY_HEADER + '''  tasks:
    - name: List the tokens with the module
      mondoo.platform.mondoo_api_token_info:
        space: "{{ bench_space }}"
        endpoint: "{{ bench_endpoint }}"
      register: bench_listed
      failed_when: bench_listed.api_tokens | length != bench_expected | int
'''

URI_PLAYBOOK = PLAY_HEADER + '''  tasks:
    - name: List the tokens with one GraphQL request
      ansible.builtin.uri:
        url: "{{ bench_endpoint }}"
        method: POST
        headers:
          Authorization: "Bearer {{ lookup('ansible.builtin.env', 'MONDOO_API_TOKEN') }}"
        body_format: json
        body:
          operationName: "{{ bench_operation }}"
          query: "{{ bench_query }}"
          variables:
            scopeMrn: "{{ bench_space_mrn }}"
            first: 100
            orderBy: {field: CREATED_AT, direction: ASC}
      register: bench_listed
      failed_when: bench_listed.json.data.apiTokens.edges | length != bench_expected | int
      no_log: true
'''


class Emulator:
    """A private emulator (serve.py with extra_args): start() waits for its connection file; stop() sends SIGTERM and waits."""

    def __init__(self, directory, extra_args=()):
        self.directory = directory
        self.extra_args = list(extra_args)
        self.connection_path = os.path.join(directory, 'connection.json')
        self.process = None
        self.connection = None

    def start(self):
        with open(os.path.join(self.directory, 'emulator.log'), 'wb') as log:
            # pylint: disable-next=consider-using-with
            self.process = subprocess.Popen(
                [sys.executable, os.path.join(REPO, 'tests', 'emulator', 'serve.py'), '--listen', '127.0.0.1:0',
                 '--connection-file', self.connection_path] + self.extra_args,
                stdout=subprocess.DEVNULL, stderr=log, cwd=REPO)
        deadline = time.monotonic() + START_TIMEOUT
        while not os.path.exists(self.connection_path) or not os.path.getsize(self.connection_path):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError('the emulator did not start; see %s/emulator.log' % self.directory)
            time.sleep(0.05)
        with open(self.connection_path) as handle:
            self.connection = json.load(handle)

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def control(self, method, path, payload=None):
        data = json.dumps(payload).encode('utf-8') if payload is not None else None
        request = urllib.request.Request(self.connection['control'] + path, data=data, method=method,
                                         headers={'Content-Type': 'application/json'})
        with urllib.request.urlopen(request, timeout=120) as answer:
            body = answer.read()
        return json.loads(body) if body else None


def seed(small, large):
    return {
        'organizations': [{'id': ORGANIZATION_ID, 'name': 'Benchmark organization', 'spaces': [
            {'id': SMALL_SPACE_ID, 'name': 'Small'}, {'id': LARGE_SPACE_ID, 'name': 'Large'}]}],
        'api_tokens': [
            {'credential': CREDENTIAL, 'scope_mrn': '//captain.api.mondoo.app/organizations/' + ORGANIZATION_ID,
             'name': 'benchmark owner', 'roles': ['owner']},
            {'scope_mrn': SPACE_PREFIX + SMALL_SPACE_ID, 'name': 'small-{n}', 'count': small,
             'roles': ['viewer'], 'description': 'benchmark', 'created_at': '-30d'},
            {'scope_mrn': SPACE_PREFIX + LARGE_SPACE_ID, 'name': 'large-{n}', 'count': large,
             'roles': ['viewer', 'editor'], 'description': 'benchmark', 'created_at': '-90d'},
        ],
        'service_accounts': [],
    }


class Runner:
    """Runs playbooks with the credential in the environment; never shows the credential."""

    def __init__(self, work, endpoint, secret):
        self.work = work
        self.endpoint = endpoint
        self.secret = secret
        self.environment = dict(os.environ, MONDOO_API_TOKEN=secret, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS,
                                ANSIBLE_NOCOLOR='1', ANSIBLE_RETRY_FILES_ENABLED='0', ANSIBLE_LOCALHOST_WARNING='0',
                                ANSIBLE_INVENTORY_UNPARSED_WARNING='0')
        for name in ('MONDOO_CONFIG_BASE64', 'MONDOO_CONFIG_PATH', 'MONDOO_API_ENDPOINT', 'ANSIBLE_LOG_PATH'):
            self.environment.pop(name, None)
        self.playbooks = {}
        for name, text in (('empty', EMPTY_PLAYBOOK), ('info', INFO_PLAYBOOK), ('uri', URI_PLAYBOOK)):
            path = os.path.join(work, name + '.yml')
            with open(path, 'w') as handle:
                handle.write(text)
            self.playbooks[name] = path

    def run(self, playbook, space_id, expected):
        extra_vars = {
            'bench_endpoint': self.endpoint, 'bench_space': space_id, 'bench_space_mrn': SPACE_PREFIX + space_id,
            'bench_expected': expected, 'bench_query': LIST_API_TOKENS.document,
            'bench_operation': LIST_API_TOKENS.name,
        }
        vars_path = os.path.join(self.work, 'vars.json')
        with open(vars_path, 'w') as handle:
            json.dump(extra_vars, handle)
        command = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), self.playbooks[playbook],
                   '-i', 'localhost,', '-e', '@' + vars_path]
        cpu_before = _children_cpu()
        started = time.perf_counter()
        finished = subprocess.run(command, cwd=REPO, env=self.environment, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - started
        cpu = _children_cpu() - cpu_before
        if finished.returncode != 0:
            output = (finished.stdout + finished.stderr).replace(self.secret, '<credential>')
            raise RuntimeError('%s playbook failed (exit %d):\n%s' % (playbook, finished.returncode, output[-3000:]))
        return elapsed, cpu


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def median_times(runner, plan, repetitions):
    """{name: (median wall seconds, median CPU seconds)} for [(name, playbook, space id, expected count)],
    the runs interleaved so that a slower moment of the machine touches every playbook alike."""
    times = dict((name, []) for name, _playbook, _space, _expected in plan)
    for dummy in range(repetitions):
        for name, playbook, space_id, expected in plan:
            times[name].append(runner.run(playbook, space_id, expected))
    return dict((name, medians(values)) for name, values in times.items())


def medians(measurements):
    return (statistics.median(wall for wall, _cpu in measurements),
            statistics.median(cpu for _wall, cpu in measurements))


def arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--tokens', type=int, default=50, help='tokens in the small space (at most 100: one page)')
    parser.add_argument('--large', type=int, default=10000, help='tokens in the large space')
    parser.add_argument('--repetitions', type=int, default=7, help='runs of each small playbook')
    parser.add_argument('--large-repetitions', type=int, default=3, help='runs of the large listing')
    parsed = parser.parse_args(argv)
    if not 1 <= parsed.tokens <= 100:
        parser.error('--tokens must be 1 to 100, so that the uri task needs one page')
    return parsed


def main(argv=None):
    options = arguments(argv)
    work = tempfile.mkdtemp(prefix='mondoo-bench-')
    os.chmod(work, 0o700)
    emulator = Emulator(work)
    try:
        emulator.start()
        credentials = emulator.control('POST', '/seed', seed(options.tokens, options.large))['credentials']
        runner = Runner(work, emulator.connection['endpoint'], credentials[CREDENTIAL])
        emulator.control('DELETE', '/requests')
        runner.run('info', SMALL_SPACE_ID, options.tokens)  # also the warm-up: caches, byte-compiled files
        small_requests = len(emulator.control('GET', '/requests'))
        small = median_times(runner, [
            ('empty', 'empty', SMALL_SPACE_ID, 0),
            ('info', 'info', SMALL_SPACE_ID, options.tokens),
            ('uri', 'uri', SMALL_SPACE_ID, options.tokens),
        ], options.repetitions)
        large_times = []
        request_counts = []
        for dummy in range(options.large_repetitions):
            emulator.control('DELETE', '/requests')
            large_times.append(runner.run('info', LARGE_SPACE_ID, options.large))
            request_counts.append(len(emulator.control('GET', '/requests')))
        report(options, small, small_requests, medians(large_times), request_counts)
    finally:
        emulator.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


def report(options, small, small_requests, large, request_counts):
    (empty, empty_cpu), (info, info_cpu), (uri, uri_cpu) = small['empty'], small['info'], small['uri']
    rows = [
        ('empty playbook (baseline)', small['empty'], options.repetitions, ''),
        ('mondoo_api_token_info, %d tokens' % options.tokens, small['info'], options.repetitions, str(small_requests)),
        ('ansible.builtin.uri, same query, %d tokens' % options.tokens, small['uri'], options.repetitions, '1'),
        ('mondoo_api_token_info, %d tokens' % options.large, large, options.large_repetitions,
         '/'.join(str(count) for count in request_counts)),
    ]
    print('%-46s %9s %9s %5s  %s' % ('run', 'wall s', 'CPU s', 'runs', 'requests'))
    for name, (wall, cpu), runs, requests in rows:
        print('%-46s %9.3f %9.3f %5d  %s' % (name, wall, cpu, runs, requests))
    print('(medians; CPU = user + system time of ansible-playbook and its module processes)')
    print()
    print('ratio info / uri, whole playbook:             wall %.2f   CPU %.2f' % (info / uri, info_cpu / uri_cpu))
    print('ratio info / uri, empty playbook subtracted:  wall %s   CPU %s'
          % (_ratio(info - empty, uri - empty), _ratio(info_cpu - empty_cpu, uri_cpu - empty_cpu)))
    print('large listing: %d tokens in %.3f s wall over the baseline, %.1f ms per request'
          % (options.large, large[0] - empty, 1000 * (large[0] - empty) / max(1, request_counts[-1])))


def _ratio(numerator, denominator):
    return '%.2f' % (numerator / denominator) if denominator > 0 else 'n/a (uri not above the baseline)'


if __name__ == '__main__':
    sys.exit(main())
