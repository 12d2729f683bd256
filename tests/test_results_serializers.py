"""SELECT results written by pyoxigraph's serializers (kg.result_formats) read back by the
result parsers of pyoxigraph and rdflib, hostile literals and all; `kg query` in every format
on every canned query; and terminal tables that fit the terminal (kg.terminal_table)."""

from __future__ import annotations

import csv
import io
import json
import shlex
import sys
import urllib.parse
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from terminal import in_terminal
from click.testing import CliRunner
from rdflib import BNode, Literal, URIRef
from rdflib.plugins.sparql.results.csvresults import CSVResultParser
from rdflib.plugins.sparql.results.tsvresults import TSVResultParser
from rdflib.plugins.sparql.results.xmlresults import XMLResultParser

from kg.cli import main
from kg.errors import QueryTimeout
from kg.library import catalog, get
from kg.results import display_width, write_rows
from kg.sparql import parse
from kg.store import from_oxigraph

F = ox.QueryResultsFormat
XSD = "http://www.w3.org/2001/XMLSchema#"
WEICUN = URIRef("https://w3id.org/csr-kg/id/program/weicun")
HYPERLINK = '=HYPERLINK("http://evil.example","x")'
NAMES = ["s", "v", "l", "t", "b", "u"]
ROWS = [  # u is never bound; row 3 binds little, and an empty string, not nothing, in v
    {"s": WEICUN, "v": Literal('two\nlines\tand a "quote", a comma\r'),
     "l": Literal("为村 WeCounty", lang="zh"),
     "t": Literal("15176", datatype=URIRef(XSD + "decimal")), "b": BNode("b0")},
    {"v": Literal(HYPERLINK, lang="en"), "l": Literal("-5", datatype=URIRef(XSD + "integer")),
     "t": Literal("false", datatype=URIRef(XSD + "boolean")), "b": BNode("b0")},
    {"v": Literal(""), "t": Literal("2019-12-31", datatype=URIRef(XSD + "date")), "b": BNode("b1")},
]
CSV_CELLS = [  # what SPARQL 1.1 CSV says each row is: values only, blank nodes as _:label
    [str(WEICUN), 'two\nlines\tand a "quote", a comma\r', "为村 WeCounty", "15176", "_:b0", ""],
    ["", HYPERLINK, "-5", "false", "_:b0", ""],
    ["", "", "", "2019-12-31", "_:b1", ""],
]
SELECT_NAMES = [q.name for q in catalog() if parse(q.text).form == "SELECT"]


def written(fmt: str, rows=ROWS, names=NAMES, **options) -> str:
    out = io.StringIO(newline="")
    assert write_rows(names, rows, fmt, out, **options) == len(rows)
    return out.getvalue()


def as_rdflib(solutions) -> list[dict]:
    return [{v.value: from_oxigraph(s[v]) for v in solutions.variables if s[v] is not None}
            for s in solutions]


def same_rows(got: list[dict], expected: list[dict]) -> bool:
    """Equal terms, blank nodes equal up to renaming (the same node keeps one label)."""
    renamed = {}
    for g, e in zip(got, expected):
        if g.keys() != e.keys():
            return False
        for k, term in e.items():
            if isinstance(term, BNode):
                if renamed.setdefault(term, g[k]) != g[k] or not isinstance(g[k], BNode):
                    return False
            elif g[k] != term or type(g[k]) is not type(term):
                return False
    return len(got) == len(expected)


@pytest.mark.parametrize("fmt", ["tsv", "json", "xml"])
def test_hostile_rows_read_back_by_pyoxigraph(fmt):
    solutions = ox.parse_query_results(written(fmt), getattr(F, fmt.upper()))
    assert [v.value for v in solutions.variables] == NAMES
    assert same_rows(as_rdflib(solutions), ROWS)


@pytest.mark.parametrize("fmt, parser", [("tsv", TSVResultParser), ("xml", XMLResultParser)])
def test_hostile_rows_read_back_by_rdflib(fmt, parser):
    result = parser().parse(io.StringIO(written(fmt)))
    rows = [{str(k): v for k, v in b.items() if v is not None} for b in result.bindings]
    assert [str(v) for v in result.vars] == NAMES and same_rows(rows, ROWS)


