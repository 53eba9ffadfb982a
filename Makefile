# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint check bench clean

## Serve the archive with gunicorn on http://127.0.0.1:8000 (the Dockerfile runs the same command).
run: $(VENV)/.run-deps
	$(BIN)/gunicorn --config gunicorn.conf.py

## Install everything the tests need, lint, then run every test.
test: $(VENV)/.test-deps
	$(MAKE) lint
	$(BIN)/pytest

lint: $(VENV)/.test-deps
	$(BIN)/ruff check app tests bench
	$(BIN)/hadolint --failure-threshold style Dockerfile

## Load test: gunicorn as `make run` starts it, then behind nginx (64 connections, 60 s each; see bench/load.py).
bench: $(VENV)/.test-deps
	$(BIN)/python bench/load.py

## Validate the corpus without serving.
check: $(VENV)/.run-deps
	$(BIN)/flask --app app check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.run-deps: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
