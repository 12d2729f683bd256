"""kg export: every format written, then read back by readers we did not write (rdflib and
pyoxigraph for RDF, networkx and igraph for GraphML, networkx for GEXF and Cytoscape.js, the
csv module for Neo4j's import files), holding exactly the selection."""

from __future__ import annotations

import csv
import json
import re
from decimal import Decimal

import igraph
import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDFS, XSD

from kg.cli import main
from kg.errors import UsageError
from kg.export import FORMATS, export, rdf_of
from kg.library import catalog
from kg.query import run_canned
from kg.select import SelectionSpec, select
from kg.store import OxigraphStore

ID = "https://w3id.org/csr-kg/id/"
WEICUN = URIRef(f"{ID}program/weicun")
REPORT_GRAPH = URIRef("https://w3id.org/csr-kg/graph/tencent-csr-2019")
OX_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
              "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
              "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig",
                  "jsonld": "json-ld", "rdfxml": "xml"}


@pytest.fixture(scope="module")
def weicun(store):
    return select(store, SelectionSpec(around="为村", hops=1))


def canonical(term):
    """Decimals by value (rdflib writes 169 as 169.0, Oxigraph reads 169.0 as 169), and
    xsd:string literals as simple literals (the same thing in RDF 1.1)."""
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        return Literal(format(Decimal(str(term)).normalize(), "f"), datatype=XSD.decimal)
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def flat(triples) -> Graph:
    g = Graph()
    for s, p, o, *_ in triples:
        g.add((s, p, canonical(o)))
    return g


def from_oxigraph(path, fmt) -> Graph:
    g = Graph()
    for q in ox.parse(path=str(path), format=OX_FORMATS[fmt]):
        terms = []
        for t in (q.subject, q.predicate, q.object):
            if isinstance(t, ox.NamedNode):
                terms.append(URIRef(t.value))
            elif t.language:
                terms.append(Literal(t.value, lang=t.language))
            else:
                terms.append(Literal(t.value, datatype=URIRef(t.datatype.value)))
        g.add((terms[0], terms[1], canonical(terms[2])))
    return g


@pytest.mark.parametrize("fmt", list(RDFLIB_FORMATS))
def test_rdf_formats_read_back_by_rdflib_and_oxigraph(store, weicun, tmp_path, fmt):
    expected = flat(rdf_of(store, weicun).quads((None, None, None, None)))
    path = tmp_path / f"weicun.{fmt}"
    assert export(store, weicun, fmt, path) == [path]
    if fmt in ("nq", "trig"):
        ds = Dataset()
        ds.parse(str(path), format=RDFLIB_FORMATS[fmt])
        assert REPORT_GRAPH in {g.identifier for g in ds.graphs()}  # named graph kept
        assert (WEICUN, RDFS.label, Literal("腾讯为村", lang="zh"), REPORT_GRAPH) in ds
        by_rdflib = flat(ds.quads((None, None, None, None)))
    else:
        by_rdflib = flat(Graph().parse(str(path), format=RDFLIB_FORMATS[fmt]))
    by_oxigraph = from_oxigraph(path, fmt)
    assert isomorphic(by_rdflib, expected) and isomorphic(by_oxigraph, expected)
    assert (WEICUN, RDFS.label, Literal("腾讯为村", lang="zh")) in by_oxigraph


def test_rdf_of_a_selection_holds_its_entities_and_nothing_beyond(store, weicun):
    g = flat(rdf_of(store, weicun).quads((None, None, None, None)))
    entities = set(weicun.projection)
    described = {str(s) for s in g.subjects() if str(s) in entities}
    assert described == weicun.nodes
    linked = {str(o) for o in g.objects() if str(o) in entities}
    assert linked <= weicun.nodes  # no link out of the selection
    # the partnership of 为村 with 邱泽奇 comes along; the figures about 为村 too
    partnership = URIRef(f"{ID}partnership/tencent-csr-2019/weicun--qiu-zeqi--research-partner")
    assert (partnership, URIRef("https://w3id.org/csr-kg/ontology#partner"),
            URIRef(f"{ID}person/qiu-zeqi")) in g
    figures = set(g.subjects(URIRef("https://w3id.org/csr-kg/ontology#observedEntity"),
                             WEICUN))
    assert len(figures) == 12
    # sources: 为村 is sourced to six sections or parts, whose labels and pages come along
    sources = set(g.objects(WEICUN, DCTERMS.source))
    assert {str(s).rsplit("/", 1)[-1] for s in sources} == {
        "msg-ma-huateng", "msg-chen-yidan", "csr-approach-award-winners", "focus-poverty",
        "s2-3-rural-governance", "s2-3-case-qionglai"}
    assert all((s, URIRef("https://w3id.org/csr-kg/ontology#startPage"), None) in g
               for s in sources)


