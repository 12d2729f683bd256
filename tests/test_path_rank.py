"""Chains ranked by how much they say (kg.path_rank, `kg path`): on a small hand-made graph
with costs worked out by hand, then on the report, where the cheapest chain between two
epidemic programs runs through the report's four-directions framework, not through Tencent."""

from __future__ import annotations

import json
from math import log

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import UsageError
from kg.netx import describe, paths, project
from path_pair import CLASSES, CT_POD, FOUR, FRONT, RESUME, TENCENT

from kg.path_rank import chain_cost, hub_penalty, informative_paths

E = "http://example.org/"
QQ = "https://w3id.org/csr-kg/id/tencent/qq"
WECHAT_WORK = "https://w3id.org/csr-kg/id/tencent/wechat-work"
WEICUN = "https://w3id.org/csr-kg/id/program/weicun"
XUNWU_PLAN = "https://w3id.org/csr-kg/id/program/xunwu-streetlight-plan"
XUNWU = "https://w3id.org/csr-kg/id/place/xunwu-county"


# ---------------------------------------------------------------- a small hand-made graph

def small() -> nx.MultiDiGraph:
    """A — H — B, H a hub with 10 more leaves (12 neighbours); A — x — y — B and
    A — z — w — B, every inner node with 2 neighbours; x also has a curator's reading to R.
    z and w are labelled Alpha and Beta, so by label they come before x (Xeno) and y (Yak)."""
    g = nx.MultiDiGraph()
    labels = {"A": "Start", "B": "End", "H": "Hub", "x": "Xeno", "y": "Yak", "z": "Alpha",
              "w": "Beta", "R": "Reading"} | {f"l{i}": f"Leaf {i}" for i in range(10)}
    for n, en in labels.items():
        g.add_node(E + n, iri=E + n, zh=en, en=en, cls="csr:Program", type="program")
    links = [("A", "H"), ("H", "B"), ("A", "x"), ("x", "y"), ("y", "B"), ("A", "z"),
             ("z", "w"), ("w", "B")] + [("H", f"l{i}") for i in range(10)]
    for s, o in links:
        g.add_edge(E + s, E + o, key="ex:link", rel="ex:link", zh="链", en="link",
                   reading=False)
    g.add_edge(E + "x", E + "R", key="ex:reads", rel="ex:reads", zh="读", en="reads",
               reading=True)
    return g


def chains(found):
    return [[n.removeprefix(E) for n in p.nodes] for p in found]


def test_a_longer_chain_of_small_nodes_beats_the_hub():
    g = small()
    # plain: the one shortest chain, through the hub
    assert chains(paths(g, E + "A", E + "B")) == [["A", "H", "B"]]
    # 2 + log 12 = 4.485 for the hub; 3 + log 2 + log 2 = 4.386 through z, w; x has 3
    # neighbours with the reading (3 + log 3 + log 2 = 4.792), 2 without
    found = informative_paths(g, E + "A", E + "B")
    assert chains(found) == [["A", "z", "w", "B"]]
    assert found[0].cost == pytest.approx(3 + log(4))
    assert found[0].to_dict()["cost"] == round(3 + log(4), 6)
    every = informative_paths(g, E + "A", E + "B", all_paths=True)
    assert chains(every) == [["A", "z", "w", "B"], ["A", "H", "B"], ["A", "x", "y", "B"]]
    assert [p.cost for p in every] == pytest.approx([3 + log(4), 2 + log(12), 3 + log(6)])
    # the plain paths carry no cost, and their JSON has none
    assert paths(g, E + "A", E + "B")[0].cost is None
    assert "cost" not in paths(g, E + "A", E + "B")[0].to_dict()


def test_readings_switch_changes_the_degrees_and_ties_go_by_label():
    g = small()
    assert hub_penalty(g, True)[E + "x"] == pytest.approx(log(3))
    assert hub_penalty(g, False)[E + "x"] == pytest.approx(log(2))
    assert hub_penalty(g, True)[E + "H"] == pytest.approx(log(12))
    # without the reading, x — y ties with z — w at 3 + log 4: Alpha before Xeno
    found = informative_paths(g, E + "A", E + "B", readings=False)
    assert chains(found) == [["A", "z", "w", "B"], ["A", "x", "y", "B"]]
    assert [p.cost for p in found] == pytest.approx([3 + log(4)] * 2)
    assert chain_cost([E + "A", E + "x", E + "y", E + "B"], hub_penalty(g, True)) == \
        pytest.approx(3 + log(6))


