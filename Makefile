# Two commands for a new user: `make demo` runs the sandbox, `make test` runs every test.
# Each installs what it needs on first use (idempotently) and reuses it afterwards.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test unit setup browser lint typecheck check clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed for the app: set PYTHON=/path/to/python3.11")'
	@echo "Installing the app's environment into $(VENV)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)
	@$(BIN)/mm setup

demo: setup
	@$(BIN)/mm demo

# The browser tests drive Debian's chromium (Playwright never downloads browsers here).
browser:
	@command -v chromium >/dev/null || { \
	  echo "Installing Chromium for the browser tests (apt-get install chromium)"; \
	  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) \
	  || { echo "Could not install Chromium: run 'sudo apt-get install chromium' (or set MM_CHROMIUM to a Chromium binary) and retry" >&2; exit 1; }; }

test: setup browser
	@$(BIN)/pytest

# The unit tests alone (no PostgreSQL, Redis, Rasa or browser): under a minute.
unit: $(STAMP)
	@$(BIN)/pytest tests/unit -q

lint: $(STAMP)
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .

# Strict on vocabulary/, matching/, runtime/ and introductions/; the default elsewhere
# (pyproject.toml, [tool.mypy]).
typecheck: $(STAMP)
	@$(BIN)/mypy

# What CI runs before the tests: lint, types, and the layers (tests/unit/test_layers.py).
check: lint typecheck
	@$(BIN)/pytest -q tests/unit/test_layers.py tests/unit/test_vocabulary.py

clean:
	rm -rf $(VENV) var

# Every benchmark (Rasa turns ours vs Rasa's default, the gateway under load, the matcher)
# -> docs/benchmarks.md. Needs PostgreSQL and Redis like `make test`; the first run trains
# Rasa's default pipeline (several minutes, cached). Reports only: slow figures never fail.
.PHONY: bench bench-smoke
bench: setup
	@$(BIN)/python -m benchmarks

bench-smoke: setup
	@$(BIN)/python -m benchmarks --smoke --out var/benchmarks-smoke.md
