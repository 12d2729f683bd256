"""How a search text and a name are compared and ranked: one normalisation for both sides,
word and syllable boundaries, and the score of a match.

Both sides are read the same way: NFKC (full-width ``ＷｅＣｏｕｎｔｙ`` and ``（）`` become
half-width), lower case, and every space, punctuation mark, quote and bracket dropped (so
``代码战疫`` meets 代码“战疫” and ``腾讯科技（深圳）有限公司`` meets 腾讯科技(深圳)有限公司).
Dropping them loses where words begin, so each text also gets *marks*: for a name with Latin
letters or digits, ``1`` at each position where a Latin word starts (after a space, a mark, a
Chinese character, a lower-to-upper or a letter-to-digit change); for pinyin, ``1`` at each
syllable boundary, end included. A search that starts with a Latin letter or digit must start
at a word (``UN`` never matches inside "Foundation"); a pinyin search must start and end on
syllables (``eicun`` does not find weicun).

The search index stores the normalised text and its marks; the SPARQL search computes them on
the fly, with the same functions, so both rank alike.
"""

from __future__ import annotations

import unicodedata

__all__ = ["normalize", "analyse", "pinyin_marks", "match", "score", "snippet", "DESCRIPTIVE",
           "HOW_RANK"]

# a label beats an alias, an alias beats pinyin, pinyin beats the id; descriptions and notes
# rank below every name
HOW_RANK = {"label": 3, "alias": 2, "pinyin": 1.2, "id": 1, "description": 0, "note": 0}
DESCRIPTIVE = ("description", "note")


def _dropped(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] in "PZC"


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def analyse(text: str) -> tuple[str, str, list[int]]:
    """(normalised text, its marks, the position in the NFKC text of each kept character).
    The marks are '' when the text holds no Latin letter or digit."""
    out: list[str] = []
    marks: list[str] = []
    where: list[int] = []
    prev, gap = "", True
    for i, ch in enumerate(unicodedata.normalize("NFKC", text)):
        if _dropped(ch):
            gap = True
            continue
        start = (gap or not _latin(prev) or (prev.islower() and ch.isupper())
                 or prev.isdigit() != ch.isdigit())
        for k, c in enumerate(ch.lower()):
            out.append(c)
            marks.append("1" if start and k == 0 and _latin(ch) else "0")
            where.append(i)
        prev, gap = ch, False
    has_latin = "1" in marks
    return "".join(out), "".join(marks) if has_latin else "", where


def normalize(text: str) -> str:
    """NFKC, lower case, no spaces, punctuation, quotes or brackets."""
    return analyse(text)[0]


def pinyin_marks(source: str) -> tuple[str, str]:
    """(normalised pinyin, syllable marks) of a Chinese text, syllable by syllable as the
    build writes it (:func:`kg.rdf.pinyin` joins the same pieces)."""
    from pypinyin import lazy_pinyin

    pieces = [normalize(p) for p in lazy_pinyin(source)]
    text = "".join(pieces)
    bounds, pos = {0}, 0
    for p in pieces:
        pos += len(p)
        bounds.add(pos)
    return text, "".join("1" if i in bounds else "0" for i in range(len(text) + 1))


def match(needle: str, norm: str, marks: str, how: str) -> tuple[int, int] | None:
    """(tier, position) of the best place ``needle`` occurs in ``norm``: tier 3 the whole
    text, 2 its start, 1 inside; None when it occurs nowhere it may."""
    latin = _latin(needle[0])
    pos = norm.find(needle)
    while pos >= 0:
        end = pos + len(needle)
        if how == "pinyin":
            ok = bool(marks) and marks[pos] == "1" and marks[end] == "1"
        else:
            ok = not latin or (bool(marks) and marks[pos] == "1")
        if ok:
            return (3 if end == len(norm) and pos == 0 else 2 if pos == 0 else 1), pos
        pos = norm.find(needle, pos + 1)
    return None


def score(tier: int, how: str, needle: str, norm: str) -> float:
    """Exact beats prefix beats inside; then label > alias > pinyin > id; among equals the
    closer fit (a shorter text). Descriptions and notes score below 100, every name above."""
    fit = 9 * len(needle) / max(len(norm), 1)
    if how in DESCRIPTIVE:
        return round(10 + fit, 2)
    return round(100 * tier + 10 * HOW_RANK[how] + fit, 2)


def snippet(text: str, pos: int, length: int, where: list[int], width: int = 14) -> str:
    """The words around a match in ``text`` (``pos``, ``length`` in normalised characters),
    with … where it was cut."""
    flat = " ".join(unicodedata.normalize("NFKC", text).split())
    if flat != unicodedata.normalize("NFKC", text):  # positions moved: find them again
        _, _, where = analyse(flat)
    start = where[pos] if pos < len(where) else 0
    end = where[pos + length - 1] + 1 if pos + length - 1 < len(where) else len(flat)
    a, b = max(0, start - width), min(len(flat), end + width)
    return ("…" if a else "") + flat[a:b] + ("…" if b < len(flat) else "")
