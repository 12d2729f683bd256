"""Running the server's reads in worker processes, read by the event loop.

The design, and why:

* pyoxigraph's result iterators must stay on the thread that made them; touched from another
  thread they abort the whole process (SIGABRT). Here no pyoxigraph object ever exists in
  the server process: a worker process opens the store, runs the query and sends plain
  rdflib terms over a pipe in chunks; the server only unpickles them.
* The time limit must really stop evaluation, which neither engine can do from inside, so a
  worker past the limit is killed (as :mod:`kg.limits` does for the CLI); its memory is
  watched the same way, and a local store's worker has no network (:mod:`kg.sandbox`).
* Forking a process that runs threads (uvicorn's, anyio's, RocksDB's) copies locks that
  other threads may hold. So workers come from a ``forkserver``: a clean, single-threaded
  process started (by fork and exec) before the server starts any thread, with
  :mod:`kg.serve.child` preloaded. It ends by itself when the server process ends, and each
  worker dies with it (``PR_SET_PDEATHSIG``).
* Workers, not a process per query: a fresh process pays for the sandbox (~10 ms), opening
  the store (20-45 ms) and the guard's parse (~40 ms for a canned query) on every request.
  A worker pays the first two once and keeps its parses (:func:`kg.serve.child.worker`), so
  a small query costs about a millisecond of work. A worker that is killed (time limit,
  memory, a client gone) is simply replaced; workers are never shared by two queries.

The event loop waits on each worker's pipe (``anyio.wait_readable``), so no thread is held
by a query; between messages it checks the deadline, the worker's memory and, when asked,
whether the client went away (then the worker is killed at once). ``max_queries`` queries
run at once, each on its own worker; ``max_waiting`` more may wait ``queue_wait`` seconds for
a slot; beyond that :class:`Busy` (503).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import anyio

from ..errors import KgError
from ..limits import DEFAULT_MAX_MEMORY_MB
from .child import Job, Source
from .workers import Worker

__all__ = ["Answer", "Busy", "ClientGone", "QueryPool", "start_forkserver"]

_PRELOAD = ["__main__", "kg.serve.child"]  # the main module once, not in every child
# the jobs of pages that lay out or analyse the whole graph (the whole /view, /analyze): no
# user's SPARQL, their answers kept by the server; on a busy machine they take 10-20 s
SLOW_PAGES = frozenset({"view", "analysis", "coverage"})
PAGE_TIMEOUT = 120.0


class Busy(KgError):
    """Every query slot is taken and the wait queue is full (HTTP 503, Retry-After)."""


class ClientGone(Exception):
    """The client closed the connection while its query ran (the child is already gone)."""


@dataclass
class Answer:
    """A read's whole answer (at most the row cap): ``kind`` select, graph, ask or data."""

    kind: str
    vars: list[str] = field(default_factory=list)
    boolean: bool | None = None
    items: list = field(default_factory=list)
    truncated: bool = False


def start_forkserver():
    """The ``forkserver`` context, its server running with our modules preloaded. Call it
    before any thread starts (the CLI does, before uvicorn)."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(_PRELOAD)
    from multiprocessing import forkserver

    forkserver.ensure_running()
    return ctx


def stop_forkserver() -> None:
    """End the fork server now rather than when this process ends."""
    from multiprocessing import forkserver

    stop = getattr(forkserver._forkserver, "_stop", None)  # CPython 3.8+
    if stop is not None:
        stop()


class QueryPool:
    """Runs :class:`~kg.serve.child.Job` s for the app under the server's limits."""

    def __init__(self, source: Source, timeout: float | None, max_rows: int,
                 max_queries: int, max_waiting: int, queue_wait: float,
                 max_memory: float | None = DEFAULT_MAX_MEMORY_MB):
        self.source = source
        self.timeout, self.max_rows, self.max_memory = timeout, max_rows, max_memory
        self.max_queries, self.max_waiting, self.queue_wait = (max_queries, max_waiting,
                                                               queue_wait)
        self._ctx = None
        self._slots: anyio.Semaphore | None = None
        self._waiting = 0
        self._idle: list[Worker] = []       # workers waiting for a job, store open
        self._busy: set[Worker] = set()
        self._stopped = False

    def start(self) -> None:
        if self._ctx is None:
            self._ctx = start_forkserver()

    @property
    def running(self) -> int:
        return len(self._busy)

    async def run(self, job: Job, gone: Callable[[], Awaitable[bool]] | None = None
                  ) -> Answer:
        """Run ``job`` when a slot is free; ``gone`` (polled while waiting) says whether the
        client left. Raises the child's KgError, :class:`Busy` or :class:`ClientGone`."""
        self.start()
        if self._slots is None:
            self._slots = anyio.Semaphore(self.max_queries)
        if self._slots.value == 0:
            if self._waiting >= self.max_waiting:
                raise Busy(_busy(self.max_queries))
            self._waiting += 1
            acquired = False
            try:
                with anyio.move_on_after(self.queue_wait):
                    await self._slots.acquire()
                    acquired = True
                if not acquired:
                    raise Busy(_busy(self.max_queries))
            finally:
                self._waiting -= 1
        else:
            await self._slots.acquire()
        try:
            return await self._collect(job, gone)
        finally:
            self._slots.release()

    def _limit(self, job: Job) -> float | None:
        """The job's time limit: the server's, except for the pages that lay out or analyse
        the whole graph (no user's SPARQL; their answers are kept), which may take
        :data:`PAGE_TIMEOUT` on a busy machine."""
        if self.timeout is None or job.kind not in SLOW_PAGES:
            return self.timeout
        return max(self.timeout, PAGE_TIMEOUT)

    async def _collect(self, job: Job, gone) -> Answer:
        if job.max_rows is None and job.kind in ("sparql", "canned"):
            job = _with_rows(job, self.max_rows)
        worker = self._idle.pop() if self._idle else Worker(
            self._ctx, self.source, self.source.local, self.max_memory)
        self._busy.add(worker)
        healthy = False
        try:
            worker.send(job, self._limit(job))
            answer = None
            while True:
                worker.check()
                readable = False
                with anyio.move_on_after(worker.wait()):
                    await anyio.wait_readable(worker.fileno())
                    readable = True
                if not readable:
                    if gone is not None and await gone():
                        raise ClientGone()
                    continue
                try:
                    chunk = worker.take()
                except KgError:
                    healthy = worker.proc.exitcode is None  # the job failed, not the worker
                    raise
                if chunk is None:
                    healthy = True
                    return answer
                for item in chunk:
                    if answer is None:
                        kind, names, boolean = item
                        answer = Answer(kind, list(names), boolean)
                    elif item is None:
                        answer.truncated = True
                    else:
                        answer.items.append(item)
        finally:
            self._busy.discard(worker)
            if healthy and worker.reusable and not self._stopped:
                self._idle.append(worker)
            else:
                worker.kill()

    def stop(self) -> None:
        """Kill every worker (a server shutting down)."""
        self._stopped = True
        for worker in list(self._busy) + self._idle:
            worker.kill()
        self._busy.clear()
        self._idle.clear()


def _with_rows(job: Job, max_rows: int) -> Job:
    from dataclasses import replace

    return replace(job, max_rows=max_rows)


def _busy(n: int) -> str:
    return f"the server is busy ({n} queries are running); try again in a moment"
