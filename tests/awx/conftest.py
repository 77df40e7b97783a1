# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Jobs run the way AWX runs them: ansible-runner in an execution-environment-like virtualenv (.venv-ee: ansible-core,
ansible-runner and the collection's requirements, nothing else), the collection installed from its built artifact, a
private data directory laid out as AWX lays it out, the credential type's injectors applied as AWX applies them; against
the Mondoo API emulator and three real SSH hosts (tools/testhosts.py, as root). Everything runner keeps of each job is
searched for secrets."""

import base64
import json
import os
import pathlib
import re
import shlex
import stat
import subprocess
import sys

import pytest
import yaml

from jinja2.sandbox import ImmutableSandboxedEnvironment

REPO = pathlib.Path(__file__).resolve().parents[2]
EE_BIN = REPO / '.venv-ee' / 'bin'
TESTHOSTS = REPO / 'tools' / 'testhosts.py'
HOST_NAMES = ['consumer1', 'consumer2', 'consumer3']
CONSUMERS = 'mondoo_token_consumers'
TOKEN_SECRET = re.compile(r'mondoo_tk_[A-Za-z0-9_-]{20,}')

sys.path.insert(0, str(REPO / 'tests' / 'emulator'))
from pytest_plugin import RunningEmulator  # noqa: E402  pylint: disable=wrong-import-position


def awx_injected_environment(credential_type, inputs):
    """The environment variables AWX injects for a credential of ``credential_type`` with ``inputs``: each ``env``
    injector rendered in Jinja's immutable sandbox over the inputs, an empty input left out of the namespace (so it
    renders as an empty string), an ANSIBLE_* variable refused."""
    fields = dict((field['id'], field) for field in credential_type['inputs']['fields'])
    unknown = sorted(set(inputs) - set(fields))
    if unknown:
        raise ValueError('not fields of the credential type: %s' % ', '.join(unknown))
    missing = [name for name in credential_type['inputs'].get('required', []) if not inputs.get(name)]
    if missing:
        raise ValueError('required fields left empty: %s' % ', '.join(missing))
    namespace = dict((name, value) for name, value in inputs.items() if len(value))
    sandbox = ImmutableSandboxedEnvironment()
    environment = {}
    for variable, template in credential_type['injectors'].get('env', {}).items():
        if variable.startswith('ANSIBLE_') or variable in ('PATH', 'PYTHONPATH', 'JOB_ID', 'INVENTORY_ID'):
            raise ValueError('AWX refuses to inject %s' % variable)
        environment[variable] = sandbox.from_string(template).render(**namespace)
    return environment


class Job:
    """What ansible-runner kept of one job."""

    def __init__(self, directory, ident, returncode):
        self.directory = directory
        self.artifacts = directory / 'artifacts' / ident
        self.returncode = returncode
        self.status = (self.artifacts / 'status').read_text().strip()
        self.stdout = (self.artifacts / 'stdout').read_text()
        self.events = [json.loads(path.read_text()) for path in sorted((self.artifacts / 'job_events').glob('*.json'),
                                                                       key=lambda path: int(path.name.split('-', 1)[0]))]

    @property
    def stats(self):
        """The set_stats data, as AWX stores it on the job (the playbook_on_stats event's artifact_data)."""
        (final,) = [event for event in self.events if event.get('event') == 'playbook_on_stats']
        return final['event_data'].get('artifact_data') or {}

    def kept_files(self):
        """Every file runner keeps of the job but the one with the job's environment (``command``), which holds the
        injected credential by design, as in AWX."""
        return [path for path in sorted(self.artifacts.rglob('*')) if path.is_file() and path.name != 'command']


class SecretSearch:
    """Counts what was searched, for the gate's closing line."""

    def __init__(self):
        self.jobs = self.files = self.size = self.hits = 0
        self.secrets = set()

    def add_secret(self, text):
        if text:
            self.secrets.add(text)

    def search(self, job):
        found = []
        for path in job.kept_files():
            text = path.read_text(errors='replace')
            self.files += 1
            self.size += len(text)
            found += ['%s: %s...' % (path.relative_to(job.directory), match[:14]) for match in TOKEN_SECRET.findall(text)]
            found += ['%s: a known secret' % path.relative_to(job.directory) for secret in self.secrets if secret in text]
        self.jobs += 1
        self.hits += len(found)
        return found


SEARCH = SecretSearch()


def pytest_terminal_summary(terminalreporter):
    if SEARCH.jobs:
        terminalreporter.write_line('secret search: %d jobs, %d files, %d characters kept by ansible-runner (stdout, '
                                    'job_events, artifacts but the environment file); %d hits'
                                    % (SEARCH.jobs, SEARCH.files, SEARCH.size, SEARCH.hits))


def clean_environment():
    environment = dict((key, value) for key, value in os.environ.items()
                       if not key.startswith(('ANSIBLE_', 'MONDOO_', 'VIRTUAL_ENV', 'PYTHON')))
    environment['PATH'] = '%s:%s' % (EE_BIN, environment.get('PATH', '/usr/bin:/bin'))
    return environment


@pytest.fixture(scope='session')
def collections_path(tmp_path_factory):
    """The collection as an execution environment holds it: built, then installed from the artifact."""
    if not (EE_BIN / 'ansible-runner').exists():
        pytest.fail('.venv-ee is missing: run make setup')
    build = tmp_path_factory.mktemp('build')
    subprocess.run([str(EE_BIN / 'ansible-galaxy'), 'collection', 'build', '--output-path', str(build), str(REPO)],
                   check=True, capture_output=True, text=True, env=clean_environment(), cwd=build)
    (artifact,) = build.glob('mondoo-platform-*.tar.gz')
    collections = tmp_path_factory.mktemp('ee') / 'collections'
    subprocess.run([str(EE_BIN / 'ansible-galaxy'), 'collection', 'install', '-p', str(collections), str(artifact)],
                   check=True, capture_output=True, text=True, env=clean_environment(), cwd=build)
    return collections


@pytest.fixture(scope='session')
def credential_type(collections_path):
    path = collections_path / 'ansible_collections' / 'mondoo' / 'platform' / 'playbooks' / 'files' / 'credential_type.yml'
    return yaml.safe_load(path.read_text())


OIDC_ISSUER_TOOL = REPO / 'tests' / 'emulator' / 'oidc_issuer.py'
# The issuer of the emulator's example workload identity binding (tests/emulator/seeds/default.json).
OIDC_ISSUER = 'https://issuer.example'
OIDC_SUBJECT = 'repo:example-org/infrastructure:ref:refs/heads/main'


@pytest.fixture(scope='session')
def oidc_issuer(tmp_path_factory):
    """mint(path): writes a token of the test OIDC issuer, which the emulator's example binding accepts, to path."""
    directory = tmp_path_factory.mktemp('oidc')
    subprocess.run([sys.executable, str(OIDC_ISSUER_TOOL), 'keys', str(directory)], check=True, capture_output=True)

    def mint(path):
        subprocess.run([sys.executable, str(OIDC_ISSUER_TOOL), 'mint', str(directory / 'issuer_key.pem'), OIDC_ISSUER,
                        OIDC_SUBJECT, str(path)], check=True, capture_output=True)
        SEARCH.add_secret(pathlib.Path(path).read_text().strip())
        return path

    mint.jwks = directory / 'jwks.json'
    return mint


@pytest.fixture(scope='session')
def emulator(tmp_path_factory, oidc_issuer):
    running = RunningEmulator(tmp_path_factory.mktemp('emulator'), extra_args=['--wif-issuer', '%s=%s' % (OIDC_ISSUER, oidc_issuer.jwks)])
    for name, secret in running.connection['credentials'].items():
        if name != 'service_account_file':
            SEARCH.add_secret(secret)
    service_account = pathlib.Path(running.connection['credentials']['service_account_file']).read_text()
    SEARCH.add_secret(service_account.strip())
    SEARCH.add_secret(base64.b64encode(service_account.encode()).decode())
    key_lines = [line for line in json.loads(service_account)['private_key'].splitlines() if line and 'PRIVATE KEY' not in line]
    for line in key_lines:
        SEARCH.add_secret(line)
    yield running
    running.stop()


@pytest.fixture(scope='session')
def test_hosts(tmp_path_factory):
    if os.geteuid() != 0:
        pytest.fail('the awx gate runs as root: tools/testhosts.py starts sshd on loopback port 22 with bind mounts')
    directory = tmp_path_factory.mktemp('testhosts')

    def testhosts(*arguments):
        subprocess.run([sys.executable, str(TESTHOSTS)] + list(arguments), check=True, capture_output=True, text=True,
                       cwd=REPO, stdin=subprocess.DEVNULL, timeout=120)

    testhosts('up', '--count', str(len(HOST_NAMES)), '--dir', str(directory), '--first-address', 'auto')
    state = json.loads((directory / 'hosts.json').read_text())
    yield dict(state, directory=directory, run=testhosts)
    testhosts('down', '--dir', str(directory), '--remove')


def inventory_script(test_hosts, emulator):
    """An inventory as AWX hands it to runner: an executable in inventory/ that prints the inventory as JSON."""
    common_args = ' '.join(['-o UserKnownHostsFile=%s' % shlex.quote(str(test_hosts['directory'] / 'known_hosts')),
                            '-o StrictHostKeyChecking=yes', '-o ControlMaster=no', '-o IdentitiesOnly=yes'])
    hostvars = dict((host['name'], {'ansible_host': host['address']}) for host in test_hosts['hosts'])
    inventory = {
        'all': {'children': [CONSUMERS, 'ungrouped'], 'vars': {}},
        CONSUMERS: {'hosts': sorted(hostvars), 'vars': {
            'ansible_user': 'root', 'ansible_ssh_private_key_file': test_hosts['client_key'],
            'ansible_ssh_args': '-C -o ControlMaster=no', 'ansible_ssh_common_args': common_args,
            'ansible_python_interpreter': '/usr/bin/python3', 'ansible_pipelining': True,
            'ansible_host_key_checking': True}},
        'ungrouped': {'hosts': ['localhost']},
        '_meta': {'hostvars': dict(hostvars, localhost={'ansible_connection': 'local',
                                                        'ansible_python_interpreter': str(EE_BIN / 'python')})},
    }
    return '#! /usr/bin/env python3\nprint(%r)\n' % (json.dumps(inventory),)


@pytest.fixture
def run_job(tmp_path, collections_path, emulator, test_hosts, credential_type):
    """run_job(playbook, credential, extra_vars, limit=None) -> Job, after the secret search found nothing.

    ``playbook``: a collection playbook, run from a project wrapper as a job template points at it; ``credential``:
    the inputs of a Mondoo Platform credential."""
    counter = [0]

    def run(playbook, credential, extra_vars, limit=None, job_type='run', project_playbook=None, collections=()):
        counter[0] += 1
        directory = tmp_path / ('job%d' % counter[0])
        for part in ('env', 'inventory', 'project'):
            (directory / part).mkdir(parents=True)
        envvars = dict(awx_injected_environment(credential_type, credential),
                       ANSIBLE_COLLECTIONS_PATH=':'.join([str(collections_path)] + [str(path) for path in collections]),
                       ANSIBLE_FORCE_COLOR='0', ANSIBLE_NOCOLOR='1', ANSIBLE_HOST_KEY_CHECKING='True')
        _write(directory / 'env' / 'envvars', yaml.safe_dump(envvars), 0o600)
        _write(directory / 'env' / 'extravars', yaml.safe_dump(extra_vars), 0o600)
        _write(directory / 'inventory' / 'hosts', inventory_script(test_hosts, emulator), 0o700)
        wrapper = '---\n- name: The collection playbook this job template runs\n  ansible.builtin.import_playbook: mondoo.platform.%s\n'
        _write(directory / 'project' / (playbook + '.yml'), project_playbook or wrapper % playbook, 0o644)
        command = [str(EE_BIN / 'ansible-runner'), 'run', str(directory), '-p', playbook + '.yml', '--ident', '1']
        if limit:
            command += ['--limit', limit]
        if job_type == 'check':
            _write(directory / 'env' / 'cmdline', '--check', 0o600)
        finished = subprocess.run(command, capture_output=True, text=True, env=clean_environment(), cwd=directory,
                                  timeout=600, check=False)
        job = Job(directory, '1', finished.returncode)
        if project_playbook is None:
            leaks = SEARCH.search(job)
            assert leaks == [], 'secrets kept by ansible-runner: %s' % leaks
        return job

    return run


def _write(path, text, mode):
    path.write_text(text)
    path.chmod(mode)


def file_mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)