def test_tsv_is_one_line_per_row_with_turtle_terms():
    lines = written("tsv").split("\n")
    assert lines[0] == "?s\t?v\t?l\t?t\t?b\t?u" and lines[-1] == "" and len(lines) == 5
    assert lines[1].split("\t") == [f"<{WEICUN}>", '"two\\nlines\\tand a \\"quote\\", a comma\\r"',
                                    '"为村 WeCounty"@zh', f'"15176"^^<{XSD}decimal>', "_:b0", ""]
    assert lines[2].split("\t")[2:4] == ["-5", "false"]  # Turtle's short forms where they fit


def test_csv_is_the_specs_values_read_by_csv_readers():
    text = written("csv")
    assert text.startswith("s,v,l,t,b,u\r\n") and text.endswith("\r\n")
    assert list(csv.reader(io.StringIO(text, newline="")))[1:] == CSV_CELLS
    result = CSVResultParser().parse(io.StringIO(text, newline=""))
    assert [{str(k): str(v) for k, v in b.items()} for b in result.bindings] == [
        {n: c for n, c in zip(NAMES, row) if c} for row in CSV_CELLS]


def test_excel_safe_changes_only_formulas():
    cells = list(csv.reader(io.StringIO(written("csv", excel_safe=True), newline="")))[1:]
    assert cells[1][1] == "'" + HYPERLINK and cells[1][2] == "-5"  # a plain number stays
    assert [c for i, row in enumerate(cells) for j, c in enumerate(row) if (i, j) != (1, 1)] \
        == [c for i, row in enumerate(CSV_CELLS) for j, c in enumerate(row) if (i, j) != (1, 1)]
    tsv = as_rdflib(ox.parse_query_results(written("tsv", excel_safe=True), F.TSV))
    assert tsv[1]["v"] == Literal("'" + HYPERLINK, lang="en")  # still valid TSV, tag kept
    assert same_rows(tsv[:1] + tsv[2:], ROWS[:1] + ROWS[2:])
    assert written("json", excel_safe=True) == written("json")  # only csv and tsv change


def test_xml_holds_no_character_xml_cannot_hold_and_keeps_zero():
    rows = [{"x": Literal("村\x01联\x1b[31m", lang="zh"), "z": Literal(0)},
            {"x": Literal("false", datatype=URIRef(XSD + "boolean"))}]
    text = written("xml", rows, ["x", "z"])
    ET.fromstring(text)  # well-formed
    got = as_rdflib(ox.parse_query_results(text, F.XML))
    assert got == [{"x": Literal("村\ufffd联\ufffd[31m", lang="zh"), "z": Literal(0)},
                   {"x": Literal("false", datatype=URIRef(XSD + "boolean"))}]


def test_empty_and_zero_variable_results():
    assert written("csv", [], ["a", "b"]) == "a,b\r\n"
    assert written("tsv", [], ["a", "b"]) == "?a\t?b\n"
    assert json.loads(written("json", [], ["a"])) == {"head": {"vars": ["a"]},
                                                      "results": {"bindings": []}}
    assert len(list(ox.parse_query_results(written("tsv", [{}, {}], []), F.TSV))) == 2


def test_an_iri_rdflib_let_in_is_percent_encoded():
    text = written("tsv", [{"x": URIRef("http://example.org/a b{c}")}], ["x"])
    assert list(ox.parse_query_results(text, F.TSV))[0]["x"] == ox.NamedNode(
        "http://example.org/a%20b%7Bc%7D")


def test_column_names_that_are_not_variables_head_a_csv():
    rows = [{"dimension": Literal("society"), "business-partners": Literal(13)}]
    text = written("csv", rows, ["dimension", "business-partners"])
    assert text == "dimension,business-partners\r\nsociety,13\r\n"
    with pytest.raises(ValueError, match="SPARQL variable names"):
        written("json", rows, ["dimension", "business-partners"])


def test_an_error_while_rows_stream_comes_out_as_itself():
    def rows():
        yield {"x": Literal("first")}
        raise QueryTimeout("the query ran past its time limit of 1 s")

    with pytest.raises(QueryTimeout, match="time limit of 1 s"):
        write_rows(["x"], rows(), "csv", io.StringIO())


# ------------------------------------------------------------------ kg query, the real store

def kg(built, *args, env=None):
    runner = CliRunner(env={"COLUMNS": None, **(env or {})})
    return runner.invoke(main, [*args, "--store", str(built.store)])


