"""``kg serve --endpoint``: the explorer over a remote store. A real ``oxigraph serve`` on
127.0.0.1, filled by ``kg push``, read by a real ``kg serve``: its pages and its ``/sparql``
give what the same server over the embedded store gives."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from endpoint_servers import elsewhere_fixture, hostile_fixture  # noqa: F401 (fixtures)
from serve_process import Served

from kg.library import catalog
from kg.serve.editor import example_text


@pytest.fixture(scope="module")
def remote(oxigraph_endpoint):
    return oxigraph_endpoint  # tests/conftest.py: an oxigraph serve filled by kg push


@pytest.fixture(scope="module")
def both(built, remote):
    local, over = Served(built.store), Served(None, "--endpoint", remote)
    yield local, over
    local.stop()
    over.stop()


def _json(served, path):
    return served.json(path)


@pytest.mark.parametrize("path", [
    "/.json",
    "/search.json?q=" + quote("为村"),
    "/entity/program/weicun.json",
    "/entity/organization/ruqi-mobility.json",
    "/queries/partners-of-program.json",
])
def test_pages_are_the_same_over_an_endpoint(both, path):
    local, over = both
    assert _json(over, path) == _json(local, path)


def test_the_partners_of_ruqi_over_an_endpoint(both):
    _, over = both
    data = _json(over, "/queries/partners-of-program.json?program=organization:ruqi-mobility")
    outside = {r["partnerLabel"]["value"] for r in data["rows"]
               if r["reporterSide"]["value"] == "false"}
    assert outside == {"滴滴", "广汽", "广州公交集团"}


ACCEPT = "application/sparql-results+json, application/n-triples"


def _answer(served, text: str):
    """A query's rows (SELECT), boolean (ASK) or set of N-Triples lines (CONSTRUCT)."""
    status, headers, body = served.get(f"/sparql?query={quote(text)}", accept=ACCEPT)
    assert status == 200, body[:300]
    kind = {k.lower(): v for k, v in headers.items()}["content-type"]
    if kind.startswith("application/n-triples"):
        return set(body.decode().splitlines())
    data = json.loads(body)
    if "boolean" in data:
        return data["boolean"]
    return [json.dumps(r, sort_keys=True, ensure_ascii=False) for r in data["results"]["bindings"]]


def test_every_canned_query_over_sparql_is_the_same(both):
    """Each canned query as the editor's examples give it (the values of its first example
    bound), through /sparql of both servers."""
    local, over = both
    for q in catalog():
        text = example_text(q)  # as the editor runs it: its example's values bound
        a, b = _answer(local, text), _answer(over, text)
        if isinstance(a, list) and "ORDER BY" not in q.text.upper():
            a, b = sorted(a), sorted(b)
        assert b == a, q.name


@pytest.mark.parametrize("mode", ["value", "redirect", "redirect/307", "bad/string-vars"])
def test_a_hostile_endpoint_costs_one_line_and_no_request_elsewhere(hostile, elsewhere, mode):
    """kg serve over an endpoint that answers rows kg cannot use (``value``: a row of ?x
    holding terminal escapes, whatever was asked), redirects to another host, or answers
    malformed JSON: the graph pages say so in one line with 502, never 500, and nothing is
    sent where the redirect points."""
    over = Served(None, "--endpoint", f"{hostile}/{mode}", "--timeout", "30")
    try:
        for path in ("/analyze.json", "/view.json?around=program:weicun",
                     "/path.json?from=program:weicun&to=place:xunwu-county",
                     "/entity/program/weicun.json", "/queries/partners-of-program.csv"):
            status, _, body = over.get(path)
            text = body.decode("utf-8")
            if status == 200:  # the rows of ?x: data, served as data
                assert path.endswith(".csv") and mode == "value", (path, text)
                continue
            assert status in (404, 502), (path, status, text)
            message = json.loads(text)["error"] if text.startswith("{") else text.strip()
            assert "\n" not in message and "\x1b" not in message, (path, message)
    finally:
        over.stop()
    assert elsewhere.connections == 0
