"""Coverage heat maps: the coverage analyses of :mod:`kg.analyze.matrices` as matrices of
counts, and each matrix as an accessible HTML table (the number in every cell, its background
one of eight classes ``h0`` … ``h7`` of a stylesheet, so a page under ``style-src 'self'``
needs no inline style; zero cells hatched; row and column totals; empty rows and columns
marked in the table and listed above it).

Three maps (:func:`coverage_maps`):

- ``demands``: stakeholder demand × program kind: the programs of each kind that answer the
  demand (a row's total is the demand's ``programs`` in ``kg analyze coverage demands``; an
  empty row is a demand no program answers). The programs that answer no demand (the empty
  columns of the demand × program matrix) are listed beside it.
- ``dimensions``: 五位一体 dimension × stakeholder group (``coverage dimensions``).
- ``partners``: partner kind × program kind (``coverage partners``).

:func:`render` draws one map's data (autoescaped Jinja2: every label is text);
:func:`offline_page` is the three maps as one self-contained page that opens from a file.
"""

from __future__ import annotations

import base64
import hashlib
import math
from pathlib import Path

import jinja2
import networkx as nx
from markupsafe import Markup

from ..entity_types import ENTITY_TYPES
from ..namespaces import CSR, curie
from .graph import kind_of
from .matrices import coverage

__all__ = ["BINS", "STYLESHEET", "bin_of", "coverage_maps", "offline_page", "render",
           "report_title", "table"]

BINS = 8   # h0 (zero) and seven shades h1..h7
STYLESHEET = Path(__file__).resolve().parent.parent / "serve" / "static" / "analyze.css"
TIERS = ("must", "should", "may")
PROGRAM_KINDS = "?s a csr:Program ; csr:kind ?c ."


def bin_of(count: int, top: int) -> int:
    """The shade of ``count`` in a map whose largest cell is ``top``: 0 for zero, else 1-7
    by the square root of its share of ``top`` (small counts stay apart from zero).

    >>> [bin_of(c, 57) for c in (0, 1, 2, 14, 57)]
    [0, 1, 2, 4, 7]
    """
    if count <= 0 or top <= 0:
        return 0
    return max(1, min(BINS - 1, math.ceil((BINS - 1) * math.sqrt(count / top))))


def _legend(top: int) -> list[dict]:
    spans: dict[int, list[int]] = {}
    for c in range(1, top + 1):
        spans.setdefault(bin_of(c, top), []).append(c)
    return [{"bin": 0, "lo": 0, "hi": 0}] + [
        {"bin": b, "lo": cs[0], "hi": cs[-1]} for b, cs in sorted(spans.items())]


def table(name: str, title: dict, heads: dict, rows: list[dict], columns: list[dict],
          counts: list[list[int]], empty_text: dict, notes: list[str],
          also: dict | None = None) -> dict:
    """One map as plain data (what :func:`render` draws and a page's JSON twin shows).

    ``rows`` and ``columns``: dicts with ``key``, ``zh``, ``en`` and optionally ``iri`` and
    ``note_zh``/``note_en`` (a prefix such as a demand's group and tier); ``counts[i][j]``
    is the cell of row i and column j. ``heads``: ``row_zh``, ``row_en``, ``col_zh``,
    ``col_en``; ``empty_text``: ``rows`` and ``columns`` (each zh/en) name what an empty
    row or column means; ``also``: an extra list (``zh``, ``en``, ``items``) shown above."""
    top = max((c for r in counts for c in r), default=0)
    col_totals = [sum(r[j] for r in counts) for j in range(len(columns))]
    out_rows = []
    for axis, cells in zip(rows, counts, strict=True):
        total = sum(cells)
        out_rows.append({**_axis(axis), "total": total, "empty": total == 0,
                         "cells": [{"n": c, "bin": bin_of(c, top)} for c in cells]})
    out_cols = [{**_axis(axis), "total": t, "empty": t == 0}
                for axis, t in zip(columns, col_totals, strict=True)]
    return {"name": name, **title, **heads, "rows": out_rows, "columns": out_cols,
            "total": sum(col_totals), "max": top, "legend": _legend(top),
            "empty_rows": [r["key"] for r in out_rows if r["empty"]],
            "empty_columns": [c["key"] for c in out_cols if c["empty"]],
            "empty_text": empty_text, "notes": list(notes), "also": also}


def _axis(a: dict) -> dict:
    return {"key": a["key"], "zh": a["zh"], "en": a["en"], "iri": a.get("iri"),
            "url": a.get("url"), "note_zh": a.get("note_zh", ""),
            "note_en": a.get("note_en", "")}


# --- from the analyses to the three maps -------------------------------------------------

