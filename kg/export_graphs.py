"""The property-graph exports of a selection: GraphML, GEXF, Cytoscape.js JSON and the two
csv files of ``neo4j-admin database import``.

Each holds the :mod:`kg.netx` projection of the selection (one node per entity, one edge per
relation; a partnership is one edge with its role). GraphML, GEXF and Cytoscape.js also carry
the look of the ``kg view`` page of the same selection, computed by :func:`kg.look.look_of` on
the same graph (:func:`kg.look.drawn`): each entity's position, colour, size and shape, and its
degree, in the attributes each family of tools reads (with ``--size-by``/``--color-by``, the
look follows those scores and each node carries them as attributes named by the measure,
``betweenness``, ``community``...):

- GraphML: ``x``, ``y``, ``size``, ``r``, ``g``, ``b``, ``color``, ``shape``, ``degree`` (Gephi's
  importer and graphology, so Gephi Lite), and yEd's own ``y:ShapeNode`` (geometry, fill,
  label, shape). Every edge has an id of its own: ``source|relation|target``.
- GEXF: ``viz:position``, ``viz:color``, ``viz:size``, ``viz:shape`` (in GEXF's few shapes),
  and ``degree``.
- Cytoscape.js: each node's ``position``, ``color``, ``size``, ``shape``, ``degree`` in its
  data, a ``style`` that draws them as the page does, and the ``preset`` layout that keeps
  the positions: ``cytoscape({elements, style, layout})`` with the file's three.

Positions are page pixels, y growing downwards as on the page, in yEd and in Cytoscape.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import networkx as nx
from rdflib import URIRef

from .look import EDGE, Look, drawn, look_of, rgb
from .namespaces import curie
from .netx import edge_label
from .results import excel_safe_cell
from .safe_text import xml_safe
from .select import Selection
from .store import Store

__all__ = ["property_graph", "looked_graph", "graphml", "gexf", "cytoscape", "neo4j_csv",
           "CYTOSCAPE_SHAPES", "GEXF_SHAPES", "YED_SHAPES"]

# the page's vis-network shapes (kg.look.shape) in each tool's own words
GEXF_SHAPES = {"dot": "disc", "square": "square", "diamond": "diamond", "triangle": "triangle",
               "triangleDown": "triangle", "star": "disc", "hexagon": "disc"}
YED_SHAPES = {"dot": "ellipse", "square": "rectangle", "diamond": "diamond",
              "triangle": "triangle", "triangleDown": "triangle", "star": "star5",
              "hexagon": "hexagon"}
CYTOSCAPE_SHAPES = {"dot": "ellipse", "square": "rectangle", "diamond": "diamond",
                    "triangle": "triangle", "triangleDown": "polygon", "star": "star",
                    "hexagon": "hexagon"}
# the page's edges (kg.look.EDGE): thin grey arrows, readings dashed in lilac
EDGE_COLOUR, EDGE_WIDTH = EDGE["stated"], EDGE["width"]


def _sources(store: Store, nodes: list[str]) -> dict[str, str]:
    """``node -> "2.3 一起创造智慧生活 pp. 45-56; ..."`` (the provenance of each entity; a
    sub-section as its chain, ``2.4 一起守护网络安全 › 安全更是一种生态 pp. 57-62``)."""
    rows = store.select("""
        SELECT ?x ?zh ?first ?last WHERE {
          ?x dcterms:source ?sec . ?sec csr:sectionPath ?zh ; csr:startPage ?first .
          FILTER(LANG(?zh) = "zh") OPTIONAL { ?sec csr:endPage ?last } }""",
                        {"x": [URIRef(n) for n in nodes]})
    found: dict[str, list[tuple[int, str]]] = {}
    for r in rows:
        first, last = int(r["first"]), int(r.get("last", r["first"]))
        pages = f"p. {first}" if last == first else f"pp. {first}-{last}"
        found.setdefault(str(r["x"]), []).append((first, f"{r['zh']} {pages}"))
    return {n: "; ".join(text for _, text in sorted(set(v))) for n, v in found.items()}


def property_graph(store: Store, selection: Selection, lang: str = "zh",
                   provenance: bool = True) -> nx.MultiDiGraph:
    """The selection as a property graph with plain attributes (str, bool): per node ``label``
    (in ``lang``), ``zh``, ``en``, ``class``, ``type``, ``iri`` and ``sources``; per edge
    ``label``, ``relation``, ``zh``, ``en``, ``reading`` and, for partnerships, ``role``."""
    g = selection.graph
    out = nx.MultiDiGraph()
    sources = _sources(store, sorted(g)) if provenance else {}
    for n in sorted(g):
        a = g.nodes[n]
        attrs = {"label": a[lang] or a["zh"] or a["en"], "zh": a["zh"], "en": a["en"],
                 "class": a["cls"], "type": a["type"], "iri": n}
        if provenance:
            attrs["sources"] = sources.get(n, "")
        out.add_node(curie(n), **attrs)
    for u, v, key, e in sorted(g.edges(keys=True, data=True), key=lambda t: t[:3]):
        zh, en = edge_label(e, "zh"), edge_label(e, "en")
        attrs = {"label": zh if lang == "zh" else en, "relation": e["rel"], "zh": zh, "en": en,
                 "reading": bool(e.get("reading"))}
        if e.get("role"):
            attrs["role"] = e["role"]
        out.add_edge(curie(u), curie(v), key=key, **attrs)
    return out


def _safe_value(value):
    return xml_safe(value) if isinstance(value, str) else value


def _xml_safe_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of a property graph whose node ids and texts XML 1.0 can hold (GraphML, GEXF
    and Cytoscape's importers): what it cannot becomes U+FFFD."""
    out = nx.MultiDiGraph()
    out.graph.update({k: _safe_value(v) for k, v in g.graph.items()})
    for n, a in g.nodes(data=True):
        out.add_node(xml_safe(n), **{k: _safe_value(v) for k, v in a.items()})
    for u, v, key, a in g.edges(keys=True, data=True):
        out.add_edge(xml_safe(u), xml_safe(v), key=_safe_value(key),
                     **{k: _safe_value(val) for k, val in a.items()})
    return out


