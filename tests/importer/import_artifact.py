# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run galaxy-importer on a collection artifact as Ansible Galaxy and Automation Hub would, and judge the result.

Usage: import_artifact.py [--artifact TARBALL | --collection DIR]
    Without an option, builds the artifact of this checkout (ansible-galaxy collection build, as `make build` does)
    into a temporary directory first; --collection builds it from another collection tree.

The importer (python -m galaxy_importer.main, from .venv-importer) runs in a temporary directory with the
configuration tests/importer/galaxy-importer.cfg. The artifact passes when the import succeeds (exit status 0,
"Importer processing completed successfully", a result whose namespace, name and version are the artifact's) and the
importer printed no ERROR, CRITICAL or WARNING line and nothing on stderr. Prints a summary either way: what the
importer found (its content list) and every finding verbatim. Exit status: 0 pass, 1 findings, 2 could not run.
"""

import argparse
import collections
import configparser
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parents[2]
IMPORTER_VENV = REPO / '.venv-importer'
CONFIG = REPO / 'tests' / 'importer' / 'galaxy-importer.cfg'
# The artifact is built as `make build` builds it, with the main virtualenv's ansible-galaxy.
ANSIBLE_GALAXY = REPO / '.venv' / 'bin' / 'ansible-galaxy'

SUCCESS_LINE = 'Importer processing completed successfully'
# galaxy_importer.main prints INFO records bare and every other level as "LEVEL: message".
FINDING_PREFIXES = ('WARNING: ', 'ERROR: ', 'CRITICAL: ')
# Per-item progress lines, left out of the printed summary (the content list comes from the result instead).
PROGRESS_LINE = re.compile(r'^(Loading \S+ \S+|Linting \S+ \S+ via flake8\.\.\.)$')
ARTIFACT_NAME = re.compile(r'^(?P<namespace>\w+)-(?P<name>\w+)-(?P<version>[0-9a-zA-Z.+-]+)\.tar\.gz$')
IMPORT_TIMEOUT_SECONDS = 300


class ImportRun:
    """One galaxy-importer run on one artifact: what it printed, what it returned and what is wrong with it."""

    def __init__(self, artifact, returncode, stdout, stderr, result):
        self.artifact = pathlib.Path(artifact)
        self.returncode = returncode
        self.lines = stdout.splitlines()
        self.stderr_lines = [line for line in stderr.splitlines() if line.strip()]
        self.result = result
        self.findings = findings_in(self.lines, self.stderr_lines)
        self.problems = self._problems()

    @property
    def passed(self):
        return not self.findings and not self.problems

    def _problems(self):
        """What makes the import itself count as failed, beyond the finding lines."""
        problems = []
        if self.returncode != 0:
            problems.append('galaxy-importer exited with status %d' % self.returncode)
        if SUCCESS_LINE not in self.lines:
            problems.append('galaxy-importer did not print "%s"' % SUCCESS_LINE)
        if self.result is None:
            problems.append('galaxy-importer wrote no importer_result.json')
        else:
            expected = ARTIFACT_NAME.match(self.artifact.name).groupdict()
            found = {key: self.result.get('metadata', {}).get(key) for key in expected}
            if found != expected:
                problems.append('the result names %s, not the artifact %s' % (found, expected))
        return problems


def findings_in(stdout_lines, stderr_lines):
    """The lines that fail the gate: every WARNING, ERROR or CRITICAL record of the importer, and anything on stderr."""
    findings = [line for line in stdout_lines if line.startswith(FINDING_PREFIXES)]
    findings.extend('stderr: %s' % line for line in stderr_lines)
    return findings


def importer_environment(work):
    """The environment of the importer: its own tools first on PATH, this repository's configuration and nothing else."""
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith('GALAXY_IMPORTER_') and key not in ('ANSIBLE_CONFIG', 'PYTHONPATH')}
    environment.update({
        'PATH': '%s%s%s' % (IMPORTER_VENV / 'bin', os.pathsep, os.environ.get('PATH', '')),
        'GALAXY_IMPORTER_CONFIG': str(CONFIG),
        # Outside any git repository: ansible-lint takes a git root above the extracted artifact for its project
        # directory and would then miss the artifact's own .ansible-lint.
        'GALAXY_IMPORTER_TMP_ROOT_DIR': str(work / 'extract'),
        'GALAXY_IMPORTER_ANSIBLE_LOCAL_TMP': str(work / 'ansible-tmp'),
    })
    return environment


