"""Any SPARQL 1.1 endpoint behind the same store interface, and ``kg push`` to fill one.

Queries go out with the SPARQL 1.1 Protocol (POST, ``application/sparql-query``), results come
back as SPARQL JSON (SELECT, ASK) or N-Triples (CONSTRUCT, DESCRIBE). The endpoint must show
the union of its named graphs as the default graph, as the embedded store does (Oxigraph:
``oxigraph serve --union-default-graph``; Fuseki: ``unionDefaultGraph``).

Pushing replaces each of the built dataset's named graphs on the server, one graph per
request, so that a reader sees the old graph or the new one: with the Graph Store Protocol
(``PUT ...?graph=IRI``) or, given a SPARQL Update endpoint, ``DROP SILENT GRAPH`` and
``INSERT DATA`` in a single update.

Credentials come from ``KG_ENDPOINT_USER`` and ``KG_ENDPOINT_PASSWORD`` or from ``~/.netrc``,
never from the command line, and no message ever shows them.
"""

from __future__ import annotations

import base64
import http.client
import json
import netrc
import os
import socket
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from rdflib import BNode, Literal, URIRef

from .errors import QueryError, QueryTimeout, StoreError, UsageError
from .store import Result, Store, from_oxigraph, with_prefixes

__all__ = ["EndpointStore", "push", "DEFAULT_HTTP_TIMEOUT"]

DEFAULT_HTTP_TIMEOUT = 60.0
_RESULTS_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"


def _public(url: str) -> str:
    """The URL as it may be shown: no credentials, no query string."""
    p = urllib.parse.urlsplit(url)
    host = p.hostname or ""
    if p.port:
        host += f":{p.port}"
    return urllib.parse.urlunsplit((p.scheme, host, p.path, "", ""))


def _check_url(url: str) -> str:
    p = urllib.parse.urlsplit(url)
    if p.scheme not in ("http", "https") or not p.hostname:
        raise UsageError(f"not an http(s) endpoint URL: {_public(url) or url!r}")
    if p.username or p.password:
        raise UsageError("credentials do not go in the URL (they would stay in your shell "
                         "history): set KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD, or use "
                         "~/.netrc")
    return url


def _authorization(url: str) -> str | None:
    user, password = os.environ.get("KG_ENDPOINT_USER"), os.environ.get("KG_ENDPOINT_PASSWORD")
    if not user:
        try:
            found = netrc.netrc().authenticators(urllib.parse.urlsplit(url).hostname or "")
        except (FileNotFoundError, netrc.NetrcParseError, OSError):
            found = None
        if found:
            user, _, password = found
    if not user:
        return None
    token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
    return f"Basic {token}"


def _request(url: str, body: bytes | None, content_type: str | None, accept: str | None,
             method: str, timeout: float) -> bytes:
    """One HTTP exchange; every failure becomes one clear project error."""
    headers = {"User-Agent": "csr-kg"}
    if content_type:
        headers["Content-Type"] = content_type
    if accept:
        headers["Accept"] = accept
    auth = _authorization(url)
    if auth:
        headers["Authorization"] = auth
    where = _public(url)
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as e:
        detail = _first_line(e.read())
        if e.code in (401, 403):
            raise StoreError(f"the endpoint {where} refused access (HTTP {e.code}): set "
                             f"KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD, or ~/.netrc") from None
        if 400 <= e.code < 500:
            raise QueryError(f"the endpoint {where} rejected the request (HTTP {e.code}): "
                             f"{detail}") from None
        raise StoreError(f"the endpoint {where} failed (HTTP {e.code}): {detail}") from None
    except (TimeoutError, socket.timeout):
        raise QueryTimeout(f"the endpoint {where} did not answer within {timeout:g} s") from None
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise QueryTimeout(f"the endpoint {where} did not answer within {timeout:g} s"
                               ) from None
        text = getattr(reason, "strerror", None) or str(reason)
        raise StoreError(f"cannot reach the endpoint {where}: {text} (is the server "
                         f"running?)") from None
    except (http.client.HTTPException, ConnectionError) as e:
        raise StoreError(f"the endpoint {where} broke off the answer "
                         f"({type(e).__name__})") from None


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", "replace").strip()
    line = text.splitlines()[0] if text else "no message"
    return line[:200]


def _term(binding: dict):
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in binding:
            return Literal(value, lang=binding["xml:lang"])
        datatype = binding.get("datatype")
        if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
            return Literal(value, datatype=URIRef(datatype))
        return Literal(value)
    raise ValueError(f"unknown term type {kind!r}")


class EndpointStore(Store):
    """A SPARQL 1.1 Protocol endpoint (read-only use)."""

    engine = "endpoint"

    def __init__(self, url: str, timeout: float = DEFAULT_HTTP_TIMEOUT):
        self.url = _check_url(url)
        self.timeout = timeout

    def _execute(self, sparql: str, inserted: tuple = (0, 0, 0)) -> Result:
        from .sparql import query_form

        form = query_form(sparql)
        graph = form in ("CONSTRUCT", "DESCRIBE")
        data = _request(self.url, with_prefixes(sparql).encode("utf-8"),
                        "application/sparql-query; charset=utf-8",
                        _NTRIPLES if graph else _RESULTS_JSON, "POST", self.timeout)
        where = _public(self.url)
        if graph:
            import pyoxigraph as ox

            try:
                triples = [(from_oxigraph(t.subject), from_oxigraph(t.predicate),
                            from_oxigraph(t.object))
                           for t in ox.parse(input=data, format=ox.RdfFormat.N_TRIPLES)]
            except (SyntaxError, ValueError) as e:
                raise StoreError(f"the endpoint {where} answered with something that is not "
                                 f"N-Triples: {e}") from None
            return Result("graph", items=iter(triples))
        try:
            answer = json.loads(data)
            if "boolean" in answer:
                return Result("ask", boolean=bool(answer["boolean"]))
            names = list(answer["head"]["vars"])
            rows = [{k: _term(v) for k, v in b.items()}
                    for b in answer["results"]["bindings"]]
        except (ValueError, KeyError, TypeError) as e:
            raise StoreError(f"the endpoint {where} answered with something that is not "
                             f"SPARQL results JSON ({type(e).__name__}: {e})"[:300]) from None
        return Result("select", names, iter(rows))


def push(dumps: list[Path], gsp: str | None = None, update: str | None = None,
         timeout: float = DEFAULT_HTTP_TIMEOUT) -> dict[str, int]:
    """Replace each named graph of the TriG ``dumps`` on a server; returns graph -> triples.

    ``gsp`` is a Graph Store Protocol endpoint (``http://host:7878/store``), ``update`` a SPARQL
    Update endpoint (``http://host:7878/update``); give one."""
    import pyoxigraph as ox

    if bool(gsp) == bool(update):
        raise UsageError("give one of --gsp URL (Graph Store Protocol) or --update-endpoint URL")
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
            target = _check_url(gsp)
            sep = "&" if "?" in target else "?"
            _request(f"{target}{sep}graph={urllib.parse.quote(name, safe='')}", body,
                     _NTRIPLES, None, "PUT", timeout)
        else:
            text = (f"DROP SILENT GRAPH <{name}> ;\nINSERT DATA {{ GRAPH <{name}> {{\n"
                    + body.decode("utf-8") + "\n} }")
            _request(_check_url(update), text.encode("utf-8"),
                     "application/sparql-update; charset=utf-8", None, "POST", timeout)
        pushed[name] = len(graphs[name])
    return pushed
