"""``/sparql``: the SPARQL 1.1 Protocol, read-only.

* ``GET /sparql?query=…``, ``POST`` with a form body (``application/x-www-form-urlencoded``,
  ``query=…``) or a direct body (``application/sparql-query``); ``default-graph-uri`` and
  ``named-graph-uri`` set the dataset (graphs of this store only; they replace the query's
  ``FROM``, as the protocol says).
* ``GET /sparql`` with no query: the service description (Turtle, SD vocabulary).
* An Update (``update=``, ``application/sparql-update``, or an Update in ``query=``) is
  refused with 403; so are ``SERVICE`` and ``FROM``/``default-graph-uri`` of a graph the store
  does not hold: the same parse-based guard as ``kg query`` (:mod:`kg.sparql`), run inside
  the query's child process, which has no network.
* Limits (:class:`~kg.serve.app.Settings`): the time limit (503), the row cap (the answer is
  cut, ``KG-Truncated: true``, and JSON results say ``"truncated": true``), the request size
  (413), the number of queries at once (503 with ``Retry-After``).
"""

from __future__ import annotations

import urllib.parse

from starlette.requests import Request
from starlette.responses import Response

from .child import Job
from .errors import HttpError, error_response
from .negotiate import ASK, GRAPHS, RESULTS, choose, serialize

__all__ = ["read_body", "service_description", "sparql_endpoint"]

_SD = "http://www.w3.org/ns/sparql-service-description#"
_FORMATS = "http://www.w3.org/ns/formats/"
_SD_FORMATS = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
               "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML"]


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 past ``limit`` bytes. A body declared larger is
    read and dropped up to 8 times the limit first, so that a client that sends it whole
    before reading (Python's urllib) gets the 413 instead of a broken pipe; larger still is
    refused at once."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        if int(declared) <= 8 * limit:
            async for _ in request.stream():
                pass
        raise HttpError(413, _too_big(limit))
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HttpError(413, _too_big(limit))
    return bytes(body)


def _too_big(limit: int) -> str:
    return f"the request is larger than {limit:,} bytes"


def _pairs(data: str) -> list[tuple[str, str]]:
    try:
        return urllib.parse.parse_qsl(data, keep_blank_values=True, strict_parsing=False,
                                      errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise HttpError(400, "the parameters are not valid UTF-8 URL-encoded text") from None


async def _protocol_params(request: Request,
                           limit: int) -> tuple[list[tuple[str, str]], str | None]:
    """The protocol's parameters (URL and body) and a direct query body, if any."""
    if len(request.url.query) > limit:
        raise HttpError(413, _too_big(limit))
    params = _pairs(request.url.query)
    if request.method != "POST":
        return params, None
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await read_body(request, limit)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, "the request body is not UTF-8 text") from None
    if ctype == "application/x-www-form-urlencoded":
        return params + _pairs(text), None
    if ctype == "application/sparql-query":
        return params, text
    if ctype == "application/sparql-update":
        raise HttpError(403, "refused: SPARQL Update; kg serve only reads")
    raise HttpError(415, "send the query as application/sparql-query or as a form "
                         "(application/x-www-form-urlencoded)")


async def sparql_endpoint(request: Request) -> Response:
    app = request.app.state.kg
    accept = request.headers.get("accept")
    try:
        params, direct = await _protocol_params(request, app.settings.max_body)
        names = [k for k, _ in params]
        if "update" in names:
            raise HttpError(403, "refused: SPARQL Update; kg serve only reads")
        queries = [v for k, v in params if k == "query"] + ([direct] if direct is not None
                                                            else [])
        fmt = next((v for k, v in reversed(params) if k == "format"), None)
        if not queries:
            if request.method == "POST":
                raise HttpError(400, "no query: send query=… or an application/sparql-query "
                                     "body")
            return await service_description(request, accept, fmt)
        if len(queries) > 1:
            raise HttpError(400, "give one query, not several")
        job = Job("sparql", text=queries[0],
                  default_graphs=tuple(v for k, v in params if k == "default-graph-uri"),
                  named_graphs=tuple(v for k, v in params if k == "named-graph-uri"))
        answer = await app.pool.run(job, request.is_disconnected)
        offers = {"select": RESULTS, "ask": ASK, "graph": GRAPHS}[answer.kind]
        chosen = choose(accept, offers, fmt)
        if chosen is None:
            what = ", ".join(dict.fromkeys(m for m, _ in offers))
            raise HttpError(406, f"this answer can be sent as {what}")
        media, name = chosen
        body = await app.in_thread(serialize, answer.kind, name, answer.items, answer.vars,
                                   answer.boolean, answer.truncated)
        headers = {"Vary": "Accept"}
        if answer.truncated:
            headers["KG-Truncated"] = "true"
            headers["KG-Row-Cap"] = str(app.settings.max_rows)
        return Response(body, media_type=media, headers=headers)
    except Exception as e:  # noqa: BLE001 - every failure is one line for the client
        return error_response(e, json_client=bool(accept) and "json" in accept.lower())


async def service_description(request: Request, accept: str | None, fmt: str | None
                              ) -> Response:
    """The SPARQL 1.1 Service Description of this endpoint, built with rdflib."""
    from rdflib import BNode, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF

    app = request.app.state.kg
    chosen = choose(accept, GRAPHS[:4] + [("text/html", "ttl")], fmt)
    if chosen is None:
        raise HttpError(406, "the service description is Turtle, N-Triples, JSON-LD or RDF/XML")
    media, name = chosen
    if media == "text/html":
        media = "text/turtle"
    sd = Namespace(_SD)
    g = Graph()
    g.bind("sd", sd)
    here = URIRef(str(request.url.replace(query="")))
    g.add((here, RDF.type, sd.Service))
    g.add((here, sd.endpoint, here))
    g.add((here, sd.supportedLanguage, sd.SPARQL11Query))
    g.add((here, sd.feature, sd.UnionDefaultGraph))
    for f in _SD_FORMATS:
        g.add((here, sd.resultFormat, URIRef(_FORMATS + f)))
    dataset, default = BNode(), BNode()
    g.add((here, sd.defaultDataset, dataset))
    g.add((dataset, RDF.type, sd.Dataset))
    g.add((dataset, sd.defaultGraph, default))
    g.add((default, RDF.type, sd.Graph))
    for iri in await app.graphs():
        named = BNode()
        g.add((dataset, sd.namedGraph, named))
        g.add((named, RDF.type, sd.NamedGraph))
        g.add((named, sd.name, URIRef(iri)))
    limits = app.settings
    g.add((here, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"), Literal(
        f"Read-only. Time limit {limits.timeout:g} s, at most {limits.max_rows:,} rows, "
        f"{limits.max_queries} queries at once; no SERVICE, no remote FROM, no Update.",
        lang="en")))
    rdflib_format = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}[name]
    body = await app.in_thread(g.serialize, format=rdflib_format, encoding="utf-8")
    return Response(body, media_type=media, headers={"Vary": "Accept"})

