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

from ..limits import Watched
from .child import Job, Source, worker

__all__ = ["MAX_JOBS", "Worker"]

MAX_JOBS = 1000  # jobs before a worker is replaced (memory the allocator kept, say)


class Worker(Watched):
    """One worker process; :class:`kg.limits.Watched` reads its answers and watches its
    limits, job after job."""

    def __init__(self, ctx, source: Source, sandbox: bool, max_memory: float | None = None):
        self.conn, theirs = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=worker, args=(source, theirs, sandbox), daemon=True)
        try:
            self.proc.start()
        finally:
            theirs.close()
        self.jobs = 0
        self.max_memory = max_memory

    def send(self, job: Job, timeout: float | None) -> None:
        self.arm(timeout)
        self.jobs += 1
        self.conn.send((job, timeout))

    @property
    def reusable(self) -> bool:
        return self.jobs < MAX_JOBS and self.proc.exitcode is None
