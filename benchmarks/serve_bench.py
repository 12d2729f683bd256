"""``kg serve`` beside ``oxigraph serve-read-only`` on the same store: requests per second and
p50/p99 latency for three canned queries at 1, 4 and 16 concurrent clients.

    .venv/bin/kg build                                   # once
    .venv/bin/python benchmarks/serve_bench.py           # about 2 minutes
    .venv/bin/python benchmarks/serve_bench.py --seconds 2 --clients 1,4

Both servers read the same Oxigraph store folder (read-only), with the union of the named
graphs as the default graph. Each client is a thread holding one keep-alive connection and
POSTing the query (``application/sparql-query``, SPARQL JSON results) again and again for
``--seconds``; the same text for both servers: the canned query with its default
parameters bound, its prefixes declared. The client threads share one Python process (2
cores here), so the fastest server's numbers are partly the client's limit.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
QUERIES = ["awards", "partners-of-program", "most-connected-partners"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def query_text(store_path: Path, name: str) -> str:
    from kg.library import get
    from kg.query import bindings_for
    from kg.sparql import bind, parse
    from kg.store import open_store, with_prefixes

    canned = get(name)
    parsed = parse(canned.text)
    text, _ = bind(parsed, bindings_for(open_store(store_path), parsed, {}, canned))
    return with_prefixes("\n".join(x for x in text.splitlines() if not x.startswith("#")))


def wait_up(url: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{url} did not come up") from None
            time.sleep(0.1)


def start_kg(store: Path, max_queries: int) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([str(BIN / "kg"), "serve", "--port", "0", "--store", str(store),
                             "--max-queries", str(max_queries)],
                            stdout=subprocess.PIPE, text=True)
    url = proc.stdout.readline().split()[2].rstrip("/") + "/sparql"
    wait_up(url + "?query=ASK%7B%7D", proc)
    return proc, url


def start_oxigraph(store: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([str(BIN / "oxigraph"), "serve-read-only", "--location", str(store),
                             "--bind", f"127.0.0.1:{port}", "--union-default-graph",
                             "--timeout-s", "10"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    wait_up(url + "?query=ASK%7B%7D", proc)
    return proc, url


def run_cell(url: str, text: str, clients: int, seconds: float) -> dict:
    host_port, path = url.removeprefix("http://").split("/", 1)
    host, port = host_port.split(":")
    body = text.encode("utf-8")
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client():
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        mine, bad = [], 0
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                conn.request("POST", "/" + path, body, {
                    "Content-Type": "application/sparql-query",
                    "Accept": "application/sparql-results+json"})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(host, int(port), timeout=60)
                ok = False
            if ok:
                mine.append(time.perf_counter() - start)
            else:
                bad += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.monotonic() - began
    latencies.sort()
    n = len(latencies)
    return {"rps": n / took, "errors": errors[0],
            "p50": 1000 * statistics.median(latencies) if n else float("nan"),
            "p99": 1000 * latencies[min(n - 1, int(0.99 * n))] if n else float("nan")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, default=ROOT / "build" / "store")
    ap.add_argument("--seconds", type=float, default=4.0, help="per cell (default 4)")
    ap.add_argument("--clients", default="1,4,16")
    ap.add_argument("--max-queries", type=int, default=4, help="kg serve --max-queries")
    args = ap.parse_args()
    store = args.store.resolve()
    levels = [int(x) for x in args.clients.split(",")]
    texts = {name: query_text(store, name) for name in QUERIES}
    results: dict = {}
    for server, start in (("kg", lambda: start_kg(store, args.max_queries)),
                          ("oxigraph", lambda: start_oxigraph(store))):
        proc, url = start()
        try:
            for name, text in texts.items():
                run_cell(url, text, 1, 0.5)  # warm up
                for clients in levels:
                    results[(server, name, clients)] = cell = run_cell(url, text, clients,
                                                                       args.seconds)
                    print(f"{server:9} {name:26} {clients:3} clients: {cell['rps']:8.1f} req/s "
                          f"p50 {cell['p50']:7.1f} ms  p99 {cell['p99']:7.1f} ms  "
                          f"errors {cell['errors']}", file=sys.stderr, flush=True)
        finally:
            proc.terminate()
            proc.wait(15)
    print(f"\nOne run, {args.seconds:g} s per cell, {os.cpu_count()} cores; latency in ms.\n")
    print("| query | clients | kg req/s | oxigraph req/s | ratio | kg p50 / p99 | "
          "oxigraph p50 / p99 | kg errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name in QUERIES:
        for clients in levels:
            k, o = results[("kg", name, clients)], results[("oxigraph", name, clients)]
            print(f"| {name} | {clients} | {k['rps']:.0f} | {o['rps']:.0f} | "
                  f"{k['rps'] / o['rps']:.2f} | {k['p50']:.1f} / {k['p99']:.1f} | "
                  f"{o['p50']:.1f} / {o['p99']:.1f} | {k['errors']} |")


if __name__ == "__main__":
    main()
