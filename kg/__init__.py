"""csr-kg: a sourced, bilingual knowledge graph of CSR reports.

The library the ``kg`` command is a thin layer over, for notebooks::

    >>> import kg
    >>> store = kg.open_store()                                        # doctest: +SKIP
    >>> rows = kg.run_canned(store, "partners-of-program", program="如祺出行")  # doctest: +SKIP
    >>> kg.with_labels(store, rows, "en").to_dataframe()    # needs pandas # doctest: +SKIP
    >>> kg.run_query(store, "SELECT ?p WHERE { ?p a csr:Program }").values("p")  # doctest: +SKIP
    >>> g = kg.to_networkx(store)                  # a networkx MultiDiGraph # doctest: +SKIP
    >>> kg.find(store, "weicun")[0].zh, kg.entity_card(store, "为村").figures  # doctest: +SKIP

Names are loaded on first use, so ``import kg`` (and ``kg --help``) stays instant.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# public name -> (module, attribute)
_API = {
    "open_store": ("kg.store", "open_store"),
    "run_canned": ("kg.query", "run_canned"),
    "catalog": ("kg.library", "catalog"),
    "find": ("kg.search", "search"),
    "resolve": ("kg.search", "resolve"),
    "find_paths": ("kg.netx", "paths"),
    "describe_path": ("kg.netx", "describe"),
    "to_networkx": ("kg.netx", "to_networkx"),
}

# (API names differ from module names: importing kg.query would otherwise replace kg.query.)
__all__ = [*_API, "run_query", "entity_card", "with_labels"]


def run_query(store, sparql: str, timeout: float | None = 30.0, **params):
    """Run a read-only SPARQL query with the same checks as ``kg query`` (no updates, no
    remote fetches, a time limit) and parameters typed as on the command line. Returns Rows
    (``.to_dataframe()``, ``.to_python()``), an rdflib Graph, or a bool."""
    from .query import run

    return run(store, sparql, {k: str(v) for k, v in params.items()},
               timeout=timeout).materialize()


def with_labels(store, rows, lang: str = "zh"):
    """The same Rows with a ``<var>Label`` column after each IRI column, in ``lang``."""
    from .results import add_labels
    from .store import Rows

    names, labelled = add_labels(store, rows.vars, iter(rows.rows), lang)
    return Rows(names, list(labelled))


def entity_card(store, entity: str):
    """The entity card (:class:`kg.card.Card`) of an id, CURIE, IRI or name."""
    from .card import card as make
    from .search import resolve

    return make(store, str(resolve(store, entity)))


def __getattr__(name: str):
    if name in _API:
        module, attribute = _API[name]
        return getattr(importlib.import_module(module), attribute)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
