# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP_FLAGS := --disable-pip-version-check --quiet

.PHONY: run test lint typecheck bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install $(PIP_FLAGS) --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install $(PIP_FLAGS) -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install $(PIP_FLAGS) -e '.[test]'
	touch $(VENV)/.installed $@

DEMO_DIR ?= $(or $(XDG_DATA_HOME),$(HOME)/.local/share)/caseterm/demo

# The demo lives in one folder and is reopened on the next run (work in it is kept).
run: $(VENV)/.installed
	@echo "Demo caseload: $(DEMO_DIR)"
	@echo "  (start fresh: rm -rf '$(DEMO_DIR)' && make run)"
	@if [ -f '$(DEMO_DIR)/caseterm.toml' ]; then \
		$(BIN)/caseterm -C '$(DEMO_DIR)'; \
	else \
		mkdir -p -m 700 '$(dir $(DEMO_DIR))' && $(BIN)/caseterm demo '$(DEMO_DIR)'; \
	fi

test: lint typecheck
	$(BIN)/pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check caseterm tests docs
	$(BIN)/ruff format --check caseterm tests docs
	$(BIN)/lint-imports --no-logo

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

bench: $(VENV)/.installed
	$(BIN)/python -m caseterm.bench --quick

screenshots: $(VENV)/.installed
	$(BIN)/python docs/screenshots.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
