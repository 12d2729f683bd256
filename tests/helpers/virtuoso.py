"""A real Virtuoso Open Source 7 (Debian's ``virtuoso-opensource-7-bin``, installed by ``make
virtuoso``) on free ports of 127.0.0.1, in a folder of its own, from the ~20-line virtuoso.ini
written there: SQL and HTTP listen on loopback only, files only in that folder, few buffers.

``Virtuoso(folder)`` starts it and waits until its SPARQL endpoint answers; ``isql(sql)`` runs
SQL as dba (the SPARQL Update grant, say); ``stop()`` sends SIGTERM, then SIGKILL to the
process group if it lingers, and checks in /proc that no process of the group is left. Where
``virtuoso-t`` is missing the tests skip, except in CI (``$CI``), where they fail: a missing
install step must show."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt")
START_SECONDS = 60

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DirsAllowed = {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 1
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {dir}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""


def require_virtuoso() -> None:
    """Skip without ``virtuoso-t``; in CI, fail instead."""
    if VIRTUOSO and ISQL:
        return
    message = "no virtuoso-t/isql-vt: 'make virtuoso' installs virtuoso-opensource-7-bin"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def group_alive(pgid: int) -> list[int]:
    """The processes of group ``pgid`` still running (zombies excepted), read from /proc."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


class Virtuoso:
    """``virtuoso-t +foreground`` in ``folder``, in a process group of its own."""

    def __init__(self, folder: Path):
        require_virtuoso()
        self.folder = Path(folder)
        self.sql_port, self.http_port = free_port(), free_port()
        self.base = f"http://127.0.0.1:{self.http_port}"
        self.sparql = f"{self.base}/sparql"
        ini = self.folder / "virtuoso.ini"
        ini.write_text(INI.format(dir=self.folder, sql=self.sql_port, http=self.http_port))
        self.log = open(self.folder / "stdout.log", "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen([VIRTUOSO, "+configfile", str(ini), "+foreground"],
                                     cwd=self.folder, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            self._wait()
        except BaseException:
            self.stop()
            raise

    def _wait(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                urllib.request.urlopen(f"{self.sparql}?query=ASK%7B%7D", timeout=2).read()
                return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    tail = (self.folder / "virtuoso.log").read_text(errors="replace")[-800:] \
                        if (self.folder / "virtuoso.log").exists() else ""
                    raise RuntimeError(f"virtuoso did not start: {tail}") from None
                time.sleep(0.2)

    def isql(self, sql: str) -> str:
        """Run ``sql`` as dba through isql-vt; a failure raises with isql's output."""
        out = subprocess.run([ISQL, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={sql}"],
                             capture_output=True, text=True, timeout=60, check=False,
                             stdin=subprocess.DEVNULL)
        if out.returncode != 0 or "*** Error" in out.stdout + out.stderr:
            raise RuntimeError(f"isql failed: {out.stdout[-500:]} {out.stderr[-500:]}")
        return out.stdout

    def stop(self) -> None:
        """SIGTERM (Virtuoso checkpoints and exits), SIGKILL to the group after 30 s."""
        pgid = self.proc.pid
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                pass
        if group_alive(pgid):
            os.killpg(pgid, signal.SIGKILL)
        self.proc.wait(10)
        self.log.close()
        left = group_alive(pgid)
        assert not left, f"virtuoso processes left behind: {left}"
