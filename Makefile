# Two commands on a fresh machine: `make demo` (the main job on embedded SQLite Airflow, no API key)
# and `make test` (every tier). Each target creates the virtualenvs it needs from the pinned
# constraints, so nothing has to be installed by hand first.

PYTHON ?= python3.11
VENV := .venv
DBT_VENV := .venv-dbt
BIN := $(VENV)/bin
EXTRAS := slack,llm,spark,postgres,git,dev
PYTEST_ARGS ?=

.PHONY: help venv test test-unit test-integration test-e2e lint format bench eval demo config-table screenshots clean

help:
	@echo "make demo              run the example failures on an embedded Airflow and show the investigations"
	@echo "make test              every test tier (unit, integration, e2e)"
	@echo "make test-unit         fast tier: no DB, no network"
	@echo "make lint              ruff + mypy"
	@echo "make eval              accuracy over the labelled corpus and the public dev/test splits"
	@echo "make bench             benchmarks; ratios to a baseline measured in the same run"

$(BIN)/.installed: setup.cfg constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade "pip<27"
	$(BIN)/pip install -q -c constraints.txt -e ".[$(EXTRAS)]"
	touch $@

$(DBT_VENV)/.installed: constraints-dbt.txt
	test -x $(DBT_VENV)/bin/python || $(PYTHON) -m venv $(DBT_VENV)
	$(DBT_VENV)/bin/pip install -q -c constraints-dbt.txt "dbt-core<1.12" dbt-duckdb
	touch $@

# Debian's Chromium drives the browser tests (Playwright with executable_path); Java runs PySpark.
.chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -q chromium >/dev/null; \
	  else sudo apt-get install -y -q chromium >/dev/null; fi; }
	@touch $@

venv: $(BIN)/.installed $(DBT_VENV)/.installed .chromium

# pytest exits 5 when a selection collected nothing (e.g. `-m postgres` without tests): not a failure.
PYTEST = $(BIN)/pytest $(1) $(PYTEST_ARGS) || { rc=$$?; [ $$rc -eq 5 ] || exit $$rc; }

# One pytest session per tier: the unit tier locks the metadata DB away process-wide (see
# tests/unit/conftest.py), which must not leak into the tiers that use a real one.
test: venv
	$(call PYTEST,tests/unit)
	$(call PYTEST,tests/integration)
	$(call PYTEST,tests/e2e)

test-unit: $(BIN)/.installed
	$(call PYTEST,tests/unit)

test-integration: venv
	$(call PYTEST,tests/integration)

test-e2e: venv
	$(call PYTEST,tests/e2e)

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

eval: $(BIN)/.installed
	$(BIN)/python eval/run_eval.py

bench: venv
	$(BIN)/python benchmarks/run_all.py

demo: $(BIN)/.installed $(DBT_VENV)/.installed
	$(BIN)/python demo/run_demo.py

# The docs' screenshots are taken by the browser test, never by hand.
screenshots: venv
	PIPELINE_DEBUGGER_UPDATE_SCREENSHOTS=1 $(BIN)/pytest tests/e2e/ui $(PYTEST_ARGS)

config-table: $(BIN)/.installed
	$(BIN)/python scripts/config_table.py --update README.md

clean:
	rm -rf out build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache .chromium
