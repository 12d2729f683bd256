"""Any SPARQL 1.1 endpoint behind the same store interface, and ``kg push`` to fill one.

Queries go out with the SPARQL 1.1 Protocol (POST, URL-encoded ``query=``: the form every
engine takes; Virtuoso 7 never answers a POST of ``application/sparql-query``), results come
back as SPARQL JSON (SELECT, ASK) or N-Triples (CONSTRUCT, DESCRIBE). The endpoint must show
the union of its named graphs as the default graph, as the embedded store does (Oxigraph:
``oxigraph serve --union-default-graph``; Fuseki: ``unionDefaultGraph``), or be given the
dataset's graphs (``graphs``, ``$KG_ENDPOINT_GRAPHS``): each query then names them as its
``default-graph-uri`` and ``named-graph-uri`` (Virtuoso's default graph is the union of every
graph, its own system graphs too). Virtuoso's dialect, handled here: ASK answered as a row
of ``?__ASK_RETVAL`` (1, or no row for false), and ``GRAPH ?g { }`` matching nothing.

Pushing replaces each of the built dataset's named graphs on the server, one graph per
request, so that a reader sees the old graph or the new one: with the Graph Store Protocol
(``PUT ...?graph=IRI``) or, given a SPARQL Update endpoint, ``DROP SILENT GRAPH`` and
``INSERT DATA`` in a single update.

Every request is one exchange of :mod:`kg.http_exchange`: credentials from
``KG_ENDPOINT_USER`` and ``KG_ENDPOINT_PASSWORD`` or ``~/.netrc`` (never the command line,
never shown), one deadline for all of it (60 s unless given), the answer capped at 256 MiB
(``KG_ENDPOINT_MAX_MB``), no compressed body, no redirect followed, no proxy. Here:

* Answers are parsed by pyoxigraph, which checks every term; a triple term nested without end
  would overflow its stack, so nesting is bounded first. Anything malformed is one StoreError.
* Whatever the server wrote that goes into a message (parser complaint) is made visible and
  cut by :func:`kg.safe_text.one_line`.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

from .errors import QueryError, StoreError, UsageError
from .http_exchange import (DEFAULT_HTTP_TIMEOUT, DEFAULT_MAX_MB, check_url, exchange,
                            max_body_bytes, shown_url)
from .safe_text import one_line
from .store import Result, Store, from_oxigraph, with_prefixes

__all__ = ["DEFAULT_HTTP_TIMEOUT", "DEFAULT_MAX_MB", "EndpointStore", "push"]

_RESULTS_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"
_NEST_LIMIT = 16  # SPARQL JSON needs 5 levels; each nested triple term adds 2
_LANG_STRINGS = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
                 "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString")


def _not_results(where: str, reason) -> StoreError:
    return StoreError(f"the endpoint {where} answered with something that is not SPARQL "
                      f"results JSON: {one_line(reason, 200)}")


_DELETE_BUT_JSON_SKELETON = bytes(sorted(set(range(256)) - set(b'{}[]"')))
_JSON_STRINGS = re.compile(rb'(?:"[^"]*")+')
_INNERMOST = re.compile(rb"\{\}|\[\]")


def _nesting_ok(data: bytes, limit: int = _NEST_LIMIT) -> bool:
    """Whether the JSON ``data`` nests at most ``limit`` levels deep (a cheap, conservative
    check: brackets outside strings, innermost pairs peeled off one layer per pass)."""
    skeleton = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    skeleton = _JSON_STRINGS.sub(b"", skeleton.translate(None, _DELETE_BUT_JSON_SKELETON))
    for passes in range(limit + 1):
        if passes + len(skeleton) <= limit:  # depth <= passes + what is left
            return True
        peeled = _INNERMOST.sub(b"", skeleton)
        if len(peeled) == len(skeleton):  # unbalanced brackets, and too many of them
            return False
        skeleton = peeled
    return False


class _Malformed(ValueError):
    """A term pyoxigraph accepted but kg does not (caught where the answer is parsed)."""


def _term(term):
    """An rdflib term for a parsed one, with the checks pyoxigraph leaves to us."""
    import pyoxigraph as ox

    if isinstance(term, ox.Literal) and not term.language and \
            term.datatype.value in _LANG_STRINGS:
        raise _Malformed("a language-tagged string without a language tag")
    try:
        return from_oxigraph(term)
    except QueryError:
        raise _Malformed(f"a {type(term).__name__.lower()} term, which kg does not "
                         f"read") from None


# pyoxigraph's parsers may only be dropped on the thread that made them: the two functions
# below return plain values or a reason, so that no frame kept by a raised error (and freed
# later by the garbage collector, on whatever thread) still holds one.

def _parse_solutions(data: bytes) -> tuple[Result | None, str | None]:
    import pyoxigraph as ox

    try:
        parsed = ox.parse_query_results(input=data, format=ox.QueryResultsFormat.JSON)
        if isinstance(parsed, ox.QueryBoolean):
            return Result("ask", boolean=bool(parsed)), None
        names = [v.value for v in parsed.variables]
        rows = [{n: _term(t) for n in names if (t := s[n]) is not None} for s in parsed]
    except (SyntaxError, ValueError, OSError) as e:
        return None, str(e)
    return Result("select", names, iter(rows)), None


def _parse_triples(data: bytes) -> tuple[Result | None, str | None]:
    import pyoxigraph as ox

    try:
        triples = [(_term(t.subject), _term(t.predicate), _term(t.object))
                   for t in ox.parse(input=data, format=ox.RdfFormat.N_TRIPLES)]
    except (SyntaxError, ValueError, OSError) as e:
        return None, str(e)
    return Result("graph", items=iter(triples)), None


def _solutions(data: bytes, where: str) -> Result:
    """SELECT rows or the ASK boolean of a SPARQL results JSON answer."""
    if not _nesting_ok(data):
        raise _not_results(where, f"its brackets nest deeper than {_NEST_LIMIT} levels or "
                                  f"do not balance")
    result, reason = _parse_solutions(data)
    if result is None:
        raise _not_results(where, reason)
    return result


_NT_LITERALS = re.compile(rb'"[^"\n]*"')


def _triples(data: bytes, where: str) -> Result:
    """The triples of an N-Triples answer (triple terms refused: nested without end, they
    would overflow the parser's stack, and kg does not read them anyway)."""
    if b"<<" in data and b"<<" in _NT_LITERALS.sub(
            b"", data.replace(b"\\\\", b"").replace(b'\\"', b"")):
        raise StoreError(f"the endpoint {where} answered with triple terms (<< >>), which "
                         f"kg does not read")
    result, reason = _parse_triples(data)
    if result is None:
        raise StoreError(f"the endpoint {where} answered with something that is not "
                         f"N-Triples: {one_line(reason, 200)}")
    return result


_VIRTUOSO_ASK = "__ASK_RETVAL"


def _virtuoso_ask(result: Result, where: str) -> Result:
    """Virtuoso answers an ASK asked for SPARQL JSON with the variable ``?__ASK_RETVAL``: one
    row binding it to 1 when true, no row when false; a true boolean passes as it is."""
    if result.kind == "ask":
        return result
    rows = list(result.items)
    if result.vars != [_VIRTUOSO_ASK] or len(rows) > 1 or \
            any(str(r.get(_VIRTUOSO_ASK)) not in ("0", "1") for r in rows):
        raise _not_results(where, "an ASK answered without a boolean")
    return Result("ask", boolean=bool(rows) and str(rows[0][_VIRTUOSO_ASK]) == "1")


def graphs_setting(graphs: list[str] | str | None = None) -> list[str] | None:
    """The dataset's graph IRIs: ``graphs`` (a list, or IRIs separated by spaces), else
    ``$KG_ENDPOINT_GRAPHS``; None when neither is given (the server's default graph)."""
    import os

    if graphs is None:
        graphs = os.environ.get("KG_ENDPOINT_GRAPHS") or None
    if isinstance(graphs, str):
        graphs = graphs.split()
    if graphs is None:
        return None
    for iri in graphs:
        if not re.fullmatch(r"[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]+", iri, re.IGNORECASE):
            raise UsageError(f"not a graph IRI in KG_ENDPOINT_GRAPHS: {one_line(iri, 200)}")
    return list(graphs) or None


class EndpointStore(Store):
    """A SPARQL 1.1 Protocol endpoint (read-only use). ``graphs``: the dataset's graph IRIs
    (default ``$KG_ENDPOINT_GRAPHS``), named in every query that has no FROM of its own."""

    engine = "endpoint"
    local = False  # the query runs on the server: its child process needs the network

    def __init__(self, url: str, timeout: float = DEFAULT_HTTP_TIMEOUT,
                 graphs: list[str] | str | None = None):
        self.url = check_url(url)
        self.timeout = timeout
        self.dataset = graphs_setting(graphs)
        max_body_bytes()  # a bad KG_ENDPOINT_MAX_MB is a usage error before any query

    def _execute(self, sparql: str, inserted: tuple = (0, 0, 0), parsed=None) -> Result:
        from .sparql import own_form

        form = parsed.form if parsed is not None else own_form(sparql)
        graph = form in ("CONSTRUCT", "DESCRIBE")
        fields = [("query", with_prefixes(sparql))]
        if self.dataset and not (parsed is not None and parsed.has_dataset):
            fields += [(k, g) for k in ("default-graph-uri", "named-graph-uri")
                       for g in self.dataset]
        data = exchange(self.url, urllib.parse.urlencode(fields).encode("ascii"),
                        "application/x-www-form-urlencoded",
                        _NTRIPLES if graph else _RESULTS_JSON, "POST", self.timeout)
        where = shown_url(self.url)
        if graph:
            return _triples(data, where)
        result = _solutions(data, where)
        return _virtuoso_ask(result, where) if form == "ASK" else result

    def graphs(self) -> set[str]:
        """The named graphs holding a triple (Virtuoso matches nothing in ``GRAPH ?g { }``)."""
        return self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").values("g")


def push(dumps: list[Path], gsp: str | None = None, update: str | None = None,
         timeout: float = DEFAULT_HTTP_TIMEOUT) -> dict[str, int]:
    """Replace each named graph of the TriG ``dumps`` on a server; returns graph -> triples.

    ``gsp`` is a Graph Store Protocol endpoint (``http://host:7878/store``), ``update`` a SPARQL
    Update endpoint (``http://host:7878/update``); give one. Each request has ``timeout``
    seconds in all and follows no redirect."""
    import pyoxigraph as ox

    if bool(gsp) == bool(update):
        raise UsageError("give one of --gsp URL (Graph Store Protocol) or --update-endpoint URL")
    target = check_url(gsp or update)
    max_body_bytes()
    graphs: dict[str, list] = {}
    for dump in dumps:
        try:
            for q in ox.parse(path=str(dump), format=ox.RdfFormat.TRIG):
                if isinstance(q.graph_name, ox.NamedNode):
                    graphs.setdefault(q.graph_name.value, []).append(ox.Triple(
                        q.subject, q.predicate, q.object))
        except FileNotFoundError:
            raise UsageError(f"no such dump: {dump} (run 'kg build' first)") from None
        except SyntaxError as e:
            raise UsageError(f"{dump} is not TriG: {e}") from None
    if not graphs:
        raise UsageError("the dumps hold no named graph to push")
    pushed = {}
    for name in sorted(graphs):
        body = ox.serialize(graphs[name], format=ox.RdfFormat.N_TRIPLES)
        if gsp:
            sep = "&" if "?" in target else "?"
            exchange(f"{target}{sep}graph={urllib.parse.quote(name, safe='')}", body,
                     _NTRIPLES, None, "PUT", timeout, "--gsp")
        else:
            text = (f"DROP SILENT GRAPH <{name}> ;\nINSERT DATA {{ GRAPH <{name}> {{\n"
                    + body.decode("utf-8") + "\n} }")
            exchange(target, text.encode("utf-8"), "application/sparql-update; charset=utf-8",
                     None, "POST", timeout, "--update-endpoint")
        pushed[name] = len(graphs[name])
    return pushed
