"""``kg serve`` as a command: ``--get`` (one page, no port), pages with JSON twins, the
headers every page carries, escaping, and stopping: SIGTERM or SIGINT ends the server and
every process it started; a host other than loopback is warned about."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import threading
import time
import urllib.parse

import pytest
from markupsafe import escape
from serve_process import KG, Served, children, wait_gone

from kg.library import catalog
from kg.serve.pages import CSP

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _get(built, path: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(KG), "serve", "--store", str(built.store), "--get", path],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def served(built):
    server = Served(built.store)
    yield server
    server.stop()


def test_get_home_page_json_and_html(built):
    as_json = _get(built, "/.json")
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert "腾讯" in data["title"] and data["triples"] > 10_000
    assert {q["name"] for q in data["queries"]} == {q.name for q in catalog()}
    assert data["frameworks"] and all(f["iri"].startswith("https://") for f in data["frameworks"])
    counts = {c["class"]: c["count"] for c in data["counts"]}
    assert counts["csr:Program"] > 100
    as_html = _get(built, "/")
    assert as_html.returncode == 0 and as_html.stdout.startswith("<!DOCTYPE html>")
    for q in data["queries"]:
        assert str(escape(q["title"])) in as_html.stdout


def test_get_unknown_path_fails(built):
    result = _get(built, "/nope")
    assert result.returncode != 0
    assert "404" in result.stderr and "Traceback" not in result.stderr


def test_get_canned_query_has_rows_with_labels(built):
    result = _get(built, "/queries/partners-of-program.json?program=为村")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["params"][0]["value"] == "为村"
    assert "partnerLabel" in data["columns"] and data["rows"]
    first = data["rows"][0]
    assert first["partner"]["type"] == "uri" and first["partnerLabel"]["type"] == "literal"


def test_every_page_has_a_json_twin_and_the_headers(served):
    for path in ["/", "/queries/awards", "/queries/partners-of-program?program=为村"]:
        quoted = urllib.parse.quote(path, safe="/?=&")
        status, headers, body = served.get(quoted)
        assert status == 200
        assert headers["content-security-policy"] == CSP
        assert CSP.startswith("default-src 'none'; style-src 'self'; img-src 'self' data:; "
                              "script-src 'self'")
        link = headers["link"]
        m = re.fullmatch(r'<([^>]+)>; rel="alternate"; type="application/json"', link)
        assert m, link
        twin_status, twin_headers, twin = served.get(m.group(1))
        assert twin_status == 200 and twin_headers["content-type"] == "application/json"
        data = json.loads(twin)
        page = body.decode()
        assert str(escape(data["title"])) in page
        assert not re.search(r"<script(?![^>]*\bsrc=)", page) and " style=" not in page
        for row in data.get("rows", [])[:20]:
            for term in row.values():
                shown = term["curie"] if term["type"] == "uri" else term["value"]
                assert str(escape(shown)) in page


def test_data_is_escaped_in_pages(served):
    hostile = '<script>alert(1)</script>"'
    path = "/queries/partners-of-program?" + urllib.parse.urlencode({"program": hostile})
    status, headers, body = served.get(path)
    assert status == 400 and headers["content-type"].startswith("text/html")
    assert b"<script>" not in body and b"&lt;script&gt;" in body


def test_static_style_sheet(served):
    status, headers, body = served.get("/static/style.css")
    assert status == 200 and headers["content-type"].startswith("text/css") and body


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_stop_signal_leaves_no_process_behind(built, sig):
    server = Served(built.store, "--timeout", "60")
    slow = threading.Thread(target=server.get, args=(
        "/sparql?" + urllib.parse.urlencode({"query": SLOW}),), daemon=True)
    slow.start()
    deadline = time.monotonic() + 10
    while len(children(server.proc.pid)) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)  # the fork server, its resource tracker, the query
    tree = children(server.proc.pid)
    assert len(tree) >= 3
    start = time.monotonic()
    code = server.stop(sig)
    assert time.monotonic() - start < 8
    assert code == 0
    assert wait_gone(tree, 5) == [], "a process outlived kg serve"


def test_non_loopback_host_is_warned(built):
    server = Served(built.store, "--host", "0.0.0.0")
    try:
        status, _, _ = server.get("/sparql?query=ASK%7B%7D")
        assert status == 200
    finally:
        server.proc.send_signal(signal.SIGTERM)
        _, err = server.proc.communicate(timeout=15)
    assert "warning: listening on 0.0.0.0" in err


def test_loopback_is_not_warned(built):
    server = Served(built.store)
    server.proc.send_signal(signal.SIGTERM)
    _, err = server.proc.communicate(timeout=15)
    assert "warning" not in err


def test_missing_store_is_one_line(tmp_path):
    result = subprocess.run([str(KG), "serve", "--store", str(tmp_path / "none"), "--port", "0"],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert result.stderr.startswith("error: no store at") and result.stderr.count("\n") == 1
