"""The interactive page: a selection of the graph as one self-contained HTML file.

pyvis assembles the vis-network nodes, edges and options; the page itself is our own template
(``kg/templates/view.html``), rendered with autoescaping, with vis-network's script and style
(shipped inside the pyvis package) and our own script and style inlined. Nothing on the page
is fetched from anywhere: it opens offline from a file. Every label, description and id from
the data reaches the page as JSON inside a ``<script type="application/json">`` element and is
put on screen as text, never as markup.

The layout, colours and sizes come from ``kg.look`` (the exports use the same), and are handed
to vis-network as fixed positions with physics off, so the page is interactive as soon as it
has drawn once.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from .card import cards
from .entity_types import ENTITY_TYPES
from .look import EDGE, colour, drawn, look_of, shape
from .namespaces import curie
from .netx import edge_label
from .select import Selection, SelectionSpec
from .store import Store

__all__ = ["page", "policy"]

TEMPLATES = Path(__file__).resolve().parent / "templates"

def _extras(store: Store, iris: list[str]) -> tuple[dict, dict, dict]:
    """pinyin per entity, dimension codes per program, and the dimension concepts."""
    pinyin: dict[str, list[str]] = {}
    dims: dict[str, list[str]] = {}
    x = {"x": [_iri(i) for i in iris]}
    for r in store.select("SELECT ?x ?p WHERE { ?x skos:hiddenLabel ?p }", x):
        pinyin.setdefault(str(r["x"]), []).append(str(r["p"]))
    for r in store.select("SELECT ?x ?d WHERE { ?x csr:dimension ?d }", x):
        dims.setdefault(str(r["x"]), []).append(str(r["d"]).rsplit("/", 1)[-1])
    concepts = {}
    for r in store.select("""
            SELECT ?code ?zh ?en WHERE {
              ?c skos:inScheme csrs:dimension ; skos:notation ?code ;
                 skos:prefLabel ?zh , ?en FILTER(LANG(?zh) = "zh" && LANG(?en) = "en")
            } ORDER BY ?code"""):
        concepts[str(r["code"])] = {"zh": str(r["zh"]), "en": str(r["en"])}
    return ({k: sorted(v) for k, v in pinyin.items()}, {k: sorted(v) for k, v in dims.items()},
            concepts)


def _iri(text: str):
    from rdflib import URIRef

    return URIRef(text)


def _type_labels(store: Store) -> dict[str, dict[str, str]]:
    rows = store.select("""
        SELECT ?c ?zh ?en WHERE { ?c rdfs:label ?zh , ?en
          FILTER(LANG(?zh) = "zh" && LANG(?en) = "en") }""",
                        {"c": [_iri(str(c)) for c in ENTITY_TYPES.values()]})
    by_class = {str(r["c"]): {"zh": str(r["zh"]), "en": str(r["en"])} for r in rows}
    return {t: by_class.get(str(c), {"zh": t, "en": t}) for t, c in ENTITY_TYPES.items()}


def _report(store: Store) -> dict:
    rows = store.select("""
        SELECT ?zh ?en WHERE { ?r a csr:Report ; rdfs:label ?zh , ?en
          FILTER(LANG(?zh) = "zh" && LANG(?en) = "en") } ORDER BY ?r""")
    return {"zh": " / ".join(str(r["zh"]) for r in rows),
            "en": " / ".join(str(r["en"]) for r in rows)}


def _notes(store: Store, vias: list[str]) -> dict[str, dict[str, str]]:
    """The curator's note on each partnership, by language."""
    notes: dict[str, dict[str, str]] = {}
    if not vias:
        return notes
    for r in store.select("SELECT ?p ?n WHERE { ?p csr:note ?n }",
                          {"p": [_iri(v) for v in vias]}):
        lang = r["n"].language if r["n"].language in ("zh", "en") else "zh"
        notes.setdefault(str(r["p"]), {})[lang] = str(r["n"])
    return notes


def _figure_sources(store: Store, observations: list[str]) -> dict[str, list[list]]:
    """The finest report sections each figure is stated in: [zh path, en path, first, last],
    leaving out a section when one of its own sub-sections is also a source."""
    found: dict[str, list[list]] = {}
    if not observations:
        return found
    rows = store.select("""
        SELECT ?o ?zh ?en ?first ?last WHERE {
          ?o dcterms:source ?sec . ?sec csr:startPage ?first ; csr:sectionPath ?zh , ?en .
          FILTER(LANG(?zh) = "zh" && LANG(?en) = "en")
          OPTIONAL { ?sec csr:endPage ?last } }""", {"o": [_iri(o) for o in observations]})
    for r in rows:
        found.setdefault(str(r["o"]), []).append(
            [str(r["zh"]), str(r["en"]), int(r["first"]),
             int(r["last"]) if "last" in r else None])
    out = {}
    for obs, secs in found.items():
        paths = {s[0] for s in secs}
        fine = [s for s in secs if not any(q != s[0] and q.startswith(s[0] + " ›")
                                           for q in paths)]
        out[obs] = sorted({tuple(s) for s in fine}, key=lambda s: (s[2], s[0]))
    return {k: [list(s) for s in v] for k, v in out.items()}


