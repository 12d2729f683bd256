"""Running a user's query safely: refuse what must not run, bind parameters, limit the time.

This is what ``kg query`` calls, and what a notebook calls to run a canned query::

    >>> from kg.store import open_store
    >>> from kg.query import run_canned
    >>> rows = run_canned(open_store(), "partners-of-program", program="如祺出行")  # doctest: +SKIP
    >>> sorted(rows.values("partnerLabel"))                                   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping

from .errors import UsageError
from .library import CannedQuery, get
from .params import parse_value
from .sparql import Parsed, check_safe, parse
from .store import Result, Store

__all__ = ["DEFAULT_TIMEOUT", "run", "run_canned", "bindings_for"]

DEFAULT_TIMEOUT = 30.0


def bindings_for(store: Store, parsed: Parsed, params: Mapping[str, str],
                 canned: CannedQuery | None = None) -> dict:
    """Typed bindings for ``params`` (name -> the text the user typed). A canned query's
    declared types and defaults apply; an ad hoc query's parameters must be variables of it."""
    from .search import resolver

    resolve = resolver(store)
    bindings = {}
    if canned is not None:
        for name in params:
            canned.param(name)  # an unknown name lists the valid ones
        for p in canned.params:
            value = params.get(p.name, p.default)
            if value is None:
                if p.required:
                    raise UsageError(f"query {canned.name!r} needs --param {p.name}=... "
                                     f"({p.description})")
                continue
            bindings[p.name] = parse_value(value, p.type, resolve)
        return bindings
    for name, value in params.items():
        if name not in parsed.variables:
            raise UsageError(f"--param {name}: the query has no variable ?{name}")
        bindings[name] = parse_value(value, None, resolve)
    return bindings


def run(store: Store, text: str, params: Mapping[str, str] | None = None,
        canned: CannedQuery | None = None, timeout: float | None = DEFAULT_TIMEOUT,
        allow_remote: bool = False, max_memory: float | None = None) -> Result:
    """Parse, check, bind and run a user's query; the result streams.

    All of it happens in one child process (:mod:`kg.limits`): cut off the network unless
    ``allow_remote`` (:mod:`kg.sandbox`), stopped after ``timeout`` seconds (None: no limit)
    or past ``max_memory`` MB (None: the default, 0: no limit). So even reading a hostile
    text, or resolving its parameters, runs under the limits and without network."""
    from .limits import DEFAULT_MAX_MEMORY_MB, run_limited
    from .sparql import _grammar

    _grammar()  # built once here, so that every child inherits it

    def produce():
        engine = store._fresh()
        parsed = parse(text)
        check_safe(parsed, allow_remote, engine.graphs)
        result = engine.execute(parsed, bindings_for(engine, parsed, params or {}, canned),
                                allow_remote)
        yield (result.kind, result.vars, result.boolean)
        yield from result.items

    items = run_limited(produce, timeout,
                        DEFAULT_MAX_MEMORY_MB if max_memory is None else max_memory or None,
                        sandbox=store.local and not allow_remote)
    kind, names, boolean = next(items)
    return Result(kind, names, items, boolean)


def run_canned(store: Store, name: str, timeout: float | None = DEFAULT_TIMEOUT, **params):
    """A canned query's answer, materialized: Rows, an rdflib Graph or a bool.
    Parameters are given as the text a user would type (names, ids, dates...)."""
    canned = get(name)
    return run(store, canned.text, {k: str(v) for k, v in params.items()}, canned,
               timeout).materialize()
