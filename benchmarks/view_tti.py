"""Time-to-interactive of the whole-graph page in Chromium, with the layout computed ahead in
Python (what `kg view` writes) against the same page left to vis-network's physics (what pyvis
does by default), in one run on this machine; then how long a focus change takes on the
whole graph (from the call until the next frame is drawn). Prints a table, writes the
screenshot benchmarks/view.png. Speeds are ratios from one run, not promises.

    make benchmark        # or: .venv/bin/python benchmarks/view_tti.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from chromium import ARGS, EXECUTABLE, wait_ready

from kg.render import page
from kg.select import SelectionSpec, select
from kg.store import open_store

HERE = Path(__file__).resolve().parent
DATA = re.compile(r'(<script type="application/json" id="kg-data">)(.*?)(</script>)', re.DOTALL)


def physics_variant(html: str) -> str:
    """The same page with no positions and physics on: the browser lays the graph out."""
    def swap(m):
        data = json.loads(m.group(2))
        for n in data["nodes"]:
            n.pop("x", None)
            n.pop("y", None)
            n["physics"] = True
        data["options"]["physics"] = {"enabled": True}
        text = (json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
                .replace(">", "\\u003e").replace("&", "\\u0026"))
        return m.group(1) + text + m.group(3)

    return DATA.sub(swap, html, count=1)


def time_to_interactive(browser, path: Path, timeout_s: float) -> float:
    """Milliseconds from navigation start until the page has drawn and answers (kg.ready)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page_ = context.new_page()
    page_.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                else r.abort())
    page_.goto(path.as_uri())
    wait_ready(page_, timeout_s)
    ms = page_.evaluate("window.kg.readyAt")
    context.close()
    return ms


# entities to focus in turn: a program, the biggest hub, a foundation, a place, a person
FOCUSES = ["program:weicun", "tencent:tencent", "organization:tencent-foundation",
           "place:xunwu-county", "program:xunwu-streetlight-plan"]
FOCUS_MS = """async curies => {
    const ids = curies.map(c => window.kg.nodes.get({filter: n => n.curie === c})[0])
        .filter(n => n).map(n => n.id);
    const times = [];
    for (let round = 0; round < 3; round++) {
        for (const id of ids) {
            const drawn = new Promise(r => window.kg.network.once("afterDrawing", r));
            const t0 = performance.now();
            window.kg.focus(id);
            window.kg.network.redraw();
            await drawn;
            times.push(performance.now() - t0);
        }
    }
    return times; }"""


def focus_change_ms(browser, path: Path, timeout_s: float) -> list[float]:
    """Milliseconds from kg.focus(entity) until vis-network has drawn the new view."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page_ = context.new_page()
    page_.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                else r.abort())
    page_.goto(path.as_uri())
    wait_ready(page_, timeout_s)
    times = page_.evaluate(FOCUS_MS, FOCUSES)
    context.close()
    return times


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    store = open_store()
    started = time.perf_counter()
    selection = select(store, SelectionSpec())
    html = page(store, selection)
    render_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        ahead = Path(tmp) / "ahead.html"
        ahead.write_text(html, encoding="utf-8")
        physics = Path(tmp) / "physics.html"
        physics.write_text(physics_variant(html), encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=EXECUTABLE, args=ARGS)
            results = {}
            for name, path in (("layout ahead (kg view)", ahead),
                               ("physics in the browser", physics)):
                results[name] = [time_to_interactive(browser, path, args.timeout)
                                 for _ in range(args.runs)]
            focus_times = focus_change_ms(browser, ahead, args.timeout)
            shot = browser.new_page(viewport={"width": 1400, "height": 900})
            shot.goto(ahead.as_uri())
            wait_ready(shot, args.timeout)
            shot.fill("#search", "为村")
            shot.press("#search", "Enter")
            shot.screenshot(path=str(HERE / "view.png"))
            browser.close()
    ahead_ms = statistics.median(results["layout ahead (kg view)"])
    physics_ms = statistics.median(results["physics in the browser"])
    print(f"whole graph: {len(selection.nodes)} nodes, "
          f"{selection.graph.number_of_edges()} edges; page {len(html.encode()) / 1e6:.2f} MB; "
          f"written by kg view in {render_s:.1f} s (layout included)")
    print(f"| page | median time-to-interactive ({args.runs} runs) |")
    print("|---|---|")
    for name, runs in results.items():
        print(f"| {name} | {statistics.median(runs):.0f} ms |")
    print(f"ratio: the physics page takes {physics_ms / ahead_ms:.1f}x as long")
    print(f"focus change on the whole graph (kg.focus until drawn, {len(focus_times)} "
          f"changes): median {statistics.median(focus_times):.0f} ms, "
          f"max {max(focus_times):.0f} ms (target < 100 ms)")
    print(f"screenshot: {HERE / 'view.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
