"""Content negotiation and the bytes of an answer, by the formats' own serializers.

SELECT and ASK: SPARQL results JSON (the default), XML, CSV and TSV; CONSTRUCT and DESCRIBE:
Turtle (the default), N-Triples, JSON-LD and RDF/XML (what SPARQLWrapper and rdflib's
SPARQLStore ask for by default). JSON, XML, CSV, TSV, Turtle, N-Triples and JSON-LD are written
by :mod:`kg.results` (the same bytes as ``kg query --format``; the results formats by
pyoxigraph's serializers, see :mod:`kg.result_formats`); RDF/XML by rdflib. The
client's ``Accept`` header chooses, or a ``format`` parameter that wins over it: ``json``,
``xml``, ``csv``, ``tsv``, ``ttl``/``turtle``, ``nt``, ``jsonld``, ``rdfxml`` or a media type
(``xml`` and ``json`` mean RDF/XML and JSON-LD for a graph); a ``format`` it does not know
leaves the choice to ``Accept``.

>>> choose("text/csv;q=0.5, application/sparql-results+json", RESULTS)
('application/sparql-results+json', 'json')
>>> choose("text/html", GRAPHS) is None
True
"""

from __future__ import annotations

import io

__all__ = ["ASK", "GRAPHS", "RESULTS", "choose", "serialize", "wants_json"]

# (media type, our format name), in the server's order of preference
RESULTS = [("application/sparql-results+json", "json"), ("application/sparql-results+xml", "xml"),
           ("text/csv", "csv"), ("text/tab-separated-values", "tsv"), ("application/json", "json"),
           ("application/xml", "xml"), ("text/xml", "xml")]
ASK = [m for m in RESULTS if m[1] in ("json", "xml")]
GRAPHS = [("text/turtle", "ttl"), ("application/n-triples", "nt"),
          ("application/ld+json", "jsonld"),
          ("application/rdf+xml", "rdfxml"), ("application/x-turtle", "ttl"),
          ("text/plain", "nt"), ("application/json", "jsonld"), ("application/xml", "rdfxml")]


_ALIASES = {"turtle": "ttl", "n-triples": "nt", "ntriples": "nt", "json-ld": "jsonld",
            "rdf": "rdfxml", "rdf+xml": "rdfxml", "srj": "json", "srx": "xml"}


def _ranges(accept: str) -> list[tuple[str, float]]:
    out = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            name, _, value = f.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        out.append((fields[0].lower(), q))
    return out


def _quality(media: str, ranges: list[tuple[str, float]]) -> float:
    """The q of the most specific range that matches ``media`` (0 when none does)."""
    kind = media.split("/")[0]
    best, specificity = 0.0, -1
    for rng, q in ranges:
        level = 2 if rng == media else 1 if rng == f"{kind}/*" else 0 if rng == "*/*" else -1
        if level > specificity:
            best, specificity = q, level
    return best


def choose(accept: str | None, offers: list[tuple[str, str]],
           fmt: str | None = None) -> tuple[str, str] | None:
    """The (media type, format) to answer with; None when nothing offered is acceptable.
    ``fmt`` (a ``format`` parameter) wins over ``accept``."""
    if fmt:
        fmt = fmt.strip().lower()
        graph = offers[0][1] == "ttl"
        name = _ALIASES.get(fmt, fmt)
        if graph:
            name = {"xml": "rdfxml", "json": "jsonld"}.get(name, name)
        found = next((o for o in offers if o[1] == name or o[0] == fmt), None)
        if found is not None:
            return found  # an unknown format (SPARQLWrapper sends its own names): Accept decides
    if not accept or not accept.strip():
        return offers[0]
    ranges = _ranges(accept)
    scored = [(_quality(media, ranges), -i, (media, name)) for i, (media, name) in
              enumerate(offers)]
    q, _, best = max(scored)
    return best if q > 0 else None


def wants_json(accept: str | None) -> bool:
    """Whether an error should be written as JSON for this client."""
    return bool(accept) and "json" in accept.lower()


def serialize(kind: str, fmt: str, items: list, names: list[str], boolean: bool | None,
              truncated: bool = False) -> bytes:
    """The answer's bytes (UTF-8). JSON results carry ``"truncated": true`` when the row cap
    cut them (an extra member, which SPARQL JSON readers ignore)."""
    from ..results import write_boolean, write_graph, write_rows

    if fmt == "rdfxml":
        return _rdflib_xml(items)
    out = io.StringIO()
    if kind == "ask":
        write_boolean(bool(boolean), fmt, out)
    elif kind == "graph":
        write_graph(items, fmt, out)
    else:
        write_rows(names, items, fmt, out)
    text = out.getvalue()
    if truncated and fmt == "json" and kind == "select" and text.endswith("]}}\n"):
        text = text[:-len("}\n")] + ', "truncated": true}\n'
    return text.encode("utf-8")


def _rdflib_xml(items: list) -> bytes:
    from rdflib import Graph

    from ..namespaces import PREFIXES

    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for t in items:
        g.add(t)
    return g.serialize(format="xml", encoding="utf-8")

