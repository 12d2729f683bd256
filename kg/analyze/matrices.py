"""Coverage matrices: which stakeholder demands the programs answer, which dimensions reach
which stakeholder groups, which kinds of partner work on which kinds of program.

``demands`` and ``programs`` read ``csr:answersDemand``, ``dimensions`` reads
``csr:dimension`` and ``csr:concernsStakeholder``: all three are the curator's readings, so
they have no form without them. ``partners`` reads the report's own partnerships.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

from ..errors import UsageError
from .graph import kind_of
from .result import Analysis

__all__ = ["COVERAGES", "coverage", "demand_programs"]

COVERAGES = {
    "demands": "each stakeholder demand and the programs that answer it (unanswered first)",
    "programs": "each program and the demands it answers (those answering none first)",
    "dimensions": "五位一体 dimension × stakeholder group: programs of the dimension for the group",
    "partners": "partner kind × program kind: partnerships",
}
READINGS_NEEDED = ("demands", "programs", "dimensions")


def _codes(store, sparql: str) -> dict[str, str]:
    return {str(r["s"]): str(r["code"]) for r in store.select(sparql)}


def _edges(multi: nx.MultiDiGraph, rel: str):
    return sorted({(a, b) for a, b, r in multi.edges(data="rel") if r == rel})


def demand_programs(multi: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Every demand of ``multi`` → the programs that answer it (possibly none)."""
    out = {n: set() for n, t in multi.nodes(data="type") if t == "demand"}
    for program, demand in _edges(multi, "csr:answersDemand"):
        if demand in out and multi.nodes[program].get("type") == "program":
            out[demand].add(program)
    return out


def _group_of_demand(multi: nx.MultiDiGraph) -> dict[str, str]:
    return {d: g for g, d in _edges(multi, "csr:hasDemand")}


def _label(multi, n, lang):
    return multi.nodes[n].get(lang, n) if n in multi else n


def _demands(store, multi, lang, shown) -> Analysis:
    tiers = _codes(store, "SELECT ?s ?code WHERE { ?s csr:tier/skos:notation ?code }")
    group = _group_of_demand(multi)
    rows = []
    for demand, programs in demand_programs(multi).items():
        names = sorted(_label(multi, p, lang) for p in programs)
        rows.append({"group": group.get(demand, ""),
                     "group_label": _label(multi, group[demand], lang) if demand in group
                     else "", "tier": tiers.get(demand, ""), "demand": demand,
                     "label": _label(multi, demand, lang), "programs": len(programs),
                     "examples": ", ".join(names[:shown]), "program_iris": sorted(programs)})
    rows.sort(key=lambda r: (r["programs"], r["group"], r["demand"]))
    none = [r for r in rows if not r["programs"]]
    notes = [f"{len(none)} of {len(rows)} demands answered by no program"
             + (": " + "; ".join(f"{r['group_label']} ({r['tier']}): {r['label']}"
                                 for r in none) if none else "")]
    return Analysis("coverage-demands", ["group", "group_label", "tier", "demand", "label",
                                         "programs", "examples"], rows, notes)


def _programs(multi, lang) -> Analysis:
    group = _group_of_demand(multi)
    answered = defaultdict(set)
    for program, demand in _edges(multi, "csr:answersDemand"):
        answered[program].add(demand)
    rows = []
    for p, t in multi.nodes(data="type"):
        if t != "program":
            continue
        groups = sorted({_label(multi, group[d], lang) for d in answered[p] if d in group})
        rows.append({"program": p, "label": _label(multi, p, lang),
                     "demands": len(answered[p]), "groups": ", ".join(groups)})
    rows.sort(key=lambda r: (r["demands"], r["program"]))
    none = sum(1 for r in rows if not r["demands"])
    return Analysis("coverage-programs", ["program", "label", "demands", "groups"], rows,
                    [f"{none} of {len(rows)} programs answer no stakeholder demand"])


