# EnrollFlow — the two commands a new user needs are `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export DAGSTER_HOME ?= $(CURDIR)/data/dagster
export ENROLLFLOW_DATA_DIR ?= $(CURDIR)/data
export DO_NOT_TRACK := 1
# the venv's tools (dbt, dagster) first, so targets work without an activated venv
export PATH := $(CURDIR)/$(BIN):$(PATH)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: help venv demo test test-slow test-all coverage ui studio bench lint format clean notebooks docs staging

help:
	@echo "make demo   simulate a business, run the whole pipeline and a campaign, write a report"
	@echo "make test   run the test suite with branch coverage (all but the slow end-to-end suites, ~17 min)"
	@echo "make test-slow  the slow end-to-end suites (CI runs both)"
	@echo "make ui     open the Dagster UI (dg dev, http://127.0.0.1:3000; UI_PORT=... for another port)"
	@echo "make studio open the Campaign Studio (http://127.0.0.1:8000)"
	@echo "make bench  run the benchmarks at scale (1M contacts, ~50M events)"
	@echo "make notebooks  JupyterLab on http://127.0.0.1:8888 over notebooks/ (reads the warehouse snapshot)"
	@echo "make docs   dbt docs (models, columns, lineage) on http://127.0.0.1:8080"
	@echo "make staging  the production shape: Dagster webserver + daemon on Postgres, webhooks app, studio"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Reinstall only when the project's dependency files change.
$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install -q -c constraints.txt -e ".[dev]" --config-settings editable_mode=compat
	@touch $(STAMP)

venv: $(STAMP)

NB_STAMP := $(VENV)/.notebooks
$(NB_STAMP): $(STAMP)
	$(BIN)/pip install -q -c constraints.txt -e ".[dev,notebooks]" --config-settings editable_mode=compat
	@touch $(NB_STAMP)

# the local instance's dagster.yaml (orchestration/local_instance.py): Dagster's SQLite files with
# the cheaper event log; run on every call so an older telemetry-only file is brought up to date
.PHONY: dagster-home
dagster-home: $(STAMP)
	@$(BIN)/python -m orchestration.local_instance $(DAGSTER_HOME) > /dev/null

demo: $(STAMP) dagster-home
	$(BIN)/enrollflow demo

# two workers (pytest-xdist), one test file each at a time: the suite's fixtures are per file or
# per worker, its databases uuid-named, its ports free ones. `make test` leaves out the end-to-end
# suites marked `slow` (whole dbt builds, the live loop, the soak, staging): `make test-slow` runs
# them, `make test-all` runs both, and CI (.ci/run) runs both.
# `make test` measures branch coverage as it runs (pytest-cov; `enrollflow` child processes too)
# and ends with a table per package (tools/coverage_by_package.py); it fails when a test fails or
# when a domain package (segments/, delivery/, ml/, enrollflow/) falls under its 90 % target.
# without the checkout's data/ (exported above for the demo and the UI): tests/conftest.py gives the
# session a fresh data directory, so a `make demo` beforehand changes no test's outcome
PYTEST := env -u ENROLLFLOW_DATA_DIR $(BIN)/python -m pytest -q -n 2 --dist loadfile
COVERED = --cov --cov-branch --cov-report= ; status=$$?; \
	$(BIN)/python tools/coverage_by_package.py --check || status=$$((status ? status : 1)); exit $$status
test: $(STAMP)
	@$(PYTEST) -m "not slow" $(COVERED)

test-slow: $(STAMP)
	$(PYTEST) -m slow

test-all: test test-slow

# the whole suite (slow suites included) with branch coverage, then a table per package
# (tools/coverage_by_package.py); the table is printed even when a test fails, and make then
# exits with pytest's status, or 1 when a domain package is under 90 %
coverage: $(STAMP)
	@$(PYTEST) $(COVERED)

# Dagster's project CLI (`dg dev`: [tool.dg] in pyproject.toml) with the project's venv named as
# the active one, as an activated shell would, and a warm dbt worker for the runs it starts
# (enrollflow/ui.py)
UI_PORT ?= 3000
ui: $(STAMP) dagster-home
	VIRTUAL_ENV=$(CURDIR)/$(VENV) $(BIN)/python -m enrollflow.ui -h 127.0.0.1 -p $(UI_PORT)

notebooks: $(NB_STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks --ip=127.0.0.1 --port=8888 --no-browser

# dbt docs from the readers' snapshot (never the pipeline's file, so a running job is not blocked)
DOCS_TARGET := $(CURDIR)/data/dbt-docs
docs: $(STAMP)
	cd dbt_project && ENROLLFLOW_WAREHOUSE_PATH=$(ENROLLFLOW_DATA_DIR)/warehouse.snapshot.duckdb \
	  $(CURDIR)/$(BIN)/dbt docs generate --profiles-dir . --target-path $(DOCS_TARGET) --quiet
	cd dbt_project && $(CURDIR)/$(BIN)/dbt docs serve --profiles-dir . --target-path $(DOCS_TARGET) \
	  --host 127.0.0.1 --port 8080 --no-browser

# the production shape as separate processes: Dagster webserver + daemon on a Postgres instance,
# the Postgres ops store, the webhooks app and the studio (deploy/staging.py; settings as in
# deploy/.env.example)
staging: $(STAMP)
	$(BIN)/python deploy/staging.py

studio: $(STAMP)
	$(BIN)/enrollflow studio --host 127.0.0.1 --port 8000

bench: $(STAMP)
	$(BIN)/python -m bench all

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

clean:
	rm -rf data dbt_project/target dbt_project/logs
