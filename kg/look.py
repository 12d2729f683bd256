"""How an entity looks, computed in one place for the page and the exports: its position
(a seeded ForceAtlas2 layout), its colour and shape by type, and its size by degree; or, when
a page is sized or coloured by a score (:mod:`kg.analyze.scores`), its size by that score
(:func:`score_size`) and its colour from a fixed palette (:data:`PALETTE`, categories) or a
sequential ramp (:func:`ramp`, numbers).

:func:`look_of` gives all of it per entity for the graph a page draws (:func:`drawn`: a
selection's entities and the ring just outside it), so that ``kg view`` and the GraphML, GEXF
and Cytoscape.js exports of one selection put every entity at the same place, in the same
colour and size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

__all__ = ["STYLE", "EDGE", "Look", "layout", "colour", "shape", "node_size", "drawn", "look_of",
           "rgb", "PALETTE", "ROLE_COLOURS", "OTHER", "NO_SCORE", "RAMP", "ramp", "scaled",
           "score_size"]

# type -> (colour, vis-network shape). Shapes with the label below them, colours that stay
# apart for colour-blind readers (Okabe-Ito, then greys).
STYLE = {
    "program": ("#0072B2", "dot"),
    "organization": ("#E69F00", "square"),
    "unit": ("#009E73", "diamond"),
    "product": ("#56B4E9", "diamond"),
    "person": ("#CC79A7", "triangle"),
    "place": ("#D55E00", "triangleDown"),
    "event": ("#F0E442", "star"),
    "award": ("#B8860B", "star"),
    "standard": ("#7F7F7F", "square"),
    "stakeholder": ("#000000", "hexagon"),
    "demand": ("#5A5A5A", "hexagon"),
    "rating": ("#999999", "square"),
    "framework": ("#6A3D9A", "square"),
    "concept": ("#9E7BC4", "dot"),
    "report": ("#333333", "square"),
}


# Categories of a score (communities, largest first): Okabe-Ito, then Paul Tol's muted
# colours; categories beyond them share OTHER; an entity without a score is NO_SCORE.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#332288", "#882255", "#44AA99", "#999933", "#AA4499")
OTHER = "#9A9A9A"
NO_SCORE = "#E4E4E4"
# the brokerage roles of Gould and Fernandez, always in the same colours
ROLE_COLOURS = {"coordinator": "#009E73", "itinerant": "#56B4E9", "gatekeeper": "#D55E00",
                "representative": "#E69F00", "liaison": "#CC79A7"}
# a sequential ramp for numeric scores, low to high (viridis: ordered in lightness, readable
# by colour-blind readers and in grey)
RAMP = ("#440154", "#3B528B", "#21918C", "#5EC962", "#FDE725")


# Edges: the links the report states in grey, the curator's readings dashed in lilac.
EDGE = {"stated": "#b8b8b8", "reading": "#9c86c4", "width": 0.8}


def layout(graph: nx.Graph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions in page pixels, from the links the report states (a curator's reading, an
    edge with ``reading`` set, does not pull its ends together: an entity sits among what the
    report links it to). The largest connected part is laid out with ForceAtlas2 (seeded, so
    the same graph gives the same picture); the small parts and lone entities sit in rows
    beneath it."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph))
    simple.add_edges_from(sorted({tuple(sorted((u, v))) for u, v, reading
                                  in graph.edges(data="reading", default=False)
                                  if u != v and not reading}))
    parts = sorted((sorted(c) for c in nx.connected_components(simple)),
                   key=lambda c: (-len(c), c[0]))
    pos: dict[str, tuple[float, float]] = {}
    main = simple.subgraph(parts[0])
    width = 150 * math.sqrt(len(main))
    if len(main) > 2:
        raw = nx.forceatlas2_layout(main, seed=seed, max_iter=80, scaling_ratio=8.0,
                                    strong_gravity=True)
        pos.update(_fit(raw, width, (0.0, 0.0)))
    else:
        pos.update({n: (i * 120.0, 0.0) for i, n in enumerate(parts[0])})
    # the rest: each part in its own small circle, left to right in rows under the main one
    x, y, row_height = -width / 2, width / 2 + 150, 0.0
    for part in parts[1:]:
        size = 0.0 if len(part) == 1 else 60 * math.sqrt(len(part))
        if x + size > width / 2:
            x, y, row_height = -width / 2, y + row_height + 90, 0.0
        circle = nx.circular_layout(sorted(part)) if len(part) > 1 else {part[0]: (0.0, 0.0)}
        pos.update(_fit(circle, size, (x + size / 2, y + size / 2)))
        x += size + 90
        row_height = max(row_height, size)
    return pos


def _fit(raw, size: float, centre: tuple[float, float]) -> dict[str, tuple[float, float]]:
    """Scale positions into a ``size`` square around ``centre``, as plain floats."""
    xs = [float(p[0]) for p in raw.values()]
    ys = [float(p[1]) for p in raw.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    mid = ((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2)
    return {n: (round((float(p[0]) - mid[0]) / span * size + centre[0], 1),
                round((float(p[1]) - mid[1]) / span * size + centre[1], 1))
            for n, p in raw.items()}


def colour(entity_type: str) -> str:
    """The fill colour of an entity of this type, as #RRGGBB."""
    return STYLE.get(entity_type, ("#777777", "dot"))[0]


