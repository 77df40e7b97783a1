# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection's playbooks as AWX job templates run them (see conftest.py)."""

import base64
import pathlib
import subprocess

import pytest

from conftest import CONSUMERS, EE_BIN, SecretSearch, awx_injected_environment, clean_environment, file_mode

SPACE_ID = 'hungry-poet-123456'
SPACE_MRN = '//captain.api.mondoo.app/spaces/' + SPACE_ID


def token_credential(emulator, name='space_owner'):
    return {'api_token': emulator.connection['credentials'][name], 'service_account': '', 'api_endpoint': emulator.connection['endpoint']}


def service_account_credential(emulator, encode=False):
    document = pathlib.Path(emulator.connection['credentials']['service_account_file']).read_text()
    return {'api_token': '', 'service_account': base64.b64encode(document.encode()).decode() if encode else document,
            'api_endpoint': ''}


def family(emulator, name):
    return sorted((token for token in emulator.control.tokens(SPACE_MRN) if token['name'].startswith(name + '-')),
                  key=lambda token: token['createdAt'])


def test_the_credential_type_is_awx_shaped_and_ships_in_the_artifact(credential_type):
    assert credential_type['kind'] == 'cloud'
    fields = dict((field['id'], field) for field in credential_type['inputs']['fields'])
    assert sorted(fields) == ['api_endpoint', 'api_token', 'service_account', 'wif_audience', 'wif_issuer_uri', 'wif_token',
                              'wif_token_file']
    assert sorted(name for name, field in fields.items() if field.get('secret')) == ['api_token', 'service_account', 'wif_token']
    assert fields['service_account']['multiline']
    assert credential_type['injectors'] == {'env': {'MONDOO_API_TOKEN': '{{ api_token }}',
                                                    'MONDOO_CONFIG_BASE64': '{{ service_account }}',
                                                    'MONDOO_WIF_ISSUER_URI': '{{ wif_issuer_uri }}',
                                                    'MONDOO_WIF_AUDIENCE': '{{ wif_audience }}',
                                                    'MONDOO_WIF_TOKEN_FILE': '{{ wif_token_file }}',
                                                    'MONDOO_WIF_TOKEN': '{{ wif_token }}',
                                                    'MONDOO_API_ENDPOINT': '{{ api_endpoint }}'}}


def test_empty_fields_are_injected_as_empty_strings(credential_type):
    injected = awx_injected_environment(credential_type, {'api_token': 'x', 'service_account': '', 'api_endpoint': ''})
    assert injected == dict(dict.fromkeys(credential_type['injectors']['env'], ''), MONDOO_API_TOKEN='x')
    assert set(awx_injected_environment(credential_type, {}).values()) == {''}
    with pytest.raises(ValueError, match='not fields'):
        awx_injected_environment(credential_type, {'password': 'x'})


@pytest.mark.parametrize('credential', ['api token', 'service account (JSON)', 'service account (base64)'])
def test_the_report_job_runs_with_each_kind_of_credential(run_job, emulator, credential):
    inputs = {'api token': lambda: token_credential(emulator),
              'service account (JSON)': lambda: service_account_credential(emulator),
              'service account (base64)': lambda: service_account_credential(emulator, encode=True)}[credential]()
    job = run_job('report_tokens', inputs, {'mondoo_space': SPACE_ID})
    assert (job.status, job.returncode) == ('successful', 0), job.stdout
    report = job.stats['mondoo_token_report']
    assert report['scope_mrn'] == SPACE_MRN
    assert report['count'] == len(emulator.control.tokens(SPACE_MRN))
    assert '%d API tokens:' % report['count'] in job.stdout


def test_the_report_job_fails_on_findings_when_the_survey_asks(run_job, emulator):
    job = run_job('report_tokens', token_credential(emulator),
                  {'mondoo_space': SPACE_ID, 'mondoo_report_privileged': ['owner'], 'mondoo_report_fail_on_findings': 'true'})
    assert (job.status, job.returncode) == ('failed', 2), job.stdout
    assert len(job.stats['mondoo_token_report']['privileged']) >= 1
    assert 'with owner.' in job.stdout


