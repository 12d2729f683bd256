"""Pages with JSON twins: a page is a data builder plus a template.

Each :class:`Page` answers at its path with HTML and at ``PATH.json`` (``/.json`` for ``/``)
with the very dict the template was given, and the HTML names its twin in a
``Link: <PATH.json>; rel="alternate"; type="application/json"`` header. Builders compute plain
data (strings, numbers, lists, SPARQL-JSON terms) and never render; templates
(``kg/serve/templates/``, Jinja2 with autoescape) never query. Add a page by writing a builder
and a template and listing a :class:`Page` in :data:`PAGES`.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .errors import error_response

__all__ = ["CSP", "PAGES", "TEMPLATES", "Page", "page_routes", "term_json"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'; frame-src 'self'")


@dataclass(frozen=True)
class Page:
    path: str                                        # a Starlette path, e.g. /queries/{name}
    template: str
    build: Callable[[Request], Awaitable[dict]]
    before: tuple[Route, ...] = ()                   # routes matched before the page's own


def _twin(path: str) -> str:
    return "/.json" if path == "/" else f"{path}.json"


def page_routes(pages: list[Page]) -> list[Route]:
    """Two routes per page, the JSON twin first (so ``{name}`` does not swallow ``.json``),
    after the page's ``before`` routes (e.g. ``/queries/{name}.csv``)."""
    routes = []
    for page in pages:
        routes.extend(page.before)
        routes.append(Route(_twin(page.path), _endpoint(page, True), name=f"{page.template}.json"))
        routes.append(Route(page.path, _endpoint(page, False), name=page.template))
    return routes


def _endpoint(page: Page, as_json: bool):
    async def endpoint(request: Request) -> Response:
        try:
            data = await page.build(request)
        except Exception as e:  # noqa: BLE001 - one line, the right status
            if as_json:
                return error_response(e, json_client=True)
            return _html_error(request, e)
        if as_json:
            return Response(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                            media_type="application/json")
        twin = _twin(request.url.path) + (f"?{request.url.query}" if request.url.query else "")
        try:
            html = request.app.state.kg.render(page.template, data)
        except Exception as e:  # noqa: BLE001 - a template's fault: one line, a 500
            return _html_error(request, e)
        return Response(html, media_type="text/html", headers={
            "Link": f'<{twin}>; rel="alternate"; type="application/json"'})

    return endpoint


def _html_error(request: Request, e: Exception) -> Response:
    plain = error_response(e, json_client=False)
    message = plain.body.decode("utf-8").strip()
    html = request.app.state.kg.render("error.html", {"status": plain.status_code,
                                                      "error": message})
    return Response(html, plain.status_code, media_type="text/html",
                    headers={k: v for k, v in plain.headers.items()
                             if k.lower() == "retry-after"})


def term_json(term) -> dict:
    """A term as in SPARQL results JSON (:func:`kg.results.json_term`), plus ``curie``: how
    a person reads it."""
    from ..results import cell, json_term

    return {**json_term(term), "curie": cell(term)}


def _query_summary(q) -> dict:
    return {"name": q.name, "title": q.title, "description": q.description,
            "url": f"/queries/{q.name}",
            "params": [{"name": p.name, "type": p.type, "default": p.default,
                        "required": p.required, "description": p.description}
                       for p in q.params]}


async def index(request: Request) -> dict:
    """``/``: the report, its counts, the canned queries and the frameworks."""
    from ..library import catalog

    kg = request.app.state.kg
    data = await kg.index_data()
    return {
        "title": "csr-kg: " + (" / ".join(r["zh"] or r["en"] for r in data["reports"])
                               or "Tencent CSR Report 2019"),
        "reports": data["reports"],
        "triples": data["stats"]["triples"],
        "counts": [{"class": c, **v} for c, v in data["stats"]["classes"].items()],
        "queries": [_query_summary(q) for q in catalog()],
        "frameworks": data["frameworks"],
        "sparql": "/sparql",
    }


def _explore_pages() -> list[Page]:
    from .explore import entity_page, search_page

    return [Page("/search", "search.html", search_page),
            Page("/entity/{prefix}/{id}", "entity.html", entity_page)]


def _analyze_pages() -> list[Page]:
    from .analyze_pages import analyze_page, coverage_page

    return [Page("/analyze", "analyze.html", analyze_page),
            Page("/analyze/coverage", "coverage.html", coverage_page)]


def _query_pages() -> list[Page]:
    from .query_page import canned_query, download_routes

    return [Page("/queries/{name}", "query.html", canned_query, tuple(download_routes()))]


PAGES = [
    Page("/", "index.html", index),
    *_query_pages(),
    *_explore_pages(),
    *_analyze_pages(),
]