def looked_graph(store: Store, selection: Selection, options) -> nx.MultiDiGraph:
    """:func:`property_graph`, XML-safe, with each node's :class:`kg.look.Look` as its
    ``look`` attribute (taken off again by each writer) and each edge's ``id``
    (``source|key|target``, unique)."""
    g = property_graph(store, selection, options["lang"], options["provenance"])
    looks = look_of(drawn(selection))
    if options.get("size_by") or options.get("color_by"):  # sized and coloured by scores,
        from .analyze.scores import styled                 # which each node then carries

        scored = styled(store, selection, looks, options.get("size_by"),
                        options.get("color_by"), say=options.get("say"))
        looks = scored.look
        for n in selection.graph:
            for name, value in scored.node_data(n)["scores"].items():
                if value is not None:
                    g.nodes[curie(n)][name] = value
    for n in selection.graph:
        g.nodes[curie(n)]["look"] = looks[n]
    g = _xml_safe_graph(g)
    for u, v, key, a in g.edges(keys=True, data=True):
        a["id"] = f"{u}|{key}|{v}"
    return g


def _pop_look(a: dict) -> Look:
    return a.pop("look")


# ---------------------------------------------------------------- GraphML

_GRAPHML = "http://graphml.graphdrawing.org/xmlns"
_YED = "http://www.yworks.com/xml/graphml"


def graphml(store, selection, options) -> dict[str, bytes]:
    g = looked_graph(store, selection, options)
    yed = {}
    for n, a in g.nodes(data=True):
        look = _pop_look(a)
        r, gr, b = rgb(look.colour)
        a.update(x=look.x, y=look.y, size=look.size, r=r, g=gr, b=b, color=look.colour,
                 shape=look.shape, degree=look.degree)
        yed[n] = (look, a["label"])
    buffer = io.BytesIO()
    nx.write_graphml(g, buffer, encoding="utf-8", edge_id_from_attribute="id")
    return {"": _with_yed_graphics(buffer.getvalue(), yed)}


