"""Gould and Fernandez brokerage on a hand-worked example: every role at least once, a
closed triad that brokers nothing, and a mutual tie that does not broker with itself."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.analyze import ROLES, brokerage
from kg.analyze.gould_fernandez import role

GROUPS = {**{f"a{i}": "A" for i in range(1, 11)}, **{f"b{i}": "B" for i in range(1, 5)},
          **{f"c{i}": "C" for i in range(1, 6)}}
ARCS = [
    ("a1", "a2"), ("a2", "a3"),            # coordinator: A → A → A
    ("a4", "b1"), ("b1", "a5"),            # itinerant: A → B → A
    ("b1", "c5"),                          # ... and liaison for b1 too: A → B → C
    ("b1", "a4"),                          # mutual tie: a4 → b1 → a4 is no two-path
    ("a6", "a7"), ("a7", "b2"),            # representative: A → A → B
    ("b3", "a8"), ("a8", "a9"),            # gatekeeper: B → A → A
    ("a10", "b4"), ("b4", "c1"),           # liaison: A → B → C
    ("c2", "c3"), ("c3", "c4"), ("c2", "c4"),  # closed: c2 reaches c4 itself
]


def test_hand_worked_example():
    G = nx.DiGraph(ARCS)
    G.add_nodes_from(GROUPS)
    got = {n: {r: v for r, v in roles.items() if v} for n, roles in
           brokerage(G, GROUPS).items() if any(roles.values())}
    assert got == {"a2": {"coordinator": 1}, "b1": {"itinerant": 1, "liaison": 1},
                   "a7": {"representative": 1}, "a8": {"gatekeeper": 1},
                   "b4": {"liaison": 1}}
    # every role appears
    totals = {r: sum(v[r] for v in brokerage(G, GROUPS).values()) for r in ROLES}
    assert totals == {"coordinator": 1, "itinerant": 1, "gatekeeper": 1,
                      "representative": 1, "liaison": 2}


def test_role_table():
    assert [role(*g) for g in ("AAA", "ABA", "BAA", "AAB", "ABC")] == [
        "coordinator", "itinerant", "gatekeeper", "representative", "liaison"]


def test_self_loops_ignored_and_groups_required():
    G = nx.DiGraph([("x", "x"), ("x", "y"), ("w", "x")])
    assert brokerage(G, {"x": 1, "y": 1, "w": 1})["x"]["coordinator"] == 1
    with pytest.raises(ValueError, match="no group"):
        brokerage(G, {"x": 1})
