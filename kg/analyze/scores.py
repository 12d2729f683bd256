"""The scores a page or an export is sized and coloured by (``kg view --size-by betweenness
--color-by community``): read from the saved analytics graph (:mod:`kg.analyze.rdf`) when it
holds that measure for the same selection, else computed on the spot for the selection.

:func:`scores_for` gives one measure's values; :func:`styled` turns them into the looks
(:mod:`kg.look`) and the legend of a page. ``kg serve``'s /view passes its ``size_by`` and
``color_by`` parameters through :func:`kg.render.page` to here.

>>> scores_for(store, select(store, SelectionSpec()), "betweenness").source  # doctest: +SKIP
'computed'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..errors import UsageError
from ..look import NO_SCORE, OTHER, PALETTE, ROLE_COLOURS, ramp, score_size, scaled
from .rdf import MEASURES, Measure, main_role, saved_entities, saved_run, saved_values

__all__ = ["Scores", "Styled", "check", "measure", "measure_names", "scores_for", "scores_many",
           "styled"]


@dataclass
class Scores:
    """One measure over a selection: ``values`` (entity IRI -> value; None where it is
    undefined), ``source`` (``saved`` or ``computed``) and ``note`` (one line saying which)."""

    measure: Measure
    values: dict[str, object]
    source: str
    note: str


def measure_names() -> str:
    return ", ".join(MEASURES)


def measure(name: str) -> Measure:
    """The measure called ``name`` (``effective-size`` reads as ``effective_size``); a
    UsageError listing the valid ones otherwise."""
    m = MEASURES.get(str(name).strip().replace("-", "_"))
    if m is None:
        raise UsageError(f"unknown measure {name!r} (choose one of: {measure_names()})")
    return m


def check(size_by: str | None, color_by: str | None) -> None:
    """A UsageError for an unknown measure, or a size by a category (a size needs a
    number), before any work is done."""
    if color_by:
        measure(color_by)
    if size_by and measure(size_by).kind != "numeric":
        numeric = ", ".join(m.name for m in MEASURES.values() if m.kind == "numeric")
        raise UsageError(f"--size-by needs a number, and {size_by} is a category "
                         f"(choose one of: {numeric})")


def _computed(selection, analysis: str, readings: bool) -> dict[str, dict[str, object]]:
    """measure name -> entity -> value, for every measure ``analysis`` gives."""
    from .brokering import brokers
    from .structure import measures

    graph = selection.graph
    if analysis == "measures":
        rows = measures(graph, readings).rows
        return {m.name: {r["entity"]: r[m.name] for r in rows}
                for m in MEASURES.values() if m.analysis == "measures"}
    rows = {r["entity"]: r for r in brokers(graph, readings).rows}
    return {"brokerage": {n: rows[n]["total"] if n in rows else 0 for n in graph},
            "brokerage_role": {n: main_role(rows[n]) if n in rows else None for n in graph}}


def _saved(store, selection, readings: bool) -> tuple[dict | None, str]:
    """The saved run if its scores are those of this selection and readings, and why not."""
    run = saved_run(store)
    if run is None:
        return None, "no analytics saved"
    if run["readings"] != readings or saved_entities(store) != set(selection.nodes):
        return None, (f"the saved analytics ({run['started']}) are of another selection "
                      f"({run['selection']}) or readings")
    return run, ""


def scores_many(store, selection, names, readings: bool = False) -> dict[str, Scores]:
    """:class:`Scores` of each measure in ``names`` for ``selection`` (a
    :class:`kg.select.Selection`), each analysis run at most once."""
    wanted = [measure(n) for n in names]
    run, why = _saved(store, selection, readings)
    held = _held(store) if run is not None else set()
    out: dict[str, Scores] = {}
    computed: dict[str, dict] = {}
    for m in wanted:
        if m.name in held:
            values = saved_values(store, m)
            out[m.name] = Scores(m, {n: values.get(n) for n in selection.nodes}, "saved",
                                 f"{m.name}: from the saved analytics graph "
                                 f"(run of {run['started']})")
            continue
        reason = why or f"the saved analytics ({run['started']}) hold no {m.name}"
        if m.analysis not in computed:
            computed[m.analysis] = _computed(selection, m.analysis, readings)
        out[m.name] = Scores(m, computed[m.analysis][m.name], "computed",
                             f"{m.name}: computed for this selection ({reason}; "
                             f"{'with' if readings else 'without'} the curator's readings)")
    return out


# a measure a run gives may have no value at all (no entity brokers, every entity is alone):
# the run still holds it when it holds the measure saved beside it
_BESIDE = {"constraint": "degree", "effective_size": "degree", "brokerage_role": "brokerage"}


def _held(store) -> set[str]:
    """The measures the saved run holds."""
    terms = {str(m.term): m.name for m in MEASURES.values()}
    rows = store.select("SELECT DISTINCT ?p WHERE { GRAPH graph:analytics { ?e ?p ?v } }")
    found = {terms[p] for p in rows.values("p") if p in terms}
    return found | {m for m, beside in _BESIDE.items() if beside in found}


def scores_for(store, selection, name: str, readings: bool = False) -> Scores:
    """One measure's :class:`Scores` for ``selection``: saved or computed on the spot."""
    return scores_many(store, selection, [name], readings)[name]


