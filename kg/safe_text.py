"""Text that is safe to show: control characters made visible, long values cut.

A label, an endpoint's answer or a server's error body can hold terminal escapes
(``ESC ] 0 ; title BEL`` retitles a terminal, ``ESC [ 2 J`` clears it). Everything kg prints
for a person goes through :func:`visible`; every value echoed back in an error message goes
through :func:`shorten`, so a hostile or huge value never reaches the screen raw or whole.

>>> visible("red \\x1b[31mtext\\x07")
'red \\\\x1b[31mtext\\\\x07'
>>> shorten("x" * 200, 10)
"'xxxxxxxx…"
"""

from __future__ import annotations

import re
import reprlib

__all__ = ["CONTROL", "visible", "shorten", "one_line", "has_control", "XML_INVALID",
           "xml_safe"]

# C0 controls except tab and newline, DEL, C1 controls, and the Unicode line/paragraph
# separators and bidi overrides that reorder what a terminal shows.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# What XML 1.0 cannot hold at all (GraphML, GEXF, RDF/XML).
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


# a bounded repr: a YAML alias bomb or a huge list is never walked whole
_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 3, 6, 6, 200, 200


def _escape(m: re.Match) -> str:
    code = ord(m.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character (but tab and newline) written as ``\\xNN``."""
    return CONTROL.sub(_escape, text)


def has_control(text: str, allow_newline: bool = False) -> bool:
    """Whether ``text`` holds a control character (a tab never counts; a newline unless
    ``allow_newline``)."""
    return bool(CONTROL.search(text)) or (not allow_newline and "\n" in text)


def one_line(text: str, limit: int = 300) -> str:
    """``text`` visible, on one line (line breaks become spaces), cut to ``limit``."""
    flat = " ".join(visible(str(text)).split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def shorten(value, limit: int = 80) -> str:
    """``repr(value)`` made visible and cut to ``limit`` characters, for error messages that
    echo what a user or a file gave."""
    try:
        text = visible(_REPR.repr(value))
    except ValueError:  # an int past Python's digit limit for repr
        text = f"<a number of about {value.bit_length() * 3 // 10} digits>"
    return text if len(text) <= limit else text[:limit - 1] + "…"


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold replaced by U+FFFD."""
    return XML_INVALID.sub("\ufffd", text)
