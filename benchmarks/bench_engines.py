"""One engine at one size, for the scale benchmark (``run.py``): a fresh process (``run.py
--child``) loads the synthetic graph into embedded Oxigraph, rdflib or an Oxigraph server and
times every canned query on it; ``bench_size`` runs the three side by side."""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import synthetic
from bench_common import HERE, ROOT, SLOW, log, peak_rss_mb, proc_status_mb
from bench_params import synthetic_params
from bench_search import time_indexed_search, time_search
from bench_server import Server, cli_load

RUN = HERE / "run.py"  # the entry point, whose --child runs child()


def _size_of(result) -> str:
    from rdflib import Graph

    if isinstance(result, bool):
        return str(result).lower()
    if isinstance(result, Graph):
        return str(len(result))
    return str(len(result))


def time_query(store, canned, params: dict, runs: int, cap: float, in_child: bool) -> dict:
    """One capped first run; if it was quick, ``runs`` more in this process (warm); the
    median of those, or the first run alone when it was slow."""
    from kg.errors import KgError, QueryTimeout
    from kg.query import run_canned

    started = time.perf_counter()
    try:
        result = run_canned(store, canned.name, timeout=cap if in_child else None, **params)
    except QueryTimeout:
        return {"status": "timeout", "times": [], "rows": None}
    except KgError as e:
        return {"status": f"error: {e}"[:300], "times": [], "rows": None}
    first = time.perf_counter() - started
    rows = _size_of(result)
    if first > SLOW or first > cap:
        return {"status": "ok", "times": [first], "rows": rows, "first": first}
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        run_canned(store, canned.name, timeout=None, **params)
        times.append(time.perf_counter() - t0)
    return {"status": "ok", "times": times, "rows": rows, "first": first}



def time_raw_oxigraph(store, canned, params: dict, runs: int) -> list[float]:
    """The same query straight on pyoxigraph, parameters bound the same way, every solution
    read but not turned into rdflib terms: what the engine alone costs."""
    import pyoxigraph as ox

    from kg.namespaces import PREFIXES
    from kg.query import bindings_for
    from kg.sparql import bind, parse

    parsed = parse(canned.text)
    text, _ = bind(parsed, bindings_for(store, parsed, params, canned))
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = store._store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
        if not isinstance(result, (bool, ox.QueryBoolean)):
            for item in result:
                tuple(item)
        times.append(time.perf_counter() - t0)
    return times


