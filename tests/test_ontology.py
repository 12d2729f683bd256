"""The csr: namespace in Python agrees with ontology/csr.ttl, and the schemes hold every code
the data files may use."""

from rdflib import OWL, RDF, Graph

from kg.load import FILES
from kg.namespaces import CSR
from kg.ontology import load_ontology, scheme_codes
from kg.paths import ONTOLOGY_DIR


def declared_terms() -> set[str]:
    g = Graph().parse(ONTOLOGY_DIR / "csr.ttl")
    ns = str(CSR._NS)
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {str(s)[len(ns):] for k in kinds for s in g.subjects(RDF.type, k)
            if str(s).startswith(ns)}


def test_defined_namespace_matches_csr_ttl():
    python_terms = set(CSR.__annotations__)
    assert declared_terms() == python_terms


def test_defined_namespace_is_closed():
    import pytest

    with pytest.raises(AttributeError):
        CSR.partnr  # noqa: B018 - a typo must fail loudly


def test_every_scheme_the_loader_uses_exists():
    codes = scheme_codes(load_ontology(ONTOLOGY_DIR))
    used = {kind.split(":", 1)[1] for spec in FILES.values() for kind in spec.values()
            if kind.startswith(("code:", "codes:"))}
    assert used <= set(codes), used - set(codes)
    assert set(codes["dimension"]) == {"politics-livelihood", "economy", "society", "culture",
                                      "ecology"}
    assert set(codes["role"]) == {"connector", "toolbox", "ecosystem-builder"}
    assert set(codes["tier"]) == {"must", "should", "may"}
    assert codes["tier"]["must"][0] == "必尽责任"
    assert set(codes["cass-family"]) == set("PGMSEA")
