"""Finding entities by what a person remembers of them: a Chinese or English label, an alias,
the pinyin (``weicun`` finds 腾讯为村), the id, or a word of their description.

Two ways to the same answer. With the search index beside the embedded store
(:mod:`kg.search_index`, written by ``kg build``), the candidates come from SQLite in
milliseconds at any size. Without it (``--engine rdflib``, ``--endpoint``, a store built
elsewhere), one SPARQL query filters the texts. Both rank with :mod:`kg.search_match`: an exact
match beats a prefix, a prefix beats a match inside; a label beats an alias, an alias the pinyin,
the pinyin the id; descriptions and partnership notes rank below every name; among equals the
closer fit (shorter text) wins.

>>> from kg.store import open_store
>>> [h.zh for h in search(open_store(), "weicun")][:1]                 # doctest: +SKIP
['腾讯为村']
"""

from __future__ import annotations

import difflib
import logging
from dataclasses import dataclass

from rdflib import URIRef

from .entity_types import ENTITY_TYPES, SEARCHED_BY_DEFAULT, type_names
from .errors import UsageError
from .namespaces import ID, curie
from .params import expand_iri
from .search_match import DESCRIPTIVE, analyse, match, normalize, score, snippet
from .store import Store

__all__ = ["Hit", "Hits", "search", "resolve", "resolver", "suggest", "normalize", "labels"]

log = logging.getLogger("kg.search")


@dataclass(frozen=True)
class Hit:
    iri: str
    type: str        # an ENTITY_TYPES name
    zh: str
    en: str
    matched: str     # the text that matched (a snippet of it for a description or note)
    how: str         # label, alias, pinyin, id, description or note
    score: float
    tier: int = 0    # 3 the whole text matched, 2 its start, 1 inside

    @property
    def curie(self) -> str:
        return curie(self.iri)

    def label(self, lang: str) -> str:
        return (self.zh or self.en) if lang == "zh" else (self.en or self.zh)


class Hits(list):
    """The hits shown, best first; ``total`` counts every entity that matched."""

    total: int = 0
    engine: str = ""  # "index" or "sparql": where the candidates came from


def _type_filter(types) -> tuple[list[str], str]:
    types = list(types or SEARCHED_BY_DEFAULT)
    unknown = [t for t in types if t not in ENTITY_TYPES]
    if unknown:
        raise UsageError(f"unknown type {unknown[0]!r} (choose one of: {type_names()})")
    return types, ", ".join(f"<{ENTITY_TYPES[t]}>" for t in types)


# Spaces and punctuation the SPARQL filter drops before CONTAINS, as normalize() does (a
# regex class both rdflib's Python and Oxigraph's Rust regex read the same way). The filter
# only narrows the rows; every row is checked again with the real normalize() in Python.
_DROP = ("\\s!\"#%&'()*,./:;?@_{}\\[\\]\\-\\\\"
         "“”‘’「」『』《》〈〉【】〔〕〖〗（）［］｛｝、，。．·・"
         "：；！？—–…～＂＇＃％＆＊－／＠＼＿\u3000")

# The texts first, filtered, then their subjects' classes: rdflib evaluates in the written
# order, and a class join ahead of the UNION costs it seconds (Oxigraph reorders).
_CANDIDATES = """
SELECT ?s ?cls ?text ?how WHERE {
  { %(texts)s }
  UNION { ?s rdfs:label ?zh FILTER(isIRI(?s) && LANG(?zh) = "zh")
          BIND(REPLACE(STR(?s), "^.*/", "") AS ?text) BIND("id" AS ?how) }
  %(filter)s
  ?s a ?cls .
  FILTER(?cls IN (%(classes)s))
}"""

_LABELS = """
SELECT ?s ?zh ?en WHERE {
  VALUES ?s { %s }
  OPTIONAL { ?s rdfs:label ?zh FILTER(LANG(?zh) = "zh") }
  OPTIONAL { ?s rdfs:label ?en FILTER(LANG(?en) = "en") }
}"""

