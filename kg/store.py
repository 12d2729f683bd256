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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef

from .errors import KgError, QueryError, StoreError
from .namespaces import PREFIXES

__all__ = ["Rows", "Result", "Store", "from_oxigraph", "OxigraphStore", "RdflibStore",
           "open_store", "with_prefixes", "ENGINES"]

ENGINES = ("oxigraph", "rdflib", "endpoint")
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

    def to_python(self) -> list[dict]:
        """Rows with plain Python values: IRIs as strings, literals as int, Decimal, date..."""
        return [{k: (v.toPython() if isinstance(v, Literal) else str(v)) for k, v in r.items()}
                for r in self.rows]

    def to_dataframe(self):
        """A pandas DataFrame, one column per variable (pandas must be installed)."""
        try:
            import pandas
        except ImportError:
            raise KgError("pandas is not installed: pip install pandas") from None
        return pandas.DataFrame(self.to_python(), columns=self.vars)


@dataclass
class Result:
    """A query's answer as it streams: ``kind`` is ``select`` (``items`` are row dicts),
    ``graph`` (``items`` are triples) or ``ask`` (``boolean`` holds the answer)."""

    kind: str
    vars: list[str] = field(default_factory=list)
    items: Iterator = field(default_factory=lambda: iter(()))
    boolean: bool | None = None

    def materialize(self):
        """Rows, an rdflib Graph or a bool."""
        if self.kind == "ask":
            return self.boolean
        if self.kind == "select":
            return Rows(self.vars, list(self.items))
        g = Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        for triple in self.items:
            g.add(triple)
        return g


class Store:
    """The interface: ``select``, ``construct``, ``ask``, ``query`` (any of the three) and
    ``stream`` (results as they come). Every call takes ``bindings`` (variable name -> rdflib
    term, or a list of terms to run the query for each, bound before the query runs) and
    ``timeout`` (seconds of wall clock, after which the query is stopped and
    :class:`~kg.errors.QueryTimeout` raised; ``None`` runs unlimited in this process)."""

    engine = "?"

    local = True  # the engine runs in this machine's processes (not an endpoint)

    def _execute(self, sparql: str, inserted: tuple = (0, 0, 0), parsed=None) -> Result:
        """Run the query in this process; results may be lazy. ``inserted`` says where
        bindings went into the text (see :func:`kg.sparql.bind`), for error positions;
        ``parsed`` is the user's query as :func:`kg.sparql.parse` read it (None for the
        project's own queries), whose form and dataset clauses the engine must honour."""
        raise NotImplementedError

    def _fresh(self) -> "Store":
        """A handle safe to use in a forked child (engines with open files reopen them)."""
        return self

    def stream(self, sparql: str, bindings: dict | None = None, timeout: float | None = None
               ) -> Result:
        """Run one of the project's own queries; the result streams. With ``timeout`` it
        runs in a child process (see :mod:`kg.limits`). A user's query goes through
        :func:`kg.query.run` instead, which parses and checks it first."""
        from .limits import run_limited
        from .sparql import bind_own

        text, inserted = bind_own(sparql, bindings or {})
        if timeout is None:
            return self._execute(text, inserted)

        def produce():
            result = self._fresh()._execute(text, inserted)
            yield (result.kind, result.vars, result.boolean)
            yield from result.items

        items = run_limited(produce, timeout)
        kind, names, boolean = next(items)
        return Result(kind, names, items, boolean)

    def execute(self, parsed, bindings: dict | None = None, allow_remote: bool = False
                ) -> Result:
        """Run a user's query as :func:`kg.sparql.parse` read it, in this process: bound at
        the parse's WHERE, with its dataset clauses honoured. :func:`kg.query.run` calls it
        in the query's own child process, after the checks."""
        from .sparql import bind

        global _SERVICE_ALLOWED
        _SERVICE_ALLOWED = allow_remote  # rdflib's own switch (this is the query's process)
        text, inserted = bind(parsed, bindings or {})
        return self._execute(text, inserted, parsed)

    def query(self, sparql: str, bindings: dict | None = None, timeout: float | None = None):
        """Rows (SELECT), an rdflib Graph (CONSTRUCT/DESCRIBE) or a bool (ASK)."""
        return self.stream(sparql, bindings, timeout).materialize()

    def select(self, sparql: str, bindings: dict | None = None, timeout: float | None = None
               ) -> Rows:
        result = self.query(sparql, bindings, timeout)
        if not isinstance(result, Rows):
            raise QueryError("not a SELECT query")
        return result

    def construct(self, sparql: str, bindings: dict | None = None,
                  timeout: float | None = None) -> Graph:
        result = self.query(sparql, bindings, timeout)
        if not isinstance(result, Graph):
            raise QueryError("not a CONSTRUCT or DESCRIBE query")
        return result

    def ask(self, sparql: str, bindings: dict | None = None, timeout: float | None = None
            ) -> bool:
        result = self.query(sparql, bindings, timeout)
        if not isinstance(result, bool):
            raise QueryError("not an ASK query")
        return result

    def graphs(self) -> set[str]:
        """The IRIs of the named graphs in the store."""
        return self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }").values("g")

    def __len__(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows.rows[0]["n"])


