"""Choosing a part of the graph: the selection that ``kg view`` draws and ``kg export`` writes.

Each option picks a set of entities (nodes of the :mod:`kg.netx` projection); given several,
the selection is what they all pick; given none, it is the whole graph. Then ``types`` keeps
only those kinds of entity.

- ``around=X, hops=N``: X and everything within N relations of it (N defaults to 1).
- ``path=(A, B)``: the entities on the shortest chains between A and B, and on the chain
  that says most (:func:`kg.path_rank.informative_paths`: hubs cost more), as ``kg path``
  ranks it.
- ``dimension=D``: the programs the curator reads into the 五位一体 dimension D.
- ``stakeholder=S``: the group S, its demands, and the programs that concern it or answer one
  of its demands.
- ``section=S``: the entities the report section S (or one of its subsections) is a source of.
- ``query=TEXT``: the entities a CONSTRUCT query's graph mentions; the graph itself is kept.

``hops`` (when not used by ``around``) widens the dimension, stakeholder, section and query
picks by that many relations. The ring just outside the selection is kept as ``frontier``, so
that a page can expand a node into neighbours it does not show yet.

>>> sel = select(store, SelectionSpec(around="为村", hops=1))                 # doctest: +SKIP
>>> len(sel.nodes), sel.graph.number_of_edges()                              # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
from rdflib import Graph, URIRef

from .entity_types import ENTITY_TYPES, type_names
from .errors import UsageError
from .namespaces import PREFIXES
from .store import Store

__all__ = ["SelectionSpec", "Selection", "select"]


@dataclass(frozen=True)
class SelectionSpec:
    around: str | None = None
    hops: int | None = None
    types: tuple[str, ...] = ()
    dimension: str | None = None
    stakeholder: str | None = None
    section: str | None = None
    path: tuple[str, str] | None = None
    query: str | None = None
    leave_out: tuple[str, ...] = ()

    @property
    def whole(self) -> bool:
        return not any((self.around, self.dimension, self.stakeholder, self.section,
                        self.path, self.query, self.types, self.leave_out))

    def describe(self) -> str:
        """A short text of the selection, for a page title or a log line."""
        parts = []
        if self.around:
            parts.append(f"around {self.around} ({self.hops if self.hops is not None else 1} "
                         f"hops)")
        for name in ("dimension", "stakeholder", "section"):
            if getattr(self, name):
                parts.append(f"{name} {getattr(self, name)}")
        if self.path:
            parts.append(f"path {self.path[0]} – {self.path[1]}")
        if self.query:
            parts.append("a CONSTRUCT query")
        if self.types:
            parts.append("type " + ", ".join(self.types))
        if self.leave_out:
            parts.append("without " + ", ".join(self.leave_out))
        return "; ".join(parts) or "the whole graph"


@dataclass
class Selection:
    spec: SelectionSpec
    projection: nx.MultiDiGraph           # the whole projection the selection is part of
    nodes: set[str]
    frontier: set[str] = field(default_factory=set)
    construct: Graph | None = None        # the CONSTRUCT query's own graph, if one was given

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The selected entities and every relation between two of them."""
        return self.projection.subgraph(self.nodes).copy()


def _resolve(store: Store, text: str) -> str:
    from .search import resolve

    return str(resolve(store, text))


def _within(graph: nx.MultiDiGraph, seeds: set[str], hops: int) -> set[str]:
    undirected = graph.to_undirected(as_view=True)
    found = set(seeds)
    ring = set(seeds)
    for _ in range(hops):
        ring = {n for r in ring for n in undirected.neighbors(r)} - found
        found |= ring
    return found


def _concept(store: Store, scheme: str, text: str) -> URIRef:
    """A scheme concept by code, CURIE, IRI or label (zh or en)."""
    from .params import expand_iri

    iri = expand_iri(text)
    rows = store.select("""
        SELECT ?c ?code ?zh ?en WHERE {
          ?c skos:inScheme ?scheme ; skos:notation ?code .
          OPTIONAL { ?c skos:prefLabel ?zh FILTER(LANG(?zh) = "zh") }
          OPTIONAL { ?c skos:prefLabel ?en FILTER(LANG(?en) = "en") }
        } ORDER BY ?code""", {"scheme": URIRef(f"{PREFIXES['csrs']}{scheme}")})
    for r in rows:
        names = {str(r["code"]), str(r.get("zh", "")), str(r.get("en", "")).lower()}
        if (iri is not None and r["c"] == iri) or text in names or text.lower() in names:
            return r["c"]
    choices = ", ".join(f"{r['code']} ({r.get('zh', '')})" for r in rows)
    raise UsageError(f"no {scheme} {text!r} (choose one of: {choices})")


def _picked(store: Store, sparql: str, bindings: dict) -> set[str]:
    return store.select(sparql, bindings).values("x")


