"""``oxigraph serve`` (the ``oxigraph`` package's server) on a free port of 127.0.0.1, for the
tests that read the graph through ``--endpoint``."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

OXIGRAPH = Path(sys.executable).parent / "oxigraph"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``oxigraph serve`` on a free port of 127.0.0.1 with its own folder."""

    def __init__(self, folder: Path):
        if not OXIGRAPH.exists():
            pytest.fail("no oxigraph server: the test extra installs the 'oxigraph' package")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [str(OXIGRAPH), "serve", "--location", str(folder), "--bind",
             f"127.0.0.1:{self.port}", "--union-default-graph"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{self.base}/query?query=ASK%7B%7D", timeout=1)
                return
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError("the oxigraph server did not start") from None
                time.sleep(0.1)

    def stop(self):
        self.proc.kill()
        self.proc.wait()