def test_without_provenance_drops_the_source_links(store, weicun, tmp_path):
    g = flat(rdf_of(store, weicun, provenance=False).quads((None, None, None, None)))
    assert not list(g.triples((None, DCTERMS.source, None)))
    export(store, weicun, "graphml", tmp_path / "w.graphml", provenance=False)
    read = nx.read_graphml(tmp_path / "w.graphml")
    assert "sources" not in read.nodes["program:weicun"]


def test_graphml_read_by_networkx_and_igraph(store, weicun, tmp_path):
    path = tmp_path / "weicun.graphml"
    export(store, weicun, "graphml", path, lang="en")
    g = nx.read_graphml(path)
    assert g.number_of_nodes() == len(weicun.nodes)
    assert g.number_of_edges() == weicun.graph.number_of_edges()
    node = g.nodes["program:weicun"]
    assert (node["zh"], node["en"], node["label"], node["class"]) == (
        "腾讯为村", "Tencent WeCounty", "Tencent WeCounty", "csr:Program")
    assert "腾讯式扶贫 pp. 11-14" in node["sources"]
    ig = igraph.Graph.Read_GraphML(str(path))
    assert (ig.vcount(), ig.ecount()) == (len(weicun.nodes), weicun.graph.number_of_edges())
    assert "腾讯为村" in ig.vs["zh"]
    assert set(ig.es["relation"]) >= {"csr:runBy", "csr:partner", "csr:grewOutOf"}


def test_gexf_read_by_networkx(store, weicun, tmp_path):
    path = tmp_path / "weicun.gexf"
    export(store, weicun, "gexf", path)
    g = nx.read_gexf(path)
    assert g.number_of_nodes() == len(weicun.nodes)
    assert g.number_of_edges() == weicun.graph.number_of_edges()
    node = g.nodes["program:weicun"]
    assert (node["label"], node["en"], node["type"]) == ("腾讯为村", "Tencent WeCounty",
                                                         "program")
    roles = {d.get("role") for _, _, d in g.edges(data=True)}
    assert "partner-role:research-partner" in roles


def test_cytoscape_elements_read_by_networkx(store, weicun, tmp_path):
    path = tmp_path / "weicun.json"
    export(store, weicun, "cytoscape", path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data["elements"]) == {"nodes", "edges"}
    g = nx.cytoscape_graph(data)
    assert g.number_of_nodes() == len(weicun.nodes)
    assert g.number_of_edges() == weicun.graph.number_of_edges()
    assert g.nodes["program:weicun"]["name"] == "腾讯为村"


