# healthycity — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
STAMP := $(VENV)/.installed
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install run test test-fast lint fmt bench migrations messages clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(STAMP): requirements.lock pyproject.toml | $(BIN)/uv
	VIRTUAL_ENV=$(VENV) $(BIN)/uv pip sync --quiet requirements.lock
	VIRTUAL_ENV=$(VENV) $(BIN)/uv pip install --quiet --no-deps -e .
	touch $(STAMP)

## install: create .venv and install the locked dependencies (idempotent, instant when nothing changed)
install: $(STAMP)

## run: migrate the embedded SQLite database, build the demo city on first run, serve :8000
run: install
	HEALTHYCITY_DEMO=1 $(BIN)/healthycity runlocal

## test: install what tests need and run the whole suite
test: install
	bash scripts/test.sh

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

fmt: install
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

## bench: run every benchmark in benchmarks/ (each prints its ratio to a baseline run in the same process)
bench: install
	bash scripts/bench.sh

## messages: extract and compile translations: the project catalogue (src/healthycity/locale: templates/,
## core, accounts, places, citizens), then each feature app (and sub-app, e.g. policies/indicators) that
## has its own locale/ folder; an app's run skips its sub-apps that have their own
FEATURE_LOCALE_APPS := health equity aid partners feedback conference policies demo jobs missions
MSG_ENV := HEALTHYCITY_TESTING=1 HEALTHYCITY_VAR=$(CURDIR)/var DJANGO_SETTINGS_MODULE=healthycity.settings
MSG_IGNORE := $(foreach app,$(FEATURE_LOCALE_APPS),--ignore=$(app)) --ignore=static --ignore=var
messages: install
	cd src/healthycity && $(MSG_ENV) $(CURDIR)/$(BIN)/healthycity makemessages -l ko -l en --no-obsolete $(MSG_IGNORE)
	set -e; for dir in src/healthycity/*/locale src/healthycity/*/*/locale; do \
	  [ -d $$dir ] || continue; \
	  app=$$(dirname $$dir); \
	  sub_ignore=$$(for sub in $$app/*/locale; do [ -d $$sub ] && echo --ignore=$$(basename $$(dirname $$sub)); done; true); \
	  echo "== $$app"; \
	  (cd $$app && $(MSG_ENV) $(CURDIR)/$(BIN)/healthycity makemessages -l ko -l en --no-obsolete $$sub_ignore); \
	done
	cd src/healthycity && $(MSG_ENV) $(CURDIR)/$(BIN)/healthycity compilemessages

lock:
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock -q

clean:
	rm -rf $(VENV) var/test-artifacts
