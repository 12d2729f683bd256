"""The worker side of ``kg serve``'s graph pages: ``/view`` (the page of ``kg view``) and
``/path`` (the chains of ``kg path``), as :data:`kg.serve.child.EXPLORE` jobs.

Each job takes the open store, a text (unused) and the request's parameters as strings, and
returns one plain value. A name that matches no entity comes back as ``{"missing": message}``
(the page answers 404); any other misuse raises :class:`kg.errors.UsageError` (400).
"""

from __future__ import annotations

from ..errors import UsageError

__all__ = ["GRAPH_JOBS", "find_paths", "path_job", "projection", "view_job"]

MAX_HOPS = 6          # --hops of kg view
MAX_PATH_HOPS = 8     # --max-hops of kg path
PATH_LIMIT = 50       # chains listed (kg path --limit)


_projections: dict[int, object] = {}


def projection(store):
    """The store's :mod:`kg.netx` projection, built once per worker (the store does not
    change while the server runs): /view, /path and /analyze all read it."""
    key = id(store)
    if key not in _projections:
        from ..netx import project

        _projections.clear()
        _projections[key] = project(store)
    return _projections[key]


def _whole(text: str, name: str, low: int, high: int) -> int:
    """A parameter that is a whole number from ``low`` to ``high``."""
    if not text.strip().isdigit() or not low <= int(text) <= high:
        raise UsageError(f"{name} is a whole number from {low} to {high}, not {text!r}")
    return int(text)


def _missing(store, names) -> str | None:
    """The error of the first name that resolves to no entity, or None."""
    from ..errors import QueryError
    from ..search import resolve

    for name in names:
        if name:
            try:
                resolve(store, name)
            except UsageError as e:
                return str(e)
            except QueryError:  # <text> that is no IRI: resolve's lookup fails to parse
                return f"no entity {name!r} in the graph"
    return None


def _spec(params: dict):
    from ..select import SelectionSpec

    hops = params.get("hops")
    ends = (params.get("from"), params.get("to"))
    if any(ends) and not all(ends):
        raise UsageError("from and to go together: give both ends of the path")
    return SelectionSpec(
        around=params.get("around") or None,
        hops=None if hops in (None, "") else _whole(hops, "hops", 0, MAX_HOPS),
        types=tuple(t for t in params.get("type", "").split(",") if t),
        leave_out=tuple(t for t in params.get("leave_out", "").split(",") if t),
        dimension=params.get("dimension") or None,
        stakeholder=params.get("stakeholder") or None,
        section=params.get("section") or None,
        path=ends if all(ends) else None)


def view_job(store, text: str, params: dict) -> dict:
    """``kg view`` as data: ``html`` (the page, exactly as :func:`kg.render.page` writes it),
    ``csp`` (its policy, :func:`kg.render.policy`) and ``summary`` (its nodes, their
    relations and the selection in words)."""
    from ..analyze.scores import check
    from ..namespaces import curie
    from ..netx import edge_label
    from ..render import _describe_zh, page, policy  # the page's own Chinese wording
    from ..select import select

    lang = params.get("lang", "zh")
    if lang not in ("zh", "en"):
        raise UsageError(f"lang is zh or en, not {lang!r}")
    size_by, color_by = params.get("size_by") or None, params.get("color_by") or None
    check(size_by, color_by)  # an unknown measure: one line naming the valid ones
    spec = _spec(params)
    missing = _missing(store, (spec.around, *(spec.path or ()), spec.stakeholder))
    if missing:
        return {"missing": missing}
    selection = select(store, spec, projection(store))
    html, csp = page(store, selection, lang, size_by, color_by), policy()
    graph = selection.graph
    nodes = [{"iri": n, "curie": curie(n), "zh": a["zh"], "en": a["en"], "type": a["type"]}
             for n, a in sorted(graph.nodes(data=True))]
    edges = [{"from": u, "to": v, "rel": e["rel"], "zh": edge_label(e, "zh"),
              "en": edge_label(e, "en"), "reading": bool(e.get("reading"))}
             for u, v, e in sorted(graph.edges(data=True),
                                   key=lambda t: (t[0], t[1], t[2]["rel"],
                                                  t[2].get("role", "")))]
    return {"html": html, "csp": csp, "summary": {
        "selection": {"zh": _describe_zh(spec), "en": spec.describe()},
        "nodes": nodes, "edges": edges, "frontier": len(selection.frontier)}}


def find_paths(graph, a: str, b: str, max_hops: int, all_paths: bool, readings: bool,
               plain: bool = False, avoid: tuple[str, ...] = (), via: str | None = None):
    """The chains between ``a`` and ``b`` (IRIs) in the projection ``graph``, as ``kg path``
    finds them: cheapest first, each hub a chain passes through adding to its cost
    (:func:`kg.path_rank.informative_paths`); ``plain``: every shortest chain
    (:func:`kg.netx.paths`, ``kg path --plain``)."""
    if plain:
        if avoid or via:
            raise UsageError("avoid and via rank chains: they do not go with plain")
        from ..netx import paths

        return paths(graph, a, b, max_hops=max_hops, all_paths=all_paths, readings=readings)
    from ..path_rank import informative_paths

    return informative_paths(graph, a, b, max_hops=max_hops, readings=readings, avoid=avoid,
                             via=via, all_paths=all_paths)


def path_job(store, text: str, params: dict) -> dict:
    """``kg path`` as data: both ends resolved, ``total`` chains found and the first
    ``limit`` as :meth:`kg.netx.Path.to_dict` gives them (``kg path -f json``)."""
    from ..namespaces import curie
    from ..search import resolve

    ends = (params.get("from", ""), params.get("to", ""))
    avoid = tuple(x for x in params.get("avoid", "").split("\n") if x.strip())
    via = params.get("via", "").strip() or None
    missing = _missing(store, (*ends, *avoid, via))
    if missing:
        return {"missing": missing}
    max_hops = _whole(params.get("max_hops", "4"), "max_hops", 0, MAX_PATH_HOPS)
    limit = _whole(params.get("limit", str(PATH_LIMIT)), "limit", 1, 1000)
    a, b = (str(resolve(store, x)) for x in ends)
    graph = projection(store)
    found = find_paths(graph, a, b, max_hops, params.get("all") == "1",
                       params.get("readings") != "0", plain=params.get("plain") == "1",
                       avoid=tuple(str(resolve(store, x)) for x in avoid),
                       via=str(resolve(store, via)) if via else None)
    node = graph.nodes
    return {"ends": [{"iri": x, "curie": curie(x), "zh": node[x]["zh"] if x in node else "",
                      "en": node[x]["en"] if x in node else ""} for x in (a, b)],
            "total": len(found), "paths": [p.to_dict() for p in found[:limit]]}


# kind -> fn(store, text, params) -> one plain value (merged into kg.serve.child.EXPLORE)
GRAPH_JOBS = {"view": view_job, "path": path_job}
