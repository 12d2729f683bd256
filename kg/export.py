"""Writing a selection (:mod:`kg.select`) in the formats other tools take, from one registry.

RDF (``ttl``, ``nt``, ``nq``, ``trig``, ``jsonld``, ``rdfxml``) carries the selected
entities' own triples, the partnerships between two of them, the figures about them, and the
labels of the concepts, units and sections they point to; quads keep their named graph. The
whole graph is every quad of the store; a CONSTRUCT selection is exactly the query's graph.
Property graphs (``graphml``, ``gexf``, ``cytoscape``, ``csv`` for ``neo4j-admin database
import``) carry the :mod:`kg.netx` projection of the selection: one node per entity, one edge
per relation (a partnership is one edge with its role). ``html`` is the ``kg view`` page.

>>> sorted(FORMATS)[:3]
['csv', 'cytoscape', 'gexf']
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from .errors import UsageError
from .file_sets import check_folder, write_folder
from .files import check_output, open_output
from .formats import EXPORT_FORMATS
from .namespaces import PREFIXES, curie
from .netx import edge_label
from .results import excel_safe_cell
from .safe_text import one_line, xml_safe
from .select import Selection
from .store import Store

__all__ = ["Format", "FORMATS", "rdf_of", "property_graph", "export", "format_names"]


@dataclass(frozen=True)
class Format:
    name: str
    kind: str                     # rdf, graph or page
    description: str
    writer: Callable              # (store, selection, options) -> {file name: bytes}
    files: tuple[str, ...] = ()   # two-file formats name their files; one-file formats ()
    stdout: bool = True           # can go to standard output


# ---------------------------------------------------------------- RDF

_QUADS = """
SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"""
_ATTACHED = """
SELECT DISTINCT ?n WHERE {
  { ?n csr:partnershipIn ?x ; csr:partner ?y . }
  UNION { ?n csr:observedEntity ?x . }
  UNION { ?x csr:criterionRating ?n . }
}"""
_DESCRIBE_REFERENCED = """
SELECT ?g ?s ?p ?o WHERE {
  VALUES ?p { rdfs:label skos:prefLabel skos:notation csr:startPage csr:endPage skos:inScheme }
  GRAPH ?g { ?s ?p ?o }
}"""


def rdf_of(store: Store, selection: Selection, provenance: bool = True) -> Dataset:
    """The RDF of a selection, quads in their named graphs (see the module's text)."""
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)

    def keep(p) -> bool:
        return provenance or p != DCTERMS.source

    if selection.construct is not None:  # exactly the query's graph (in the default graph)
        for s, p, o in selection.construct:
            if keep(p):
                ds.default_graph.add((s, p, o))
        return ds
    if selection.spec.whole:
        for r in store.select(_QUADS):
            if keep(r["p"]):
                ds.graph(r["g"]).add((r["s"], r["p"], r["o"]))
        return ds
    entities = set(selection.projection)
    chosen = [URIRef(n) for n in sorted(selection.nodes)]
    attached = store.select(_ATTACHED, {"x": chosen})
    core = set(chosen) | {r["n"] for r in attached}
    # a partnership comes along only when both of its ends are chosen
    partners = store.select("SELECT ?n ?y WHERE { ?n csr:partner ?y }",
                            {"n": sorted(core - set(chosen))})
    core -= {r["n"] for r in partners if str(r["y"]) not in selection.nodes}
    referenced = set()
    for r in store.select(_QUADS, {"s": sorted(core)}):
        p, o = r["p"], r["o"]
        if not keep(p):
            continue
        if isinstance(o, URIRef) and str(o) in entities and str(o) not in selection.nodes:
            continue  # a link out of the selection
        ds.graph(r["g"]).add((r["s"], p, o))
        if isinstance(o, URIRef) and o not in core and str(o) not in entities \
                and p != URIRef(PREFIXES["rdf"] + "type"):
            referenced.add(o)
    if referenced:
        for r in store.select(_DESCRIBE_REFERENCED, {"s": sorted(referenced)}):
            ds.graph(r["g"]).add((r["s"], r["p"], r["o"]))
    return ds


def _xml_safe_term(term):
    """A literal or IRI with what XML 1.0 cannot hold replaced (U+FFFD); others as they are."""
    if isinstance(term, Literal) and xml_safe(str(term)) != str(term):
        return Literal(xml_safe(str(term)), lang=term.language,
                       datatype=None if term.language else term.datatype)
    if isinstance(term, URIRef) and xml_safe(str(term)) != str(term):
        return URIRef(xml_safe(str(term)))
    return term


def _xml_safe_rdf(g: Graph) -> Graph:
    """``g`` with every literal and IRI XML can hold, for RDF/XML (a label with U+0001 from
    a store kg did not build would otherwise make a file no reader can read back)."""
    if not any(_xml_safe_term(t) is not t for triple in g for t in triple):
        return g
    out = Graph()
    for prefix, ns in g.namespaces():
        out.bind(prefix, ns)
    for triple in g:
        out.add(tuple(_xml_safe_term(t) for t in triple))
    return out


