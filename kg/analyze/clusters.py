"""Louvain communities, seeded so that the same graph gives the same partition."""

from __future__ import annotations

from collections import Counter

import networkx as nx

from .graph import undirected
from .result import Analysis

__all__ = ["communities", "louvain"]

COLUMNS = ["community", "size", "types", "members"]


def louvain(G: nx.Graph, seed: int = 2019, resolution: float = 1.0) -> list[set]:
    """Louvain communities of ``G`` (networkx), largest first, ties by their least member.

    The same graph built in the same node order and the same seed give the same partition
    (the :mod:`kg.netx` projection adds nodes and edges in sorted order).

    >>> louvain(nx.barbell_graph(4, 0))
    [{0, 1, 2, 3}, {4, 5, 6, 7}]
    """
    found = nx.community.louvain_communities(G, seed=seed, resolution=resolution)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(map(str, c))))


def communities(multi: nx.MultiDiGraph, readings: bool = False, lang: str = "zh",
                seed: int = 2019, shown: int = 8) -> Analysis:
    """The communities of ``multi``'s undirected simple graph: size, the kinds of entity in
    it and its best-linked members (by degree), largest first. Isolated entities are
    communities of one."""
    G = undirected(multi, readings)
    rows = []
    for i, members in enumerate(louvain(G, seed)):
        types = Counter(G.nodes[n].get("type", "") for n in members)
        best = sorted(members, key=lambda n: (-G.degree(n), n))[:shown]
        rows.append({"community": i, "size": len(members),
                     "types": ", ".join(f"{t} {c}" for t, c in
                                        sorted(types.items(), key=lambda x: (-x[1], x[0]))),
                     "members": ", ".join(G.nodes[n].get(lang, n) for n in best),
                     "member_iris": sorted(members)})
    singles = sum(1 for r in rows if r["size"] == 1)
    notes = [(f"{len(rows)} communities of {G.number_of_nodes()} entities "
             f"({'with' if readings else 'without'} the curator's readings; Louvain, seed "
             f"{seed}; {singles} of one entity)")]
    return Analysis("communities", COLUMNS, rows, notes, {"readings": readings, "seed": seed})