def test_the_issues_newline_reads_back(built):
    r = kg(built, "query", "-e", 'SELECT ?x WHERE { BIND("a\\nb" AS ?x) }', "-f", "tsv")
    assert r.exit_code == 0, r.output
    assert r.stdout == '?x\n"a\\nb"\n'
    assert [s["x"] for s in ox.parse_query_results(r.stdout, F.TSV)] == [ox.Literal("a\nb")]
    got = TSVResultParser().parse(io.StringIO(r.stdout)).bindings
    assert [str(b[next(iter(b))]) for b in got] == ["a\nb"]


def test_csv_keeps_the_blank_node_prefix_and_excel_safe_works(built):
    r = kg(built, "query", "-e", "SELECT ?b WHERE { BIND(BNODE() AS ?b) }", "-f", "csv")
    assert r.stdout_bytes.startswith(b"b\r\n_:") and len(r.stdout.splitlines()) == 2
    q = 'SELECT ?h WHERE { BIND("=HYPERLINK(\\"http://evil.example\\",\\"x\\")"@en AS ?h) }'
    r = kg(built, "query", "-e", q, "-f", "csv", "--excel-safe")
    assert list(csv.reader(io.StringIO(r.stdout, newline=""))) == [["h"], ["'" + HYPERLINK]]


def test_xml_and_ask_from_kg_query(built):
    r = kg(built, "query", "-e", "SELECT ?l WHERE { program:weicun rdfs:label ?l } ORDER BY ?l",
           "-f", "xml")
    assert r.exit_code == 0, r.output
    assert [s["l"] for s in ox.parse_query_results(r.stdout, F.XML)] == [
        ox.Literal("Tencent WeCounty", language="en"), ox.Literal("腾讯为村", language="zh")]
    r = kg(built, "query", "-e", "ASK { program:weicun a csr:Program }", "-f", "xml")
    assert bool(ox.parse_query_results(r.stdout, F.XML)) is True
    r = kg(built, "query", "-e", "ASK { program:weicun a csr:Event }", "-f", "json")
    assert (r.exit_code, json.loads(r.stdout)["boolean"]) == (1, False)


def _params(name: str) -> list[str]:
    """The --param options of the canned query's first example (a required one needs it)."""
    words = shlex.split(get(name).examples[0]) if get(name).examples else []
    return [x for i, w in enumerate(words) if w == "--param" for x in ("-p", words[i + 1])]


def _json_cell(term: dict | None) -> str:
    if term is None:
        return ""
    return ("_:" if term["type"] == "bnode" else "") + term["value"]


@pytest.mark.parametrize("name", SELECT_NAMES)
def test_every_canned_querys_csv_equals_its_json(built, name):
    args = ["query", "--name", name, *_params(name), "--lang", "zh"]
    as_json = kg(built, *args, "-f", "json")
    as_csv = kg(built, *args, "-f", "csv")
    assert as_json.exit_code == as_csv.exit_code == 0, as_json.output + as_csv.output
    answer = json.loads(as_json.stdout)
    names = answer["head"]["vars"]
    expected = [[_json_cell(b.get(v)) for v in names] for b in answer["results"]["bindings"]]
    read = list(csv.reader(io.StringIO(as_csv.stdout, newline=""), strict=True))
    assert read[0] == names
    assert read[1:] == expected
    assert len(expected) > 0 or name in {"figure-conflicts", "programs-without-partners",
                                         "unanswered-demands", "readings-vs-report"}


def _too_wide(text: str, width: int) -> list[str]:
    return [line for line in text.splitlines() if display_width(line) > width]


def kg_in_terminal(built, args: list[str], columns: int | None = None, size: int = 0) -> str:
    """What ``kg`` wrote to a real pseudo-terminal ``size`` columns wide (0: size unknown),
    with ``COLUMNS`` set to ``columns`` or unset."""
    got = in_terminal([sys.executable, "-m", "kg.cli", *args, "--store", str(built.store)],
                      {"COLUMNS": str(columns)} if columns else {}, 120, columns=size)
    text = got.decode("utf-8").replace("\r\n", "\n")
    assert in_terminal.returncode == 0, text
    return text