def _with_yed_graphics(data: bytes, yed: dict[str, tuple[Look, str]]) -> bytes:
    """networkx's GraphML with yEd's node graphics added: a ``nodegraphics`` key and, first
    in each node (so that networkx's reader, which reads x and y from it, then meets our own
    ``x`` and ``y``), a ``y:ShapeNode`` with the node's box, fill, label and shape."""
    ET.register_namespace("", _GRAPHML)
    ET.register_namespace("y", _YED)
    ET.register_namespace("xsi", "http://www.w3.org/2001/XMLSchema-instance")
    root = ET.fromstring(data)
    ET.indent(root, "  ")  # first: the y:ShapeNode is written on one line, so that a reader
    # that takes the key's text as a value (graphology) reads the label and no white space
    keys = root.findall(f"{{{_GRAPHML}}}key")
    key = ET.Element(f"{{{_GRAPHML}}}key", {"for": "node", "id": "yed",
                                             "yfiles.type": "nodegraphics",
                                             "attr.name": "nodegraphics"})
    key.tail = keys[-1].tail if keys else "\n  "
    root.insert(len(keys), key)
    for node in root.iter(f"{{{_GRAPHML}}}node"):
        look, label = yed[node.get("id")]
        box = ET.Element(f"{{{_GRAPHML}}}data", {"key": "yed"})
        shape_node = ET.SubElement(box, f"{{{_YED}}}ShapeNode")
        side = 2 * look.size
        ET.SubElement(shape_node, f"{{{_YED}}}Geometry", {
            "x": _num(look.x - look.size), "y": _num(look.y - look.size),
            "width": _num(side), "height": _num(side)})
        ET.SubElement(shape_node, f"{{{_YED}}}Fill",
                      {"color": look.colour, "transparent": "false"})
        ET.SubElement(shape_node, f"{{{_YED}}}NodeLabel",
                      {"modelName": "sides", "modelPosition": "s"}).text = label
        ET.SubElement(shape_node, f"{{{_YED}}}Shape",
                      {"type": YED_SHAPES.get(look.shape, "ellipse")})
        box.tail = node.text
        node.insert(0, box)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _num(value: float) -> str:
    return repr(round(value, 1))


# ---------------------------------------------------------------- GEXF

def gexf(store, selection, options) -> dict[str, bytes]:
    g = looked_graph(store, selection, options)
    for _, a in g.nodes(data=True):
        look = _pop_look(a)
        r, gr, b = rgb(look.colour)
        a["viz"] = {"color": {"r": r, "g": gr, "b": b, "a": 1.0}, "size": look.size,
                    "shape": GEXF_SHAPES.get(look.shape, "disc"),
                    "position": {"x": look.x, "y": look.y, "z": 0.0}}
        a["degree"] = look.degree
    buffer = io.BytesIO()
    nx.write_gexf(g, buffer, encoding="utf-8")
    return {"": buffer.getvalue()}


# ---------------------------------------------------------------- Cytoscape.js

def cytoscape_style() -> list[dict]:
    """The Cytoscape.js style of the page: each node in its colour, size and shape, its label
    beneath it; grey arrows; the curator's readings dashed."""
    style = [
        {"selector": "node", "style": {
            "background-color": "data(color)", "width": "data(diameter)",
            "height": "data(diameter)", "label": "data(label)", "font-size": 12,
            "text-valign": "bottom", "text-margin-y": 4, "border-width": 1,
            "border-color": "#2B2B2B"}},
        {"selector": "edge", "style": {
            "line-color": EDGE_COLOUR, "target-arrow-color": EDGE_COLOUR,
            "target-arrow-shape": "triangle", "arrow-scale": 0.6, "width": EDGE_WIDTH,
            "curve-style": "bezier"}},
        {"selector": "edge[?reading]", "style": {"line-style": "dashed",
                                                 "line-color": EDGE["reading"],
                                                 "target-arrow-color": EDGE["reading"]}},
    ]
    for page_shape, shape in CYTOSCAPE_SHAPES.items():
        rule = {"shape": shape}
        if page_shape == "triangleDown":
            rule["shape-polygon-points"] = "-1 -1 1 -1 0 1"
        style.append({"selector": f'node[shape = "{page_shape}"]', "style": rule})
    return style


