"""The graph as a networkx ``MultiDiGraph`` of the report's entities, and the linkage paths
between two of them.

Nodes are the entities a reader of the report would name: programs, organizations, Tencent's
units and products, people, places, events, awards, standards, stakeholder groups and demands,
ratings and the report itself. Classes, SKOS scheme concepts (dimensions, roles, kinds...),
report sections, units of measure, observations and index entries are not nodes. Edges are the
object properties between two nodes; each partnership becomes one ``csr:partner`` edge from
its subject to its partner, with the partner's role on it.

>>> from kg.netx import to_networkx, paths, describe
>>> g = to_networkx()                                                      # doctest: +SKIP
>>> [describe(p, "en") for p in paths(g, "program:weicun", "organization:didi")]  # doctest: +SKIP

This module imports networkx; the CLI imports it only when a command needs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice, pairwise

import networkx as nx

from .entity_types import type_of_class
from .errors import UsageError
from .namespaces import CSR, curie
from .params import expand_iri
from .store import Store

__all__ = ["ENTITY_CLASSES", "Link", "Hop", "Path", "project", "to_networkx", "paths",
           "describe", "edge_label"]

# The classes whose instances are nodes. When a node has several, ``cls`` is the first one
# listed: subclasses before csr:Organization, and a Tencent unit that is also a company stays
# a Tencent unit.
ENTITY_CLASSES = (
    "csr:TencentUnit", "csr:Product", "csr:Company", "csr:GovernmentBody", "csr:Foundation",
    "csr:NGO", "csr:AcademicInstitution", "csr:Hospital", "csr:InternationalOrganization",
    "csr:MediaOrganization", "csr:Association", "csr:Organization", "csr:Program",
    "csr:Person", "csr:Place", "csr:Event", "csr:Award", "csr:Standard",
    "csr:StakeholderGroup", "csr:StakeholderDemand", "csr:Rating", "csr:Report",
    "csr:Framework", "csr:FrameworkConcept",
)

PARTNER = "csr:partner"

# ---------------------------------------------------------------- the projection

def _pick_label(labels: dict[str, list[str]], lang: str, fallback: str) -> str:
    other = "en" if lang == "zh" else "zh"
    for key in (lang, other, ""):
        if labels.get(key):
            return min(labels[key])
    return fallback


def project(store: Store) -> nx.MultiDiGraph:
    """The report's entities and the links between them, as a networkx ``MultiDiGraph``.

    Parameters
    ----------
    store : kg.store.Store
        Any engine; five SELECT queries are run.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are keyed by IRI (``str``), with attributes ``iri``, ``zh``, ``en`` (labels) and
        ``cls`` (the most specific csr class, as a CURIE such as ``"csr:Program"``) and ``type``
        (its --type name in :mod:`kg.entity_types`, such as ``"organization"``).
        Each edge has ``rel`` (the property's CURIE), ``zh`` and ``en`` (the property's labels)
        and ``reading`` (``True`` for the curator's readings, the sub-properties of
        ``csr:curatorReading``). A partnership is one edge from its subject to its partner
        with ``rel`` ``"csr:partner"``, plus ``role`` (CURIE), ``role_zh``, ``role_en``,
        ``via`` (the partnership's IRI) and ``reporter_side``. Edge keys are ``rel``, and
        ``"csr:partner/<role code>"`` for partnerships, since one partner can take two roles
        in the same subject.

    Examples
    --------
    >>> g = project(open_store())                                         # doctest: +SKIP
    >>> g.nodes["https://w3id.org/csr-kg/id/program/weicun"]["cls"]       # doctest: +SKIP
    'csr:Program'

    Notes
    -----
    Nodes and edges are added in sorted order, so iterating the graph is deterministic.
    """
    values = " ".join(ENTITY_CLASSES)
    types = store.select(f"SELECT DISTINCT ?s ?c WHERE {{ VALUES ?c {{ {values} }} ?s a ?c }}")
    rank = {c: i for i, c in enumerate(ENTITY_CLASSES)}
    cls: dict[str, str] = {}
    for row in types:
        s, c = str(row["s"]), curie(row["c"])
        if s not in cls or rank[c] < rank[cls[s]]:
            cls[s] = c

    labels: dict[str, dict[str, list[str]]] = {}
    for row in store.select("SELECT DISTINCT ?s ?l WHERE { ?s rdfs:label ?l FILTER(isIRI(?s)) }"):
        labels.setdefault(str(row["s"]), {}).setdefault(row["l"].language or "", []).append(
            str(row["l"]))

    def label(iri: str, lang: str) -> str:
        return _pick_label(labels.get(iri, {}), lang, curie(iri))

    readings = store.select(
        "SELECT DISTINCT ?p WHERE { ?p rdfs:subPropertyOf+ csr:curatorReading }").values("p")
    readings.add(str(CSR.curatorReading))

    g = nx.MultiDiGraph()
    for s in sorted(cls):
        g.add_node(s, iri=s, zh=label(s, "zh"), en=label(s, "en"), cls=cls[s],
                   type=type_of_class(cls[s]))

    triples = store.select("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?o)) "
                           "FILTER(?p != rdf:type) }")
    edges = sorted({(str(r["s"]), str(r["p"]), str(r["o"])) for r in triples
                    if str(r["s"]) in cls and str(r["o"]) in cls})
    for s, p, o in edges:
        rel = curie(p)
        g.add_edge(s, o, key=rel, rel=rel, zh=label(p, "zh"), en=label(p, "en"),
                   reading=p in readings)

    partnerships = store.select("""
        SELECT DISTINCT ?via ?subject ?partner ?role ?side WHERE {
          ?via a csr:Partnership ; csr:partnershipIn ?subject ; csr:partner ?partner ;
               csr:role ?role .
          OPTIONAL { ?via csr:reporterSide ?side }
        }""")
    partner = str(CSR.partner)
    rows = sorted(partnerships, key=lambda r: (str(r["subject"]), str(r["partner"]),
                                               str(r["role"]), str(r["via"])))
    for r in rows:
        s, o, role = str(r["subject"]), str(r["partner"]), str(r["role"])
        if s not in cls or o not in cls:
            continue
        code = role.rsplit("/", 1)[-1]
        g.add_edge(s, o, key=f"{PARTNER}/{code}", rel=PARTNER, zh=label(partner, "zh"),
                   en=label(partner, "en"), reading=partner in readings, role=curie(role),
                   role_zh=label(role, "zh"), role_en=label(role, "en"), via=str(r["via"]),
                   reporter_side=bool(r["side"].toPython()) if "side" in r else False)
    return g


def to_networkx(store: Store | None = None) -> nx.MultiDiGraph:
    """:func:`project` for notebooks: with no store, the default one (``build/store`` or
    ``$KG_STORE``) is opened."""
    if store is None:
        from .store import open_store

        store = open_store()
    return project(store)


# ---------------------------------------------------------------- paths

@dataclass(frozen=True)
class Link:
    """One edge of a hop. ``direction`` is ``"forward"`` when the edge points the way the path
    goes, ``"backward"`` when the path walks it against its direction. ``role``, ``role_zh``,
    ``role_en`` and ``via`` are set on partnership edges only."""

    rel: str
    direction: str
    zh: str
    en: str
    reading: bool = False
    role: str | None = None
    role_zh: str | None = None
    role_en: str | None = None
    via: str | None = None

    @property
    def forward(self) -> bool:
        return self.direction == "forward"

    def label(self, lang: str = "zh") -> str:
        """The relation's label with the role in brackets (see :func:`edge_label`)."""
        return edge_label(vars(self), lang)


def edge_label(edge: dict, lang: str = "zh") -> str:
    """An edge's relation label with the partner's role in brackets: ``合作方（共建方）``,
    ``partner (co-builder)``; plain ``合作方`` when the role is the generic partner. ``edge``
    holds ``zh``, ``en`` and, for partnerships, ``role_zh`` and ``role_en``."""
    if lang == "zh":
        role = edge.get("role_zh")
        return f"{edge['zh']}（{role}）" if role not in (None, edge["zh"]) else edge["zh"]
    role = edge["role_en"].lower() if edge.get("role_en") else None
    return f"{edge['en']} ({role})" if role not in (None, edge["en"].lower()) else edge["en"]


@dataclass(frozen=True)
class Hop:
    """One step of a path, from ``source`` to ``target`` (in the path's order), with every
    edge that links the two (``links``, forward ones first, then by relation and role)."""

    source: str
    target: str
    links: tuple[Link, ...]

    @property
    def link(self) -> Link:
        """The first of ``links``: the one to show when only one fits."""
        return self.links[0]


@dataclass(frozen=True)
class Path:
    """A chain of entities from the first to the last of ``nodes`` (IRIs); ``zh`` and ``en``
    are the nodes' labels and ``hops`` the links between consecutive nodes. ``cost`` is set
    by :func:`kg.path_rank.informative_paths` (hops plus the hub penalty), else ``None``."""

    nodes: tuple[str, ...]
    zh: tuple[str, ...]
    en: tuple[str, ...]
    hops: tuple[Hop, ...]
    cost: float | None = None

    def __len__(self) -> int:
        """The number of hops (edges), not of nodes."""
        return len(self.hops)

    def __str__(self) -> str:
        return describe(self, "zh")

    def labels(self, lang: str = "zh") -> tuple[str, ...]:
        return self.zh if lang == "zh" else self.en

    def to_dict(self) -> dict:
        """Plain data for JSON output (``cost`` only when it is set)."""
        return {
            "length": len(self),
            **({"cost": round(self.cost, 6)} if self.cost is not None else {}),
            "nodes": [{"iri": n, "zh": zh, "en": en}
                      for n, zh, en in zip(self.nodes, self.zh, self.en)],
            "hops": [{"source": h.source, "target": h.target,
                      "links": [{k: v for k, v in vars(link).items() if v is not None}
                                for link in h.links]} for h in self.hops],
        }


def _node(graph: nx.MultiDiGraph, name) -> str:
    iri = str(expand_iri(str(name).strip()) or name)
    if iri not in graph:
        raise UsageError(f"not an entity of the graph: {name} (classes, scheme concepts, "
                         f"sections, units and observations are not nodes)")
    return iri


def _links(graph: nx.MultiDiGraph, u: str, v: str, readings: bool) -> tuple[Link, ...]:
    out = []
    for a, b, direction in ((u, v, "forward"), (v, u, "backward")):
        for data in (graph.get_edge_data(a, b) or {}).values():
            if data.get("reading") and not readings:
                continue
            out.append(Link(rel=data["rel"], direction=direction, zh=data["zh"], en=data["en"],
                            reading=bool(data.get("reading")), role=data.get("role"),
                            role_zh=data.get("role_zh"), role_en=data.get("role_en"),
                            via=data.get("via")))
    return tuple(sorted(out, key=lambda k: (k.direction != "forward", k.rel, k.role or "",
                                            k.via or "")))


def _undirected(graph: nx.MultiDiGraph, readings: bool) -> nx.Graph:
    u = nx.Graph()
    u.add_nodes_from(graph)
    u.add_edges_from((a, b) for a, b, reading in graph.edges(data="reading", default=False)
                     if readings or not reading)
    return u


def paths(graph: nx.MultiDiGraph, a, b, max_hops: int = 4, all_paths: bool = False,
          readings: bool = True, limit: int | None = None) -> list[Path]:
    """The paths that link ``a`` to ``b``, ignoring the direction of edges.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A graph from :func:`project`.
    a, b : str or rdflib.URIRef
        IRIs of two nodes (a CURIE of the project's prefixes such as ``program:weicun``
        works too).
    max_hops : int
        The longest path, in edges, that is looked for.
    all_paths : bool
        ``False``: every shortest path (none if the shortest is longer than ``max_hops``).
        ``True``: every simple path of at most ``max_hops`` edges.
    readings : bool
        ``False`` leaves out the curator's readings (``csr:concernsStakeholder``,
        ``csr:answersDemand``...), so that paths use only what the report itself states.
    limit : int, optional
        Return at most this many paths (after sorting).

    Returns
    -------
    list of Path
        Shortest first, then by the nodes' English labels and IRIs: the same order on every
        call. Empty when no path is short enough.

    Raises
    ------
    kg.errors.UsageError
        ``a`` or ``b`` is not a node, or ``max_hops`` is negative.

    Notes
    -----
    Paths are sequences of distinct nodes. Parallel edges do not multiply paths: a hop carries
    every edge between its two nodes (``Hop.links``: both directions, every relation and every
    partnership role), so ``如祺出行 — 腾讯`` is one hop with its co-builder and its technology
    provider edges. Shortest paths come from a breadth-first search, O(V + E) per call;
    ``all_paths`` enumerates simple paths, which grows quickly with ``max_hops`` around hubs
    such as Tencent or the stakeholder groups.
    """
    if max_hops < 0:
        raise UsageError(f"max_hops must be 0 or more, not {max_hops}")
    if limit is not None and limit < 0:
        raise UsageError(f"limit must be 0 or more, not {limit}")
    a, b = _node(graph, a), _node(graph, b)
    u = _undirected(graph, readings)
    if a == b:
        found = [[a]]
    elif all_paths:
        found = list(nx.all_simple_paths(u, a, b, cutoff=max_hops))
    else:
        try:
            found = list(nx.all_shortest_paths(u, a, b))
        except nx.NetworkXNoPath:
            found = []
        found = [p for p in found if len(p) - 1 <= max_hops]
    nodes = graph.nodes

    def key(p: list[str]):
        return (len(p), [(nodes[n]["en"].casefold(), n) for n in p])

    out = []
    for p in islice(sorted(found, key=key), limit):
        hops = tuple(Hop(x, y, _links(graph, x, y, readings)) for x, y in pairwise(p))
        out.append(Path(nodes=tuple(p), zh=tuple(nodes[n]["zh"] for n in p),
                        en=tuple(nodes[n]["en"] for n in p), hops=hops))
    return out


def describe(path: Path, lang: str = "zh") -> str:
    """A path as one readable line, edges walked against their direction drawn backwards:
    ``腾讯为村 —[运营方]→ 腾讯公益慈善基金会 ←[合作方（发起方）]— …``.

    A hop with several edges lists them in one bracket (``—[a | b]→``); edges in both
    directions are shown as ``—[a]→/←[b]—``.
    """
    if lang not in ("zh", "en"):
        raise UsageError(f"unknown language {lang!r} (choose one of: zh, en)")
    sep = "｜" if lang == "zh" else " | "
    names = path.labels(lang)
    parts = [names[0]]
    for hop, name in zip(path.hops, names[1:], strict=True):
        fwd = [k.label(lang) for k in hop.links if k.forward]
        bwd = [k.label(lang) for k in hop.links if not k.forward]
        arrows = ([f"—[{sep.join(fwd)}]→"] if fwd else []) + (
            [f"←[{sep.join(bwd)}]—"] if bwd else [])
        parts += ["/".join(arrows), name]
    return " ".join(parts)
