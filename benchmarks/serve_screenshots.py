"""Screenshots of `kg serve`'s pages for the README, made in Chromium against a real server
on 127.0.0.1 over the built store (every request that leaves it is refused and counted: the
script fails if a page asks for anything elsewhere, answers other than 200, or logs a console
error). Desktop (1280x800) and phone (390x844). Writes docs/screenshots/serve-*.png.

    make screenshots        # or: .venv/bin/python benchmarks/serve_screenshots.py [--out DIR]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from chromium import ARGS, EXECUTABLE

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DESKTOP, PHONE = (1280, 800), (390, 844)
# (name, path, what must be on screen before the picture is taken: a selector; ">>>" looks
# inside the page's frame)
PAGES = [
    ("home", "/", "h1"),
    ("search", "/search?q=" + quote("为村"), "main a[href^='/entity/']"),
    ("entity", "/entity/program/weicun", "iframe >>> canvas"),
    ("path", "/path?from=" + quote("为村") + "&to=" + quote("寻乌县"), "iframe >>> canvas"),
    ("query", "/queries/partners-of-program?program=organization:ruqi-mobility", "table"),
    ("view", "/view?around=program:weicun&hops=1", "canvas"),
    ("analyze", "/analyze", "h1"),
    ("coverage", "/analyze/coverage", "table"),
    ("editor", "/editor", ".yasqe"),
]


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--only", nargs="*", help="Names of the pages to take (all by default).")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    server = subprocess.Popen([str(BIN / "kg"), "serve", "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    problems: list[str] = []
    try:
        line = server.stdout.readline()
        if not line.startswith("kg serve: http://"):
            raise SystemExit(f"kg serve did not start: {line!r} {server.stderr.read()}")
        base = line.split()[2].rstrip("/")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=EXECUTABLE, args=ARGS)
            for name, path, ready in PAGES:
                if args.only and name not in args.only:
                    continue
                for size, (width, height) in (("desktop", DESKTOP), ("phone", PHONE)):
                    problems += _shot(browser, base, path, ready, width, height,
                                      args.out / f"serve-{name}-{size}.png")
            browser.close()
    finally:
        server.terminate()
        server.wait(15)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def _shot(browser, base: str, path: str, ready: str, width: int, height: int,
          out: Path) -> list[str]:
    problems: list[str] = []
    context = browser.new_context(viewport={"width": width, "height": height},
                                  has_touch=width < 600)
    page = context.new_page()

    def route(r):
        if r.request.url.startswith(base + "/"):
            r.continue_()
        else:
            problems.append(f"{path}: asked for {r.request.url}")
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: problems.append(f"{path}: console: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"{path}: {e}"))
    response = page.goto(base + path)
    if response is None or response.status != 200:
        return [f"{path}: HTTP {response.status if response else 'no answer'}"]
    if ">>>" in ready:
        frame, inside = (part.strip() for part in ready.split(">>>"))
        box = page.locator(frame).first.bounding_box()
        if box and box["y"] < height:  # a frame below the fold loads lazily: not shown
            page.frame_locator(frame).locator(inside).first.wait_for(timeout=60_000)
    else:
        page.wait_for_selector(ready, timeout=30_000)
    page.wait_for_timeout(800)  # frames and drawings settle
    page.screenshot(path=str(out))
    print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    context.close()
    return problems


if __name__ == "__main__":
    sys.exit(main())
