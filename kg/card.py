"""The entity card: everything the graph says about one entity, in both languages, with the
report sections and pages it comes from.

>>> from kg.store import open_store
>>> c = card(open_store(), "https://w3id.org/csr-kg/id/program/weicun")   # doctest: +SKIP
>>> print(render(c, "zh"))                                                # doctest: +SKIP
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field

from rdflib import Literal, URIRef

from .namespaces import curie
from .store import Store

__all__ = ["Card", "Demand", "Figure", "Link", "Source", "card", "cards", "render", "to_json"]

# Shown in their own part of the card, or not at all, rather than as plain relations (except
# that a section's card lists what cites it as a source).
_OWN_PARTS = ["rdf:type", "rdfs:label", "skos:altLabel", "skos:hiddenLabel", "skos:prefLabel",
              "dcterms:description", "dcterms:source", "csr:partnershipIn", "csr:partner",
              "csr:observedEntity", "csr:hasDemand"]
# A program's card also shows the partners and figures of its parts and editions: the programs
# and events dcterms:isPartOf it, at any depth, each marked with the part (``via``).
_PARTS = """?x a csr:Program . ?via dcterms:isPartOf+ ?x .
  { ?via a csr:Program } UNION { ?via a csr:Event }
  OPTIONAL { ?via rdfs:label ?viaZh FILTER(LANG(?viaZh) = "zh") }
  OPTIONAL { ?via rdfs:label ?viaEn FILTER(LANG(?viaEn) = "en") }"""
_TIERS = ["must", "should", "may"]
_PER_GROUP = 40  # items listed per relation group; the rest are counted


@dataclass
class Link:
    """One relation to another node: ``direction`` is "out" (this -> other) or "in"."""

    rel: str
    rel_zh: str
    rel_en: str
    direction: str
    other: str
    zh: str
    en: str
    reading: bool = False      # a curator's reading, not a statement of the report
    detail_zh: str = ""        # the role in a partnership
    detail_en: str = ""
    note_zh: str = ""          # the curator's note on a partnership
    note_en: str = ""
    via: str = ""              # the part or edition a rolled-up partnership is about
    via_zh: str = ""
    via_en: str = ""


@dataclass
class Source:
    section: str
    zh: str
    en: str
    first_page: int
    last_page: int | None
    order: int = 0             # printed order, so a sub-section follows its section


@dataclass
class Figure:
    iri: str
    measure_zh: str
    measure_en: str
    value: str
    unit_zh: str
    unit_en: str
    qualifier_zh: str = ""
    qualifier_en: str = ""
    as_of: str = ""
    period: str = ""
    pages: list[int] = field(default_factory=list)
    via: str = ""              # the part or edition the figure is stated about, if not this
    via_zh: str = ""
    via_en: str = ""


@dataclass
class Demand:
    """A stakeholder group's demand at one tier (must 必尽, should 应尽, may 愿尽)."""

    iri: str
    zh: str
    en: str
    tier: str
    tier_zh: str
    tier_en: str


@dataclass
class Card:
    iri: str
    curie: str
    zh: str
    en: str
    types: list[tuple[str, str]]
    description_zh: str = ""
    description_en: str = ""
    aliases: list[str] = field(default_factory=list)
    attributes: list[tuple[str, str, str]] = field(default_factory=list)  # (zh, en, value)
    links: list[Link] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    demands: list[Demand] = field(default_factory=list)
    part_figures: list[Figure] = field(default_factory=list)  # of parts and editions


_BASICS = """
SELECT ?x ?p ?o WHERE {
  VALUES ?p { rdfs:label skos:altLabel dcterms:description rdf:type }
  ?x ?p ?o
}"""

_TYPE_LABELS = """
SELECT ?x ?t ?zh ?en WHERE {
  ?x a ?t .
  ?t rdfs:label ?zh . FILTER(LANG(?zh) = "zh")
  ?t rdfs:label ?en . FILTER(LANG(?en) = "en")
  FILTER NOT EXISTS { ?x a ?sub . ?sub rdfs:subClassOf ?t . FILTER(?sub != ?t) }
}"""

_LINKS = """
SELECT ?x ?dir ?p ?other ?pZh ?pEn ?zh ?en ?reading WHERE {
  { ?x ?p ?other BIND("out" AS ?dir) } UNION { ?other ?p ?x BIND("in" AS ?dir) }
  FILTER(?p NOT IN (%s) || (?dir = "in" && ?p IN (dcterms:source, csr:hasDemand)))
  FILTER(?dir = "out" || ?p NOT IN (skos:inScheme, skos:hasTopConcept))
  # kg analyze --save's scores are computed, not stated by the report: not on the card
  FILTER NOT EXISTS { ?p rdfs:subPropertyOf csr:score }
  OPTIONAL { ?p rdfs:label ?pZh FILTER(LANG(?pZh) = "zh") }
  OPTIONAL { ?p rdfs:label ?pEn FILTER(LANG(?pEn) = "en") }
  OPTIONAL { ?other rdfs:label ?zh FILTER(LANG(?zh) = "zh") }
  OPTIONAL { ?other rdfs:label ?en FILTER(LANG(?en) = "en") }
  BIND(EXISTS { ?p rdfs:subPropertyOf csr:curatorReading } AS ?reading)
}"""

