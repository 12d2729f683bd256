"""Query parameters from the command line (``--param key=value``) as typed RDF terms.

Types: ``iri`` (``<http://...>``, ``program:weicun``, or a name that ``resolve`` turns into an
entity), ``integer``, ``decimal``, ``date`` (YYYY-MM-DD), ``boolean``, ``string`` and ``text``
(a language string: ``为村@zh``, or Chinese text, which is taken as @zh).

A canned query declares each parameter's type; an ad hoc query's parameters are typed by their
look, and a bare word there names an entity (quote it, ``"..."``, for a plain string).
Parameters are bound as RDF terms, so a number's type matters: ``42`` is an xsd:integer (pages,
ranks), ``42.0`` an xsd:decimal (the value of every figure).

>>> parse_value("2019-12-31").n3()
'"2019-12-31"^^<http://www.w3.org/2001/XMLSchema#date>'
>>> parse_value("Tencent WeCounty@en").n3()
'"Tencent WeCounty"@en'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from .errors import UsageError
from .namespaces import PREFIXES
from .safe_text import shorten
from .sparql import valid_iri

__all__ = ["TYPES", "parse_value", "parse_assignment", "expand_iri"]

TYPES = ("iri", "integer", "decimal", "date", "boolean", "string", "text")

_CJK = re.compile(r"[\u3400-\u9fff]")
_LANG = re.compile(r"(?:\"(.*)\"|(.*?))@([a-zA-Z]{2,3}(?:-[a-zA-Z0-9]+)*)", re.DOTALL)
_CURIE = re.compile(r"([A-Za-z][\w-]*):([^\s/][^\s]*)?")


def expand_iri(text: str) -> URIRef | None:
    """``<...>``, an absolute http(s)/urn IRI or a CURIE with one of our prefixes; else None.
    A text written as an IRI that an IRI cannot be (a space, ``>``, a brace...) is a
    UsageError, never an IRI: it could otherwise close the IRI in a query and add text."""
    iri = None
    if text.startswith("<") and text.endswith(">"):
        iri = text[1:-1]
    elif re.fullmatch(r"(?:https?://|urn:)\S+", text):
        iri = text
    else:
        m = _CURIE.fullmatch(text)
        if m and m.group(1) in PREFIXES:
            iri = PREFIXES[m.group(1)] + (m.group(2) or "")
    if iri is None:
        return None
    if not valid_iri(iri):
        raise UsageError(f"not a valid IRI: {shorten(text)} (an IRI has no spaces, quotes, "
                         f"braces or angle brackets)")
    return URIRef(iri)


def parse_value(text: str, type_: str | None = None,
                resolve: Callable[[str], URIRef] | None = None):
    """The RDF term for ``text``; ``type_`` None means: guess from its look."""
    if type_ is None:
        type_ = _guess(text)
    try:
        if type_ == "iri":
            iri = expand_iri(text)
            if iri is None:
                if resolve is None:
                    raise ValueError("not an IRI: write <http://...> or prefix:name")
                iri = resolve(text)
            return iri
        if type_ == "integer":
            return Literal(int(text), datatype=XSD.integer)
        if type_ == "decimal":
            from .rdf import decimal_literal  # the build's own lexical form: 15176.0 -> 15176

            return decimal_literal(Decimal(text))
        if type_ == "date":
            return Literal(dt.date.fromisoformat(text), datatype=XSD.date)
        if type_ == "boolean":
            if text not in ("true", "false"):
                raise ValueError("write true or false")
            return Literal(text == "true", datatype=XSD.boolean)
        if type_ == "text":
            m = _LANG.fullmatch(text)
            if m:
                return Literal(m.group(1) if m.group(1) is not None else m.group(2),
                               lang=m.group(3).lower())
            return Literal(text, lang="zh" if _CJK.search(text) else "en")
        if type_ == "string":
            return Literal(text[1:-1] if len(text) > 1 and text[0] == text[-1] == '"' else text)
    except (ValueError, InvalidOperation) as e:
        raise UsageError(f"{text!r} is not a valid {type_}: {e}") from None
    raise UsageError(f"unknown parameter type {type_!r} (choose one of: {', '.join(TYPES)})")


def _guess(text: str) -> str:
    if expand_iri(text) is not None:
        return "iri"
    if re.fullmatch(r"[+-]?\d+", text):
        return "integer"
    if re.fullmatch(r"[+-]?\d*\.\d+", text):
        return "decimal"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return "date"
    if text in ("true", "false"):
        return "boolean"
    if _LANG.fullmatch(text):
        return "text"
    if len(text) > 1 and text[0] == text[-1] == '"':
        return "string"
    return "iri"  # a bare word names an entity: 如祺出行, weicun


def parse_assignment(assignment: str) -> tuple[str, str]:
    """``key=value`` -> (key, value); a missing ``=`` or a bad name is a UsageError."""
    key, sep, value = assignment.partition("=")
    key = key.strip().lstrip("?$")
    if not sep or not re.fullmatch(r"[A-Za-z_]\w*", key):
        raise UsageError(f"--param {assignment!r}: write it as name=value")
    return key, value