def cytoscape(store, selection, options) -> dict[str, bytes]:
    g = looked_graph(store, selection, options)
    nodes = []
    for n, a in g.nodes(data=True):
        look = _pop_look(a)
        # "value" repeats the id: networkx's reader (cytoscape_graph) keys nodes by it
        nodes.append({"data": {"id": n, "value": n, "name": a["label"], **a,
                               "color": look.colour, "size": look.size,
                               "diameter": round(2 * look.size, 1), "shape": look.shape,
                               "degree": look.degree},
                      "position": {"x": look.x, "y": look.y}})
    edges = [{"data": {"source": u, "target": v, "key": key, **a}}
             for u, v, key, a in g.edges(keys=True, data=True)]
    # "directed" and "multigraph" as networkx's cytoscape_data writes them; Cytoscape.js
    # reads "elements" and "style" and ignores the rest
    return {"": json.dumps({"data": {"name": xml_safe(selection.spec.describe())},
                            "directed": True, "multigraph": True,
                            "elements": {"nodes": nodes, "edges": edges},
                            "style": cytoscape_style(), "layout": {"name": "preset"}},
                           ensure_ascii=False, indent=1).encode("utf-8")}


# ---------------------------------------------------------------- Neo4j csv

def _neo4j_label(cls: str, type_: str) -> str:
    local = cls.split(":", 1)[-1]
    base = {"organization": "Organization"}.get(type_)
    return f"{base};{local}" if base and base != local else local


def _neo4j_type(relation: str) -> str:
    local = relation.split(":", 1)[-1]
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", local).upper()


def neo4j_csv(store, selection, options) -> dict[str, bytes]:
    """Two files with the header conventions of ``neo4j-admin database import``.

    ``options["excel_safe"]`` (default off): a cell a spreadsheet would run as a formula gets
    a leading apostrophe (:func:`kg.results.excel_safe_cell`)."""
    g = property_graph(store, selection, options["lang"], options["provenance"])
    safe = excel_safe_cell if options.get("excel_safe") else str
    nodes, rels = io.StringIO(), io.StringIO()
    node_fields = ["id:ID", "label", "zh", "en", "iri", "type"]
    if options["provenance"]:
        node_fields.append("sources")
    w = csv.writer(nodes, lineterminator="\n")
    w.writerow(node_fields + [":LABEL"])
    for n, a in g.nodes(data=True):
        w.writerow([safe(str(c)) for c in [n, a["label"], a["zh"], a["en"], a["iri"],
                                           a["type"]]
                    + ([a["sources"]] if options["provenance"] else [])
                    + [_neo4j_label(a["class"], a["type"])]])
    w = csv.writer(rels, lineterminator="\n")
    w.writerow([":START_ID", ":END_ID", ":TYPE", "relation", "label", "zh", "en", "role",
                "reading:boolean"])
    for u, v, a in g.edges(data=True):
        w.writerow([safe(str(c)) for c in [u, v, _neo4j_type(a["relation"]), a["relation"],
                                           a["label"], a["zh"], a["en"], a.get("role", ""),
                                           str(a["reading"]).lower()]])
    return {"nodes.csv": _utf8(nodes.getvalue()), "relationships.csv": _utf8(rels.getvalue())}


def _utf8(text: str) -> bytes:
    """UTF-8, with a lone surrogate (which a literal from elsewhere may hold) as ?."""
    return text.encode("utf-8", errors="replace")