@dataclass
class Styled:
    """Looks resized and recoloured by scores, with what the page's legend says of them."""

    look: dict
    legend: dict
    scores: dict[str, Scores] = field(default_factory=dict)

    def node_data(self, node: str) -> dict:
        """The scores of one node, for the page's data (``scores``: name -> value)."""
        return {"scores": {name: s.values.get(node) for name, s in self.scores.items()}}


def _source(s: Scores) -> tuple[str, str]:
    if s.source == "saved":
        return "已保存的分析", "saved analytics"
    return "本选择现算", "computed for this selection"


def _categories(s: Scores, graph, nodes) -> tuple[dict[str, str], list[dict]]:
    """Colour per node and legend items of a categorical measure."""
    values = {n: s.values.get(n) for n in nodes}
    counts = Counter(v for v in values.values() if v is not None)
    if s.measure.name == "brokerage_role":
        order = [r for r in ROLE_COLOURS if r in counts]
        colour_of = {r: ROLE_COLOURS[r] for r in order}
    else:
        order = sorted(counts, key=lambda v: (-counts[v], v))
        colour_of = {v: PALETTE[i] for i, v in enumerate(order[:len(PALETTE)])}
    items = []
    for v in order[:len(PALETTE)]:
        zh, en = _category_name(s.measure.name, v, values, graph)
        items.append({"value": v, "zh": zh, "en": en, "color": colour_of[v],
                      "count": counts[v]})
    rest = sum(counts[v] for v in order[len(PALETTE):])
    if rest:
        items.append({"value": None, "zh": f"其他 ({rest})", "en": f"others ({rest})",
                      "color": OTHER, "count": rest})
    unscored = sum(1 for v in values.values() if v is None)
    if unscored:
        items.append({"value": None, "zh": f"无 ({unscored})", "en": f"none ({unscored})",
                      "color": NO_SCORE, "count": unscored})
    colours = {n: NO_SCORE if v is None else colour_of.get(v, OTHER) for n, v in values.items()}
    return colours, items


def _category_name(name: str, value, values: dict, graph) -> tuple[str, str]:
    n = sum(1 for v in values.values() if v == value)
    if name == "community":
        members = [m for m, v in values.items() if v == value]
        best = max(members, key=lambda m: (graph.degree(m), m)) if members else None
        zh = graph.nodes[best].get("zh") or best if best else ""
        en = graph.nodes[best].get("en") or zh if best else ""
        return f"社群 {value}：{zh}… ({n})", f"community {value}: {en}… ({n})"
    if name == "articulation":
        zh, en = ("割点", "articulation point") if value else ("非割点", "not one")
        return f"{zh} ({n})", f"{en} ({n})"
    return f"{value} ({n})", f"{value} ({n})"


def _ramp_items(s: Scores, nodes) -> tuple[dict[str, str], list[dict]]:
    fractions = scaled({n: s.values.get(n) for n in nodes})
    known = [v for v in (s.values.get(n) for n in nodes) if v is not None]
    colours = {n: NO_SCORE if f is None else ramp(f) for n, f in fractions.items()}
    items = []
    if known:
        lo, hi = min(known), max(known)
        for i in range(5):
            value = lo + (hi - lo) * i / 4
            text = f"{value:.4g}"
            items.append({"value": value, "zh": text, "en": text, "color": ramp(i / 4),
                          "count": None})
    return colours, items


def styled(store, selection, look: dict, size_by: str | None, color_by: str | None,
           readings: bool = False, say: Callable[[str], None] | None = None) -> Styled:
    """``look`` (entity -> :class:`kg.look.Look`, as :func:`kg.look.look_of` gives it for the
    page) with sizes from ``size_by`` (numeric: scaled as degree is) and colours from
    ``color_by`` (categorical: a fixed palette; numeric: a sequential ramp). Entities
    without a score (the frontier, an isolate's constraint) take the least size and a pale
    grey. ``say`` gets one line per measure telling whether it was saved or computed."""
    check(size_by, color_by)
    wanted = [n for n in (size_by, color_by) if n]
    scores = scores_many(store, selection, list(dict.fromkeys(measure(n).name
                                                             for n in wanted)), readings)
    for s in scores.values():
        if say:
            say(s.note)
    graph = selection.projection.subgraph(look).to_undirected(as_view=True)
    nodes = list(look)
    legend: dict = {}
    new = dict(look)
    if size_by:
        s = scores[measure(size_by).name]
        fractions = scaled({n: s.values.get(n) for n in nodes})
        new = {n: replace(at, size=score_size(fractions[n] or 0.0)) for n, at in new.items()}
        known = [v for v in s.values.values() if v is not None]
        span = f"{min(known):.4g}–{max(known):.4g}" if known else "—"
        zh, en = _source(s)
        legend["size"] = {"measure": s.measure.name, "source": s.source,
                          "zh": f"大小：{s.measure.zh}（{span}；{zh}）",
                          "en": f"Size: {s.measure.en} ({span}; {en})"}
    if color_by:
        s = scores[measure(color_by).name]
        colours, items = (_categories(s, graph, nodes) if s.measure.kind == "categorical"
                          else _ramp_items(s, nodes))
        new = {n: replace(at, colour=colours[n]) for n, at in new.items()}
        zh, en = _source(s)
        legend["color"] = {"measure": s.measure.name, "source": s.source, "items": items,
                           "zh": f"颜色：{s.measure.zh}（{zh}）",
                           "en": f"Colour: {s.measure.en} ({en})"}
    return Styled(new, legend, scores)
