"""The networkx projection (kg.netx) on the real report: which entities are nodes, which links
are edges, and the paths between two entities, checked against the YAML data."""

from __future__ import annotations

from operator import itemgetter

import pytest
from rdflib import URIRef

from kg.errors import UsageError
from kg.namespaces import CSR, ID, PREFIXES
from kg.netx import ENTITY_CLASSES, describe, paths, project

WEICUN = str(ID["program/weicun"])
XUNWU_PLAN = str(ID["program/xunwu-streetlight-plan"])
XUNWU = str(ID["place/xunwu-county"])
RUQI = str(ID["org/ruqi-mobility"])
FOUNDATION = str(ID["org/tencent-foundation"])
COVID_FUND = str(ID["program/epidemic-fund-phase-1"])
WUHAN = str(ID["place/wuhan"])


@pytest.fixture(scope="module")
def graph(store):
    return project(store)


def test_nodes_are_the_entities(store, graph):
    """Every labelled thing of the report's graph that is not a section, unit, observation,
    partnership, index entry, indicator, criterion rating or SKOS concept (other than the
    report's own frameworks and their concepts) is a node; nothing else is."""
    rows = store.select("""
        SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
          GRAPH graph:tencent-csr-2019 { ?s a ?t ; rdfs:label ?l }
          FILTER NOT EXISTS {
            VALUES ?x { csr:ReportSection csr:Unit csr:Observation csr:Partnership
                        csr:IndicatorIndexEntry csr:Indicator csr:CriterionRating
                        skos:Concept skos:ConceptScheme }
            ?s a ?x
            FILTER NOT EXISTS { ?s a csr:Framework } FILTER NOT EXISTS { ?s a csr:FrameworkConcept }
          }
        }""")
    # 793: 福建省 (never named by the report) and the duplicate 全民爱公益 were dropped (issue 11);
    # 1192: the report's 70 frameworks and their 286 concepts are entities too (issue 11)
    assert graph.number_of_nodes() == int(rows.rows[0]["n"]) == 1192
    programs = store.select("SELECT (COUNT(?p) AS ?n) WHERE { ?p a csr:Program }")
    assert sum(1 for _, c in graph.nodes(data="cls") if c == "csr:Program") == int(
        programs.rows[0]["n"])


def test_no_class_scheme_or_section_nodes(graph):
    left_out = [str(CSR._NS), PREFIXES["csrs"]] + [
        str(ID[kind]) for kind in ("section/", "unit/", "observation/", "partnership/",
                                   "index-entry/", "indicator/")]
    assert not [n for n in graph if any(n.startswith(ns) for ns in left_out)]
    # the rating is a node, its seven criterion ratings are not
    assert [n for n in graph if n.startswith(str(ID["rating/"]))] == [
        str(ID["rating/rating-tencent-csr-2019"])]
    assert {c for _, c in graph.nodes(data="cls")} <= set(ENTITY_CLASSES)


def test_node_attributes(graph):
    assert graph.nodes[WEICUN] == {"iri": WEICUN, "zh": "腾讯为村", "en": "Tencent WeCounty",
                                   "cls": "csr:Program", "type": "program"}
    assert graph.nodes[FOUNDATION]["cls"] == "csr:Foundation"
    assert graph.nodes[FOUNDATION]["type"] == "organization"
    assert graph.nodes[str(ID["tencent/tencent"])]["cls"] == "csr:Company"
    # a subsidiary typed both csr:TencentUnit and csr:Company stays a Tencent unit
    assert graph.nodes[str(ID["tencent/tencent-technology-shenzhen"])]["cls"] == \
        "csr:TencentUnit"
    assert graph.nodes[str(ID["tencent/tencent-technology-shenzhen"])]["type"] == "unit"
    assert graph.nodes[str(ID["report/tencent-csr-2019"])]["cls"] == "csr:Report"


def test_edges_carry_the_ontology_labels(store, graph):
    edge = graph.edges[WEICUN, FOUNDATION, "csr:runBy"]
    assert edge == {"rel": "csr:runBy", "zh": "运营方", "en": "run by", "reading": False}
    assert graph.edges[WEICUN, str(ID["program/rural-dream"]), "csr:grewOutOf"]["zh"] == "前身"
    assert all(d["zh"] and d["en"] and d["rel"] != d["en"] for *_, d in graph.edges(data=True))
    run_by = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?p csr:runBy ?o }")
    assert sum(1 for *_, r in graph.edges(data="rel") if r == "csr:runBy") == int(
        run_by.rows[0]["n"])
    # the curator's readings between entities, and only they, are marked
    assert {d["rel"] for *_, d in graph.edges(data=True) if d["reading"]} == {
        "csr:concernsStakeholder", "csr:answersDemand"}
    assert graph.edges[WEICUN, str(ID["stakeholder/communities"]),
                       "csr:concernsStakeholder"]["reading"] is True


def test_each_partnership_is_one_edge(store, graph):
    n = store.select("SELECT (COUNT(?p) AS ?n) WHERE { ?p a csr:Partnership }").rows[0]["n"]
    # 305: the two partners read only from the 光明 data centre's name were dropped (issue 11)
    assert sum(1 for *_, r in graph.edges(data="rel") if r == "csr:partner") == int(n) == 318


