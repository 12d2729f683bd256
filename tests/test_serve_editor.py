"""``/editor``: YASGUI, vendored, in a real Chromium against a real ``kg serve`` on 127.0.0.1,
with every request to any other host aborted and recorded; and ``scripts/vendor_js.py``,
which refuses a tarball whose checksum is not the pinned one (a local tarball, and a fake
npm registry on 127.0.0.1: no internet in tests)."""

from __future__ import annotations

import base64
import hashlib
import http.server
import importlib.util
import io
import json
import re
import subprocess
import sys
import tarfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from serve_process import Served

from kg.library import catalog
from kg.namespaces import PREFIXES
from kg.serve.editor import EDITOR_CSP, STYLE_HASHES, YASGUI_VERSION

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "vendor_js.py"
VENDOR = ROOT / "kg" / "serve" / "static" / "vendor" / "yasgui"
CSR = "https://w3id.org/csr-kg/ontology#"

# the partners of 如祺出行 that are not Tencent's own side, by Chinese label
PARTNERS = """PREFIX csr: <https://w3id.org/csr-kg/ontology#>
PREFIX organization: <https://w3id.org/csr-kg/id/org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?partner ?label WHERE {
  ?p csr:partnershipIn organization:ruqi-mobility ;
     csr:partner ?partner ;
     csr:reporterSide false .
  ?partner rdfs:label ?label FILTER(LANG(?label) = "zh")
}
ORDER BY ?label
"""
PARTNER_ROWS = [["organization:guangzhou-public-transport-group", "广州公交集团"],
                ["organization:gac-group", "广汽"],
                ["organization:didi", "滴滴"]]


# --- the vendored bundle and its script ------------------------------------------------


def _vendor(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True,
                          text=True, timeout=60, check=False)