_SOURCES = """
SELECT ?s ?t WHERE {
  VALUES ?s { %s }
  { ?s rdfs:label ?t FILTER(LANG(?t) = "zh") } UNION { ?s skos:altLabel ?t }
}"""


def _sparql_string(text: str) -> str:
    from .sparql import string_literal

    return string_literal(text)


def _shown_type(types, requested) -> str | None:
    """The type an entity shows as among the requested ones: the most specific in
    ENTITY_TYPES order, except that Tencent's own companies show as units."""
    found = [t for t in types if t in requested]
    if not found:
        return None
    return "unit" if "unit" in found else min(found, key=list(ENTITY_TYPES).index)


def _sparql_rows(store: Store, types: list[str], classes: str, needle: str | None,
                 names_only: bool = False):
    """(iri, [types], how, text, norm, marks) of every text, filtered by ``needle``."""
    from .search_index import TEXTS, _syllables

    texts = TEXTS
    if names_only:
        texts = "\n".join(line for line in TEXTS.splitlines()
                          if "description" not in line and "note" not in line)
        texts = texts.strip().removeprefix("UNION").strip()
    where = ""
    if needle is not None:
        drop = "[" + _DROP + "]"
        where = (f"FILTER(CONTAINS(REPLACE(LCASE(STR(?text)), {_sparql_string(drop)}, \"\"), "
                 f"{_sparql_string(needle)}))")
    rows = store.select(_CANDIDATES % {"texts": texts, "classes": classes, "filter": where})
    by_class = {str(c): name for name, c in ENTITY_TYPES.items()}
    kinds: dict[str, set[str]] = {}
    for r in rows:
        kinds.setdefault(str(r["s"]), set()).add(by_class[str(r["cls"])])
    seen = {(str(r["s"]), str(r["how"]), str(r["text"])) for r in rows}
    pinyin = sorted({s for s, how, _ in seen if how == "pinyin"})
    sources: dict[str, list[str]] = {}
    for i in range(0, len(pinyin), 400):
        chunk = " ".join(f"<{x}>" for x in pinyin[i:i + 400])
        for r in store.select(_SOURCES % chunk):
            sources.setdefault(str(r["s"]), []).append(str(r["t"]))
    for s, how, text in sorted(seen):
        norm, marks, _ = analyse(text)
        if how == "pinyin":
            marks = _syllables(norm, sorted(sources.get(s, [])))
        yield s, sorted(kinds[s]), how, text, norm, marks


def labels(store: Store, iris) -> dict[str, tuple[str, str]]:
    """IRI -> (zh label, en label) for each of ``iris`` (empty strings where missing)."""
    from .sparql import valid_iri

    iris = sorted({str(x) for x in iris if valid_iri(x)})  # no label for what is not an IRI
    out = {}
    for i in range(0, len(iris), 400):
        chunk = " ".join(f"<{x}>" for x in iris[i:i + 400])
        for r in store.select(_LABELS % chunk):
            out.setdefault(str(r["s"]), (str(r.get("zh", "")), str(r.get("en", ""))))
    return out


