"""``/editor``: YASGUI (``@zazuko/yasgui``, MIT), vendored, over our own ``/sparql``.

The page is ``templates/editor.html``; ``static/editor.js`` configures YASGUI from the data
this module builds, which the page carries as a JSON data block (never executed) and which
``/editor.json`` answers as its twin:

- ``endpoint``: our ``/sparql`` (same origin; the endpoint catalogue lists only it);
- ``prefixes``: :data:`kg.namespaces.PREFIXES`, declared at the top of a new tab's query,
  offered by the prefix completer, and used by the results table to shorten IRIs;
- ``examples``: every canned query (:mod:`kg.library`) as a standalone text, its default
  parameters bound with ``VALUES`` and the prefixes it uses declared, so it runs anywhere;
- ``entities``: the namespaces of the entities that have an ``/entity/…`` page; a link to one
  in the results table is pointed at that page;
- ``classes`` and ``properties``: the IRIs our graph uses or declares (asked once per server
  through the query pool, like every read), which replace YASGUI's class and property
  completers (those ask lov.linkeddata.es; the prefix completer's bundled list is replaced
  by ours too).

Nothing on the page calls another host: the bundle is served from ``/static/vendor/yasgui/``
(made by ``scripts/vendor_js.py``), fonts are the system's, and :data:`EDITOR_CSP` lets the
page fetch only its own origin. See ``editor.js`` for each YASGUI setting that could reach
out and how it is turned off.
"""

from __future__ import annotations

import copy
import functools
import json
import shlex

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..errors import KgError, UsageError
from ..library import CannedQuery, catalog
from ..namespaces import PREFIXES
from ..params import parse_value
from ..portable import standalone
from .child import Job
from .errors import error_response
from .explore import ENTITY_PREFIXES
from .pool import Busy

__all__ = ["EDITOR_CSP", "STYLE_HASHES", "editor_data", "editor_routes", "example_text"]

# The pages' policy (kg.serve.pages.CSP) plus what YASGUI needs, and no more:
# - connect-src 'self': YASGUI sends each query with fetch() to our /sparql.
# - two style hashes, not 'unsafe-inline': the results table's column resizer (bundled in
#   YASGUI 4.6.2) adds two fixed <style> elements, its grip rules when a table is drawn and
#   "*{cursor:col-resize!important}" while a column is dragged. Each hash allows exactly
#   that text; tests/test_serve_editor.py recomputes both from the vendored bundle, so a
#   new version that changes them fails there. Everything else YASGUI styles through the
#   CSSOM (element.style), which a CSP does not govern.
# No 'unsafe-eval' (the bundle's one eval() is a JSON.parse polyfill it never reaches),
# no inline script (the page's data is a JSON block, never executed), no other host.
STYLE_HASHES = ("'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk='",
                "'sha256-c0O6TmFAkgpNbHxKAa1BrveWHHopjEtC47i0PzMudxg='")
