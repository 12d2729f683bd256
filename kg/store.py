"""The one store interface every command goes through.

SPARQL in; rows (SELECT), a graph (CONSTRUCT/DESCRIBE) or a bool (ASK) out; rdflib terms in
both cases. Two engines sit behind it: the embedded Oxigraph store on disk (the default) and an
in-memory rdflib dataset. Nothing outside this module knows which one answers. The default graph
is the union of all named graphs, so a query needs no ``GRAPH`` clause unless it wants one.

>>> from kg.store import open_store
>>> store = open_store()                                              # doctest: +SKIP
>>> store.select("SELECT ?l WHERE { id:program/weicun rdfs:label ?l }")  # doctest: +SKIP
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef

from .errors import QueryError, StoreError
from .namespaces import PREFIXES

__all__ = ["Rows", "Store", "OxigraphStore", "RdflibStore", "open_store", "with_prefixes",
           "ENGINES"]

ENGINES = ("oxigraph", "rdflib")
_PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w-]*)?:", re.IGNORECASE)


def with_prefixes(query: str) -> str:
    """Declare the project's prefixes that the query uses but does not declare itself."""
    declared = {m.group(1) or "" for m in _PREFIX_DECL.finditer(query)}
    missing = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()
               if p not in declared and re.search(rf"(?<![\w<]){re.escape(p)}:", query)]
    return ("\n".join(missing) + "\n" + query) if missing else query


@dataclass
class Rows:
    """SELECT results: variable names and one dict per solution (unbound variables absent)."""

    vars: list[str]
    rows: list[dict] = field(default_factory=list)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, var: str) -> list:
        return [r.get(var) for r in self.rows]

    def values(self, var: str) -> set[str]:
        """The set of string values bound to ``var`` (handy in tests and notebooks)."""
        return {str(r[var]) for r in self.rows if var in r}


class Store:
    """The interface: ``select``, ``construct``, ``ask`` and ``query`` (any of the three)."""

    engine = "?"

    def query(self, sparql: str):
        raise NotImplementedError

    def select(self, sparql: str) -> Rows:
        result = self.query(sparql)
        if not isinstance(result, Rows):
            raise QueryError("not a SELECT query")
        return result

    def construct(self, sparql: str) -> Graph:
        result = self.query(sparql)
        if not isinstance(result, Graph):
            raise QueryError("not a CONSTRUCT or DESCRIBE query")
        return result

    def ask(self, sparql: str) -> bool:
        result = self.query(sparql)
        if not isinstance(result, bool):
            raise QueryError("not an ASK query")
        return result

    def __len__(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows.rows[0]["n"])


def _to_rdflib(term):
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise QueryError(f"unsupported term in results: {term!r}")


class OxigraphStore(Store):
    """The embedded Oxigraph store on disk, opened read-only."""

    engine = "oxigraph"

    def __init__(self, path: Path):
        import pyoxigraph as ox

        self.path = Path(path)
        if not self.path.exists():
            raise StoreError(f"no store at {self.path}: run 'kg build' first")
        try:
            self._store = ox.Store.read_only(str(self.path))
        except OSError as e:
            raise StoreError(f"the store at {self.path} cannot be opened: {e}") from e

    def query(self, sparql: str):
        import pyoxigraph as ox

        try:
            result = self._store.query(with_prefixes(sparql), use_default_graph_as_union=True)
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {e}") from e
        except (OSError, ValueError) as e:
            raise QueryError(f"the query failed: {e}") from e
        if isinstance(result, (bool, ox.QueryBoolean)):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows = []
            for solution in result:
                row = {}
                for name in names:
                    term = solution[name]
                    if term is not None:
                        row[name] = _to_rdflib(term)
                rows.append(row)
            return Rows(names, rows)
        g = Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        for t in result:
            g.add((_to_rdflib(t.subject), _to_rdflib(t.predicate), _to_rdflib(t.object)))
        return g


class RdflibStore(Store):
    """An in-memory rdflib dataset (tests, tiny graphs, or a TriG file from elsewhere)."""

    engine = "rdflib"

    def __init__(self, dataset=None, trig: Path | None = None):
        from rdflib import Dataset

        if dataset is None:
            dataset = Dataset()
            if trig is not None:
                try:
                    dataset.parse(str(trig), format="trig")
                except FileNotFoundError as e:
                    raise StoreError(f"no such file: {trig}") from e
        dataset.default_union = True
        self.dataset = dataset

    def query(self, sparql: str):
        from pyparsing import ParseException

        try:
            result = self.dataset.query(with_prefixes(sparql))
        except ParseException as e:
            raise QueryError(f"SPARQL syntax error: {e}") from e
        except Exception as e:  # rdflib evaluation raises assorted exception types
            raise QueryError(f"the query failed: {e}") from e
        if result.type == "ASK":
            return bool(result.askAnswer)
        if result.type == "SELECT":
            names = [str(v) for v in result.vars]
            rows = [{n: row[i] for i, n in enumerate(names) if row[i] is not None}
                    for row in result]
            return Rows(names, rows)
        g = Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        for triple in result.graph:
            g.add(triple)
        return g


def open_store(path: Path | None = None, engine: str = "oxigraph", trig: Path | None = None
               ) -> Store:
    """Open the store: ``oxigraph`` reads the embedded store at ``path`` (default
    ``build/store`` or ``$KG_STORE``); ``rdflib`` loads ``trig`` (default: the build's dumps)
    into memory."""
    from .paths import BUILD_DIR, default_store

    if engine == "oxigraph":
        return OxigraphStore(Path(path) if path else default_store())
    if engine == "rdflib":
        if trig is None:
            dumps = sorted(BUILD_DIR.glob("*.trig"))
            if not dumps:
                raise StoreError(f"no TriG dump in {BUILD_DIR}: run 'kg build' first")
            from rdflib import Dataset

            ds = Dataset()
            for dump in dumps:
                ds.parse(str(dump), format="trig")
            return RdflibStore(ds)
        return RdflibStore(trig=trig)
    raise StoreError(f"unknown engine {engine!r} (choose one of: {', '.join(ENGINES)})")
