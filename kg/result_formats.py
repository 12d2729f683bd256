"""SELECT and ASK results in the W3C SPARQL 1.1 result formats — CSV, TSV, JSON and XML —
written by pyoxigraph's serializers (``QuerySolutions.serialize``), not by hand.

Why pyoxigraph, and how. Its writers (Oxigraph's ``sparesults``, run against the W3C test
suites) cover all four formats and follow the specs: TSV holds terms in Turtle syntax on one
line (``"a\\nb"``), CSV writes a blank node as ``_:b0`` and ends lines in CRLF, XML keeps a
literal ``0`` or ``false``. rdflib 7.6, the other candidate, has no TSV writer at all, its XML
writer drops falsy literals (``0``, ``false``) and its CSV and JSON writers need every row in
memory. pyoxigraph builds a ``QuerySolutions`` only from a query or from
``parse_query_results``, and our rows are rdflib terms from any store (Oxigraph, rdflib, a
remote endpoint) with ``<var>Label`` columns added; so each row is turned into pyoxigraph terms
and fed, in the simplest SPARQL TSV (each term as Oxigraph itself writes it in N-Triples, which
escapes tab and line breaks), to ``parse_query_results``, whose solutions go straight to the
serializer. Both ends stream: rows are read as the serializer asks for them and its bytes
reach ``out`` as they come, so a large result never sits in memory whole.

Two options change terms before they are written: ``excel_safe`` (CSV and TSV) puts an
apostrophe before a literal a spreadsheet would run as a formula (:func:`excel_safe_cell`;
in TSV inside the quotes, ``"'=1+1"@en``, so the file stays valid TSV), and XML always
replaces the characters XML 1.0 cannot hold with U+FFFD (:func:`kg.safe_text.xml_safe`).
Column names that are not SPARQL variable names (``kg analyze`` tables) are written as they
are in the CSV or TSV header line.

>>> import io; from rdflib import BNode, Literal
>>> out = io.StringIO(newline="")
>>> write_results(["x", "b"], [{"x": Literal("a\\nb"), "b": BNode("b0")}], "tsv", out)
1
>>> out.getvalue()
'?x\\t?b\\n"a\\\\nb"\\t_:b0\\n'
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable
from typing import TextIO

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from .errors import QueryError
from .safe_text import shorten, xml_safe

__all__ = ["RESULT_FORMATS", "write_results", "write_boolean_results", "excel_safe_cell"]

RESULT_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                  "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}

# A cell a spreadsheet would run as a formula starts with one of these ...
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# ... unless it is a plain number (-5, +3.2, 1e-3), which stays as it is.
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# What RFC 3987 forbids in an IRI but rdflib lets through (a remote endpoint, a foreign file)
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f]')


def excel_safe_cell(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet would read it as a formula (it
    starts with = + - @, a tab or a carriage return and is not a plain number).

    >>> excel_safe_cell("=1+1"), excel_safe_cell("-5"), excel_safe_cell("@x"), excel_safe_cell("a")
    ("'=1+1", '-5', "'@x", 'a')
    """
    if text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_results(names: list[str], rows: Iterable[dict], fmt: str, out: TextIO,
                  excel_safe: bool = False) -> int:
    """Write SELECT results (rows of rdflib terms keyed by ``names``; a missing key is an
    unbound value) in ``fmt`` (csv, tsv, json or xml) to ``out``; returns the row count.
    JSON and XML end with a line break (the serializer writes none)."""
    kind = RESULT_FORMATS[fmt]
    variables = all(_is_variable(n) for n in names)
    if not variables and fmt not in ("csv", "tsv"):
        raise ValueError(f"{fmt} results need SPARQL variable names, not {names!r}")
    header = None if variables else _header(names, fmt)
    stand_ins = names if variables else [f"v{i}" for i in range(len(names))]
    change = (excel_safe_cell if excel_safe and fmt in ("csv", "tsv")
              else xml_safe if fmt == "xml" else None)
    source = _Rows(names, stand_ins, iter(rows), change)
    _serialize(source, kind, _Text(out, header))
    if fmt in ("json", "xml"):
        out.write("\n")
    return source.count


