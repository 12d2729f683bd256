"""What the server's worker processes run: picklable jobs, the worker loop, one runner.

The fork server (:mod:`kg.serve.pool`) preloads this module, so that every worker it forks
already holds rdflib, pyoxigraph and our SPARQL grammar (built here, at import, once: this
module exists to be preloaded). The server process itself never opens the store: every read,
the server's own queries included (counts, labels, graph names), is a :class:`Job` run by
:func:`run` in a worker (:func:`worker`) under the limits of :mod:`kg.limits`.

:func:`run` yields a header first, ``(kind, vars, boolean)`` with ``kind`` one of
``select``, ``graph``, ``ask`` or ``data``; then the items (row dicts, triples, or one data
value); then ``None`` if the row cap cut the answer.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass

from .. import library, limits, query, results, sparql, stats, store
from ..errors import KgError, QueryError, UsageError
from .analyze_jobs import analysis, coverage_maps
from .graph_jobs import GRAPH_JOBS

__all__ = ["REFUSED", "Job", "Source", "run", "worker"]

REFUSED = "refused:"  # how every refusal of kg.sparql begins (the server answers 403)
_PARSES = 256         # parsed texts a worker keeps

sparql._grammar()  # once, in the fork server: its children inherit the built grammar


@dataclass(frozen=True)
class Source:
    """Where the graph is, as the CLI's --store/--engine/--endpoint said."""

    store_path: str | None = None
    engine: str = "oxigraph"
    endpoint: str | None = None

    @property
    def local(self) -> bool:
        return not self.endpoint

    def open(self):
        from pathlib import Path

        return store.open_store(Path(self.store_path) if self.store_path else None,
                                self.engine, self.endpoint)


@dataclass(frozen=True)
class Job:
    """One read. ``kind``: ``sparql`` (a user's text), ``canned`` (a library query by name),
    ``index`` (the home page's data), ``graphs`` (the store's named graphs), ``search``,
    ``card``, ``view`` or ``path`` (the explorer's pages: :data:`EXPLORE`)."""

    kind: str
    text: str = ""
    params: tuple[tuple[str, str], ...] = ()
    canned: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    labels: str | None = None       # a language: add <var>Label columns
    max_rows: int | None = None


def worker(source: Source, conn, sandbox: bool) -> None:
    """A worker process's life: cut off the network (``sandbox``), then run the jobs that
    arrive on ``conn`` one at a time, each under its own ``SIGALRM`` deadline, streaming
    each answer back in chunks (the messages of :mod:`kg.limits`). The store is opened once;
    parsed query texts are kept (a parse of a long query costs tens of milliseconds)."""
    limits._die_with_parent(os.getppid())  # the fork server: this ends when it ends
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGALRM):
        signal.signal(sig, signal.SIG_DFL)
    if sandbox:
        from ..sandbox import deny_network

        deny_network()
    graph, parses = None, {}
    while True:
        try:
            job, timeout = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        if timeout is not None:
            signal.setitimer(signal.ITIMER_REAL, timeout + 1.0)  # a second of grace
        try:
            if graph is None:
                graph = source.open()
            limits.stream(run(graph, source, job, parses), conn)
        except KgError as e:
            conn.send(("error", (type(e).__name__, str(e))))
        except MemoryError:
            os._exit(1)  # the parent sees the end and says so; a fresh worker takes over
        except Exception as e:  # noqa: BLE001 - anything else reaches the parent as one line
            # over an endpoint, an answer our code cannot use is the endpoint's fault (502)
            kind, what = (
                ("QueryError", "the query failed") if source.local else
                ("StoreError", f"the endpoint {source.endpoint} answered what kg cannot use"))
            conn.send(("error", (kind, f"{what}: {type(e).__name__} {e}")))
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)


def _parse(text: str, parses: dict) -> sparql.Parsed:
    parsed = parses.get(text)
    if parsed is None:
        parsed = sparql.parse(text)
        if len(parses) >= _PARSES:
            parses.pop(next(iter(parses)))
        parses[text] = parsed
    return parsed


