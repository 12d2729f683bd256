"""The ontology files: ``csr.ttl`` (classes and properties), ``schemes.ttl`` (SKOS schemes),
``shapes.ttl`` (SHACL) and ``checks/*-violation.rq`` (queries that must return no rows)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from .errors import BuildError
from .namespaces import CSRS, PREFIXES, SKOS

__all__ = ["ONTOLOGY_FILES", "load_ontology", "load_shapes", "scheme_codes", "violation_checks"]

ONTOLOGY_FILES = ("csr.ttl", "schemes.ttl")


def _parse(path: Path) -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    try:
        g.parse(path, format="turtle")
    except FileNotFoundError as e:
        raise BuildError([f"{path}: missing ontology file"]) from e
    except Exception as e:  # rdflib raises many parser exception types
        raise BuildError([f"{path.name}: not valid Turtle: {e}"]) from e
    return g


def load_ontology(ontology_dir: Path) -> Graph:
    """``csr.ttl`` and ``schemes.ttl`` as one graph (it goes into the ontology named graph)."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for name in ONTOLOGY_FILES:
        g += _parse(Path(ontology_dir) / name)
    return g


def load_shapes(ontology_dir: Path) -> Graph:
    return _parse(Path(ontology_dir) / "shapes.ttl")


def scheme_codes(ontology: Graph) -> dict[str, dict[str, tuple[str, str]]]:
    """scheme key (``partner-role``) -> code (``funder``) -> (zh label, en label)."""
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for concept, scheme in ontology.subject_objects(SKOS.inScheme):
        key = str(scheme)
        if not key.startswith(str(CSRS)):
            continue
        key = key[len(str(CSRS)):]
        code = str(ontology.value(concept, SKOS.notation))
        labels = {lit.language: str(lit) for lit in ontology.objects(concept, SKOS.prefLabel)}
        out.setdefault(key, {})[code] = (labels.get("zh", code), labels.get("en", code))
    return out


def violation_checks(ontology_dir: Path) -> dict[str, str]:
    """name -> SPARQL text of every ``checks/*-violation.rq``, sorted by name."""
    return {p.name[: -len("-violation.rq")]: p.read_text(encoding="utf-8")
            for p in sorted((Path(ontology_dir) / "checks").glob("*-violation.rq"))}