_DESCRIBE_ZH = {"around": "{x} 周围 {n} 步", "dimension": "维度 {x}",
                "stakeholder": "利益相关方 {x}", "section": "章节 {x}",
                "path": "{a} 与 {b} 之间的路径", "query": "CONSTRUCT 查询",
                "types": "类型 {x}"}


def _describe_zh(spec: SelectionSpec) -> str:
    """The selection in Chinese, as ``SelectionSpec.describe`` gives it in English."""
    parts = []
    if spec.around:
        parts.append(_DESCRIBE_ZH["around"].format(
            x=spec.around, n=spec.hops if spec.hops is not None else 1))
    for name in ("dimension", "stakeholder", "section"):
        if getattr(spec, name):
            parts.append(_DESCRIBE_ZH[name].format(x=getattr(spec, name)))
    if spec.path:
        parts.append(_DESCRIBE_ZH["path"].format(a=spec.path[0], b=spec.path[1]))
    if spec.query:
        parts.append(_DESCRIBE_ZH["query"])
    if spec.types:
        parts.append(_DESCRIBE_ZH["types"].format(x="、".join(spec.types)))
    if spec.leave_out:
        parts.append("不含类型 " + "、".join(spec.leave_out))
    return "；".join(parts) or "全图"


def page(store: Store, selection: Selection, lang: str = "zh", size_by: str | None = None,
         color_by: str | None = None, say=None) -> str:
    """The HTML page of ``selection``, as text. ``size_by`` and ``color_by`` name a measure
    (:mod:`kg.analyze.scores`) that sizes or colours the nodes instead of degree and type;
    ``say`` gets one line per measure telling whether it was saved or computed."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from pyvis.network import Network

    shown = sorted(selection.nodes)
    frontier = sorted(selection.frontier)
    graph = drawn(selection)
    look = look_of(graph)  # the exports of this selection place and colour it the same
    scored = None
    if size_by or color_by:
        from .analyze.scores import styled

        scored = styled(store, selection, look, size_by, color_by, say=say)
        look = scored.look
    # links a reader of the report sees without the curator's readings: what the overview
    # ranks by when it chooses the few nodes it labels
    stated = nx.Graph()
    stated.add_nodes_from(graph)
    stated.add_edges_from((u, v) for u, v, r in graph.edges(data="reading") if not r and u != v)
    pinyin, dims, dimensions = _extras(store, shown + frontier)
    card_of = cards(store, shown + frontier, relations=False)
    types = _type_labels(store)

    net = Network(directed=True)
    for n in shown + frontier:
        a = graph.nodes[n]
        c = card_of[n]
        at = look[n]
        net.add_node(
            n, label=a[lang] or a["zh"] or a["en"], shape=at.shape, color=at.colour,
            x=at.x, y=at.y, size=at.size,
            physics=False, hidden=n in selection.frontier, zh=a["zh"], en=a["en"],
            kind=a["type"], curie=curie(n), frontier=n in selection.frontier,
            search=sorted({a["zh"], a["en"], *c.aliases, *pinyin.get(n, [])} - {""}),
            dims=dims.get(n, []), degree=at.degree, stated=stated.degree(n),
            **(scored.node_data(n) if scored else {}))
    ordered = sorted(graph.edges(data=True), key=lambda t: (t[0], t[1], t[2]["rel"],
                                                            t[2].get("role", "")))
    notes = _notes(store, sorted({e["via"] for *_, e in ordered if e.get("via")}))
    for i, (u, v, e) in enumerate(ordered):
        zh, en = edge_label(e, "zh"), edge_label(e, "en")
        extra = {}
        if e.get("role"):
            extra.update(role=e["role"], role_zh=e.get("role_zh", ""),
                         role_en=e.get("role_en", ""))
        note = notes.get(e.get("via", ""), {})
        if note:
            extra.update(note_zh=note.get("zh", ""), note_en=note.get("en", ""))
        net.add_edge(u, v, id=f"e{i}", label=zh if lang == "zh" else en, zh=zh, en=en,
                     rel=e["rel"], rel_zh=e["zh"], rel_en=e["en"],
                     reading=bool(e.get("reading")), **extra)
    nodes, edges, *_ = net.get_network_data()
    options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "hideEdgesOnDrag": len(edges) > 500,
                        "tooltipDelay": 200, "navigationButtons": False},
        "edges": {"smooth": False, "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
                  "font": {"size": 1, "color": "#444", "strokeWidth": 3},
                  "color": {"color": EDGE["stated"], "highlight": "#333", "hover": "#666"},
                  "width": EDGE["width"]},
        "nodes": {"font": {"size": 1, "face": "sans-serif", "strokeWidth": 3,
                           "strokeColor": "#ffffff"}, "borderWidth": 1},
    }
    sources = _figure_sources(store, sorted({f.iri for c in card_of.values()
                                             for f in c.figures}))
    compact_cards = {n: {
        "types": [list(t) for t in c.types],
        "description": {"zh": c.description_zh, "en": c.description_en},
        "aliases": c.aliases,
        "figures": [[f.measure_zh, f.measure_en, f.value, f.unit_zh, f.unit_en,
                     f.qualifier_zh, f.qualifier_en, f.as_of or f.period, f.pages,
                     sources.get(f.iri, [])]
                    for f in c.figures],
        "sources": [[s.zh, s.en, s.first_page, s.last_page] for s in c.sources],
    } for n, c in card_of.items()}
    present = sorted({graph.nodes[n]["type"] for n in shown + frontier},
                     key=list(ENTITY_TYPES).index)
    report = _report(store)
    described = {"zh": _describe_zh(selection.spec), "en": selection.spec.describe()}
    data = {
        "nodes": nodes, "edges": edges, "options": options, "cards": compact_cards,
        "legend": [{"type": t, "zh": types[t]["zh"], "en": types[t]["en"],
                    "color": "#FFFFFF" if scored and scored.legend.get("color") else colour(t),
                    "shape": shape(t)} for t in present],
        "scores": scored.legend if scored else None,
        "dimensions": dimensions, "lang": lang, "report": report, "edgeStyle": EDGE,
        "selection": described, "shown": len(shown),
    }
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
    # tojson escapes < > & ' so that no text in the data can close the <script> element
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}
    lib = Path(__import__("pyvis").__file__).resolve().parent / "templates" / "lib"
    vis_js = _read(lib / "vis-9.1.2" / "vis-network.min.js")
    app_js = _script(VIEW_SCRIPTS)
    hashes = _hashes(vis_js, app_js)
    return env.get_template("view.html").render(
        lang=lang, report=report, selection=described,
        data=data, shown=len(shown), edges=graph.subgraph(shown).number_of_edges(),
        vis_js=vis_js, vis_css=_read(lib / "vis-9.1.2" / "vis-network.css"),
        app_js=app_js, app_css=_read(TEMPLATES / "view.css"), script_hashes=hashes)


# The page script, in parts with one job each (kg/templates/view/): joined in this order
# inside one function, so that they share its scope. Everything from the data is put on
# screen with textContent, never as markup; tooltips are plain strings, which vis-network
# shows as text.
VIEW_SCRIPTS = ("state.js", "draw.js", "legend_card.js", "scores.js", "focus_search.js",
                "paths.js", "hash_downloads.js", "events.js")


def _hashes(vis_js: str, app_js: str) -> str:
    # Only these two scripts may run: an injected inline handler (onerror=...) may not.
    return " ".join(f"'sha256-{_sha256(js)}'" for js in (vis_js, app_js))


def policy() -> str:
    """The Content-Security-Policy that :func:`page` states in its ``<meta>``, for a server
    that sends the page with the same policy as a header (``kg serve``'s ``/view``)."""
    lib = Path(__import__("pyvis").__file__).resolve().parent / "templates" / "lib"
    hashes = _hashes(_read(lib / "vis-9.1.2" / "vis-network.min.js"), _script(VIEW_SCRIPTS))
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
            "img-src data:; font-src data:")


def _script(names) -> str:
    from markupsafe import Markup

    parts = [str(_read(TEMPLATES / "view" / name)) for name in names]
    return Markup('(function () {\n"use strict";\n' + "\n".join(parts) + "})();\n")


def _sha256(text: str) -> str:
    import base64
    import hashlib

    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def _read(path: Path):
    """A file of ours or of vis-network, trusted as markup: no closing tag can leak out."""
    from markupsafe import Markup

    text = path.read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ValueError(f"{path} would end its <script> or <style> element early")
    return Markup(text)
