"""Chains between two entities ranked by how much they say: a chain through a hub (Tencent,
a stakeholder group) links nearly anything to anything, so passing through one costs more.

The cost of a chain is its number of hops plus, for each entity inside it (not its two ends),
the natural log of that entity's degree: its number of distinct neighbours on the undirected
projection of :func:`kg.netx.project`, with or without the curator's readings. Each hop then
costs at least 1 and entering an entity n costs ``1 + log(degree(n))``; an entity with one
neighbour could not sit inside a chain, one with two adds ``log 2`` (0.69), Tencent (261
neighbours) adds 5.56. The plain shortest chain (:func:`kg.netx.paths`) stays available.

Chains come from networkx: ``shortest_simple_paths`` (Yen's algorithm) yields them cheapest
first; ``all_simple_paths`` when every chain up to ``max_hops`` is asked for. Ties are broken
as :func:`kg.netx.paths` breaks them: fewer hops, then the nodes' English labels and IRIs.

>>> from kg.netx import to_networkx, describe
>>> g = to_networkx()                                                         # doctest: +SKIP
>>> describe(informative_paths(g, "program:weicun", "place:xunwu-county")[0])  # doctest: +SKIP
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from itertools import islice, pairwise

import networkx as nx

from .errors import UsageError
from .netx import Hop, Path, _links, _node, _undirected

__all__ = ["hub_penalty", "chain_cost", "informative_paths"]

_DIGITS = 9      # costs equal to this many decimals are ties (sums of logs in another order)


def hub_penalty(graph: nx.MultiDiGraph, readings: bool = True) -> dict[str, float]:
    """``log(degree)`` of every node (0 for a node with no neighbour), the degree counted as
    distinct neighbours, edges either way, the curator's readings only when ``readings``."""
    u = _undirected(graph, readings)
    return {n: math.log(d) if d else 0.0
            for n, d in ((n, len(set(u[n]) - {n})) for n in u)}


def chain_cost(nodes: Iterable[str], penalty: dict[str, float]) -> float:
    """Hops plus the penalty of every node inside the chain (its ends cost nothing)."""
    p = list(nodes)
    return float(len(p) - 1) + sum(penalty[n] for n in p[1:-1])


def informative_paths(graph: nx.MultiDiGraph, a, b, *, max_hops: int = 4,
                      readings: bool = True, avoid: Iterable = (), via=None,
                      limit: int | None = None, all_paths: bool = False) -> list[Path]:
    """The chains that link ``a`` to ``b``, cheapest first (see the module for the cost),
    ignoring the direction of edges.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A graph from :func:`kg.netx.project`.
    a, b : str or rdflib.URIRef
        IRIs or CURIEs of two nodes.
    max_hops : int
        The longest chain, in edges, that is looked for.
    readings : bool
        ``False`` leaves out the curator's readings, from the chains and from the degrees.
    avoid : iterable of str
        Entities no chain may pass through (neither end may be one).
    via : str, optional
        An entity every chain must pass through (not an end, not avoided).
    limit : int, optional
        Return at most this many chains.
    all_paths : bool
        ``False``: the cheapest chains (several only when their costs tie). ``True``: every
        simple chain of at most ``max_hops`` edges, cheapest first.

    Returns
    -------
    list of kg.netx.Path
        With ``cost`` set. Empty when no chain is short enough.

    Raises
    ------
    kg.errors.UsageError
        An entity is not a node, ``via`` or ``avoid`` names an end, ``via`` is avoided, or
        ``max_hops`` or ``limit`` is negative.

    Notes
    -----
    The cheapest chains come from Yen's algorithm on a copy of the graph layered by hops
    (see :func:`_ordered`), so no chain longer than ``max_hops`` is walked past; the
    search stops at the first chain dearer than the best. ``all_paths`` enumerates every
    simple chain,
    which grows quickly with ``max_hops`` around hubs.
    """
    if max_hops < 0:
        raise UsageError(f"max_hops must be 0 or more, not {max_hops}")
    if limit is not None and limit < 0:
        raise UsageError(f"limit must be 0 or more, not {limit}")
    a, b = _node(graph, a), _node(graph, b)
    avoided = {_node(graph, x) for x in avoid}
    via = _node(graph, via) if via is not None else None
    if avoided & {a, b}:
        raise UsageError(f"cannot avoid an end of the chain: {min(avoided & {a, b})}")
    if via in (a, b):
        raise UsageError(f"the chain cannot pass through its own end: {via}")
    if via in avoided:
        raise UsageError(f"the chain cannot both avoid and pass through {via}")
    penalty = hub_penalty(graph, readings)
    u = _undirected(graph, readings)
    u.remove_nodes_from(avoided)
    if a == b:
        found = [[a]] if via is None else []
    elif all_paths:
        found = [p for p in nx.all_simple_paths(u, a, b, cutoff=max_hops)
                 if via is None or via in p]
    else:
        found = _cheapest(_ordered(u, penalty, a, b, via, max_hops), penalty)
    nodes = graph.nodes

    def key(p: list[str]):
        return (round(chain_cost(p, penalty), _DIGITS), len(p),
                [(nodes[n]["en"].casefold(), n) for n in p])

    out = []
    for p in islice(sorted(found, key=key), limit):
        hops = tuple(Hop(x, y, _links(graph, x, y, readings)) for x, y in pairwise(p))
        out.append(Path(nodes=tuple(p), zh=tuple(nodes[n]["zh"] for n in p),
                        en=tuple(nodes[n]["en"] for n in p), hops=hops,
                        cost=chain_cost(p, penalty)))
    return out


