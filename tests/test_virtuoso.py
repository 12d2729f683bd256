"""The second real engine: Virtuoso Open Source 7 (tests/helpers/virtuoso.py) on 127.0.0.1,
filled by ``kg push``, answers every canned query, search, card, path, view and export as the
embedded store does. Where Virtuoso 7.2 truly differs, the difference is named below: a
normalisation with its reason, or a known defect of Virtuoso's that the test pins down."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.sparql import prepareQuery
from virtuoso import Virtuoso

from kg.cli import main
from kg.endpoint import EndpointStore
from kg.errors import StoreError
from kg.library import catalog, get
from kg.namespaces import PREFIXES
from kg.query import run, run_canned

XSD_BOOLEAN = URIRef("http://www.w3.org/2001/XMLSchema#boolean")
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
GRAPHS = ["https://w3id.org/csr-kg/graph/ontology",
          "https://w3id.org/csr-kg/graph/tencent-csr-2019"]
WEICUN = "https://w3id.org/csr-kg/id/program/weicun"

# Virtuoso 7.2.5 evaluates these canned queries wrongly (checked by hand against the data):
# strict xfail, so the day Virtuoso (or a portable rewrite of the query) gets them right,
# the test says so. None at present: the library's queries are written around the defects
# met so far (a FILTER in an OPTIONAL reading a variable bound outside it; a transitive path
# with neither end bound, or two of them in an OPTIONAL; CONCAT of a non-ASCII string).
VIRTUOSO_DEFECTS: dict[str, str] = {}


def computed_booleans(rows: list) -> list:
    """Virtuoso computes ``true``/``false`` (BIND, COALESCE) as xsd:integer 1/0, having no
    boolean type in expressions: both sides' booleans are read as those integers."""
    def one(v):
        if isinstance(v, Literal) and v.datatype == XSD_BOOLEAN:
            return Literal(int(v.toPython()), datatype=XSD_INTEGER)
        return v
    return [{k: one(v) for k, v in r.items()} for r in rows]


def duplicate_groups(rows: list) -> list:
    """Virtuoso 7.2.5 emits some GROUP BY groups twice (the same row, next to each other
    under ORDER BY); the query groups by ?figure, so no two true rows are equal."""
    return [r for i, r in enumerate(rows) if i == 0 or r != rows[i - 1]]


