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

from .errors import (
    KgError,
    QueryError,
    QueryMemory,
    QueryTimeout,
    StoreError,
    UsageError,
)

__all__ = ["CHUNK", "DEFAULT_MAX_MEMORY_MB", "LimitedChild", "Watched", "run_limited", "stream"]

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


def _child(produce: Callable[[], Iterator], conn, parent: int | None, timeout: float | None,
           sandbox: bool) -> None:
    _die_with_parent(os.getppid() if parent is None else parent)  # None: a fork server's child
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGALRM):
        signal.signal(sig, signal.SIG_DFL)
    if timeout is not None:
        signal.setitimer(signal.ITIMER_REAL, timeout + 1.0)  # a second of grace
    try:
        if sandbox:
            from .sandbox import deny_network

            deny_network()
        stream(produce(), conn)
    except KgError as e:
        conn.send(("error", (type(e).__name__, str(e))))
    except MemoryError:
        conn.send(("error", ("QueryMemory", "the query ran out of memory and was stopped")))
    except Exception as e:  # anything else still reaches the parent as one line
        conn.send(("error", ("QueryError", f"the query failed: {e}")))
    finally:
        conn.close()


def stream(items: Iterator, conn) -> None:
    """Send ``items`` over ``conn`` in chunks of :data:`CHUNK`, then the end: the messages
    a :class:`Watched` parent reads."""
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= CHUNK:
            conn.send(("items", chunk))
            chunk = []
    conn.send(("items", chunk))
    conn.send(("done", None))


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
    child = LimitedChild(produce, timeout, max_memory, sandbox)
    try:
        while True:
            chunk = child.receive()
            if chunk is None:
                return
            yield from chunk
    finally:
        child.close()


class Watched:
    """A child process that answers over ``conn`` in the messages of :func:`_child`, and
    whose parent watches its deadline and its resident memory: what :class:`LimitedChild`
    and the server's long-lived workers (:mod:`kg.serve.workers`) share. :meth:`take` reads
    one message (call it when :meth:`fileno` is readable): a list of items, or None at the
    end; :meth:`check` raises when a limit is passed; :meth:`kill` ends the child, whatever
    its state."""

    conn = proc = None
    timeout: float | None = None
    deadline: float | None = None
    max_memory: float | None = None
    done = False

    def arm(self, timeout: float | None) -> None:
        """Start the clock of a query that may take ``timeout`` seconds (None: no limit)."""
        self.timeout = timeout
        self.deadline = None if timeout is None else time.monotonic() + timeout
        self.done = False

    def fileno(self) -> int:
        return self.conn.fileno()

    def take(self) -> list | None:
        """The child's next message (blocks until one arrives): items, or None at the end."""
        try:
            tag, payload = self.conn.recv()
        except (EOFError, OSError):
            self.proc.join(1)
            if self.proc.exitcode == -signal.SIGALRM:  # the child's own deadline
                raise QueryTimeout(_late(self.timeout)) from None
            raise QueryError(_ended(self.proc.exitcode)) from None
        if tag == "items":
            return payload
        if tag == "done":
            self.done = True
            return None
        name, message = payload
        raise _ERRORS.get(name, QueryError)(message)

    def check(self) -> None:
        """Raise :class:`QueryTimeout` past the deadline, :class:`QueryMemory` past the
        memory limit."""
        if self.deadline is not None and time.monotonic() >= self.deadline:
            raise QueryTimeout(_late(self.timeout))
        if self.max_memory and _resident_mb(self.proc.pid) > self.max_memory:
            raise QueryMemory(f"the query used more than {self.max_memory:g} MB of memory "
                              f"and was stopped (raise it with --max-memory)")

    def wait(self) -> float:
        """Seconds to wait for the next message before the limits are checked again."""
        if self.deadline is None:
            return _SLICE
        return max(0.0, min(_SLICE, self.deadline - time.monotonic()))

    def kill(self) -> None:
        """Kill the child if it still runs, reap it, close the pipe (idempotent)."""
        if self.proc is not None and self.proc.pid is not None:  # started
            if self.proc.exitcode is None:
                try:
                    self.proc.kill()
                except (OSError, ValueError):
                    pass
            self.proc.join()
        if self.conn is not None and not self.conn.closed:
            self.conn.close()


class LimitedChild(Watched):
    """One started child process running ``produce`` under the limits, for a caller that
    may wait on its pipe itself (an event loop) or call :meth:`receive`.

    ``context`` is a :mod:`multiprocessing` context (default ``fork``). With ``forkserver``
    or ``spawn``, ``produce`` must be picklable (a module-level function, or a
    ``functools.partial`` of one) and the child dies with the fork server, which ends with
    this process."""

    def __init__(self, produce: Callable[[], Iterator], timeout: float | None,
                 max_memory: float | None = DEFAULT_MAX_MEMORY_MB, sandbox: bool = False,
                 context=None):
        ctx = context or multiprocessing.get_context("fork")
        forked = ctx.get_start_method() == "fork"
        self.conn, child = ctx.Pipe(duplex=False)
        self.max_memory = max_memory
        self.proc = ctx.Process(target=_child, daemon=True, args=(
            produce, child, os.getpid() if forked else None, timeout, sandbox))
        self.arm(timeout)
        try:
            self.proc.start()
        finally:
            child.close()

    def receive(self) -> list | None:
        """:meth:`take`, waiting in short slices and watching the limits meanwhile."""
        while True:
            self.check()
            if self.conn.poll(self.wait()):
                return self.take()

    close = Watched.kill


def _late(timeout: float) -> str:
    return (f"the query ran past its time limit of {timeout:g} s and was stopped (raise it "
            f"with --timeout)")


def _ended(code: int | None) -> str:
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else code
        return f"the query process was ended by {name}"
    return f"the query process ended unexpectedly (exit code {code})"