def shape(entity_type: str) -> str:
    """The vis-network shape of an entity of this type."""
    return STYLE.get(entity_type, ("#777777", "dot"))[1]


def node_size(degree: int) -> float:
    """The drawn size of an entity with this many links."""
    return round(8 + 4 * math.sqrt(degree), 1)


def scaled(values: dict) -> dict:
    """Each number as a fraction of the way from the least to the greatest (all 1.0 when they
    are equal); None (no score) stays None.

    >>> scaled({"a": 2, "b": 4, "c": None})
    {'a': 0.0, 'b': 1.0, 'c': None}
    """
    known = [float(v) for v in values.values() if v is not None]
    if not known:
        return dict.fromkeys(values)
    lo, hi = min(known), max(known)
    return {n: None if v is None else ((float(v) - lo) / (hi - lo) if hi > lo else 1.0)
            for n, v in values.items()}


def score_size(fraction: float) -> float:
    """The drawn size of an entity at ``fraction`` (0 to 1) of a score's range: from the size
    of an entity with no link to that of one with 144, on a square-root scale as degree is.

    >>> score_size(0.0), score_size(1.0)
    (8.0, 56.0)
    """
    return round(8 + 48 * math.sqrt(max(0.0, min(1.0, fraction))), 1)


def ramp(fraction: float) -> str:
    """The colour at ``fraction`` (0 to 1) of :data:`RAMP`, as #RRGGBB.

    >>> ramp(0.0), ramp(1.0), ramp(0.125)
    ('#440154', '#FDE725', '#402A70')
    """
    f = max(0.0, min(1.0, fraction)) * (len(RAMP) - 1)
    i = min(int(f), len(RAMP) - 2)
    a, b = rgb(RAMP[i]), rgb(RAMP[i + 1])
    mix = [round(x + (y - x) * (f - i)) for x, y in zip(a, b)]
    return "#{:02X}{:02X}{:02X}".format(*mix)


@dataclass(frozen=True)
class Look:
    """One entity as the page draws it: centre ``x``, ``y`` in page pixels (y grows
    downwards), fill ``colour`` (#RRGGBB), ``size`` (vis-network's: the radius of a dot), the
    vis-network ``shape``, and ``degree`` (links on the drawn
    graph, both directions, each relation counted), which the size follows."""

    x: float
    y: float
    colour: str
    size: float
    shape: str
    degree: int


def drawn(selection) -> nx.MultiDiGraph:
    """The graph a page of ``selection`` (a :class:`kg.select.Selection`) draws and lays
    out: its entities and its frontier (shown as they are expanded), with their relations."""
    return selection.projection.subgraph(sorted(selection.nodes) + sorted(selection.frontier))


def look_of(graph: nx.Graph) -> dict[str, Look]:
    """Every entity of ``graph`` (nodes with a ``type``), laid out and styled as on the page.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", type="program"); g.add_node("b", type="place")
    >>> g.add_edge("a", "b", key="csr:location")
    'csr:location'
    >>> look_of(g)["a"]
    Look(x=0.0, y=0.0, colour='#0072B2', size=12.0, shape='dot', degree=1)
    """
    pos = layout(graph)
    degree = dict(graph.to_undirected(as_view=True).degree())
    out = {}
    for n, entity_type in graph.nodes(data="type"):
        d = degree.get(n, 0)
        out[n] = Look(pos[n][0], pos[n][1], colour(entity_type), node_size(d),
                      shape(entity_type), d)
    return out


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """``"#0072B2"`` as ``(0, 114, 178)``.

    >>> rgb("#0072B2")
    (0, 114, 178)
    """
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)
