"""A worker process: forked by the fork server, it opens the store once and runs one job at
a time, under the limits of :mod:`kg.limits`.

The parent sends ``(job, timeout)`` and reads the answer in chunks; between messages it
checks the job's deadline and the worker's resident memory. Past either limit, or when the
client goes away mid-job, the worker is killed (that is the only way to stop an engine) and
a fresh one takes the next job. The worker also arms its own ``SIGALRM`` for the deadline
plus a second, so it ends even if the parent stops reading, and it dies with the fork server,
which ends with the server (``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import signal
import time

from ..errors import QueryError, QueryMemory, QueryTimeout
from ..limits import _ERRORS, _ended, _late, _resident_mb
from .child import Job, Source, worker

__all__ = ["MAX_JOBS", "Worker"]

MAX_JOBS = 1000  # jobs before a worker is replaced (memory the allocator kept, say)
_SLICE = 0.1


class Worker:
    def __init__(self, ctx, source: Source, sandbox: bool):
        self.conn, theirs = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=worker, args=(source, theirs, sandbox), daemon=True)
        try:
            self.proc.start()
        finally:
            theirs.close()
        self.jobs = 0
        self.timeout: float | None = None
        self.deadline: float | None = None

    def send(self, job: Job, timeout: float | None) -> None:
        self.timeout = timeout
        self.deadline = None if timeout is None else time.monotonic() + timeout
        self.jobs += 1
        self.conn.send((job, timeout))

    def fileno(self) -> int:
        return self.conn.fileno()

    def take(self) -> list | None:
        """The next message (call when :meth:`fileno` is readable): items, or None at the
        end of the job; a job's error is raised."""
        try:
            tag, payload = self.conn.recv()
        except (EOFError, OSError):
            self.proc.join(1)
            if self.proc.exitcode == -signal.SIGALRM:
                raise QueryTimeout(_late(self.timeout)) from None
            raise QueryError(_ended(self.proc.exitcode)) from None
        if tag == "items":
            return payload
        if tag == "done":
            return None
        name, message = payload
        raise _ERRORS.get(name, QueryError)(message)

    def check(self, max_memory: float | None) -> None:
        if self.deadline is not None and time.monotonic() >= self.deadline:
            raise QueryTimeout(_late(self.timeout))
        if max_memory and _resident_mb(self.proc.pid) > max_memory:
            raise QueryMemory(f"the query used more than {max_memory:g} MB of memory and "
                              f"was stopped")

    def wait(self) -> float:
        if self.deadline is None:
            return _SLICE
        return max(0.0, min(_SLICE, self.deadline - time.monotonic()))

    @property
    def reusable(self) -> bool:
        return self.jobs < MAX_JOBS and self.proc.exitcode is None

    def kill(self) -> None:
        """End the worker, whatever it is doing, and reap it (idempotent)."""
        if self.proc.exitcode is None:
            try:
                self.proc.kill()
            except (OSError, ValueError):
                pass
        self.proc.join()
        if not self.conn.closed:
            self.conn.close()
