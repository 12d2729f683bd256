"""The Python API a notebook uses: the same answers as the command line, as rows, a pandas
DataFrame or a networkx graph."""

from __future__ import annotations

import subprocess
import sys

import pytest

import kg
from kg.errors import QueryError, UsageError

OUTSIDE_PARTNERS = """
SELECT ?partner WHERE {
  ?pp csr:partnershipIn ?org ; csr:partner ?partner ; csr:reporterSide false .
} ORDER BY ?partner"""


def test_query_with_a_named_parameter_to_a_dataframe(store):
    rows = kg.run_query(store, OUTSIDE_PARTNERS, org="如祺出行")
    df = kg.with_labels(store, rows, "zh").to_dataframe()
    assert list(df.columns) == ["partner", "partnerLabel"]
    assert list(df["partnerLabel"]) == ["滴滴", "广汽", "广州公交集团"]
    assert df["partner"][1] == "https://w3id.org/csr-kg/id/org/gac-group"


def test_dataframe_keeps_numbers_and_dates_typed(store):
    rows = kg.run_query(store, "SELECT ?v ?d WHERE { ?o csr:observedEntity program:weicun ; "
                           "rdf:value ?v ; csr:asOf ?d } ORDER BY DESC(?v) LIMIT 1")
    df = rows.to_dataframe()
    assert str(df["v"][0]) == "2510000" and str(df["d"][0]) == "2020-02-29"


def test_api_refuses_what_the_cli_refuses(store):
    with pytest.raises(QueryError, match="refused"):
        kg.run_query(store, "DELETE WHERE { ?s ?p ?o }")
    with pytest.raises(UsageError, match="no entity named"):
        kg.run_query(store, OUTSIDE_PARTNERS, org="腾讯未村")


def test_card_search_and_networkx(store):
    assert kg.entity_card(store, "weicun").zh == "腾讯为村"
    assert kg.find(store, "ruqi")[0].zh == "如祺出行"
    g = kg.to_networkx(store)
    assert g.nodes["https://w3id.org/csr-kg/id/org/ruqi-mobility"]["zh"] == "如祺出行"
    chain = kg.find_paths(g, "program:weicun", "place:xunwu-county")[0]
    assert kg.describe_path(chain, "en").startswith("Tencent WeCounty ←[partner")


def test_api_names_survive_importing_every_module(store):
    import kg.card  # noqa: F401
    import kg.query  # noqa: F401
    import kg.search  # noqa: F401

    assert callable(kg.run_query) and callable(kg.entity_card) and callable(kg.find)


def test_run_canned(store):
    rows = kg.run_canned(store, "partners-of-program", program="如祺出行")
    assert {"https://w3id.org/csr-kg/id/org/gac-group",
            "https://w3id.org/csr-kg/id/org/didi"} <= rows.values("partner")


def test_importing_kg_loads_nothing_heavy():
    code = "import sys, kg; print(sorted(m for m in ('rdflib', 'pyoxigraph', 'networkx', " \
           "'click') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "[]"