def test_avoid_via_and_max_hops_on_the_small_graph():
    g = small()
    a, b = E + "A", E + "B"
    assert chains(informative_paths(g, a, b, avoid=[E + "z"])) == [["A", "H", "B"]]
    assert chains(informative_paths(g, a, b, avoid=[E + "z"], readings=False)) == \
        [["A", "x", "y", "B"]]
    assert chains(informative_paths(g, a, b, avoid=[E + "z", E + "H"])) == [["A", "x", "y", "B"]]
    assert chains(informative_paths(g, a, b, via=E + "H")) == [["A", "H", "B"]]
    assert chains(informative_paths(g, a, b, via=E + "y")) == [["A", "x", "y", "B"]]
    assert chains(informative_paths(g, a, b, via=E + "y", all_paths=True)) == \
        [["A", "x", "y", "B"]]
    # a leaf of the hub lies on no simple chain from A to B
    assert informative_paths(g, a, b, via=E + "l0") == []
    assert chains(informative_paths(g, a, b, max_hops=2)) == [["A", "H", "B"]]
    assert informative_paths(g, a, b, max_hops=1) == []
    assert chains(informative_paths(g, a, b, all_paths=True, limit=1)) == [["A", "z", "w", "B"]]


@pytest.mark.parametrize("kwargs, message", [
    ({"avoid": [E + "A"]}, "cannot avoid an end of the chain"),
    ({"via": E + "B"}, "cannot pass through its own end"),
    ({"via": E + "H", "avoid": [E + "H"]}, "cannot both avoid and pass through"),
    ({"via": E + "nosuch"}, "not an entity of the graph"),
    ({"max_hops": -1}, "max_hops must be 0 or more"),
])
def test_contradictions_are_refused(kwargs, message):
    with pytest.raises(UsageError, match=message):
        informative_paths(small(), E + "A", E + "B", **kwargs)


# ---------------------------------------------------------------- the report

@pytest.fixture(scope="module")
def graph(store):
    return project(store)


def test_report_pair_plain_goes_through_tencent(graph):
    plain = paths(graph, CT_POD, CLASSES)
    assert [p.nodes for p in plain] == [(CT_POD, TENCENT, QQ, CLASSES),
                                        (CT_POD, TENCENT, WECHAT_WORK, CLASSES)]
    assert describe(plain[1], "en") == (
        "Donation of AI-equipped CT scanning pods —[run by]→ Tencent ←[part of]— WeChat Work "
        "←[partner (technology provider)]— Classes suspended, learning continues")


def test_report_pair_informative_goes_through_the_four_directions(graph, store):
    found = informative_paths(graph, CT_POD, CLASSES)
    assert [p.nodes for p in found] == [(CT_POD, FRONT, FOUR, RESUME, CLASSES)]
    # 医研前线 links the framework, the CT pods and free computing (3 neighbours), the
    # framework its four concepts, 复工复产 the framework and the classes (2)
    assert found[0].cost == pytest.approx(4 + log(3) + log(4) + log(2))
    assert describe(found[0], "en") == (
        "Donation of AI-equipped CT scanning pods ←[stated for]— Medical and research front "
        "line —[in scheme]→/←[concept]— The four directions of Tencent's technology against "
        "the epidemic —[concept]→/←[in scheme]— Return to work and production —[stated for]→ "
        "Classes suspended, learning continues")
    # each hop is in the data as read
    assert store.ask(f"ASK {{ <{FRONT}> csr:statedFor <{CT_POD}> . "
                     f"<{FRONT}> skos:inScheme <{FOUR}> . <{FOUR}> skos:hasTopConcept <{FRONT}> ."
                     f"<{FOUR}> skos:hasTopConcept <{RESUME}> . <{RESUME}> skos:inScheme <{FOUR}> ."
                     f"<{RESUME}> csr:statedFor <{CLASSES}> }}")
    assert len(store.select(f"SELECT DISTINCT ?c WHERE {{ <{FOUR}> skos:hasTopConcept ?c }}")) == 4
    # the hub chains are dearer: 3 + log 261 + log 7 through WeChat Work, + log 34 through QQ
    penalty = hub_penalty(graph)
    assert penalty[TENCENT] == pytest.approx(log(261))
    assert chain_cost((CT_POD, TENCENT, WECHAT_WORK, CLASSES), penalty) == \
        pytest.approx(3 + log(261) + log(7))
    assert informative_paths(graph, CT_POD, CLASSES, readings=False)[0].nodes == found[0].nodes


