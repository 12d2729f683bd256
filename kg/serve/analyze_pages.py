"""The analytics pages of ``kg serve``: ``/analyze`` (the top brokers, the top betweenness
and the largest communities, each entity a link to its page, ``?readings=0|1``) and
``/analyze/coverage`` (the three coverage heat maps of :mod:`kg.analyze.heatmap`). Like every
page they answer at ``PATH.json`` too, with ``kg analyze``'s own JSON inside; the analyses run
in the query workers (:mod:`kg.serve.analyze_jobs`) and, as the store does not change while
the server runs, each answer is kept once computed.

The heat maps are drawn by :func:`kg.analyze.heatmap.render` (the same markup as the offline
page of ``kg analyze coverage --format html``), which these builders make the templates'
``heatmap`` function.
"""

from __future__ import annotations

import weakref

import anyio
from starlette.requests import Request

from ..analyze import heatmap
from .analyze_jobs import ANALYSES
from .child import Job
from .errors import HttpError
from .explore import entity_path

__all__ = ["analyze_page", "coverage_page"]

_kept: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()   # KgServer -> {key: data}


async def _once(request: Request, key: tuple, job: Job):
    kg = request.app.state.kg
    kept = _kept.setdefault(kg, {})
    if key not in kept:
        answer = await kg.pool.run(job, request.is_disconnected)
        kept[key] = answer.items[0]
    return kept[key]


def _readings(request: Request) -> bool:
    value = request.query_params.get("readings", "0")
    if value not in ("0", "1"):
        raise HttpError(400, f"readings is 0 or 1, not {value[:40]!r}")
    return value == "1"


async def analyze_page(request: Request) -> dict:
    """``/analyze``: ``brokers``, ``measures`` (highest betweenness first) and
    ``communities`` as ``kg analyze NAME -f json`` gives them (first 20 rows); ``shown``: the
    IRIs of each community's members named in its ``members``; ``entities``: each named
    entity's labels, CURIE and page."""
    readings = _readings(request)
    out: dict = {"readings": readings}

    entities: dict = {}

    async def one(name: str) -> None:
        data = dict(await _once(request, ("analysis", name, readings),
                                Job("analysis", text=name,
                                    params=(("readings", "1" if readings else "0"),))))
        entities.update(data.pop("entities"))
        if "shown" in data:
            out["shown"] = data.pop("shown")
        out[name] = data

    try:
        async with anyio.create_task_group() as tg:
            for name in ANALYSES:
                tg.start_soon(one, name)
    except BaseExceptionGroup as group:   # one failure says it (a 503 stays a 503)
        raise _first(group) from None
    out["entities"] = {iri: {**e, "url": entity_path(iri)} for iri, e in entities.items()}
    out["betweenness"] = out["measures"]["parameters"]["betweenness"]
    return out


def _first(e: BaseException) -> BaseException:
    while isinstance(e, BaseExceptionGroup):
        e = e.exceptions[0]
    return e


def _linked(maps: list[dict]) -> list[dict]:
    """The maps with each entity's page as its label's link."""
    def link(a: dict) -> dict:
        return {**a, "url": entity_path(a["iri"]) if a.get("iri") else None}

    return [{**t, "rows": [link(r) for r in t["rows"]],
             "columns": [link(c) for c in t["columns"]],
             "also": t["also"] and {**t["also"], "items": [link(a) for a in t["also"]["items"]]}}
            for t in maps]


async def coverage_page(request: Request) -> dict:
    """``/analyze/coverage``: ``analyses`` (``kg analyze coverage WHICH -f json --top 0`` for
    demands, programs, dimensions and partners) and ``maps``, the three heat maps."""
    data = await _once(request, ("coverage",), Job("coverage"))
    request.app.state.kg.templates.globals.setdefault("heatmap", heatmap.render)
    return {**data, "maps": _linked(data["maps"])}