def _rdf_writer(fmt: str, quads: bool):
    def write(store, selection, options) -> dict[str, bytes]:
        ds = rdf_of(store, selection, options["provenance"])
        if quads:
            data = ds.serialize(format=fmt, encoding="utf-8")
        else:
            g = Graph()
            for prefix, ns in PREFIXES.items():
                g.bind(prefix, ns)
            for s, p, o, _ in ds.quads((None, None, None, None)):
                g.add((s, p, o))
            if fmt == "xml":
                g = _xml_safe_rdf(g)
            if fmt == "json-ld":
                used = {p: ns for p, ns in PREFIXES.items()
                        if any(str(t).startswith(ns) for triple in g for t in triple)}
                data = g.serialize(format="json-ld", context=used, auto_compact=True,
                                   ensure_ascii=False, encoding="utf-8")
            else:
                data = g.serialize(format=fmt, encoding="utf-8")
        return {"": data}

    return write


# ---------------------------------------------------------------- property graphs

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


def _safe_property_graph(store, selection, options) -> nx.MultiDiGraph:
    return _xml_safe_graph(property_graph(store, selection, options["lang"],
                                          options["provenance"]))


def _networkx_writer(write: Callable):
    """A writer from one of networkx's own (write_graphml, write_gexf)."""
    def writer(store, selection, options):
        buffer = io.BytesIO()
        write(_safe_property_graph(store, selection, options), buffer, encoding="utf-8")
        return {"": buffer.getvalue()}

    return writer


def _cytoscape(store, selection, options):
    g = _safe_property_graph(store, selection, options)
    elements = {
        # "value" repeats the id: networkx's reader (cytoscape_graph) keys nodes by it
        "nodes": [{"data": {"id": n, "value": n, "name": a["label"], **a}}
                  for n, a in g.nodes(data=True)],
        "edges": [{"data": {"id": f"{u}|{key}|{v}", "source": u, "target": v, "key": key,
                            **a}}
                  for u, v, key, a in g.edges(keys=True, data=True)],
    }
    # "directed" and "multigraph" as networkx's cytoscape_data writes them; Cytoscape.js
    # reads "elements" and ignores the rest
    return {"": json.dumps({"data": {"name": xml_safe(selection.spec.describe())},
                            "directed": True,
                            "multigraph": True, "elements": elements},
                           ensure_ascii=False, indent=1)
            .encode("utf-8")}


def _neo4j_label(cls: str, type_: str) -> str:
    local = cls.split(":", 1)[-1]
    base = {"organization": "Organization"}.get(type_)
    return f"{base};{local}" if base and base != local else local


def _neo4j_type(relation: str) -> str:
    local = relation.split(":", 1)[-1]
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", local).upper()


def _csv(store, selection, options) -> dict[str, bytes]:
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


def _html(store, selection, options):
    from .render import page

    return {"": page(store, selection, options["lang"]).encode("utf-8")}


_WRITERS = {
    "ttl": _rdf_writer("turtle", False), "nt": _rdf_writer("nt", False),
    "nq": _rdf_writer("nquads", True), "trig": _rdf_writer("trig", True),
    "jsonld": _rdf_writer("json-ld", False), "rdfxml": _rdf_writer("xml", False),
    "graphml": _networkx_writer(nx.write_graphml), "gexf": _networkx_writer(nx.write_gexf),
    "cytoscape": _cytoscape, "csv": _csv, "html": _html,
}
_FILES = {"csv": ("nodes.csv", "relationships.csv")}
assert set(_WRITERS) == set(EXPORT_FORMATS), "every export format needs a writer"
FORMATS: dict[str, Format] = {
    name: Format(name, kind, what, _WRITERS[name], _FILES.get(name, ()),
                 stdout=name not in ("csv", "html"))
    for name, (kind, what) in EXPORT_FORMATS.items()}


def format_names() -> str:
    return ", ".join(FORMATS)


def export(store: Store, selection: Selection, fmt: str, output: str | Path,
           lang: str = "zh", provenance: bool = True, force: bool = False,
           stdout=None, excel_safe: bool = False) -> list[Path]:
    """Write ``selection`` as ``fmt`` to ``output`` (a file; a folder for two-file formats;
    ``-`` for standard output) by the rules of :mod:`kg.files`: every file is written whole
    or not at all (a folder's files all together), an existing file is replaced only with
    ``force``, a device, FIFO or /dev/stdout is written in place. ``excel_safe`` neutralises
    spreadsheet formulas in the csv format. Returns the paths written."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (choose one of: {format_names()})")
    f = FORMATS[fmt]
    to_stdout = str(output) == "-"
    if to_stdout and not f.stdout:
        raise UsageError(f"{fmt} cannot go to standard output: give -o "
                         f"{'a folder' if f.files else 'a file'}")
    if not to_stdout:
        _check_target(Path(output), f, force)
    files = f.writer(store, selection, {"lang": lang, "provenance": provenance,
                                        "excel_safe": excel_safe})
    if to_stdout:
        (stdout or _stdout_buffer()).write(files[""])
        return []
    if f.files:
        return write_folder(Path(output), {name: files[name] for name in f.files}, force)
    with open_output(Path(output), force, "wb") as out:
        out.write(files[""])
    return [Path(output)]


def _check_target(output: Path, f: Format, force: bool) -> None:
    """Refuse a target before the work of writing it (kg.files checks again when writing)."""
    if not f.files:
        check_output(output, force)
    elif os.path.lexists(output) and not output.is_dir():
        raise UsageError(f"{one_line(str(output))} is a file; {f.name} writes two files into "
                         f"a folder")
    else:
        check_folder(output, f.files, force)


def _stdout_buffer():
    import sys

    return sys.stdout.buffer
