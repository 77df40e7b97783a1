# The two commands a new user needs: `make demo` and `make test`. Both run `make setup` first.
.DEFAULT_GOAL := help
SHELL := /bin/bash

GATES := $(shell tools/test.sh --list)

.PHONY: help setup test demo benchmark build clean $(addprefix test-,$(GATES))

help:
	@echo "make demo    start the local Mondoo API emulator, run the token demo, then a rotation over 3 local SSH hosts (as root)"
	@echo "make test    run every quality gate: $$(tools/test.sh --list | tr '\n' ' ')"
	@echo "make test-GATE  run one gate, e.g. make test-sanity-2.21"
	@echo "make setup   build the virtualenvs and the local collections tree (idempotent)"
	@echo "make benchmark  time mondoo_api_token_info against a hand-written uri task, and a 10,000-token listing;"
	@echo "               then the rotation role against a hand-written rotation over 10 SSH hosts (as root)"
	@echo "make build   build the collection artifact into .build/"

setup:
	@tools/setup.sh

test: setup
	@tools/test.sh

$(addprefix test-,$(GATES)): test-%: setup
	@tools/test.sh $*

demo: setup
	@tools/demo.sh

benchmark: setup
	@.venv/bin/python tests/benchmarks/bench_info.py
	@.venv/bin/python tests/benchmarks/bench_rotation.py

build: setup
	@mkdir -p .build && .venv/bin/ansible-galaxy collection build --force --output-path .build

clean:
	rm -rf .venv .venv-core219 .collections .build .ansible tests/output
