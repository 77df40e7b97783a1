# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The fault soak of the modules (`make soak`): many real module invocations, each with a random fault injected.

Each worker owns one emulator (real HTTP) and a pool of token names in its first space. An invocation picks an
operation (create, an unchanged run, a description change, a permission change, a regeneration, a delete by name
or by MRN, a listing) and a fault on one of the GraphQL operations it sends (every kind the emulator has: HTTP
status answers, dropped connections, delays shorter and longer than the task's timeout, changes applied before a
502, GraphQL errors), with a count that sometimes outlasts the retries. The module runs as Ansible runs it (its
file, its JSON arguments, a fresh Python). Afterwards the emulator's state is compared with what the invocation
should have left:

- a duplicate: two tokens of one name;
- an orphan: a token of the pool the model does not expect (a create that landed unseen, a delete that did not);
- missing: a token the model expects and the API does not have;
- a traceback: an answer that is not the module's JSON, or that holds a Python traceback;
- a clean failure: a failed result with a message; its rerun without faults must then converge.

It also checks that every secret a module returned authenticates, and that every listing matches the API.
The seed is printed; the same seed draws the same invocations. Exits non-zero unless D = O = M = T = 0, every
secret works, every listing matches and every clean failure's rerun converges.
"""

import argparse
import collections
import concurrent.futures
import json
import os
import pathlib
import random
import subprocess
import sys
import tempfile
import threading
import time

import requests

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "emulator"))

from pytest_plugin import RunningEmulator  # noqa: E402  (the emulator's own starter)

MODULES = REPO / "plugins" / "modules"
COLLECTIONS = REPO / ".collections"
NAMES_PER_WORKER = 6
ROLE = "//iam.api.mondoo.app/roles/"

# The GraphQL operations each kind of invocation sends; a fault lands on one of them.
SENDS = {
    "create": ["apiTokens", "generateAPIToken"],
    "unchanged": ["apiTokens"],
    "describe": ["apiTokens", "updateAPIToken"],
    "permissions": ["apiTokens", "setRoles"],
    "regenerate": ["apiTokens", "generateAPIToken", "deleteAPIToken"],
    "delete_by_name": ["apiTokens", "deleteAPIToken"],
    "delete_by_mrn": ["deleteAPIToken"],
    "list": ["apiTokens"],
}


class Figures:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = collections.Counter()
        self.examples = collections.defaultdict(list)

    def add(self, kind, example=None, count=1):
        with self.lock:
            self.counts[kind] += count
            if example and len(self.examples[kind]) < 5:
                self.examples[kind].append(example)


class Worker:
    """One emulator, one pool of names, one random stream; runs its invocations in order."""

    def __init__(self, index, emulator, seed, timeout, retries, figures, work_dir):
        self.index = index
        self.connection = emulator.connection
        self.control = emulator.control
        self.random = random.Random("%s-%d" % (seed, index))
        self.timeout = timeout
        self.retries = retries
        self.figures = figures
        self.work_dir = work_dir
        self.space_mrn = self.connection["space_mrns"][0]
        self.names = ["soak-%d-%d" % (index, number) for number in range(NAMES_PER_WORKER)]
        # What the pool should hold: name -> MRN (None: no token of that name).
        self.expected = dict((name, None) for name in self.names)
        self.environment = dict(os.environ, PYTHONPATH=str(COLLECTIONS),
                                MONDOO_API_TOKEN=self.connection["credentials"]["space_owner"],
                                MONDOO_API_ENDPOINT=self.connection["endpoint"])

    # -- one invocation ------------------------------------------------------------------------

    def run(self, invocation):
        name = self.random.choice(self.names)
        kind = self._kind_for(name)
        fault = self._fault_for(kind)
        module, args = self._invocation(kind, name)
        self.control.clear_faults()
        if fault:
            self.control.add_fault(**fault)
        result = self._run_module(module, args)
        self.control.clear_faults()
        if fault and fault["kind"] == "delay" and fault["delay"] > self.timeout:
            time.sleep(fault["delay"] + 0.3)  # let a request that is still sleeping land before looking
        self._judge(invocation, kind, name, fault, module, args, result)

    def _kind_for(self, name):
        present = self.expected[name] is not None
        kinds = (["unchanged", "describe", "permissions", "regenerate", "delete_by_name", "delete_by_mrn", "list"]
                 if present else ["create", "create", "list", "delete_by_name"])
        return self.random.choice(kinds)

    def _fault_for(self, kind):
        if self.random.random() < 0.1:
            return None
        attempts = self.retries + 1
        # Mostly faults the retries ride out; a quarter outlast them (up to twice the attempts).
        count = self.random.randint(1, self.retries) if self.random.random() < 0.75 else self.random.randint(attempts, 2 * attempts)
        fault = {"operation": self.random.choice(SENDS[kind]), "count": count}
        choice = self.random.choice(["status", "drop", "short delay", "long delay", "after_commit", "error"])
        if choice == "status":
            fault.update(kind="status", status=self.random.choice([429, 500, 502, 503]))
            if self.random.random() < 0.3:
                fault["retry_after"] = 1
        elif choice == "short delay":
            fault.update(kind="delay", delay=round(self.random.uniform(0.1, self.timeout * 0.8), 2))
        elif choice == "long delay":
            # Longer than the timeout, and within the wait the module documents for a late create.
            fault.update(kind="delay", delay=round(self.random.uniform(self.timeout * 1.1, self.timeout * 1.9), 2))
        elif choice == "error":
            fault.update(kind="error", code=self.random.choice(["ResourceExhausted", "Unavailable", "Internal"]))
        else:
            fault.update(kind=choice)
        return fault

    def _invocation(self, kind, name):
        connection = {"timeout": self.timeout, "retries": self.retries, "max_retry_time": 20}
        scope = {"space": self.space_mrn}
        if kind == "list":
            return "mondoo_api_token_info", dict(connection, query="soak-%d-" % self.index, **scope)
        if kind == "delete_by_mrn":
            return "mondoo_api_token", dict(connection, mrn=self.expected[name], state="absent")
        args = dict(connection, name=name, **scope)
        if kind == "describe":
            args["description"] = "changed %d" % self.random.randint(0, 10 ** 6)
        elif kind == "permissions":
            args["permissions"] = [self.random.choice(["viewer", "editor", "agent", "policy-manager"])]
        elif kind == "regenerate":
            args["regenerate"] = "always"
        elif kind == "delete_by_name":
            args["state"] = "absent"
        return "mondoo_api_token", args

    def _run_module(self, module, args):
        """The module's answer as a dict; {'_not_json': text} when it printed something else."""
        with tempfile.NamedTemporaryFile("w", suffix=".json", dir=self.work_dir, delete=False) as handle:
            json.dump({"ANSIBLE_MODULE_ARGS": args}, handle)
        try:
            process = subprocess.run([sys.executable, str(MODULES / (module + ".py")), handle.name], env=self.environment,
                                     capture_output=True, text=True, timeout=300, check=False)
        finally:
            os.unlink(handle.name)
        try:
            result = json.loads(process.stdout)
        except ValueError:
            return {"_not_json": (process.stdout + process.stderr)[-2000:]}
        if "Traceback" in process.stderr:
            result["_stderr_traceback"] = process.stderr[-2000:]
        return result

    # -- judging -------------------------------------------------------------------------------

    def _pool_state(self):
        state = collections.defaultdict(list)
        for token in self.control.tokens(self.space_mrn):
            if token["name"] in self.expected:
                state[token["name"]].append(token["mrn"])
        return state

    def _judge(self, invocation, kind, name, fault, module, args, result):
        label = "#%d %s %s fault=%s" % (invocation, kind, name, json.dumps(fault, sort_keys=True) if fault else None)
        self.figures.add("invocations")
        if "_not_json" in result or "_stderr_traceback" in result or "Traceback" in json.dumps(result):
            self.figures.add("tracebacks", label + ": " + (result.get("_not_json") or result.get("_stderr_traceback") or "")[-300:])
            self._check_state(label)
            return
        if result.get("failed"):
            self.figures.add("clean failures")
            if result.get("secret") and not self._authenticates(result["secret"]):
                self.figures.add("secrets that do not authenticate", label + " (a failed result's)")
            self._follow_a_half_done_regeneration(result, label)
            self._check_state(label + " (failed: %s)" % result.get("msg", "")[:200], name,
                              self._allowed_after_failure(kind, name, result))
            self._rerun(kind, name, module, args, label)
            return
        self._apply_success(kind, name, result, label)
        self._check_state(label)

    def _follow_a_half_done_regeneration(self, result, label):
        """A regeneration that could not finish names the token to delete; the soak does what the message says."""
        message = result.get("msg", "")
        if "Both tokens may exist now" in message:
            to_delete = message.split("Delete ", 1)[1].split(" ", 1)[0]  # the replacement
        elif "still exists, delete it" in message:
            to_delete = message.split(". If ", 1)[1].split(" ", 1)[0]  # the old token; the replacement stays
        else:
            return
        self.figures.add("half-done regenerations reported", label)
        answer = self._run_module("mondoo_api_token", {"mrn": to_delete, "space": self.space_mrn, "state": "absent"})
        if answer.get("failed"):
            self.figures.add("reruns that did not converge", label + ": deleting the token the message named failed")

    def _allowed_after_failure(self, kind, name, result):
        """The MRN lists a failed invocation may leave for ``name``: the state before it, or the one it intended."""
        before = [self.expected[name]] if self.expected[name] else []
        if kind in ("delete_by_name", "delete_by_mrn"):
            return [before, []]
        if kind == "regenerate" and result.get("secret"):
            return [before, [result["token"]["mrn"]]]
        return [before]

    def _apply_success(self, kind, name, result, label):
        if kind in ("create", "regenerate") and result.get("operation") in ("create", "regenerate"):
            self.expected[name] = result["token"]["mrn"]
            if not self._authenticates(result.get("secret")):
                self.figures.add("secrets that do not authenticate", label)
        elif kind in ("delete_by_name", "delete_by_mrn"):
            self.expected[name] = None
        elif kind == "list":
            listed = sorted((token["name"], token["mrn"]) for token in result.get("api_tokens", []))
            wanted = sorted((pool_name, mrn) for pool_name, mrn in self.expected.items() if mrn)
            if listed != wanted:
                self.figures.add("listings that differ from the API", "%s: listed %s, expected %s" % (label, listed, wanted))

    def _check_state(self, label, name=None, allowed=()):
        """Compare the pool with the model; for ``name`` each of the ``allowed`` MRN lists is right (and becomes the model)."""
        state = self._pool_state()
        for pool_name in self.names:
            found = sorted(state.get(pool_name, []))
            if len(found) > 1:
                self.figures.add("duplicates", "%s: %s has %s" % (label, pool_name, found), count=len(found) - 1)
                self._start_afresh(pool_name, found)
                continue
            if pool_name == name and found in [sorted(option) for option in allowed]:
                self.expected[pool_name] = found[0] if found else None
                continue
            expected = [self.expected[pool_name]] if self.expected[pool_name] else []
            if found == expected:
                continue
            if found:
                self.figures.add("orphans", "%s: %s holds %s, expected %s" % (label, pool_name, found, expected))
            if expected and not found:
                self.figures.add("missing", "%s: %s lacks %s" % (label, pool_name, expected))
            self.expected[pool_name] = found[0] if found else None

    def _start_afresh(self, name, mrns):
        """After a duplicate is counted, delete every token of the name, so that one defect is counted once."""
        for mrn in mrns:
            self._run_module("mondoo_api_token", {"mrn": mrn, "space": self.space_mrn, "state": "absent"})
        self.expected[name] = None

    def _rerun(self, kind, name, module, args, label):
        """A clean failure's rerun without faults must reach the intended state."""
        if kind == "delete_by_mrn":
            if self.expected[name] is None:
                return  # the failed delete did delete it: there is nothing to run again
            args = dict(args, mrn=self.expected[name])
        result = self._run_module(module, args)
        if result.get("failed") or "_not_json" in result:
            self.figures.add("reruns that did not converge", "%s: %s" % (label, result.get("msg") or result.get("_not_json")))
            self._check_state(label + " (rerun)")
            return
        self._apply_success(kind, name, result, label + " (rerun)")
        self._check_state(label + " (rerun)")

    def _authenticates(self, secret):
        if not secret:
            return False
        answer = requests.post(self.connection["endpoint"], json={"query": "query { viewer { mrn } }"},
                               headers={"Authorization": "Bearer " + secret}, timeout=30)
        return answer.status_code == 200 and "errors" not in answer.json()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--invocations", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261130, help="the same seed draws the same invocations")
    parser.add_argument("--emulators", type=int, default=8, help="emulators (and workers) in parallel")
    parser.add_argument("--timeout", type=int, default=1, help="the modules' timeout option, in seconds")
    parser.add_argument("--retries", type=int, default=2, help="the modules' retries option")
    arguments = parser.parse_args(argv)
    seed = arguments.seed
    print("soak: %d invocations, seed %d, %d emulators, timeout %d s, retries %d"
          % (arguments.invocations, seed, arguments.emulators, arguments.timeout, arguments.retries), flush=True)
    figures = Figures()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mondoo-soak-") as work_dir:
        emulators = [RunningEmulator(_directory(work_dir, "emulator-%d" % index)) for index in range(arguments.emulators)]
        try:
            workers = [Worker(index, emulator, seed, arguments.timeout, arguments.retries, figures, work_dir)
                       for index, emulator in enumerate(emulators)]
            with concurrent.futures.ThreadPoolExecutor(len(workers)) as pool:
                list(pool.map(lambda worker: _run_worker(worker, arguments.invocations, len(workers)), workers))
        finally:
            for emulator in emulators:
                emulator.stop()
    return _report(figures, time.monotonic() - started)


