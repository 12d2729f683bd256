# Two entry points on a fresh machine with python3 and make:
#   make run   - set up .venv, build the graph into the embedded store, print a summary
#   make test  - set up .venv with the test extras and run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test build validate clean

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/kg

run: $(BIN)/kg
	$(BIN)/kg build
	$(BIN)/kg stats

build: $(BIN)/kg
	$(BIN)/kg build

validate: $(BIN)/kg
	$(BIN)/kg validate

test: $(BIN)/kg
	$(BIN)/python -m pytest

clean:
	rm -rf build $(VENV)
