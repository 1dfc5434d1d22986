# 双随机监管平台 — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export SSJ_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test lint bench mutation planted install install-dev serve demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## run: install, migrate the database, load the 栾川县 demo data when empty, serve :8000
run: install
	$(BIN)/shuangsuiji migrate --no-input
	$(BIN)/shuangsuiji demo --if-empty
	$(BIN)/shuangsuiji serve --host 127.0.0.1 --port 8000

## demo: load the demo data (idempotent); serve: serve :8000 without touching the data
demo: install
	$(BIN)/shuangsuiji migrate --no-input
	$(BIN)/shuangsuiji demo

serve: install
	$(BIN)/shuangsuiji serve --host 127.0.0.1 --port 8000

## test: install with the test tools and run the whole suite, one worker per core (pytest-xdist;
## TEST_WORKERS=0 runs in this process), in random order (pytest-randomly prints the seed).
## Files go to workers in pytest-django's order (--no-loadscope-reorder): transactional tests
## flush the migrated reference rows, so they must come after every ordinary database test.
TEST_WORKERS ?= auto
test: install-dev
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

## lint: ruff (lint + format check) and mypy with django-stubs
lint: install-dev
	$(BIN)/ruff check src tests bench mutation
	$(BIN)/ruff format --check src tests bench mutation
	$(BIN)/mypy

## bench: benchmarks in bench/, results in var/bench/results.json
bench: install-dev
	$(BIN)/python -m bench

## mutation: mutmut on each core module against its own tests (mutation/modules.toml), one
## worker; scores and surviving mutants in var/mutation/. MUTATION_ARGS="uscc calendar" picks
## modules; "--changed-since REV --budget 600" only those changed since REV, time-bounded.
mutation: install-dev
	$(BIN)/python -m mutation $(MUTATION_ARGS)

## planted: plant each bug of mutation/planted.toml in a copy of the source, one at a time, and
## check that a test fails; report in var/mutation/planted.txt. PLANTED_ARGS="id ..." picks bugs.
planted: install-dev
	$(BIN)/python -m mutation.planted $(PLANTED_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
