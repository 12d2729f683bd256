"""The explorer's pages: ``/search?q=`` (the ranking of ``kg search``) and
``/entity/<prefix>/<id>`` (the card of ``kg show``: relations grouped by kind, each a link to
its entity's page, figures with unit and date, sources with pages; beside it, a frame of
``/view`` around the entity). Like every page they answer at ``PATH.json`` too; the reads run
in the query workers (:data:`kg.serve.child.EXPLORE`)."""

from __future__ import annotations

from urllib.parse import urlencode


from starlette.requests import Request

from ..errors import UsageError
from ..namespaces import curie
from .child import Job
from .errors import HttpError

__all__ = ["entity_page", "search_page", "entity_path", "section_path"]

# CURIE prefixes of the entities that have a page
ENTITY_PREFIXES = {"program", "organization", "tencent", "person", "place", "event", "award",
                   "standard", "stakeholder", "demand", "framework", "concept", "unit"}


def entity_path(iri: str) -> str | None:
    """``/entity/program/weicun`` for an entity's IRI; None for what has no page."""
    name = curie(iri)
    prefix, _, local = name.partition(":")
    if prefix in ENTITY_PREFIXES and local and "/" not in local and not name.startswith("<"):
        return f"/entity/{prefix}/{local}"
    return None


def section_path(iri: str, kind: str) -> str | None:
    """A report section's page: everything the graph sources to it (``section-contents``)."""
    if kind != "section":
        return None
    return "/queries/section-contents?" + urlencode({"section": iri})


async def _data(request: Request, kind: str, text: str, **params) -> dict:
    kg = request.app.state.kg
    answer = await kg.pool.run(Job(kind, text=text, params=tuple(params.items())),
                               request.is_disconnected)
    return answer.items[0]


async def search_page(request: Request) -> dict:
    """``/search?q=``: entities by name, alias, pinyin or id, then by description."""
    q = request.query_params.get("q", "").strip()
    out = {"q": q, "total": 0, "hits": []}
    if not q:
        return out
    try:
        found = await _data(request, "search", q)
    except UsageError as e:
        raise HttpError(400, str(e)) from None
    for h in found["hits"]:
        h["url"] = entity_path(h["iri"]) or section_path(h["iri"], h["type"])
    out.update(found)
    return out


async def entity_page(request: Request) -> dict:
    """``/entity/<prefix>/<id>``: the entity's card, its relations grouped by kind."""
    name = f"{request.path_params['prefix']}:{request.path_params['id']}"
    try:
        c = await _data(request, "card", name)
    except UsageError as e:
        raise HttpError(404, str(e)) from None
    groups: dict[tuple, list] = {}
    for link in c["links"]:
        key = (link["rel"], link["direction"], link["rel_zh"], link["rel_en"], link["reading"])
        groups.setdefault(key, []).append({**link, "url": entity_path(link["other"]),
                                           "curie": curie(link["other"])})
    c["relations"] = [{"rel": rel, "direction": d, "zh": zh, "en": en, "reading": reading,
                       "links": links}
                      for (rel, d, zh, en, reading), links in
                      sorted(groups.items(), key=lambda kv: kv[0][4])]  # readings last
    # the graph around it, drawn by /view beside the card (none for an entity with no link)
    c["view"] = "/view?" + urlencode({"around": c["curie"], "hops": 1, "lang": "zh"}) \
        if c["links"] else None
    c["path"] = "/path?" + urlencode({"from": c["curie"]})
    for s in c["sources"]:  # each section: everything the graph sources to it
        s["url"] = section_path(s["section"], "section")
    return c
