"""What kg writes stays readable and harmless when the graph did not come through our build
(a TriG given with --engine rdflib, an endpoint): GraphML, GEXF, Cytoscape and RDF/XML hold
no character XML cannot hold, and CSV/TSV cells can be made safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kg.build import build_dataset, serialize_trig
from kg.export import FORMATS
from kg.paths import ONTOLOGY_DIR
from kg.results import excel_safe_cell, write_rows
from kg.select import SelectionSpec, select
from kg.store import RdflibStore

FIXTURES = Path(__file__).parent / "fixtures"
VILLAGE_LINK = URIRef("https://w3id.org/csr-kg/id/program/village-link")
FOUNDATION = URIRef("https://w3id.org/csr-kg/id/org/sample-foundation")
# TriG escapes, as a hostile file would give them
HOSTILE = {'"村联"@zh': '"村\\u0001联\\u001b[31m"@zh',
           '"Village Link"@en': '"Village\\u0001 Link\\u001b]0;x\\u0007"@en',
           '"Sample Foundation"@en': '"=HYPERLINK(\\"http://evil.example\\",\\"x\\")"@en',
           '"样例基金会"@zh': '"@SUM(1+1)*cmd|\' /C calc\'!A0"@zh'}
OPTIONS = {"lang": "zh", "provenance": True}
INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    """The mini report as a TriG file from elsewhere: labels with control characters and
    formulas, read by the rdflib engine as `kg --engine rdflib --store X.trig` does."""
    text = serialize_trig(build_dataset([FIXTURES / "mini-report"], ONTOLOGY_DIR)).decode()
    for good, bad in HOSTILE.items():
        assert good in text
        text = text.replace(good, bad)
    path = tmp_path_factory.mktemp("hostile") / "hostile.trig"
    path.write_text(text, encoding="utf-8")
    store = RdflibStore(trig=path)
    labels = {str(o) for o in store.dataset.objects(VILLAGE_LINK, RDFS.label)}
    assert "村\x01联\x1b[31m" in labels  # the store really holds the control characters
    return store


@pytest.fixture(scope="module")
def whole(hostile_store):
    return select(hostile_store, SelectionSpec())


def written(store, selection, fmt: str, **options) -> dict[str, bytes]:
    return FORMATS[fmt].writer(store, selection, {**OPTIONS, **options})


# ---------------------------------------------------------------- 7. XML-safe exports

def test_graphml_with_control_characters_reads_back(hostile_store, whole):
    g = nx.read_graphml(io.BytesIO(written(hostile_store, whole, "graphml")[""]))
    node = g.nodes["program:village-link"]
    assert node["zh"] == "村\ufffd联\ufffd[31m"
    assert node["en"] == "Village\ufffd Link\ufffd]0;x\ufffd"


def test_gexf_with_control_characters_reads_back(hostile_store, whole):
    g = nx.read_gexf(io.BytesIO(written(hostile_store, whole, "gexf")[""]))
    assert g.nodes["program:village-link"]["zh"] == "村\ufffd联\ufffd[31m"


def test_cytoscape_with_control_characters_reads_back(hostile_store, whole):
    data = json.loads(written(hostile_store, whole, "cytoscape")[""])
    g = nx.cytoscape_graph(data)
    assert g.nodes["program:village-link"]["zh"] == "村\ufffd联\ufffd[31m"


def test_rdfxml_with_control_characters_reads_back(hostile_store, whole):
    g = Graph().parse(data=written(hostile_store, whole, "rdfxml")[""], format="xml")
    assert Literal("村\ufffd联\ufffd[31m", lang="zh") in set(g.objects(VILLAGE_LINK, RDFS.label))
    assert len(g) > 50


def test_other_rdf_formats_keep_the_text_exactly(hostile_store, whole):
    g = Graph().parse(data=written(hostile_store, whole, "nt")[""], format="nt")
    assert Literal("村\x01联\x1b[31m", lang="zh") in set(g.objects(VILLAGE_LINK, RDFS.label))


# ---------------------------------------------------------------- 8. formula injection

CELLS = {  # value -> as written with excel_safe
    "=1+1": "'=1+1", "+SUM(A1)": "'+SUM(A1)", "-2+3": "'-2+3", "@cmd": "'@cmd",
    "\tx": "'\tx", "\r=x": "'\r=x", "-5": "-5", "+3.2": "+3.2", "-1.5e3": "-1.5e3",
    "plain": "plain", "": "", "a=b": "a=b",
}


def test_excel_safe_cell_leaves_plain_numbers():
    assert {value: excel_safe_cell(value) for value in CELLS} == CELLS


def rows():
    return [{"v": Literal(value)} for value in CELLS]


@pytest.mark.parametrize("excel_safe", [False, True])
def test_csv_results_are_exact_or_excel_safe(excel_safe):
    out = io.StringIO(newline="")
    assert write_rows(["v"], rows(), "csv", out, excel_safe=excel_safe) == len(CELLS)
    read = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert read[0] == ["v"]
    expected = list(CELLS.values()) if excel_safe else list(CELLS)
    assert [r[0] if r else "" for r in read[1:]] == expected


def test_csv_results_are_exact_by_default():
    out = io.StringIO(newline="")
    write_rows(["v"], rows(), "csv", out)
    read = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert [r[0] if r else "" for r in read[1:]] == list(CELLS)


def tsv(excel_safe: bool, values: list) -> list[list[str]]:
    out = io.StringIO(newline="")
    write_rows(["v", "n"], values, "tsv", out, excel_safe=excel_safe)
    return list(csv.reader(io.StringIO(out.getvalue(), newline=""), delimiter="\t",
                           quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize("excel_safe", [False, True])
def test_tsv_results_are_exact_or_excel_safe(excel_safe):
    values = [{"v": Literal("=1+1", lang="en"), "n": Literal(-5)},
              {"v": Literal("@cmd"), "n": Literal("=2", datatype=INTEGER)},
              {"v": Literal("plain"), "n": Literal("3.5", datatype=DECIMAL)}]
    read = tsv(excel_safe, values)
    assert read[0] == ["?v", "?n"]
    if excel_safe:
        # the apostrophe goes inside the quotes (it used to go before them): pyoxigraph's TSV
        # writer changes only the literal's value, so the file stays SPARQL 1.1 TSV
        assert read[1:] == [["\"'=1+1\"@en", "-5"],
                            ["\"'@cmd\"", f"\"'=2\"^^<{INTEGER}>"],
                            ['"plain"', "3.5"]]
    else:
        assert read[1:] == [['"=1+1"@en', "-5"], ['"@cmd"', f'"=2"^^<{INTEGER}>'],
                            ['"plain"', "3.5"]]


def test_tsv_literal_with_a_line_break_stays_on_one_row():
    read = tsv(False, [{"v": Literal("two\nlines", lang="en"), "n": Literal(1)}])
    assert read[1:] == [['"two\\nlines"@en', "1"]]


@pytest.mark.parametrize("excel_safe", [False, True])
def test_neo4j_csv_is_exact_or_excel_safe(hostile_store, whole, excel_safe):
    files = written(hostile_store, whole, "csv", excel_safe=excel_safe)
    nodes = list(csv.DictReader(io.StringIO(files["nodes.csv"].decode("utf-8"))))
    foundation = next(n for n in nodes if n["iri"] == str(FOUNDATION))
    prefix = "'" if excel_safe else ""
    assert foundation["en"] == prefix + '=HYPERLINK("http://evil.example","x")'
    assert foundation["zh"] == prefix + "@SUM(1+1)*cmd|' /C calc'!A0"
    rels = list(csv.reader(io.StringIO(files["relationships.csv"].decode("utf-8"))))
    ids = {n["id:ID"] for n in nodes}
    assert all(r[0] in ids and r[1] in ids for r in rels[1:])


def test_neo4j_csv_is_exact_without_the_option(hostile_store, whole):
    files = FORMATS["csv"].writer(hostile_store, whole, dict(OPTIONS))
    assert b'"=HYPERLINK(""http://evil.example"",""x"")"' in files["nodes.csv"]