def search(store: Store, text: str, types=None, limit: int | None = 20,
           use_index: bool = True) -> Hits:
    """Entities matching ``text``, best first: at most ``limit`` of them, with ``total``
    saying how many matched. ``types``: ENTITY_TYPES names to look in. ``use_index=False``
    takes the SPARQL way even where the index exists."""
    from .search_index import open_index

    needle = normalize(text)
    if not needle:
        raise UsageError("nothing to search for: give some text")
    types, classes = _type_filter(types)
    index = open_index(store) if use_index else None
    names: dict[str, tuple[str, str]] = {}
    if index is not None:
        rows = []
        for iri, zh, en, kinds, how, txt, norm, marks in index.candidates(needle):
            names[iri] = (zh, en)
            rows.append((iri, kinds, how, txt, norm, marks))
        index.close()
    else:
        rows = list(_sparql_rows(store, types, classes, needle))
    best: dict[str, tuple] = {}
    shown_as: dict[tuple, str | None] = {}  # the type shown, per set of types (few distinct)
    for iri, kinds, how, txt, norm, marks in rows:
        key = tuple(kinds)
        shown = shown_as[key] if key in shown_as else shown_as.setdefault(
            key, _shown_type(kinds, types))
        found = shown and match(needle, norm, marks, how)
        if found:
            points = score(found[0], how, needle, norm)
            if points > best.get(iri, (0,))[0]:
                best[iri] = (points, shown, txt, how, *found)
    if index is None:
        names = labels(store, best)
    # rank on plain tuples; only the hits shown become Hit objects (thousands may match)
    ranked = []
    for iri, entry in best.items():
        zh, en = names.get(iri, ("", ""))
        ranked.append((-entry[0], len(zh or en), zh, iri, en, entry))
    ranked.sort()
    shown = Hits(Hit(iri, t, zh, en, txt, how, points, tier)
                 for _, _, zh, iri, en, (points, t, txt, how, tier, _) in
                 (ranked[:limit] if limit else ranked))
    shown.total, shown.engine = len(ranked), "index" if index is not None else "sparql"
    for i, h in enumerate(shown):
        if h.how in DESCRIPTIVE:  # a description shows as the words around the match
            shown[i] = Hit(h.iri, h.type, h.zh, h.en, _snippet(h.matched, needle), h.how,
                           h.score, h.tier)
    return shown


def _snippet(text: str, needle: str) -> str:
    norm, marks, where = analyse(text)
    found = match(needle, norm, marks, "description")
    return snippet(text, found[1] if found else 0, len(needle), where)


def _names(store: Store, types=None):
    """(iri, type, text, how) of every name (label, alias, pinyin, id) of the ``types``."""
    from .search_index import open_index

    types, classes = _type_filter(types)
    index = open_index(store)
    if index is not None:
        rows = index.db.execute(
            "SELECT e.iri, e.types, t.how, t.text FROM text t JOIN entity e ON e.id = t.entity "
            "WHERE t.how IN ('label', 'alias', 'pinyin', 'id')").fetchall()
        index.close()
        rows = [(iri, kinds.split(), how, text) for iri, kinds, how, text in rows]
    else:
        rows = [r[:4] for r in _sparql_rows(store, types, classes, None, names_only=True)]
    for iri, kinds, how, text in rows:
        shown = _shown_type(kinds, types)
        if shown:
            yield iri, shown, text, how


def suggest(store: Store, text: str, types=None, n: int = 5) -> list[Hit]:
    """The closest entities to a name that matched nothing exactly: search hits first, then
    near spellings of any name."""
    hits = list(search(store, text, types, limit=n)) if normalize(text) else []
    if len(hits) >= n:
        return hits
    texts: dict[str, tuple[str, str, str]] = {}
    for iri, type_, matched, how in sorted(_names(store, types)):
        texts.setdefault(normalize(matched), (iri, type_, how))
    seen = {h.iri for h in hits}
    close = []
    for t in difflib.get_close_matches(normalize(text), list(texts), n=n * 3, cutoff=0.5):
        iri, type_, how = texts[t]
        if iri not in seen:
            seen.add(iri)
            close.append((iri, type_, t, how))
    found = labels(store, [c[0] for c in close])
    hits += [Hit(iri, type_, *found.get(iri, ("", "")), t, how, 0)
             for iri, type_, t, how in close]
    return hits[:n]


def _exists(store: Store, iri: URIRef) -> bool:
    from .sparql import iri_ref

    return store.ask(f"ASK {{ {iri_ref(iri)} ?p ?o }}")