def test_report_avoid_gives_the_next_chain_and_via_forces_one(graph, store):
    after = informative_paths(graph, CT_POD, CLASSES, avoid=[FRONT])
    assert [p.nodes for p in after] == [(CT_POD, TENCENT, WECHAT_WORK, CLASSES)]
    assert after[0].cost == pytest.approx(3 + log(261) + log(7))
    # the same chain is second of all chains up to 4 hops
    every = informative_paths(graph, CT_POD, CLASSES, all_paths=True, limit=2)
    assert [p.nodes for p in every] == [(CT_POD, FRONT, FOUR, RESUME, CLASSES), after[0].nodes]
    through = informative_paths(graph, CT_POD, CLASSES, via=QQ)
    assert [p.nodes for p in through] == [(CT_POD, TENCENT, QQ, CLASSES)]
    assert through[0].cost == pytest.approx(3 + log(261) + log(34))
    assert store.ask(f"ASK {{ <{CT_POD}> csr:runBy <{TENCENT}> . <{QQ}> dcterms:isPartOf "
                     f"<{TENCENT}> . ?p csr:partnershipIn <{CLASSES}> ; csr:partner <{QQ}> }}")


def test_report_readings_change_a_degree(graph):
    # 点亮寻乌回家路: 为村 and 寻乌县 stated; a demand and 所处社区 are the curator's readings
    assert hub_penalty(graph, True)[XUNWU_PLAN] == pytest.approx(log(4))
    assert hub_penalty(graph, False)[XUNWU_PLAN] == pytest.approx(log(2))
    with_readings = informative_paths(graph, WEICUN, XUNWU)
    without = informative_paths(graph, WEICUN, XUNWU, readings=False)
    assert with_readings[0].nodes == without[0].nodes == (WEICUN, XUNWU_PLAN, XUNWU)
    assert (with_readings[0].cost, without[0].cost) == pytest.approx((2 + log(4), 2 + log(2)))


# ---------------------------------------------------------------- kg path

def kg(built, *args):
    return CliRunner().invoke(main, [*args, "--store", str(built.store)])


def test_cli_default_ranks_and_plain_is_the_breadth_first_search(built, graph):
    r = kg(built, "path", "捐赠AI技术CT检查舱", "停课不停学")
    assert r.exit_code == 0, r.output
    assert r.stdout == ("4  7.18  捐赠AI技术CT检查舱 ←[报告所指]— 医研前线 "
                        "—[所属体系]→/←[框架概念]— 腾讯科技战疫的四个方向 "
                        "—[框架概念]→/←[所属体系]— 复工复产 —[报告所指]→ 停课不停学\n")
    r = kg(built, "path", "捐赠AI技术CT检查舱", "停课不停学", "--plain")
    assert r.stdout == "".join(f"{len(p)}  {describe(p)}\n"
                               for p in paths(graph, CT_POD, CLASSES))
    assert r.stdout.count("\n") == 2 and "腾讯 ←[隶属于]— QQ" in r.stdout
    r = kg(built, "path", "捐赠AI技术CT检查舱", "停课不停学", "--avoid", "医研前线", "--format",
           "json")
    data = json.loads(r.stdout)
    assert [[n["iri"] for n in p["nodes"]] for p in data] == [[CT_POD, TENCENT, WECHAT_WORK,
                                                               CLASSES]]
    assert data[0]["cost"] == round(3 + log(261) + log(7), 6) and data[0]["length"] == 3
    r = kg(built, "path", "捐赠AI技术CT检查舱", "停课不停学", "--via", "QQ", "--lang", "en")
    assert r.stdout == ("3  12.09  Donation of AI-equipped CT scanning pods —[run by]→ Tencent "
                        "←[part of]— QQ ←[partner (technology provider)]— Classes suspended, "
                        "learning continues\n")
    r = kg(built, "path", "捐赠AI技术CT检查舱", "停课不停学", "--all", "--limit", "2")
    assert r.stdout.splitlines()[1].startswith("3  10.51  捐赠AI技术CT检查舱 —[运营方]→ 腾讯")


@pytest.mark.parametrize("args, message", [
    (["--via", "停课不停学"], "error: --via 停课不停学 is an end of the chain\n"),
    (["--avoid", "捐赠AI技术CT检查舱"],
     "error: --avoid 捐赠AI技术CT检查舱 is an end of the chain\n"),
    (["--via", "QQ", "--avoid", "QQ"], "error: --via QQ is also given to --avoid\n"),
    (["--via", "QQ", "--plain"],
     "error: --avoid and --via rank chains by cost; they do not go with --plain\n"),
])
def test_cli_contradicting_options_exit_2_in_one_line(built, args, message):
    r = kg(built, "path", "捐赠AI技术CT检查舱", "停课不停学", *args)
    assert (r.exit_code, r.stdout, r.stderr) == (2, "", message)


def test_cli_unknown_avoid_is_one_line(built):
    r = kg(built, "path", "捐赠AI技术CT检查舱", "停课不停学", "--avoid", "nosuchthing")
    assert r.exit_code == 2 and r.stderr.startswith("error: no entity named 'nosuchthing'")
    assert r.stderr.count("\n") == 1
