"""The checks of one field of a data-file entry, by field type (see ``kg.load.FILES``).

:func:`check_field` returns the reasons a value is wrong, none when it is right. The type of
a value is checked before anything else, so a list, a mapping, a number, a bool or null where
something else belongs is one clear reason and never a crash. Every value echoed back goes
through :func:`kg.safe_text.shorten`. Nested mappings (zh/en texts, roles, demands, criteria,
periods) refuse keys they do not know. A reason about a nested value names it by its path:
``description.en``, ``roles.2.org`` (items count from 1).

>>> check_field("kind", "code:place-kind", ["a", "b"], {"place-kind": {"city"}})
["kind must be one place kind code (allowed: city), not ['a', 'b']"]
>>> check_field("period", "period", {"from": 2019, "till": 2020}, {})
["period: unknown key 'till' (allowed: from, to)", 'period: missing to']
>>> control_problems("description", {"en": "a\\x1b[2Jb"})[0][:49]
'description.en holds a control character (U+001B)'
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterator

from .safe_text import CONTROL, has_control, one_line, shorten

__all__ = ["ID_RE", "UNIT_RE", "REF_RE", "DATE_RE", "CASS_CODE_RE", "TIERS", "parse_date",
           "check_field", "check_record", "unknown_keys", "control_problems", "is_blank"]

# Always used with fullmatch: with match and $, an id with a trailing newline would pass.
ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
UNIT_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")  # units keep their usual case: CNY, kWh
REF_RE = UNIT_RE                                     # a reference to an id or a unit id
DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
CASS_CODE_RE = re.compile(r"[PGMSEA]\d+(?:\.\d+)?")
TIERS = ("must", "should", "may")
MAX_ITEM_REASONS = 3  # per field: a long list of bad items is not echoed item by item

# The nested mappings: field -> type, and the fields each one needs.
LANGS = {"zh": "str", "en": "str"}
ROLE = ({"zh": "str", "en": "str", "org": "ref"}, ("zh", "en"))
DEMAND = ({"id": "id", "tier": "code:tier", "zh": "str", "en": "str"}, ("id", "tier", "zh", "en"))
CRITERION = ({"criterion": "code:criterion", "stars": "stars", "summary": "langmap"},
             ("criterion", "stars"))
# A concept of a report framework (frameworks.yaml); `matches` is the curator's scheme code
# it is the same as (``role/connector``), `links` the entities the report links it to.
CONCEPT = ({"id": "id", "zh": "str", "en": "str", "aliases": "list", "description": "langmap",
            "sources": "sources", "matches": "scheme-code", "links": "refs"},
           ("id", "zh", "en"))
SPAN = ({"from": "date", "to": "date"}, ("from", "to"))

Check = Callable[[str, object, str, dict], list[str]]


def is_blank(value) -> bool:
    """Whether a value counts as not given: null, an empty text, list or mapping."""
    return value is None or (isinstance(value, (str, list, dict)) and not value)


def parse_date(value) -> tuple[str, str]:
    """``2019``, ``2019-09`` or ``2019-09-07`` (str, int or date) -> (lexical form, xsd type).

    Raises ``ValueError`` on anything else, including impossible calendar dates.
    """
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = value.isoformat()
    m = (DATE_RE.fullmatch(str(value)) if isinstance(value, (str, int))
         and not isinstance(value, bool) else None)
    if not m:
        raise ValueError(f"bad date {shorten(value)} (use 2019, 2019-09 or 2019-09-07)")
    text = str(value)
    year, month, day = m.groups()
    if month and not 1 <= int(month) <= 12:
        raise ValueError(f"bad date {shorten(value)}: month {month}")
    if day:
        try:
            dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"bad date {shorten(value)} (no such day)") from None
        return text, "date"
    return text, "gYearMonth" if month else "gYear"


def _at(path: str) -> str:
    """The prefix of a reason that does not start with its field: none at the top level."""
    return f"{path}: " if "." in path else ""


def _is_text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _items(path: str, value, kind: str, codes: dict, what: str) -> list[str]:
    """Each item of a list checked as ``kind``; at most MAX_ITEM_REASONS reasons."""
    if not isinstance(value, list):
        return [f"{path} must be a list of {what}, not {shorten(value)}"]
    bad: list[str] = []
    wrong = 0
    for i, item in enumerate(value, start=1):
        reasons = check_field(f"{path}.{i}", kind, item, codes)
        wrong += bool(reasons)
        if wrong <= MAX_ITEM_REASONS:
            bad.extend(reasons)
    if wrong > MAX_ITEM_REASONS:
        bad.append(f"{path}: {wrong - MAX_ITEM_REASONS} more bad items")
    return bad


def unknown_keys(path: str, mapping: dict, allowed) -> list[str]:
    """One reason per key of ``mapping`` that is not in ``allowed``."""
    return [f"{path}: unknown key {shorten(k)} (allowed: {', '.join(allowed)})"
            + (" - a comma in an unquoted text? quote the text" if mapping[k] is None else "")
            for k in sorted((k for k in mapping if k not in allowed), key=repr)]


def check_record(path: str, value, spec: dict, required: tuple = ()) -> Callable:
    """A nested mapping: known keys only, the required ones given, each one of its type."""
    def check(codes: dict) -> list[str]:
        if not isinstance(value, dict):
            return [f"{path} must be a mapping of {', '.join(spec)}, not {shorten(value)}"]
        bad = unknown_keys(path, value, spec)
        bad += [f"{path}: missing {k}" for k in required if is_blank(value.get(k))]
        for key, item in value.items():
            if key in spec and not is_blank(item):
                bad += check_field(f"{path}.{key}", spec[key], item, codes)
            elif key in spec and key not in required:
                bad.append(f"{path}.{key} is empty (give a value or leave it out)")
        return bad

    return check


# ---------------------------------------------------------------- one check per type

def _id(path, value, _, codes):
    if isinstance(value, str) and ID_RE.fullmatch(value):
        return []
    return [f"{_at(path)}bad id {shorten(value)} (lowercase letters, digits and - only)"]


def _unit_id(path, value, _, codes):
    if isinstance(value, str) and UNIT_RE.fullmatch(value):
        return []
    return [f"{_at(path)}bad unit id {shorten(value)} (letters, digits and - only)"]


def _text(path, value, _, codes):
    if _is_text(value):
        return []
    hint = " (quote it)" if isinstance(value, (int, float)) else ""
    return [f"{path} must be a non-empty text, not {shorten(value)}{hint}"]


def _langmap(path, value, _, codes):
    if isinstance(value, dict) and not value:
        return [f"{path} must hold a zh or an en text"]
    return check_record(path, value, LANGS)(codes)


def _texts(path, value, _, codes):
    return _items(path, value, "str", codes, "texts")


def _cass_code(path, value, _, codes):
    if isinstance(value, str) and CASS_CODE_RE.fullmatch(value):
        return []
    return [f"{_at(path)}bad CASS-CSR code {shorten(value)} (e.g. G1.1, M2.7, A4)"]


def _cass_codes(path, value, _, codes):
    return _items(path, value, "cass-code", codes, "CASS-CSR codes")


def _date(path, value, _, codes):
    try:
        parse_date(value)
    except ValueError as e:
        return [f"{path}: {e}"]
    return []


def _period(path, value, _, codes):
    if isinstance(value, dict):
        return check_record(path, value, *SPAN)(codes)
    if isinstance(value, (str, int, dt.date)) and not isinstance(value, bool):
        return _date(path, value, _, codes)
    return [f"{path} must be a date or {{from, to}}, not {shorten(value)}"]


def _span(path, value, _, codes):
    return check_record(path, value, *SPAN)(codes)


def _number(path, value, _, codes):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return [f"{path} must be a number, not {shorten(value)} (write 2510000 for 251万)"]
    if not math.isfinite(value):
        return [f"{path} must be a finite number, not {shorten(value)}"]
    return []


def _int(path, value, _, codes):
    return [] if _is_int(value) else [f"{path} must be a whole number, not {shorten(value)}"]


def _stars(path, value, _, codes):
    if _is_int(value) and 0 <= value <= 5:
        return []
    return [f"{path} must be a whole number from 0 to 5, not {shorten(value)}"]


def _bool(path, value, _, codes):
    return [] if isinstance(value, bool) else [f"{path} must be true or false, "
                                               f"not {shorten(value)}"]


def _ref(path, value, _, codes):
    if isinstance(value, str) and REF_RE.fullmatch(value):
        return []
    return [f"{path} must be an id, not {shorten(value)}"]


def _refs(path, value, _, codes):
    return _items(path, value, "ref", codes, "ids")


def _code(path, value, scheme, codes):
    allowed = sorted(codes.get(scheme, ()))
    label = "role" if scheme == "partner-role" else scheme.replace("-", " ")
    if not isinstance(value, str):
        return [f"{path} must be one {label} code (allowed: {', '.join(allowed)}), "
                f"not {shorten(value)}"]
    if value in allowed:
        return []
    return [f"{_at(path)}unknown {label} {shorten(value)} (allowed: {', '.join(allowed)})"]


def _codes(path, value, scheme, codes):
    return _items(path, value, f"code:{scheme}", codes, "codes")


def _records(spec: dict, required: tuple, what: str) -> Check:
    def check(path, value, _, codes):
        if not isinstance(value, list):
            return [f"{path} must be a list of {what}, not {shorten(value)}"]
        bad = []
        for i, item in enumerate(value, start=1):
            bad += check_record(f"{path}.{i}", item, spec, required)(codes)
        return bad

    return check


def _scheme_code(path, value, _, codes):
    scheme, _, code = value.partition("/") if isinstance(value, str) else ("", "", "")
    if code not in codes.get(scheme, ()):
        return [f"{path} {shorten(value)} is not a scheme/code of schemes.ttl (e.g. role/toolbox)"]
    return []


CHECKS: dict[str, Check] = {
    "id": _id, "unit-id": _unit_id, "str": _text, "langmap": _langmap, "list": _texts,
    "cass-code": _cass_code, "cass-codes": _cass_codes, "date": _date, "period": _period,
    "span": _span, "number": _number, "int": _int, "stars": _stars, "bool": _bool,
    "ref": _ref, "refs": _refs, "sources": _refs, "code": _code, "codes": _codes,
    "roles": _records(*ROLE, "{zh, en, org}"),
    "demands": _records(*DEMAND, f"{{id, tier ({', '.join(TIERS)}), zh, en}}"),
    "criteria": _records(*CRITERION, "{criterion, stars 0-5, summary}"),
    "scheme-code": _scheme_code,
    "concepts": _records(*CONCEPT, "{id, zh, en, description, sources, matches, links}"),
}


def check_field(path: str, kind: str, value, codes: dict[str, set[str]]) -> list[str]:
    """The reasons ``value`` is not a good ``kind`` (``ref``, ``code:place-kind`` ...)."""
    base, _, arg = kind.partition(":")
    return CHECKS[base](path, value, arg, codes)


# ---------------------------------------------------------------- control characters

def _strings(path: str, value) -> Iterator[tuple[str, str]]:
    """(path, text) of every text in a value, nested ones included."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for i, item in enumerate(value, start=1):
            yield from _strings(f"{path}.{i}", item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(f"{path}.{one_line(key, 40)}" if isinstance(key, str) else path,
                                item)


def control_problems(path: str, value) -> list[str]:
    """A reason per text in ``value`` holding a control character (a tab is fine), at most
    MAX_ITEM_REASONS."""
    bad = []
    for where, text in _strings(path, value):
        if has_control(text):
            ch = next(c for c in text if c == "\n" or CONTROL.fullmatch(c))
            bad.append(f"{where} holds a control character (U+{ord(ch):04X}): "
                       f"{shorten(text)} (only a tab may stand in a text)")
            if len(bad) == MAX_ITEM_REASONS:
                break
    return bad
