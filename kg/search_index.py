"""The search index: every name and description of the graph's entities in one SQLite file
beside the store, so that ``kg search`` answers in milliseconds at any size.

``kg build`` writes it into the new store version's folder (``STORE/kg-search.sqlite``, i.e.
inside the folder the store link points to), so the index and the store are swapped in by the
same rename and a failed build never leaves one without the other. It is derived: every build
writes it again from the store, it holds no fact the store does not, and without it (another
engine, an endpoint, a store built elsewhere) search falls back to SPARQL with the same
matching and ranking (:mod:`kg.search_match`).

Why SQLite FTS5 with the trigram tokenizer: it ships in Python's standard library (SQLite
3.34 or newer), needs no word segmenter for Chinese (a trigram index finds any substring of
three or more characters, Chinese or Latin, in time that grows with the matches, not the
texts), and one file is easy to commit with the store. A trigram cannot serve a search of one
or two characters (教育, UN), and scanning every text for them took 46 ms at 1M triples
(138 ms with 10,000 hits), so a second FTS5 table, ``text_short``, holds each text's
characters and pairs of neighbouring characters as words (:func:`grams`): such a search is
one token lookup (under 1 ms at 1M). It is contentless and keeps no positions, so it costs
about a fifth more disk and build time. Anything else (a needle of one or two characters with
a mark the tokenizer splits at) scans the ``norm`` column with ``instr()``. The index holds
normalised texts and their word/syllable marks; the boundaries and the ranking are checked in
Python on the rows the index returns (benchmarks/README.md has the timings).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .entity_types import ENTITY_TYPES
from .search_match import analyse, pinyin_marks

__all__ = ["INDEX_NAME", "index_file", "write_index", "SearchIndex", "open_index", "TEXTS",
           "entity_texts", "grams"]

INDEX_NAME = "kg-search.sqlite"
_FORMAT = "2"  # bump when the tables change; an index of another format is not used

# Every searchable text of a subject: names, pinyin, descriptions and notes, and the notes of
# the partnerships in a program (so a program is found by what its partners do in it).
TEXTS = """
  { ?s rdfs:label ?text BIND("label" AS ?how) }
  UNION { ?s skos:altLabel ?text BIND("alias" AS ?how) }
  UNION { ?s skos:hiddenLabel ?text BIND("pinyin" AS ?how) }
  UNION { ?s dcterms:description ?text BIND("description" AS ?how) }
  UNION { ?s csr:note ?text BIND("note" AS ?how) }
  UNION { ?partnership csr:partnershipIn ?s ; csr:note ?text BIND("note" AS ?how) }
"""

_CLASSES = "SELECT ?s ?cls WHERE { ?s a ?cls FILTER(?cls IN (%s)) }"
_TEXTS = "SELECT ?s ?text ?how WHERE { %s FILTER(isIRI(?s)) }" % TEXTS

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE entity(id INTEGER PRIMARY KEY, iri TEXT UNIQUE, zh TEXT, en TEXT, types TEXT);
CREATE TABLE text(id INTEGER PRIMARY KEY, entity INTEGER, how TEXT, text TEXT, norm TEXT,
                  marks TEXT);
CREATE VIRTUAL TABLE text_fts USING fts5(norm, content='text', content_rowid='id',
                                         tokenize='trigram');
CREATE VIRTUAL TABLE text_short USING fts5(grams, content='', detail='none',
                                           tokenize='unicode61 remove_diacritics 0');
"""


def grams(norm: str) -> str:
    """Every character and every pair of neighbours of a normalised text, as the words of
    the short-search index: a search of one or two letters or digits is one token lookup.

    >>> grams("为村ab")
    '为 村 a b 为村 村a ab'
    """
    return " ".join(list(norm) + [norm[i:i + 2] for i in range(len(norm) - 1)])


def _short_token(needle: str) -> bool:
    """A needle of one or two characters that the short index holds as one token (letters
    and digits only: the tokenizer splits at anything else)."""
    return len(needle) <= 2 and all(c.isalnum() for c in needle)


def index_file(store_dir) -> Path:
    """Where the index of the store at ``store_dir`` is (through the store link)."""
    return Path(store_dir) / INDEX_NAME


def entity_texts(store, iris=None):
    """(iri, [type names], [(text, lang, how)]) for every entity of ``ENTITY_TYPES``: its
    names, pinyin, descriptions, notes and id. Shared by the index build and the tests."""
    classes = ", ".join(f"<{c}>" for c in ENTITY_TYPES.values())
    by_class = {str(c): name for name, c in ENTITY_TYPES.items()}
    types: dict[str, list[str]] = {}
    for r in store.select(_CLASSES % classes):
        types.setdefault(str(r["s"]), []).append(by_class[str(r["cls"])])
    texts: dict[str, list[tuple[str, str, str]]] = {s: [] for s in types}
    for r in store.select(_TEXTS):
        s = str(r["s"])
        if s in texts:
            t = r["text"]
            texts[s].append((str(t), getattr(t, "language", None) or "", str(r["how"])))
    order = list(ENTITY_TYPES)
    for s in sorted(types):
        texts[s].append((s.rstrip("/").rsplit("/", 1)[-1], "", "id"))
        yield s, sorted(set(types[s]), key=order.index), sorted(set(texts[s]))