def test_a_job_without_a_credential_fails_and_says_what_it_looked_for(run_job):
    job = run_job('report_tokens', {}, {'mondoo_space': SPACE_ID})
    assert job.status == 'failed'
    assert 'no Mondoo credential found' in job.stdout


ROTATION = {'api_token_rotation_name': 'awx-fleet', 'api_token_rotation_space': SPACE_ID,
            'api_token_rotation_consumers': CONSUMERS, 'api_token_rotation_permissions': ['agent'],
            'api_token_rotation_verify_delay': 1}


def survey(force, max_age='30d', keep=0):
    """Answers as an AWX survey passes them: multiple choice as text, an integer as a number."""
    return {'api_token_rotation_force': force, 'api_token_rotation_max_age': max_age, 'api_token_rotation_keep': keep}


def rotation_stats(job):
    return job.stats['api_token_rotation']['awx-fleet']


def test_rotation_jobs_scheduled_forced_failed_and_relaunched_on_failed_hosts(run_job, emulator, test_hosts):
    credential = token_credential(emulator)
    first = run_job('rotate_token', credential, dict(ROTATION, **survey('false')))
    assert (first.status, first.returncode) == ('successful', 0), first.stdout
    stats = rotation_stats(first)
    assert (stats['result'], stats['created'], stats['pushed'], stats['verified'], stats['failed']) == \
        ('rotated', True, ['consumer1', 'consumer2', 'consumer3'], ['consumer1', 'consumer2', 'consumer3'], {})
    (current,) = family(emulator, 'awx-fleet')
    assert stats['token'] == {'mrn': current['mrn'], 'name': current['name']}

    scheduled = run_job('rotate_token', credential, dict(ROTATION, **survey('false')))
    assert (scheduled.status, rotation_stats(scheduled)['result'], rotation_stats(scheduled)['pushed']) == ('successful', 'current', [])

    # A host down during a forced rotation: the others get the new token, the old one stays for the lagging host.
    test_hosts['run']('stop-host', '--dir', str(test_hosts['directory']), 'consumer2')
    try:
        forced = run_job('rotate_token', credential, dict(ROTATION, **survey('true')))
    finally:
        test_hosts['run']('start-host', '--dir', str(test_hosts['directory']), 'consumer2')
    assert forced.status == 'failed'
    stats = rotation_stats(forced)
    assert (stats['result'], stats['pushed'], stats['retired']) == ('rotated', ['consumer1', 'consumer3'], [])
    assert 'consumer2 does not hold' in stats['waiting']
    new = stats['token']
    assert [token['mrn'] for token in family(emulator, 'awx-fleet')] == [current['mrn'], new['mrn']]

    # Relaunched on the failed host (AWX limits a relaunch on failed hosts to the unreachable and failed ones), with the
    # survey's force answered false: the token comes from a consumer left out of the run, and as every consumer holds
    # it then, the old one is retired.
    relaunch = run_job('rotate_token', credential, dict(ROTATION, **survey('false')), limit='consumer2')
    assert relaunch.status == 'successful', relaunch.stdout
    stats = rotation_stats(relaunch)
    assert (stats['result'], stats['created'], stats['token'], stats['pushed']) == ('current', False, new, ['consumer2'])
    assert stats['retired'] == [{'mrn': current['mrn'], 'name': current['name']}]
    assert [token['mrn'] for token in family(emulator, 'awx-fleet')] == [new['mrn']]

    scheduled = run_job('rotate_token', credential, dict(ROTATION, **survey('false'), rotate_token_serial=2))
    assert scheduled.status == 'successful', scheduled.stdout
    stats = rotation_stats(scheduled)
    assert (stats['result'], stats['token'], stats['pushed'], stats['retired']) == ('current', new, [], [])
    metadata_reads = [event for event in scheduled.events if event.get('event') == 'playbook_on_task_start'
                      and event['event_data'].get('task', '').startswith('Read the metadata file that says which token')]
    assert len(metadata_reads) == 2, 'one per batch of 2 hosts'


