"""Writing query results: SELECT rows as an aligned table, CSV, TSV, W3C JSON or Markdown;
graphs as Turtle, N-Triples or JSON-LD; ASK as true/false. Rows stream: they are written as
they arrive, so a large result never sits in memory whole (the table keeps its first rows to
size its columns, then streams the rest at those widths).

CSV, TSV and JSON follow the W3C SPARQL 1.1 result formats, so pandas, R, spreadsheets and
other SPARQL tools read them. Labels (``<var>Label`` columns) are extra variables there.

>>> display_width("为村 WeCounty")
13
"""

from __future__ import annotations

import csv
import itertools
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import TextIO

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from .formats import GRAPH_FORMATS, SELECT_FORMATS
from .namespaces import curie

__all__ = ["SELECT_FORMATS", "GRAPH_FORMATS", "write_rows", "write_graph", "write_boolean",
           "display_width", "add_labels", "cell", "excel_safe_cell"]

MAX_CELL = 60      # display columns per table cell; longer text ends in "…"
SIZING_ROWS = 500  # rows the table reads before it fixes its column widths

_PLAIN_TYPES = {str(XSD.integer), str(XSD.boolean)}  # Turtle reads these back unchanged
# A cell a spreadsheet would run as a formula starts with one of these ...
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# ... unless it is a plain number (-5, +3.2, 1e-3), which stays as it is.
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def display_width(text: str) -> int:
    """Terminal columns: CJK and full-width characters take two, combining marks none."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns (ending in …) and padded to exactly ``width``."""
    if display_width(text) > width:
        out, used = [], 0
        for ch in text:
            w = display_width(ch)
            if used + w > width - 1:
                break
            out.append(ch)
            used += w
        text = "".join(out) + "…"
    return text + " " * (width - display_width(text))


def cell(term) -> str:
    """A term as a person reads it: a CURIE for our IRIs, the bare text of a literal."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return curie(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    return " ".join(str(term).split())


def excel_safe_cell(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet would read it as a formula (it
    starts with = + - @, a tab or a carriage return and is not a plain number).

    >>> excel_safe_cell("=1+1"), excel_safe_cell("-5"), excel_safe_cell("@x"), excel_safe_cell("a")
    ("'=1+1", '-5', "'@x", 'a')
    """
    if text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _tsv_excel_safe(text: str) -> str:
    """A TSV cell made safe: a spreadsheet also strips the quotes of ``"=1+1"@en``."""
    body = text[1:] if text.startswith('"') else text
    return "'" + text if excel_safe_cell(body) != body else text


def _tsv(term) -> str:
    if isinstance(term, Literal) and term.datatype and (
            str(term.datatype) in _PLAIN_TYPES
            or (term.datatype == XSD.decimal and "." in str(term))) and (
            PLAIN_NUMBER.fullmatch(str(term)) or str(term) in ("true", "false")):
        return str(term)
    text = term.n3()
    if isinstance(term, Literal) and text.startswith('"""'):  # rdflib's multi-line form
        text = '"' + _escape_tsv(str(term)) + '"' + text[text.rindex('"""') + 3:]
    return text.replace("\t", "\\t")


def _escape_tsv(text: str) -> str:
    """A literal's text as in a one-line Turtle string (TSV cannot hold a line break)."""
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r"))


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
               excel_safe: bool = False) -> int:
    """Write SELECT results in ``fmt``; returns the number of rows written.

    ``excel_safe`` (csv and tsv): a cell a spreadsheet would run as a formula gets a leading
    apostrophe (see :func:`excel_safe_cell`). Off by default: the W3C formats stay exact for
    the programs that read them."""
    rows = iter(rows)
    if fmt == "table":
        return _table(names, rows, out)
    if fmt == "md":
        return _markdown(names, rows, out)
    if fmt == "json":
        return _json(names, rows, out)
    if fmt == "csv":
        return _csv(names, rows, out, excel_safe_cell if excel_safe else str)
    if fmt == "tsv":
        return _tsv_rows(names, rows, out, _tsv_excel_safe if excel_safe else str)
    raise ValueError(fmt)


def _csv(names, rows, out, safe) -> int:
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(names)
    n = 0
    for n, r in enumerate(rows, start=1):
        w.writerow([safe(str(r[v])) if v in r else "" for v in names])
    return n


def _tsv_rows(names, rows, out, safe) -> int:
    out.write("\t".join(f"?{v}" for v in names) + "\n")
    n = 0
    for n, r in enumerate(rows, start=1):
        out.write("\t".join(safe(_tsv(r[v])) if v in r else "" for v in names) + "\n")
    return n


def _table(names, rows, out) -> int:
    first = list(itertools.islice(rows, SIZING_ROWS))
    widths = [min(MAX_CELL, max([display_width(v)] + [display_width(cell(r.get(v)))
                                                    for r in first])) for v in names]

    def line(values):
        out.write("  ".join(_fit(t, w) for t, w in zip(values, widths)).rstrip() + "\n")

    line(names)
    line(["-" * w for w in widths])
    n = 0
    for n, r in enumerate(itertools.chain(first, rows), start=1):
        line([cell(r.get(v)) for v in names])
    out.write(f"({n} row{'s' if n != 1 else ''})\n")
    return n


def _markdown(names, rows, out) -> int:
    def md(text):
        return text.replace("\\", "\\\\").replace("|", "\\|")

    out.write("| " + " | ".join(names) + " |\n")
    out.write("|" + "|".join("---" for _ in names) + "|\n")
    n = 0
    for n, r in enumerate(rows, start=1):
        out.write("| " + " | ".join(md(cell(r.get(v))) for v in names) + " |\n")
    return n


def _json(names, rows, out) -> int:
    out.write('{"head": {"vars": ' + json.dumps(names) + '},\n "results": {"bindings": [')
    n = 0
    for n, r in enumerate(rows, start=1):
        out.write(("," if n > 1 else "") + "\n  " + json.dumps(
            {v: json_term(r[v]) for v in names if v in r}, ensure_ascii=False))
    out.write("\n]}}\n")
    return n


def write_boolean(answer: bool, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        out.write(json.dumps({"head": {}, "boolean": answer}) + "\n")
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
