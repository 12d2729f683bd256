"""Reading a SPARQL query's text without running it: its form, whether it is safe to run, and
binding parameters into it.

The scan blanks out comments, strings and IRIs first (keeping every position), so a keyword
inside a label or an IRI never counts. Binding adds ``VALUES ?name { term }`` at the start of
the query's WHERE group, which every engine and every SPARQL 1.1 endpoint understands.

>>> query_form("PREFIX x: <http://e/> SELECT * WHERE { ?s ?p ?o }")
'SELECT'
>>> bind("SELECT ?l WHERE { ?p rdfs:label ?l }", {"p": "<http://e/x>"})
'SELECT ?l WHERE { VALUES ?p { <http://e/x> } ?p rdfs:label ?l }'
"""

from __future__ import annotations

import re

from .errors import QueryError

__all__ = ["blank", "query_form", "check_safe", "bind", "bind_at", "unshift", "UPDATE_KEYWORDS"]

_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'        # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'                # short strings
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'          # IRIs (no spaces: "a < b" is not one)
    r"|#[^\n]*",                           # comments
    re.DOTALL)

UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY")
_FORM = re.compile(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE|" + "|".join(UPDATE_KEYWORDS) + r")\b",
                   re.IGNORECASE)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_FROM = re.compile(r"\bFROM(\s+NAMED)?\s+(<[^>]*>|[\w-]*:[\w.-]*)", re.IGNORECASE)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def blank(text: str) -> str:
    """The query with every comment, string and IRI body replaced by spaces (same length)."""

    def spaces(m: re.Match) -> str:
        s = m.group(0)
        if s.startswith("#"):
            return " " * len(s)
        return s[0] + re.sub(r"[^\n]", " ", s[1:-1]) + s[-1]

    return _TOKEN.sub(spaces, text)


def query_form(text: str) -> str:
    """SELECT, CONSTRUCT, ASK or DESCRIBE; an update keyword if the text is an update; '?' if
    none is found (the engine will then report the syntax error)."""
    m = _FORM.search(blank(text))
    return m.group(1).upper() if m else "?"


def check_safe(text: str, allow_remote: bool = False, local_graphs=frozenset) -> None:
    """Refuse updates always, and SERVICE or FROM of a graph that is not in the store unless
    ``allow_remote``; raise :class:`QueryError` naming what was refused. ``local_graphs`` is
    a callable giving the store's graph IRIs, asked only when the query has a FROM."""
    scanned = blank(text)
    form = query_form(text)
    if form in UPDATE_KEYWORDS:
        raise QueryError(f"refused: this is a SPARQL Update ({form}); kg query only reads")
    if allow_remote:
        return
    m = _SERVICE.search(scanned)
    if m:
        line, col = _position(text, m.start())
        raise QueryError(f"refused: SERVICE at line {line}, column {col} would make this "
                         f"machine fetch a remote endpoint; pass --allow-remote to permit it")
    graphs = None
    for m in _FROM.finditer(scanned):
        iri = text[m.start(2):m.end(2)]
        if graphs is None:
            graphs = set(local_graphs())
        if iri.startswith("<") and iri[1:-1] in graphs:
            continue
        line, col = _position(text, m.start())
        raise QueryError(f"refused: FROM {iri} at line {line}, column {col} is not a graph of "
                         f"this store and could be fetched from the web; pass --allow-remote "
                         f"to permit it")


def bind(text: str, bindings: dict[str, str | list[str]]) -> str:
    """Pre-bind variables: ``bindings`` maps a variable name to a term in SPARQL syntax, or to
    a list of them (the query then runs once for each, in one go)."""
    return bind_at(text, bindings)[0]


def bind_at(text: str, bindings: dict[str, str | list[str]]
            ) -> tuple[str, tuple[int, int, int]]:
    """:func:`bind`, plus where the text went in: (line, column, length), so that a syntax
    error's position can be given in the user's own text."""
    if not bindings:
        return text, (0, 0, 0)
    scanned = blank(text)
    m = _WHERE.search(scanned)
    if m is None:
        m = re.search(r"\{", scanned)
        if m is None or query_form(text) == "CONSTRUCT":
            raise QueryError("cannot bind parameters: the query has no WHERE clause")
    values = " " + " ".join(
        f"VALUES ?{name} {{ {' '.join(term) if isinstance(term, list) else term} }}"
        for name, term in bindings.items())
    line, col = _position(text, m.end())
    return text[:m.end()] + values + text[m.end():], (line, col, len(values))


def unshift(position: tuple[int, int], inserted: tuple[int, int, int]) -> tuple[int, int]:
    """A (line, column) in the bound text, moved back to the user's own text."""
    line, col = position
    at_line, at_col, length = inserted
    if line == at_line and col >= at_col + length:
        col -= length
    return line, col


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