def _dimensions(store, multi, lang) -> Analysis:
    dims = defaultdict(set)
    for r in store.select("SELECT ?s ?code WHERE { ?s csr:dimension/skos:notation ?code }"):
        if str(r["s"]) in multi:
            dims[str(r["code"])].add(str(r["s"]))
    group = _group_of_demand(multi)
    reaches = defaultdict(set)  # program -> groups it concerns or answers a demand of
    for p, g in _edges(multi, "csr:concernsStakeholder"):
        reaches[p].add(g)
    for p, d in _edges(multi, "csr:answersDemand"):
        if d in group:
            reaches[p].add(group[d])
    groups = sorted(n for n, t in multi.nodes(data="type") if t == "stakeholder")
    columns = {g: g.rsplit("/", 1)[-1] for g in groups}
    rows = []
    for dim in sorted(dims, key=lambda d: (-len(dims[d]), d)):
        programs = dims[dim]
        row = {"dimension": dim, "programs": len(programs)}
        for g, col in columns.items():
            row[col] = sum(1 for p in programs if g in reaches[p])
        row["no_group"] = sum(1 for p in programs if not reaches[p])
        rows.append(row)
    empty = [(r["dimension"], c) for r in rows for c in columns.values() if not r[c]]
    notes = [("cells: programs of the dimension that concern the group or answer one of its "
              "demands (curator's readings)"),
             f"{len(empty)} empty cells" + (": " + ", ".join(f"{d}×{c}" for d, c in empty)
                                             if empty else "")]
    return Analysis("coverage-dimensions", ["dimension", "programs", *columns.values(),
                                            "no_group"], rows, notes)


def _partners(store, multi, readings) -> Analysis:
    kind = _codes(store, "SELECT ?s ?code WHERE { ?s a csr:Program ; "
                         "csr:kind/skos:notation ?code }")
    pairs = Counter()
    for program, partner in _edges(multi, "csr:partner"):
        if multi.nodes[program].get("type") == "program":
            pairs[(kind_of(multi.nodes[partner]), kind.get(program, "none"))] += 1
    program_kinds = sorted({k for _, k in pairs}, key=lambda k: (-sum(
        v for (_, pk), v in pairs.items() if pk == k), k))
    partner_kinds = sorted({k for k, _ in pairs}, key=lambda k: (-sum(
        v for (pk, _), v in pairs.items() if pk == k), k))
    rows = [{"partner_kind": pk, "partnerships": sum(pairs[(pk, k)] for k in program_kinds),
             **{k: pairs[(pk, k)] for k in program_kinds}} for pk in partner_kinds]
    notes = [("cells: (program, partner) pairs of the report's partnerships, by the "
              "partner's kind (organization class or entity type) and the program's kind")]
    return Analysis("coverage-partners", ["partner_kind", "partnerships", *program_kinds],
                    rows, notes)


def coverage(store, multi: nx.MultiDiGraph, which: str = "demands", readings: bool = True,
             lang: str = "zh", shown: int = 5) -> Analysis:
    """One coverage matrix of ``which`` (see :data:`COVERAGES`) over the entities of
    ``multi`` (a projection or a selection's graph); ``store`` gives the kinds, tiers and
    dimensions, which are scheme concepts and not nodes."""
    if which not in COVERAGES:
        raise UsageError(f"unknown coverage {which!r} (choose one of: {', '.join(COVERAGES)})")
    if which in READINGS_NEEDED and not readings:
        raise UsageError(f"coverage of {which} is the curator's reading (csr:answersDemand, "
                         "csr:concernsStakeholder, csr:dimension); it has no --no-readings "
                         "form")
    if which == "demands":
        result = _demands(store, multi, lang, shown)
    elif which == "programs":
        result = _programs(multi, lang)
    elif which == "dimensions":
        result = _dimensions(store, multi, lang)
    else:
        result = _partners(store, multi, readings)
    result.parameters = {"coverage": which, "readings": readings}
    return result
