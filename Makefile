# Immigo — one entry point for developers and CI. `make` lists the targets.
#
# Overridable:  VENV (virtual environment, default .venv), PYTHON (interpreter used to create it),
#               PG_URL (database for test-pg), PYTEST_ARGS (extra pytest arguments),
#               HOST / PORT (make run), DEV=1 (make run with runserver instead of gunicorn).

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=
HOST ?= 127.0.0.1
PORT ?= 8000
DEV ?= 0

STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: help install system-deps run test test-pg lint check fmt bench messages clean distclean

help: ## list the targets
	@echo "Usage: make <target> [VENV=.venv] [PYTEST_ARGS=...]"
	@echo
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-11s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

install: system-deps $(STAMP) $(NODE_STAMP) ## create the virtualenv, install Python (.[dev]) and npm (axe-core) dependencies

system-deps: ## apt-install chromium, fonts, gettext, poppler, wrk when missing (no-op otherwise)
	@scripts/install-system-deps --check || scripts/install-system-deps

# Re-installs only when pyproject.toml is newer than the stamp.
$(STAMP): pyproject.toml
	@if ! "$(PY)" -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null; then \
		python=$$(scripts/find-python) || exit 1; \
		echo "Creating $(VENV) with $$python"; \
		"$$python" -m venv --clear "$(VENV)"; \
	fi
	$(PIP) install --quiet -U pip
	$(PIP) install -e '.[dev]'
	@touch "$@"

$(NODE_STAMP): package.json $(wildcard package-lock.json)
	@command -v npm >/dev/null || { echo "npm not found: run scripts/install-system-deps" >&2; exit 1; }
	@if [ -f package-lock.json ]; then echo "npm ci"; npm ci --no-audit --no-fund; \
	else echo "npm install"; npm install --no-audit --no-fund; fi
	@touch "$@"

run: install ## migrate, load demo data, then serve on http://127.0.0.1:8000 (HOST, PORT) with the worker and scheduler (DEV=1: runserver)
	VENV="$(VENV)" HOST="$(HOST)" PORT="$(PORT)" DEV="$(DEV)" scripts/run-local

test: install ## the whole test suite, browser tests included (PostgreSQL when DATABASE_URL is set)
	$(VENV)/bin/pytest -n auto $(PYTEST_ARGS)

test-pg: ## the whole test suite on PostgreSQL (PG_URL, default postgres://postgres@127.0.0.1:5432/test)
	@scripts/ensure-postgres "$(PG_URL)"
	DATABASE_URL="$(PG_URL)" $(MAKE) --no-print-directory test

lint: install ## static checks only: format, lint, types, migrations, system checks, deploy checks
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy immigo config
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	ALLOWED_HOSTS=immigo.example \
	$(PY) manage.py check --deploy --fail-level WARNING

check: lint ## everything CI checks: lint, then the whole test suite
	$(MAKE) --no-print-directory test

fmt: install ## format the code and apply safe lint fixes
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install ## run every bench/*.py (not bench/_*.py); each must end with a RESULT line
	VENV="$(VENV)" scripts/run-bench

messages: install ## update every catalogue (project and apps) in the ten languages, then compile them
	PY="$(PY)" scripts/messages

clean: ## remove caches and build output (keeps .venv, node_modules and the data in var/)
	rm -rf staticfiles out build .pytest_cache .mypy_cache .ruff_cache ./*.egg-info
	find . \( -path ./.venv -o -path ./node_modules \) -prune -o -type d -name __pycache__ -exec rm -rf {} +
	rm -f "$(STAMP)" "$(NODE_STAMP)"

distclean: clean ## also remove the virtualenv and node_modules
	rm -rf "$(VENV)" node_modules
