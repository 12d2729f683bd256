"""Every refusal of ``kg serve`` over HTTP, from a real server on 127.0.0.1: Update (403),
SERVICE in its disguises and remote FROM (403, and the remote server hears nothing), a body
too large (413), a query too slow (503, stopped, its process gone), the row cap (200, cut,
flagged), the concurrency limit (503 with Retry-After), an unknown query (404), a bad
parameter (400), a syntax error (400), a body of the wrong type (415). Each is one line."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse

import pytest
from serve_process import Served, idle_after, running_workers, wait_gone

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def served(built):
    server = Served(built.store, "--timeout", "2", "--max-rows", "100")
    yield server
    server.stop()


def _q(text: str, **extra) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": text, **extra})


def _one_line_error(body: bytes) -> str:
    message = json.loads(body)["error"]
    assert "\n" not in message and "Traceback" not in message
    return message


@pytest.mark.parametrize("how", ["get", "form", "direct", "update-param", "update-type"])
@pytest.mark.parametrize("update", ["DROP ALL", "INSERT DATA { <x:a> <x:b> <x:c> }",
                                    "PREFIX select: <x:> LOAD <http://127.0.0.1:9/x>",
                                    "WITH <x:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"])
def test_update_is_403(served, how, update):
    accept = "application/json"
    if how == "get":
        status, _, body = served.get(_q(update), accept)
    elif how == "form":
        status, _, body = served.post("/sparql", urllib.parse.urlencode({"query": update})
                                      .encode(), "application/x-www-form-urlencoded", accept)
    elif how == "direct":
        status, _, body = served.post("/sparql", update.encode(), "application/sparql-query",
                                      accept)
    elif how == "update-param":
        status, _, body = served.post("/sparql", urllib.parse.urlencode({"update": update})
                                      .encode(), "application/x-www-form-urlencoded", accept)
    else:
        status, _, body = served.post("/sparql", update.encode(), "application/sparql-update",
                                      accept)
    assert status == 403
    assert _one_line_error(body).startswith("refused:")


SERVICES = [
    "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<{url}> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    "SELECT * WHERE { ?x a csr:Program OPTIONAL { SERVICE <{url}> { ?x ?p ?o } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <{url}> { ?s ?p ?o } } } }",
    "SELECT * WHERE { FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } }",
    "SELECT * WHERE { \\u0053ERVICE <{url}> { ?s ?p ?o } }",
    "ASK { MINUS { SERVICE <{url}> { ?s ?p ?o } } }",
]


@pytest.mark.parametrize("template", SERVICES)
def test_service_is_403_and_nothing_goes_out(served, capture, template):
    status, _, body = served.get(_q(template.replace("{url}", capture.url + "/sparql")),
                                 "application/sparql-results+json")
    assert status == 403
    assert "SERVICE" in _one_line_error(body)
    assert capture.count == 0


@pytest.mark.parametrize("text,extra", [
    ("SELECT * FROM <{url}/g> WHERE { ?s ?p ?o }", {}),
    ("SELECT * FROM NAMED <{url}/g> WHERE { GRAPH ?g { ?s ?p ?o } }", {}),
    ("BASE <{url}/> SELECT * FROM <g> WHERE { ?s ?p ?o }", {}),
    ("SELECT * WHERE { ?s ?p ?o }", {"default-graph-uri": "{url}/g"}),
    ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", {"named-graph-uri": "{url}/g"}),
])
def test_remote_dataset_is_403_and_nothing_goes_out(served, capture, text, extra):
    extra = {k: v.replace("{url}", capture.url) for k, v in extra.items()}
    status, _, body = served.get(_q(text.replace("{url}", capture.url), **extra),
                                 "application/json")
    assert status == 403
    assert "not a graph of this store" in _one_line_error(body)
    assert capture.count == 0


def test_too_big_is_413(served):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 1_100_000
    status, _, body = served.post("/sparql", big.encode(), "application/sparql-query",
                                  "application/json")
    assert status == 413
    assert "larger than" in _one_line_error(body)


def test_too_slow_is_503_and_the_query_is_stopped(served):
    answer = {}

    def ask():
        start = time.monotonic()
        answer["reply"] = served.get(_q(SLOW), "application/json")
        answer["took"] = time.monotonic() - start

    asking = threading.Thread(target=ask)
    asking.start()
    running = running_workers(served)
    asking.join(30)
    status, _, body = answer["reply"]
    assert status == 503
    assert "time limit of 2 s" in _one_line_error(body)
    assert answer["took"] < 6
    assert running and wait_gone(running, 3) == [], "the worker was not stopped"
    assert idle_after(served) == []


def test_row_cap_truncates_and_says_so(served):
    status, headers, body = served.get(_q("SELECT * WHERE { ?s ?p ?o }"),
                                       "application/sparql-results+json")
    assert status == 200
    assert headers.get("kg-truncated") == "true" and headers.get("kg-row-cap") == "100"
    answer = json.loads(body)
    assert answer["truncated"] is True and len(answer["results"]["bindings"]) == 100
    status, headers, body = served.get(_q("SELECT * WHERE { ?s ?p ?o }"), "text/csv")
    assert headers.get("kg-truncated") == "true" and body.count(b"\r\n") == 101
    status, headers, body = served.get(_q("SELECT * WHERE { ?s ?p ?o } LIMIT 100"),
                                       "application/json")
    assert "kg-truncated" not in {k.lower() for k in headers}
    assert "truncated" not in json.loads(body)


def test_row_cap_on_a_page(served):
    status, _, body = served.get("/queries/indicator-index.json")
    data = json.loads(body)
    assert status == 200 and data["truncated"] is True and len(data["rows"]) == 100


def test_concurrency_limit_is_503_with_retry_after(built):
    server = Served(built.store, "--max-queries", "1", "--timeout", "9")
    try:
        slow = threading.Thread(target=server.get, args=(_q(SLOW),), daemon=True)
        slow.start()
        time.sleep(1)
        status, headers, body = server.get(_q("ASK {}"), "application/json")
        assert status == 503 and headers.get("retry-after") == "1"
        assert "busy" in _one_line_error(body)
    finally:
        server.stop()


@pytest.mark.parametrize("path", ["/queries/no-such-query", "/queries/no-such-query.json",
                                  "/queries/../etc", "/no/such/page", "/nope.json"])
def test_unknown_is_404(served, path):
    status, _, body = served.get(path)
    assert status == 404
    assert body.count(b"\n") <= 1 or b"<html" in body


@pytest.mark.parametrize("path", [
    "/queries/awards.json?nosuchparam=1",
    "/queries/organizations-in-several-programs.json?minimum=many",
    "/queries/partners-of-program.json?program=%3Chttp%3A//x%3E%20%7D",
    "/queries/partners-of-program.json?program=no-such-entity-anywhere",
])
def test_bad_parameter_is_400(served, path):
    status, _, body = served.get(path)
    assert status == 400
    _one_line_error(body)


def test_syntax_error_is_400(served):
    status, _, body = served.get(_q("SELECT * WHERE { ?s ?p }"), "application/json")
    assert status == 400 and "syntax error" in _one_line_error(body)


def test_wrong_body_type_is_415(served):
    status, _, body = served.post("/sparql", b"<q/>", "application/xml", "application/json")
    assert status == 415
    _one_line_error(body)


def test_errors_are_text_for_other_clients(served):
    status, headers, body = served.get(_q("DROP ALL"), "text/csv")
    assert status == 403 and headers["content-type"].startswith("text/plain")
    assert body.decode().count("\n") == 1
