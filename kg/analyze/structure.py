"""Measures per entity on the undirected simple graph: degree, betweenness, Burt's
constraint and effective size, bridges and articulation points, and the Louvain community."""

from __future__ import annotations

import networkx as nx

from .clusters import louvain
from .graph import undirected
from .result import Analysis

__all__ = [
    "EXACT_BELOW",
    "SAMPLE",
    "SEED",
    "betweenness",
    "bridge_counts",
    "cut_points",
    "measures",
    "structural_holes",
]

EXACT_BELOW = 5000   # nodes: exact betweenness below this, sampled from it on
SAMPLE = 64          # source nodes sampled for betweenness on larger graphs
SEED = 2019          # the seed of every sampled or randomised step

COLUMNS = ["entity", "label", "type", "degree", "betweenness", "constraint",
           "effective_size", "bridges", "articulation", "community"]


def betweenness(G: nx.Graph, exact_below: int = EXACT_BELOW, k: int = SAMPLE,
                seed: int = SEED) -> tuple[dict, str]:
    """Normalised betweenness centrality and how it was computed.

    Exact (Brandes, O(VE)) when G has fewer than ``exact_below`` nodes; else estimated from
    ``k`` source nodes drawn with ``seed`` (O(kE)), the same estimate on every run.

    >>> G = nx.path_graph(3)
    >>> betweenness(G)
    ({0: 0.0, 1: 1.0, 2: 0.0}, 'exact')
    """
    n = G.number_of_nodes()
    if n < exact_below or k >= n:
        return nx.betweenness_centrality(G), "exact"
    return (nx.betweenness_centrality(G, k=k, seed=seed),
            f"sampled from {k} of {n} source nodes (seed {seed})")


def structural_holes(G: nx.Graph) -> tuple[dict, dict]:
    """Burt's constraint and effective size of every node of an unweighted, undirected
    simple graph; None for a node with no neighbour, where both are undefined.

    With p(i, j) = 1 / degree(i) for a neighbour j (the proportion of i's ties that j takes),
    the constraint of i is the sum over its neighbours j of
    (p(i, j) + sum over common neighbours q of p(i, q) p(q, j)) ** 2, and the effective size
    of i is degree(i) - 2 t(i) / degree(i), t(i) the links among i's neighbours (Burt 1992;
    the same values as :func:`networkx.constraint` and :func:`networkx.effective_size`, in
    O(sum over edges of the smaller degree) instead of networkx's cube of the degree, which
    takes minutes around Tencent).

    >>> c, e = structural_holes(nx.star_graph(2))
    >>> c[0], e[0], c[1], e[1]
    (0.5, 2.0, 1.0, 1.0)
    """
    adj = {n: set(G[n]) - {n} for n in G}
    deg = {n: len(a) for n, a in adj.items()}
    triangles = nx.triangles(G)
    constraint, effective = {}, {}
    for i, near in adj.items():
        d = deg[i]
        if not d:
            constraint[i] = effective[i] = None
            continue
        total = 0.0
        for j in near:
            common = near & adj[j] if d < deg[j] else adj[j] & near
            total += (1 / d + sum(1 / (d * deg[q]) for q in common)) ** 2
        constraint[i] = total
        effective[i] = d - 2 * triangles[i] / d
    return constraint, effective


def bridge_counts(G: nx.Graph) -> dict:
    """How many bridges (edges whose removal disconnects their ends) touch each node.

    >>> bridge_counts(nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3)]))
    {0: 0, 1: 0, 2: 1, 3: 1}
    """
    out = dict.fromkeys(G, 0)
    for a, b in nx.bridges(G):
        out[a] += 1
        out[b] += 1
    return out


def cut_points(G: nx.Graph) -> set:
    """The articulation points: nodes whose removal splits their component.

    >>> sorted(cut_points(nx.path_graph(4)))
    [1, 2]
    """
    return set(nx.articulation_points(G))


def measures(multi: nx.MultiDiGraph, readings: bool = False, lang: str = "zh",
             exact_below: int = EXACT_BELOW, k: int = SAMPLE, seed: int = SEED) -> Analysis:
    """Every measure for every entity of ``multi`` (a :mod:`kg.netx` projection or a
    selection's graph), highest betweenness first, then by degree and IRI."""
    G = undirected(multi, readings)
    between, method = betweenness(G, exact_below, k, seed)
    constraint, effective = structural_holes(G)
    bridges = bridge_counts(G)
    cuts = cut_points(G)
    community = {n: i for i, members in enumerate(louvain(G, seed)) for n in members}
    rows = [{"entity": n, "label": d.get(lang, n), "type": d.get("type", ""),
             "degree": G.degree(n), "betweenness": round(between[n], 6),
             "constraint": _round(constraint[n]), "effective_size": _round(effective[n]),
             "bridges": bridges[n], "articulation": n in cuts, "community": community[n]}
            for n, d in G.nodes(data=True)]
    rows.sort(key=lambda r: (-r["betweenness"], -r["degree"], r["entity"]))
    notes = [(f"{G.number_of_nodes()} entities, {G.number_of_edges()} links "
             f"({'with' if readings else 'without'} the curator's readings); "
             f"betweenness {method}; communities: Louvain, seed {seed}")]
    return Analysis("measures", COLUMNS, rows, notes,
                    {"readings": readings, "betweenness": method, "seed": seed,
                     "exact_below": exact_below, "sample": k})


def _round(value):
    return None if value is None else round(value, 6)
