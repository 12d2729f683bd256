"""Limits that really stop a query: wall clock, memory, and the life of its parent.

Neither rdflib nor pyoxigraph can interrupt a query once it runs, and a thread cannot be
killed. So a limited query runs in a forked child process that streams its results back in
chunks over a pipe. The child:

- dies with its parent (``PR_SET_PDEATHSIG``: a SIGKILL of ``kg`` takes the child with it);
- stops at its own deadline (``SIGALRM`` with its default action ends the process), so it
  cannot outlive ``timeout`` even if the parent is stopped and never reads again;
- may be cut off the network (:mod:`kg.sandbox`) before it reads the query.

The parent waits on the pipe in short slices; at the deadline it kills the child and raises
:class:`~kg.errors.QueryTimeout`; when the child's resident memory passes ``max_memory``
megabytes, :class:`~kg.errors.QueryMemory`. The limits cover the whole query, results included.

>>> list(run_limited(lambda: iter(range(3)), timeout=5))           # doctest: +SKIP
[0, 1, 2]
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterator

from .errors import KgError, QueryError, QueryMemory, QueryTimeout, StoreError, UsageError

__all__ = ["run_limited", "CHUNK", "DEFAULT_MAX_MEMORY_MB"]

CHUNK = 500                 # results per message from the child
DEFAULT_MAX_MEMORY_MB = 2048
_SLICE = 0.1                # seconds between two looks at the child's memory
_PR_SET_PDEATHSIG = 1
_ERRORS = {cls.__name__: cls
           for cls in (QueryError, StoreError, QueryTimeout, QueryMemory, UsageError)}


def _die_with_parent(parent: int) -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: the deadline below still ends the child
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def _child(produce: Callable[[], Iterator], conn, parent: int, timeout: float | None,
           sandbox: bool) -> None:
    _die_with_parent(parent)
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGALRM):
        signal.signal(sig, signal.SIG_DFL)
    if timeout is not None:
        signal.setitimer(signal.ITIMER_REAL, timeout + 1.0)  # a second of grace
    try:
        if sandbox:
            from .sandbox import deny_network

            deny_network()
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
    except MemoryError:
        conn.send(("error", ("QueryMemory", "the query ran out of memory and was stopped")))
    except Exception as e:  # anything else still reaches the parent as one line
        conn.send(("error", ("QueryError", f"the query failed: {e}")))
    finally:
        conn.close()


def _resident_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            pages = int(f.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def run_limited(produce: Callable[[], Iterator], timeout: float | None,
                max_memory: float | None = DEFAULT_MAX_MEMORY_MB,
                sandbox: bool = False) -> Iterator:
    """Yield what ``produce()`` yields, computed in a child process stopped after ``timeout``
    seconds (None: no time limit) or past ``max_memory`` MB of resident memory (None: no
    limit). ``sandbox`` cuts the child off the network first. Closing the iterator early, or
    an exception in the parent (a signal turned into one by the CLI), stops the child too."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(produce, child, os.getpid(), timeout, sandbox),
                       daemon=True)
    deadline = None if timeout is None else time.monotonic() + timeout
    proc.start()
    child.close()
    try:
        while True:
            tag, payload = _receive(parent, proc, deadline, timeout, max_memory)
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


def _receive(conn, proc, deadline: float | None, timeout: float | None,
             max_memory: float | None):
    """The child's next message, watching the clock and its memory while waiting."""
    while True:
        wait = _SLICE if deadline is None else min(_SLICE, deadline - time.monotonic())
        if wait <= 0:
            raise QueryTimeout(_late(timeout))
        if conn.poll(wait):
            try:
                return conn.recv()
            except EOFError:
                proc.join(1)
                if proc.exitcode == -signal.SIGALRM:  # the child's own deadline
                    raise QueryTimeout(_late(timeout)) from None
                raise QueryError(_ended(proc.exitcode)) from None
        if max_memory and _resident_mb(proc.pid) > max_memory:
            raise QueryMemory(f"the query used more than {max_memory:g} MB of memory and was "
                              f"stopped (raise it with --max-memory)")


def _late(timeout: float) -> str:
    return (f"the query ran past its time limit of {timeout:g} s and was stopped (raise it "
            f"with --timeout)")


def _ended(code: int | None) -> str:
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else code
        return f"the query process was ended by {name}"
    return f"the query process ended unexpectedly (exit code {code})"
