"""The simple graphs the analyses run on, made from the :mod:`kg.netx` projection, and the
partition of entities into kinds that brokerage and coverage group by.

Readings: with ``readings=False`` the curator's readings (``csr:concernsStakeholder``,
``csr:answersDemand`` and the other sub-properties of ``csr:curatorReading``) are left out,
so that only what the report itself states links two entities.
"""

from __future__ import annotations

import re

import networkx as nx

__all__ = ["SYMMETRIC", "directed", "kind_of", "kinds", "undirected"]

# Relations that tie both sides alike: a partnership binds its subject and its partner.
SYMMETRIC = frozenset({"csr:partner"})


def _kept(multi: nx.MultiDiGraph, readings: bool):
    for a, b, data in multi.edges(data=True):
        if a != b and (readings or not data.get("reading")):
            yield a, b, data


def undirected(multi: nx.MultiDiGraph, readings: bool = False) -> nx.Graph:
    """The undirected simple graph: one edge between two entities however many relations
    link them, in either direction; no self-loops. Every node of ``multi`` is kept."""
    g = nx.Graph()
    g.add_nodes_from(multi.nodes(data=True))
    g.add_edges_from((a, b) for a, b, _ in _kept(multi, readings))
    return g


def directed(multi: nx.MultiDiGraph, readings: bool = False,
             symmetric: frozenset[str] = SYMMETRIC) -> nx.DiGraph:
    """The directed simple graph: an arc a→b when a relation points from a to b; relations
    in ``symmetric`` (partnerships) give arcs both ways. The curator's readings, when kept,
    point the way they are stated (program → stakeholder group or demand)."""
    g = nx.DiGraph()
    g.add_nodes_from(multi.nodes(data=True))
    for a, b, data in _kept(multi, readings):
        g.add_edge(a, b)
        if data.get("rel") in symmetric:
            g.add_edge(b, a)
    return g


def kind_of(data: dict) -> str:
    """A node's kind: the organization's class for organizations (``company``,
    ``government-body``, ``foundation``..., plain ``organization`` when the report gives
    none), else its entity type (``program``, ``unit``, ``product``, ``place``...).

    >>> kind_of({"type": "organization", "cls": "csr:GovernmentBody"})
    'government-body'
    >>> kind_of({"type": "unit", "cls": "csr:TencentUnit"})
    'unit'
    """
    if data.get("type") == "organization":
        local = data["cls"].split(":", 1)[-1]
        return re.sub(r"(?<!^)(?=[A-Z])", "-", local).lower()
    return data.get("type", "")


def kinds(graph: nx.Graph) -> dict[str, str]:
    """Every node's :func:`kind_of`."""
    return {n: kind_of(d) for n, d in graph.nodes(data=True)}