_PARTNER_DETAILS = """
  ?pp csr:role ?role .
  ?role rdfs:label ?roleZh FILTER(LANG(?roleZh) = "zh")
  ?role rdfs:label ?roleEn FILTER(LANG(?roleEn) = "en")
  OPTIONAL { ?pp csr:note ?noteZh FILTER(LANG(?noteZh) = "zh") }
  OPTIONAL { ?pp csr:note ?noteEn FILTER(LANG(?noteEn) = "en") }
  OPTIONAL { ?other rdfs:label ?zh FILTER(LANG(?zh) = "zh") }
  OPTIONAL { ?other rdfs:label ?en FILTER(LANG(?en) = "en") }
}"""
_VARS = "?zh ?en ?roleZh ?roleEn ?noteZh ?noteEn"
_PARTNERS = f"""
SELECT ?x ?dir ?other {_VARS} WHERE {{
  {{ ?pp csr:partnershipIn ?x ; csr:partner ?other BIND("out" AS ?dir) }}
  UNION {{ ?pp csr:partner ?x ; csr:partnershipIn ?other BIND("in" AS ?dir) }}
""" + _PARTNER_DETAILS
_PART_PARTNERS = f"""
SELECT ?x ?via ?viaZh ?viaEn ?other {_VARS} WHERE {{
  {_PARTS}
  ?pp csr:partnershipIn ?via ; csr:partner ?other .
""" + _PARTNER_DETAILS

_DEMANDS = """
SELECT ?x ?d ?zh ?en ?code ?tZh ?tEn WHERE {
  ?x csr:hasDemand ?d . ?d csr:tier ?t . ?t skos:notation ?code .
  ?d rdfs:label ?zh FILTER(LANG(?zh) = "zh")
  ?d rdfs:label ?en FILTER(LANG(?en) = "en")
  ?t rdfs:label ?tZh FILTER(LANG(?tZh) = "zh")
  ?t rdfs:label ?tEn FILTER(LANG(?tEn) = "en")
}"""

_FIGURES = """
SELECT ?x ?obs ?mZh ?mEn ?value ?uZh ?uEn ?qZh ?qEn ?asOf ?from ?to ?via ?viaZh ?viaEn
       (GROUP_CONCAT(DISTINCT STR(?page); SEPARATOR=" ") AS ?pages) WHERE {
  %s
  ?obs rdf:value ?value ; csr:unit ?u .
  ?obs csr:measure ?mZh FILTER(LANG(?mZh) = "zh")
  ?obs csr:measure ?mEn FILTER(LANG(?mEn) = "en")
  ?u rdfs:label ?uZh FILTER(LANG(?uZh) = "zh")
  ?u rdfs:label ?uEn FILTER(LANG(?uEn) = "en")
  OPTIONAL { ?obs csr:qualifier ?q . ?q rdfs:label ?qZh FILTER(LANG(?qZh) = "zh")
             ?q rdfs:label ?qEn FILTER(LANG(?qEn) = "en") }
  OPTIONAL { ?obs csr:asOf ?asOf }
  OPTIONAL { ?obs csr:periodStart ?from ; csr:periodEnd ?to }
  OPTIONAL { ?obs dcterms:source/csr:startPage ?page }
} GROUP BY ?x ?obs ?mZh ?mEn ?value ?uZh ?uEn ?qZh ?qEn ?asOf ?from ?to ?via ?viaZh ?viaEn"""
_OWN_FIGURES = _FIGURES % "?obs csr:observedEntity ?x ."
_PART_FIGURES = _FIGURES % (_PARTS + "\n  ?obs csr:observedEntity ?via .")

_SOURCES = """
SELECT ?x ?sec ?zh ?en ?first ?last ?order WHERE {
  ?x dcterms:source ?sec .
  ?sec csr:startPage ?first ; csr:sectionOrder ?order ; csr:sectionPath ?zh , ?en .
  FILTER(LANG(?zh) = "zh" && LANG(?en) = "en")
  OPTIONAL { ?sec csr:endPage ?last }
}"""


def _own_parts() -> str:
    from .namespaces import PREFIXES

    def full(c):
        prefix, local = c.split(":")
        return f"<{PREFIXES[prefix]}{local}>"

    return ", ".join(full(c) for c in _OWN_PARTS)


