"""Screenshots of the `kg view` page for the README, made in Chromium from the built store
(offline: every request but the page's own file is refused): the whole graph and the page
focused on 为村, at a desktop size (1280x800) and a phone size (390x844), plus the phone with
its card open. Writes docs/screenshots/*.png.

    make screenshots        # or: .venv/bin/python benchmarks/screenshots.py [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from chromium import ARGS, EXECUTABLE, wait_ready

from kg.render import page
from kg.select import SelectionSpec, select
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
DESKTOP, PHONE = (1280, 800), (390, 844)
FOCUS = "focus=program:weicun&lang=zh&readings=0"
# (file name, viewport, URL fragment, open the phone's panel)
SHOTS = [
    ("overview-desktop.png", DESKTOP, "", False),
    ("focus-weicun-desktop.png", DESKTOP, FOCUS, False),
    ("overview-phone.png", PHONE, "", False),
    ("focus-weicun-phone.png", PHONE, FOCUS, False),
    ("focus-weicun-phone-card.png", PHONE, FOCUS, True),
]


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    store = open_store()
    html = page(store, select(store, SelectionSpec()))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.html"
        path.write_text(html, encoding="utf-8")
        own = path.as_uri()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=EXECUTABLE, args=ARGS)
            for name, (width, height), fragment, panel in SHOTS:
                context = browser.new_context(viewport={"width": width, "height": height},
                                              has_touch=width < 600)
                page_ = context.new_page()
                page_.route("**/*", lambda r: r.continue_()
                            if r.request.url.split("#")[0] == own else r.abort())
                page_.goto(own + (f"#{fragment}" if fragment else ""))
                wait_ready(page_)
                if panel:
                    page_.click("#panel-toggle")
                page_.wait_for_timeout(200)
                page_.screenshot(path=str(args.out / name))
                context.close()
                print(args.out / name)
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
