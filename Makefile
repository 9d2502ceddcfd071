# The README's commands. Each target sets up what it needs itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: preview test build check lint browser-deps clean

$(BIN)/chronicle: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test]"
	$(BIN)/python -m compileall -q src  # bytecode even where PYTHONDONTWRITEBYTECODE is set: ~70 ms less per command
	touch $(BIN)/chronicle

## make preview: set up, build, serve on http://127.0.0.1:8000 with live reload
preview: $(BIN)/chronicle
	$(BIN)/chronicle serve --host 127.0.0.1 --port 8000

build: $(BIN)/chronicle
	$(BIN)/chronicle build

check: $(BIN)/chronicle
	$(BIN)/chronicle check

lint: $(BIN)/chronicle
	$(BIN)/ruff check src tests bench tools

# Chromium and CJK fonts from Debian, vnu-jar from npm. Never `playwright install`.
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "chromium missing and cannot apt-get install it; browser tests will skip (or fail with REQUIRE_BROWSER=1)"; fi; \
	fi
	@if [ ! -d node_modules/vnu-jar ]; then npm install --no-audit --no-fund --silent; fi

## make test: set up everything and run the whole suite, browser tests included
test: $(BIN)/chronicle browser-deps
	$(BIN)/ruff check src tests bench tools
	$(BIN)/python -m pytest -q

clean:
	rm -rf site .site-* .pytest_cache
