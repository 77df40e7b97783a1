# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Concurrent clients: every token created is there exactly once."""

import concurrent.futures

from emulator_client import ApiClient

CLIENTS = 8
TOKENS_PER_CLIENT = 250


def test_concurrent_creates_are_each_recorded_exactly_once(mondoo_emulator, mondoo_control):
    space = mondoo_emulator["space_mrns"][0]
    seeded = {token["mrn"] for token in mondoo_control.tokens(space)}

    def create_tokens(client_number):
        client = ApiClient(mondoo_emulator["endpoint"], mondoo_emulator["credentials"]["space_editor"])
        return [client.generate(space, f"client-{client_number}-token-{number}")["mrn"] for number in range(TOKENS_PER_CLIENT)]

    with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
        created = [mrn for mrns in pool.map(create_tokens, range(CLIENTS)) for mrn in mrns]

    expected_names = {f"client-{client}-token-{number}" for client in range(CLIENTS) for number in range(TOKENS_PER_CLIENT)}
    assert len(created) == len(set(created)) == CLIENTS * TOKENS_PER_CLIENT
    listed = ApiClient(mondoo_emulator["endpoint"], mondoo_emulator["credentials"]["space_viewer"]).list_all(space, first=100)
    listed_new = [node for node in listed if node["mrn"] not in seeded]
    assert sorted(node["mrn"] for node in listed_new) == sorted(created)
    assert sorted(node["name"] for node in listed_new) == sorted(expected_names)
    in_state = [token for token in mondoo_control.tokens(space) if token["mrn"] not in seeded]
    assert sorted(token["mrn"] for token in in_state) == sorted(created)
    generate_calls = [entry for entry in mondoo_control.requests() if entry["operation"] == "generateAPIToken"]
    assert len(generate_calls) == CLIENTS * TOKENS_PER_CLIENT and {entry["status"] for entry in generate_calls} == {200}
