# The two commands a new user needs: `make demo` and `make test`. `make test` runs `make setup` first; `make demo` sets up only what it needs.
.DEFAULT_GOAL := help
SHELL := /bin/bash

GATES := $(shell tools/test.sh --list)

.PHONY: help setup test demo benchmark soak build docs clean live-check live-test $(addprefix test-,$(GATES))

help:
	@echo "make demo    start the local Mondoo API emulator, run the token demo, then a rotation over 3 local SSH hosts (as root)"
	@echo "make test    run every quality gate: $$(tools/test.sh --list | tr '\n' ' ')"
	@echo "make test-GATE  run one gate, e.g. make test-sanity-2.21"
	@echo "make setup   build the virtualenvs and the local collections tree (idempotent; make demo builds only .venv)"
	@echo "make benchmark  time the emulator per request with and without its speed-ups (document cache, projection);"
	@echo "               mondoo_api_token_info against a hand-written uri task, and a 10,000-token listing;"
	@echo "               then the rotation role against a hand-written rotation over 10 and 100 SSH hosts (as root)"
	@echo "make soak    1,000 module invocations with random faults against 8 emulators (SEED=N for another draw)"
	@echo "make build   build the collection artifact into .build/"
	@echo "make docs    lint the docs and build the HTML docs site into .build/docs/html (offline; sets up only .venv-docs)"
	@echo "make live-check  check every GraphQL document against the Mondoo API your credential reaches (read-only)"
	@echo "make live-test   with MONDOO_LIVE_TEST=1 and MONDOO_LIVE_SPACE: create, change, rotate and delete throw-away tokens there"

setup:
	@tools/setup.sh

test: setup
	@tools/test.sh

$(addprefix test-,$(GATES)): test-%: setup
	@tools/test.sh $*

demo:
	@tools/setup.sh demo
	@tools/demo.sh

benchmark: setup
	@.venv/bin/python tests/benchmarks/bench_emulator.py
	@.venv/bin/python tests/benchmarks/bench_info.py
	@.venv/bin/python tests/benchmarks/bench_rotation.py

# Read-only. The credential and endpoint come from the environment or the Mondoo CLI's configuration,
# as for the modules; MONDOO_LIVE_SPACE (optional) lets the fallback without introspection list tokens.
live-check: setup
	@.venv/bin/ansible-playbook mondoo.platform.live_check $${MONDOO_LIVE_SPACE:+-e live_check_space=$$MONDOO_LIVE_SPACE}

live-test: setup
	@tools/live-test.sh

soak: setup
	@.venv/bin/python tests/soak/soak.py $${SEED:+--seed $$SEED}

build: setup
	@mkdir -p .build && .venv/bin/ansible-galaxy collection build --force --output-path .build

# Only the docs' own set-up (.venv-docs and the .collections link), not all of `make setup`.
docs:
	@tools/setup.sh docs && tools/docs.sh

clean:
	rm -rf .venv .venv-core2* .venv-ee .venv-importer .venv-docs .pythons .collections .build .ansible tests/output
