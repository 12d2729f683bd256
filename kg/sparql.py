"""Reading a user's SPARQL query before it runs: one real parse decides everything.

:func:`parse` expands the ``\\u``/``\\U`` escapes the way the SPARQL grammar says (before
anything else), parses the result with rdflib's SPARQL grammar and returns a :class:`Parsed`:
the text the engine will be given (escapes expanded, so no engine can read them differently),
the query form, every variable, every ``SERVICE``, the ``FROM``/``FROM NAMED`` graphs resolved
against ``BASE`` and the prefixes, and where the outermost ``WHERE`` group opens. An Update, or
text that does not parse as a query, is refused. :func:`check_safe` and :func:`bind` then work
on that one parse; nothing re-reads the text with patterns.

The project's own query texts (labels, cards, search) are trusted and bound with
:func:`bind_own`, which needs no parse.

>>> p = parse("SELECT ?l WHERE { ?p rdfs:label ?l }")
>>> p.form, sorted(p.variables)
('SELECT', ['l', 'p'])
>>> bind(p, {"p": URIRef("http://e/x")})[0]
'SELECT ?l WHERE { VALUES ?p { <http://e/x> } ?p rdfs:label ?l }'
"""

from __future__ import annotations

import contextvars
import re
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rdflib import BNode, Literal, URIRef, Variable

from .errors import QueryError
from .namespaces import PREFIXES
from .safe_text import one_line

__all__ = ["Parsed", "parse", "expand_escapes", "check_safe", "bind", "bind_own", "own_form",
           "unshift", "sparql_term", "iri_ref", "valid_iri", "string_literal", "MAX_QUERY_CHARS"]

MAX_QUERY_CHARS = 1_000_000
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# what an IRIREF may not hold (SPARQL 1.1 grammar [139])
_NOT_IN_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_FORMS = {"SelectQuery": "SELECT", "ConstructQuery": "CONSTRUCT", "AskQuery": "ASK",
          "DescribeQuery": "DESCRIBE"}
_UPDATES = {"Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE", "Add": "ADD",
            "Move": "MOVE", "Copy": "COPY", "InsertData": "INSERT DATA",
            "DeleteData": "DELETE DATA", "DeleteWhere": "DELETE WHERE", "Modify": "MODIFY"}


@dataclass(frozen=True)
class Parsed:
    """What one parse of a query found. ``text`` is what the engine runs."""

    text: str
    form: str                          # SELECT, CONSTRUCT, ASK or DESCRIBE
    variables: frozenset[str]
    services: tuple[str, ...]          # each SERVICE's target, as written
    service_at: int | None             # offset of the first SERVICE in ``text``
    from_default: tuple[str, ...]      # FROM graphs, resolved
    from_named: tuple[str, ...]        # FROM NAMED graphs, resolved
    where: int | None                  # offset just after the outermost WHERE group's "{"

    @property
    def has_dataset(self) -> bool:
        return bool(self.from_default or self.from_named)


