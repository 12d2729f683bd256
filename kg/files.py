"""Writing files so that a reader never sees half of one: a temporary file beside the target,
flushed to disk, then renamed over it. If anything fails, the target is as it was."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

__all__ = ["atomic_open", "atomic_write"]


@contextlib.contextmanager
def atomic_open(path: Path, mode: str = "w"):
    """``with atomic_open(path) as f: f.write(...)``; text is UTF-8."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": ""})
                  ) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    with atomic_open(path, "wb") as f:
        f.write(data)
