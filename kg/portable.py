"""A canned query as text that runs anywhere: :func:`standalone`.

``kg`` declares its prefixes for every query it runs, so the library's ``.rq`` files never
write ``PREFIX`` lines. Pasted into another SPARQL tool they would not parse; the portable
text is the query preceded by exactly the ``PREFIX`` lines of the prefixes it uses (found by
the SPARQL parser, :mod:`kg.sparql`'s grammar: a prefix named only inside a string or a
comment is not used), with each parameter either bound as ``kg query`` binds it (a
``VALUES`` clause at the start of the outermost ``WHERE`` group, an IRI as its CURIE)
or left as a variable, with a comment line that says what it stands for.

>>> from kg.library import get
>>> [line for line in standalone(get("works-with")).splitlines() if "PREFIX" in line]
['PREFIX csr: <https://w3id.org/csr-kg/ontology#>']
"""

from __future__ import annotations

import textwrap
import threading
from collections.abc import Callable, Mapping

from rdflib import URIRef

from .library import CannedQuery
from .namespaces import PREFIXES, curie
from .params import parse_value
from .sparql import bind, parse

__all__ = ["standalone", "used_prefixes"]


def used_prefixes(text: str) -> list[str]:
    """The prefixes of :data:`kg.namespaces.PREFIXES` that ``text`` uses in a prefixed name
    and does not declare itself, in the order of ``PREFIXES``. Judged on the parse tree."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    from .sparql import _grammar

    tree = _grammar().Query.parse_string(text, parse_all=True)
    declared = {(d["prefix"] if "prefix" in d else "") or "" for d in tree[0]
                if d.name == "PrefixDecl"}
    found: set[str] = set()
    stack = [tree[1]]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "pname":
                found.add((node["prefix"] if "prefix" in node else "") or "")
            stack.extend(node.values())
        elif isinstance(node, (ParseResults, list, tuple)):
            stack.extend(node)
    return [p for p in PREFIXES if p in found and p not in declared]


def _split_header(text: str) -> tuple[str, str]:
    """The leading ``#`` lines of a library file (its header) and the rest."""
    lines = text.splitlines(keepends=True)
    n = 0
    while n < len(lines) and lines[n].startswith("#"):
        n += 1
    return "".join(lines[:n]), "".join(lines[n:])


# kg.sparql's grammar is one pyparsing object, and pyparsing keeps parse state in it: two
# threads parsing at once corrupt each other's parse ("<lambda>() missing 1 required
# positional argument", seen under kg serve's load test). Every parse here takes this lock.
_PARSING = threading.Lock()


def standalone(canned: CannedQuery, values: Mapping[str, object] | None = None,
               resolve: Callable[[str], URIRef] | None = None) -> str:
    """``canned``'s text, runnable without kg: its header comment, one ``PREFIX`` line per
    prefix it uses, a comment line per parameter, then the query.

    ``values`` maps parameter names to rdflib terms, or to the text a user would type (typed
    by the parameter's declared type; a name that is not an IRI or CURIE needs ``resolve``,
    e.g. :func:`kg.search.resolver`). Parameters given are bound with ``VALUES`` as
    ``kg query`` binds them; the others stay variables. ``None`` leaves every one unbound.
    An unknown name or a bad value is a UsageError. Safe to call from several threads (the
    parse takes a lock)."""
    with _PARSING:
        return _standalone(canned, values, resolve)


def _standalone(canned: CannedQuery, values: Mapping[str, object] | None = None,
                resolve: Callable[[str], URIRef] | None = None) -> str:
    """The text :func:`standalone` returns, without the lock."""
    values = dict(values or {})
    bindings = {}
    for name in values:
        canned.param(name)  # an unknown name lists the valid ones
    for p in canned.params:
        if p.name in values and values[p.name] is not None:
            v = values[p.name]
            bindings[p.name] = parse_value(v, p.type, resolve) if isinstance(v, str) else v
    header, body = _split_header(canned.text)
    parsed = parse(body)
    text, _ = bind(parsed, bindings)
    for term in bindings.values():  # program:weicun reads better than its IRI
        if isinstance(term, URIRef) and not curie(term).startswith("<"):
            text = text.replace(f"<{term}>", curie(term))
    prefixes = [f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in used_prefixes(text)]
    notes = []
    for p in canned.params:
        what = f"{p.type}" + (", required" if p.required else "") + (
            f", kg's default {p.default}" if p.default is not None else "")
        state = ("bound below (VALUES)" if p.name in bindings else
                 f"unbound here: add VALUES ?{p.name} {{ ... }} to pick one")
        notes.append(textwrap.fill(f"?{p.name} ({what}): {p.description}; {state}", 96,
                                   initial_indent="# ", subsequent_indent="#   ",
                                   break_long_words=False, break_on_hyphens=False) + "\n")
    return header + "".join(prefixes) + "".join(notes) + text.lstrip("\n")
