"""The Oxigraph server for the scale benchmark (``run.py``): ``oxigraph serve`` on a free port,
started and stopped around one engine's child, and ``oxigraph load`` for comparison."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from bench_common import OXIGRAPH


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``oxigraph serve`` on a free port of 127.0.0.1, over an empty folder; stopped on exit."""

    def __init__(self, folder: Path, cap: float):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(folder.parent / f"{folder.name}.log", "wb")
        self.proc = subprocess.Popen(
            [str(OXIGRAPH), "serve", "--location", str(folder), "--bind",
             f"127.0.0.1:{self.port}", "--union-default-graph", "--timeout-s", str(int(cap))],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/query?query=ASK%7B%7D", timeout=2).read()
                return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise SystemExit(f"oxigraph serve did not start (see {self.log.name})")
                time.sleep(0.1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def cli_load(trig: Path, folder: Path) -> dict:
    """``oxigraph load`` into an empty folder: the server's own bulk loader, for comparison."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(OXIGRAPH), "load", "--location", str(folder), "--file",
                             str(trig)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"load_s": time.perf_counter() - t0, "peak_rss_load_mb": usage.ru_maxrss / 1024,
            "ok": proc.returncode == 0}
