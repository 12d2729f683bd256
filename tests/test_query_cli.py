"""kg query and kg queries on the real store: formats other tools read back, typed parameters,
and the safety rules (read-only, no remote fetches, a time limit that really stops a query)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from kg.cli import main
from kg.errors import QueryError, QueryTimeout
from kg.limits import run_limited
from kg.results import display_width

RUQI = "https://w3id.org/csr-kg/id/org/ruqi-mobility"
OUTSIDE_PARTNERS = """
SELECT ?partner WHERE {
  ?pp csr:partnershipIn ?org ; csr:partner ?partner ; csr:reporterSide false .
} ORDER BY ?partner"""
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def kg(built, *args, input=None):
    return CliRunner().invoke(main, [*args, "--store", str(built.store)], input=input)


def test_table_shows_labels_and_lines_up_chinese(built):
    r = kg(built, "query", "-e", OUTSIDE_PARTNERS, "-p", "org=如祺出行")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["partner", "partnerLabel"]
    body = lines[2:-1]
    assert [line.split()[1] for line in body] == ["滴滴", "广汽", "广州公交集团"]
    assert lines[-1] == "(3 rows)"
    # the label column starts at the same terminal column on every line, CJK counted as two
    starts = {display_width(line[:line.index(line.split()[1])]) for line in body}
    assert len(starts) == 1


def test_english_labels(built):
    r = kg(built, "query", "-e", OUTSIDE_PARTNERS, "-p", f"org=<{RUQI}>", "--lang", "en")
    assert r.exit_code == 0, r.output
    assert "GAC Group" in r.stdout and "DiDi" in r.stdout and "广汽" not in r.stdout


def test_json_is_w3c_results_read_by_oxigraph(built):
    r = kg(built, "query", "-e", OUTSIDE_PARTNERS, "-p", "org=organization:ruqi-mobility",
           "--format", "json")
    assert r.exit_code == 0, r.output
    parsed = ox.parse_query_results(r.stdout.encode(), format=ox.QueryResultsFormat.JSON)
    assert [s["partner"].value for s in parsed] == [
        "https://w3id.org/csr-kg/id/org/didi", "https://w3id.org/csr-kg/id/org/gac-group",
        "https://w3id.org/csr-kg/id/org/guangzhou-public-transport-group"]
    assert json.loads(r.stdout)["head"]["vars"] == ["partner"]  # no label column unasked


def test_csv_and_tsv_are_read_by_other_parsers(built):
    q = ("SELECT ?v ?u ?asOf WHERE { ?o csr:observedEntity program:weicun ; rdf:value ?v ; "
         "csr:unit ?u ; csr:asOf ?asOf ; csr:measure ?m FILTER(CONTAINS(?m, \"加入平台\")) }")
    r = kg(built, "query", "-e", q, "--format", "csv")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert rows == [{"v": "15176", "u": "https://w3id.org/csr-kg/id/unit/village",
                     "asOf": "2020-02-29"}]
    r = kg(built, "query", "-e", q, "--format", "tsv", "--lang", "en")
    parsed = list(ox.parse_query_results(r.stdout.encode(), format=ox.QueryResultsFormat.TSV))
    assert parsed[0]["v"] == ox.Literal("15176", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#decimal"))
    assert parsed[0]["uLabel"].value == "villages"


def test_markdown(built):
    r = kg(built, "query", "-e", OUTSIDE_PARTNERS, "-p", "org=ruqi-mobility", "-f", "md")
    assert r.stdout.splitlines()[:3] == [
        "| partner | partnerLabel |", "|---|---|",
        "| organization:didi | 滴滴 |"]


def test_construct_formats_parse_back(built):
    q = "CONSTRUCT { program:weicun rdfs:label ?l } WHERE { program:weicun rdfs:label ?l }"
    expected = {Literal("腾讯为村", lang="zh"), Literal("Tencent WeCounty", lang="en")}
    for fmt, parser in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        r = kg(built, "query", "-e", q, "--format", fmt)
        assert r.exit_code == 0, r.output
        g = Graph().parse(data=r.stdout, format=parser)
        assert set(g.objects()) == expected, fmt
    r = kg(built, "query", "-e", q, "--format", "csv")
    assert r.exit_code == 2 and "choose one of: ttl, nt, jsonld" in r.stderr


def test_ask_answers_with_exit_code(built):
    assert kg(built, "query", "-e", "ASK { program:weicun a csr:Program }").stdout == "true\n"
    r = kg(built, "query", "-e", "ASK { program:weicun a csr:Event }")
    assert (r.exit_code, r.stdout) == (1, "false\n")


def test_query_from_file_and_stdin_and_output_file(built, tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT ?l WHERE { program:weicun rdfs:label ?l FILTER(LANG(?l) = 'zh') }",
                  encoding="utf-8")
    assert "腾讯为村" in kg(built, "query", str(rq)).stdout
    assert "腾讯为村" in kg(built, "query", "-", input=rq.read_text()).stdout
    out = tmp_path / "out.csv"
    r = kg(built, "query", str(rq), "-f", "csv", "-o", str(out))
    assert r.exit_code == 0 and out.read_bytes().decode() == "l\r\n腾讯为村\r\n"


def test_failed_query_leaves_existing_output_file_alone(built, tmp_path):
    out = tmp_path / "answers.csv"
    out.write_text("earlier answers\n")
    r = kg(built, "query", "-e", RUNAWAY, "--timeout", "1", "-f", "csv", "-o", str(out))
    assert r.exit_code == 3
    assert out.read_text() == "earlier answers\n"
    assert [p.name for p in tmp_path.iterdir()] == ["answers.csv"]  # no temporary file left


def test_typed_parameters(built):
    q = ("SELECT ?o WHERE { ?o csr:observedEntity program:weicun ; csr:asOf ?d ; "
         "rdf:value ?v }")
    r = kg(built, "query", "-e", q, "-p", "d=2020-02-29", "-p", "v=15176.0", "-f", "csv",
           "--no-labels")
    assert r.exit_code == 0, r.output
    assert len(r.stdout.splitlines()) == 2  # one figure: 15176 villages on 2020-02-29
    r = kg(built, "query", "-e", "SELECT ?p WHERE { ?p rdfs:label ?l }", "-p",
           "l=Tencent WeCounty@en", "-f", "csv", "--no-labels")
    assert r.stdout.splitlines()[1] == "https://w3id.org/csr-kg/id/program/weicun"


@pytest.mark.parametrize("args, message", [
    (["-e", "SELECT ?x WHERE { ?x ?y }"], "SPARQL syntax error at line 1, column "),
    (["-e", "SELECT ?x WHERE {\n  ?x ?y ?z .\n  FILTER(\n}"], "at line 3, column 3"),
    (["-e", "INSERT DATA { program:x a csr:Program }"], "refused: this is a SPARQL Update"),
    (["-e", "DELETE WHERE { ?s ?p ?o }"], "refused: this is a SPARQL Update (DELETE WHERE)"),
    (["-e", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"],
     "refused: SERVICE <http://example.org/sparql> at line 1, column 18"),
    (["-e", "SELECT * FROM <http://example.org/g.ttl> WHERE { ?s ?p ?o }"],
     "refused: FROM <http://example.org/g.ttl>"),
    (["--name", "no-such-query"], "no canned query 'no-such-query' (choose one of: "),
    (["-e", "SELECT ?x WHERE { ?x a csr:Program }", "-p", "y=1"],
     "the query has no variable ?y"),
    (["-e", "SELECT ?x WHERE { ?x a csr:Program }", "-p", "x"], "write it as name=value"),
    (["-e", "SELECT ?x WHERE { ?x a csr:Program }", "-p", "x=腾讯未村@zz-"], None),
    (["-e", "SELECT ?x WHERE { ?x a csr:Program }", "--format", "xls"],  # xml is offered now
     "'xls' is not one of 'table', 'csv'"),
    ([], "give the query one way"),
    (["nowhere.rq"], "cannot read nowhere.rq"),
])
def test_bad_input_is_one_line_and_exit_2(built, args, message):
    r = kg(built, "query", *args)
    assert r.exit_code == 2, r.output
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("error: ")
    if message:
        assert message in r.stderr
    assert "Traceback" not in r.output


def test_syntax_error_position_is_in_the_users_text_even_with_parameters(built):
    bad = "SELECT ?l WHERE { ?p rdfs:label ?l ?x }"
    plain = kg(built, "query", "-e", bad).stderr
    bound = kg(built, "query", "-e", bad, "-p", "p=program:weicun").stderr
    assert plain == bound and "line 1, column" in plain


def test_service_runs_only_with_allow_remote(built):
    # allowed, the query reaches the engine (nothing listens on port 9 of this machine, so it
    # fails there, as a query error, not as a refusal)
    q = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    r = kg(built, "query", "-e", q, "--allow-remote", "--timeout", "10")
    assert "refused" not in r.stderr


def test_from_a_graph_of_the_store_is_allowed(built):
    q = ("SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/csr-kg/graph/ontology> "
         "WHERE { ?c a owl:Class }")
    r = kg(built, "query", "-e", q, "-f", "csv")
    assert r.exit_code == 0, r.output
    assert int(r.stdout.splitlines()[1]) == 31  # 29 + csr:Framework, csr:FrameworkConcept


def test_timeout_really_stops_a_runaway_query(store):
    before = _children()
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="time limit of 1 s"):
        store.select(RUNAWAY, timeout=1)
    # stopped, not finished: the cross product of 18k triples cubed would run for hours
    assert time.monotonic() - started < 20
    assert _children() == before  # the worker process is gone


def test_timeout_from_the_command_line_exits_3(built):
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "query", "-e", RUNAWAY,
                           "--timeout", "1", "--store", str(built.store)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3
    assert proc.stderr.strip().splitlines() == [
        "error: the query ran past its time limit of 1 s and was stopped "
        "(raise it with --timeout)"]
    assert time.monotonic() - started < 30


def test_limited_run_streams_and_reports_errors():
    assert list(run_limited(lambda: iter(range(1200)), timeout=30)) == list(range(1200))

    def broken():
        yield 1
        raise QueryError("bad thing")

    with pytest.raises(QueryError, match="bad thing"):
        list(run_limited(broken, timeout=30))


def test_large_results_stream(built):
    # every triple of the store, in N-Triples, without a limit: written as it arrives
    r = kg(built, "query", "-e", "CONSTRUCT WHERE { ?s ?p ?o }", "-f", "nt")
    assert r.exit_code == 0
    assert len(r.stdout.splitlines()) == len(set(r.stdout.splitlines())) > 17000


def test_rdflib_engine_gives_the_same_answer(built):
    a = kg(built, "query", "-e", OUTSIDE_PARTNERS, "-p", "org=organization:ruqi-mobility")
    b = CliRunner().invoke(main, ["query", "-e", OUTSIDE_PARTNERS, "-p",
                                  "org=organization:ruqi-mobility", "--engine", "rdflib",
                                  "--store", str(built.dumps[0])])
    assert b.exit_code == 0, b.output
    assert a.stdout == b.stdout


def test_queries_lists_the_library(built):
    r = CliRunner().invoke(main, ["queries"])
    assert r.exit_code == 0
    assert "partners-of-program" in r.stdout and "[program]" in r.stdout
    r = CliRunner().invoke(main, ["queries", "--format", "json"])
    listed = json.loads(r.stdout)
    assert len(listed) >= 25 and all(q["examples"] for q in listed)
    r = CliRunner().invoke(main, ["queries", "partners-of-program"])
    assert r.stdout.startswith("# title: ")


def test_canned_query_with_a_name_for_a_parameter(built):
    r = kg(built, "query", "--name", "partners-of-program", "-p", "program=为村", "-f", "csv")
    assert r.exit_code == 0, r.output
    assert "https://w3id.org/csr-kg/id/person/qiu-zeqi" in r.stdout
    r = kg(built, "query", "--name", "partners-of-program", "-p", "colour=blue")
    assert r.exit_code == 2 and "has no parameter 'colour' (its parameters: " in r.stderr
    r = kg(built, "query", "--name", "partners-of-program", "-p", "program=腾讯未村")
    assert r.exit_code == 2 and "closest: 腾讯数村" in r.stderr


def test_help_has_examples():
    for command in ("query", "queries", "search", "show", "path"):
        r = CliRunner().invoke(main, [command, "--help"])
        assert r.exit_code == 0 and "Example" in r.stdout, command


def _children() -> set[int]:
    pids = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        pids |= {int(p) for p in (task / "children").read_text().split()}
    return pids


def test_store_api_bindings_and_rows(store):
    rows = store.select(OUTSIDE_PARTNERS, {"org": URIRef(RUQI)})
    assert len(rows) == 3 and rows.to_python()[0] == {
        "partner": "https://w3id.org/csr-kg/id/org/didi"}


def test_binding_works_after_rdflib_parsed_first():
    """pyparsing streamlines rdflib's grammar on its first use; kg's position marks must
    survive an rdflib parse that came before kg's own (a fresh interpreter for each order)."""
    code = ("from rdflib.plugins.sparql.parser import parseQuery\n"
            "parseQuery('SELECT * WHERE { ?s ?p ?o }')\n"
            "from kg.sparql import parse\n"
            "print(parse('SELECT ?l WHERE { ?p rdfs:label ?l }').where)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert out.stdout.strip() == "17", out.stderr
