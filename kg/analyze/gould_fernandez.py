"""Brokerage roles of Gould and Fernandez (1989) over a partition of the nodes."""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import networkx as nx

__all__ = ["ROLES", "brokerage", "role"]

ROLES = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")


def role(group_a: Hashable, group_b: Hashable, group_c: Hashable) -> str:
    """The role of broker b on the two-path a → b → c, given the three groups.

    >>> role("A", "A", "A"), role("A", "B", "A"), role("B", "A", "A")
    ('coordinator', 'itinerant', 'gatekeeper')
    >>> role("A", "A", "B"), role("A", "B", "C")
    ('representative', 'liaison')
    """
    if group_a == group_b == group_c:
        return "coordinator"
    if group_a == group_c:
        return "itinerant"
    if group_b == group_c:
        return "gatekeeper"
    if group_a == group_b:
        return "representative"
    return "liaison"


def brokerage(G: nx.DiGraph, groups: Mapping[Hashable, Hashable]) -> dict:
    """How often each node brokers, by role, in the sense of Gould and Fernandez (1989).

    Node b brokers on every open two-path a → b → c: arcs a→b and b→c, a, b and c distinct,
    and no arc a→c. The groups of a, b and c give the role:

    - coordinator: a, b and c in one group;
    - itinerant (consultant): a and c in one group, b in another;
    - gatekeeper: b and c in one group, a in another (b lets an outsider in);
    - representative: a and b in one group, c in another (b speaks for its group outside);
    - liaison: a, b and c in three groups.

    Parameters
    ----------
    G : networkx.DiGraph
        A simple directed graph; self-loops are ignored. For an undirected relation, give
        the arc both ways: a→b→a is then not a two-path (a = c).
    groups : mapping
        Node → group. Every node of G must have one.

    Returns
    -------
    dict
        Node → dict of role → count, for every node of G (all five roles, zeros included).

    Examples
    --------
    >>> G = nx.DiGraph([("a1", "b"), ("b", "a2"), ("b", "c")])
    >>> r = brokerage(G, {"a1": "A", "a2": "A", "b": "B", "c": "C"})
    >>> r["b"]["itinerant"], r["b"]["liaison"], sum(r["a1"].values())
    (1, 1, 0)

    Notes
    -----
    Raw counts, not the ratios to the counts expected at random that the paper also gives.
    Time O(sum over b of indegree(b) × outdegree(b)).

    References
    ----------
    .. [1] Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal
       approach to brokerage in transaction networks. Sociological Methodology 19, 89–126.
    """
    missing = [n for n in G if n not in groups]
    if missing:
        raise ValueError(f"no group for node {missing[0]!r}")
    out = {n: dict.fromkeys(ROLES, 0) for n in G}
    succ, pred = G.succ, G.pred
    for b in G:
        gb = groups[b]
        counts = out[b]
        targets = [c for c in succ[b] if c != b]
        for a in pred[b]:
            if a == b:
                continue
            ga, reach = groups[a], succ[a]
            for c in targets:
                if c != a and c not in reach:
                    counts[role(ga, gb, groups[c])] += 1
    return out
