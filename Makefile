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

run: $(VENV)/.installed
	$(BIN)/caseterm demo

test: lint typecheck
	$(BIN)/pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check caseterm tests docs
	$(BIN)/ruff format --check caseterm tests docs
	$(BIN)/lint-imports --no-logo

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

bench: $(VENV)/.installed
	$(BIN)/python -m caseterm.bench

screenshots: $(VENV)/.installed
	$(BIN)/python docs/screenshots.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
