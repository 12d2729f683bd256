"""kg analyze --save: the scores as triples in graph:analytics with their run as a
prov:Activity, on a copy of the real built store (the session's store stays as built); the
copy is then read by kg query, kg validate, kg view and kg export."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Literal, URIRef

from kg.build import write_store
from kg.cli import main
from kg.namespaces import XSD
from kg.store import OxigraphStore

ID = "https://w3id.org/csr-kg/id/"
ANALYTICS = URIRef("https://w3id.org/csr-kg/graph/analytics")
WEICUN = f"{ID}program/weicun"
TENCENT = f"{ID}tencent/tencent"
COLUMNS = {"degree": "degree", "betweenness": "betweenness", "constraint": "constraint",
           "effectiveSize": "effective_size", "bridgeCount": "bridges",
           "articulationPoint": "articulation", "community": "community"}


def copy_of(built, folder):
    """A store of its own with every quad of the built one, as kg build writes a store."""
    current = ox.Store.read_only(str(built.store))
    quads = ox.serialize(current.quads_for_pattern(None, None, None, None),
                         format=ox.RdfFormat.N_QUADS)
    del current
    write_store(quads, folder / "store")
    return folder / "store"


def kg(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def page_data(path) -> dict:
    """The data a kg view page carries (its <script type="application/json">)."""
    import html

    text = path.read_text(encoding="utf-8")
    start = text.index('<script type="application/json" id="kg-data">') + 45
    return json.loads(html.unescape(text[start:text.index("</script>", start)]))


def per_graph(path) -> dict[str, int]:
    rows = OxigraphStore(path).select(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {str(r["g"]): int(r["n"]) for r in rows}


@pytest.fixture(scope="module")
def saved(built, tmp_path_factory):
    """The copy with ``kg analyze measures --save`` run on it: (store path, JSON rows by
    entity, the time before and after the run, the CLI result)."""
    path = copy_of(built, tmp_path_factory.mktemp("analytics"))
    before = datetime.now(timezone.utc).replace(microsecond=0)
    result = kg("analyze", "measures", "--save", "-f", "json", "--top", "0", "--store", path)
    after = datetime.now(timezone.utc)
    assert result.exit_code == 0, result.output
    rows = {r["entity"]: r for r in json.loads(result.stdout)["rows"]}
    return path, rows, (before, after), result


def test_the_saved_triples_of_an_entity_are_its_json_row(saved):
    path, rows, _, result = saved
    store = OxigraphStore(path)
    for entity in (WEICUN, TENCENT):
        found = store.select("""
            SELECT ?p ?v WHERE { GRAPH graph:analytics { ?e ?p ?v }
                                 FILTER(STRSTARTS(STR(?p), STR(csr:))) }""",
                             {"e": URIRef(entity)})
        triples = {str(r["p"]).rsplit("#", 1)[1]: r["v"].toPython() for r in found}
        row = rows[entity]
        assert triples == {p: row[c] for p, c in COLUMNS.items()}, entity
    assert rows[TENCENT]["degree"] == 261 and rows[TENCENT]["betweenness"] == 0.747357
    assert rows[WEICUN]["degree"] == 18 and rows[WEICUN]["betweenness"] == 0.039397
    datatypes = store.select("""
        SELECT DISTINCT ?p ?dt WHERE {
          GRAPH graph:analytics { ?e ?p ?v } BIND(DATATYPE(?v) AS ?dt)
          FILTER(?p IN (csr:degree, csr:betweenness, csr:community, csr:articulationPoint))
        } ORDER BY ?p""")
    assert {str(r["p"]).rsplit("#", 1)[1]: str(r["dt"]).rsplit("#", 1)[1]
            for r in datatypes} == {"articulationPoint": "boolean", "betweenness": "double",
                                    "community": "integer", "degree": "integer"}
    assert result.stderr.strip() == ("saved measures (8257 triples) as the analytics graph "
                                     "graph:analytics")


def test_a_score_joins_its_run_its_date_and_parameters(saved):
    path, _, (before, after), _ = saved
    rows = OxigraphStore(path).select("""
        SELECT ?b ?started ?readings ?seed ?selection ?method WHERE { GRAPH graph:analytics {
          program:weicun csr:betweenness ?b .
          graph:analytics prov:wasGeneratedBy ?run .
          ?run a prov:Activity ; prov:startedAtTime ?started ; csr:readings ?readings ;
               csr:seed ?seed ; csr:selection ?selection ; csr:method ?method .
          FILTER(STRSTARTS(?method, "networkx.betweenness"))
        } }""")
    assert len(rows) == 1
    r = rows.rows[0]
    assert r["b"] == Literal(0.039397, datatype=XSD.double)
    assert r["started"].datatype == XSD.dateTime
    assert before <= r["started"].toPython() <= after
    assert r["readings"].toPython() is False and r["seed"].toPython() == 2019
    assert str(r["selection"]) == "the whole graph"
    assert str(r["method"]) == "networkx.betweenness_centrality (exact; normalised)"
    used = OxigraphStore(path).select("""
        SELECT ?g WHERE { GRAPH graph:analytics { ?run prov:used ?g } } ORDER BY ?g""")
    assert used.values("g") == {"https://w3id.org/csr-kg/graph/ontology",
                                "https://w3id.org/csr-kg/graph/tencent-csr-2019"}
    sampled = OxigraphStore(path).ask("ASK { ?run csr:sampleSize ?k }")
    assert sampled is False  # 1192 entities: betweenness is exact, nothing was sampled


def test_the_query_kg_analyze_help_shows_ranks_by_the_saved_scores(saved):
    path, _, (before, after), _ = saved
    shown = kg("analyze", "--help").stdout
    text = shown[shown.index("kg query -e '") + 13:]
    text = text[:text.index("'")]
    result = kg("query", "--store", path, "--no-labels", "-f", "json", "-e", text)
    assert result.exit_code == 0, result.output
    rows = [{k: v["value"] for k, v in b.items()}
            for b in json.loads(result.stdout)["results"]["bindings"]]
    assert [(r["entity"], r["betweenness"]) for r in rows[:3]] == [
        (TENCENT, "0.747357"), (f"{ID}tencent/wechat", "0.120599"),
        (f"{ID}tencent/tencent-security", "0.086446")]
    assert len(rows) == 10 and len({r["started"] for r in rows}) == 1
    assert before <= datetime.fromisoformat(rows[0]["started"]) <= after


def test_the_card_keeps_to_what_the_report_states(saved, built):
    """Saved scores are data for SPARQL and the page's sizes, not facts on an entity's card."""
    path, _, _, _ = saved
    after = json.loads(kg("show", "program:weicun", "-f", "json", "--store", path).stdout)
    before = json.loads(kg("show", "program:weicun", "-f", "json", "--store",
                           built.store).stdout)
    assert after == before
    assert not any("中介中心性" in str(a) for a in after.get("attributes", []))


def test_the_saved_store_still_validates(saved):
    result = kg("validate", "--store", saved[0])
    assert result.exit_code == 0, result.output
    assert "dangling-reference: ok" in result.output and "SHACL" in result.output


def test_saving_again_replaces_the_run_and_leaves_the_report_as_it_was(built, tmp_path):
    path = copy_of(built, tmp_path)
    report = per_graph(path)
    assert str(ANALYTICS) not in report
    for name in ("measures", "brokers"):
        result = kg("analyze", name, "--save", "--top", "1", "--store", path)
        assert result.exit_code == 0, result.output
    after = per_graph(path)
    assert {g: n for g, n in after.items() if g != str(ANALYTICS)} == report
    store = OxigraphStore(path)
    runs = store.select("SELECT ?run WHERE { ?run a prov:Activity }")
    assert len(runs) == 1 and "/run/brokers-" in str(runs.rows[0]["run"])
    assert not store.ask("ASK { ?e csr:degree ?d }")  # the measures run is gone whole
    tencent = store.select("SELECT ?n ?role WHERE { tencent:tencent csr:brokerage ?n ; "
                           "csr:brokerageRole ?role }").to_python()
    assert tencent == [{"n": 16352, "role": "liaison"}]
    # every entity has its count, 0 included, so the run says which selection it read
    assert store.select("SELECT (COUNT(?e) AS ?n) WHERE { ?e csr:brokerage ?b }"
                        ).to_python() == [{"n": 1192}]


def test_save_is_refused_where_it_cannot_write(built, capture):
    for args in (["--endpoint", capture.url], ["--engine", "rdflib", "--store", built.dumps[0]]):
        result = kg("analyze", "measures", "--save", *args)
        assert result.exit_code == 2, result.output
        lines = result.stderr.strip().splitlines()
        assert lines == ["error: --save writes into the embedded store only (not with "
                         "--endpoint or --engine rdflib); keep the scores with -f json -o "
                         "FILE instead"]
    assert capture.count == 0  # refused before anything was asked


def test_kg_view_uses_the_saved_scores(saved, tmp_path):
    path, rows, _, _ = saved
    out = tmp_path / "saved.html"
    result = kg("view", "--size-by", "betweenness", "--color-by", "community", "-o", out,
                "--store", path)
    assert result.exit_code == 0, result.output
    started = OxigraphStore(path).select(
        "SELECT ?t WHERE { ?run prov:startedAtTime ?t }").rows[0]["t"]
    assert result.stderr.splitlines() == [
        f"betweenness: from the saved analytics graph (run of {started})",
        f"community: from the saved analytics graph (run of {started})"]
    data = page_data(out)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes[WEICUN]["scores"] == {"betweenness": rows[WEICUN]["betweenness"],
                                       "community": rows[WEICUN]["community"]}
    assert data["scores"]["size"]["source"] == "saved"


def test_an_rdf_export_of_a_selection_carries_its_scores_and_their_run(saved, tmp_path):
    path, rows, _, _ = saved
    out = tmp_path / "weicun.trig"
    result = kg("export", "--around", "为村", "-f", "trig", "-o", out, "--store", path)
    assert result.exit_code == 0, result.output
    ds = Dataset()
    ds.parse(out, format="trig")
    g = ds.graph(ANALYTICS)
    csr = "https://w3id.org/csr-kg/ontology#"
    assert g.value(URIRef(WEICUN), URIRef(csr + "betweenness")).toPython() == \
        rows[WEICUN]["betweenness"]
    run = g.value(ANALYTICS, URIRef("http://www.w3.org/ns/prov#wasGeneratedBy"))
    assert run is not None and "/run/measures-" in str(run)
    assert g.value(run, URIRef(csr + "selection")) == Literal("the whole graph")
    # only the selection's entities bring their scores
    scored = set(g.subjects(URIRef(csr + "degree"), None))
    assert URIRef(WEICUN) in scored and URIRef(f"{ID}tencent/wechat") not in scored
