"""The store interface: both engines give the same answers; errors are QueryError/StoreError."""

from __future__ import annotations

import pytest
from rdflib import Graph

from kg.errors import QueryError, StoreError
from kg.store import OxigraphStore, open_store, with_prefixes

QUERIES = [
    "SELECT ?zh WHERE { program:weicun rdfs:label ?zh FILTER(lang(?zh) = 'zh') }",
    """SELECT ?dim (COUNT(?p) AS ?n) WHERE { ?p csr:dimension ?dim } GROUP BY ?dim""",
    """SELECT ?partner WHERE { ?x csr:partnershipIn organization:ruqi-mobility ;
                                  csr:partner ?partner }""",
]


@pytest.mark.parametrize("query", QUERIES)
def test_engines_agree(store, memory_store, query):
    a, b = store.select(query), memory_store.select(query)
    assert a.vars == b.vars
    as_set = lambda rows: {tuple(sorted((k, str(v)) for k, v in r.items())) for r in rows}  # noqa: E731
    assert as_set(a) == as_set(b) and len(a) > 0


def test_construct_and_ask(store, memory_store):
    q = "CONSTRUCT { program:weicun ?p ?o } WHERE { program:weicun ?p ?o }"
    g1, g2 = store.construct(q), memory_store.construct(q)
    assert isinstance(g1, Graph) and len(g1) == len(g2) > 10
    assert store.ask("ASK { program:weicun csr:grewOutOf program:rural-dream }") is True
    assert memory_store.ask("ASK { program:weicun csr:grewOutOf program:weicun }") is False


def test_syntax_error_is_a_query_error(store, memory_store):
    for engine in (store, memory_store):
        with pytest.raises(QueryError, match="syntax error"):
            engine.select("SELEC ?x WHERE { ?x ?y ?z }")


def test_wrong_kind_of_query(store):
    with pytest.raises(QueryError, match="not a SELECT"):
        store.select("ASK { ?s ?p ?o }")


def test_missing_store_says_run_build(tmp_path):
    with pytest.raises(StoreError, match="run 'kg build' first"):
        OxigraphStore(tmp_path / "nothing")
    with pytest.raises(StoreError, match="unknown engine"):
        open_store(engine="neo4j")


def test_with_prefixes_declares_only_what_is_used():
    q = with_prefixes("SELECT * WHERE { program:weicun rdfs:label ?l }")
    assert "PREFIX program:" in q and "PREFIX rdfs:" in q and "PREFIX schema:" not in q
    own = "PREFIX rdfs: <urn:x> SELECT * WHERE { ?s rdfs:label ?l }"
    assert with_prefixes(own) == own