EDITOR_CSP = ("default-src 'none'; script-src 'self'; "
              f"style-src 'self' {' '.join(STYLE_HASHES)}; img-src 'self' data:; "
              "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
VENDOR = "/static/vendor/yasgui"
YASGUI_VERSION = "4.6.2"   # scripts/vendor_js.py pins it; static/vendor/yasgui/VERSION says it

_CLASSES = """SELECT DISTINCT ?c WHERE {
  { ?s a ?c } UNION { ?c a owl:Class } UNION { ?c a rdfs:Class }
  FILTER(isIRI(?c)) } ORDER BY ?c"""
_PROPERTIES = """SELECT DISTINCT ?p WHERE {
  { ?s ?p ?o } UNION { ?p a owl:ObjectProperty } UNION { ?p a owl:DatatypeProperty }
  UNION { ?p a owl:AnnotationProperty } UNION { ?p a rdf:Property }
  FILTER(isIRI(?p)) } ORDER BY ?p"""
_DEFAULT_QUERY = """SELECT ?program ?label WHERE {
  ?program a csr:Program ;
           rdfs:label ?label .
  FILTER(LANG(?label) = "zh")
}
ORDER BY ?label
LIMIT 20"""


def _prefix_block() -> str:
    return "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())


def example_text(canned: CannedQuery) -> str:
    """A canned query as the editor's example: :func:`kg.portable.standalone` with each
    parameter's default bound (a required one's: its value in the query's first example; a
    value naming an entity by its label would need the store: it stays unbound)."""
    values = {}
    given = _example_params(canned)
    for p in canned.params:
        value = p.default if p.default is not None else given.get(p.name) if p.required \
            else None
        if value is None:
            continue
        try:
            parse_value(value, p.type)
        except UsageError:
            continue
        values[p.name] = value
    return standalone(canned, values)


def _example_params(canned: CannedQuery) -> dict[str, str]:
    """The ``--param name=value`` pairs of the query's first ``# example:`` line (where a
    required parameter, which has no default, finds a value)."""
    try:
        words = shlex.split(canned.examples[0]) if canned.examples else []
    except ValueError:
        return {}
    return dict(words[i + 1].split("=", 1) for i, w in enumerate(words[:-1])
                if w in ("--param", "-p") and "=" in words[i + 1])


@functools.lru_cache(maxsize=1)
def _examples() -> list[dict]:
    return [{"name": q.name, "title": q.title, "description": q.description,
             "query": example_text(q)} for q in catalog()]


async def _vocabulary(request: Request) -> dict[str, list[str]]:
    """The classes and properties of our graph, asked once per server (a failure, e.g. a
    busy pool, is not remembered: the next page asks again)."""
    state = request.app.state
    cached = getattr(state, "editor_vocabulary", None)
    if cached is not None:
        return cached
    pool = state.kg.pool
    out = {}
    try:
        for key, text in (("classes", _CLASSES), ("properties", _PROPERTIES)):
            answer = await pool.run(Job("sparql", text=text))
            var = answer.vars[0]
            out[key] = sorted({str(row[var]) for row in answer.items
                               if row is not None and row.get(var) is not None})
    except (KgError, Busy):
        return {"classes": [], "properties": []}
    state.editor_vocabulary = out
    return out


async def editor_data(request: Request) -> dict:
    """What ``/editor`` shows and ``/editor.json`` answers."""
    vocabulary = await _vocabulary(request)
    return {
        "title": "SPARQL editor · csr-kg",
        "endpoint": "/sparql",
        "prefixes": dict(PREFIXES),
        # the namespaces whose IRIs have an /entity/<prefix>/<id> page: the results table's
        # links to them open that page, not the IRI (which names, and does not serve, it)
        "entities": {p: PREFIXES[p] for p in sorted(ENTITY_PREFIXES)},
        "query": _prefix_block() + "\n\n" + _DEFAULT_QUERY,
        "examples": copy.deepcopy(_examples()),
        "classes": vocabulary["classes"],
        "properties": vocabulary["properties"],
        "yasgui": {"name": "@zazuko/yasgui", "version": YASGUI_VERSION, "license": "MIT",
                   "js": f"{VENDOR}/yasgui.min.js", "css": f"{VENDOR}/yasgui.min.css",
                   "license_file": f"{VENDOR}/LICENSE", "version_file": f"{VENDOR}/VERSION"},
    }


async def editor_page(request: Request) -> Response:
    try:
        data = await editor_data(request)
    except Exception as e:  # noqa: BLE001 - one line, the right status
        return error_response(e, json_client=False)
    html = request.app.state.kg.render("editor.html", data)
    return Response(html, media_type="text/html", headers={
        "Content-Security-Policy": EDITOR_CSP,
        "Link": '</editor.json>; rel="alternate"; type="application/json"'})


async def editor_json(request: Request) -> Response:
    try:
        data = await editor_data(request)
    except Exception as e:  # noqa: BLE001 - one line, the right status
        return error_response(e, json_client=True)
    return Response(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                    media_type="application/json")


def editor_routes() -> list[Route]:
    """``/editor.json`` (first, as the pages do) and ``/editor``."""
    return [Route("/editor.json", editor_json, name="editor.json"),
            Route("/editor", editor_page, name="editor")]

