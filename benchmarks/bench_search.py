"""``kg search`` timed for the scale benchmark (``run.py``): on one engine like a canned query,
with and without the search index, and the ``--search-only`` table."""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

import synthetic
from bench_common import SLOW, log, ms


def time_search(store, text: str, runs: int, cap: float, limited: bool) -> dict:
    """``kg search`` for a label, timed like a canned query; ``limited`` runs the first try
    in a child process stopped after ``cap`` seconds."""
    from kg.errors import KgError, QueryTimeout
    from kg.limits import run_limited
    from kg.search import search

    def once() -> str:
        return str(len(search(store, text)))

    started = time.perf_counter()
    try:
        rows = next(run_limited(lambda: iter([once()]), cap)) if limited else once()
    except QueryTimeout:
        return {"status": "timeout", "times": [], "rows": None}
    except KgError as e:
        return {"status": f"error: {e}"[:300], "times": [], "rows": None}
    first = time.perf_counter() - started
    if first > SLOW:
        return {"status": "ok", "times": [first], "rows": rows, "first": first}
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        once()
        times.append(time.perf_counter() - t0)
    return {"status": "ok", "times": times, "rows": rows, "first": first}


def time_indexed_search(store, folder: Path, label: str, runs: int) -> dict:
    """``kg search`` with the index ``kg build`` writes beside the store: the time to write
    it, then warm medians for the label, its first two characters (too short for a
    trigram: a scan) and a word of the descriptions, each next to the SPARQL search."""
    from kg.search import search
    from kg.search_index import index_file, write_index

    t0 = time.perf_counter()
    write_index(store, index_file(folder))
    out: dict = {"write_s": time.perf_counter() - t0,
                 "size_mb": index_file(folder).stat().st_size / 1e6, "texts": {}}
    for text in (label, label[:2], "项目"):
        row = {}
        for way, use in (("index", True), ("sparql", False)):
            search(store, text, use_index=use)
            times = []
            for _ in range(runs if use else 1):
                t = time.perf_counter()
                hits = search(store, text, use_index=use)
                times.append(time.perf_counter() - t)
            row[way] = {"times": times, "total": hits.total, "engine": hits.engine}
        out["texts"][text] = row
        log(f"  search {text}: index {statistics.median(row['index']['times']) * 1000:.1f} ms,"
            f" sparql {statistics.median(row['sparql']['times']) * 1000:.0f} ms "
            f"({row['index']['total']} / {row['sparql']['total']} hits)")
    return out


def search_only(sizes: list[str], runs: int) -> str:
    """Only the search rows: each size loaded into an embedded store, the index written,
    the searches timed. Returns the markdown table."""
    import pyoxigraph as ox

    from kg.store import OxigraphStore

    lines = ["| size | triples | index write | index size | search | hits | with index "
             "| SPARQL (no index) | speed-up |", "|---|---:|---:|---:|---|---:|---:|---:|---:|"]
    for size in sizes:
        trig, meta = synthetic.ensure(size)
        work = Path(tempfile.mkdtemp(prefix=f"search-{size}-", dir=synthetic.DATA_DIR))
        try:
            st = ox.Store(str(work / "store"))
            st.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
            st.optimize()
            st.flush()
            del st
            store = OxigraphStore(work / "store")
            r = time_indexed_search(store, work / "store", meta["anchors"]["program_label"],
                                    runs)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        for text, row in r["texts"].items():
            fast = statistics.median(row["index"]["times"])
            slow = statistics.median(row["sparql"]["times"])
            lines.append(f"| {size} | {meta['triples']:,} | {r['write_s']:.2f} s | "
                         f"{r['size_mb']:.1f} MB | `kg search {text}` | {row['index']['total']} "
                         f"| {ms(fast)} ms | {ms(slow)} ms | {slow / fast:,.0f}× |")
    return "\n".join(lines) + "\n"
