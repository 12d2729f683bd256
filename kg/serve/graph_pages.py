"""The graph pages of ``kg serve``: ``/view`` (any ``kg view`` selection as its interactive
page) and ``/path`` (the chains of ``kg path`` between two entities), with JSON twins.

``/view?around=&hops=&type=&leave_out=&dimension=&stakeholder=&section=&from=&to=&lang=``
``&size_by=&color_by=``
(``kg view --size-by/--color-by``: any score of ``kg analyze``) answers with
exactly the page :func:`kg.render.page` writes (one front-end for ``kg view`` and
``kg serve``), computed in a query worker, and with that page's own Content-Security-Policy
as a header, plus ``frame-ancestors 'self'`` so that the entity pages may show it in a frame.
There is no ``query`` parameter: a URL that ran a CONSTRUCT query would run anyone's SPARQL
on a plain GET; ``/sparql`` and ``kg view --query`` are the ways to that. ``/view.json`` is the
summary: the entities shown (each with its ``/entity`` page), their relations, the selection.
The latest answers are kept (:data:`VIEWS_KEPT`): the whole graph takes seconds to lay out.

``/path?from=A&to=B[&max_hops=4][&all=1][&readings=0][&limit=50][&plain=1][&avoid=X…]
[&via=Y]`` lists the chains as ``kg path A B -f json`` gives them (cheapest first, hubs
costing more; ``plain=1``: every shortest chain; ``avoid`` may repeat), each node with its
``curie`` and ``url`` added, each link with its ``label`` in both languages, above a frame of
``/view?from=A&to=B`` (the shortest chains and the first ranked one); with no end, the form.
"""

from __future__ import annotations

import json
import weakref
from collections import OrderedDict
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..namespaces import curie
from ..netx import edge_label
from .child import Job
from .errors import HttpError, error_response
from .explore import entity_path
from .pages import CSP, Page, _html_error, page_routes

__all__ = ["FRAMED", "graph_routes", "path_page"]

VIEW_PARAMS = ("around", "hops", "type", "dimension", "stakeholder", "section", "from", "to",
               "lang", "size_by", "color_by", "leave_out")
PATH_PARAMS = ("from", "to", "max_hops", "all", "readings", "limit", "plain", "avoid", "via")
# the global policy, except that a page of this server may frame the answer (an error too)
FRAMED = CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'")
# /view answers kept per server, the latest first (the graph does not change while it is
# served; the whole graph's page takes seconds to lay out, and every entity page frames one)
VIEWS_KEPT = 16
_views: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _known(request: Request, names: tuple[str, ...]) -> None:
    for key in request.query_params:
        if key == "query" and "query" not in names:
            raise HttpError(400, "no query parameter: a URL may not run a CONSTRUCT query "
                                 "(kg view --query, or /sparql)")
        if key not in names:
            raise HttpError(400, f"unknown parameter {key!r} (choose from: "
                                 f"{', '.join(names)})")


async def _run(request: Request, kind: str, params: dict) -> dict:
    kg = request.app.state.kg
    answer = await kg.pool.run(Job(kind, params=tuple(params.items())),
                               request.is_disconnected)
    data = answer.items[0]
    if "missing" in data:
        raise HttpError(404, data["missing"])
    return data


async def _view(request: Request) -> dict:
    """The worker's answer for ``/view``: ``html``, ``csp`` and ``summary``."""
    _known(request, VIEW_PARAMS)
    q = request.query_params
    params = {k: q[k] for k in VIEW_PARAMS if k in q and k not in ("type", "leave_out")}
    for many in ("type", "leave_out"):  # repeatable
        if q.getlist(many):
            params[many] = ",".join(q.getlist(many))
    kept = _views.setdefault(request.app.state.kg, OrderedDict())
    key = tuple(sorted(params.items()))
    if key in kept:
        kept.move_to_end(key)
        return kept[key]
    data = await _run(request, "view", params)
    for n in data["summary"]["nodes"]:
        n["url"] = entity_path(n["iri"])
    kept[key] = data
    while len(kept) > VIEWS_KEPT:
        kept.popitem(last=False)
    return data


async def view(request: Request) -> Response:
    """``/view``: the page of ``kg view`` for the selection the query parameters give."""
    try:
        data = await _view(request)
    except Exception as e:  # noqa: BLE001 - one line, the right status
        response = _html_error(request, e)
        response.headers["Content-Security-Policy"] = FRAMED
        return response
    twin = "/view.json" + (f"?{request.url.query}" if request.url.query else "")
    return Response(data["html"], media_type="text/html", headers={
        "Content-Security-Policy": f"{data['csp']}; frame-ancestors 'self'",
        "Link": f'<{twin}>; rel="alternate"; type="application/json"'})


async def view_json(request: Request) -> Response:
    """``/view.json``: what ``/view`` shows, as data."""
    try:
        data = await _view(request)
    except Exception as e:  # noqa: BLE001 - one line, the right status
        return error_response(e, json_client=True)
    return Response(json.dumps(data["summary"], ensure_ascii=False, indent=1) + "\n",
                    media_type="application/json")


def graph_routes() -> list[Route]:
    """The routes of ``/view`` and ``/path`` and their twins, for the app's table."""
    return [Route("/view.json", view_json, name="view.json"),
            Route("/view", view, name="view"),
            *page_routes([Page("/path", "path.html", path_page)])]


async def path_page(request: Request) -> dict:
    """``/path?from=&to=``: the chains between two entities, as ``kg path`` finds them."""
    _known(request, PATH_PARAMS)
    q = request.query_params
    a, b = q.get("from", "").strip(), q.get("to", "").strip()
    avoid = [x.strip() for x in q.getlist("avoid") if x.strip()]
    out = {"from": a, "to": b, "max_hops": q.get("max_hops", "4"), "all": q.get("all") == "1",
           "readings": q.get("readings") != "0", "plain": q.get("plain") == "1",
           "avoid": avoid, "via": q.get("via", "").strip(), "ends": [], "total": 0,
           "paths": [], "view": None, "query": str(request.url.query)}
    if not (a and b):
        return out  # the form
    params = {"from": a, "to": b, **{k: q[k] for k in PATH_PARAMS[2:] if k in q}}
    params["avoid"] = "\n".join(avoid)
    found = await _run(request, "path", params)
    for end in found["ends"]:
        end["url"] = entity_path(end["iri"])
    for p in found["paths"]:
        for n in p["nodes"]:
            n.update(curie=curie(n["iri"]), url=entity_path(n["iri"]))
        for hop in p["hops"]:
            for link in hop["links"]:
                link["label"] = {"zh": edge_label(link, "zh"), "en": edge_label(link, "en")}
    out.update(found)
    if found["paths"]:
        out["view"] = "/view?" + urlencode({"from": found["ends"][0]["curie"],
                                            "to": found["ends"][1]["curie"], "lang": "zh"})
    return out
