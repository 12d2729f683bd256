"""A real browser for the page tests: Debian's chromium driven by Playwright, with every
network request blocked, so that a page needing anything beyond its own file fails."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kg.render import page as render_page
from kg.select import SelectionSpec, select

WEICUN = "https://w3id.org/csr-kg/id/program/weicun"

# the session's one Chromium (a second sync Playwright in the same thread is refused) is the
# `browser` fixture of tests/conftest.py


@dataclass
class OpenPage:
    page: object
    blocked: list = field(default_factory=list)    # URLs the page tried to fetch
    problems: list = field(default_factory=list)   # console errors and uncaught exceptions


def wait_until_ready(page, timeout_s: float = 30) -> None:
    """Poll from here: Playwright's wait_for_function evaluates strings inside the page, which
    the page's Content-Security-Policy (rightly) forbids."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate("!!(window.kg && window.kg.ready === true)"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the page did not become interactive in {timeout_s} s")
        page.wait_for_timeout(20)


@pytest.fixture
def open_page(browser):
    """``open_page(path)`` loads a page file offline and waits until it is interactive."""
    contexts = []

    def load(path: Path, width: int = 1400, height: int = 900, fragment: str = "",
             touch: bool = False, downloads: bool = False) -> OpenPage:
        context = browser.new_context(viewport={"width": width, "height": height},
                                      has_touch=touch, is_mobile=touch,
                                      accept_downloads=downloads)
        contexts.append(context)
        page = context.new_page()
        opened = OpenPage(page)
        own = Path(path).resolve().as_uri()

        def route(r):
            if r.request.url.split("#")[0] == own:
                r.continue_()
            else:
                opened.blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("console", lambda m: opened.problems.append(m.text) if m.type == "error"
                else None)
        page.on("pageerror", lambda e: opened.problems.append(str(e)))
        page.goto(own + (f"#{fragment}" if fragment else ""))
        wait_until_ready(page)
        return opened

    yield load
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def whole(store, tmp_path_factory):
    """The whole graph's page (Chinese), and its selection."""
    selection = select(store, SelectionSpec())
    path = tmp_path_factory.mktemp("view") / "report.html"
    path.write_text(render_page(store, selection), encoding="utf-8")
    return path, selection


@pytest.fixture(scope="session")
def around_weicun(store, tmp_path_factory):
    """为村 and its neighbours (English), with the next ring carried hidden."""
    selection = select(store, SelectionSpec(around="为村", hops=1))
    path = tmp_path_factory.mktemp("view") / "weicun.html"
    path.write_text(render_page(store, selection, "en"), encoding="utf-8")
    return path, selection


@pytest.fixture
def dom_point():
    """``dom_point(page, node)``: where a node is drawn, in page coordinates (for a real
    mouse or finger)."""
    return _dom_point


def _dom_point(page, node: str) -> list[float]:
    return page.evaluate(f"""(() => {{
        const net = window.kg.network, dom = net.canvasToDOM(net.getPosition('{node}'));
        const box = document.getElementById('graph').getBoundingClientRect();
        return [box.left + dom.x, box.top + dom.y]; }})()""")


def settle(page, js: str, timeout_s: float = 5):
    """The value of ``js`` once it stops changing: vis-network reports a double-click a
    moment after the second click (it waits to tell a double tap from two taps)."""
    deadline = time.monotonic() + timeout_s
    last = page.evaluate(js)
    while time.monotonic() < deadline:
        page.wait_for_timeout(150)
        now = page.evaluate(js)
        if now == last:
            return now
        last = now
    return last


@pytest.fixture
def dblclick(dom_point):
    """``dblclick(page, node, shift=False)``: a real double-click on a node, then the page's
    state once vis-network has reported it."""
    def run(page, node: str, shift: bool = False):
        point = dom_point(page, node)
        if shift:
            page.keyboard.down("Shift")
        page.mouse.dblclick(*point)
        if shift:
            page.keyboard.up("Shift")
        page.wait_for_timeout(300)
        return settle(page, "[window.kg.focused, window.kg.state.ring, window.kg.visibleCount()]")

    return run
