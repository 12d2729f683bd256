"""Finding entities by what a person remembers of them: a Chinese or English label, an alias,
the pinyin (``weicun`` finds 腾讯为村) or the id.

The pinyin is in the graph (``skos:hiddenLabel`` tagged ``zh-latn-pinyin``, written by the
build), so search is one SPARQL query and works on any store. Ranking: an exact match beats a
prefix, a prefix beats a substring; a label beats an alias, an alias beats pinyin or the id;
among equals the closer fit (shorter text) wins.

>>> from kg.store import open_store
>>> [h.zh for h in search(open_store(), "weicun")][:1]                 # doctest: +SKIP
['腾讯为村']
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from rdflib import URIRef

from .entity_types import ENTITY_TYPES, SEARCHED_BY_DEFAULT, type_names
from .errors import UsageError
from .namespaces import PINYIN_LANG, PREFIXES, curie
from .params import expand_iri
from .store import Store

__all__ = ["Hit", "search", "resolve", "resolver", "suggest", "normalize", "labels"]

_HOW_RANK = {"label": 3, "alias": 2, "pinyin": 1, "id": 1}


@dataclass(frozen=True)
class Hit:
    iri: str
    type: str        # an ENTITY_TYPES name
    zh: str
    en: str
    matched: str     # the text that matched
    how: str         # label, alias, pinyin or id
    score: float

    @property
    def curie(self) -> str:
        return curie(self.iri)

    def label(self, lang: str) -> str:
        return (self.zh or self.en) if lang == "zh" else (self.en or self.zh)


def normalize(text: str) -> str:
    """Full-width to half-width, lower case, no spaces: how queries and texts are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def _type_filter(types) -> tuple[list[str], str]:
    types = list(types or SEARCHED_BY_DEFAULT)
    unknown = [t for t in types if t not in ENTITY_TYPES]
    if unknown:
        raise UsageError(f"unknown type {unknown[0]!r} (choose one of: {type_names()})")
    return types, ", ".join(f"<{ENTITY_TYPES[t]}>" for t in types)


