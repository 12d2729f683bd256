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
import itertools
import json
import os
import platform
import resource
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402  (beside this file)

VENV_BIN = Path(sys.executable).parent
OXIGRAPH = VENV_BIN / "oxigraph"
ENGINES = ("oxigraph", "endpoint", "rdflib")
ENGINE_NAMES = {"oxigraph": "embedded Oxigraph", "endpoint": "Oxigraph server (HTTP)",
                "rdflib": "rdflib in memory"}
SLOW = 1.0  # seconds: a query whose first run takes longer is timed once
RESULTS_START = "<!-- results:start (written by benchmarks/run.py; do not edit by hand) -->"
RESULTS_END = "<!-- results:end -->"
# a canned query's example names an entity of the real report; these stand in for it
ANCHOR_FOR_PARAM = {"program": "program", "entity": "program", "organization": "organization",
                    "place": "place", "group": "group", "section": "section",
                    "forerunner": "program", "unit": "unit"}
SCHEME_PREFIXES = ("csrs:", "csr:", "unit:")


def log(*parts) -> None:
    print(time.strftime("%H:%M:%S"), *parts, file=sys.stderr, flush=True)


def peak_rss_mb() -> float:
    """This process's peak resident set so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def proc_status_mb(pid: int, field: str) -> float | None:
    """VmHWM (peak) or VmRSS of another process, from /proc."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


# ---------------------------------------------------------------- canned query parameters

def example_params(canned) -> dict[str, str]:
    """The parameters of the query's first ``# example:`` line."""
    if not canned.examples:
        return {}
    words = shlex.split(canned.examples[0])
    params = {}
    for flag, value in itertools.pairwise(words):
        if flag == "--param":
            key, _, val = value.partition("=")
            params[key] = val
    return params


