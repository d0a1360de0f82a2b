# Two commands on a fresh machine (Python 3.11+ with venv):
#   make run    serve the demo on http://127.0.0.1:5000
#   make test   run every test
# Installs happen again only when pyproject.toml (or, for the test tools from
# npm, package-lock.json) changes: stamp files in .venv and node_modules.

PYTHON ?= python3
VENV ?= .venv
HOST ?= 127.0.0.1
PORT ?= 5000
# make serve: gunicorn worker processes (several need PostgreSQL, see README).
WORKERS ?= 2
# Extra pytest arguments, e.g. make test PYTEST_ARGS='-m "not browser"'
PYTEST_ARGS ?=

BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app jdih
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
# axe-core for the accessibility tests, from package-lock.json (npm ci).
NODE_STAMP := node_modules/.installed
CONFIG := instance/config.py

.DEFAULT_GOAL := help
.PHONY: help run serve test install install-test

help:
	@echo "make run    create .venv, install, migrate, load the demo, serve on http://$(HOST):$(PORT)"
	@echo "make serve  production on one machine: migrate, gunicorn (WORKERS=$(WORKERS)) and the background worker"
	@echo "make test   create .venv, install with the test extra, run all tests"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

# npm ci empties node_modules first, so the stamp inside it goes too.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "make test needs npm for axe-core: apt-get install nodejs npm"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

install: $(RUN_STAMP)
install-test: $(TEST_STAMP) $(NODE_STAMP)

# A development configuration, written once and never overwritten: a random
# secret key, and cookies allowed over plain http (the dev server has no TLS).
$(CONFIG): | $(BIN)/python
	@mkdir -p instance
	@umask 077 && $(BIN)/python -c 'import secrets; print( \
		"# Written by make run for local development. Not for production.\n" \
		f"SECRET_KEY = {secrets.token_hex(32)!r}\n" \
		"# The development server speaks plain http, so cookies cannot be Secure.\n" \
		"SESSION_COOKIE_SECURE = False\nREMEMBER_COOKIE_SECURE = False")' > $@.tmp
	@mv $@.tmp $@
	@echo "Wrote $@ with a new SECRET_KEY."

# Development runs background jobs inline (TASKS_IMMEDIATE): one process,
# no worker to start; an import simply answers when it is done.
run: export JDIH_TASKS_IMMEDIATE = true
run: $(RUN_STAMP) $(CONFIG)
	$(FLASK) db upgrade
	$(FLASK) demo load
	$(FLASK) run --host $(HOST) --port $(PORT)

# Production on one machine: needs JDIH_SECRET_KEY (and JDIH_DATABASE_URL,
# JDIH_REDIS_URL); see README "Production". Stops both on Ctrl+C or SIGTERM.
serve: $(RUN_STAMP)
	ALLOW_SQLITE_WORKERS=$(ALLOW_SQLITE_WORKERS) $(BIN)/python -m jdih.serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

test: $(TEST_STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)
