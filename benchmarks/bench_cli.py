"""The CLI's wall time from a cold process on the real graph, for the scale benchmark
(``run.py``)."""

from __future__ import annotations

import os
import shlex
import statistics
import subprocess
import sys
import time

import synthetic
from bench_common import ROOT, VENV_BIN, log


def bench_cli(runs: int) -> dict:
    """Wall time of ``kg`` commands from a fresh process on the real graph: one warm-up run
    (files in the page cache), then the median of ``runs``. Measured twice: with Python's
    bytecode cache (as an installed kg runs after its first start; the cache goes under
    benchmarks/data/) and with the environment as it is (where PYTHONDONTWRITEBYTECODE is set
    and the checkout has no __pycache__, every start compiles kg's modules again)."""
    from kg.library import catalog

    kg = str(VENV_BIN / "kg")
    if not (ROOT / "build" / "store").exists():
        log("no build/store: running kg build")
        subprocess.run([kg, "build"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    cached_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cached_env["PYTHONPYCACHEPREFIX"] = str(synthetic.DATA_DIR / "pycache")

    def wall(argv: list[str], n: int, env: dict) -> dict:
        def once() -> tuple[float, int]:
            t0 = time.perf_counter()
            code = subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, check=False).returncode
            return time.perf_counter() - t0, code

        once()
        times, codes = zip(*(once() for _ in range(n)))
        return {"median_s": statistics.median(times), "min_s": min(times), "exit": max(codes)}

    def measure(env: dict) -> dict:
        out = {"python": wall([sys.executable, "-c", "pass"], runs, env),
               "import_kg_cli": wall([sys.executable, "-c", "import kg.cli"], runs, env),
               "help": wall([kg, "--help"], runs, env),
               "partners": wall([kg, "query", "--name", "partners-of-program"], runs, env),
               "queries": {}}
        for canned in catalog():
            argv = shlex.split(canned.examples[0]) if canned.examples else [
                "kg", "query", "--name", canned.name]
            out["queries"][canned.name] = wall([kg, *argv[1:]], max(3, runs // 2), env)
        return out

    out = {"cached": measure(cached_env), "as_is": measure(dict(os.environ)),
           "dont_write_bytecode": bool(os.environ.get("PYTHONDONTWRITEBYTECODE"))}
    for mode in ("cached", "as_is"):
        m = out[mode]
        log(f"CLI ({mode}): --help {m['help']['median_s'] * 1000:.0f} ms, query --name "
            f"partners-of-program {m['partners']['median_s'] * 1000:.0f} ms")
    return out

