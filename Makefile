# Every target installs what it needs (idempotently, via stamp files), so a fresh clone works.
SHELL := /bin/bash
.DEFAULT_GOAL := help

ENV ?= local
PYTHON ?= python3
PY := .venv/bin/python
CHECKOV_PY := .venv-checkov/bin/python

export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1
export CHECKPOINT_DISABLE := 1
export TF_CLI_CONFIG_FILE := $(CURDIR)/.tfrc/terraform.rc
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: help setup deploy destroy synth plan test lint bench emulator-start emulator-stop clean tfrc

help:  ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

.venv/.stamp: requirements.txt requirements-dev.txt constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11+ and retry"; exit 1; }
	$(PYTHON) -m venv .venv
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	@touch $@

.venv-checkov/.stamp: requirements-checkov.txt constraints-checkov.txt
	$(PYTHON) -m venv .venv-checkov
	$(CHECKOV_PY) -m pip install --quiet --disable-pip-version-check -r requirements-checkov.txt -c constraints-checkov.txt
	@touch $@

node_modules/.stamp: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: install Node.js 20+ (for cdktf-cli) and retry"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

tfrc: .venv/.stamp
	@$(PY) -m tools.tfrc >/dev/null

setup: .venv/.stamp .venv-checkov/.stamp node_modules/.stamp tfrc  ## install everything (venvs, cdktf-cli)

deploy: .venv/.stamp tfrc  ## deploy every AWS stack of ENV (default local: starts the emulator)
	$(PY) -m tools.deploy deploy --env $(ENV)

destroy: .venv/.stamp tfrc  ## destroy every AWS stack of ENV, in reverse order
	$(PY) -m tools.deploy destroy --env $(ENV)

plan: .venv/.stamp tfrc  ## terraform plan of every AWS stack of ENV (saved as plan.tfplan per stack)
	$(PY) -m tools.deploy plan --env $(ENV)

synth: .venv/.stamp node_modules/.stamp  ## synthesize all environments into cdktf.out/ with the cdktf CLI
	cdktf synth

test: .venv/.stamp .venv-checkov/.stamp tfrc lint  ## lint, then every test tier: unit, config, validate, policy, emulator
	$(PY) -m pytest

lint: .venv/.stamp  ## ruff + mypy (strict)
	$(PY) -m ruff check .
	$(PY) -m mypy

bench: .venv/.stamp  ## synth time and peak memory of all environments vs. importing the providers
	$(PY) -m tools.bench

emulator-start: .venv/.stamp  ## start the AWS emulator on 127.0.0.1 (EMULATOR_PORT, default 4566)
	$(PY) -m tools.emulator start

emulator-stop: .venv/.stamp  ## stop the emulator this project started (pid file), nothing else
	$(PY) -m tools.emulator stop

clean:  ## remove synthesized output and caches (keeps venvs and local state files)
	rm -rf cdktf.out .pytest_cache .mypy_cache .ruff_cache .bench
