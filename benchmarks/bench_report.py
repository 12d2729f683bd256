"""The scale benchmark's report (``run.py``): the machine it ran on, the Markdown tables, the
issue's targets checked against the run, and the results block of ``benchmarks/README.md``."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
from pathlib import Path

from bench_common import ENGINE_NAMES, ENGINES, HERE, OXIGRAPH, SLOW, ms

RESULTS_START = "<!-- results:start (written by benchmarks/run.py; do not edit by hand) -->"
RESULTS_END = "<!-- results:end -->"


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

