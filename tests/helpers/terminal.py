"""A command run with its stdout and stderr on a real pseudo-terminal (for the tests of what
``kg`` does when it writes to a terminal: widths, escapes, encodings)."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
import time


def in_terminal(args: list[str], env: dict | None = None, seconds: float = 60,
                columns: int | None = None) -> bytes:
    """What the terminal got from ``args`` run with ``env`` (added to, or, with ``columns``
    set to a width, in place of this process's ``COLUMNS``); the terminal is ``columns``
    wide (0: a size it does not know; None: left as the pty opens). Waits ``seconds`` at
    most; the exit status is ``in_terminal.returncode``."""
    master, slave = pty.openpty()
    if columns is not None:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    base = {k: v for k, v in os.environ.items()
            if columns is None or k not in ("COLUMNS", "LINES")}
    proc = subprocess.Popen(args, stdout=slave, stderr=slave, stdin=subprocess.DEVNULL,
                            env={**base, **(env or {})})
    os.close(slave)
    got = b""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if select.select([master], [], [], 0.2)[0]:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal closed: the process is done
                break
            if not chunk:
                break
            got += chunk
        elif proc.poll() is not None:
            break
    proc.wait(timeout=10)
    os.close(master)
    in_terminal.returncode = proc.returncode
    return got
