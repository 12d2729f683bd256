"""``kg serve``'s /sparql read by clients we did not write: rdflib's SPARQLStore (SPARQL XML
results, RDF/XML graphs) and SPARQLWrapper (SPARQL JSON, Turtle) get the same answers as the
embedded store for every canned query, with its default parameters (a required one from the
query's example). Plus content
negotiation, the three ways to send a query, the service description and the dataset
parameters, over a real ``kg serve`` on 127.0.0.1."""

from __future__ import annotations

import csv
import io
import json
import urllib.parse

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from serve_process import Served

from kg.library import catalog, get
from kg.query import bindings_for
from kg.sparql import bind, parse
from kg.store import with_prefixes

NAMES = [q.name for q in catalog()]


@pytest.fixture(scope="module")
def served(built):
    server = Served(built.store)
    yield server
    server.stop()


def _defaults(canned) -> dict:
    """Parameters for a query's required parameters, from its first example (the others
    keep their defaults)."""
    import shlex

    words = shlex.split(canned.examples[0]) if canned.examples else []
    given = dict(words[i + 1].split("=", 1) for i, w in enumerate(words) if w == "--param")
    return {p.name: given[p.name] for p in canned.params if p.required}


def _bound_text(store, name: str) -> str:
    """The canned query with its default parameters bound, as a standalone text, without its
    comment header (SPARQLWrapper guesses the query's form from words: "ADD" in a comment's
    "address" makes it send the query as an Update, which the server refuses)."""
    canned = get(name)
    parsed = parse(canned.text)
    text, _ = bind(parsed, bindings_for(store, parsed, _defaults(canned), canned))
    return with_prefixes("\n".join(line for line in text.splitlines()
                                    if not line.startswith("#")))


def _norm(term):
    return "_:b" if isinstance(term, BNode) else term


def _bag(rows) -> list:
    return sorted(sorted((k, repr(_norm(v))) for k, v in row.items() if v is not None)
                  for row in rows)



def _canon(graph) -> set:
    """The triples with literals by value (Turtle writes the decimal 50 as 50.0), blank
    nodes as one."""
    return {tuple((t.toPython(), t.datatype, t.language) if isinstance(t, Literal) else _norm(t)
                  for t in triple) for triple in graph}


def _run(store, text):
    from kg.query import run

    return run(store, text, {}).materialize()


def _from_json(term: dict):
    if term["type"] == "uri":
        return URIRef(term["value"])
    if term["type"] == "bnode":
        return BNode(term["value"])
    return Literal(term["value"], lang=term.get("xml:lang"),
                   datatype=URIRef(term["datatype"]) if "datatype" in term else None)


@pytest.mark.parametrize("name", NAMES)
def test_sparqlwrapper_gets_the_embedded_answer(served, store, name):
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    text = _bound_text(store, name)
    expected = _run(store, text)
    client = SPARQLWrapper(served.sparql)
    client.setQuery(text)
    client.setMethod("POST")
    if isinstance(expected, Graph):
        client.setReturnFormat(TURTLE)
        got = Graph().parse(data=client.query().convert(), format="turtle")
        assert len(got) == len(expected) and _canon(got) == _canon(expected)
        return
    client.setReturnFormat(JSON)
    answer = client.query().convert()
    if isinstance(expected, bool):
        assert answer["boolean"] is expected
        return
    assert answer["head"]["vars"] == expected.vars
    rows = [{k: _from_json(v) for k, v in b.items()} for b in answer["results"]["bindings"]]
    assert len(rows) == len(expected.rows) > 0 or name in _MAY_BE_EMPTY
    assert _bag(rows) == _bag(expected.rows)


_MAY_BE_EMPTY = {"figure-conflicts", "programs-without-partners", "unanswered-demands",
                 "readings-vs-report"}


@pytest.mark.parametrize("name", NAMES)
def test_rdflib_sparqlstore_gets_the_embedded_answer(served, store, name):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    text = _bound_text(store, name)
    expected = _run(store, text)
    result = SPARQLStore(served.sparql, method="POST_FORM").query(text)  # the default graph
    if isinstance(expected, bool):
        assert result.askAnswer is expected
    elif isinstance(expected, Graph):
        got = Graph()
        for t in result:
            got.add(t)
        assert _canon(got) == _canon(expected)
    else:
        assert [str(v) for v in result.vars] == expected.vars
        rows = [{str(k): v for k, v in zip(result.vars, row)} for row in result]
        assert _bag(rows) == _bag(expected.rows)


