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

from .card import cards
from .entity_types import ENTITY_TYPES
from .look import colour, layout, node_size, shape
from .namespaces import curie
from .netx import edge_label
from .select import Selection
from .store import Store

__all__ = ["page"]

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


def page(store: Store, selection: Selection, lang: str = "zh") -> str:
    """The HTML page of ``selection``, as text."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from pyvis.network import Network

    shown = sorted(selection.nodes)
    frontier = sorted(selection.frontier)
    graph = selection.projection.subgraph(shown + frontier)
    pos = layout(graph)
    degree = dict(graph.to_undirected(as_view=True).degree())
    pinyin, dims, dimensions = _extras(store, shown + frontier)
    card_of = cards(store, shown + frontier, relations=False)

    net = Network(directed=True)
    for n in shown + frontier:
        a = graph.nodes[n]
        c = card_of[n]
        net.add_node(
            n, label=a[lang] or a["zh"] or a["en"], shape=shape(a["type"]),
            color=colour(a["type"]), x=pos[n][0], y=pos[n][1],
            size=node_size(degree.get(n, 0)),
            physics=False, hidden=n in selection.frontier, zh=a["zh"], en=a["en"],
            kind=a["type"], curie=curie(n), frontier=n in selection.frontier,
            search=sorted({a["zh"], a["en"], *c.aliases, *pinyin.get(n, [])} - {""}),
            dims=dims.get(n, []))
    for i, (u, v, e) in enumerate(sorted(graph.edges(data=True),
                                         key=lambda t: (t[0], t[1], t[2]["rel"],
                                                        t[2].get("role", "")))):
        zh, en = edge_label(e, "zh"), edge_label(e, "en")
        net.add_edge(u, v, id=f"e{i}", label=zh if lang == "zh" else en, zh=zh, en=en,
                     rel=e["rel"], reading=bool(e.get("reading")))
    nodes, edges, *_ = net.get_network_data()
    options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "hideEdgesOnDrag": len(edges) > 500,
                        "tooltipDelay": 200},
        "edges": {"smooth": False, "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
                  "font": {"size": 7, "color": "#555", "strokeWidth": 2},
                  "color": {"color": "#b8b8b8", "highlight": "#333", "hover": "#666"},
                  "width": 0.8},
        "nodes": {"font": {"size": 12, "face": "sans-serif"}, "borderWidth": 1},
    }
    compact_cards = {n: {
        "types": [list(t) for t in c.types],
        "description": {"zh": c.description_zh, "en": c.description_en},
        "aliases": c.aliases,
        "figures": [[f.measure_zh, f.measure_en, f.value, f.unit_zh, f.unit_en,
                     f.qualifier_zh, f.qualifier_en, f.as_of or f.period, f.pages]
                    for f in c.figures],
        "sources": [[s.zh, s.en, s.first_page, s.last_page] for s in c.sources],
    } for n, c in card_of.items()}
    types = _type_labels(store)
    present = sorted({graph.nodes[n]["type"] for n in shown + frontier},
                     key=list(ENTITY_TYPES).index)
    report = _report(store)
    data = {
        "nodes": nodes, "edges": edges, "options": options, "cards": compact_cards,
        "legend": [{"type": t, "zh": types[t]["zh"], "en": types[t]["en"],
                    "color": colour(t), "shape": shape(t)} for t in present],
        "dimensions": dimensions, "lang": lang, "report": report,
        "selection": selection.spec.describe(), "shown": len(shown),
    }
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
    # tojson escapes < > & ' so that no text in the data can close the <script> element
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}
    lib = Path(__import__("pyvis").__file__).resolve().parent / "templates" / "lib"
    vis_js = _read(lib / "vis-9.1.2" / "vis-network.min.js")
    app_js = _read(TEMPLATES / "view.js")
    # Only these two scripts may run: an injected inline handler (onerror=...) may not.
    hashes = " ".join(f"'sha256-{_sha256(js)}'" for js in (vis_js, app_js))
    return env.get_template("view.html").render(
        lang=lang, report=report, selection=selection.spec.describe(),
        data=data, shown=len(shown), edges=graph.subgraph(shown).number_of_edges(),
        vis_js=vis_js, vis_css=_read(lib / "vis-9.1.2" / "vis-network.css"),
        app_js=app_js, app_css=_read(TEMPLATES / "view.css"), script_hashes=hashes)


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