def _directory(parent, name):
    path = pathlib.Path(parent) / name
    path.mkdir(mode=0o700)
    return path


def _run_worker(worker, invocations, workers):
    for invocation in range(worker.index, invocations, workers):
        worker.run(invocation)
        done = worker.figures.counts["invocations"]
        if done % 100 == 0:
            print("soak: %d invocations done" % done, flush=True)


def _report(figures, seconds):
    counts = figures.counts
    print("%d invocations, %d duplicates, %d orphans, %d missing, %d tracebacks, %d clean failures"
          % (counts["invocations"], counts["duplicates"], counts["orphans"], counts["missing"], counts["tracebacks"],
             counts["clean failures"]))
    for kind in ("reruns that did not converge", "secrets that do not authenticate", "listings that differ from the API",
                 "half-done regenerations reported"):
        print("%d %s" % (counts[kind], kind))
    print("time: %.0f s" % seconds)
    defects = ("duplicates", "orphans", "missing", "tracebacks", "reruns that did not converge",
               "secrets that do not authenticate", "listings that differ from the API")
    for kind in defects:
        for example in figures.examples[kind]:
            print("  %s: %s" % (kind, example))
    return 1 if any(counts[kind] for kind in defects) else 0


if __name__ == "__main__":
    sys.exit(main())
