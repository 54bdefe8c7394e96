# Two commands on a fresh machine that has only Python:
#   make run   -> installs into .venv on first use, runs the example district end to end
#   make test  -> installs into .venv (with test tools) on first use, runs lint and the tests
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
EXAMPLE ?= examples/quang-dien-2021

.PHONY: run test lint format install bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	touch $@

install: $(VENV)/.installed

# Exit 1 means "the job ran; errors block publication": the example plants such errors.
run: install
	$(BIN)/par-index run $(EXAMPLE) || [ $$? -eq 1 ]

test: install
	$(BIN)/ruff check par_index tests benchmarks scripts examples
	$(BIN)/ruff format --check par_index tests benchmarks scripts examples
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check par_index tests benchmarks scripts examples

format: install
	$(BIN)/ruff format par_index tests benchmarks scripts examples
	$(BIN)/ruff check --fix par_index tests benchmarks scripts examples

bench: install
	$(BIN)/python benchmarks/pipeline.py

clean:
	rm -rf $(VENV) build dist *.egg-info
