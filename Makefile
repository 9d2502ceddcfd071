# The README's commands. Each target sets up what it needs itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: preview test build check translations lint browser-deps clean

# What the site needs to build and be previewed: the package and its dependencies, and Pagefind from npm
# (PyPI's lags: 1.6 segments Chinese as the browser does), nothing for tests.
$(VENV)/.runtime: pyproject.toml package.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	$(BIN)/python -m compileall -q src  # bytecode even where PYTHONDONTWRITEBYTECODE is set
	npm install --omit=dev --no-audit --no-fund --silent
	touch $@

# The test tools on top: pytest, hypothesis, Playwright, axe, ruff.
$(VENV)/.test: $(VENV)/.runtime
	$(BIN)/pip install -q -e ".[test]"
	touch $@

## make preview: set up, build, serve on http://127.0.0.1:8000 with live reload
preview: $(VENV)/.runtime
	$(BIN)/chronicle serve --host 127.0.0.1 --port 8000

build: $(VENV)/.runtime
	$(BIN)/chronicle build

check: $(VENV)/.runtime
	$(BIN)/chronicle check

translations: $(VENV)/.runtime
	$(BIN)/chronicle translations

lint: $(VENV)/.test
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
test: $(VENV)/.test browser-deps
	$(BIN)/ruff check src tests bench tools
	$(BIN)/python -m pytest -q

clean:
	rm -rf site .site-* .pytest_cache
