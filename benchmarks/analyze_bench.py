"""``kg analyze measures`` on the synthetic graphs (issue 14): the projection's time, the
measures' time (betweenness sampled above kg.analyze.EXACT_BELOW nodes) and the peak memory,
each size in a fresh process of its own. Prints a Markdown table.

    .venv/bin/python benchmarks/analyze_bench.py [--sizes 100k,1M]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402 - beside this file, on the path above
from bench_common import peak_rss_mb  # noqa: E402


def child(size: str) -> dict:
    import pyoxigraph as ox

    from kg.analyze import measures
    from kg.netx import project
    from kg.store import OxigraphStore

    trig, _ = synthetic.ensure(size)
    out = {"size": size}
    with tempfile.TemporaryDirectory() as tmp:
        st = ox.Store(tmp)
        st.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
        st.flush()
        del st
        store = OxigraphStore(Path(tmp))
        out["triples"] = len(store)
        t0 = time.perf_counter()
        graph = project(store)
        out["project_s"] = time.perf_counter() - t0
        out["nodes"], out["edges"] = graph.number_of_nodes(), graph.number_of_edges()
        out["rss_after_project_mb"] = peak_rss_mb()
        t0 = time.perf_counter()
        result = measures(graph, readings=False)
        out["measures_s"] = time.perf_counter() - t0
        out["betweenness"] = result.parameters["betweenness"]
        out["peak_rss_mb"] = peak_rss_mb()
        out["top"] = result.rows[0]["label"]
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100k,1M")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child)))
        return 0
    rows = []
    for size in (s.strip() for s in args.sizes.split(",") if s.strip()):
        done = subprocess.run([sys.executable, __file__, "--child", size], check=True,
                              capture_output=True, text=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print("| graph | triples | nodes | edges | projection | measures | betweenness | peak RSS |")
    print("|---|---:|---:|---:|---:|---:|---|---:|")
    for r in rows:
        print(f"| {r['size']} | {r['triples']:,} | {r['nodes']:,} | {r['edges']:,} | "
              f"{r['project_s']:.1f} s | {r['measures_s']:.1f} s | {r['betweenness']} | "
              f"{r['peak_rss_mb']:.0f} MB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