def _labels(store, sparql: str) -> dict[str, dict]:
    return {str(r["k"]): {"zh": str(r.get("zh", r["k"])), "en": str(r.get("en", r["k"]))}
            for r in store.select(sparql)}


def _concepts(store, pattern: str) -> dict[str, dict]:
    """code -> zh/en labels of the concepts ``?c`` that ``pattern`` finds (kinds, tiers,
    dimensions)."""
    return _labels(store, f"""
        SELECT DISTINCT ?k ?zh ?en WHERE {{ {pattern} ?c skos:notation ?k .
          OPTIONAL {{ ?c skos:prefLabel ?zh FILTER(LANG(?zh) = "zh") }}
          OPTIONAL {{ ?c skos:prefLabel ?en FILTER(LANG(?en) = "en") }} }}""")


def _node(multi: nx.MultiDiGraph, iri: str) -> dict:
    data = multi.nodes[iri] if iri in multi else {}
    return {"key": curie(iri), "iri": iri, "url": None, "zh": data.get("zh", iri),
            "en": data.get("en", iri)}


def _program_kinds(store) -> dict[str, str]:
    return {str(r["s"]): str(r["k"]) for r in store.select(
        "SELECT ?s ?k WHERE { ?s a csr:Program ; csr:kind/skos:notation ?k }")}


def _kind_axis(code: str, labels: dict) -> dict:
    names = labels.get(code, {"zh": "未分类", "en": "no kind"} if code == "none"
                       else {"zh": code, "en": code})
    return {"key": code, **names}


def _demands_map(store, multi, demands: dict, programs: dict) -> dict:
    kind = _program_kinds(store)
    kinds = _concepts(store, PROGRAM_KINDS)
    tiers = _concepts(store, "?s csr:tier ?c .")
    rows_in = sorted(demands["rows"], key=lambda r: (
        r["group"], TIERS.index(r["tier"]) if r["tier"] in TIERS else len(TIERS), r["demand"]))
    by_kind: list[dict[str, int]] = [{} for _ in rows_in]
    for cells, r in zip(by_kind, rows_in, strict=True):
        for p in r["program_iris"]:
            k = kind.get(p, "none")
            cells[k] = cells.get(k, 0) + 1
    totals: dict[str, int] = {}
    for cells in by_kind:
        for k, n in cells.items():
            totals[k] = totals.get(k, 0) + n
    codes = sorted(set(kind.values()) | set(totals), key=lambda k: (-totals.get(k, 0), k))
    rows = []
    for r in rows_in:
        group = _node(multi, r["group"]) if r["group"] else {"zh": "", "en": ""}
        tier = tiers.get(r["tier"], {"zh": r["tier"], "en": r["tier"]})
        rows.append({**_node(multi, r["demand"]),
                     "note_zh": f"{group['zh']} · {tier['zh']}",
                     "note_en": f"{group['en']} · {r['tier']}"})
    idle = [_node(multi, r["program"]) for r in programs["rows"] if not r["demands"]]
    return table(
        "demands", {"zh": "利益相关方诉求 × 项目类型", "en": "Stakeholder demand × program kind"},
        {"row_zh": "诉求", "row_en": "demand", "col_zh": "项目类型", "col_en": "program kind"},
        rows, [_kind_axis(k, kinds) for k in codes],
        [[cells.get(k, 0) for k in codes] for cells in by_kind],
        {"rows": {"zh": "无项目回应的诉求", "en": "Demands no program answers"},
         "columns": {"zh": "无项目回应任何诉求的项目类型",
                     "en": "Program kinds whose programs answer no demand"}},
        demands["notes"] + programs["notes"] + [
            "cells: programs of the kind that answer the demand (csr:answersDemand, the "
            "curator's reading); a row's total is the demand's programs"],
        {"zh": "不回应任何诉求的项目", "en": "Programs that answer no demand", "items": idle})


def _dimensions_map(store, multi, dimensions: dict) -> dict:
    names = _concepts(store, "?s csr:dimension ?c .")
    groups = {g.rsplit("/", 1)[-1]: g for g, t in multi.nodes(data="type")
              if t == "stakeholder"}
    cols = [c for c in dimensions["columns"] if c in groups]
    none = ", ".join(f"{r['dimension']} {r['no_group']}" for r in dimensions["rows"])
    return table(
        "dimensions", {"zh": "五位一体维度 × 利益相关方", "en": "Dimension × stakeholder group"},
        {"row_zh": "维度", "row_en": "dimension", "col_zh": "利益相关方", "col_en":
         "stakeholder group"},
        [{"key": r["dimension"], **names.get(r["dimension"], {"zh": r["dimension"],
                                                              "en": r["dimension"]}),
          "note_zh": f"{r['programs']} 个项目", "note_en": f"{r['programs']} programs"}
         for r in dimensions["rows"]],
        [_node(multi, groups[c]) for c in cols],
        [[r[c] for c in cols] for r in dimensions["rows"]],
        {"rows": {"zh": "不涉及任何利益相关方的维度", "en": "Dimensions that reach no group"},
         "columns": {"zh": "任何维度都未涉及的利益相关方",
                     "en": "Groups no dimension reaches"}},
        dimensions["notes"] + [f"programs that reach no group: {none}",
                               "a program may reach several groups, so a row's total can "
                               "exceed its programs"])