def expand_escapes(text: str) -> str:
    """The text with its ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes replaced by the characters
    they stand for (SPARQL 1.1, 19.2: this happens before parsing). An escape that is not a
    character, or one that produces another escape, is refused."""

    def char(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise QueryError(f"\\u escape {m.group(0)!r} is not a character")
        return chr(code)

    expanded = _ESCAPE.sub(char, text)
    if expanded != text and _ESCAPE.search(expanded):
        raise QueryError("refused: a \\u escape produces another \\u escape; write the "
                         "character itself")
    return expanded


# Where the grammar matched a WHERE clause or a SERVICE pattern, recorded by parse actions
# while this module parses (a no-op for anyone else's use of rdflib).
_marks: contextvars.ContextVar[dict | None] = contextvars.ContextVar("kg_marks", default=None)


def _mark(kind: str) -> Callable:
    def action(_s, loc, _toks):
        found = _marks.get()
        if found is not None:
            found.setdefault(kind, []).append(loc)
    return action


def _grammar():
    """rdflib's SPARQL grammar, with our position marks on it. The marks go on elements that
    pyparsing never merges into their parent when it streamlines a grammar on first use: the
    ``where`` parameter inside WhereClause (not the WhereClause sequence itself, which may
    already have been flattened into SelectQuery by an earlier rdflib parse) and the
    ServiceGraphPattern component."""
    from rdflib.plugins.sparql import parser

    if not getattr(parser, "_kg_marked", False):
        where = next(e for e in parser.WhereClause.exprs if getattr(e, "name", "") == "where")
        where.add_parse_action(_mark("where"))
        parser.ServiceGraphPattern.add_parse_action(_mark("service"))
        parser._kg_marked = True
    return parser


def parse(text: str) -> Parsed:
    """Parse a query; raise :class:`QueryError` for an Update, a syntax error, an empty or
    oversized text."""
    if not text.strip():
        raise QueryError("the query is empty")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is longer than {MAX_QUERY_CHARS:,} characters")
    expanded = expand_escapes(text)
    grammar = _grammar()
    marks: dict[str, list[int]] = {}
    token = _marks.set(marks)
    try:
        tree = grammar.Query.parse_string(expanded, parse_all=True)
    except RecursionError:
        raise QueryError("the query is nested too deeply to read") from None
    except Exception as e:  # pyparsing's ParseException and its kin
        _refuse_update(grammar, expanded)
        raise _syntax_error(expanded, e) from None
    finally:
        _marks.reset(token)
    prologue, query = tree[0], tree[1]
    resolve = _resolver(prologue)
    variables, services = _walk(query)
    dataset = query["datasetClause"] if "datasetClause" in query else []
    return Parsed(
        text=expanded, form=_FORMS[query.name], variables=frozenset(variables),
        services=tuple(services), service_at=min(marks.get("service", []), default=None),
        from_default=tuple(resolve(d["default"]) for d in dataset if "default" in d),
        from_named=tuple(resolve(d["named"]) for d in dataset if "named" in d),
        where=_brace_after(expanded, min(marks.get("where", []), default=None)))


def _refuse_update(grammar, text: str) -> None:
    try:
        update = grammar.UpdateUnit.parse_string(text, parse_all=True)
    except Exception:  # not an update either: the query's syntax error is the one to report
        return
    ops = update[0]["request"] if "request" in update[0] else []
    names = [op.name for op in ops if hasattr(op, "name")]
    if names:
        raise QueryError(f"refused: this is a SPARQL Update ({_UPDATES.get(names[0], names[0])})"
                         f"; kg only reads")


def _syntax_error(text: str, e: Exception) -> QueryError:
    line, col = getattr(e, "lineno", None), getattr(e, "col", None)
    if line is None:
        return QueryError(f"SPARQL syntax error: {one_line(str(e), 160)}")
    rest = text.splitlines()[line - 1][col - 1:] if text.splitlines() else ""
    found = f"unexpected {one_line(rest, 30)!r}" if rest.strip() else "unexpected end of line"
    return QueryError(f"SPARQL syntax error at line {line}, column {col}: {found}")


def _walk(query) -> tuple[set[str], list[str]]:
    """Every variable and every SERVICE target in the parse tree (iteratively: a deep tree
    must not exhaust the stack)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    variables: set[str] = set()
    services: list[str] = []
    stack = [query]
    while stack:
        node = stack.pop()
        if isinstance(node, Variable):
            variables.add(str(node))
        elif isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                services.append(_written(node["term"] if "term" in node else None))
            stack.extend(node.values())
        elif isinstance(node, (ParseResults, list, tuple)):
            stack.extend(node)
    return variables, services


def _written(term) -> str:
    if isinstance(term, Variable):
        return f"?{term}"
    if isinstance(term, URIRef):
        return f"<{term}>"
    if getattr(term, "name", None) == "pname":
        return f"{term['prefix'] or ''}:{term['localname'] if 'localname' in term else ''}"
    return str(term)


def _resolver(prologue) -> Callable:
    """IRIs of the dataset clauses as the engine will read them: prefixed names expanded
    (the query's own PREFIX over ours), relative IRIs resolved against BASE."""
    prefixes, base = dict(PREFIXES), None

    def resolve(term) -> str:
        if isinstance(term, URIRef):
            iri = str(term)
            return urllib.parse.urljoin(base, iri) if base and ":" not in iri else iri
        prefix = (term["prefix"] if "prefix" in term else "") or ""
        local = (term["localname"] if "localname" in term else "") or ""
        return resolve(URIRef(prefixes.get(prefix, f"{prefix}:") + local))

    for decl in prologue:
        if decl.name == "Base":
            base = resolve(decl["iri"])
        elif decl.name == "PrefixDecl":
            prefixes[(decl["prefix"] if "prefix" in decl else "") or ""] = resolve(decl["iri"])
    return resolve


_SKIP = re.compile(r"(?:\s+|#[^\n]*)*")


def _brace_after(text: str, loc: int | None) -> int | None:
    """The offset after the "{" of the WHERE group whose match starts at ``loc``."""
    if loc is None:
        return None
    loc = _SKIP.match(text, loc).end()
    return loc + 1 if text[loc:loc + 1] == "{" else None


def check_safe(parsed: Parsed, allow_remote: bool = False,
               local_graphs: Callable[[], Iterable[str]] = frozenset) -> None:
    """Refuse ``SERVICE`` and ``FROM`` of a graph the store does not hold, unless
    ``allow_remote``. ``local_graphs`` gives the store's graph IRIs; it is asked only when
    the query has a dataset clause."""
    if allow_remote:
        return
    if parsed.services:
        where = ""
        if parsed.service_at is not None:
            line, col = _position(parsed.text, parsed.service_at)
            where = f" at line {line}, column {col}"
        raise QueryError(f"refused: SERVICE {one_line(parsed.services[0], 80)}{where} would "
                         f"make this machine fetch a remote endpoint; pass --allow-remote to "
                         f"permit it")
    if parsed.has_dataset:
        local = set(local_graphs())
        for iri in parsed.from_default + parsed.from_named:
            if iri not in local:
                raise QueryError(f"refused: FROM <{one_line(iri, 80)}> is not a graph of this "
                                 f"store and could be fetched from the web; pass "
                                 f"--allow-remote to permit it")


def string_literal(text: str) -> str:
    """``text`` as a SPARQL string literal: quote, backslash and line breaks escaped, so no
    value can end the string and write query text of its own."""
    escaped = (str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r"))
    return f'"{escaped}"'


def valid_iri(iri: str) -> bool:
    """Whether ``iri`` can be written as ``<iri>`` in SPARQL."""
    return _NOT_IN_IRI.search(str(iri)) is None


def iri_ref(iri: str) -> str:
    """``<iri>`` for SPARQL text, refusing what an IRI cannot hold (a ``>``, a space, a
    brace...) so that no value can close the IRI and write query text of its own."""
    iri = str(iri)
    bad = _NOT_IN_IRI.search(iri)
    if bad:
        raise QueryError(f"not a valid IRI ({bad.group(0)!r} at {bad.start() + 1}): "
                         f"{one_line(iri, 80)}")
    return f"<{iri}>"


def sparql_term(term) -> str:
    """An rdflib term written as SPARQL: IRIs checked, literals escaped by rdflib."""
    if isinstance(term, URIRef):
        return iri_ref(term)
    if isinstance(term, Literal):
        return term.n3()
    if isinstance(term, BNode):
        raise QueryError("a blank node cannot be bound as a parameter")
    raise QueryError(f"cannot bind {type(term).__name__} {one_line(repr(term), 60)}")


def _values(bindings: dict) -> str:
    clauses = []
    for name, value in bindings.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"not a variable name: {one_line(name, 40)!r}")
        terms = value if isinstance(value, (list, tuple, set)) else [value]
        clauses.append(f"VALUES ?{name} {{ {' '.join(sparql_term(t) for t in terms)} }}")
    return " " + " ".join(clauses)


def bind(parsed: Parsed, bindings: dict) -> tuple[str, tuple[int, int, int]]:
    """The parsed text with ``VALUES`` for each binding (variable name -> rdflib term, or a
    list of terms) at the start of the outermost WHERE group, and where it went in
    (line, column, length) for error positions."""
    if not bindings:
        return parsed.text, (0, 0, 0)
    if parsed.where is None:
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    values = _values(bindings)
    line, col = _position(parsed.text, parsed.where)
    return (parsed.text[:parsed.where] + values + parsed.text[parsed.where:],
            (line, col, len(values)))


_OWN_WHERE = re.compile(r"\bWHERE\s*\{|\{", re.IGNORECASE)


def bind_own(text: str, bindings: dict) -> tuple[str, tuple[int, int, int]]:
    """:func:`bind` for the project's own query texts, whose first ``WHERE {`` (or first
    ``{``) opens the group; never for a user's text."""
    if not bindings:
        return text, (0, 0, 0)
    m = _OWN_WHERE.search(text)
    if m is None:
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    values = _values(bindings)
    line, col = _position(text, m.end())
    return text[:m.end()] + values + text[m.end():], (line, col, len(values))


def own_form(text: str) -> str:
    """The form of one of the project's own queries (its first keyword after PREFIXes)."""
    m = re.search(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", text, re.IGNORECASE)
    return m.group(1).upper() if m else "SELECT"


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
