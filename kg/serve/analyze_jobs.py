"""The reads behind ``/analyze`` and ``/analyze/coverage``, run in the query workers
(registered in :data:`kg.serve.child.EXPLORE`): each takes the open graph, a text and
parameters and returns one plain value, the very analyses ``kg analyze`` writes as JSON.

A worker keeps the :mod:`kg.netx` projection of its store
(:func:`kg.serve.graph_jobs.projection`), so only its first read of the graph pays for it.
"""

from __future__ import annotations

from ..errors import UsageError
from ..namespaces import curie

__all__ = ["ANALYSES", "TOP", "analysis", "coverage_maps"]

ANALYSES = ("brokers", "measures", "communities")
TOP = 20        # rows of each analysis, as kg analyze --top shows by default
SHOWN = 8       # best-linked members named per community (kg.analyze.communities)


def _graph(graph):
    """The whole graph's projection, as ``kg analyze`` with no selection reads it (a copy of
    the worker's projection, :func:`kg.serve.graph_jobs.projection`)."""
    from ..select import SelectionSpec, select
    from .graph_jobs import projection

    return select(graph, SelectionSpec(), projection(graph)).graph


def analysis(graph, text: str, params: dict) -> dict:
    """``kg analyze TEXT -f json`` (``brokers``, ``measures`` or ``communities``) with
    ``readings`` 0 or 1, its first :data:`TOP` rows; plus ``entities``: the zh and en label
    and CURIE of every entity the rows name, and for communities ``shown``: the IRIs of each
    community's best-linked members, in the order of its ``members``."""
    from .. import analyze as A

    if text not in ANALYSES:
        raise UsageError(f"unknown analysis {text!r} (choose one of: {', '.join(ANALYSES)})")
    readings = params.get("readings", "0") == "1"
    multi = _graph(graph)
    result = getattr(A, text)(multi, readings, lang="zh").top(TOP)
    out = result.to_dict()
    named = [r["entity"] for r in result.rows if "entity" in r]
    if text == "communities":
        G = A.undirected(multi, readings)
        out["shown"] = [sorted(r["member_iris"], key=lambda n: (-G.degree(n), n))[:SHOWN]
                        for r in result.rows]
        named = [n for members in out["shown"] for n in members]
    out["entities"] = {n: {"zh": multi.nodes[n].get("zh", n), "en": multi.nodes[n].get("en", n),
                           "curie": curie(n)} for n in named}
    return out


def coverage_maps(graph, text: str, params: dict) -> dict:
    """The coverage analyses and their heat maps (:func:`kg.analyze.heatmap.coverage_maps`)
    of the whole graph."""
    from ..analyze import heatmap

    data = heatmap.coverage_maps(graph, _graph(graph))
    data["report"] = heatmap.report_title(graph)
    return data
