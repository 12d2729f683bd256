"""Writing a selection (:mod:`kg.select`) in the formats other tools take, from one registry.

RDF (``ttl``, ``nt``, ``nq``, ``trig``, ``jsonld``, ``rdfxml``) carries the selected
entities' own triples, the partnerships between two of them, the figures about them, and the
labels of the concepts, units and sections they point to; quads keep their named graph. The
whole graph is every quad of the store; a CONSTRUCT selection is exactly the query's graph.
Property graphs (``graphml``, ``gexf``, ``cytoscape``, ``csv`` for ``neo4j-admin database
import``) carry the :mod:`kg.netx` projection of the selection: one node per entity, one edge
per relation (a partnership is one edge with its role), written by :mod:`kg.export_graphs`;
GraphML, GEXF and Cytoscape.js also carry the page's look (:mod:`kg.look`): position, colour,
size, shape, degree. ``html`` is the ``kg view`` page.

>>> sorted(FORMATS)[:3]
['csv', 'cytoscape', 'gexf']
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from .errors import UsageError
from .export_graphs import cytoscape, gexf, graphml, neo4j_csv, property_graph
from .file_sets import check_folder, write_folder
from .files import check_output, open_output
from .formats import EXPORT_FORMATS
from .namespaces import PREFIXES
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
    from .analyze.rdf import ANALYTICS, run_triples

    if ANALYTICS in {g.identifier for g in ds.contexts()}:  # saved scores came along: and
        for triple in run_triples(store):                    # the run that made them
            ds.graph(ANALYTICS).add(triple)
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
        if fmt in ("nt", "nquads"):  # a line per statement, in rdflib's hash order: sorted,
            lines = sorted(line for line in data.split(b"\n") if line)  # a run is repeatable
            data = b"".join(line + b"\n" for line in lines)
        return {"": data}

    return write


# ---------------------------------------------------------------- the page

def _html(store, selection, options):
    from .render import page

    return {"": page(store, selection, options["lang"], options.get("size_by"),
                     options.get("color_by"), options.get("say")).encode("utf-8")}


_WRITERS = {
    "ttl": _rdf_writer("turtle", False), "nt": _rdf_writer("nt", False),
    "nq": _rdf_writer("nquads", True), "trig": _rdf_writer("trig", True),
    "jsonld": _rdf_writer("json-ld", False), "rdfxml": _rdf_writer("xml", False),
    "graphml": graphml, "gexf": gexf, "cytoscape": cytoscape, "csv": neo4j_csv, "html": _html,
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
           stdout=None, excel_safe: bool = False, size_by: str | None = None,
           color_by: str | None = None, say=None) -> list[Path]:
    """Write ``selection`` as ``fmt`` to ``output`` (a file; a folder for two-file formats;
    ``-`` for standard output) by the rules of :mod:`kg.files`: every file is written whole
    or not at all (a folder's files all together), an existing file is replaced only with
    ``force``, a device, FIFO or /dev/stdout is written in place. ``excel_safe`` neutralises
    spreadsheet formulas in the csv format. ``size_by``/``color_by`` (a measure of
    :mod:`kg.analyze.scores`) size and colour the look and add the scores to each node of
    the graph formats and the page; ``say`` hears where they came from. Returns the paths
    written."""
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
                                        "excel_safe": excel_safe, "size_by": size_by,
                                        "color_by": color_by, "say": say})
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
