"""What the hardening of issue #10 costs a query: the parse, the child process, the sandbox.

One run, medians, printed as a Markdown table with ratios (the machine is noisy: compare the
rows of one run, not runs of different days). Needs a built store (``kg build``).

    .venv/bin/python benchmarks/guard_cost.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RUNS = 7


def median_ms(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    from kg.library import catalog
    from kg.limits import run_limited
    from kg.query import run
    from kg.sparql import _grammar, parse
    from kg.store import open_store

    store = open_store()
    _grammar()
    texts = [q.text for q in catalog()]
    rows = []
    rows.append(("parse all canned queries, per query", median_ms(
        lambda: [parse(t) for t in texts]) / len(texts)))
    rows.append(("a child process, nothing in it", median_ms(
        lambda: list(run_limited(lambda: iter([1]), 10, sandbox=False)))))
    rows.append(("a child process cut off the network", median_ms(
        lambda: list(run_limited(lambda: iter([1]), 10, sandbox=True)))))
    ask = "ASK { program:weicun a csr:Program }"
    rows.append(("own query in this process (no guard)", median_ms(lambda: store.ask(ask))))
    rows.append(("user's query: parse + check + child + sandbox", median_ms(
        lambda: run(store, ask).materialize())))
    kg = [sys.executable, "-m", "kg.cli", "query", "--name", "partners-of-program",
          "-p", "program=如祺出行"]
    rows.append(("`kg query --name partners-of-program`, cold process", median_ms(
        lambda: subprocess.run(kg, capture_output=True, check=True, cwd=ROOT), 5)))
    base = rows[-1][1]
    print("| what | median ms | share of a cold `kg query` |\n|---|---:|---:|")
    for name, ms in rows:
        print(f"| {name} | {ms:.1f} | {ms / base:.0%} |")


if __name__ == "__main__":
    main()