def card(store: Store, iri: str) -> Card:
    """The card of ``iri`` (which must exist; resolve names with :func:`kg.search.resolve`)."""
    return cards(store, [iri])[str(iri)]


def cards(store: Store, iris, relations: bool = True, chunk: int = 300) -> dict[str, Card]:
    """The cards of many entities in a few queries each; ``relations=False`` leaves out the
    links (a page shows those as edges)."""
    out: dict[str, Card] = {}
    iris = sorted({str(i) for i in iris})
    for i in range(0, len(iris), chunk):
        out.update(_cards(store, iris[i:i + chunk], relations))
    return out


def _cards(store: Store, iris: list[str], relations: bool) -> dict[str, Card]:
    x = {"x": [URIRef(i) for i in iris]}
    found = {i: Card(i, curie(i), "", "", []) for i in iris}
    for r in store.select(_BASICS, x):
        c = found[str(r["x"])]
        p, o = curie(str(r["p"])), r["o"]
        lang = o.language if isinstance(o, Literal) else None
        if p == "rdfs:label" and lang in ("zh", "en"):
            setattr(c, lang, str(o))
        elif p == "skos:altLabel":
            c.aliases.append(str(o))
        elif p == "dcterms:description" and lang in ("zh", "en"):
            setattr(c, f"description_{lang}", str(o))
    for r in store.select(_TYPE_LABELS, x):
        found[str(r["x"])].types.append((str(r["zh"]), str(r["en"])))
    if relations:
        for r in store.select(_LINKS % _own_parts(), x):
            c, other = found[str(r["x"])], r["other"]
            rel = curie(str(r["p"]))
            rel_zh, rel_en = str(r.get("pZh", rel)), str(r.get("pEn", rel))
            if isinstance(other, Literal):
                c.attributes.append((rel_zh, rel_en, str(other)))
                continue
            c.links.append(Link(rel, rel_zh, rel_en, str(r["dir"]), str(other),
                                str(r.get("zh", "")), str(r.get("en", "")),
                                reading=bool(r["reading"].toPython())))
        for r in store.select(_PARTNERS, x):
            found[str(r["x"])].links.append(_partner(r, "合作方", "partner", str(r["dir"])))
        for r in store.select(_PART_PARTNERS, x):
            found[str(r["x"])].links.append(_partner(
                r, "部分与届次的合作方", "partners of parts and editions", "out"))
        for r in store.select(_PART_FIGURES, x):
            found[str(r["x"])].part_figures.append(_figure(r))
    for r in store.select(_OWN_FIGURES, x):
        found[str(r["x"])].figures.append(_figure(r))
    for r in store.select(_DEMANDS, x):
        found[str(r["x"])].demands.append(Demand(
            str(r["d"]), str(r["zh"]), str(r["en"]), str(r["code"]), str(r["tZh"]),
            str(r["tEn"])))
    for r in store.select(_SOURCES, x):
        found[str(r["x"])].sources.append(Source(
            str(r["sec"]), str(r["zh"]), str(r["en"]), int(r["first"]),
            int(r["last"]) if "last" in r else None, int(r["order"])))
    for c in found.values():
        c.aliases.sort()
        c.types = sorted(set(c.types), key=lambda t: t[1])
        c.attributes.sort()
        c.links.sort(key=lambda k: (k.direction != "out", k.rel_en, k.en or k.zh, k.other,
                                    k.detail_en, k.via))
        c.figures.sort(key=lambda f: (f.measure_en, f.as_of or f.period, f.iri))
        c.part_figures.sort(key=lambda f: (f.via_en, f.measure_en, f.as_of or f.period, f.iri))
        c.demands.sort(key=lambda d: (_TIERS.index(d.tier) if d.tier in _TIERS else 9, d.iri))
        c.sources.sort(key=lambda s: (s.first_page, s.order, s.section))
    return found


def _partner(r, rel_zh: str, rel_en: str, direction: str) -> Link:
    return Link("csr:partner", rel_zh, rel_en, direction, str(r["other"]),
                str(r.get("zh", "")), str(r.get("en", "")),
                detail_zh=str(r["roleZh"]), detail_en=str(r["roleEn"]),
                note_zh=str(r.get("noteZh", "")), note_en=str(r.get("noteEn", "")),
                via=str(r.get("via", "")), via_zh=str(r.get("viaZh", "")),
                via_en=str(r.get("viaEn", "")))