def child(spec: dict) -> dict:
    """Load one engine from the synthetic TriG file, then time every canned query on it."""
    from kg.library import catalog

    engine, trig, runs, cap = spec["engine"], Path(spec["trig"]), spec["runs"], spec["cap"]
    out: dict = {"engine": engine, "rss_before_mb": peak_rss_mb()}
    import rdflib  # noqa: F401  (imports are not part of the load)

    import kg.query  # noqa: F401

    out["rss_imports_mb"] = peak_rss_mb()
    log(f"  {engine}: loading {trig.name}")
    if engine == "oxigraph":
        import pyoxigraph as ox

        from kg.store import OxigraphStore

        folder = Path(spec["folder"])
        t0 = time.perf_counter()
        st = ox.Store(str(folder))
        st.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
        st.flush()
        out["load_s"] = time.perf_counter() - t0
        out["peak_rss_load_mb"] = peak_rss_mb()
        t0 = time.perf_counter()
        st.optimize()
        out["optimize_s"] = time.perf_counter() - t0
        del st
        t0 = time.perf_counter()
        store = OxigraphStore(folder)
        out["triples"] = len(store)
        out["open_s"] = time.perf_counter() - t0
        in_child = True
    elif engine == "rdflib":
        from kg.store import RdflibStore

        t0 = time.perf_counter()
        store = RdflibStore(trig=trig)
        out["load_s"] = time.perf_counter() - t0
        out["peak_rss_load_mb"] = peak_rss_mb()
        out["triples"] = sum(len(g) for g in store.dataset.graphs())
        in_child = True
    else:
        from kg.endpoint import EndpointStore, push

        url = spec["url"]
        t0 = time.perf_counter()
        pushed = push([trig], gsp=f"{url}/store", timeout=600)
        out["load_s"] = time.perf_counter() - t0
        out["peak_rss_load_mb"] = peak_rss_mb()  # the client's, while pushing
        out["server_peak_rss_load_mb"] = proc_status_mb(spec["server_pid"], "VmHWM")
        out["triples"] = sum(pushed.values())
        store = EndpointStore(f"{url}/query", timeout=cap)
        in_child = False  # the HTTP timeout is the cap
    log(f"  {engine}: loaded {out['triples']:,} triples in {out['load_s']:.2f} s, "
        f"peak RSS {out['peak_rss_load_mb']:.0f} MB")
    # what a capped query costs beyond the query itself (a fork, and a reopen for Oxigraph)
    def ask(timeout):
        t0 = time.perf_counter()
        store.ask("ASK { }", timeout=timeout)
        return time.perf_counter() - t0

    ask(None)
    bare = statistics.median(ask(None) for _ in range(3))
    capped = statistics.median(ask(cap if in_child else None) for _ in range(3))
    out["cap_overhead_ms"] = (capped - bare) * 1000
    out["queries"] = {}
    anchors = spec["anchors"]
    for canned in catalog():
        params, notes = synthetic_params(canned, anchors)
        r = time_query(store, canned, params, runs, cap, in_child)
        if engine == "oxigraph" and r["status"] == "ok" and len(r["times"]) > 1:
            r["raw_times"] = time_raw_oxigraph(store, canned, params, runs)
        r["params"], r["notes"] = params, notes
        out["queries"][canned.name] = r
        shown = (f"{statistics.median(r['times']) * 1000:.1f} ms" if r["times"]
                 else r["status"])
        log(f"  {engine}: {canned.name}: {shown} ({r['rows']} rows)")
    label = anchors["program_label"]
    out["search"] = time_search(store, label, runs, cap, limited=engine == "rdflib")
    out["search"]["params"] = {"text": label}
    if engine == "oxigraph":
        out["search_index"] = time_indexed_search(store, folder, label, runs)
    shown = out["search"]["times"] and statistics.median(out["search"]["times"]) * 1000
    log(f"  {engine}: search {label}: {shown} ms ({out['search']['rows']} hits)")
    out["peak_rss_end_mb"] = peak_rss_mb()
    if engine == "endpoint":
        out["server_peak_rss_end_mb"] = proc_status_mb(spec["server_pid"], "VmHWM")
    return out


def run_child(spec: dict) -> dict:
    """Run ``child(spec)`` in a fresh interpreter; its JSON comes back on stdout."""
    proc = subprocess.run([sys.executable, str(RUN), "--child", json.dumps(spec)],
                          cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False)
    if proc.returncode != 0:
        return {"engine": spec["engine"], "error": f"exit code {proc.returncode}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def bench_size(size: str, runs: int, cap: float, rdflib_runs: int) -> dict:
    trig, meta = synthetic.ensure(size)
    log(f"{size}: {trig.name}, {meta['triples']:,} triples")
    work = Path(tempfile.mkdtemp(prefix=f"run-{size}-", dir=synthetic.DATA_DIR))
    out = {"size": size, "meta": meta, "engines": {}}
    try:
        base = {"trig": str(trig), "runs": runs, "cap": cap, "anchors": meta["anchors"]}
        out["engines"]["oxigraph"] = run_child(
            {**base, "engine": "oxigraph", "folder": str(work / "embedded")})
        (work / "server").mkdir()
        with Server(work / "server", cap) as server:
            out["engines"]["endpoint"] = run_child(
                {**base, "engine": "endpoint", "url": server.url, "server_pid": server.proc.pid})
        out["oxigraph_load_cli"] = cli_load(trig, work / "cli-load")
        out["engines"]["rdflib"] = run_child({**base, "engine": "rdflib", "runs": rdflib_runs})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out

