"""What the canned-query tests share: running a canned query in this process and reading
its rows compactly (tests/test_queries.py and tests/test_queries_figures.py)."""

from __future__ import annotations

from decimal import Decimal

from rdflib import URIRef

from kg.query import run_canned


def q(store, name: str, **params):
    """Run one canned query as ``kg query --name`` would (parameters as typed text), in this
    process (the parity test below runs every query through the time limit's child process)."""
    return run_canned(store, name, timeout=None, **params)


def local(term) -> str:
    """The last segment of an IRI: ``id/org/gac-group`` -> ``gac-group``."""
    return str(term).rstrip("/").rsplit("/", 1)[-1]


def ids(rows, var: str) -> set[str]:
    return {local(r[var]) for r in rows if var in r}


def table(rows, *names: str) -> list[tuple]:
    """Rows as tuples: IRIs by their last segment, numbers as Decimal, other literals as str,
    unbound as None."""
    out = []
    for r in rows:
        cells = []
        for n in names:
            v = r.get(n)
            if v is None:
                cells.append(None)
            elif isinstance(v, URIRef):
                cells.append(local(v))
            elif v.datatype is not None and str(v.datatype).endswith(("decimal", "integer")):
                cells.append(Decimal(str(v)))
            else:
                cells.append(str(v))
        out.append(tuple(cells))
    return out


def labels(zh, rows, var: str) -> set[str]:
    return {zh[str(r[var])] for r in rows if var in r}


def comparable(answer):
    """An answer in a form two engines' answers compare in, order aside: SELECT rows (kg's
    Rows, or pyoxigraph's solutions) as a Counter of frozensets of (var, rdflib term); graph
    triples as a set of rdflib triples; ASK as a bool."""
    from collections import Counter

    import pyoxigraph as ox
    from rdflib import Graph

    from kg.store import Rows, from_oxigraph

    if isinstance(answer, Rows):
        return Counter(frozenset(r.items()) for r in answer)
    if isinstance(answer, Graph):
        return set(answer)
    if isinstance(answer, (bool, ox.QueryBoolean)):
        return bool(answer)
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        return Counter(frozenset((n, from_oxigraph(s[n])) for n in names if s[n] is not None)
                       for s in answer)
    return {(from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object))
            for t in answer}  # pyoxigraph triples
