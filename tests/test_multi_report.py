"""Several reports in one store: each in its own named graph, compared by queries. The second
report is fictional (tests/fixtures/second-report), one year after tests/fixtures/mini-report;
neither ships in data/."""

from __future__ import annotations

import shutil

import pytest

from kg.build import build
from kg.paths import DATA_DIR, ONTOLOGY_DIR, report_dirs
from kg.query import run_canned
from kg.store import OxigraphStore

from .conftest import FIXTURES

GRAPH = "https://w3id.org/csr-kg/graph/"


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    out = tmp_path_factory.mktemp("two-years")
    folders = []
    for name in ("mini-report", "second-report"):
        shutil.copytree(FIXTURES / name, out / name)
        folders.append(out / name)
    result = build(folders, out / "store", out, ONTOLOGY_DIR, shacl=True)
    return result, OxigraphStore(result.store)


def test_each_report_is_its_own_named_graph(two_years):
    result, store = two_years
    assert result.reports == ["mini-report", "second-report"]
    assert store.graphs() == {f"{GRAPH}ontology", f"{GRAPH}mini-report",
                              f"{GRAPH}second-report"}
    assert [d.name for d in result.dumps] == ["mini-report.trig", "second-report.trig"]


def test_a_figure_compared_across_the_two_years(two_years):
    _, store = two_years
    rows = store.select("""
        SELECT ?year ?villages WHERE {
          GRAPH ?g { ?o csr:observedEntity program:village-link ; rdf:value ?villages ;
                        csr:asOf ?asOf }
          BIND(YEAR(?asOf) AS ?year)
        } ORDER BY ?year""")
    assert [(int(r["year"]), int(r["villages"])) for r in rows] == [(2019, 120), (2020, 180)]


def test_programs_new_in_the_second_year(two_years):
    _, store = two_years
    rows = store.select(f"""
        SELECT ?p WHERE {{
          GRAPH <{GRAPH}second-report> {{ ?p a csr:Program }}
          FILTER NOT EXISTS {{ GRAPH <{GRAPH}mini-report> {{ ?p a csr:Program }} }}
        }}""")
    assert rows.values("p") == {"https://w3id.org/csr-kg/id/program/river-watch"}


def test_sections_and_figures_stay_apart_per_report(two_years):
    _, store = two_years
    rows = store.select("""
        SELECT ?g (COUNT(DISTINCT ?s) AS ?sections) WHERE {
          GRAPH ?g { ?s a csr:ReportSection } } GROUP BY ?g ORDER BY ?g""")
    assert [(str(r["g"]).rsplit("/", 1)[-1], int(r["sections"])) for r in rows] == [
        ("mini-report", 2), ("second-report", 2)]
    figures = store.select("SELECT DISTINCT ?o WHERE { ?o csr:observedEntity ?x }")
    assert len(figures) == 2  # same id in both reports, two IRIs


def test_real_report_answers_the_same_beside_another(tmp_path):
    folders = report_dirs(DATA_DIR) + [tmp_path / "second-report"]
    shutil.copytree(FIXTURES / "second-report", folders[-1])
    result = build(folders, tmp_path / "store", tmp_path, ONTOLOGY_DIR, shacl=False)
    store = OxigraphStore(result.store)
    rows = run_canned(store, "partners-of-program", program="如祺出行")
    outside = {str(r["partner"]).rsplit("/", 1)[-1] for r in rows
               if not r["reporterSide"].toPython()}
    assert outside == {"gac-group", "guangzhou-public-transport-group", "didi"}
    assert len(store.graphs()) == 3