# The texts first, filtered, then their subjects' classes: rdflib evaluates in the written
# order, and a class join ahead of the four-way UNION costs it seconds (Oxigraph reorders).
_CANDIDATES = """
SELECT ?s ?cls ?text ?how WHERE {
  { ?s rdfs:label ?text BIND("label" AS ?how) }
  UNION { ?s skos:altLabel ?text BIND("alias" AS ?how) }
  UNION { ?s skos:hiddenLabel ?text BIND("pinyin" AS ?how) }
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


def _sparql_string(text: str) -> str:
    from .sparql import string_literal

    return string_literal(text)


def _candidates(store: Store, types: list[str], classes: str, needle: str | None):
    """(iri, type, text, how) for every label-like text, filtered by substring if ``needle``."""
    where = ""
    if needle is not None:
        where = (f'FILTER(CONTAINS(REPLACE(LCASE(STR(?text)), "\\\\s+", ""), '
                 f'{_sparql_string(needle)}))')
    rows = store.select(_CANDIDATES % {"classes": classes, "filter": where})
    order = {str(ENTITY_TYPES[t]): i for i, t in enumerate(ENTITY_TYPES)}
    best_type: dict[str, str] = {}
    for r in rows:
        s, cls = str(r["s"]), str(r["cls"])
        name = next(t for t in ENTITY_TYPES if str(ENTITY_TYPES[t]) == cls)
        # an entity with several classes shows as the most specific one in ENTITY_TYPES order,
        # except that Tencent's own companies show as units rather than organizations
        current = best_type.get(s)
        if current is None or (order[cls] < order[str(ENTITY_TYPES[current])]
                               and current != "unit"):
            best_type[s] = name
        if name == "unit":
            best_type[s] = "unit"
    return [(str(r["s"]), best_type[str(r["s"])], str(r["text"]), str(r["how"])) for r in rows]


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


def _score(needle: str, text: str, how: str) -> float:
    t = normalize(text)
    if t == needle:
        base = 300
    elif t.startswith(needle):
        base = 200
    elif needle in t:
        base = 100
    else:
        return 0
    return base + 10 * _HOW_RANK[how] + 9 * len(needle) / max(len(t), 1)


def search(store: Store, text: str, types=None, limit: int | None = 20) -> list[Hit]:
    """Entities matching ``text``, best first. ``types``: ENTITY_TYPES names to look in."""
    needle = normalize(text)
    if not needle:
        raise UsageError("nothing to search for: give some text")
    types, classes = _type_filter(types)
    # spaces are dropped from both sides, so "wei cun" and "Tencent WeCounty" still match
    best: dict[str, tuple[float, str, str, str]] = {}
    for iri, type_, matched, how in _candidates(store, types, classes, needle):
        score = _score(needle, matched, how)
        if score and score > best.get(iri, (0,))[0]:
            best[iri] = (score, type_, matched, how)
    found = labels(store, best)
    hits = [Hit(iri, t, *found.get(iri, ("", "")), matched, how, round(score, 2))
            for iri, (score, t, matched, how) in best.items()]
    hits.sort(key=lambda h: (-h.score, len(h.zh or h.en), h.zh, h.iri))
    return hits[:limit] if limit else hits


def suggest(store: Store, text: str, types=None, n: int = 5) -> list[Hit]:
    """The closest entities to a name that matched nothing exactly: search hits first, then
    near spellings of any label."""
    hits = search(store, text, types, limit=n) if normalize(text) else []
    if len(hits) >= n:
        return hits
    types, classes = _type_filter(types)
    texts: dict[str, tuple[str, str, str]] = {}
    for iri, type_, matched, how in _candidates(store, types, classes, None):
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
    """The one entity ``text`` names: an IRI, a CURIE, an id, or a label, alias or pinyin that
    matches exactly or as the only substring match. Otherwise a UsageError that lists the
    candidates (ambiguous) or the closest names (unknown)."""
    iri = expand_iri(text.strip())
    if iri is not None:
        if _exists(store, iri):
            return iri
        raise UsageError(f"no entity {text!r} in the graph" + _closest(store, text, types))
    needle = normalize(text)
    if not needle:
        raise UsageError("no entity named '': give a name, id or IRI")
    exact = _exact(store, text.strip(), types)
    if len(exact) == 1:
        return exact[0]
    hits = search(store, text, types, limit=None)
    exact = [h for h in hits if normalize(h.matched) == needle]
    by_id = [h for h in exact if h.how == "id"]
    for group in (by_id, exact, hits):
        if len(group) == 1:
            return URIRef(group[0].iri)
        if len(group) > 1:
            listed = "; ".join(f"{h.zh or h.en} ({h.curie})" for h in group[:8])
            more = f" and {len(group) - 8} more" if len(group) > 8 else ""
            raise UsageError(f"{text!r} names {len(group)} entities: {listed}{more}; "
                             f"give the id")
    raise UsageError(f"no entity named {text!r}" + _closest(store, text, types))


_ENTITY_PREFIXES = ("program", "organization", "tencent", "person", "place", "event", "award",
                    "standard", "stakeholder", "demand")
_EXACT = """
SELECT DISTINCT ?s WHERE {
  { VALUES ?s { %(ids)s } ?s ?p ?o }
  UNION { VALUES ?text { %(texts)s } { ?s rdfs:label ?text } UNION { ?s skos:altLabel ?text }
          UNION { ?s skos:hiddenLabel ?text } }
  ?s a ?cls .
  FILTER(?cls IN (%(classes)s))
}"""


def _exact(store: Store, text: str, types) -> list[URIRef]:
    """The entities whose id, label, alias or pinyin is exactly ``text``: an indexed lookup,
    tried before the scan of every label that :func:`search` makes."""
    _, classes = _type_filter(types)
    quoted = _sparql_string(text)
    texts = {f"{quoted}@zh", f"{quoted}@en", quoted,
             f'{_sparql_string(normalize(text))}@{PINYIN_LANG}'}
    ids = [f"<{PREFIXES[p]}{text}>" for p in _ENTITY_PREFIXES] if re.fullmatch(
        r"[\w.-]+", text) else []
    rows = store.select(_EXACT % {"ids": " ".join(ids), "texts": " ".join(sorted(texts)),
                                  "classes": classes})
    return sorted({URIRef(str(r["s"])) for r in rows})


def _closest(store: Store, text: str, types) -> str:
    close = suggest(store, text.rsplit("/", 1)[-1].rsplit(":", 1)[-1], types)
    if not close:
        return ""
    return "; closest: " + ", ".join(f"{h.zh or h.en} ({h.curie})" for h in close)


def resolver(store: Store, types=None):
    """``resolve`` bound to a store: a callable for :func:`kg.params.parse_value`."""
    return lambda text: resolve(store, text, types)
