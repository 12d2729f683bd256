# Two entry points on a fresh machine with python3 and make:
#   make run   - set up .venv, build the graph into the embedded store, serve it (Ctrl-C stops)
#   make test  - set up .venv with the test extras and run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test build validate view browser js benchmark screenshots fonts clean

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/kg

run: $(BIN)/kg
	$(BIN)/kg build
	$(BIN)/kg stats
	$(BIN)/kg serve --open

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

# The export tests read GEXF, GraphML and Cytoscape.js JSON with the JavaScript readers those
# tools use (graphology's parsers, Cytoscape.js), run by node: the exact versions in
# tests/js/package-lock.json, installed by `npm ci` from the npm registry only, no install
# scripts. Needs node and npm (Debian: apt-get install nodejs npm).
JS_READERS := tests/js/node_modules/.package-lock.json

$(JS_READERS): tests/js/package.json tests/js/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "make test needs node and npm for tests/js (Debian: apt-get install nodejs npm)" >&2; \
	  exit 1; }
	cd tests/js && npm ci --ignore-scripts --no-audit --no-fund \
	  --registry=https://registry.npmjs.org/
	touch $@

js: $(JS_READERS)

test: $(BIN)/kg browser $(JS_READERS)
	$(BIN)/python -m pytest

# CJK fonts make the screenshots readable (Chinese labels are boxes without them).
fonts:
	@fc-list 2>/dev/null | grep -qi "cjk" || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq fonts-noto-cjk >/dev/null; }

# Time-to-interactive of the whole-graph page and the time of a focus change.
benchmark: $(BIN)/kg browser fonts
	$(BIN)/kg build
	$(BIN)/python benchmarks/view_tti.py

# The README's pictures of the page: docs/screenshots/*.png, desktop and phone.
screenshots: $(BIN)/kg browser fonts
	$(BIN)/kg build
	$(BIN)/python benchmarks/screenshots.py

clean:
	rm -rf build $(VENV) tests/js/node_modules

# The JavaScript kg serve ships (YASGUI for /editor): downloaded from the npm registry at the
# version and sha512 integrity pinned in scripts/vendor_js.py, into kg/serve/static/vendor/
# (committed; kg serve never downloads at run time). Run it only to change the version.
.PHONY: vendor
vendor:
	$(PYTHON) scripts/vendor_js.py
