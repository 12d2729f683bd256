# Two entry points on a fresh machine with python3 and make:
#   make run   - set up .venv, build the graph into the embedded store, print a summary
#   make test  - set up .venv with the test extras and run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test build validate view browser benchmark clean

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/kg

run: $(BIN)/kg
	$(BIN)/kg build
	$(BIN)/kg stats
	$(BIN)/kg view -o build/report.html --force --open

build: $(BIN)/kg
	$(BIN)/kg build

validate: $(BIN)/kg
	$(BIN)/kg validate

view: $(BIN)/kg
	$(BIN)/kg view -o build/report.html --force --open

# The browser tests drive Debian's chromium (Playwright's Python package, pointed at
# /usr/bin/chromium); install it where it is missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: $(BIN)/kg browser
	$(BIN)/python -m pytest

# Time-to-interactive of the whole-graph page; CJK fonts make its screenshot readable.
benchmark: $(BIN)/kg browser
	@fc-list 2>/dev/null | grep -qi "cjk" || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq fonts-noto-cjk >/dev/null; }
	$(BIN)/kg build
	$(BIN)/python benchmarks/view_tti.py

clean:
	rm -rf build $(VENV)
