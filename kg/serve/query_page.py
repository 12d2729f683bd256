"""The canned query's page, ``/queries/<name>``, and its downloads.

The page (:func:`canned_query`, a :class:`kg.serve.pages.Page` builder like every page, so
it answers at ``.json`` too) holds a form from the query's typed parameters, the rows with a
label beside each IRI (a link to the entity's page where it has one), the links to the
downloads, the views that fit the columns and the query's portable text
(:func:`kg.portable.standalone`). ``kg/serve/static/query.js`` makes the table sortable and
filterable and the text copyable; without it the page is a plain table.

The downloads (:func:`download`): ``/queries/<name>.csv``, ``.tsv`` and ``.srj`` (SPARQL
results JSON; ``.json`` is the page's own JSON twin) with the page's parameters, written by
:mod:`kg.results`' writers: the very bytes of ``kg query --name NAME --param … --format
csv|tsv|json``. ``_labels=zh|en`` adds label columns as ``--lang`` does (and, like it, sets
a ``lang`` parameter left out).

The views are built here, on the server, from the rows the page already holds: they work
without JavaScript, every text in them goes through the template's escaping, and the CSP
needs no inline style (bars are ``<meter>`` elements, the graph an SVG drawn with
presentation attributes). A label and a number column give bars; a date column (xsd:date,
gYear, gYearMonth, dateTime) a timeline; two IRI columns a two-column graph of the pairs.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..errors import UsageError
from ..params import expand_iri
from .child import Job
from .errors import HttpError, error_response
from .explore import entity_path

__all__ = ["canned_query", "download", "download_routes", "views"]

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMBERS = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short",
                             "nonNegativeInteger", "positiveInteger", "byte")}
DATES = {XSD + t for t in ("date", "dateTime", "gYear", "gYearMonth")}
INPUTS = {"integer": ("number", "1"), "decimal": ("number", "any"), "date": ("date", None)}
# extension -> (kg.results format, media type)
DOWNLOADS = {"csv": ("csv", "text/csv; charset=utf-8"),
             "tsv": ("tsv", "text/tab-separated-values; charset=utf-8"),
             "srj": ("json", "application/sparql-results+json")}
MAX_BARS, MAX_NODES, MAX_EVENTS = 60, 80, 300


def _canned(request: Request):
    from ..library import get

    try:
        return get(request.path_params["name"])
    except UsageError as e:
        raise HttpError(404, str(e)) from None


def _given(request: Request, canned) -> dict[str, str]:
    """The parameters of the request (an empty field is one left out); an unknown name is
    a 400 that lists the valid ones."""
    given = {k: v for k, v in request.query_params.items() if not k.startswith("_") and v}
    for key in given:
        canned.param(key)
    return given


def _lang(request: Request, default: str | None = "zh") -> str | None:
    lang = request.query_params.get("_labels", default)
    if lang not in ("zh", "en", None):
        raise HttpError(400, "_labels is zh or en")
    return lang


async def canned_query(request: Request) -> dict:
    """``/queries/<name>``: the canned query run with ``?param=value`` (defaults otherwise),
    its rows with a label beside each IRI. ``_labels=en`` picks English labels. A required
    parameter left out shows the form alone."""
    from .pages import _query_summary, term_json

    canned = _canned(request)
    given = _given(request, canned)
    lang = _lang(request)
    kg = request.app.state.kg
    out = _query_summary(canned)
    for p in out["params"]:
        p["value"] = given.get(p["name"], p["default"])
        p["input"], p["step"] = INPUTS.get(p["type"], ("text", None))
    query = urlencode(given)
    out.update({"query": canned.text, "labels": lang, "kind": None, "columns": [],
                "shown": [], "truncated": False, "row_cap": kg.settings.max_rows,
                "downloads": {ext: f"{out['url']}.{ext}" + (f"?{query}" if query else "")
                              for ext in DOWNLOADS},
                "missing": [p.name for p in canned.params
                            if p.required and p.default is None and p.name not in given]})
    if out["missing"]:
        out["portable"] = await kg.in_thread(_standalone, canned, {})
        return out
    answer = await kg.pool.run(Job("canned", canned=canned.name, params=tuple(given.items()),
                                   labels=lang), request.is_disconnected)
    out.update({"kind": answer.kind, "columns": answer.vars, "truncated": answer.truncated})
    if answer.kind == "select":
        out["rows"] = [{k: term_json(v) for k, v in row.items()} for row in answer.items]
        out["shown"] = _shown(answer.vars, out["rows"])
        out["views"] = views(out["shown"], out["rows"])
    elif answer.kind == "ask":
        out["boolean"] = answer.boolean
    else:
        out["triples"] = [[term_json(t) for t in triple] for triple in answer.items]
    out["portable"] = await kg.in_thread(_standalone, canned,
                                         await _values(request, canned, given))
    return out


async def _values(request: Request, canned, given: dict) -> dict:
    """The parameters as bound: an entity given by name is resolved by the same resolver as
    the query's run (the worker's card job), so the portable text binds the same IRI."""
    from rdflib import URIRef

    from .explore import _data

    values = {}
    for p in canned.params:
        text = given.get(p.name, p.default)
        if text is None:
            continue
        if p.type == "iri" and expand_iri(text) is None:
            values[p.name] = URIRef((await _data(request, "card", text))["iri"])
        else:
            values[p.name] = text
    return values


def _standalone(canned, values: dict) -> str:
    from ..portable import standalone

    return standalone(canned, values)


def _kind(column: str, rows: list[dict]) -> str:
    """``iri``, ``number``, ``date`` or ``text``: what every value of the column is."""
    terms = [r[column] for r in rows if column in r]
    if terms and all(t["type"] == "uri" for t in terms):
        return "iri"
    if terms and all(t.get("datatype") in NUMBERS for t in terms):
        return "number"
    if terms and all(t.get("datatype") in DATES for t in terms):
        return "date"
    return "text"


def _shown(columns: list[str], rows: list[dict]) -> list[dict]:
    """The columns the table shows: the query's own (a ``<var>Label`` column added by the
    labels goes into its IRI column's cells), each with its kind; and each IRI cell gets its
    ``label`` and ``url``."""
    own = [c for c in columns if not (c.endswith("Label") and c[:-5] in columns)]
    for row in rows:
        for c in own:
            t = row.get(c)
            if t is not None and t["type"] == "uri":
                label = row.get(f"{c}Label")
                t["label"] = label["value"] if label else ""
                t["url"] = entity_path(t["value"])
    return [{"name": c, "kind": _kind(c, rows)} for c in own]


def _node(t: dict) -> dict:
    return {"text": t.get("label") or t.get("curie") or t["value"], "url": t.get("url"),
            "curie": t.get("curie", "")}


def views(shown: list[dict], rows: list[dict]) -> list[dict]:
    """The views that fit the columns, each a dict for the template: ``bars`` (the first
    IRI or text column against the first number column, when that column holds one row per
    value: a ranking), ``timeline`` (the first date
    column), ``graph`` (the first two IRI columns)."""
    kinds = {}
    for c in shown:
        kinds.setdefault(c["kind"], []).append(c["name"])
    out = []
    names = kinds.get("iri", []) + kinds.get("text", [])
    label = next((c["name"] for c in shown if c["name"] in names), None)
    keyed = [r[label]["value"] for r in rows if label in r]
    if label and kinds.get("number") and len(set(keyed)) == len(keyed) == len(rows):
        number = kinds["number"][0]  # one row per label: a ranking, not a listing
        bars = [{**_node(r[label]), "value": r[number]["value"]}
                for r in rows if number in r][:MAX_BARS]
        top = max((float(b["value"]) for b in bars), default=0.0)
        out.append({"kind": "bars", "label": label, "number": number, "bars": bars,
                    "max": top if top > 0 else 1, "cut": len(rows) > len(bars)})
    if kinds.get("date"):
        date = kinds["date"][0]
        about = next((c["name"] for c in shown if c["name"] != date
                      and c["kind"] in ("iri", "text")), None)
        dated = sorted((r for r in rows if date in r), key=lambda r: r[date]["value"])
        years: list[dict] = []
        for r in dated[:MAX_EVENTS]:
            year = r[date]["value"][:4]
            if not years or years[-1]["year"] != year:
                years.append({"year": year, "events": []})
            years[-1]["events"].append({"date": r[date]["value"],
                                       **(_node(r[about]) if about in r
                                          else {"text": "", "url": None})})
        out.append({"kind": "timeline", "date": date, "years": years,
                    "undated": len(rows) - len(dated), "cut": len(dated) > MAX_EVENTS})
    if len(kinds.get("iri", [])) >= 2:
        out.append(_graph(*kinds["iri"][:2], rows))
    return out


def _graph(left: str, right: str, rows: list[dict]) -> dict:
    """A bipartite drawing: ``left``'s entities in one column, ``right``'s in the other, a
    line per distinct pair (SVG coordinates computed here)."""
    sides: dict[str, dict[str, dict]] = {left: {}, right: {}}
    pairs = []
    for r in rows:
        if left in r and right in r:
            a, b = r[left], r[right]
            for side, t in ((left, a), (right, b)):
                if t["value"] not in sides[side] and len(sides[side]) < MAX_NODES:
                    node = _node(t)
                    sides[side][t["value"]] = {**node, "text": _cut(node["text"], 34)}
            if a["value"] in sides[left] and b["value"] in sides[right]:
                pairs.append((a["value"], b["value"]))
    step, width, top = 22, 640, 30
    at = {}
    for side, x in ((left, 250), (right, 390)):
        for i, (iri, node) in enumerate(sides[side].items()):
            node.update({"x": x, "y": top + i * step})
            at[side, iri] = node
    lines = [{"x1": 254, "y1": at[left, a]["y"] - 5, "x2": 386, "y2": at[right, b]["y"] - 5}
             for a, b in dict.fromkeys(pairs)]
    height = top + max(len(sides[left]), len(sides[right]), 1) * step
    return {"kind": "graph", "left": left, "right": right, "width": width, "height": height,
            "nodes_left": list(sides[left].values()), "nodes_right": list(sides[right].values()),
            "lines": lines, "cut": len(pairs) < sum(1 for r in rows if left in r and right in r)}


def _cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` display columns (a CJK character takes two), ending in …."""
    from ..results import display_width

    if display_width(text) <= width:
        return text
    out = ""
    for ch in text:
        if display_width(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


async def download(request: Request) -> Response:
    """``/queries/<name>.csv|.tsv|.srj``: the rows as ``kg query --format`` writes them."""
    from .negotiate import serialize

    ext = request.path_params["ext"]
    fmt, media = DOWNLOADS[ext]
    try:
        canned = _canned(request)
        given = _given(request, canned)
        lang = _lang(request, None)
        if lang and "lang" not in given and any(p.name == "lang" for p in canned.params):
            given["lang"] = lang  # as kg query --lang does
        kg = request.app.state.kg
        answer = await kg.pool.run(Job("canned", canned=canned.name,
                                       params=tuple(given.items()), labels=lang),
                                   request.is_disconnected)
        if answer.kind == "graph" or (answer.kind == "ask" and fmt != "json"):
            raise HttpError(400, f"{'a CONSTRUCT' if answer.kind == 'graph' else 'an ASK'} "
                                 f"query has no .{ext} download")
    except Exception as e:  # noqa: BLE001 - one line, the right status
        return error_response(e, json_client=fmt == "json")
    body = await kg.in_thread(serialize, answer.kind, fmt, answer.items, answer.vars,
                              answer.boolean, answer.truncated)
    headers = {"Content-Disposition":
               f'attachment; filename="{canned.name}.{ext}"'}
    if answer.truncated:
        headers.update({"KG-Truncated": "true", "KG-Row-Cap": str(kg.settings.max_rows)})
    return Response(body, media_type=media, headers=headers)


def download_routes() -> list[Route]:
    """The downloads' routes, one per format (before the page's own ``{name}`` route)."""
    return [Route(f"/queries/{{name}}.{ext}", _with_ext(ext), name=f"query.{ext}")
            for ext in DOWNLOADS]


def _with_ext(ext: str):
    async def endpoint(request: Request) -> Response:
        request.path_params["ext"] = ext
        return await download(request)

    return endpoint
