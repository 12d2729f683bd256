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

__all__ = ["Card", "Link", "Figure", "Source", "card", "cards", "render", "to_json"]

# Shown in their own part of the card, or not at all, rather than as plain relations (except
# that a section's card lists what cites it as a source).
_OWN_PARTS = ["rdf:type", "rdfs:label", "skos:altLabel", "skos:hiddenLabel", "skos:prefLabel",
              "dcterms:description", "dcterms:source", "csr:partnershipIn", "csr:partner",
              "csr:observedEntity"]
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


@dataclass
class Source:
    section: str
    zh: str
    en: str
    first_page: int
    last_page: int | None


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
  FILTER(?p NOT IN (%s) || (?dir = "in" && ?p = dcterms:source))
  OPTIONAL { ?p rdfs:label ?pZh FILTER(LANG(?pZh) = "zh") }
  OPTIONAL { ?p rdfs:label ?pEn FILTER(LANG(?pEn) = "en") }
  OPTIONAL { ?other rdfs:label ?zh FILTER(LANG(?zh) = "zh") }
  OPTIONAL { ?other rdfs:label ?en FILTER(LANG(?en) = "en") }
  BIND(EXISTS { ?p rdfs:subPropertyOf csr:curatorReading } AS ?reading)
}"""

_PARTNERS = """
SELECT ?x ?dir ?other ?zh ?en ?roleZh ?roleEn WHERE {
  { ?pp csr:partnershipIn ?x ; csr:partner ?other BIND("out" AS ?dir) }
  UNION { ?pp csr:partner ?x ; csr:partnershipIn ?other BIND("in" AS ?dir) }
  ?pp csr:role ?role .
  ?role rdfs:label ?roleZh FILTER(LANG(?roleZh) = "zh")
  ?role rdfs:label ?roleEn FILTER(LANG(?roleEn) = "en")
  OPTIONAL { ?other rdfs:label ?zh FILTER(LANG(?zh) = "zh") }
  OPTIONAL { ?other rdfs:label ?en FILTER(LANG(?en) = "en") }
}"""

_FIGURES = """
SELECT ?x ?obs ?mZh ?mEn ?value ?uZh ?uEn ?qZh ?qEn ?asOf ?from ?to
       (GROUP_CONCAT(DISTINCT STR(?page); SEPARATOR=" ") AS ?pages) WHERE {
  ?obs csr:observedEntity ?x ; rdf:value ?value ; csr:unit ?u .
  ?obs csr:measure ?mZh FILTER(LANG(?mZh) = "zh")
  ?obs csr:measure ?mEn FILTER(LANG(?mEn) = "en")
  ?u rdfs:label ?uZh FILTER(LANG(?uZh) = "zh")
  ?u rdfs:label ?uEn FILTER(LANG(?uEn) = "en")
  OPTIONAL { ?obs csr:qualifier ?q . ?q rdfs:label ?qZh FILTER(LANG(?qZh) = "zh")
             ?q rdfs:label ?qEn FILTER(LANG(?qEn) = "en") }
  OPTIONAL { ?obs csr:asOf ?asOf }
  OPTIONAL { ?obs csr:periodStart ?from ; csr:periodEnd ?to }
  OPTIONAL { ?obs dcterms:source/csr:startPage ?page }
} GROUP BY ?x ?obs ?mZh ?mEn ?value ?uZh ?uEn ?qZh ?qEn ?asOf ?from ?to"""

_SOURCES = """
SELECT ?x ?sec ?zh ?en ?first ?last WHERE {
  ?x dcterms:source ?sec .
  ?sec csr:startPage ?first ; rdfs:label ?zh , ?en .
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
                                reading=r["reading"].toPython() is True))
        for r in store.select(_PARTNERS, x):
            found[str(r["x"])].links.append(Link(
                "csr:partner", "合作方", "partner", str(r["dir"]), str(r["other"]),
                str(r.get("zh", "")), str(r.get("en", "")),
                detail_zh=str(r["roleZh"]), detail_en=str(r["roleEn"])))
    for r in store.select(_FIGURES, x):
        period = ""
        if "from" in r:
            period = (str(r["from"]) if r["from"] == r["to"]
                      else f"{r['from']}/{r['to']}")
        found[str(r["x"])].figures.append(Figure(
            str(r["obs"]), str(r["mZh"]), str(r["mEn"]), str(r["value"]), str(r["uZh"]),
            str(r["uEn"]), str(r.get("qZh", "")), str(r.get("qEn", "")),
            str(r.get("asOf", "")), period,
            sorted({int(p) for p in str(r.get("pages", "")).split()})))
    for r in store.select(_SOURCES, x):
        found[str(r["x"])].sources.append(Source(
            str(r["sec"]), str(r["zh"]), str(r["en"]), int(r["first"]),
            int(r["last"]) if "last" in r else None))
    for c in found.values():
        c.aliases.sort()
        c.types = sorted(set(c.types), key=lambda t: t[1])
        c.attributes.sort()
        c.links.sort(key=lambda k: (k.direction != "out", k.rel_en, k.en or k.zh, k.other))
        c.figures.sort(key=lambda f: (f.measure_en, f.as_of or f.period, f.iri))
        c.sources.sort(key=lambda s: (s.first_page, s.section))
    return found


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
            lines.append(f"  {label or curie(link.other)}"
                         + (f" [{detail}]" if detail else "")
                         + (f"  {curie(link.other)}" if label else ""))
        if len(links) > _PER_GROUP:
            more = len(links) - _PER_GROUP
            lines.append(f"  … 另有 {more} 项" if zh else f"  … and {more} more")
    if c.figures:
        lines += ["", ("数据" if zh else "Figures") + f" ({len(c.figures)})"]
        for f in c.figures:
            qualifier = f.qualifier_zh if zh else f.qualifier_en
            when = f"截至 {f.as_of}" if zh and f.as_of else (f"as of {f.as_of}" if f.as_of
                                                             else "")
            when = when or f.period
            pages = ", ".join(f"p. {p}" for p in f.pages)
            lines.append(f"  {f.measure_zh if zh else f.measure_en}: "
                         f"{(qualifier + ' ') if qualifier else ''}{f.value} "
                         f"{f.unit_zh if zh else f.unit_en}"
                         + (f"  ({when})" if when else "") + (f"  [{pages}]" if pages else ""))
    lines += ["", ("来源" if zh else "Sources") + f" ({len(c.sources)})"]
    for s in c.sources:
        lines.append(f"  {s.zh if zh else s.en}  {_pages(s.first_page, s.last_page)}")
    return "\n".join(lines)


def to_json(c: Card) -> dict:
    return asdict(c)
