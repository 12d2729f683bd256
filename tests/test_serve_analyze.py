"""The analytics pages of a real ``kg serve``: ``/analyze`` shows what ``kg analyze brokers``,
``measures`` and ``communities`` print (each entity a link to its page, ``?readings=0|1``),
``/analyze/coverage`` the three heat maps with ``kg analyze coverage``'s own JSON as its twin;
in Chromium, at desktop and phone sizes, with no console error and no CSP violation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from serve_process import Served

from kg.cli import main

SHOTS = Path("/tmp/shots")


@pytest.fixture(scope="module")
def served(built):
    # the analyses run in a worker under the server's time limit; a loaded test machine
    # must not turn a slow betweenness into a 503
    server = Served(built.store, "--timeout", "300")
    yield server
    server.stop()


def _json(served, path):
    return served.json(path, timeout=600)


def _cli(built, *args):
    result = CliRunner().invoke(main, ["analyze", *args, "-f", "json", "--store",
                                       str(built.store)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_coverage_json_is_the_cli_json(built, served):
    page = _json(served, "/analyze/coverage.json")
    for which in ("demands", "programs", "dimensions", "partners"):
        assert page["analyses"][which] == _cli(built, "coverage", which, "--top", "0"), which
    assert [t["name"] for t in page["maps"]] == ["demands", "dimensions", "partners"]
    demands = page["maps"][0]
    assert demands["empty_rows"] == ["demand:demand-employees-must",
                                     "demand:demand-shareholders-may"]
    urls = {r["key"]: r["url"] for r in demands["rows"]}
    assert urls["demand:demand-employees-must"] == "/entity/demand/demand-employees-must"


def test_coverage_page_has_no_inline_style(served):
    status, headers, body = served.get("/analyze/coverage", timeout=600)
    html = body.decode("utf-8")
    csp = {k.lower(): v for k, v in headers.items()}["content-security-policy"]
    assert status == 200 and "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert " style=" not in html and '<link rel="stylesheet" href="/static/analyze.css">' in html
    assert html.count('<section class="map"') == 3
    assert '<a href="/entity/demand/demand-shareholders-may">' in html
    assert served.get("/static/analyze.css")[0] == 200


def test_analyze_lists_what_kg_analyze_prints(built, served):
    page = _json(served, "/analyze.json")
    assert page["readings"] is False
    assert page["brokers"] == _cli(built, "brokers")
    assert page["communities"] == _cli(built, "communities")
    assert page["measures"] == _cli(built, "measures")
    assert page["betweenness"] == "exact"
    top = page["brokers"]["rows"][0]["entity"]
    assert page["entities"][top] == {"zh": "腾讯", "en": "Tencent", "curie": "tencent:tencent",
                                     "url": "/entity/tencent/tencent"}
    largest = page["communities"]["rows"][0]
    named = [page["entities"][iri]["zh"] for iri in page["shown"][0]]
    assert ", ".join(named) == largest["members"]
    status, _, body = served.get("/analyze", timeout=600)
    html = body.decode("utf-8")
    assert status == 200 and '<a href="/entity/tencent/tencent">腾讯</a>' in html
    assert "without the curator&#39;s readings" in html and 'href="/analyze?readings=1"' in html
    assert 'href="/analyze"' in served.get("/")[2].decode("utf-8")


def test_readings_switch(built, served):
    page = _json(served, "/analyze.json?readings=1")
    assert page["readings"] is True
    assert page["brokers"] == _cli(built, "brokers", "--readings")
    assert page["brokers"]["notes"][0].endswith("type") and "(with the curator" in \
        page["brokers"]["notes"][0]
    status, _, body = served.get("/analyze.json?readings=yes")
    assert status == 400 and json.loads(body) == {"error": "readings is 0 or 1, not 'yes'"}
    assert served.get("/analyze?readings=2")[0] == 400


def test_coverage_in_chromium_wide_and_phone(served, browser):
    SHOTS.mkdir(exist_ok=True)
    for width, height in ((1280, 800), (390, 844)):
        page = browser.new_page(viewport={"width": width, "height": height})
        problems = []
        page.on("console", lambda m: problems.append(m.text)
                if m.type in ("error", "warning") else None)
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(served.url)
                   else (problems.append(r.request.url), r.abort()))
        page.goto(served.url + "/analyze/coverage", timeout=600_000)
        box = page.locator("#map-demands .heatmap-box")
        box.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"coverage-{width}x{height}.png"))
        assert problems == []
        dark = page.locator("#map-dimensions td.h7").first
        assert dark.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(8, 69, 148)"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if width < 600:  # the matrix scrolls in its own box, its row labels stay in view
            assert box.evaluate("b => b.scrollWidth > b.clientWidth")
            box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
            label = page.locator("#map-demands tbody th[scope=row]").first
            edge = box.bounding_box()["x"]
            assert abs(label.bounding_box()["x"] - edge) < 2
            assert label.inner_text().splitlines()[-2:] == ["遵守商业道德、杜绝贿赂",
                                                            "Business ethics and no bribery"]
            page.screenshot(path=str(SHOTS / f"coverage-{width}x{height}-scrolled.png"))
        page.close()