def synthetic_params(canned, anchors: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The first example's parameters, with every entity of the real report replaced by an
    entity of the synthetic graph; notes say what was replaced."""
    given = example_params(canned)
    params, notes = {}, []
    for p in canned.params:
        value = given.get(p.name, p.default)
        if value is None:
            continue
        if p.type == "iri" and not value.startswith(SCHEME_PREFIXES):
            key = ANCHOR_FOR_PARAM.get(p.name)
            if canned.name == "works-with" and p.name == "program":
                key = "works_with_program"
            if key is None:
                notes.append(f"{p.name}: no synthetic stand-in, left unbound")
                continue
            value = f"<{anchors[key]}>"
        params[p.name] = value
    return params, notes


# ---------------------------------------------------------------- child: one engine

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
    shown = out["search"]["times"] and statistics.median(out["search"]["times"]) * 1000
    log(f"  {engine}: search {label}: {shown} ms ({out['search']['rows']} hits)")
    out["peak_rss_end_mb"] = peak_rss_mb()
    if engine == "endpoint":
        out["server_peak_rss_end_mb"] = proc_status_mb(spec["server_pid"], "VmHWM")
    return out


def run_child(spec: dict) -> dict:
    """Run ``child(spec)`` in a fresh interpreter; its JSON comes back on stdout."""
    proc = subprocess.run([sys.executable, __file__, "--child", json.dumps(spec)],
                          cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False)
    if proc.returncode != 0:
        return {"engine": spec["engine"], "error": f"exit code {proc.returncode}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- the Oxigraph server

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


# ---------------------------------------------------------------- one size

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


# ---------------------------------------------------------------- the CLI on the real graph

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


# ---------------------------------------------------------------- the report

def ms(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    v = seconds * 1000
    return f"{v:.2f}" if v < 10 else f"{v:.1f}" if v < 1000 else f"{v:,.0f}"


def query_cell(r: dict | None, cap: float) -> str:
    if r is None:
        return "–"
    if r["status"] == "timeout":
        return f">{cap:g} s"
    if r["status"] != "ok":
        return "error"
    cell = ms(statistics.median(r["times"]))
    return cell + (" ¹" if len(r["times"]) == 1 else "")


def median_of(r: dict | None) -> float | None:
    if not r or r["status"] != "ok" or not r["times"]:
        return None
    return statistics.median(r["times"])


def ratio(slow: float | None, fast: float | None, floor: str = "") -> str:
    if slow is None or not fast:
        return floor or "–"
    return f"{slow / fast:,.0f}×" if slow / fast >= 10 else f"{slow / fast:.1f}×"


def machine() -> dict:
    import pyoxigraph
    import rdflib

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GB"
    except (OSError, ValueError, IndexError):
        pass
    server = subprocess.run([str(OXIGRAPH), "--version"], capture_output=True, text=True,
                            check=False)
    return {"cores": os.cpu_count(), "cpu": cpu, "memory": mem,
            "python": platform.python_version(), "system": platform.platform(),
            "pyoxigraph": pyoxigraph.__version__, "rdflib": rdflib.__version__,
            "oxigraph_server": server.stdout.strip()}


def render(results: dict) -> str:
    cap = results["cap"]
    m = results["machine"]
    lines = [f"Run of {results['started']}, {results['minutes']:.1f} minutes in all: "
             f"`{results['command']}`.", "",
             f"Machine: {m['cores']} cores ({m['cpu']}), {m['memory']} RAM, {m['system']}; "
             f"Python {m['python']}, pyoxigraph {m['pyoxigraph']}, rdflib {m['rdflib']}, "
             f"{m['oxigraph_server']}. Query medians of {results['runs']} warm runs "
             f"(rdflib: {results['rdflib_runs']}); ¹ one run only (the first took over "
             f"{SLOW:g} s); rdflib and embedded queries capped at {cap:g} s, the server's too.",
             ""]
    sizes = results["sizes"]
    if sizes:
        lines += ["### Load", "",
                  "| size | triples | engine | load | peak RSS | load vs embedded |",
                  "|---|---:|---|---:|---:|---:|"]
    for s in sizes:
        emb = s["engines"]["oxigraph"].get("load_s")
        for engine in ENGINES:
            e = s["engines"][engine]
            if "error" in e:
                lines.append(f"| {s['size']} | | {ENGINE_NAMES[engine]} | {e['error']} | | |")
                continue
            load = f"{e['load_s']:.2f} s"
            rss = f"{e['peak_rss_load_mb']:,.0f} MB"
            if engine == "oxigraph":
                load += f" (+ optimize {e['optimize_s']:.2f} s, open {e['open_s']:.2f} s)"
            if engine == "endpoint":
                load = f"{e['load_s']:.2f} s (kg push)"
                rss = (f"server {e['server_peak_rss_load_mb']:,.0f} MB, "
                       f"kg push {e['peak_rss_load_mb']:,.0f} MB")
            lines.append(f"| {s['size']} | {e['triples']:,} | {ENGINE_NAMES[engine]} | {load} "
                         f"| {rss} | {ratio(e['load_s'], emb) if engine != 'oxigraph' else '1×'} |")
        c = s["oxigraph_load_cli"]
        lines.append(f"| {s['size']} | | `oxigraph load` (for comparison) | {c['load_s']:.2f} s "
                     f"| {c['peak_rss_load_mb']:,.0f} MB | {ratio(c['load_s'], emb)} |")
    if sizes:
        base = sizes[0]["engines"]["oxigraph"]
        lines += ["", f"Peak RSS is the whole process: Python with kg, rdflib and pyoxigraph "
                      f"imported already takes {base['rss_imports_mb']:.0f} MB before loading.",
                  ""]
    # queries, largest size first
    for s in reversed(sizes):
        eng = s["engines"]
        lines += [f"### Canned queries at {s['size']} ({s['meta']['triples']:,} triples), "
                  f"median ms", "",
                  "| query | rows | embedded | (pyoxigraph alone) | server | rdflib "
                  "| rdflib ÷ embedded |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        for name in sorted(eng["oxigraph"].get("queries", {})):
            rs = {k: eng[k].get("queries", {}).get(name) for k in ENGINES}
            rows = [r["rows"] for r in rs.values() if r and r["rows"] is not None]
            shown = rows[0] if rows else "–"
            if len(set(rows)) > 1:
                shown = " / ".join(str(x) for x in rows) + " (differ)"
            slow = median_of(rs["rdflib"])
            floor = (f">{cap / median_of(rs['oxigraph']):,.0f}×"
                     if rs["rdflib"] and rs["rdflib"]["status"] == "timeout"
                     and median_of(rs["oxigraph"]) else "")
            raw = rs["oxigraph"] and rs["oxigraph"].get("raw_times")
            lines.append(f"| {name} | {shown} | {query_cell(rs['oxigraph'], cap)} | "
                         f"{ms(statistics.median(raw)) if raw else '–'} | "
                         f"{query_cell(rs['endpoint'], cap)} | {query_cell(rs['rdflib'], cap)} "
                         f"| {ratio(slow, median_of(rs['oxigraph']), floor)} |")
        rs = {k: eng[k].get("search") for k in ENGINES}
        if rs["oxigraph"]:
            text = rs["oxigraph"]["params"]["text"]
            lines.append(f"| *`kg search {text}`* (not a canned query) | {rs['oxigraph']['rows']} "
                         f"| {query_cell(rs['oxigraph'], cap)} | – | "
                         f"{query_cell(rs['endpoint'], cap)} | {query_cell(rs['rdflib'], cap)} | "
                         f"{ratio(median_of(rs['rdflib']), median_of(rs['oxigraph']))} |")
        lines += ["", "Cost of the time limit itself (fork, and for the embedded store a "
                      "reopen), in the first run only: " + ", ".join(
                          f"{ENGINE_NAMES[k]} {eng[k].get('cap_overhead_ms', 0):.1f} ms"
                          for k in ("oxigraph", "rdflib")) + ".", ""]
    # CLI
    cli = results.get("cli")
    if cli:
        c, a = cli["cached"], cli["as_is"]

        def spread(m: dict) -> str:
            qs = m["queries"]
            slowest = max(qs, key=lambda k: qs[k]["median_s"])
            meds = [q["median_s"] for q in qs.values()]
            return (f"{ms(min(meds))} / {ms(statistics.median(meds))} / "
                    f"{ms(qs[slowest]['median_s'])} ({slowest})")

        as_is = ("no bytecode cache: PYTHONDONTWRITEBYTECODE is set here"
                 if cli["dont_write_bytecode"] else "the environment as it is")
        lines += ["### The CLI on the real graph (cold process, median wall time, ms)", "",
                  f"| command | with bytecode cache | {as_is} | target |",
                  "|---|---:|---:|---:|"]
        for key, label, target in [
                ("python", "`python -c pass` (the interpreter alone)", ""),
                ("import_kg_cli", "`python -c 'import kg.cli'`", ""),
                ("help", "`kg --help`", "< 100"),
                ("partners", "`kg query --name partners-of-program`", "< 300")]:
            lines.append(f"| {label} | {ms(c[key]['median_s'])} | {ms(a[key]['median_s'])} "
                         f"| {target} |")
        lines += [f"| `kg query --name <each of {len(c['queries'])}>`, its first example: "
                  f"fastest / median / slowest | {spread(c)} | {spread(a)} | < 300 |", ""]
    lines += ["### Targets", "", "| target | measured | met |", "|---|---|---|"]
    lines += [f"| {t['target']} | {t['measured']} | {'yes' if t['met'] else '**no**'} |"
              for t in targets(results)]
    return "\n".join(lines) + "\n"


def targets(results: dict) -> list[dict]:
    """The issue's targets, checked against this run."""
    out = []
    big = next((s for s in results["sizes"] if s["size"] == "1M"), None)
    if big is None and results["sizes"]:
        big = results["sizes"][-1]
    if big:
        eng = big["engines"]
        emb, rdf = eng["oxigraph"].get("load_s"), eng["rdflib"].get("load_s")
        tag = big["size"]
        if emb is not None:
            out.append({"target": f"{tag}: embedded load < 10 s", "measured": f"{emb:.2f} s "
                        f"(with optimize {emb + eng['oxigraph']['optimize_s']:.2f} s)",
                        "met": emb < 10})
        if emb and rdf:
            out.append({"target": f"{tag}: embedded load ≥ 10× faster than rdflib",
                        "measured": f"{rdf / emb:.1f}× ({rdf:.1f} s against {emb:.2f} s)",
                        "met": rdf / emb >= 10})
        qs = eng["oxigraph"].get("queries", {})
        meds = {n: median_of(r) for n, r in qs.items()}
        over = sorted((n for n, v in meds.items() if v is None or v >= 0.2),
                      key=lambda n: -(meds[n] or 1e9))
        worst = max(meds, key=lambda n: meds[n] if meds[n] is not None else 1e9) if meds else None
        out.append({"target": f"{tag}: every canned query's embedded median < 200 ms",
                    "measured": (f"{len(qs) - len(over)} of {len(qs)} under; slowest "
                                 f"{worst} {ms(meds[worst])} ms" +
                                 (f"; over: {', '.join(over)}" if over else "")),
                    "met": not over})
        cap = results["cap"]
        below, low = [], []
        for n in qs:
            e = meds[n]
            rr = eng["rdflib"].get("queries", {}).get(n)
            if not e or not rr:
                below.append(n)
                continue
            x = cap / e if rr["status"] == "timeout" else (
                median_of(rr) / e if median_of(rr) else None)
            if x is None or x < 20:
                below.append(n)
            low.append((x or 0, n))
        low.sort()
        out.append({"target": f"{tag}: every canned query ≥ 20× faster than rdflib",
                    "measured": (f"{len(qs) - len(below)} of {len(qs)} at 20× or more; lowest "
                                 + ", ".join(f"{n} {x:.1f}×" for x, n in low[:3]) +
                                 (f"; under 20×: {', '.join(sorted(below))}" if below else "")),
                    "met": not below})
    cli = results.get("cli")
    if cli:
        c = cli["cached"]
        h, p = c["help"]["median_s"], c["partners"]["median_s"]
        worst = max(c["queries"], key=lambda k: c["queries"][k]["median_s"])
        w = c["queries"][worst]["median_s"]
        out.append({"target": "real graph: `kg --help` < 100 ms",
                    "measured": f"{ms(h)} ms (bytecode cached)",
                    "met": h < 0.1})
        out.append({"target": "real graph: `kg query --name <any>` < 300 ms",
                    "measured": f"partners-of-program {ms(p)} ms; slowest of all 36: {worst} "
                                f"{ms(w)} ms", "met": max(p, w) < 0.3})
    return out


def write_readme(text: str) -> None:
    path = HERE / "README.md"
    block = f"{RESULTS_START}\n\n{text}\n{RESULTS_END}"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if RESULTS_START in old and RESULTS_END in old:
        head, rest = old.split(RESULTS_START, 1)
        new = head + block + rest.split(RESULTS_END, 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n## Results\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10k,100k,1M", help="comma-separated: 10k,100k,1M")
    ap.add_argument("--runs", type=int, default=5, help="warm runs per query (median)")
    ap.add_argument("--rdflib-runs", type=int, default=3, help="warm runs per rdflib query")
    ap.add_argument("--cap", type=float, default=60.0, help="seconds a query may run")
    ap.add_argument("--cli-runs", type=int, default=7, help="runs per CLI command")
    ap.add_argument("--no-cli", action="store_true", help="skip the CLI measurements")
    ap.add_argument("--no-readme", action="store_true", help="print only; leave README alone")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
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
