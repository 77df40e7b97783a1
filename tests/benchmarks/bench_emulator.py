# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Benchmark (not a test): what one request costs the emulator, with and without its speed-ups.

Starts four private emulators, one per configuration, each seeded with a space of --tokens tokens:

  both            the default: documents parsed and validated once, plain answers completed by
                  projection (projection.py)
  no projection   --without-speedup projection: graphql-core completes every field itself, as the
                  emulator did before projection.py
  no cache        --without-speedup document-cache: every request parses and validates its document
  neither         both left out

then sends each, over one keep-alive requests.Session as the collection's transport does, the
collection's own documents: APITokens with first: 100 (a page of 100 tokens) and UpdateAPIToken
setting a description (a small mutation). The configurations take turns, --rounds times
--requests requests of each document, so that a busier moment of the machine touches them alike.
It prints the median milliseconds per request and the requests per second of each, and the ratios
to "both". Run it on a quiet machine; the figures are the machine's, not a pass or fail.

Usage, from the repository root:  .venv/bin/python tests/benchmarks/bench_emulator.py [--rounds 5]
No secret is printed.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time

import requests

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(REPO, '.collections')
sys.path.insert(0, COLLECTIONS)

# pylint: disable=wrong-import-position
from ansible_collections.mondoo.platform.plugins.module_utils._documents import (  # noqa: E402
    LIST_API_TOKENS,
    UPDATE_API_TOKEN,
)
from ansible_collections.mondoo.platform.tests.benchmarks.bench_info import (  # noqa: E402
    CREDENTIAL,
    SMALL_SPACE_ID,
    SPACE_PREFIX,
    Emulator,
    seed,
)

PAGE_SIZE = 100
CONFIGURATIONS = (
    ('both', []),
    ('no projection', ['--without-speedup', 'projection']),
    ('no cache', ['--without-speedup', 'document-cache']),
    ('neither', ['--without-speedup', 'projection', '--without-speedup', 'document-cache']),
)
HTTP_TIMEOUT = 30


class Client:
    """One emulator's keep-alive session with the seed's owner credential; times each request it sends."""

    def __init__(self, emulator, secret):
        self.endpoint = emulator.connection['endpoint']
        self.session = requests.Session()
        self.session.headers['Authorization'] = 'Bearer ' + secret
        self.space_mrn = SPACE_PREFIX + SMALL_SPACE_ID
        self.token_mrn = self.page()['edges'][0]['node']['mrn']

    def page(self):
        variables = {'scopeMrn': self.space_mrn, 'first': PAGE_SIZE, 'orderBy': {'field': 'CREATED_AT', 'direction': 'ASC'}}
        connection = self.send(LIST_API_TOKENS, variables)['apiTokens']
        if len(connection['edges']) != PAGE_SIZE:
            raise RuntimeError('the page holds %d tokens, not %d' % (len(connection['edges']), PAGE_SIZE))
        return connection

    def update(self):
        return self.send(UPDATE_API_TOKEN, {'input': {'mrn': self.token_mrn, 'description': 'benchmark'}})

    def send(self, operation, variables):
        body = {'query': operation.document, 'variables': variables, 'operationName': operation.name}
        answer = self.session.post(self.endpoint, json=body, timeout=HTTP_TIMEOUT)
        if answer.status_code != 200 or 'errors' in answer.json():
            raise RuntimeError('%s answered HTTP %d: %s' % (operation.name, answer.status_code, answer.text[:500]))
        return answer.json()['data']

    def seconds_of(self, call, count):
        """The wall time of each of `count` calls."""
        times = []
        for dummy in range(count):
            started = time.perf_counter()
            call()
            times.append(time.perf_counter() - started)
        return times


def arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--tokens', type=int, default=150, help='tokens in the space listed (at least 100)')
    parser.add_argument('--rounds', type=int, default=5, help='turns each configuration takes')
    parser.add_argument('--requests', type=int, default=50, help='requests of each document per turn')
    parsed = parser.parse_args(argv)
    if parsed.tokens < PAGE_SIZE:
        parser.error('--tokens must be at least %d, for a full page' % PAGE_SIZE)
    return parsed


def main(argv=None):
    options = arguments(argv)
    work = tempfile.mkdtemp(prefix='mondoo-bench-emulator-')
    os.chmod(work, 0o700)
    emulators = [Emulator(os.path.join(work, str(number)), extra_args) for number, (_name, extra_args) in enumerate(CONFIGURATIONS)]
    try:
        clients = [start_client(emulator, options.tokens) for emulator in emulators]
        report(options, measure(clients, options))
    finally:
        for emulator in emulators:
            emulator.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


def start_client(emulator, tokens):
    os.mkdir(emulator.directory, 0o700)
    emulator.start()
    secret = emulator.control('POST', '/seed', seed(tokens, 1))['credentials'][CREDENTIAL]
    client = Client(emulator, secret)
    client.seconds_of(client.page, 3)  # warm-up: the first request of a document is parsed and validated
    client.seconds_of(client.update, 3)
    return client


def measure(clients, options):
    """[(page seconds, update seconds)] per configuration, the configurations taking turns."""
    times = [([], []) for dummy in clients]
    for dummy in range(options.rounds):
        for client, (page_times, update_times) in zip(clients, times):
            page_times.extend(client.seconds_of(client.page, options.requests))
            update_times.extend(client.seconds_of(client.update, options.requests))
    return times


def report(options, times):
    print('emulator: %d requests of each document per configuration, one keep-alive session; a page of %d of %d tokens'
          % (options.rounds * options.requests, PAGE_SIZE, options.tokens))
    print('%-15s %10s %12s %16s %16s' % ('configuration', 'page ms', 'page req/s', 'mutation ms', 'mutation req/s'))
    for (name, _extra_args), (page_times, update_times) in zip(CONFIGURATIONS, times):
        figures = (_ms(page_times), _per_second(page_times), _ms(update_times), _per_second(update_times))
        print('%-15s %10.2f %12.0f %16.2f %16.0f' % ((name,) + figures))
    print('(ms: median per request, as the client sees it; req/s: requests sent one after the other, over their total time)')
    print()
    both_page, both_update = times[0]
    for (name, _extra_args), (page_times, update_times) in zip(CONFIGURATIONS[1:], times[1:]):
        print('ratio %-13s / both, ms per request:  page %.2f   mutation %.2f'
              % (name, _ms(page_times) / _ms(both_page), _ms(update_times) / _ms(both_update)))


def _ms(seconds):
    return 1000 * statistics.median(seconds)


def _per_second(seconds):
    return len(seconds) / sum(seconds)


if __name__ == '__main__':
    sys.exit(main())
