# Mend: `make run` serves the demo (with its worker beside it), `make test` runs every test. Both set everything up.
SHELL := /bin/bash
# The newest Python Mend supports (3.11 to 3.13) that this machine has; override with PYTHON=.
PYTHON ?= $(shell for py in python3.13 python3.12 python3.11 python3; do \
  $$py -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' 2>/dev/null \
  && command -v $$py && break; done)
VENV ?= .venv
BIN := $(VENV)/bin
MEND_DATA_DIR ?= $(CURDIR)/var
export MEND_DATA_DIR
# pytest workers: one per core (the machine has two); override with `make test WORKERS=1`.
WORKERS ?= auto

.PHONY: run test lint pytest bench chromium system-deps clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Mend needs Python 3.11, 3.12 or 3.13 (python3.x on PATH)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the project's metadata changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

# Shared libraries WeasyPrint needs for PDF reports, and Debian's chromium for browser tests.
system-deps:
	@missing=""; \
	for lib in libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz.so.0; do \
	  ldconfig -p | grep -q "$$lib" || missing=yes; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing the libraries PDF reports need (pango)…"; \
	  apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core >/dev/null; \
	fi

chromium:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests…"; \
	  apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

run: $(VENV)/.installed system-deps
	$(BIN)/mend migrate --noinput -v0
	$(BIN)/mend demo --if-empty
	@echo "Mend is at http://127.0.0.1:8000 (data in $(MEND_DATA_DIR)); the worker runs beside it"
	@# The worker (reminders, notifications, digests) stops when the server stops.
	$(BIN)/mend worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; $(BIN)/mend serve

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/mend makemigrations --check --dry-run -v0

pytest: $(VENV)/.installed-test chromium system-deps
	$(BIN)/pytest -n $(WORKERS) -p no:cacheprovider

test: lint pytest

# On PostgreSQL (DATABASE_URL), the scale path, the caseload benchmark runs at practice scale
# (10,000 spaces, 50 counsellors: a few minutes to build); on SQLite at its default 300 spaces.
bench: $(VENV)/.installed-test system-deps
	@for b in benchmarks/bench_*.py; do echo "== $$b"; args=; \
	  case $$b in *bench_care.py) case "$$DATABASE_URL" in postgres*) args=--full;; \
	    *) echo "(practice scale, --full, runs on PostgreSQL: DATABASE_URL=postgres://… make bench)";; \
	  esac;; esac; \
	  $(BIN)/python $$b $$args || exit 1; done

clean:
	rm -rf $(VENV) build src/*.egg-info