def _partner_kinds(store, multi) -> dict[str, dict]:
    """kind (kg.analyze.graph.kind_of) -> zh/en labels of its class."""
    classes = {}
    for _, data in multi.nodes(data=True):
        if "type" not in data:
            continue
        cls = (getattr(CSR, data["cls"].split(":", 1)[-1]) if data["type"] == "organization"
               else ENTITY_TYPES.get(data["type"]))
        if cls is not None:
            classes.setdefault(kind_of(data), str(cls))
    if not classes:
        return {}
    values = " ".join(f"<{c}>" for c in sorted(set(classes.values())))
    labels = _labels(store, f"""
        SELECT ?k ?zh ?en WHERE {{ VALUES ?k {{ {values} }}
          OPTIONAL {{ ?k rdfs:label ?zh FILTER(LANG(?zh) = "zh") }}
          OPTIONAL {{ ?k rdfs:label ?en FILTER(LANG(?en) = "en") }} }}""")
    return {k: labels.get(c, {"zh": k, "en": k}) for k, c in classes.items()}


def _partners_map(store, multi, partners: dict) -> dict:
    kinds = _concepts(store, PROGRAM_KINDS)
    partner_kinds = _partner_kinds(store, multi)
    cols = partners["columns"][2:]
    return table(
        "partners", {"zh": "合作方类型 × 项目类型", "en": "Partner kind × program kind"},
        {"row_zh": "合作方类型", "row_en": "partner kind", "col_zh": "项目类型",
         "col_en": "program kind"},
        [{"key": r["partner_kind"], **partner_kinds.get(
            r["partner_kind"], {"zh": r["partner_kind"], "en": r["partner_kind"]})}
         for r in partners["rows"]],
        [_kind_axis(k, kinds) for k in cols],
        [[r[c] for c in cols] for r in partners["rows"]],
        {"rows": {"zh": "没有合作的合作方类型", "en": "Partner kinds with no partnership"},
         "columns": {"zh": "没有合作方的项目类型", "en": "Program kinds with no partner"}},
        partners["notes"])


def coverage_maps(store, multi: nx.MultiDiGraph, readings: bool = True) -> dict:
    """The four coverage analyses (as ``kg analyze coverage WHICH -f json --top 0`` writes
    them, Chinese labels) and the three maps drawn from them. They read the curator's
    readings: ``readings=False`` is a UsageError, as for ``kg analyze coverage``."""
    analyses = {which: coverage(store, multi, which, readings).to_dict()
                for which in ("demands", "programs", "dimensions", "partners")}
    maps = [_demands_map(store, multi, analyses["demands"], analyses["programs"]),
            _dimensions_map(store, multi, analyses["dimensions"]),
            _partners_map(store, multi, analyses["partners"])]
    return {"readings": True, "analyses": analyses, "maps": maps}


# --- HTML ---------------------------------------------------------------------------------