def _figure(r) -> Figure:
    period = ""
    if "from" in r:
        period = str(r["from"]) if r["from"] == r["to"] else f"{r['from']}/{r['to']}"
    value = str(r["value"])  # as Oxigraph writes an xsd:decimal; rdflib adds ".0"
    if "." in value:
        value = value.rstrip("0").rstrip(".") or "0"
    return Figure(
        str(r["obs"]), str(r["mZh"]), str(r["mEn"]), value, str(r["uZh"]),
        str(r["uEn"]), str(r.get("qZh", "")), str(r.get("qEn", "")),
        str(r.get("asOf", "")), period,
        sorted({int(p) for p in str(r.get("pages", "")).split()}),
        str(r.get("via", "")), str(r.get("viaZh", "")), str(r.get("viaEn", "")))


def _pages(first: int, last: int | None) -> str:
    return f"p. {first}" if not last or last == first else f"pp. {first}–{last}"


def render(c: Card, lang: str = "zh") -> str:
    """The card as text for a terminal; the other language's label follows each name."""
    zh = lang == "zh"

    def name(a_zh, a_en):
        first, second = (a_zh, a_en) if zh else (a_en, a_zh)
        first = first or second
        return f"{first} / {second}" if second and second != first else first

    lines = [name(c.zh, c.en), f"  {c.curie}",
             "  " + ", ".join(name(t_zh, t_en) for t_zh, t_en in c.types)]
    if c.aliases:
        lines.append(("  别名: " if zh else "  aliases: ") + ", ".join(c.aliases))
    for desc in ((c.description_zh, c.description_en) if zh
                 else (c.description_en, c.description_zh)):
        if desc:
            lines.append(f"  {desc}")
    if c.attributes:
        lines.append("")
        for a_zh, a_en, value in c.attributes:
            lines.append(f"  {a_zh if zh else a_en}: {value}")
    if c.demands:
        lines += ["", ("诉求（按责任层级）" if zh else "Demands by tier") + f" ({len(c.demands)})"]
        tier = None
        for d in c.demands:
            if d.tier != tier:
                tier = d.tier
                lines.append(f"  {name(d.tier_zh, d.tier_en)}")
            lines.append(f"    {name(d.zh, d.en)}  {curie(d.iri)}")
    groups: dict[tuple, list[Link]] = defaultdict(list)
    for link in c.links:
        groups[(link.direction, link.rel_zh if zh else link.rel_en, link.reading)].append(link)
    for (direction, rel, reading), links in groups.items():
        arrow = "→" if direction == "out" else "←"
        note = ("（编者解读）" if zh else " (curator's reading)") if reading else ""
        lines += ["", f"{arrow} {rel}{note} ({len(links)})"]
        for link in links[:_PER_GROUP]:
            detail = link.detail_zh if zh else link.detail_en
            label = name(link.zh, link.en) if (link.zh or link.en) else ""
            note = link.note_zh if zh else link.note_en
            via = link.via_zh if zh else link.via_en
            lines.append(f"  {label or curie(link.other)}"
                         + (f" [{detail}]" if detail else "")
                         + (f"  {curie(link.other)}" if label else "")
                         + (f"  ({'部分' if zh else 'part'}: {via or curie(link.via)})"
                            if link.via else "")
                         + (f"  — {note}" if note else ""))
        if len(links) > _PER_GROUP:
            more = len(links) - _PER_GROUP
            lines.append(f"  … 另有 {more} 项" if zh else f"  … and {more} more")
    if c.figures:
        lines += ["", ("数据" if zh else "Figures") + f" ({len(c.figures)})"]
        lines += [_figure_line(f, zh) for f in c.figures]
    if c.part_figures:
        lines += ["", ("部分与届次的数据" if zh else "Figures of parts and editions")
                  + f" ({len(c.part_figures)})"]
        lines += [f"  [{(f.via_zh if zh else f.via_en) or curie(f.via)}]"
                  + _figure_line(f, zh)[1:] for f in c.part_figures]
    lines += ["", ("来源" if zh else "Sources") + f" ({len(c.sources)})"]
    for s in c.sources:
        lines.append(f"  {s.zh if zh else s.en}  {_pages(s.first_page, s.last_page)}")
    return "\n".join(lines)


def _figure_line(f: Figure, zh: bool) -> str:
    qualifier = f.qualifier_zh if zh else f.qualifier_en
    when = f"截至 {f.as_of}" if zh and f.as_of else (f"as of {f.as_of}" if f.as_of else "")
    when = when or f.period
    pages = ", ".join(f"p. {p}" for p in f.pages)
    return (f"  {f.measure_zh if zh else f.measure_en}: "
            f"{(qualifier + ' ') if qualifier else ''}{f.value} "
            f"{f.unit_zh if zh else f.unit_en}"
            + (f"  ({when})" if when else "") + (f"  [{pages}]" if pages else ""))


def to_json(c: Card) -> dict:
    return asdict(c)
