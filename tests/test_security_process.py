"""Signals, deadlines and memory: a real ``kg`` process, real signals, and the query's child
process looked up in /proc. Nothing may outlive ``kg``, run past its limit, or leave a file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
HOG = ("SELECT ?a ?b ?c ?d WHERE { ?a ?x ?b . ?c ?y ?d } ORDER BY ?a ?b ?c ?d")
KG = [sys.executable, "-m", "kg.cli"]


def _children(pid: int) -> set[int]:
    found = set()
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found |= {int(p) for p in (task / "children").read_text().split()}
    except OSError:
        pass
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(predicate, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def _start_query(built, tmp_path, *extra) -> tuple[subprocess.Popen, int]:
    """``kg query RUNAWAY -o out.csv`` started for real; returns it and its query child."""
    proc = subprocess.Popen([*KG, "query", "-e", RUNAWAY, "--store", str(built.store),
                             "-f", "csv", "-o", str(tmp_path / "out.csv"), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    assert _wait_for(lambda: _children(proc.pid), 20), "the query child never started"
    (child,) = _children(proc.pid)
    return proc, child


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_orphaned_query_child_after_a_stop_signal(built, tmp_path, sig):
    proc, child = _start_query(built, tmp_path, "--timeout", "60")
    time.sleep(0.5)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 128 + sig
    assert err.decode().count("\n") == 1 and err.startswith(b"error: ")
    assert _wait_for(lambda: not _alive(child), 5), "the query child outlived kg"
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no out.csv, no temporary file


def test_orphaned_query_child_after_sigkill(built, tmp_path):
    proc, child = _start_query(built, tmp_path, "--timeout", "60")
    time.sleep(0.5)
    proc.kill()
    proc.wait(timeout=10)
    assert _wait_for(lambda: not _alive(child), 5), "the query child outlived a SIGKILL of kg"
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_query_child_stops_at_its_own_deadline(built, tmp_path):
    """A stopped parent (SIGSTOP: it never reads again) cannot keep the child running past
    the time limit: the child ends itself."""
    proc, child = _start_query(built, tmp_path, "--timeout", "2")
    proc.send_signal(signal.SIGSTOP)
    try:
        assert _wait_for(lambda: not _alive(child), 10), "the child ran past its deadline"
    finally:
        proc.send_signal(signal.SIGCONT)
        proc.communicate(timeout=20)
    assert proc.returncode == 3


def test_subprocess_run_timeout_leaves_nothing_behind(built, tmp_path):
    """``subprocess.run(timeout=)`` kills kg with SIGKILL: the child goes with it."""
    before = {int(p) for p in os.listdir("/proc") if p.isdigit()}
    with pytest.raises(subprocess.TimeoutExpired):
        subprocess.run([*KG, "query", "-e", RUNAWAY, "--store", str(built.store),
                        "--timeout", "60", "-o", str(tmp_path / "out.csv")],
                       capture_output=True, timeout=4, cwd=tmp_path)

    def leftover():
        return [p for p in ({int(p) for p in os.listdir("/proc") if p.isdigit()} - before)
                if _alive(p) and "kg.cli" in Path(f"/proc/{p}/cmdline").read_text(
                    errors="replace")]
    assert _wait_for(lambda: not leftover(), 5), leftover()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_memory_limit_stops_a_query(built, tmp_path):
    started = time.monotonic()
    r = subprocess.run([*KG, "query", "-e", HOG, "--store", str(built.store), "--timeout", "60",
                        "--max-memory", "300", "-f", "csv", "-o", str(tmp_path / "o.csv")],
                       capture_output=True, text=True, timeout=90)
    assert r.returncode == 3, r.stderr
    assert r.stderr == ("error: the query used more than 300 MB of memory and was stopped "
                        "(raise it with --max-memory)\n")
    assert time.monotonic() - started < 60
    assert list(tmp_path.iterdir()) == []


def test_path_all_max_hops_8_has_a_time_limit(built):
    started = time.monotonic()
    r = subprocess.run([*KG, "path", "腾讯为村", "99公益日", "--all", "--max-hops", "8",
                        "--timeout", "2", "--store", str(built.store)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 3, r.stderr[-300:]
    assert r.stderr.startswith("error: the query ran past its time limit of 2 s")
    assert time.monotonic() - started < 30


def test_a_stop_signal_during_a_build_leaves_the_store_answering(built, tmp_path):
    """SIGTERM in the middle of ``kg build``: one line, 143, and the previous store intact."""
    from kg.paths import DATA_DIR

    store, dumps = tmp_path / "store", tmp_path / "dumps"
    args = [*KG, "build", "--data", str(DATA_DIR / "tencent-csr-2019"), "--store", str(store),
            "--dump-dir", str(dumps)]
    assert subprocess.run(args, capture_output=True, timeout=120).returncode == 0
    before = (dumps / "tencent-csr-2019.trig").read_bytes()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(2.0)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the build finished before the signal came")
    assert proc.returncode == 143 and err.decode().startswith("error: stopped by SIGTERM")
    assert (dumps / "tencent-csr-2019.trig").read_bytes() == before
    r = subprocess.run([*KG, "query", "-e", "ASK { program:weicun a csr:Program }", "--store",
                        str(store)], capture_output=True, text=True, timeout=60)
    assert r.stdout == "true\n"
