"""SELECT rows for a person: an aligned plain-text table that fits the terminal, and Markdown.

Widths are terminal columns, CJK and full-width characters counted as two
(:func:`display_width`). How wide a table may be:

* ``out`` is a terminal: its width, or ``COLUMNS`` when that is set (as
  ``shutil.get_terminal_size`` reads it); no limit when the terminal reports 0 columns;
* ``out`` is not a terminal (a pipe, a file given with ``-o``): no limit, every cell is
  written whole, for scripts and ``less -S``. ``COLUMNS`` does not count there: GNU readline
  exports it into the environment of every program started by one that loaded it (a Python
  REPL, pytest), so it says nothing about where the table goes.

When the columns' natural widths (their widest cell among the first rows) do not fit, each
column keeps at least its header's width (6 columns at least, when its cells are that wide) and
the room left is shared in proportion to what each column wanted; a longer cell ends in "…".
When not even the headers fit side by side, each row is written as a record instead, one
``header  value`` line per column (psql's "expanded" display), so every header stays whole.
A cell is one line (line breaks and runs of spaces become one space) and control characters
are shown as ``\\x1b`` (:func:`kg.safe_text.visible`), so a label cannot drive the terminal.

Not ``rich``'s Table, though it measures CJK width and fits a terminal too: it lays out every
row before printing the first, and a table here streams (the first rows fix the widths, the
rest are written as they arrive), as ``kg query`` does for a result of any size.

>>> display_width("为村 WeCounty")
13
>>> shares([30, 10, 40], [5, 5, 5], 40)
[15, 7, 18]
"""

from __future__ import annotations

import itertools
import os
import unicodedata
from collections.abc import Iterator
from typing import TextIO

from .namespaces import curie
from .safe_text import visible

__all__ = ["cell", "display_width", "fit", "table_width", "write_table", "write_markdown", "shares"]

SIZING_ROWS = 500  # rows the table reads before it fixes its column widths
MIN_CELL = 6       # display columns a column keeps when even the headers do not fit
GAP = 2            # spaces between columns


def display_width(text: str) -> int:
    """Terminal columns: CJK and full-width characters take two, combining marks none."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def fit(text: str, width: int, cut: bool = True) -> str:
    """``text`` cut to ``width`` columns (ending in …) and padded to exactly ``width``; with
    ``cut`` false, whole and padded to at least ``width``."""
    if cut and display_width(text) > width:
        out, used = [], 0
        for ch in text:
            w = display_width(ch)
            if used + w > width - 1:
                break
            out.append(ch)
            used += w
        text = "".join(out) + "…"
    return text + " " * max(0, width - display_width(text))


def table_width(out: TextIO) -> int | None:
    """The display columns a table written to ``out`` may take; None for no limit."""
    try:
        if not out.isatty():
            return None
        columns = os.environ.get("COLUMNS", "")
        if columns.isdigit() and int(columns) > 0:
            return int(columns)
        return os.get_terminal_size(out.fileno()).columns or None  # 0: size not known
    except (AttributeError, ValueError, OSError):  # not a file, closed, or no size known
        return None


def shares(natural: list[int], floor: list[int], room: int) -> list[int]:
    """Column widths within ``room``: each at least its ``floor``, the rest of the room given
    in proportion to what each column wants beyond it (largest remainders first)."""
    want = [max(0, n - f) for n, f in zip(natural, floor)]
    spare = room - sum(floor)
    if spare <= 0 or not sum(want):
        return list(floor)
    exact = [spare * w / sum(want) for w in want]
    widths = [f + int(e) for f, e in zip(floor, exact)]
    left = spare - sum(int(e) for e in exact)
    for i in sorted(range(len(exact)), key=lambda i: int(exact[i]) - exact[i])[:left]:
        widths[i] += 1
    return widths


def _widths(names: list[str], natural: list[int], width: int | None) -> list[int] | None:
    """Each column's width within ``width``; None when not even the headers fit."""
    if width is None:
        return natural
    room = width - GAP * (len(names) - 1)
    if sum(natural) <= room:
        return natural
    floor = [min(n, max(display_width(h), MIN_CELL)) for h, n in zip(names, natural)]
    if sum(floor) > room:
        return None
    return shares(natural, floor, room)


def cell(term) -> str:
    """A term as a person reads it: a CURIE for our IRIs, the bare text of a literal on one
    line."""
    from rdflib import BNode, URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef):
        return curie(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    return " ".join(str(term).split())


def _cell(term) -> str:
    return visible(cell(term))


def write_table(names: list[str], rows: Iterator[dict], out: TextIO,
                width: int | None = None) -> int:
    """An aligned table of ``rows`` within ``width`` display columns (None: cells whole),
    then ``(N rows)``; returns N. When not even the headers fit side by side, each row is
    written as a record, one ``name  value`` line per column (as psql's expanded mode)."""
    first = list(itertools.islice(rows, SIZING_ROWS))
    heads = [visible(n) for n in names]
    natural = [max([display_width(h)] + [display_width(_cell(r.get(v))) for r in first])
               for h, v in zip(heads, names)]
    widths = _widths(heads, natural, width)
    all_rows = itertools.chain(first, rows)
    if widths is None:
        n = _records(names, heads, natural, all_rows, out, width)
    else:
        cut = width is not None

        def line(values):
            out.write((" " * GAP).join(fit(t, w, cut) for t, w in zip(values, widths))
                      .rstrip() + "\n")

        line(heads)
        line(["-" * w for w in widths])
        n = 0
        for n, r in enumerate(all_rows, start=1):
            line([_cell(r.get(v)) for v in names])
    out.write(f"({n} row{'s' if n != 1 else ''})\n")
    return n


def _records(names, heads, natural, rows, out: TextIO, width: int) -> int:
    """Rows as records: ``-[ row N ]`` then each column's header and value on a line."""
    name_width = max(display_width(h) for h in heads)
    value_width = max(MIN_CELL, width - name_width - GAP)
    rule = min(width, name_width + GAP + max(natural))
    n = 0
    for n, r in enumerate(rows, start=1):
        title = f"-[ row {n} ]"
        out.write(title + "-" * max(0, rule - len(title)) + "\n")
        for head, v in zip(heads, names):
            out.write((fit(head, name_width) + " " * GAP + fit(_cell(r.get(v)), value_width))
                      .rstrip() + "\n")
    return n


def write_markdown(names: list[str], rows: Iterator[dict], out: TextIO) -> int:
    """A Markdown table (``|`` and ``\\`` escaped in cells); returns the row count."""
    def md(text):
        return text.replace("\\", "\\\\").replace("|", "\\|")

    out.write("| " + " | ".join(md(visible(n)) for n in names) + " |\n")
    out.write("|" + "|".join("---" for _ in names) + "|\n")
    n = 0
    for n, r in enumerate(rows, start=1):
        out.write("| " + " | ".join(md(_cell(r.get(v))) for v in names) + " |\n")
    return n
