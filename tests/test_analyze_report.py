"""kg.analyze on the real report: the same answers on every run and on both engines, the
brokers and communities it finds, and coverage that agrees with the canned queries."""

from __future__ import annotations

import pytest

from kg.analyze import brokers, communities, coverage, measures
from kg.namespaces import ID
from kg.netx import project
from kg.query import run_canned

TENCENT = str(ID["tencent/tencent"])
WECHAT = str(ID["tencent/wechat"])
CHARITY_PLATFORM = str(ID["program/tencent-charity-platform"])


@pytest.fixture(scope="module")
def graph(store):
    return project(store)


@pytest.fixture(scope="module")
def memory_graph(memory_store):
    return project(memory_store)


def _top(result, n=3, key="total"):
    return [(r["entity"], r[key]) for r in result.rows[:n]]


def test_top_brokers(graph, memory_graph):
    """Tencent, WeChat and the Tencent Charity Platform broker most (without readings), the
    same on every run and on the rdflib engine."""
    first = brokers(graph)
    assert _top(first) == [(TENCENT, 16352), (WECHAT, 249), (CHARITY_PLATFORM, 248)]
    assert _top(brokers(graph), 20) == _top(first, 20)
    assert _top(brokers(memory_graph), 20) == _top(first, 20)
    roles = {r["entity"]: r for r in first.rows}
    # the charity platform coordinates programs: programs that are part of it, programs
    # it is part of; WeChat represents its products outward
    assert roles[CHARITY_PLATFORM]["coordinator"] == 197
    assert roles[WECHAT]["representative"] == 102


def test_top_brokers_against_partnerships(store, graph):
    """Tencent, the top broker, is the entity with the most partnership counterparts; the
    other two are in partnerships with several entities, on both sides."""
    rows = store.select("""
        SELECT ?x (COUNT(DISTINCT ?o) AS ?n) WHERE {
          { ?p csr:partner ?x ; csr:partnershipIn ?o } UNION
          { ?p csr:partnershipIn ?x ; csr:partner ?o }
        } GROUP BY ?x ORDER BY DESC(?n) ?x""")
    counts = {str(r["x"]): int(r["n"]) for r in rows}
    assert next(iter(counts)) == TENCENT and counts[TENCENT] == 63
    assert counts[WECHAT] == 7 and counts[CHARITY_PLATFORM] == 8
    # with readings the stakeholder groups become liaisons between programs
    with_readings = brokers(graph, readings=True)
    assert with_readings.rows[2]["entity"] == str(ID["stakeholder/users"])
    assert with_readings.rows[2]["liaison"] == with_readings.rows[2]["total"] == 346


def test_communities_stable(graph, memory_graph):
    sizes = [r["size"] for r in communities(graph).rows]
    assert len(sizes) == 107 and sizes[:6] == [172, 76, 59, 58, 57, 52]
    assert [r["size"] for r in communities(graph).rows] == sizes
    assert [r["size"] for r in communities(memory_graph).rows] == sizes
    biggest = communities(graph).rows[0]
    assert TENCENT in biggest["member_iris"]
    readings = [r["size"] for r in communities(graph, readings=True).rows]
    assert len(readings) == 86 and readings[:3] == [174, 130, 109]


def test_measures_on_the_report(graph, memory_graph):
    result = measures(graph)
    top = [(r["entity"], r["degree"]) for r in result.rows[:3]]
    assert top == [(TENCENT, 261), (WECHAT, 34), (str(ID["tencent/tencent-security"]), 20)]
    assert result.parameters["betweenness"] == "exact"
    assert result.rows[0]["articulation"] and result.rows[0]["bridges"] == 94
    other = measures(memory_graph)
    assert [(r["entity"], r["betweenness"], r["community"]) for r in other.rows] == [
        (r["entity"], r["betweenness"], r["community"]) for r in result.rows]


def test_coverage_agrees_with_unanswered_demands(store, graph):
    canned = run_canned(store, "unanswered-demands", timeout=None)
    expected = {str(r["demand"]) for r in canned}
    result = coverage(store, graph, "demands")
    unanswered = {r["demand"] for r in result.rows if r["programs"] == 0}
    assert unanswered == expected == {str(ID["demand/demand-employees-must"]),
                                      str(ID["demand/demand-shareholders-may"])}
    assert "2 of 21 demands" in result.notes[0]


def test_coverage_agrees_with_stakeholder_table(store, graph):
    table = run_canned(store, "stakeholder-table", timeout=None)
    expected = {(str(r["group"]), str(r["demand"]), int(r["answeredBy"])) for r in table}
    rows = coverage(store, graph, "demands").rows
    assert {(r["group"], r["demand"], r["programs"]) for r in rows} == expected
    assert len(expected) == 21


def test_coverage_matrices(store, graph):
    programs = coverage(store, graph, "programs")
    assert sum(1 for r in programs.rows if r["demands"] == 0) == 55
    dims = {r["dimension"]: r for r in coverage(store, graph, "dimensions").rows}
    assert dims["society"]["programs"] == 134 and dims["society"]["communities"] == 70
    assert dims["culture"]["shareholders"] == dims["politics-livelihood"]["shareholders"] == 0
    partners = coverage(store, graph, "partners", readings=False)
    assert partners.rows[0]["partner_kind"] == "product"
    assert partners.rows[0]["partnerships"] == 46


def test_coverage_refuses_no_readings(store, graph):
    from kg.errors import UsageError

    with pytest.raises(UsageError, match="curator's reading"):
        coverage(store, graph, "demands", readings=False)