def write_index(store, path: Path) -> int:
    """Write the index of ``store`` to ``path`` (a new file; returns the number of texts)."""
    path = Path(path)
    if sqlite3.sqlite_version_info < (3, 34):
        raise RuntimeError(f"SQLite {sqlite3.sqlite_version} has no trigram tokenizer "
                           f"(3.34 or newer is needed)")
    tmp = path.with_name(path.name + ".part")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.create_function("grams", 1, grams, deterministic=True)
    n = 0
    try:
        db.executescript(_SCHEMA)
        db.execute("INSERT INTO meta VALUES ('format', ?)", (_FORMAT,))
        for e, (iri, types, texts) in enumerate(entity_texts(store)):
            zh = next((t for t, lang, how in texts if how == "label" and lang == "zh"), "")
            en = next((t for t, lang, how in texts if how == "label" and lang == "en"), "")
            db.execute("INSERT INTO entity VALUES (?, ?, ?, ?, ?)",
                       (e, iri, zh, en, " ".join(types)))
            sources = [t for t, lang, how in texts if how in ("label", "alias") and lang == "zh"
                       or how == "alias"]
            rows = []
            for text, _, how in texts:
                norm, marks, _ = analyse(text)
                if how == "pinyin":
                    marks = _syllables(norm, sources)
                rows.append((e, how, text, norm, marks))
            db.executemany("INSERT INTO text(entity, how, text, norm, marks) "
                           "VALUES (?, ?, ?, ?, ?)", rows)
            n += len(rows)
        db.execute("INSERT INTO text_fts(text_fts) VALUES ('rebuild')")
        db.execute("INSERT INTO text_short(rowid, grams) SELECT id, grams(norm) FROM text")
        db.commit()
    finally:
        db.close()
    os.replace(tmp, path)
    return n


def _syllables(norm: str, sources: list[str]) -> str:
    """The syllable marks of a pinyin text, from the Chinese name it was written from
    (or only its two ends when none is found)."""
    for source in sources:
        text, marks = pinyin_marks(source)
        if text == norm:
            return marks
    return "1" + "0" * (len(norm) - 1) + "1" if norm else "1"


class SearchIndex:
    """An open index: :meth:`candidates` gives every text that holds a normalised needle."""

    def __init__(self, path: Path):
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        self.path = Path(path)
        self.db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        row = self.db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        if not row or row[0] != _FORMAT:
            raise sqlite3.DatabaseError(f"{path}: not a kg search index of format {_FORMAT}")

    def candidates(self, needle: str):
        """(iri, zh, en, [types], how, text, norm, marks) of each text holding ``needle``."""
        head = ("SELECT e.iri, e.zh, e.en, e.types, t.how, t.text, t.norm, t.marks FROM ")
        if len(needle) >= 3:  # a trigram phrase: any substring of three or more characters
            rows = self.db.execute(
                head + "text_fts JOIN text t ON t.id = text_fts.rowid "
                "JOIN entity e ON e.id = t.entity WHERE text_fts MATCH ?",
                ('"' + needle.replace('"', '""') + '"',))
        elif _short_token(needle):  # one or two letters or digits: one token of text_short
            rows = self.db.execute(
                head + "text_short JOIN text t ON t.id = text_short.rowid "
                "JOIN entity e ON e.id = t.entity WHERE text_short MATCH ?",
                ('"' + needle + '"',))
        else:  # too short for a trigram, a mark inside: one scan of the normalised texts
            rows = self.db.execute(
                head + "text t JOIN entity e ON e.id = t.entity WHERE instr(t.norm, ?) > 0",
                (needle,))
        split: dict[str, list[str]] = {}
        for iri, zh, en, types, how, text, norm, marks in rows:
            kinds = split.get(types)
            if kinds is None:
                kinds = split[types] = types.split()
            yield iri, zh, en, kinds, how, text, norm, marks

    def close(self) -> None:
        self.db.close()


def open_index(store) -> SearchIndex | None:
    """The index beside an embedded store, or None (another engine, or no index file)."""
    path = getattr(store, "path", None)
    if getattr(store, "engine", None) != "oxigraph" or path is None:
        return None
    file = index_file(path)
    if not file.is_file():
        return None
    try:
        return SearchIndex(file)
    except sqlite3.Error:
        return None
