# Tandem: `make run` starts the app, `make test` runs every test. Both work on a fresh machine
# with Python 3.11+ and Node.js; PostgreSQL and Redis are embedded unless DATABASE_URL and
# REDIS_URL point at servers.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTHON_STAMP := $(VENV)/.requirements-installed
NODE_STAMP := node_modules/.package-lock-installed
ASSETS_STAMP := static/vendor/.built

.PHONY: run test lint check clean help bench backup restore load fuzz
.DEFAULT_GOAL := help

help:
	@echo "make run    start Tandem (web, worker, beat) at http://127.0.0.1:$${PORT:-8000}"
	@echo "make test   run the whole test suite, browser tests included"
	@echo "make lint   ruff, the import layers (import-linter) and the migrations check"
	@echo "make fuzz   schemathesis against every API operation as every role, 200 examples each (FUZZ_EXAMPLES)"
	@echo "make bench  generate a synthetic portfolio (SCALE=1) and print the metrics and export benchmarks"
	@echo "make load   locust against gunicorn (production settings) on loopback; LOAD_SCALE=1 adds a portfolio"
	@echo "make backup            write the database and uploaded files to backups/tandem-<date>.tar"
	@echo "make restore FILE=...  restore a backup into an empty database and verify it"

$(PYTHON_STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(ASSETS_STAMP): $(NODE_STAMP) scripts/build_assets.mjs
	npm run --silent build
	@touch $@

run: $(PYTHON_STAMP) $(ASSETS_STAMP)
	$(PY) scripts/stack.py run

# Two workers: the machines have two cores. Pass PYTEST_ARGS="-n0 -k ..." to run a few tests.
PYTEST_ARGS ?= -n 2

test: $(PYTHON_STAMP) $(ASSETS_STAMP)
	$(PY) scripts/stack.py exec -- $(PY) -m pytest $(PYTEST_ARGS)

# The long API fuzzing run: the suite generates 5 examples per operation and skips
# schemathesis' coverage phase, this generates FUZZ_EXAMPLES and adds it (tests/api/test_fuzz.py).
FUZZ_EXAMPLES ?= 200

fuzz: $(PYTHON_STAMP)
	$(PY) scripts/stack.py exec -- env FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_COVERAGE=1 $(PY) -m pytest $(PYTEST_ARGS) tests/api/test_fuzz.py

lint: $(PYTHON_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) scripts/stack.py exec -- env TANDEM_ENV=test $(PY) manage.py makemigrations --check --dry-run

# Use a database of its own: the benchmark adds a large synthetic portfolio (migrated first, so
# that an empty database will do).
bench: $(PYTHON_STAMP)
	$(PY) scripts/stack.py exec -- sh -c '$(PY) manage.py migrate --noinput -v 0 && CELERY_TASK_ALWAYS_EAGER=0 $(PY) manage.py bench --scale $${SCALE:-1} && $(PY) manage.py bench_exports'

# The demo (LOAD_SCALE=N adds generate_load's portfolio) in a database of its own, LOAD_DATABASE
# (tandem_load), on DATABASE_URL's server; writes test-artifacts/load/ and prints the summary.
load: $(PYTHON_STAMP) $(ASSETS_STAMP)
	$(PY) scripts/stack.py exec -- $(PY) scripts/load.py

# One dated file: pg_dump of the database, the uploaded files, a manifest to verify them.
BACKUP_DIR ?= backups

backup: $(PYTHON_STAMP)
	$(PY) scripts/stack.py exec -- $(PY) manage.py backup --output-dir $(BACKUP_DIR)

# Into an empty database only; RESTORE_ARGS="--clean --overwrite-media" replaces what is there.
restore: $(PYTHON_STAMP)
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/tandem-<date>.tar [RESTORE_ARGS=--clean]"; exit 2; }
	$(PY) scripts/stack.py exec -- $(PY) manage.py restore "$(FILE)" $(RESTORE_ARGS)

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles test-artifacts