def resolve(store: Store, text: str, types=None) -> URIRef:
    """The one entity ``text`` names, tried in this order: an IRI or CURIE; an exact label or
    alias (Chinese or English, normalised); an exact id; an exact pinyin; then a name that
    holds ``text``, where one entity whose label or alias starts with it wins over the
    others (and a note on stderr says which one was taken). Otherwise a UsageError that
    lists the candidates (ambiguous) or the closest names (unknown)."""
    iri = expand_iri(text.strip())
    if iri is not None:
        if _exists(store, iri):
            return iri
        raise UsageError(f"no entity {text!r} in the graph" + _closest(store, text, types))
    if not normalize(text):
        raise UsageError("no entity named '': give a name, id or IRI")
    exact = _prefer_entity(text, _exact_label(store, text.strip(), types), str)
    if len(exact) == 1:  # an indexed lookup first: no scan for a name given exactly
        return exact[0]
    hits = [h for h in search(store, text, types, limit=None) if h.how not in DESCRIPTIVE]
    needle = normalize(text)
    whole = [h for h in hits if h.tier == 3]
    groups = [[h for h in whole if h.how in ("label", "alias")],
              [h for h in hits if normalize(h.iri.rstrip("/").rsplit("/", 1)[-1]) == needle],
              [h for h in whole if h.how == "pinyin"]]
    for group in groups:
        if group:
            return _one(text, _prefer_entity(text, group, lambda h: h.iri))
    starts = _prefer_entity(text, [h for h in hits if h.tier == 2 and h.how in ("label", "alias")],
                            lambda h: h.iri, note=False)
    if len(starts) == 1 and len(hits) > 1:
        chosen = starts[0]
        others = ", ".join(f"{h.zh or h.en} ({h.curie})" for h in hits if h is not chosen)
        log.warning(_visible(f"{text!r}: taken as {chosen.zh or chosen.en} ({chosen.curie}), "
                             f"whose {chosen.how} starts with it; it also matches {others}"))
        return URIRef(chosen.iri)
    if hits:
        return _one(text, hits)
    raise UsageError(f"no entity named {text!r}" + _closest(store, text, types))


SECTION_NS = str(ID["section/"])


def _prefer_entity(text: str, group: list, iri_of, note: bool = True) -> list:
    """Where a report section and one entity share a name (an infographic titled after the
    framework it draws), the entity is meant: the section is one step away, as its source.
    A note on stderr names the section, for whoever wanted it."""
    sections = [x for x in group if iri_of(x).startswith(SECTION_NS)]
    others = [x for x in group if not iri_of(x).startswith(SECTION_NS)]
    if len(others) == 1 and sections:
        if note:
            log.warning(_visible(f"{text!r}: taken as {curie(iri_of(others[0]))}; the report "
                                 f"section of that name is {curie(iri_of(sections[0]))}"))
        return others
    return group


def _visible(text: str) -> str:
    from .safe_text import one_line

    return one_line(text, 400)


def _one(text: str, group: list[Hit]) -> URIRef:
    if len(group) == 1:
        return URIRef(group[0].iri)
    listed = "; ".join(f"{h.zh or h.en} ({h.curie})" for h in group[:8])
    more = f" and {len(group) - 8} more" if len(group) > 8 else ""
    raise UsageError(f"{text!r} names {len(group)} entities: {listed}{more}; give the id")


_EXACT = """
SELECT DISTINCT ?s WHERE {
  VALUES ?text { %(texts)s } { ?s rdfs:label ?text } UNION { ?s skos:altLabel ?text }
  ?s a ?cls .
  FILTER(?cls IN (%(classes)s))
}"""


def _exact_label(store: Store, text: str, types) -> list[URIRef]:
    """The entities whose label or alias is exactly ``text`` as typed."""
    _, classes = _type_filter(types)
    quoted = _sparql_string(text)
    texts = {f"{quoted}@zh", f"{quoted}@en", quoted}
    rows = store.select(_EXACT % {"texts": " ".join(sorted(texts)), "classes": classes})
    return sorted({URIRef(str(r["s"])) for r in rows})


def _closest(store: Store, text: str, types) -> str:
    close = suggest(store, text.rsplit("/", 1)[-1].rsplit(":", 1)[-1], types)
    if not close:
        return ""
    return "; closest: " + ", ".join(f"{h.zh or h.en} ({h.curie})" for h in close)


def resolver(store: Store, types=None):
    """``resolve`` bound to a store: a callable for :func:`kg.params.parse_value`."""
    return lambda text: resolve(store, text, types)