def _syntax_error(line: int, column: int, reason: str, inserted: tuple) -> QueryError:
    from .sparql import unshift

    line, column = unshift((line, column), inserted)
    reason = " ".join(str(reason).split())
    # Oxigraph lists every character class it would accept; keep the tokens, drop the classes
    reason = re.sub(r",?\s*\[[^\]]*\]", "", reason).rstrip(", ")
    if reason.endswith("expected one of") or not reason:
        reason = "unexpected text here"
    if len(reason) > 160:
        reason = reason[:159] + "…"
    return QueryError(f"SPARQL syntax error at line {line}, column {column}: {reason}")


_OX_POSITION = re.compile(r"error at (\d+):(\d+)(?:-\d+:\d+)?: (.*)", re.DOTALL)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def from_oxigraph(term):
    """An rdflib term for a pyoxigraph term."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:  # a simple literal, as rdflib writes it (RDF 1.1)
            return Literal(term.value)
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

    def _fresh(self) -> "OxigraphStore":
        return OxigraphStore(self.path)

    def _execute(self, sparql: str, inserted: tuple = (0, 0, 0), parsed=None) -> Result:
        import pyoxigraph as ox

        dataset = {"use_default_graph_as_union": True}
        if parsed is not None and parsed.has_dataset:  # FROM / FROM NAMED, as SPARQL says
            dataset = {"default_graph": [ox.NamedNode(g) for g in parsed.from_default],
                       "named_graphs": [ox.NamedNode(g) for g in parsed.from_named]}
        try:
            result = self._store.query(sparql, prefixes=PREFIXES, **dataset)
        except SyntaxError as e:
            m = _OX_POSITION.match(str(e))
            if m:
                raise _syntax_error(int(m.group(1)), int(m.group(2)), m.group(3),
                                    inserted) from e
            raise QueryError(f"SPARQL syntax error: {e}") from e
        except (OSError, ValueError) as e:
            raise QueryError(f"the query failed: {e}") from e
        if isinstance(result, (bool, ox.QueryBoolean)):
            return Result("ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]

            def rows():
                try:
                    for solution in result:
                        yield {n: from_oxigraph(t) for n in names
                               if (t := solution[n]) is not None}
                except (OSError, ValueError) as e:
                    raise QueryError(f"the query failed: {e}") from e

            return Result("select", names, rows())

        def triples():
            try:
                for t in result:
                    yield (from_oxigraph(t.subject), from_oxigraph(t.predicate),
                           from_oxigraph(t.object))
            except (OSError, ValueError) as e:
                raise QueryError(f"the query failed: {e}") from e

        return Result("graph", items=triples())


_SERVICE_ALLOWED = False  # set in a query's child process when --allow-remote was given


def _refuse_service(ctx, part):
    """rdflib's own switch against SERVICE (a CUSTOM_EVALS hook): refused unless the query's
    process was allowed remote access. Once a RdflibStore exists, this holds for every rdflib
    query of the process."""
    if part.name == "ServiceGraphPattern" and not _SERVICE_ALLOWED:
        raise QueryError("refused: SERVICE would make this machine fetch a remote endpoint; "
                         "pass --allow-remote to permit it")
    raise NotImplementedError  # rdflib evaluates every other part itself


def _rdflib_offline() -> None:
    """rdflib never loads a FROM graph from the web, and refuses SERVICE (see above)."""
    import rdflib.plugins.sparql as rdflib_sparql

    rdflib_sparql.SPARQL_LOAD_GRAPHS = False
    rdflib_sparql.CUSTOM_EVALS["csr-kg-refuse-service"] = _refuse_service


class RdflibStore(Store):
    """An in-memory rdflib dataset (tests, tiny graphs, or a TriG file from elsewhere)."""

    engine = "rdflib"

    def __init__(self, dataset=None, trig: Path | list[Path] | None = None):
        from rdflib import Dataset

        _rdflib_offline()
        if dataset is None:
            dataset = Dataset()
            for dump in ([] if trig is None else trig if isinstance(trig, list) else [trig]):
                _read_trig(dataset, Path(dump))
        dataset.default_union = True
        self.dataset = dataset

    def _execute(self, sparql: str, inserted: tuple = (0, 0, 0), parsed=None) -> Result:
        from pyparsing import ParseException

        try:
            result = self.dataset.query(sparql, initNs=PREFIXES)
        except ParseException as e:
            raise _syntax_error(e.lineno, e.col, e.msg, inserted) from e
        except Exception as e:  # rdflib evaluation raises assorted exception types
            raise QueryError(f"the query failed: {e}") from e
        if result.type == "ASK":
            return Result("ask", boolean=bool(result.askAnswer))
        if result.type == "SELECT":
            names = [str(v) for v in result.vars]
            rows = ({n: row[i] for i, n in enumerate(names) if row[i] is not None}
                    for row in result)
            return Result("select", names, rows)
        return Result("graph", items=iter(result.graph))


def _read_trig(dataset, dump: Path) -> None:
    """Parse one TriG file from its bytes (a path given as text would let rdflib fetch a URL)."""
    from .safe_text import one_line

    try:
        data = dump.read_bytes()
    except FileNotFoundError:
        raise StoreError(f"no such file: {one_line(str(dump), 200)}") from None
    except OSError as e:
        raise StoreError(f"cannot read {one_line(str(dump), 200)}: {e.strerror}") from None
    try:
        dataset.parse(data=data, format="trig", publicID=dump.resolve().as_uri())
    except Exception as e:  # rdflib's parsers raise assorted exception types
        raise StoreError(f"{one_line(str(dump), 200)} is not a TriG file: "
                         f"{one_line(str(e), 160)}") from None


def open_store(path: Path | None = None, engine: str = "oxigraph",
               endpoint: str | None = None) -> Store:
    """Open the store. ``oxigraph``: the embedded store folder at ``path`` (default
    ``build/store`` or ``$KG_STORE``). ``rdflib``: the TriG file at ``path``, or every
    ``*.trig`` in the folder ``path`` (default: the build's dumps), loaded into memory.
    ``endpoint`` (or engine ``endpoint`` with ``$KG_ENDPOINT``): a SPARQL 1.1 endpoint URL."""
    import os

    from .paths import BUILD_DIR, default_store

    endpoint = endpoint or (os.environ.get("KG_ENDPOINT") if engine == "endpoint" else None)
    if endpoint:
        from .endpoint import EndpointStore

        return EndpointStore(endpoint)
    if engine == "endpoint":
        raise StoreError("engine endpoint needs --endpoint URL or $KG_ENDPOINT")
    if engine == "oxigraph":
        return OxigraphStore(Path(path) if path else default_store())
    if engine == "rdflib":
        path = Path(path) if path else BUILD_DIR
        dumps = [path] if path.is_file() else sorted(path.glob("*.trig"))
        if not dumps:
            raise StoreError(f"no TriG dump in {path}: run 'kg build' first")
        return RdflibStore(trig=dumps)
    raise StoreError(f"unknown engine {engine!r} (choose one of: {', '.join(ENGINES)})")