def select(store: Store, spec: SelectionSpec, projection: nx.MultiDiGraph | None = None
           ) -> Selection:
    """The entities ``spec`` picks; an unknown name or an empty result is a UsageError."""
    from .netx import paths, project

    graph = projection if projection is not None else project(store)
    unknown = [t for t in (*spec.types, *spec.leave_out) if t not in ENTITY_TYPES]
    if unknown:
        raise UsageError(f"unknown type {unknown[0]!r} (choose one of: {type_names()})")
    if spec.hops is not None and spec.hops < 0:
        raise UsageError(f"--hops must be 0 or more, not {spec.hops}")
    widen = spec.hops or 0
    picks: list[set[str]] = []
    construct = None
    if spec.around:
        center = _resolve(store, spec.around)
        if center not in graph:
            raise UsageError(f"{spec.around!r} is not an entity that the graph links")
        picks.append(_within(graph, {center}, 1 if spec.hops is None else spec.hops))
    if spec.path:
        a, b = (_resolve(store, x) for x in spec.path)
        found = paths(graph, a, b, max_hops=8)
        if found:  # and the chain kg path puts first (through no hub, where there is one)
            from .path_rank import informative_paths

            found += informative_paths(graph, a, b, max_hops=8)
        if not found:
            raise UsageError(f"no chain of relations links {spec.path[0]} and {spec.path[1]}")
        picks.append(_within(graph, {n for p in found for n in p.nodes}, widen))
    if spec.dimension:
        concept = _concept(store, "dimension", spec.dimension)
        picks.append(_within(graph, _picked(store, "SELECT ?x WHERE { ?x csr:dimension ?d }",
                                            {"d": concept}), widen))
    if spec.stakeholder:
        group = URIRef(_resolve(store, spec.stakeholder))
        if graph.nodes.get(str(group), {}).get("type") != "stakeholder":
            raise UsageError(f"{spec.stakeholder!r} is not a stakeholder group")
        picked = {str(group)} | _picked(store, """
            SELECT ?x WHERE {
              { ?g csr:hasDemand ?x } UNION { ?x csr:concernsStakeholder ?g }
              UNION { ?g csr:hasDemand ?d . ?x csr:answersDemand ?d }
            }""", {"g": group})
        picks.append(_within(graph, picked, widen))
    if spec.section:
        section = _section(store, spec.section)
        picked = _picked(store, """
            SELECT DISTINCT ?x WHERE {
              ?part dcterms:isPartOf* ?sec .
              { ?x dcterms:source ?part }
              UNION { ?n dcterms:source ?part ; csr:partnershipIn|csr:partner ?x }
              UNION { ?n dcterms:source ?part ; csr:observedEntity ?x }
            }""", {"sec": section})
        picks.append(_within(graph, picked & set(graph), widen))
    if spec.query:
        from .query import run

        result = run(store, spec.query)
        if result.kind != "graph":
            raise UsageError("--query needs a CONSTRUCT or DESCRIBE query")
        construct = result.materialize()
        mentioned = {str(t) for triple in construct for t in triple if isinstance(t, URIRef)}
        picks.append(_within(graph, mentioned & set(graph), widen))
    nodes = set.intersection(*picks) if picks else set(graph)
    if spec.types:
        nodes = {n for n in nodes if graph.nodes[n]["type"] in spec.types}
    if spec.leave_out:
        nodes = {n for n in nodes if graph.nodes[n]["type"] not in spec.leave_out}
    if not nodes:
        raise UsageError(f"the selection ({spec.describe()}) holds no entity")
    frontier = _within(graph, nodes, 1) - nodes
    if spec.types:
        frontier = {n for n in frontier if graph.nodes[n]["type"] in spec.types}
    if spec.leave_out:
        frontier = {n for n in frontier if graph.nodes[n]["type"] not in spec.leave_out}
    return Selection(spec, graph, nodes, frontier, construct)


def _section(store: Store, text: str) -> URIRef:
    """A report section by id (s2-3), label (2.3 一起创造智慧生活) or IRI."""
    from .params import expand_iri

    iri = expand_iri(text)
    rows = store.select("""
        SELECT ?s ?code ?zh ?en WHERE {
          ?s a csr:ReportSection ; skos:notation ?code ; csr:sectionOrder ?order .
          OPTIONAL { ?s rdfs:label ?zh FILTER(LANG(?zh) = "zh") }
          OPTIONAL { ?s rdfs:label ?en FILTER(LANG(?en) = "en") }
        } ORDER BY ?order""")
    for r in rows:
        if (iri is not None and r["s"] == iri) or text in (
                str(r["code"]), str(r.get("zh", "")), str(r.get("en", ""))):
            return r["s"]
    choices = ", ".join(str(r["code"]) for r in rows)
    raise UsageError(f"no report section {text!r} (choose one of: {choices})")