def test_ruqi_partners_are_edges_with_their_role(graph):
    """partnerships.yaml: 如祺出行 co-built by 广汽, 广州公交集团 and 滴滴 (outside partners),
    with Tencent as co-builder and technology provider and Tencent Maps as technology
    provider."""
    outside = {(graph.nodes[v]["zh"], d["role_zh"], d["role_en"])
               for _, v, d in graph.out_edges(RUQI, data=True)
               if d["rel"] == "csr:partner" and not d["reporter_side"]}
    assert outside == {("广汽", "共建方", "Co-builder"), ("广州公交集团", "共建方", "Co-builder"),
                       ("滴滴", "共建方", "Co-builder")}
    didi = graph.edges[RUQI, str(ID["org/didi"]), "csr:partner/co-builder"]
    assert didi["role"] == "partner-role:co-builder"
    assert didi["zh"] == "合作方" and didi["en"] == "partner"
    assert didi["via"] == str(ID["partnership/tencent-csr-2019/ruqi-mobility--didi--co-builder"])
    # one partner, two roles in the same subject: two parallel edges
    assert set(graph[RUQI][str(ID["tencent/tencent"])]) == {
        "csr:partner/co-builder", "csr:partner/technology-provider"}


def test_shortest_path_weicun_to_xunwu_county(graph):
    """programs.yaml and partnerships.yaml: 点亮寻乌回家路 runs in 寻乌县 (places) with the county
    as implementer, on 为村 as technology provider. 为村 itself names no link to the county."""
    (path,) = paths(graph, WEICUN, XUNWU)
    assert len(path) == 2
    assert path.nodes == (WEICUN, XUNWU_PLAN, XUNWU)
    first, second = path.hops
    assert [(k.rel, k.direction, k.role_zh) for k in first.links] == [
        ("csr:partner", "backward", "技术提供方")]
    assert [(k.rel, k.direction, k.role_en) for k in second.links] == [
        ("csr:operatesIn", "forward", None), ("csr:partner", "forward", "Implementer")]
    assert describe(path) == ("腾讯为村 ←[合作方（技术提供方）]— 点亮寻乌回家路 "
                              "—[实施地｜合作方（执行方）]→ 寻乌县")
    assert describe(path, "en") == (
        "Tencent WeCounty ←[partner (technology provider)]— Light Up the Way Home in Xunwu "
        "—[operates in | partner (implementer)]→ Xunwu County")
    assert str(path) == describe(path, "zh")
    assert path.to_dict()["nodes"][2] == {"iri": XUNWU, "zh": "寻乌县", "en": "Xunwu County"}


def test_curator_readings_can_be_left_out(graph):
    """为村 and the first COVID-19 fund are both run by the Tencent foundation (run_by), and
    the fund operates in Wuhan; the curator also has both serve local communities."""
    with_readings = paths(graph, WEICUN, WUHAN)
    assert [len(p) for p in with_readings] == [3, 3]
    assert {p.nodes[1] for p in with_readings} == {FOUNDATION,
                                                   str(ID["stakeholder/communities"])}
    (stated,) = paths(graph, WEICUN, WUHAN, readings=False)
    assert stated.nodes == (WEICUN, FOUNDATION, COVID_FUND, WUHAN)
    assert describe(stated) == ("腾讯为村 —[运营方]→ 腾讯公益慈善基金会 ←[运营方]— "
                                "首期新冠肺炎疫情防控基金 —[实施地]→ 武汉")
    assert not any(k.reading for h in stated.hops for k in h.links)


def test_max_hops_too_small_gives_nothing(graph):
    assert paths(graph, WEICUN, XUNWU, max_hops=1) == []
    assert paths(graph, WEICUN, XUNWU, max_hops=1, all_paths=True) == []
    assert len(paths(graph, WEICUN, str(ID["org/didi"]))[0]) == 4
    assert paths(graph, WEICUN, str(ID["org/didi"]), max_hops=3) == []


def test_all_paths(graph):
    shortest = paths(graph, WEICUN, XUNWU)
    every = paths(graph, WEICUN, XUNWU, max_hops=4, all_paths=True)
    assert len(every) > len(shortest)
    lengths = [len(p) for p in every]
    assert lengths == sorted(lengths) and max(lengths) <= 4
    assert every[0] == shortest[0]
    assert all(len(set(p.nodes)) == len(p.nodes) for p in every)  # simple paths
    assert len({p.nodes for p in every}) == len(every)  # parallel edges do not repeat a path
    assert paths(graph, WEICUN, XUNWU, all_paths=True, limit=3) == every[:3]


def test_paths_are_deterministic(store, graph):
    args = (WEICUN, str(ID["org/didi"]))
    first = paths(graph, *args, all_paths=True)
    assert first == paths(graph, *args, all_paths=True) == paths(project(store), *args,
                                                                 all_paths=True)
    assert [describe(p) for p in paths(graph, *args)] == [describe(p) for p in first[:2]]


def test_names_and_unknown_nodes(graph):
    assert paths(graph, URIRef(WEICUN), "place:xunwu-county") == paths(graph, WEICUN, XUNWU)
    (same,) = paths(graph, WEICUN, WEICUN)
    assert len(same) == 0 and describe(same, "en") == "Tencent WeCounty"
    for bad in ("program:no-such-program", str(CSR.Program),
                str(ID["section/tencent-csr-2019/s2-3"])):
        with pytest.raises(UsageError, match="not an entity of the graph"):
            paths(graph, bad, WEICUN)
    with pytest.raises(UsageError, match="max_hops"):
        paths(graph, WEICUN, XUNWU, max_hops=-1)
    with pytest.raises(UsageError, match="language"):
        describe(paths(graph, WEICUN, XUNWU)[0], "fr")


def test_engines_give_the_same_projection(graph, memory_store):
    other = project(memory_store)
    assert dict(other.nodes(data=True)) == dict(graph.nodes(data=True))
    key = itemgetter(0, 1, 2)
    assert sorted(other.edges(keys=True, data=True), key=key) == sorted(
        graph.edges(keys=True, data=True), key=key)
