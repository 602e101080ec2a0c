# Tandem: `make run` starts the app, `make test` runs every test. Both work on a fresh machine
# with Python 3.11+ and Node.js; PostgreSQL and Redis are embedded unless DATABASE_URL and
# REDIS_URL point at servers.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTHON_STAMP := $(VENV)/.requirements-installed
NODE_STAMP := node_modules/.package-lock-installed
ASSETS_STAMP := static/vendor/.built

.PHONY: run test lint check clean help bench
.DEFAULT_GOAL := help

help:
	@echo "make run    start Tandem (web, worker, beat) at http://127.0.0.1:$${PORT:-8000}"
	@echo "make test   run the whole test suite, browser tests included"
	@echo "make lint   ruff and the migrations check"
	@echo "make bench  generate a synthetic portfolio (SCALE=1) and print the metrics and export benchmarks"

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

lint: $(PYTHON_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) scripts/stack.py exec -- env TANDEM_ENV=test $(PY) manage.py makemigrations --check --dry-run

# Use a database of its own: the benchmark adds a large synthetic portfolio.
bench: $(PYTHON_STAMP)
	$(PY) scripts/stack.py exec -- sh -c 'CELERY_TASK_ALWAYS_EAGER=0 $(PY) manage.py bench --scale $${SCALE:-1} && $(PY) manage.py bench_exports'

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles test-artifacts