MACRO = """
{%- macro label(a) -%}
{%- if a.url %}<a href="{{ a.url }}">{% endif %}<span lang="zh">{{ a.zh }}</span>
{%- if a.url %}</a>{% endif %} <span class="en" lang="en">{{ a.en }}</span>
{%- endmacro -%}
{%- macro note(a) -%}
{%- if a.note_zh %}<small>{{ a.note_zh }} <span lang="en">{{ a.note_en }}</span></small> {% endif %}
{%- endmacro -%}
{%- macro heatmap(t) -%}
<section class="map" id="map-{{ t.name }}" aria-labelledby="title-{{ t.name }}">
<h2 id="title-{{ t.name }}">{{ t.zh }} <span class="en" lang="en">{{ t.en }}</span></h2>
<div class="gaps">
<p><strong>{{ t.empty_text.rows.zh }} <span lang="en">{{ t.empty_text.rows.en }}</span>
({{ t.empty_rows | length }})</strong>{% if not t.empty_rows %}: 无 none{% endif %}</p>
{% if t.empty_rows %}<ul class="empty-rows">
{% for r in t.rows if r.empty %}<li>{{ note(r) }}{{ label(r) }}</li>
{% endfor %}</ul>{% endif %}
<p><strong>{{ t.empty_text.columns.zh }} <span lang="en">{{ t.empty_text.columns.en }}</span>
({{ t.empty_columns | length }})</strong>{% if not t.empty_columns %}: 无 none{% endif %}</p>
{% if t.empty_columns %}<ul class="empty-columns">
{% for c in t.columns if c.empty %}<li>{{ label(c) }}</li>
{% endfor %}</ul>{% endif %}
{% if t.also %}<details class="also">
<summary>{{ t.also.zh }} <span lang="en">{{ t.also.en }}</span> ({{ t.also["items"] | length }})
</summary>
<ul>{% for a in t.also["items"] %}<li>{{ label(a) }}</li>{% endfor %}</ul></details>{% endif %}
</div>
{% for n in t.notes %}<p class="note">{{ n }}</p>
{% endfor %}
<p class="legend">色阶 scale:
{% for b in t.legend %}<span class="h{{ b.bin }}">
{%- if b.lo == b.hi %}{{ b.lo }}{% else %}{{ b.lo }}–{{ b.hi }}{% endif %}</span>
{% endfor -%}
</p>
<div class="heatmap-box" role="region" aria-labelledby="title-{{ t.name }}" tabindex="0">
<table class="heatmap">
<caption>{{ t.zh }} · {{ t.en }}: {{ t.total }}</caption>
<thead><tr><th scope="col" class="corner">{{ t.row_zh }} <span class="en" lang="en">
{{- t.row_en }}</span> \\ {{ t.col_zh }} <span class="en" lang="en">{{ t.col_en }}</span></th>
{% for c in t.columns %}<th scope="col"{% if c.empty %} class="empty"{% endif %}>
{{- label(c) }}</th>{% endfor %}
<th scope="col" class="total">合计 <span class="en" lang="en">total</span></th></tr></thead>
<tbody>
{% for r in t.rows %}<tr{% if r.empty %} class="empty"{% endif %}><th scope="row">
{{- note(r) }}{{ label(r) }}{% if r.empty %} <span class="flag">无 none</span>{% endif %}</th>
{% for c in r.cells %}<td class="h{{ c.bin }}">{{ c.n }}</td>{% endfor %}
<td class="total">{{ r.total }}</td></tr>
{% endfor %}</tbody>
<tfoot><tr><th scope="row">合计 <span class="en" lang="en">total</span></th>
{% for c in t.columns %}<td class="total">{{ c.total }}</td>{% endfor %}
<td class="total">{{ t.total }}</td></tr></tfoot>
</table>
</div>
</section>
{%- endmacro -%}
"""

PAGE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>覆盖热力图 Coverage heat maps · {{ report }}</title>
<style>{{ css }}</style>
</head>
<body>
<main>
<h1>覆盖热力图 <span class="en" lang="en">Coverage heat maps</span></h1>
<p>{{ report }}{% if selection %} · {{ selection }}{% endif %}</p>
{% for t in maps %}{{ heatmap(t) }}
{% endfor %}
</main>
</body>
</html>
"""

BASE_CSS = """
body { font-family: system-ui, "Noto Sans CJK SC", sans-serif; margin: 0 auto;
       max-width: 72rem; padding: 0 1rem; color: #222; }
"""


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.globals["heatmap"] = env.from_string(MACRO).module.heatmap
    return env


_ENV = _environment()


def render(t: dict) -> Markup:
    """One map (a :func:`table`) as HTML: a ``<section>`` with its gaps listed, its notes,
    a legend and the table in a box that scrolls on its own on a narrow screen."""
    return Markup(_ENV.globals["heatmap"](t))


def report_title(store) -> str:
    """The report's names, zh and en, as a page says which report it shows."""
    rows = store.select("""
        SELECT ?zh ?en WHERE { ?r a csr:Report ; rdfs:label ?zh , ?en
          FILTER(LANG(?zh) = "zh" && LANG(?en) = "en") } ORDER BY ?r""")
    return " / ".join(f"{r['zh']} · {r['en']}" for r in rows)


def offline_page(store, multi: nx.MultiDiGraph, selection: str = "the whole graph",
                 readings: bool = True) -> str:
    """The three maps of ``multi`` on one page that opens from a file: the stylesheet
    inlined and allowed by its hash alone (``default-src 'none'``), no script, no link."""
    css = BASE_CSS + STYLESHEET.read_text(encoding="utf-8")
    if "</" in css:
        raise ValueError(f"{STYLESHEET} must not contain '</'")
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    csp = f"default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    maps = coverage_maps(store, multi, readings)["maps"]
    return _ENV.from_string(PAGE).render(maps=maps, css=Markup(css), csp=csp,
                                         report=report_title(store), selection=selection)