def run(graph, source: Source, job: Job, parses: dict | None = None) -> Iterator:
    """Run ``job`` on the open ``graph`` and yield the header, then the items."""
    if job.kind == "index":
        yield ("data", [], None)
        yield _index(graph)
        return
    if job.kind == "graphs":
        yield ("data", [], None)
        yield sorted(graph.graphs())
        return
    if job.kind in EXPLORE:
        yield ("data", [], None)
        yield EXPLORE[job.kind](graph, job.text, dict(job.params))
        return
    canned = library.get(job.canned) if job.kind == "canned" else None
    parsed = _parse(canned.text if canned else job.text, {} if parses is None else parses)
    if job.default_graphs or job.named_graphs:
        if not source.local:
            raise UsageError("default-graph-uri and named-graph-uri are not supported when "
                             "kg serve reads an --endpoint; write FROM in the query")
        parsed = dataclasses.replace(parsed, from_default=job.default_graphs,
                                     from_named=job.named_graphs)
    try:
        sparql.check_safe(parsed, False, graph.graphs)
    except QueryError as e:
        raise QueryError(str(e).replace("; pass --allow-remote to permit it",
                                        "; kg serve never fetches remote data")) from None
    bindings = query.bindings_for(graph, parsed, dict(job.params), canned)
    result = graph.execute(parsed, bindings)
    items = result.items
    truncated = False
    if job.max_rows is not None and result.kind != "ask":
        items = itertools.islice(items, job.max_rows + 1)
        first = list(itertools.islice(items, job.max_rows))
        truncated = next(items, None) is not None
        items = iter(first)
    names = result.vars
    if job.labels and result.kind == "select":
        names, items = results.add_labels(graph, names, items, job.labels)
    yield (result.kind, names, result.boolean)
    yield from items
    if truncated:
        yield None


def _search(graph, text: str, params: dict) -> dict:
    """``kg search`` as data: the hits shown and how many matched."""
    from ..search import search

    limit = int(params.get("limit", "50"))
    hits = search(graph, text, limit=limit)
    return {"total": hits.total, "hits": [
        {"iri": h.iri, "curie": h.curie, "type": h.type, "zh": h.zh, "en": h.en,
         "matched": h.matched, "how": h.how} for h in hits]}


def _card(graph, text: str, params: dict) -> dict:
    """``kg show`` as data: the entity ``text`` names (a CURIE, IRI, name or id), its card."""
    from ..card import card, to_json
    from ..search import resolve

    return to_json(card(graph, str(resolve(graph, text))))


# the jobs of the explorer's pages: kind -> (graph, text, params) -> one plain value
EXPLORE = {"search": _search, "card": _card, **GRAPH_JOBS}  # view, path: graph_jobs
EXPLORE["analysis"] = analysis         # /analyze: kg.serve.analyze_jobs
EXPLORE["coverage"] = coverage_maps     # /analyze/coverage


def _index(graph) -> dict:
    counts = stats.stats(graph)
    report = graph.select("""
        SELECT ?r ?zh ?en WHERE { ?r a csr:Report .
          OPTIONAL { ?r rdfs:label ?zh FILTER(lang(?zh) = "zh") }
          OPTIONAL { ?r rdfs:label ?en FILTER(lang(?en) = "en") } } ORDER BY ?r""")
    frameworks = graph.select("""
        SELECT ?f (SAMPLE(?z) AS ?zh) (SAMPLE(?e) AS ?en) WHERE { ?f a csr:Framework .
          OPTIONAL { ?f rdfs:label ?z FILTER(lang(?z) = "zh") }
          OPTIONAL { ?f rdfs:label ?e FILTER(lang(?e) = "en") } } GROUP BY ?f ORDER BY ?f""")
    return {
        "reports": [{"iri": str(r["r"]), "zh": str(r.get("zh", "")), "en": str(r.get("en", ""))}
                    for r in report],
        "stats": counts,
        "frameworks": [{"iri": str(r["f"]), "curie": results.cell(r["f"]),
                        "zh": str(r.get("zh", "")), "en": str(r.get("en", ""))}
                       for r in frameworks],
    }
