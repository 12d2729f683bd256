"""The portable text of every canned query, sent by ``curl`` to a real ``oxigraph serve`` on
127.0.0.1 (filled by ``kg push``; no kg code on the way), gives the rows ``kg query`` gives."""

from __future__ import annotations

import subprocess

import pyoxigraph as ox
import pytest
from canned_answers import comparable

from kg.library import catalog, get
from kg.portable import standalone
from kg.query import run_canned
from kg.search import resolver

RUNNABLE = [q.name for q in catalog()
            if not any(p.required and p.default is None for p in q.params)]


@pytest.fixture(scope="module")
def endpoint(oxigraph_endpoint):
    return oxigraph_endpoint  # tests/conftest.py: an oxigraph serve filled by kg push


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
        return comparable(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
    return comparable(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))


@pytest.mark.parametrize("name", RUNNABLE)
def test_curl_gets_the_rows_of_kg_query(name, endpoint, store, tmp_path):
    q = get(name)
    defaults = {p.name: p.default for p in q.params if p.default is not None}
    expected = comparable(run_canned(store, name))
    assert _curl(endpoint, standalone(q, defaults, resolver(store)), tmp_path) == expected
