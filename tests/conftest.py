"""Shared fixtures: the real report built once per test session into a temporary store."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

# shared helpers of several test files (tests/helpers/*.py), importable by their module name
sys.path.insert(0, str(Path(__file__).parent / "helpers"))

from kg.build import build
from kg.paths import DATA_DIR, ONTOLOGY_DIR, report_dirs
from kg.store import OxigraphStore, RdflibStore

FIXTURES = Path(__file__).parent / "fixtures"


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright, one for the whole session: the page tests
    (tests/browser/) and the editor's (test_serve_editor.py) share it, as Playwright's sync
    API runs once per thread."""
    if not Path(CHROMIUM).exists():
        pytest.fail("no chromium: 'make test' installs Debian's chromium before the tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The real report built with SHACL into a temporary store and dump folder."""
    out = tmp_path_factory.mktemp("built")
    return build(report_dirs(DATA_DIR), out / "store", out, ONTOLOGY_DIR, shacl=True)


@pytest.fixture(scope="session")
def store(built):
    """The embedded Oxigraph store of the real report."""
    return OxigraphStore(built.store)


@pytest.fixture(scope="session")
def oxigraph_endpoint(tmp_path_factory, built):
    """The query URL of a real ``oxigraph serve`` on 127.0.0.1, filled by ``kg push`` with
    the built dumps; the tests that use it only read (test_endpoint.py has its own, which
    it pushes to again)."""
    from oxigraph_server import Server

    from kg.endpoint import push

    server = Server(tmp_path_factory.mktemp("oxigraph-endpoint"))
    push(built.dumps, gsp=f"{server.base}/store")
    yield f"{server.base}/query"
    server.stop()


@pytest.fixture(scope="session")
def memory_store(built):
    """The same graph in the in-memory rdflib engine, loaded from the TriG dump."""
    return RdflibStore(trig=built.dumps[0])


class CaptureServer:
    """A real HTTP server on 127.0.0.1 that counts every request it gets and answers one
    SPARQL JSON row (or one triple), as a remote endpoint or graph would: 0 is the pass."""

    def __init__(self):
        import http.server
        import threading

        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self):
                server.requests.append((self.command, self.path, dict(self.headers)))
                data = (b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":'
                        b'"literal","value":"from-remote"}}]}}')
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _answer

        self.requests: list = []
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def count(self) -> int:
        return len(self.requests)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def capture():
    """A request-counting server on 127.0.0.1 (see CaptureServer)."""
    server = CaptureServer()
    yield server
    server.close()


@pytest.fixture(scope="session")
def zh(store):
    """IRI -> Chinese label, for every labelled node of the graph."""
    rows = store.select("SELECT ?x ?l WHERE { ?x rdfs:label ?l FILTER(LANG(?l) = 'zh') }")
    return {str(r["x"]): str(r["l"]) for r in rows}
