# Beteiligung: `make run` serves the demo, `make test` runs every check.
# Both set up everything they need on a fresh machine, and nothing twice.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TRANSLATIONS := src/beteiligung/translations
MO_FILES := $(patsubst %.po,%.mo,$(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po))
HTMX := static/vendor/htmx.min.js
DEMO_ENV := BETEILIGUNG_DEMO=true
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
CHROMIUM ?= /usr/bin/chromium

.PHONY: setup run test lint fmt typecheck pytest browser-deps screenshots bench bench-surveys bench-abuse messages clean

setup: $(STAMP) $(HTMX) $(MO_FILES)

$(STAMP): requirements-dev.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(HTMX): node_modules/.package-lock.json
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js $@

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@ --statistics

run: setup
	$(DEMO_ENV) $(BIN)/beteiligung migrate
	$(DEMO_ENV) $(BIN)/beteiligung seed-demo
	$(DEMO_ENV) $(BIN)/beteiligung serve

# Debian's chromium for the browser tests; nothing downloads a browser of its own.
browser-deps:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; }

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

fmt: setup
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

typecheck: setup
	$(BIN)/mypy

pytest: setup browser-deps
	BETEILIGUNG_TEST_POSTGRES_URL=$(PG_TEST_URL) CHROMIUM=$(CHROMIUM) $(BIN)/pytest -n auto $(PYTEST_ARGS)

test: lint typecheck pytest

# Extract the German UI texts and update the English catalogue.
messages: setup
	$(BIN)/pybabel extract -F babel.cfg -k lazy -o $(TRANSLATIONS)/messages.pot --no-location --sort-output src templates
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete

screenshots: setup browser-deps
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m tests.screenshots docs/screenshots

bench: setup
	$(BIN)/python bench/pages.py

# Survey page and complete submissions (SQLite and PostgreSQL at 127.0.0.1:5432, database test).
bench-surveys: setup
	$(BIN)/python bench/surveys.py

# Floods, races and limits (issue 10): SQLite with 1 worker, PostgreSQL with 2; about 3 minutes.
bench-abuse: setup
	$(BIN)/python bench/abuse.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules static/vendor .pytest_cache .mypy_cache .ruff_cache
	find $(TRANSLATIONS) -name '*.mo' -delete
