"""``kg serve`` as a real process on a free port of 127.0.0.1, for the tests/test_serve_*.py
files: started with ``--port 0`` (the URL it prints says which port), stopped with SIGTERM;
and the process tree under a pid, read from /proc."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

KG = Path(sys.executable).parent / "kg"


class Served:
    def __init__(self, store: Path | None, *args: str):
        """``store``: the embedded store's folder; None when ``args`` name an --endpoint."""
        where = ["--store", str(store)] if store is not None else []
        self.proc = subprocess.Popen([str(KG), "serve", "--port", "0", *where, *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("kg serve: http://"):
            self.proc.kill()
            raise RuntimeError(f"kg serve did not start: {line!r} {self.proc.stderr.read()}")
        self.url = line.split()[2].rstrip("/")
        self.sparql = self.url + "/sparql"

    def get(self, path: str, accept: str | None = None, timeout: float = 60):
        """(status, headers, body) of GET url+path."""
        request = urllib.request.Request(self.url + path,
                                         headers={"Accept": accept} if accept else {})
        return _send(request, timeout)

    def json(self, path: str, status: int = 200, timeout: float = 60):
        """The JSON body of GET url+path, which must answer ``status``."""
        import json

        got, _, body = self.get(path, timeout=timeout)
        assert got == status, body[:300]
        return json.loads(body)

    def post(self, path: str, body: bytes, content_type: str, accept: str | None = None,
             timeout: float = 60):
        headers = {"Content-Type": content_type}
        if accept:
            headers["Accept"] = accept
        request = urllib.request.Request(self.url + path, data=body, headers=headers,
                                         method="POST")
        return _send(request, timeout)

    def stop(self, sig=signal.SIGTERM, timeout: float = 15) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()
        return self.proc.returncode


def _send(request, timeout):
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def children(pid: int) -> list[int]:
    """Every live descendant of ``pid`` (zombies excluded)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[0] != "Z":
            parents.setdefault(int(fields[1]), []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def alive(pid: int) -> bool:
    """Whether ``pid`` exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2:].split()[0] != "Z"


def wait_gone(pids, timeout: float = 10) -> list[int]:
    """The pids still alive after up to ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        left = [p for p in pids if alive(p)]
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.1)


def state(pid: int) -> str:
    """The process state letter (R running, S sleeping...), or "" when gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return ""
    return stat[stat.rindex(")") + 2:].split()[0]


def workers(server: Served) -> list[int]:
    """The query workers of a ``kg serve``: the children of its fork server."""
    out = []
    for pid in children(server.proc.pid):
        try:
            with open(f"/proc/{pid}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{ppid}/cmdline", "rb") as f:
                if b"forkserver" in f.read():
                    out.append(pid)
        except OSError:
            pass
    return out


def running_workers(server: Served, timeout: float = 10) -> list[int]:
    """The workers busy on the CPU, waiting up to ``timeout`` for one to be."""
    deadline = time.monotonic() + timeout
    while True:
        busy = [p for p in workers(server) if state(p) == "R"]
        if busy or time.monotonic() > deadline:
            return busy
        time.sleep(0.05)


def idle_after(server: Served, timeout: float = 5) -> list[int]:
    """The workers still on the CPU after up to ``timeout`` seconds (none is the pass)."""
    deadline = time.monotonic() + timeout
    while True:
        busy = [p for p in workers(server) if state(p) == "R"]
        if not busy or time.monotonic() > deadline:
            return busy
        time.sleep(0.1)
