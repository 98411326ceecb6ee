# Platskraft: `make run` starts the platform with demo data; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
SHARED_DATA ?= $(abspath ../shared/data)
BOUNDARIES := $(SHARED_DATA)/kommuner/okfse_swedish_municipalities.geojson
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test lint contracts unit bench static migrate demo messages chromium clean

$(BIN)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static: $(BIN)/.installed node_modules/.installed
	$(BIN)/platskraft compile_catalogues
	$(BIN)/platskraft collectstatic --noinput --verbosity 0

migrate: $(BIN)/.installed
	$(BIN)/platskraft migrate --noinput --verbosity 0

demo: migrate
	@if [ -f "$(BOUNDARIES)" ]; then $(BIN)/platskraft import-boundaries "$(BOUNDARIES)" --simplify 0.0005; \
	 else echo "Boundaries not imported: $(BOUNDARIES) not found (maps show the centre point only)."; fi
	$(BIN)/platskraft demo

run: static demo
	@echo "Platskraft is served on http://127.0.0.1:$(PORT)/  (stop with Ctrl-C)"
	$(BIN)/platskraft serve $(PORT)

chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests ..."; \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)); \
	  else \
	    echo "The browser tests need Debian's Chromium at $(CHROMIUM)."; \
	    echo "Install it with: sudo apt-get install chromium   (or set CHROMIUM=/path/to/chromium)"; \
	    exit 1; \
	  fi; \
	fi

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

contracts: $(BIN)/.installed
	$(BIN)/lint-imports

test: lint contracts static chromium
	PLATSKRAFT_CHROMIUM=$(CHROMIUM) PLATSKRAFT_REQUIRE_BROWSER=1 PLATSKRAFT_SHARED_DATA=$(SHARED_DATA) \
	  $(BIN)/pytest

bench: static migrate
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

messages: $(BIN)/.installed
	$(BIN)/platskraft makemessages -l sv -l en --no-obsolete --no-location \
	  --ignore 'node_modules/*' --ignore 'var/*' --ignore 'tests/*' --ignore '*/tests/*' --ignore 'bench/*'
	$(BIN)/platskraft compile_catalogues

clean:
	rm -rf $(VENV) node_modules var