def test_a_rotation_job_on_workload_identity_alone(run_job, emulator, oidc_issuer, tmp_path):
    """A credential with the workload identity fields only, the token in a file (as a container group projects one)."""
    credential = {'wif_issuer_uri': 'https://issuer.example', 'wif_audience': SPACE_MRN,
                  'wif_token_file': str(oidc_issuer(tmp_path / 'projected-token')), 'api_endpoint': emulator.connection['endpoint']}
    emulator.control.clear_requests()
    job = run_job('rotate_token', credential, dict(ROTATION, api_token_rotation_name='awx-wif-fleet', **survey('false')))
    assert job.status == 'successful', job.stdout
    stats = job.stats['api_token_rotation']['awx-wif-fleet']
    assert (stats['result'], stats['verified']) == ('rotated', ['consumer1', 'consumer2', 'consumer3'])
    requests = emulator.control.requests()
    exchanged = set(entry['caller'] for entry in requests if entry['operation'] == 'ExchangeExternalToken')
    controller_calls = [entry for entry in requests if entry['operation'] in ('apiTokens', 'generateAPIToken')]
    assert controller_calls and all(entry['caller'] in exchanged for entry in controller_calls), \
        'every controller-side call was made by a service account the exchange issued'


def test_a_check_job_says_what_a_forced_rotation_would_do_and_changes_nothing(run_job, emulator):
    before = family(emulator, 'awx-fleet')
    job = run_job('rotate_token', token_credential(emulator), dict(ROTATION, **survey('true')), job_type='check')
    assert job.status == 'successful', job.stdout
    assert rotation_stats(job)['result'] == 'check_mode'
    assert 'Check mode, nothing was changed: a real run would rotate awx-fleet (' in job.stdout
    assert family(emulator, 'awx-fleet') == before


def test_the_rotation_playbook_asks_for_the_consumers_group(run_job, emulator):
    job = run_job('rotate_token', token_credential(emulator), {'api_token_rotation_name': 'awx-fleet',
                                                               'api_token_rotation_space': SPACE_ID})
    assert job.status == 'failed'
    assert 'Set api_token_rotation_consumers to the inventory group' in job.stdout


def test_the_rotation_playbook_refuses_a_group_the_inventory_lacks(run_job, emulator):
    job = run_job('rotate_token', token_credential(emulator), dict(ROTATION, api_token_rotation_consumers='mondoo_agents'))
    assert job.status == 'failed'
    assert 'The inventory has no host in the group mondoo_agents' in job.stdout


STUB_COLLECTIONS = pathlib.Path(__file__).parent / 'stub_collections'


def test_registering_the_credential_type_sends_it_verbatim(run_job, credential_type):
    job = run_job('register_credential_type', {}, {}, collections=[STUB_COLLECTIONS])
    assert job.status == 'successful', job.stdout
    (sent,) = [event['event_data']['res']['received'] for event in job.events if event.get('event') == 'runner_on_ok'
               and event['event_data'].get('task_action') == 'awx.awx.credential_type']
    assert sent == {'name': 'Mondoo Platform', 'description': credential_type['description'], 'kind': 'cloud',
                    'inputs': credential_type['inputs'], 'injectors': credential_type['injectors'], 'state': 'present'}
    assert sent['injectors']['env']['MONDOO_API_TOKEN'] == '{{ api_token }}', 'the injector templates must reach AWX unrendered'


def test_the_secret_search_finds_a_secret_that_a_job_prints(run_job, emulator):
    leaky = ('---\n- name: A careless playbook\n  hosts: localhost\n  gather_facts: false\n  tasks:\n'
             '    - name: Print the credential\n      ansible.builtin.debug:\n'
             '        msg: "{{ lookup(\'ansible.builtin.env\', \'MONDOO_API_TOKEN\') }}"\n')
    job = run_job('careless', token_credential(emulator), {}, project_playbook=leaky)
    assert job.status == 'successful', job.stdout
    search = SecretSearch()
    search.add_secret(emulator.connection['credentials']['space_owner'])
    leaks = search.search(job)
    assert any(path.startswith('artifacts/1/stdout') for path in leaks)
    assert any('job_events' in path for path in leaks)


