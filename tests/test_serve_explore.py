"""The explorer's pages of ``kg serve``: ``/search`` ranks as ``kg search`` does, and
``/entity/<prefix>/<id>`` is the card of ``kg show`` with each relation a link to its entity's
page; JSON twins, 404 for an unknown entity; in Chromium a click on a relation opens it."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from serve_process import Served

RUQI_BUILDERS = {"滴滴": "/entity/organization/didi", "广汽": "/entity/organization/gac-group",
                 "广州公交集团": "/entity/organization/guangzhou-public-transport-group"}


@pytest.fixture(scope="module")
def served(built):
    server = Served(built.store)
    yield server
    server.stop()


def _json(served, path):
    return served.json(path)


def test_search_ranks_as_kg_search(served):
    data = _json(served, "/search.json?q=" + quote("为村"))
    first = data["hits"][0]
    assert (first["curie"], first["url"]) == ("program:weicun", "/entity/program/weicun")
    assert data["total"] >= len(data["hits"]) > 1
    status, headers, body = served.get("/search?q=weicun")
    assert status == 200 and b'href="/entity/program/weicun"' in body
    link = {k.lower(): v for k, v in headers.items()}["link"]
    assert link.startswith("</search.json?q=weicun>; rel=\"alternate\"")


def test_entity_card_links_each_relation(served):
    card = _json(served, "/entity/organization/ruqi-mobility.json")
    assert (card["zh"], card["curie"]) == ("如祺出行", "organization:ruqi-mobility")
    partners = next(g for g in card["relations"]
                    if g["rel"] == "csr:partner" and g["direction"] == "out")
    builders = {link["zh"]: link["url"] for link in partners["links"]
                if link["detail_zh"] == "共建方" and link["zh"] != "腾讯"}
    assert builders == RUQI_BUILDERS
    status, _, body = served.get("/entity/organization/ruqi-mobility")
    assert status == 200
    html = body.decode("utf-8")
    assert all(f'href="{url}"' in html for url in RUQI_BUILDERS.values())
    assert "2.3 一起创造智慧生活 › 智在云上，让产业经济发展更有活力 › 交通出行" in html


def test_unknown_entity_is_404(served):
    status, _, body = served.get("/entity/program/no-such-program.json")
    assert status == 404 and "no-such-program" in json.loads(body)["error"]
    assert served.get("/entity/program/no-such-program")[0] == 404


def test_a_click_on_a_relation_opens_that_entity(served, browser):
    page = browser.new_page()
    outside = []
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(served.url)
               else (outside.append(r.request.url), r.abort()))
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(served.url + "/")
    page.fill("input[name=q]", "如祺出行")
    page.click("form.search button")
    page.click("ol.hits a >> nth=0")
    assert page.locator("h1").inner_text() == "如祺出行"
    page.click("ul.relations a:text-is('广汽')")
    assert page.url == served.url + "/entity/organization/gac-group"
    assert page.locator("h1").inner_text() == "广汽"
    assert outside == [] and errors == []
    page.close()


def test_a_source_section_opens_what_the_graph_sources_to_it(served, browser):
    """A card's source and a search hit that is a section link to section-contents: the
    case of 邛崃 (2.3) lists the 全域为村 program the report tells there."""
    card = _json(served, "/entity/program/qionglai-all-area-weicun.json")
    case = next(s for s in card["sources"] if s["section"].endswith("/s2-3-case-qionglai"))
    assert case["url"] == ("/queries/section-contents?section=https%3A%2F%2Fw3id.org%2Fcsr-kg"
                           "%2Fid%2Fsection%2Ftencent-csr-2019%2Fs2-3-case-qionglai")
    hits = _json(served, "/search.json?q=" + quote("邛崃"))["hits"]
    assert case["url"] in [h["url"] for h in hits if h["type"] == "section"]
    page = browser.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(served.url)
               else r.abort())
    page.goto(served.url + "/entity/program/qionglai-all-area-weicun")
    page.click(f"ul.sources a[href='{case['url']}']")
    page.wait_for_url("**/queries/section-contents?**")
    assert "邛崃“全域为村”" in page.locator("table").inner_text()
    page.close()
