"""``kg validate``: SHACL shapes plus the ``*-violation.rq`` queries, over the built store."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from .namespaces import ONTOLOGY_GRAPH, PREFIXES
from .ontology import load_shapes, violation_checks
from .sparql import iri_ref
from .store import Store

__all__ = ["Validation", "shacl_report", "run_checks", "validate_store"]

SH = "http://www.w3.org/ns/shacl#"


@dataclass
class Validation:
    shacl: list[str] = field(default_factory=list)               # one line per SHACL result
    checks: dict[str, list[str]] = field(default_factory=dict)   # check name -> offending rows
    triples: int = 0

    @property
    def ok(self) -> bool:
        return not self.shacl and not any(self.checks.values())


def _short(term) -> str:
    text = str(term)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text


def shacl_report(data: Graph, ontology: Graph, shapes: Graph) -> list[str]:
    """Validate ``data`` (with ``ontology`` mixed in) against ``shapes``; one line per result."""
    import pyshacl

    mixed = Graph()
    mixed += data
    mixed += ontology  # the SKOS schemes are needed to check codes
    conforms, results, _ = pyshacl.validate(
        mixed, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=False)
    if conforms:
        return []
    lines = []
    for result in results.subjects(URIRef(SH + "resultSeverity"), None):
        focus = results.value(result, URIRef(SH + "focusNode"))
        path = results.value(result, URIRef(SH + "resultPath"))
        message = results.value(result, URIRef(SH + "resultMessage"))
        where = _short(focus) + (f" {_short(path)}" if path is not None else "")
        lines.append(f"{where}: {message}")
    return sorted(lines)


def run_checks(store: Store, ontology_dir: Path) -> dict[str, list[str]]:
    """Run every ``checks/*-violation.rq``; name -> one text line per row returned."""
    out = {}
    for name, sparql in violation_checks(ontology_dir).items():
        rows = store.select(sparql)
        out[name] = [" ".join(_short(r[v]) for v in rows.vars if v in r) for r in rows]
    return out


def validate_store(store: Store, ontology_dir: Path) -> Validation:
    """SHACL over every report graph in the store, then the violation queries."""
    graphs = store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").column("g")
    ontology = store.construct(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}")
    shapes = load_shapes(ontology_dir)
    result = Validation()
    for g in sorted(str(x) for x in graphs):
        if g == str(ONTOLOGY_GRAPH):
            continue
        data = store.construct(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {iri_ref(g)} {{ ?s ?p ?o }} }}")
        result.triples += len(data)
        result.shacl.extend(f"{_short(g)}: {line}" for line in shacl_report(data, ontology, shapes))
    result.checks = run_checks(store, ontology_dir)
    return result
