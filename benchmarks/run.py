"""The scale benchmark of issue 6: load time, peak memory and canned-query latency on the
embedded Oxigraph store, in-memory rdflib and an Oxigraph server over HTTP, side by side in one
run, on synthetic CSR graphs of 10k, 100k and 1M triples; and the CLI's wall time from a cold
process on the real graph. Prints Markdown tables and writes them into benchmarks/README.md.
Speeds are ratios from one run on one machine, not promises.

    .venv/bin/python benchmarks/run.py [--sizes 10k,100k,1M] [--runs 5] [--cap 60]

Each engine loads and answers in a fresh process of its own (``--child``), so one engine's
memory never counts against another's.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402  (beside this file, as the modules below)
from bench_cli import bench_cli  # noqa: E402
from bench_common import log  # noqa: E402
from bench_engines import bench_size, child  # noqa: E402
from bench_report import machine, render, write_readme  # noqa: E402
from bench_search import search_only  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10k,100k,1M", help="comma-separated: 10k,100k,1M")
    ap.add_argument("--runs", type=int, default=5, help="warm runs per query (median)")
    ap.add_argument("--rdflib-runs", type=int, default=3, help="warm runs per rdflib query")
    ap.add_argument("--cap", type=float, default=60.0, help="seconds a query may run")
    ap.add_argument("--cli-runs", type=int, default=7, help="runs per CLI command")
    ap.add_argument("--no-cli", action="store_true", help="skip the CLI measurements")
    ap.add_argument("--no-readme", action="store_true", help="print only; leave README alone")
    ap.add_argument("--search-only", action="store_true",
                    help="only kg search with and without the index (the table of its own)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return 0
    if args.search_only:
        text = search_only([s.strip() for s in args.sizes.split(",") if s.strip()], args.runs)
        print(text)
        return 0
    started = time.time()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    for s in sizes:
        synthetic.parse_size(s)
    results = {"started": time.strftime("%Y-%m-%d %H:%M", time.localtime(started)),
               "command": "benchmarks/run.py " + " ".join(argv if argv is not None
                                                          else sys.argv[1:]),
               "machine": machine(), "runs": args.runs, "rdflib_runs": args.rdflib_runs,
               "cap": args.cap, "sizes": []}
    for size in sizes:
        results["sizes"].append(bench_size(size, args.runs, args.cap, args.rdflib_runs))
    if not args.no_cli:
        results["cli"] = bench_cli(args.cli_runs)
    results["minutes"] = (time.time() - started) / 60
    results["command"] = results["command"].strip()
    stamp = time.strftime("%Y%m%dT%H%M%S", time.localtime(started))
    synthetic.DATA_DIR.mkdir(exist_ok=True)
    (synthetic.DATA_DIR / f"results-{stamp}.json").write_text(json.dumps(results, indent=1))
    text = render(results)
    print(text)
    if not args.no_readme:
        write_readme(text)
        log("wrote benchmarks/README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
