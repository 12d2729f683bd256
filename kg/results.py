"""Writing query results: SELECT rows as CSV, TSV, SPARQL JSON or XML, an aligned table or
Markdown; graphs as Turtle, N-Triples or JSON-LD; ASK as true/false, JSON or XML. Rows stream:
they are written as they arrive, so a large result never sits in memory whole.

CSV, TSV, JSON and XML are the W3C SPARQL 1.1 result formats, written by pyoxigraph's
serializers (:mod:`kg.result_formats` says why and how), so pandas, R, spreadsheets and other
SPARQL tools read them; labels (``<var>Label`` columns, :func:`add_labels`) are extra
variables there. The table and Markdown, which no library writes for a stream of rows, are
:mod:`kg.terminal_table`'s; the table fits the terminal.

>>> display_width("为村 WeCounty")
13
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import TextIO

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from .formats import GRAPH_FORMATS, SELECT_FORMATS
from .result_formats import RESULT_FORMATS, excel_safe_cell, write_boolean_results, write_results
from .terminal_table import cell, display_width, table_width, write_markdown, write_table

__all__ = ["SELECT_FORMATS", "GRAPH_FORMATS", "RESULT_FORMATS", "write_rows", "write_graph",
           "write_boolean", "display_width", "add_labels", "cell", "json_term", "excel_safe_cell"]

SIZING_ROWS = 500  # rows add_labels reads to find the variables that hold IRIs


def json_term(term) -> dict:
    """A term as SPARQL results JSON writes it (an xsd:string literal without datatype)."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and str(term.datatype) != str(XSD.string):
        out["datatype"] = str(term.datatype)
    return out


def add_labels(store, names: list[str], rows: Iterator[dict], lang: str
               ) -> tuple[list[str], Iterator[dict]]:
    """Add a ``<var>Label`` column after each variable that holds IRIs (judged on the first
    rows), filled with the ``lang`` label of each IRI, looked up per chunk of rows."""
    from .search import labels as labels_of

    first = list(itertools.islice(rows, SIZING_ROWS))
    iri_vars = [v for v in names if any(isinstance(r.get(v), URIRef) for r in first)
                and f"{v}Label" not in names]
    if not iri_vars:
        return names, itertools.chain(first, rows)
    out_names = []
    for v in names:
        out_names.append(v)
        if v in iri_vars:
            out_names.append(f"{v}Label")
    pick = 0 if lang == "zh" else 1

    def labelled():
        chunk = first
        rest = iter(rows)
        while chunk:
            found = labels_of(store, {str(r[v]) for r in chunk for v in iri_vars
                                      if isinstance(r.get(v), URIRef)})
            for r in chunk:
                r = dict(r)
                for v in iri_vars:
                    pair = found.get(str(r.get(v, "")))
                    if pair and (pair[pick] or pair[1 - pick]):
                        r[f"{v}Label"] = Literal(pair[pick] or pair[1 - pick],
                                                 lang=lang if pair[pick] else None)
                yield r
            chunk = list(itertools.islice(rest, SIZING_ROWS))

    return out_names, labelled()


def write_rows(names: list[str], rows: Iterable[dict], fmt: str, out: TextIO,
               excel_safe: bool = False, width: int | None = None) -> int:
    """Write SELECT results in ``fmt``; returns the number of rows written.

    ``excel_safe`` (csv and tsv): a literal a spreadsheet would run as a formula gets a
    leading apostrophe (see :func:`excel_safe_cell`). Off by default: the W3C formats stay
    exact for the programs that read them. ``width`` (table): the display columns the table
    may take; by default the terminal's when ``out`` is one (``COLUMNS`` overriding its
    size), else no limit (:func:`kg.terminal_table.table_width`)."""
    rows = iter(rows)
    if fmt == "table":
        return write_table(names, rows, out, width if width is not None else table_width(out))
    if fmt == "md":
        return write_markdown(names, rows, out)
    if fmt in RESULT_FORMATS:
        return write_results(names, rows, fmt, out, excel_safe=excel_safe)
    raise ValueError(fmt)


def write_boolean(answer: bool, fmt: str, out: TextIO) -> None:
    """An ASK answer: SPARQL results JSON or XML, else ``true`` or ``false``."""
    if fmt in ("json", "xml"):
        write_boolean_results(answer, fmt, out)
    else:
        out.write(("true" if answer else "false") + "\n")


def write_graph(triples: Iterable, fmt: str, out: TextIO) -> int:
    """Write CONSTRUCT/DESCRIBE results; N-Triples stream, Turtle and JSON-LD are built whole
    (they group by subject). Returns the number of triples."""
    from rdflib import Graph

    from .namespaces import PREFIXES

    if fmt == "nt":
        n = 0
        for n, (s, p, o) in enumerate(triples, start=1):
            out.write(f"{s.n3()} {p.n3()} {o.n3()} .\n")
        return n
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for t in triples:
        g.add(t)
    if fmt == "ttl":
        out.write(g.serialize(format="turtle"))
    elif fmt == "jsonld":
        used = {p: ns for p, ns in PREFIXES.items()
                if any(str(term).startswith(ns) for t in g for term in t)}
        out.write(g.serialize(format="json-ld", context=used, auto_compact=True,
                              ensure_ascii=False))
        out.write("\n")
    else:
        raise ValueError(fmt)
    return len(g)
