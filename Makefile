# MyJob data platform. `make demo` runs the scraping pipeline on embedded defaults; `make test` runs the tests.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PIP_QUIET := --quiet --disable-pip-version-check

export AIRFLOW_HOME := $(CURDIR)/.airflow
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION := True
export MYJOB_HOME ?= $(CURDIR)/.myjob
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: demo test up bench lint typecheck airflow-init lock clean help
help:
	@echo "make demo   - install, prepare Airflow, run job_scraping_daily on embedded defaults, print a summary"
	@echo "make test   - install test tools and run the whole test suite"
	@echo "make up     - airflow standalone on http://localhost:8080"
	@echo "make bench  - benchmarks that print figures and ratios"
	@echo "make lint   - ruff (with Airflow AIR rules) and mypy"

# pip's output goes to $(VENV)/install.log; on failure its end is shown.
PIP_INSTALL = $(BIN)/pip install $(PIP_QUIET)
define logged
	@echo "$(1)"
	@$(2) >> $(VENV)/install.log 2>&1 || (tail -40 $(VENV)/install.log; exit 1)
endef

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(call logged,upgrading pip,$(PIP_INSTALL) --upgrade pip)

$(VENV)/.runtime: requirements.lock pyproject.toml | $(BIN)/python
	$(call logged,installing the locked runtime dependencies (log: $(VENV)/install.log),$(PIP_INSTALL) -r requirements.lock)
	$(call logged,installing myjob,$(PIP_INSTALL) --no-deps -e .)
	$(BIN)/python -c "import airflow.sdk, myjob" && touch $@

$(VENV)/.dev: requirements-dev.lock $(VENV)/.runtime
	$(call logged,installing the locked test tools,$(PIP_INSTALL) -r requirements-dev.lock)
	$(BIN)/python -c "import pytest, ruff, mypy, datasketch" && touch $@

airflow-init: $(VENV)/.runtime
	@mkdir -p $(AIRFLOW_HOME) $(MYJOB_HOME)
	$(BIN)/airflow db migrate > $(AIRFLOW_HOME)/db-migrate.log 2>&1 || (cat $(AIRFLOW_HOME)/db-migrate.log; exit 1)
	$(BIN)/myjob pools --json > $(AIRFLOW_HOME)/pools.json
	$(BIN)/airflow pools import $(AIRFLOW_HOME)/pools.json > /dev/null
	$(BIN)/myjob init

demo: airflow-init
	$(BIN)/myjob demo

test: $(VENV)/.dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

up: airflow-init
	@echo "Airflow UI on http://localhost:8080 ; the admin password is printed below and kept in"
	@echo "$(AIRFLOW_HOME)/simple_auth_manager_passwords.json.generated"
	$(BIN)/airflow standalone

bench: $(VENV)/.dev
	$(BIN)/python -m benchmarks

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check src dags tests benchmarks
	$(BIN)/mypy

lock:  # UPGRADE=1 re-resolves every package; by default pinned versions stay
	PYTHON=$(PYTHON) bash scripts/lock.sh

clean:
	rm -rf $(VENV) $(AIRFLOW_HOME) $(MYJOB_HOME)