def test_the_single_token_job_keeps_the_new_secret_in_a_file_and_nowhere_else(run_job, emulator, tmp_path):
    secret_file = tmp_path / 'secrets' / 'ci-runner.token'
    secret_file.parent.mkdir(mode=0o700)
    variables = {'mondoo_space': SPACE_ID, 'mondoo_token_name': 'awx-ci-runner', 'mondoo_token_secret_file': str(secret_file),
                 'mondoo_token_permissions': ['editor']}
    created = run_job('create_token', token_credential(emulator), variables)
    assert created.status == 'successful', created.stdout
    assert file_mode(secret_file) == 0o600
    secret = secret_file.read_text().strip()
    assert secret.startswith('mondoo_tk_')
    assert all(secret not in path.read_text(errors='replace') for path in created.directory.rglob('*') if path.is_file()
               and path.name != 'command'), 'the secret is in the file only'
    (token,) = [token for token in emulator.control.tokens(SPACE_MRN) if token['name'] == 'awx-ci-runner']
    assert 'create awx-ci-runner (%s); its new secret is in %s' % (token['mrn'], secret_file) in created.stdout

    works = run_job('report_tokens', {'api_token': secret, 'api_endpoint': emulator.connection['endpoint']}, {'mondoo_space': SPACE_ID})
    assert works.status == 'successful', 'the secret in the file authenticates'

    written = secret_file.stat()
    again = run_job('create_token', token_credential(emulator), variables)
    assert again.status == 'successful', again.stdout
    assert 'left as it was' in again.stdout
    assert (secret_file.stat().st_mtime_ns, secret_file.read_text().strip()) == (written.st_mtime_ns, secret)

    regenerated = run_job('create_token', token_credential(emulator), dict(variables, mondoo_token_regenerate='always'))
    assert regenerated.status == 'successful', regenerated.stdout
    assert secret_file.read_text().strip() != secret and file_mode(secret_file) == 0o600
    assert [token['mrn'] for token in emulator.control.tokens(SPACE_MRN) if token['name'] == 'awx-ci-runner'] != [token['mrn']]


def test_the_single_token_job_asks_for_a_file_before_anything_changes(run_job, emulator):
    job = run_job('create_token', token_credential(emulator), {'mondoo_space': SPACE_ID, 'mondoo_token_name': 'awx-no-file'})
    assert job.status == 'failed'
    assert 'mondoo_token_secret_file' in job.stdout
    assert not [token for token in emulator.control.tokens(SPACE_MRN) if token['name'] == 'awx-no-file']


def outside_the_checkout(collections_path, emulator):
    """The environment of a shell far from this repository: the installed artifact, the credential in the environment."""
    return EE_BIN, dict(clean_environment(), ANSIBLE_COLLECTIONS_PATH=str(collections_path), ANSIBLE_NOCOLOR='1',
                        MONDOO_API_TOKEN=emulator.connection['credentials']['space_owner'],
                        MONDOO_API_ENDPOINT=emulator.connection['endpoint'])


def test_collection_playbooks_run_by_name_from_the_installed_artifact(collections_path, emulator, tmp_path):
    ee_bin, environment = outside_the_checkout(collections_path, emulator)
    finished = subprocess.run([str(ee_bin / 'ansible-playbook'), 'mondoo.platform.report_tokens', '-e', 'mondoo_space=' + SPACE_ID],
                              capture_output=True, text=True, env=environment, cwd=tmp_path, timeout=300, check=False)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert 'API tokens:' in finished.stdout


def test_an_ad_hoc_create_keeps_its_secret_in_a_file(collections_path, emulator, tmp_path):
    ee_bin, environment = outside_the_checkout(collections_path, emulator)
    secret_file = tmp_path / 'ad-hoc.token'
    finished = subprocess.run([str(ee_bin / 'ansible'), 'localhost', '-m', 'mondoo.platform.mondoo_api_token', '-a',
                               'space=%s name=awx-ad-hoc secret_file=%s' % (SPACE_ID, secret_file)],
                              capture_output=True, text=True, env=environment, cwd=tmp_path, timeout=300, check=False)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    secret = secret_file.read_text().strip()
    assert secret.startswith('mondoo_tk_') and file_mode(secret_file) == 0o600
    assert secret not in finished.stdout + finished.stderr
    assert '"secret_file": "%s"' % secret_file in finished.stdout