def _cheapest(chains: Iterator[list[str]], penalty: dict[str, float]) -> list[list[str]]:
    """The chains that tie for the lowest cost, from chains given cheapest first."""
    best, out = None, []
    for p in chains:
        cost = round(chain_cost(p, penalty), _DIGITS)
        if best is not None and cost > best:
            break
        best = cost
        out.append(p)
    return out


_END = "end"  # the one sink of the layered graph: every (b, k) leads to it


def _ordered(u: nx.Graph, penalty: dict[str, float], a: str, b: str, via: str | None,
             max_hops: int) -> Iterator[list[str]]:
    """Simple chains from ``a`` to ``b`` of at most ``max_hops`` edges (through ``via`` when
    given), cheapest first.

    Yen's algorithm runs on a layered copy of ``u``: node ``(n, k, f)`` is ``n`` reached in
    ``k`` hops, ``f`` once ``via`` is passed (from the start when there is none), and an edge
    into ``(n, k + 1, f)`` weighs ``1 + penalty[n]`` (``1`` into ``b``). So every walk it
    yields is at most ``max_hops`` long and costs what :func:`chain_cost` says; a walk that
    comes back to a node is skipped. Without ``via`` such a walk costs more than the same
    walk without its loop, so the first one yielded is a chain; with ``via``, walks that
    loop out to ``via`` and back may come first and are walked past (a --via far off the
    cheap routes is the slow case, under the CLI's --timeout).
    """
    start = (a, 0, via is None)
    d = nx.DiGraph()
    d.add_node(start)
    arcs = [(x, y) for e in u.edges for x, y in (e, e[::-1]) if x != b and y != a]
    for k in range(max_hops):
        for x, y in arcs:
            for f in (False, True):
                if (x, k, f) not in d or (y == via and f):
                    continue  # not reached in k hops, or via entered a second time
                g = f or y == via
                if y == b and not g:
                    continue
                d.add_edge((x, k, f), (y, k + 1, g), w=1.0 if y == b else 1.0 + penalty[y])
                if y == b:
                    d.add_edge((y, k + 1, g), _END, w=0.0)
    if _END not in d:
        return
    for walk in nx.shortest_simple_paths(d, start, _END, weight="w"):
        chain = [n for n, _, _ in walk[:-1]]
        if len(set(chain)) == len(chain):
            yield chain
