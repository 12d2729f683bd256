"""A wall-clock limit that really stops a query.

Neither rdflib nor pyoxigraph can interrupt a query once it runs, and a thread cannot be
killed. So a limited query runs in a forked child process that streams its results back in
chunks over a pipe; when the limit passes, the parent kills the child (SIGKILL) and raises
:class:`~kg.errors.QueryTimeout`. The limit covers the whole query, results included.

>>> list(run_limited(lambda: iter(range(3)), timeout=5))           # doctest: +SKIP
[0, 1, 2]
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterator

from .errors import KgError, QueryError, QueryTimeout, StoreError

__all__ = ["run_limited", "CHUNK"]

CHUNK = 500  # results per message from the child

_ERRORS = {cls.__name__: cls for cls in (QueryError, StoreError, QueryTimeout)}


def _child(produce: Callable[[], Iterator], conn) -> None:
    try:
        chunk = []
        for item in produce():
            chunk.append(item)
            if len(chunk) >= CHUNK:
                conn.send(("items", chunk))
                chunk = []
        conn.send(("items", chunk))
        conn.send(("done", None))
    except KgError as e:
        conn.send(("error", (type(e).__name__, str(e))))
    except Exception as e:  # anything else still reaches the parent as one line
        conn.send(("error", ("QueryError", f"the query failed: {e}")))
    finally:
        conn.close()


def run_limited(produce: Callable[[], Iterator], timeout: float) -> Iterator:
    """Yield what ``produce()`` yields, computed in a child process stopped after ``timeout``
    seconds. Closing the iterator early stops the child too."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(produce, child), daemon=True)
    deadline = time.monotonic() + timeout
    proc.start()
    child.close()
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not parent.poll(remaining):
                raise QueryTimeout(f"the query ran past its time limit of {timeout:g} s and "
                                   f"was stopped (raise it with --timeout)")
            try:
                tag, payload = parent.recv()
            except EOFError:
                proc.join(1)
                raise QueryError(f"the query process ended unexpectedly "
                                 f"(exit code {proc.exitcode})") from None
            if tag == "items":
                yield from payload
            elif tag == "done":
                return
            else:
                name, message = payload
                raise _ERRORS.get(name, QueryError)(message)
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        parent.close()