@pytest.mark.parametrize("name", SELECT_NAMES)
def test_every_canned_table_fits_80_columns_with_every_header(built, name):
    args = ["query", "--name", name, *_params(name)]
    table = kg_in_terminal(built, args, columns=80, size=200)  # COLUMNS wins over the size
    assert _too_wide(table, 80) == [] and table.endswith(("row)\n", "rows)\n"))
    names = json.loads(kg(built, *args, "--lang", "zh", "-f", "json").stdout)["head"]["vars"]
    lines = table.splitlines()
    if lines[0].startswith("-[ row 1 ]"):  # records: each header starts a line, in order
        assert [line.split()[0] for line in lines[1:1 + len(names)]] == names
    else:
        assert lines[0].split() == names


WIDE = ("SELECT ?p ?l ?d WHERE { ?p a csr:Program ; rdfs:label ?l ; dcterms:description ?d "
        "FILTER(LANG(?l) = 'zh' && LANG(?d) = 'en') } ORDER BY ?p ?l LIMIT 5")


def test_a_wide_table_shares_the_width_and_elides_with_an_ellipsis(built):
    descriptions = [b["d"]["value"] for b in json.loads(kg(
        built, "query", "-e", WIDE, "-f", "json").stdout)["results"]["bindings"]]
    assert len(descriptions) == 5 and max(len(d) for d in descriptions) > 100
    fitted = kg_in_terminal(built, ["query", "-e", WIDE, "--no-labels"], size=60)
    assert _too_wide(fitted, 60) == [] and fitted.count("…") >= 5
    lines = fitted.splitlines()
    assert lines[0].split() == ["p", "l", "d"] and lines[-1] == "(5 rows)"
    # the CJK labels keep the columns aligned: the third column starts at one display column
    starts = {display_width(line[:line.index(d[:12])]) for line, d in zip(lines[2:], descriptions)}
    assert len(starts) == 1


def test_not_a_terminal_gets_every_cell_whole(built):
    descriptions = [b["d"]["value"] for b in json.loads(kg(
        built, "query", "-e", WIDE, "-f", "json").stdout)["results"]["bindings"]]
    # a pipe: no limit, whatever COLUMNS says (readline exports it into child processes)
    whole = kg(built, "query", "-e", WIDE, "--no-labels", env={"COLUMNS": "60"})
    assert whole.exit_code == 0 and all(d in whole.stdout for d in descriptions)
    # nor a terminal that does not know its size
    unknown = kg_in_terminal(built, ["query", "-e", WIDE, "--no-labels"], size=0)
    assert all(d in unknown for d in descriptions)


def test_a_real_terminal_is_fitted_to_its_width(built):
    text = kg_in_terminal(built, ["query", "--name", "partners-of-program", "-p",
                               "program=如祺出行"], size=72)
    assert _too_wide(text, 72) == [] and "滴滴" in text and text.endswith("rows)\n")
    assert _too_wide(kg_in_terminal(built, ["query", "--name", "partners-of-program", "-p",
                                         "program=如祺出行"], size=150), 72) != []


def test_control_characters_in_a_table_are_shown_not_run(built):
    q = 'SELECT ?x WHERE { BIND("red\\u001b[31m text" AS ?x) }'
    r = kg(built, "query", "-e", q)
    assert "\x1b" not in r.stdout and "red\\x1b[31m text" in r.stdout


@pytest.fixture(scope="module")
def served(built):
    from serve_process import Served

    server = Served(built.store)
    yield server
    server.stop()


@pytest.mark.parametrize("fmt, accept", [("csv", "text/csv"),
                                         ("tsv", "text/tab-separated-values"),
                                         ("json", "application/sparql-results+json"),
                                         ("xml", "application/sparql-results+xml")])
def test_the_endpoint_answers_the_same_bytes_as_kg_query(built, served, fmt, accept):
    q = ("SELECT ?p ?l ?n WHERE { ?p a csr:Program ; rdfs:label ?l "
         "OPTIONAL { ?p csr:startDate ?n } } ORDER BY ?p ?l LIMIT 6")
    cli = kg(built, "query", "-e", q, "-f", fmt)
    status, headers, body = served.get("/sparql?" + urllib.parse.urlencode({"query": q}), accept)
    assert status == 200 and headers["content-type"].startswith(accept)
    assert body == cli.stdout_bytes and cli.stdout.count("csr-kg/id/program/") >= 6
