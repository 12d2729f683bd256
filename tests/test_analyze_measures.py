"""kg.analyze measures on small graphs whose values are worked out by hand, and the
structural-holes shortcut against networkx's own functions."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from kg.analyze import (
    betweenness,
    bridge_counts,
    cut_points,
    directed,
    kind_of,
    louvain,
    measures,
    structural_holes,
    undirected,
)


@pytest.fixture
def kite():
    """A triangle a-b-c with a tail c-d-e: c and d are cut points, c-d and d-e bridges."""
    return nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e")])


def test_betweenness_exact_by_hand(kite):
    # c lies on the shortest paths a-d, a-e, b-d, b-e (4 of the 6 pairs without c);
    # d on a-e, b-e, c-e (3). Normalised by (n-1)(n-2)/2 = 6.
    values, method = betweenness(kite)
    assert method == "exact"
    assert values == {"a": 0, "b": 0, "c": pytest.approx(4 / 6), "d": pytest.approx(3 / 6),
                      "e": 0}


def test_betweenness_sampled_says_so_and_repeats():
    G = nx.path_graph(50)
    first, method = betweenness(G, exact_below=10, k=5, seed=7)
    assert method == "sampled from 5 of 50 source nodes (seed 7)"
    assert betweenness(G, exact_below=10, k=5, seed=7)[0] == first


def test_structural_holes_by_hand(kite):
    c, e = structural_holes(kite)
    # a: neighbours b, c (p = 1/2 each), b and c linked: c_ab = (1/2 + 1/2 * 1/3)^2 = (2/3)^2
    # c_ac = (1/2 + p_ab p_bc = 1/2 * 1/2)^2 = (3/4)^2
    assert c["a"] == pytest.approx((2 / 3) ** 2 + (3 / 4) ** 2)
    # e: one neighbour d, p = 1: constraint 1; effective size 1
    assert c["e"] == pytest.approx(1.0) and e["e"] == pytest.approx(1.0)
    # c: neighbours a, b, d (degree 3) with one link among them (a-b): 3 - 2*1/3
    assert e["c"] == pytest.approx(3 - 2 / 3)
    assert e["a"] == pytest.approx(2 - 2 * 1 / 2)


def test_structural_holes_agree_with_networkx():
    G = nx.karate_club_graph()
    G.add_node("alone")
    c, e = structural_holes(G)
    c2, e2 = nx.constraint(G), nx.effective_size(G)
    for n in G:
        if n == "alone":
            assert c[n] is None and e[n] is None and math.isnan(c2[n])
        else:
            assert c[n] == pytest.approx(c2[n]) and e[n] == pytest.approx(e2[n])


def test_bridges_and_cut_points_by_hand(kite):
    assert bridge_counts(kite) == {"a": 0, "b": 0, "c": 1, "d": 2, "e": 1}
    assert cut_points(kite) == {"c", "d"}


def test_louvain_two_cliques_seeded():
    G = nx.barbell_graph(5, 1)  # two 5-cliques joined through node 5
    found = louvain(G, seed=1)
    assert sorted(map(len, found)) == [5, 6] and found == louvain(G, seed=1)
    assert {6, 7, 8, 9, 10} in found


def _multi():
    g = nx.MultiDiGraph()
    for n, t, cls in (("p1", "program", "csr:Program"), ("p2", "program", "csr:Program"),
                      ("o", "organization", "csr:Foundation"),
                      ("s", "stakeholder", "csr:StakeholderGroup")):
        g.add_node(n, type=t, cls=cls, zh=n.upper(), en=n)
    g.add_edge("p1", "o", key="csr:partner/x", rel="csr:partner", reading=False)
    g.add_edge("p2", "o", key="csr:partner/x", rel="csr:partner", reading=False)
    g.add_edge("p1", "s", key="r", rel="csr:concernsStakeholder", reading=True)
    g.add_edge("p2", "s", key="r", rel="csr:concernsStakeholder", reading=True)
    g.add_edge("p1", "p1", key="loop", rel="dcterms:isPartOf", reading=False)
    return g


def test_readings_switch_and_projection():
    g = _multi()
    assert sorted(undirected(g).edges()) == [("p1", "o"), ("p2", "o")]
    assert undirected(g, readings=True).degree("s") == 2
    d = directed(g)
    assert d.has_edge("o", "p1") and d.has_edge("p1", "o")  # partnerships both ways
    assert not directed(g, readings=True).has_edge("s", "p1")  # readings as stated
    assert kind_of(g.nodes["o"]) == "foundation"


def test_measures_rows():
    result = measures(_multi())
    first = result.rows[0]
    assert (first["entity"], first["degree"], first["betweenness"], first["articulation"],
            first["bridges"]) == ("o", 2, 0.333333, True, 2)  # 1 pair of 3
    assert result.rows[-1]["entity"] == "s" and result.rows[-1]["constraint"] is None
    assert "betweenness exact" in result.notes[0] and "without" in result.notes[0]
    # with readings p1-s-p2 is a second shortest path: o has half of the one pair
    assert measures(_multi(), readings=True).rows[0]["betweenness"] == 0.166667