def _fake_tarball(path: Path) -> bytes:
    """A tarball shaped like the real one (same member names, same package.json name and
    version) whose bytes, so whose checksum, differ."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, body in (("package/package.json",
                            json.dumps({"name": "@zazuko/yasgui",
                                        "version": YASGUI_VERSION}).encode()),
                           ("package/build/yasgui.min.js", b"alert('not yasgui')"),
                           ("package/build/yasgui.min.css", b"body{}")):
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def _pinned_integrity() -> str:
    spec = importlib.util.spec_from_file_location("vendor_js", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.VERSION == YASGUI_VERSION
    return module.INTEGRITY


def test_vendor_refuses_a_local_tarball_with_the_wrong_checksum(tmp_path):
    tarball = tmp_path / "yasgui.tgz"
    _fake_tarball(tarball)
    dest = tmp_path / "out"
    done = _vendor("--tarball", str(tarball), "--dest", str(dest))
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "checksum mismatch" in lines[0], done.stderr
    assert _pinned_integrity() in lines[0]
    assert not dest.exists()


class _Registry(http.server.BaseHTTPRequestHandler):
    """npm's two answers: the version's metadata, and the tarball it names."""

    tarball: bytes = b""
    integrity: str = ""

    def do_GET(self):
        host = f"http://127.0.0.1:{self.server.server_port}"
        path = urllib.parse.unquote(self.path)
        if path == f"/@zazuko/yasgui/{YASGUI_VERSION}":
            body = json.dumps({"name": "@zazuko/yasgui", "version": YASGUI_VERSION, "dist": {
                "tarball": f"{host}/yasgui.tgz", "integrity": self.integrity}}).encode()
        elif path == "/yasgui.tgz":
            body = self.tarball
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("registry_says", ["pinned", "actual"])
def test_vendor_refuses_a_registry_tarball_with_the_wrong_checksum(tmp_path, registry_says):
    """The registry lists the pinned integrity but serves other bytes, or lists (and serves)
    another integrity: either way one line, exit 1, nothing written."""
    data = _fake_tarball(tmp_path / "fake.tgz")
    actual = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    handler = type("Registry", (_Registry,), {
        "tarball": data, "integrity": _pinned_integrity() if registry_says == "pinned"
        else actual})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    dest = tmp_path / "out"
    try:
        done = _vendor("--registry", f"http://127.0.0.1:{server.server_port}/",
                       "--dest", str(dest))
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "checksum mismatch" in lines[0], done.stderr
    assert actual in lines[0]
    assert not dest.exists()


def test_vendored_files_are_the_pinned_release():
    version = json.loads((VENDOR / "VERSION").read_text())
    assert version["name"] == "@zazuko/yasgui"
    assert version["version"] == YASGUI_VERSION
    assert version["integrity"] == _pinned_integrity()
    assert version["source"] == ("https://registry.npmjs.org/@zazuko/yasgui/-/yasgui-"
                                 f"{YASGUI_VERSION}.tgz")
    assert version["license"] == "MIT"
    assert sorted(p.name for p in VENDOR.iterdir()) == sorted([*version["files"], "VERSION"])
    for name, digest in version["files"].items():
        assert digest == "sha256-" + hashlib.sha256((VENDOR / name).read_bytes()).hexdigest()
    assert "MIT License" in (VENDOR / "LICENSE").read_text()


def test_the_style_hashes_are_those_of_the_bundle():
    """EDITOR_CSP allows two <style> texts of the bundle's column resizer by hash: the
    hashes must be those of the texts in the vendored file."""
    bundle = (VENDOR / "yasgui.min.js").read_text(encoding="utf-8")
    at = bundle.index(".grip-resizable{table-layout:fixed;}")
    grips = bundle[bundle.rindex("`", 0, at) + 1:bundle.index("`", at)]
    assert "`*{cursor:`+n.opt.dragCursor+`!important}`" in bundle
    assert 'dragCursor:`col-resize`' in bundle
    texts = [grips, "*{cursor:col-resize!important}"]
    assert [f"'sha256-{base64.b64encode(hashlib.sha256(t.encode()).digest()).decode()}'"
            for t in texts] == list(STYLE_HASHES)


# --- the page -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(built):
    server = Served(built.store)
    yield server
    server.stop()


def _headers(url: str) -> tuple[int, object, bytes]:
    with urllib.request.urlopen(url, timeout=60) as r:
        return r.status, r.headers, r.read()


def test_editor_json_and_headers(served):
    status, headers, body = _headers(served.url + "/editor")
    assert status == 200
    assert headers.get_all("Content-Security-Policy") == [EDITOR_CSP]
    assert headers["Link"] == '</editor.json>; rel="alternate"; type="application/json"'
    html = body.decode()
    assert "<script>" not in html and "cdn" not in html.lower()
    assert re.findall(r'<script src="([^"]+)"', html) == [
        "/static/vendor/yasgui/yasgui.min.js", "/static/editor.js"]
    status, _, body = _headers(served.url + "/editor.json")
    data = json.loads(body)
    assert data["endpoint"] == "/sparql"
    assert data["prefixes"] == PREFIXES
    assert [e["name"] for e in data["examples"]] == [q.name for q in catalog()]
    assert CSR + "Program" in data["classes"] and CSR + "partner" in data["properties"]
    assert data["yasgui"]["version"] == YASGUI_VERSION


def test_every_example_runs_as_written(served):
    """Each example is a standalone text (its PREFIXes declared, its defaults bound) that
    our /sparql answers, with every default (and every required parameter) bound."""
    _, _, body = _headers(served.url + "/editor.json")
    for example in json.loads(body)["examples"]:
        status, _, answer = served.post("/sparql", example["query"].encode(),
                                        "application/sparql-query",
                                        "application/sparql-results+json, text/turtle")
        assert status == 200, (example["name"], answer[:300])
        canned = next(q for q in catalog() if q.name == example["name"])
        for p in canned.params:
            if p.default is not None or p.required:
                assert f"VALUES ?{p.name} " in example["query"], (example["name"], p.name)


@pytest.fixture
def chromium(browser):
    """The session's Chromium (tests/conftest.py)."""
    return browser


@pytest.fixture
def editor(chromium, served):
    """The /editor page, ready; ``page.blocked`` lists every request that left 127.0.0.1's
    server (aborted), ``page.problems`` every console error and uncaught exception."""
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    own = served.url + "/"
    page.blocked, page.problems = [], []

    def route(r):
        if r.request.url.startswith(own):
            r.continue_()
        else:
            page.blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.goto(served.url + "/editor")
    _until(page, "!!(window.kg && window.kg.ready === true)")
    yield page
    context.close()