def test_csv_for_neo4j_admin_import(store, weicun, tmp_path):
    written = export(store, weicun, "csv", tmp_path / "neo4j")
    assert [p.name for p in written] == ["nodes.csv", "relationships.csv"]
    with open(written[0], encoding="utf-8", newline="") as f:
        nodes = list(csv.DictReader(f))
    with open(written[1], encoding="utf-8", newline="") as f:
        rels = list(csv.DictReader(f))
    assert list(nodes[0])[0] == "id:ID" and list(nodes[0])[-1] == ":LABEL"
    assert list(rels[0])[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert len(nodes) == len(weicun.nodes)
    assert len(rels) == weicun.graph.number_of_edges()
    ids = {n["id:ID"] for n in nodes}
    assert all(r[":START_ID"] in ids and r[":END_ID"] in ids for r in rels)
    weicun_row = next(n for n in nodes if n["id:ID"] == "program:weicun")
    assert (weicun_row["zh"], weicun_row[":LABEL"]) == ("腾讯为村", "Program")
    foundation = next(n for n in nodes if n["id:ID"] == "organization:tencent-foundation")
    assert foundation[":LABEL"] == "Organization;Foundation"
    assert {"RUN_BY", "PARTNER", "GREW_OUT_OF"} <= {r[":TYPE"] for r in rels}


def test_path_selection_holds_exactly_the_path(store, tmp_path):
    sel = select(store, SelectionSpec(path=("为村", "寻乌县")))
    export(store, sel, "graphml", tmp_path / "p.graphml")
    g = nx.read_graphml(tmp_path / "p.graphml")
    assert set(g) == {"program:weicun", "program:xunwu-streetlight-plan",
                      "place:xunwu-county"}


def test_construct_selection_exports_exactly_the_querys_graph(store, tmp_path):
    q = ("CONSTRUCT { ?org csr:partner ?o } WHERE { ?pp csr:partnershipIn ?org ; "
         "csr:partner ?o ; csr:reporterSide false } ")
    sel = select(store, SelectionSpec(query=q))
    export(store, sel, "ttl", tmp_path / "q.ttl")
    expected = flat(store.construct(q))
    assert len(expected) > 100
    assert isomorphic(flat(Graph().parse(str(tmp_path / "q.ttl"))), expected)


def test_whole_graph_round_trip_through_trig(store, built, tmp_path):
    whole = select(store, SelectionSpec())
    path = tmp_path / "all.trig"
    export(store, whole, "trig", path)
    copy = ox.Store(str(tmp_path / "copy"))
    copy.bulk_load(path=str(path), format=ox.RdfFormat.TRIG)
    copy.flush()
    del copy
    again = OxigraphStore(tmp_path / "copy")
    assert len(again) == len(store)
    for q in catalog():
        params = dict(re.findall(r"--param (\w+)=(\S+)", q.examples[0]))
        a = run_canned(store, q.name, timeout=None, **params)
        b = run_canned(again, q.name, timeout=None, **params)
        if isinstance(a, Graph):
            assert isomorphic(a, b), q.name
        elif isinstance(a, bool):
            assert a == b, q.name
        else:
            assert [sorted(r.items()) for r in a] == [sorted(r.items()) for r in b], q.name


def test_files_are_not_overwritten_without_force(store, weicun, tmp_path):
    path = tmp_path / "w.ttl"
    path.write_text("keep me")
    with pytest.raises(UsageError, match="exists; pass --force"):
        export(store, weicun, "ttl", path)
    assert path.read_text() == "keep me"
    export(store, weicun, "ttl", path, force=True)
    assert "腾讯为村" in path.read_text(encoding="utf-8")
    (tmp_path / "n").mkdir()
    (tmp_path / "n" / "relationships.csv").write_text("keep me too")
    with pytest.raises(UsageError, match="relationships.csv exists"):
        export(store, weicun, "csv", tmp_path / "n")
    assert not (tmp_path / "n" / "nodes.csv").exists()  # nothing half-written


def test_every_format_is_in_the_registry_and_written(store, weicun, tmp_path):
    for name in FORMATS:
        out = tmp_path / name / ("dir" if FORMATS[name].files else f"out.{name}")
        (tmp_path / name).mkdir()
        written = export(store, weicun, name, out)
        assert written and all(p.stat().st_size > 0 for p in written), name


def test_cli_export(built, tmp_path):
    out = tmp_path / "weicun.gexf"
    r = CliRunner().invoke(main, ["export", "--around", "为村", "-f", "gexf", "-o", str(out),
                                  "--store", str(built.store)])
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith(f"wrote {out} (")
    r = CliRunner().invoke(main, ["export", "--path", "为村", "寻乌县", "-f", "nt", "-o", "-",
                                  "--store", str(built.store)])
    assert r.exit_code == 0 and "腾讯为村" in r.stdout and "寻乌县" in r.stdout
    r = CliRunner().invoke(main, ["export", "-f", "csv", "-o", "-",
                                  "--store", str(built.store)])
    assert r.exit_code == 2 and "cannot go to standard output" in r.stderr
    r = CliRunner().invoke(main, ["export", "--around", "腾讯未村", "-f", "ttl", "-o",
                                  str(tmp_path / "x.ttl"), "--store", str(built.store)])
    assert r.exit_code == 2 and "closest: 腾讯数村" in r.stderr
    assert not (tmp_path / "x.ttl").exists()
    r = CliRunner().invoke(main, ["export", "-f", "yaml", "-o", "x"])
    assert r.exit_code == 2 and "'yaml' is not one of 'ttl'" in r.stderr