NORMALISE = {"readings-vs-report": computed_booleans, "money-figures": duplicate_groups}


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def pushed(virtuoso, built, store):
    """``kg push`` over the Graph Store Protocol, after the one grant it needs."""
    sizes = {str(r["g"]): int(r["n"]) for r in store.select(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    virtuoso.isql('grant SPARQL_UPDATE to "SPARQL";')
    r = CliRunner().invoke(main, ["push", "--gsp", f"{virtuoso.base}/sparql-graph-crud",
                                  *[a for d in built.dumps for a in ("--dump", str(d))]])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines() == [f"replaced <{g}>: {sizes[g]} triples" for g in GRAPHS]
    return virtuoso


@pytest.fixture(scope="module")
def remote(pushed):
    return EndpointStore(pushed.sparql, graphs=GRAPHS)


def kg(*args, endpoint=None, store=None):
    env = {"KG_ENDPOINT_GRAPHS": " ".join(GRAPHS)}
    where = ["--endpoint", endpoint] if endpoint else ["--store", str(store)]
    r = CliRunner().invoke(main, [*map(str, args), *where], env=env)
    assert r.exit_code == 0, r.output
    return r.stdout


def ordered(text: str) -> bool:
    """Whether the query's outermost solution modifiers hold an ORDER BY (rdflib's algebra)."""
    node = prepareQuery(text, initNs=PREFIXES).algebra.p
    while node.name in ("Slice", "Distinct", "Reduced", "Project", "ToMultiSet"):
        node = node.p
    return node.name == "OrderBy"


def canned_params(name: str) -> dict:
    """Default parameters; a required one (none has a default) from the query's example."""
    q = get(name)
    example = dict(re.findall(r"--param (\w+)=(\S+)", q.examples[0])) if q.examples else {}
    return {p.name: example[p.name] for p in q.params if p.required}


def names() -> list[str]:
    out = CliRunner().invoke(main, ["queries", "-f", "json"]).stdout
    return [q["name"] for q in json.loads(out)]


def test_the_canned_names_are_the_library(pushed):
    assert names() == [q.name for q in catalog()] and len(names()) >= 36


@pytest.mark.parametrize("name", [n if n not in VIRTUOSO_DEFECTS else pytest.param(
    n, marks=pytest.mark.xfail(strict=True, reason=VIRTUOSO_DEFECTS[n],
                               raises=(AssertionError, StoreError)))
    for n in names()])
def test_every_canned_query_gives_the_same_rows(remote, store, name):
    params = canned_params(name)
    there, here = (run_canned(s, name, timeout=None, **params) for s in (remote, store))
    if isinstance(here, (bool, Graph)):  # ASK; CONSTRUCT (no blank node in the data)
        assert (there if isinstance(there, bool) else set(there)) == \
            (here if isinstance(here, bool) else set(here))
        assert here, f"{name} answers nothing on the embedded store: nothing was compared"
        return
    there, here = list(there), list(here)
    normalise = NORMALISE.get(name, lambda rows: rows)
    there, here = normalise(there), normalise(here)
    if ordered(get(name).text):
        assert there == here
    else:
        key = lambda r: sorted((k, v.n3()) for k, v in r.items())  # noqa: E731
        assert sorted(map(key, there)) == sorted(map(key, here))
    assert here, f"{name} answers nothing on the embedded store: nothing was compared"


def test_push_fills_virtuoso_with_every_triple_and_only_them(remote, store):
    assert len(remote) == len(store) > 20000
    assert remote.graphs() == set(GRAPHS)


def test_the_union_default_graph_holds_virtuosos_own_graphs_without_the_setting(pushed,
                                                                                 monkeypatch):
    monkeypatch.delenv("KG_ENDPOINT_GRAPHS", raising=False)
    unscoped = EndpointStore(pushed.sparql)
    assert "http://www.openlinksw.com/schemas/virtrdf#" in unscoped.graphs()
    assert set(GRAPHS) < unscoped.graphs()


def test_ask_is_a_boolean(remote):
    assert remote.ask(f"ASK {{ <{WEICUN}> a csr:Program }}") is True
    assert remote.ask(f"ASK {{ <{WEICUN}> a csr:Organization }}") is False


def test_push_by_sparql_update_is_refused_whole_by_virtuosos_parser(pushed, remote, store,
                                                                     built):
    # Virtuoso's SPARQL compiler runs out of parser stack on a graph of thousands of triples
    # in one INSERT DATA: the update fails before it runs, so the graphs stay as they were
    # (kg push sends each graph in one request, that readers never see half of it)
    r = CliRunner().invoke(main, ["push", "--update-endpoint", pushed.sparql,
                                  *[a for d in built.dumps for a in ("--dump", str(d))]])
    assert r.exit_code == 2 and r.stderr.count("\n") == 1
    assert r.stderr.startswith(f"error: the endpoint {pushed.sparql} rejected the request "
                               f"(HTTP 400): Virtuoso 37000 Error SP030: SPARQL compiler, line ")
    assert "memory exhausted" in r.stderr
    assert len(remote) == len(store)


@pytest.mark.parametrize("args", [
    ["search", "为村", "-f", "json"],
    # Virtuoso gives BIND(EXISTS {...}) as 1/0 (xsd:integer): kg/card.py reads it with bool()
    ["show", "program:weicun", "-f", "json"],
    ["path", "为村", "寻乌县", "-f", "json"],
], ids=["search", "show", "path"])
def test_search_show_and_path_give_the_same_answers(pushed, built, args):
    there, here = kg(*args, endpoint=pushed.sparql), kg(*args, store=built.store)
    assert json.loads(there) == json.loads(here)
    assert WEICUN in here


def page_nodes(path: Path) -> list:
    text = path.read_text(encoding="utf-8")
    start = text.index('<script type="application/json" id="kg-data">') + 45
    data = json.loads(html.unescape(text[start:text.index("</script>", start)]))
    return sorted(data["nodes"], key=lambda n: n["id"])


def test_view_and_export_give_the_same_answers(pushed, built, tmp_path):
    pages = {}
    for side, where in (("there", {"endpoint": pushed.sparql}), ("here", {"store": built.store})):
        pages[side] = tmp_path / f"{side}.html"
        kg("view", "--around", "program:weicun", "-o", pages[side], **where)
    there, here = page_nodes(pages["there"]), page_nodes(pages["here"])
    assert there == here and any(n["id"].endswith("/program/weicun") for n in here)
    graphs = [Graph().parse(data=kg("export", "--around", "program:weicun", "-f", "ttl",
                                    **where), format="turtle")
              for where in ({"endpoint": pushed.sparql}, {"store": built.store})]
    assert len(graphs[1]) > 100 and isomorphic(*graphs)


def test_a_users_from_names_the_dataset_itself(remote, store):
    ontology = f"SELECT (COUNT(*) AS ?n) FROM <{GRAPHS[0]}> WHERE {{ ?s ?p ?o }}"
    there, here = (run(s, ontology, timeout=None).materialize() for s in (remote, store))
    assert int(there.rows[0]["n"]) == int(here.rows[0]["n"]) < len(store) / 2


def test_a_bad_graphs_setting_is_one_line(pushed):
    r = CliRunner().invoke(main, ["stats", "--endpoint", pushed.sparql],
                           env={"KG_ENDPOINT_GRAPHS": "https://w3id.org/csr-kg/graph/a <b>"})
    assert r.exit_code == 2
    assert r.stderr == "error: not a graph IRI in KG_ENDPOINT_GRAPHS: <b>\n"
