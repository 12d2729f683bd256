"""The brokers of a selection: Gould and Fernandez roles over the kinds of entity."""

from __future__ import annotations

import networkx as nx

from .gould_fernandez import ROLES, brokerage
from .graph import directed, kinds
from .result import Analysis

__all__ = ["brokers"]

COLUMNS = ["entity", "label", "kind", *ROLES, "total"]


def brokers(multi: nx.MultiDiGraph, readings: bool = False, lang: str = "zh") -> Analysis:
    """Brokerage counts of every entity of ``multi``, most brokering first.

    The graph is :func:`kg.analyze.graph.directed` (relations the way they point,
    partnerships both ways); the groups are :func:`kg.analyze.graph.kind_of` (organization
    class or entity type)."""
    G = directed(multi, readings)
    groups = kinds(G)
    counts = brokerage(G, groups)
    rows = []
    for n, roles in counts.items():
        total = sum(roles.values())
        if total:
            rows.append({"entity": n, "label": G.nodes[n].get(lang, n), "kind": groups[n],
                         **roles, "total": total})
    rows.sort(key=lambda r: (-r["total"], r["entity"]))
    notes = [(f"{len(rows)} of {G.number_of_nodes()} entities broker on an open two-path "
             f"a→b→c ({'with' if readings else 'without'} the curator's readings); "
             "partnerships count both ways, other relations the way they point; groups: "
             "organization class or entity type")]
    return Analysis("brokers", COLUMNS, rows, notes,
                    {"readings": readings, "partition": "kind", "symmetric": ["csr:partner"]})