def _until(page, js: str, timeout_s: float = 30):
    """Poll from here (evaluating a string inside the page is what its CSP forbids)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(js):
        if time.monotonic() > deadline:
            raise TimeoutError(f"not true after {timeout_s} s: {js}")
        page.wait_for_timeout(25)


def _run_and_read(page) -> list[list[str]]:
    """Click the active tab's run button; the table's rows (cells without the row number),
    as YASR shows them."""
    tab = page.locator(".tabPanel.active")
    tab.locator(".yasqe_queryButton").click()
    _until(page, "!!document.querySelector('.tabPanel.active .yasr .dataTable tbody td, "
                 ".tabPanel.active .yasr .errorResult')")
    error = tab.locator(".yasr .errorResult")
    if error.count():
        raise AssertionError(f"YASR shows an error: {error.inner_text()!r}; "
                             f"console: {page.problems}")
    rows = tab.locator(".yasr .dataTable tbody tr").evaluate_all(
        "trs => trs.map(tr => Array.from(tr.querySelectorAll('td')).slice(1)"
        ".map(td => td.innerText.trim()))")
    return rows


def _plain(cell: str) -> str:
    """A literal as YASR shows it ("广汽"@zh, the tag raised) read as its text."""
    m = re.fullmatch(r'"(.*)"\s*@?\s*zh', cell, re.DOTALL)
    return m.group(1) if m else cell


def _replace_query(page, text: str) -> None:
    """Select all in the active tab's editor and type ``text`` in its place."""
    page.locator(".tabPanel.active .CodeMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)


def _sparql_url(page) -> str:
    return page.evaluate("window.location.origin") + "/sparql"


def test_a_typed_query_shows_its_rows_offline(editor):
    page = editor
    _replace_query(page, PARTNERS)
    assert page.evaluate("window.kg.yasgui.getTab().getYasqe().getValue()") == PARTNERS
    rows = _run_and_read(page)
    assert [[row[0], _plain(row[1])] for row in rows] == PARTNER_ROWS
    assert page.evaluate("window.kg.yasgui.getTab().getEndpoint()") == _sparql_url(page)
    assert page.blocked == []
    assert page.problems == []



def test_an_entity_in_the_results_links_to_its_page(editor):
    """YASR links an IRI to itself in a new window; ours open their /entity page here."""
    page = editor
    _replace_query(page, PARTNERS)
    _run_and_read(page)
    links = page.locator(".tabPanel.active .yasr .dataTable tbody a[href^='/entity/']")
    assert links.evaluate_all("as => as.map(a => a.getAttribute('href'))") == [
        "/entity/organization/guangzhou-public-transport-group",
        "/entity/organization/gac-group", "/entity/organization/didi"]
    assert links.nth(1).get_attribute("target") is None
    links.nth(1).click()
    page.wait_for_url("**/entity/organization/gac-group")
    assert page.locator("h1").inner_text() == "广汽"
    assert page.blocked == []
    assert page.problems == []



def test_an_example_runs_in_its_own_tab(editor):
    page = editor
    page.get_by_role("button", name="Partners of a program").click()
    _until(page, "window.kg.yasgui.getTab().getName() === 'Partners of a program'")
    text = page.evaluate("window.kg.yasgui.getTab().getYasqe().getValue()")
    assert "VALUES ?program { organization:ruqi-mobility }" in text
    rows = _run_and_read(page)
    partners = {row[0] for row in rows}
    assert {"organization:gac-group", "organization:didi",
            "organization:guangzhou-public-transport-group"} <= partners
    assert page.blocked == []
    assert page.problems == []


def test_completion_offers_our_classes(editor):
    page = editor
    page.locator(".tabPanel.active .CodeMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text("PREFIX csr: <https://w3id.org/csr-kg/ontology#>\n"
                              "SELECT * WHERE { ?x a ")
    page.keyboard.type("csr:Prog", delay=30)
    page.keyboard.press("Control+Space")
    _until(page, "!!document.querySelector('.CodeMirror-hints')")
    hints = page.locator(".CodeMirror-hints li").all_inner_texts()
    assert "csr:Program" in hints
    assert page.blocked == []
    assert page.problems == []