def test_get_form_and_direct_bodies_answer_alike(served):
    q = "SELECT ?p WHERE { ?p a csr:Program } ORDER BY ?p LIMIT 5"
    a = served.get("/sparql?" + urllib.parse.urlencode({"query": q}))
    b = served.post("/sparql", urllib.parse.urlencode({"query": q}).encode(),
                    "application/x-www-form-urlencoded")
    c = served.post("/sparql", q.encode(), "application/sparql-query")
    assert a[0] == b[0] == c[0] == 200
    assert a[2] == b[2] == c[2]
    assert len(json.loads(a[2])["results"]["bindings"]) == 5


@pytest.mark.parametrize("accept,media", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"), ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/html;q=0.9, text/csv;q=0.8", "text/csv"), ("*/*", "application/sparql-results+json"),
])
def test_select_content_negotiation(served, accept, media):
    q = urllib.parse.urlencode({"query": "SELECT ?p ?l WHERE { ?p a csr:Program ; rdfs:label ?l }"
                                         " ORDER BY ?p ?l LIMIT 4"})
    status, headers, body = served.get(f"/sparql?{q}", accept)
    assert status == 200 and headers["content-type"].startswith(media)
    if media == "text/csv":
        rows = list(csv.reader(io.StringIO(body.decode())))
        assert rows[0] == ["p", "l"] and len(rows) == 5


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                        ("application/ld+json", "json-ld"),
                                        ("application/rdf+xml", "xml")])
def test_graph_content_negotiation(served, store, accept, fmt):
    text = "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a csr:Program ; rdfs:label ?l }"
    status, headers, body = served.get("/sparql?" + urllib.parse.urlencode({"query": text}),
                                       accept)
    assert status == 200 and headers["content-type"].startswith(accept)
    assert _canon(Graph().parse(data=body, format=fmt)) == _canon(_run(store, text))


def test_a_format_nobody_offers_is_406(served):
    status, _, body = served.get("/sparql?query=ASK%7B%7D", "text/turtle")
    assert status == 406 and b"application/sparql-results+json" in body


def test_service_description(served, built):
    status, headers, body = served.get("/sparql", "text/turtle")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=body, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = URIRef(served.sparql)
    assert (service, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in g
    assert (service, URIRef(sd + "endpoint"), service) in g
    names = {str(o) for o in g.objects(None, URIRef(sd + "name"))}
    assert "https://w3id.org/csr-kg/graph/tencent-csr-2019" in names


def test_default_graph_uri_of_this_store_is_honoured(served):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    whole = json.loads(served.get("/sparql?" + urllib.parse.urlencode({"query": q}))[2])
    one = served.get("/sparql?" + urllib.parse.urlencode({
        "query": q, "default-graph-uri": "https://w3id.org/csr-kg/graph/tencent-csr-2019"}))
    assert one[0] == 200
    n_one = int(json.loads(one[2])["results"]["bindings"][0]["n"]["value"])
    n_all = int(whole["results"]["bindings"][0]["n"]["value"])
    assert 0 < n_one < n_all


def test_cors_is_off_by_default(served):
    _, headers, _ = served.get("/sparql?query=ASK%7B%7D")
    assert "access-control-allow-origin" not in {k.lower() for k in headers}


def test_cors_when_asked(built):
    server = Served(built.store, "--cors")
    try:
        _, headers, _ = server.get("/sparql?query=ASK%7B%7D")
        assert headers.get("access-control-allow-origin") == "*"
    finally:
        server.stop()


def test_zero_and_false_survive_xml_results(served):
    """rdflib's own XML results writer drops falsy literals; ours must not."""
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    result = SPARQLStore(served.sparql).query("SELECT (0 AS ?z) (false AS ?f) WHERE {}")
    row = next(iter(result))
    assert (str(row[0]), str(row[1])) == ("0", "false")
