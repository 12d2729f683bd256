# Two entry points on a fresh machine with python3 and make:
#   make run   - set up .venv, build the graph into the embedded store, serve it (Ctrl-C stops)
#   make test  - set up .venv with the test extras and run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test build validate view browser virtuoso js benchmark screenshots fonts clean dist shell

$(BIN)/kg: pyproject.toml setup.py
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

# The second engine's tests (tests/test_virtuoso.py) start Debian's Virtuoso Open Source 7 on
# 127.0.0.1; install it where it is missing.
virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq virtuoso-opensource-7-bin >/dev/null; }

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

test: $(BIN)/kg browser virtuoso $(JS_READERS)
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

# The README's pictures of the page and of kg serve's pages: docs/screenshots/*.png, desktop
# and phone.
screenshots: $(BIN)/kg browser fonts
	$(BIN)/kg build
	$(BIN)/python benchmarks/screenshots.py
	$(BIN)/python benchmarks/serve_screenshots.py

clean:
	rm -rf build dist $(VENV) tests/js/node_modules

# The sdist and the wheel a user installs (pipx install dist/csr_kg-*.whl): the wheel is built
# from the sdist, which carries data/ and ontology/ (MANIFEST.in); setup.py puts them in it.
dist: $(BIN)/kg
	rm -rf dist
	$(BIN)/python -m build --no-isolation --outdir dist .

# A shell with .venv's kg on the PATH (the same as 'source .venv/bin/activate'); exit leaves it.
shell: $(BIN)/kg
	@echo "kg is on the PATH in this shell; 'exit' leaves it"
	@VIRTUAL_ENV="$(CURDIR)/$(VENV)" PATH="$(CURDIR)/$(BIN):$$PATH" $${SHELL:-/bin/sh} -i

# The JavaScript kg serve ships (YASGUI for /editor): downloaded from the npm registry at the
# version and sha512 integrity pinned in scripts/vendor_js.py, into kg/serve/static/vendor/
# (committed; kg serve never downloads at run time). Run it only to change the version.
.PHONY: vendor
vendor:
	$(PYTHON) scripts/vendor_js.py
