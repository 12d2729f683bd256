"""The curated facts of tests/facts.yaml, each asked of the built store with SPARQL."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from kg.load import parse_date

FACTS = yaml.safe_load((Path(__file__).parent / "facts.yaml").read_text(encoding="utf-8"))
# YAML field -> the property that carries it in the graph
FIELD_PROPS = {
    "recipients": "csr:recipient", "run_by": "csr:runBy", "part_of": "dcterms:isPartOf",
    "grew_out_of": "csr:grewOutOf", "places": "csr:operatesIn",
    "within": "schema:containedInPlace", "conferred_by": "csr:conferredBy",
    "rank": "csr:rank", "date": "dcterms:date", "started": "csr:startDate",
    "place": "schema:location", "located_in": "schema:location",
}


def fact_id(fact) -> str:
    extra = fact.get("role") or fact.get("field") or fact.get("value")
    return f"{fact['kind']}-{fact['subject']}-{extra}"


@pytest.fixture(scope="module")
def iris(store):
    """Entity id -> IRI, for every typed node minted from an id."""
    rows = store.select("""SELECT DISTINCT ?s WHERE { ?s a ?t .
        FILTER(STRSTARTS(STR(?s), "https://w3id.org/csr-kg/id/")) }""")
    return {str(r["s"]).rsplit("/", 1)[-1]: str(r["s"]) for r in rows}


def _value(term) -> str:
    text = str(term)
    return text.rsplit("/", 1)[-1] if text.startswith("https://w3id.org/csr-kg/") else text


@pytest.mark.parametrize("fact", FACTS, ids=fact_id)
def test_fact(store, iris, fact):
    subject = f"<{iris[fact['subject']]}>"
    if fact["kind"] == "partners":
        role = (f"; csr:role <https://w3id.org/csr-kg/scheme/partner-role/{fact['role']}>"
                if fact.get("role") else "")
        rows = store.select(f"""SELECT ?zh WHERE {{
            ?p csr:partnershipIn {subject} ; csr:partner ?x {role} .
            ?x rdfs:label ?zh FILTER(lang(?zh) = "zh") }}""")
        assert rows.values("zh") == set(fact["expect"]), fact.get("why")
    elif fact["kind"] == "figure":
        rows = store.select(f"""SELECT ?v ?asof ?start WHERE {{
            ?o csr:observedEntity {subject} ; rdf:value ?v ;
               csr:unit <{iris[fact['unit']]}> .
            OPTIONAL {{ ?o csr:asOf ?asof }} OPTIONAL {{ ?o csr:periodStart ?start }} }}""")
        matches = [r for r in rows if Decimal(str(r["v"])) == Decimal(str(fact["value"]))]
        assert matches, (f"no {fact['value']} {fact['unit']} for {fact['subject']}: "
                         f"{fact.get('why')}")
        if fact.get("as_of"):
            want = parse_date(fact["as_of"])[0]
            assert want in {str(r.get("asof")) for r in matches}
        if fact.get("period"):
            want = parse_date(fact["period"])[0]
            assert want in {str(r.get("start")) for r in matches}
    else:
        prop = FIELD_PROPS[fact["field"]]
        rows = store.select(f"SELECT ?v WHERE {{ {subject} {prop} ?v }}")
        got = {_value(r["v"]) for r in rows}
        assert got == {str(v) for v in fact["expect"]}, fact.get("why")
