"""Analytics results as RDF: the scores of a ``kg analyze`` run in the named graph
``graph:analytics``, with the run itself as a ``prov:Activity``.

Each score is a triple on the entity, in the ``csr:`` terms of ``ontology/csr.ttl``
(:data:`MEASURES`): ``program:weicun csr:betweenness 0.0123``. The graph says where its
scores come from: ``graph:analytics prov:wasGeneratedBy ?run``, and the run has its
``prov:startedAtTime``, ``prov:endedAtTime``, ``csr:method`` (one per function it ran),
parameters (``csr:readings``, ``csr:seed``, ``csr:sampleSize`` when betweenness was sampled,
``csr:selection``), a ``rdfs:comment`` (the run's notes) and ``prov:used`` (the graphs it
read). The graph holds one run: :func:`save` replaces it whole.

>>> g = to_graph(measures(selection.graph), selection, used)            # doctest: +SKIP
>>> save(Path("build/store"), g)                                        # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef

from ..namespaces import CSR, GRAPH, ID, PREFIXES, PROV, RDF, RDFS, XSD
from .gould_fernandez import ROLES
from .result import Analysis

__all__ = ["ANALYTICS", "MEASURES", "SAVED", "Measure", "main_role", "to_graph", "save",
           "saved_run", "saved_values", "saved_entities", "run_triples", "utc_now"]

ANALYTICS = GRAPH["analytics"]


@dataclass(frozen=True)
class Measure:
    """One score kg can save, size or colour by: its name (the column of ``kg analyze -f
    json``), its ``csr:`` property and datatype, ``numeric`` or ``categorical``, the analysis
    that computes it, and its zh/en names (the ontology's labels)."""

    name: str
    term: URIRef
    datatype: URIRef
    kind: str
    analysis: str
    zh: str
    en: str


MEASURES = {m.name: m for m in (
    Measure("degree", CSR.degree, XSD.integer, "numeric", "measures", "度", "degree"),
    Measure("betweenness", CSR.betweenness, XSD.double, "numeric", "measures", "中介中心性",
            "betweenness"),
    Measure("constraint", CSR.constraint, XSD.double, "numeric", "measures", "结构约束",
            "constraint"),
    Measure("effective_size", CSR.effectiveSize, XSD.double, "numeric", "measures", "有效规模",
            "effective size"),
    Measure("bridges", CSR.bridgeCount, XSD.integer, "numeric", "measures", "桥数", "bridges"),
    Measure("articulation", CSR.articulationPoint, XSD.boolean, "categorical", "measures",
            "割点", "articulation point"),
    Measure("community", CSR.community, XSD.integer, "categorical", "measures", "社群",
            "community"),
    Measure("brokerage", CSR.brokerage, XSD.integer, "numeric", "brokers", "中介次数",
            "brokerage"),
    Measure("brokerage_role", CSR.brokerageRole, XSD.string, "categorical", "brokers",
            "主要中介角色", "main brokerage role"),
)}

# what each analysis saves
SAVED = {
    "measures": ("degree", "betweenness", "constraint", "effective_size", "bridges",
                 "articulation", "community"),
    "communities": ("community",),
    "brokers": ("brokerage", "brokerage_role"),
}


def main_role(row: dict) -> str | None:
    """The role a broker takes most often (ties in the order of ``ROLES``); None for none.

    >>> main_role({"coordinator": 1, "itinerant": 3, "gatekeeper": 3, "representative": 0,
    ...            "liaison": 0})
    'itinerant'
    """
    best = max(ROLES, key=lambda r: (row.get(r, 0), -ROLES.index(r)))
    return best if row.get(best, 0) else None


def _values(result: Analysis, entities: Iterable[str]) -> dict[str, dict[str, object]]:
    """entity -> measure name -> value, of the measures ``result`` saves."""
    out: dict[str, dict[str, object]] = {}
    if result.name == "measures":
        for r in result.rows:
            out[r["entity"]] = {m: r[m] for m in SAVED["measures"]}
    elif result.name == "communities":
        for r in result.rows:
            for e in r["member_iris"]:
                out[e] = {"community": r["community"]}
    elif result.name == "brokers":
        out = {e: {"brokerage": 0, "brokerage_role": None} for e in entities}
        for r in result.rows:
            out[r["entity"]] = {"brokerage": r["total"], "brokerage_role": main_role(r)}
    else:
        raise ValueError(f"{result.name} results are not saved as RDF")
    return out


def _methods(result: Analysis) -> list[str]:
    p = result.parameters
    louvain = (f"networkx.community.louvain_communities (seed {p.get('seed')}, "
               "resolution 1.0)")
    if result.name == "measures":
        return [f"networkx.betweenness_centrality ({p['betweenness']}; normalised)", louvain,
                "kg.analyze.structure.structural_holes (Burt 1992: constraint, effective size)",
                "networkx.bridges", "networkx.articulation_points"]
    if result.name == "communities":
        return [louvain]
    return ["kg.analyze.gould_fernandez.brokerage (Gould and Fernandez 1989; groups: "
            "organization class or entity type; partnerships both ways)"]


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def to_graph(result: Analysis, selection_text: str, entities: Iterable[str],
             used: Iterable[str], started: datetime | None = None,
             ended: datetime | None = None) -> Graph:
    """The analytics graph of one run: ``result`` (``measures``, ``communities`` or
    ``brokers``) of the selection described by ``selection_text``, whose entities are
    ``entities``, computed from the named graphs ``used``."""
    started = started or utc_now()
    ended = ended or utc_now()
    run = ID[f"run/{result.name}-{started.strftime('%Y%m%dT%H%M%SZ')}"]
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.add((ANALYTICS, PROV.wasGeneratedBy, run))
    g.add((run, RDF.type, PROV.Activity))
    g.add((run, PROV.startedAtTime, Literal(started, datatype=XSD.dateTime)))
    g.add((run, PROV.endedAtTime, Literal(ended, datatype=XSD.dateTime)))
    for method in _methods(result):
        g.add((run, CSR.method, Literal(method)))
    p = result.parameters
    g.add((run, CSR.readings, Literal(bool(p.get("readings")))))
    if "seed" in p:
        g.add((run, CSR.seed, Literal(int(p["seed"]))))
    if str(p.get("betweenness", "")).startswith("sampled"):
        g.add((run, CSR.sampleSize, Literal(int(p["sample"]))))
    g.add((run, CSR.selection, Literal(selection_text)))
    g.add((run, RDFS.comment, Literal(f"kg analyze {result.name}: " + "; ".join(result.notes),
                                      lang="en")))
    for name in sorted(used):
        g.add((run, PROV.used, URIRef(name)))
        g.add((URIRef(name), RDF.type, PROV.Entity))
    for entity, values in _values(result, entities).items():
        for name, value in values.items():
            if value is not None:
                m = MEASURES[name]
                g.add((URIRef(entity), m.term, Literal(value, datatype=m.datatype)))
    return g


def save(store_path: Path | None, graph: Graph) -> int:
    """Replace the analytics graph of the embedded store at ``store_path`` (default: the
    build's) with ``graph``; the other graphs are copied as they are. Returns the triples
    written.

    Done as ``kg build`` writes a store, under its lock: a new store version with every quad
    of the current one but the old analytics graph, plus the new one, swapped in by one
    rename of the store link, so a reader sees the old store or the new one. A later ``kg
    build`` starts again without analytics."""
    import pyoxigraph as ox

    from ..build import _locked, _refuse_foreign, _write_all
    from ..errors import StoreError
    from ..paths import default_store

    store_path = Path(store_path) if store_path else default_store()
    if not store_path.exists():
        raise StoreError(f"no store at {store_path}: run 'kg build' first")
    _refuse_foreign(store_path)
    with _locked(store_path):
        _refuse_foreign(store_path)
        current = ox.Store.read_only(str(store_path))
        analytics = ox.NamedNode(str(ANALYTICS))
        kept = [q for q in current.quads_for_pattern(None, None, None, None)
                if q.graph_name != analytics]
        del current
        ds = Dataset()
        target = ds.graph(ANALYTICS)
        for triple in graph:
            target.add(triple)
        nquads = (ox.serialize(kept, format=ox.RdfFormat.N_QUADS)
                  + ds.serialize(format="nquads", encoding="utf-8"))
        _write_all(nquads, store_path, [])
    return len(graph)


_RUN = """
SELECT ?run ?started ?readings ?selection WHERE { GRAPH graph:analytics {
  graph:analytics prov:wasGeneratedBy ?run .
  ?run prov:startedAtTime ?started ; csr:readings ?readings ; csr:selection ?selection .
} }"""


def saved_run(store) -> dict | None:
    """The saved run, if the store has one: ``run`` (IRI), ``started`` (ISO text),
    ``readings`` (bool), ``selection`` (text)."""
    rows = store.select(_RUN).rows
    if not rows:
        return None
    r = rows[0]
    return {"run": str(r["run"]), "started": str(r["started"]),
            "readings": bool(r["readings"].toPython()), "selection": str(r["selection"])}


def saved_values(store, measure: Measure) -> dict[str, object]:
    """entity IRI -> value of ``measure`` in the analytics graph (empty if none is saved)."""
    rows = store.select("SELECT ?e ?v WHERE { GRAPH graph:analytics { ?e ?p ?v } }",
                        {"p": measure.term})
    return {str(r["e"]): r["v"].toPython() for r in rows}


def saved_entities(store) -> set[str]:
    """The entities the saved run scored (the selection it read)."""
    terms = " ".join(f"<{m.term}>" for m in MEASURES.values())
    rows = store.select("SELECT DISTINCT ?e WHERE { GRAPH graph:analytics { ?e ?p ?v "
                        f"VALUES ?p {{ {terms} }} }} }}")
    return rows.values("e")


_RUN_TRIPLES = """
SELECT ?s ?p ?o WHERE { GRAPH graph:analytics {
  { graph:analytics prov:wasGeneratedBy ?run . ?s ?p ?o FILTER(?s IN (graph:analytics, ?run)) }
  UNION { ?s a prov:Entity ; ?p ?o }
} }"""


def run_triples(store) -> list[tuple]:
    """The saved run's description (the graph's prov:wasGeneratedBy, the activity, the
    graphs it used): what an export of some entities' scores carries along with them."""
    return [(r["s"], r["p"], r["o"]) for r in store.select(_RUN_TRIPLES)]