def run_import(artifact):
    """Run galaxy-importer on ``artifact`` (a mondoo-platform-<version>.tar.gz) and return the ImportRun."""
    artifact = pathlib.Path(artifact).resolve()
    if not ARTIFACT_NAME.match(artifact.name):
        raise ValueError('%s is not named like a collection artifact (namespace-name-version.tar.gz)' % artifact.name)
    if not (IMPORTER_VENV / 'bin' / 'python').is_file():
        raise FileNotFoundError('%s is missing: run make setup' % IMPORTER_VENV)
    if not CONFIG.is_file():
        # galaxy-importer would silently fall back to its defaults.
        raise FileNotFoundError('%s is missing' % CONFIG)
    with tempfile.TemporaryDirectory(prefix='galaxy-importer-') as temporary:
        work = pathlib.Path(temporary)
        for directory in ('extract', 'ansible-tmp', 'cwd'):
            (work / directory).mkdir()
        # The importer writes importer_result.json into its working directory.
        completed = subprocess.run([str(IMPORTER_VENV / 'bin' / 'python'), '-m', 'galaxy_importer.main', str(artifact)],
                                   cwd=work / 'cwd', env=importer_environment(work), capture_output=True, text=True,
                                   timeout=IMPORT_TIMEOUT_SECONDS, check=False)
        result_file = work / 'cwd' / 'importer_result.json'
        result = json.loads(result_file.read_text()) if result_file.is_file() else None
    return ImportRun(artifact, completed.returncode, completed.stdout, completed.stderr, result)


def build_artifact(collection_dir, output_dir):
    """Build the artifact of the collection in ``collection_dir`` into ``output_dir`` and return its path."""
    subprocess.run([str(ANSIBLE_GALAXY), 'collection', 'build', '--force', '--output-path', str(output_dir), str(collection_dir)],
                   check=True, capture_output=True, text=True)
    (built,) = pathlib.Path(output_dir).glob('*.tar.gz')
    return built


def summary(run):
    """The lines the gate prints: the importer's own account of the import, its content list and every finding."""
    lines = ['artifact: %s (%d kB)' % (run.artifact.name, run.artifact.stat().st_size // 1024)]
    settings = configparser.ConfigParser()
    settings.read(CONFIG)
    lines.append('config %s: %s' % (CONFIG.relative_to(REPO), ', '.join('%s=%s' % item for item in settings.items('galaxy-importer'))))
    lines.append('galaxy-importer said (per-item progress lines left out):')
    lines.extend('  ' + line for line in run.lines if not PROGRESS_LINE.match(line))
    if run.result is not None:
        contents = collections.defaultdict(list)
        for item in run.result.get('contents', []):
            contents[item['content_type']].append(item['name'])
        lines.append('contents found (%d):' % sum(len(names) for names in contents.values()))
        lines.extend('  %s (%d): %s' % (kind, len(names), ', '.join(names)) for kind, names in sorted(contents.items()))
        docs_blob = run.result.get('docs_blob') or {}
        documented = [item['content_name'] for item in docs_blob.get('contents', []) if item.get('doc_strings')]
        lines.append('documented by ansible-doc (%d): %s' % (len(documented), ', '.join(documented)))
        readme = (docs_blob.get('collection_readme') or {}).get('name')
        doc_files = [item['name'] for item in docs_blob.get('documentation_files', [])]
        lines.append('readme: %s; documentation files: %s' % (readme, ', '.join(doc_files) or 'none'))
        metadata = run.result.get('metadata', {})
        lines.append('tags: %s; requires_ansible: %s' % (', '.join(metadata.get('tags') or []), run.result.get('requires_ansible')))
    lines.append('findings (%d):' % len(run.findings))
    lines.extend('  ' + finding for finding in run.findings)
    lines.extend('problem: ' + problem for problem in run.problems)
    if run.problems and run.stderr_lines:
        lines.append('stderr (last 20 lines):')
        lines.extend('  ' + line for line in run.stderr_lines[-20:])
    lines.append('verdict: %s' % ('PASS, the import succeeded with no ERROR and no WARNING'
                                  if run.passed else 'FAIL, see the findings and problems above'))
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 1)[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument('--artifact', type=pathlib.Path, help='an artifact built already')
    source.add_argument('--collection', type=pathlib.Path, default=REPO, help='the collection tree to build (default: this checkout)')
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix='mondoo-platform-build-') as output:
        try:
            artifact = args.artifact or build_artifact(args.collection, output)
            run = run_import(artifact)
        except (OSError, ValueError, subprocess.SubprocessError) as exc:
            details = getattr(exc, 'stderr', None) or ''
            print('importer: cannot run: %s %s' % (exc, details), file=sys.stderr)
            return 2
        for line in summary(run):
            print('importer: ' + line)
    return 0 if run.passed else 1


if __name__ == '__main__':
    sys.exit(main())
