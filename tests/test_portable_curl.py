"""The portable text of every canned query, sent by ``curl`` to a real ``oxigraph serve`` on
127.0.0.1 (filled by ``kg push``; no kg code on the way), gives the rows ``kg query`` gives."""

from __future__ import annotations

import subprocess
from collections import Counter

import pyoxigraph as ox
import pytest
from oxigraph_server import Server
from rdflib import Graph

from kg.endpoint import push
from kg.library import catalog, get
from kg.portable import standalone
from kg.query import run_canned
from kg.search import resolver
from kg.store import Rows, from_oxigraph

RUNNABLE = [q.name for q in catalog()
            if not any(p.required and p.default is None for p in q.params)]


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory, built):
    server = Server(tmp_path_factory.mktemp("oxigraph-for-curl"))
    push(built.dumps, gsp=f"{server.base}/store")
    yield f"{server.base}/query"
    server.stop()


def _curl(url: str, text: str, tmp_path) -> ox.QuerySolutions | ox.QueryTriples | bool:
    query = tmp_path / "query.rq"
    query.write_text(text, encoding="utf-8")
    out = subprocess.run(
        ["curl", "--silent", "--fail-with-body", "--max-time", "60", url,
         "-H", "Accept: application/sparql-results+json, application/n-triples",
         "--data-urlencode", f"query@{query}", "--write-out", "\n%{content_type}"],
        capture_output=True, check=False)
    body, _, kind = out.stdout.rpartition(b"\n")
    assert out.returncode == 0, body[:300]
    if kind.startswith(b"application/n-triples"):
        return {(from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object))
                for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}
    result = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    names = [v.value for v in result.variables]
    return Counter(frozenset((n, from_oxigraph(s[n])) for n in names if s[n] is not None)
                   for s in result)


def _kg(answer):
    if isinstance(answer, Rows):
        return Counter(frozenset(r.items()) for r in answer)
    if isinstance(answer, Graph):
        return set(answer)
    return answer


@pytest.mark.parametrize("name", RUNNABLE)
def test_curl_gets_the_rows_of_kg_query(name, endpoint, store, tmp_path):
    q = get(name)
    defaults = {p.name: p.default for p in q.params if p.default is not None}
    expected = _kg(run_canned(store, name))
    assert _curl(endpoint, standalone(q, defaults, resolver(store)), tmp_path) == expected