def write_boolean_results(answer: bool, fmt: str, out: TextIO) -> None:
    """An ASK answer in SPARQL results JSON or XML (with a closing line break)."""
    boolean = ox.parse_query_results('{"head":{},"boolean":%s}' % ("true" if answer else
                                                                    "false"),
                                     ox.QueryResultsFormat.JSON)
    out.write(boolean.serialize(format=RESULT_FORMATS[fmt]).decode("utf-8") + "\n")


def _serialize(source: "_Rows", kind, sink: "_Text") -> None:
    """Parse the rows and run the serializer; an error raised while reading rows (a query
    stopped by its time limit, a signal) or writing them (a closed pipe) comes out as
    itself, whatever pyoxigraph makes of it."""
    try:
        ox.parse_query_results(source, ox.QueryResultsFormat.TSV).serialize(sink, kind)
    except BaseException:
        if source.error is not None:
            raise source.error from None
        if sink.error is not None:
            raise sink.error from None
        raise
    sink.close()


class _Rows(io.RawIOBase):
    """The rows as a readable byte stream of SPARQL TSV, made one row at a time on demand;
    ``change`` (text -> text) rewrites each literal's value."""

    def __init__(self, names, stand_ins, rows, change):
        super().__init__()
        self.names, self.rows, self.change = names, rows, change
        self.count, self.error, self.bnodes = 0, None, {}
        self.buffer = ("\t".join(f"?{v}" for v in stand_ins) + "\n").encode("utf-8")

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        try:
            while len(self.buffer) < len(target):
                row = next(self.rows, None)
                if row is None:
                    break
                self.count += 1
                self.buffer += ("\t".join(str(self._term(row[v])) if row.get(v) is not None
                                          else "" for v in self.names) + "\n").encode("utf-8")
        except BaseException as e:
            self.error = e
            raise
        n = min(len(target), len(self.buffer))
        target[:n], self.buffer = self.buffer[:n], self.buffer[n:]
        return n

    def _term(self, term):
        term = to_oxigraph(term, self.bnodes)
        if self.change is not None and isinstance(term, ox.Literal):
            value = self.change(term.value)
            if value != term.value:
                term = (ox.Literal(value, language=term.language) if term.language else
                        ox.Literal(value, datatype=term.datatype))
        return term


class _Text:
    """Where the serializer writes bytes: decoded and passed on to a text stream, with the
    first line (the header) replaced when the column names are not SPARQL variables."""

    def __init__(self, out: TextIO, header: str | None):
        self.out, self.header, self.error = out, header, None
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.pending = "" if header is not None else None

    def write(self, data: bytes) -> int:
        try:
            text = self.decoder.decode(bytes(data))
            if self.pending is not None:
                self.pending += text
                if "\n" not in self.pending:
                    return len(data)
                text = self.header + self.pending[self.pending.index("\n") + 1:]
                self.pending = None
            self.out.write(text)
        except BaseException as e:
            self.error = e
            raise
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.out.write(self.decoder.decode(b"", final=True))


def to_oxigraph(term, bnodes: dict):
    """A pyoxigraph term for an rdflib term; a blank node keeps its label when Oxigraph
    accepts it (``bnodes`` gives the same node the same fresh label otherwise)."""
    if isinstance(term, URIRef):
        return _named_node(str(term))
    if isinstance(term, BNode):
        if term not in bnodes:
            try:
                bnodes[term] = ox.BlankNode(str(term))
            except ValueError:
                bnodes[term] = ox.BlankNode()
        return bnodes[term]
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=_named_node(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"a result holds something that is not an RDF term: {shorten(term)}")


def _named_node(iri: str):
    try:
        return ox.NamedNode(iri)
    except ValueError:
        pass
    try:  # a space or a brace that rdflib let in, percent-encoded as RFC 3987 says
        return ox.NamedNode(_IRI_FORBIDDEN.sub(
            lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8")), iri))
    except ValueError as e:
        raise QueryError(f"a result holds an IRI no results format can carry: "
                         f"{shorten(iri)} ({e})") from None


def _is_variable(name: str) -> bool:
    try:
        ox.Variable(name)
    except ValueError:
        return False
    return True


def _header(names: list[str], fmt: str) -> str:
    if fmt == "tsv":
        return "\t".join(f"?{' '.join(n.split())}" for n in names) + "\n"
    line = io.StringIO()
    csv.writer(line, lineterminator="\r\n").writerow(names)
    return line.getvalue()

