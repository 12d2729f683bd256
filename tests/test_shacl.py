"""SHACL and the violation queries: the real graph conforms; a deliberately broken one fails
with the reasons a curator needs."""

from rdflib import Graph

from kg.ontology import load_ontology, load_shapes
from kg.paths import ONTOLOGY_DIR
from kg.store import RdflibStore
from kg.validate import run_checks, shacl_report, validate_store

from pathlib import Path

BROKEN = Path(__file__).parent / "fixtures" / "broken-graph.ttl"


def test_built_graph_conforms_and_every_check_is_empty(store):
    result = validate_store(store, ONTOLOGY_DIR)
    assert result.shacl == []
    assert set(result.checks) >= {"missing-zh-label", "missing-en-label", "missing-source",
                                  "dangling-reference", "duplicate-label"}
    assert all(rows == [] for rows in result.checks.values()), result.checks
    assert result.ok


def test_broken_example_fails_shacl_with_reasons():
    broken = Graph().parse(BROKEN)
    lines = shacl_report(broken, load_ontology(ONTOLOGY_DIR), load_shapes(ONTOLOGY_DIR))
    text = "\n".join(lines)
    assert "program:nameless-program rdfs:label: needs an English (en) label" in text
    assert "program:nameless-program dcterms:source: needs at least one source section" in text
    assert "needs exactly one xsd:decimal value" in text
    assert "needs exactly one role from the partner-role scheme" in text


def test_broken_example_fails_violation_queries():
    from rdflib import Dataset

    ds = Dataset()
    ds.graph("urn:x-test:broken").__iadd__(Graph().parse(BROKEN))
    ds.graph("urn:x-test:ontology").__iadd__(load_ontology(ONTOLOGY_DIR))
    checks = run_checks(RdflibStore(ds), ONTOLOGY_DIR)
    assert checks["missing-en-label"] == ["program:nameless-program csr:Program"]
    assert checks["missing-source"] == ["program:nameless-program csr:Program"]
    assert checks["dangling-reference"] == [
        "id:observation/broken/villages csr:observedEntity program:no-such-program"]
