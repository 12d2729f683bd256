"""The graph pages of ``kg serve``: ``/view`` is exactly ``kg view``'s page with that page's own
policy as a header; ``/path`` lists the chains of ``kg path``; the entity page shows the graph
around the entity in a frame, beside the card on a desktop and below it on a phone. Refusals
are one line with the right status; ``kg serve --get`` exits 0 only on 200."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from serve_process import KG, Served

from kg.render import page as render_page
from kg.render import policy
from kg.select import SelectionSpec, select

WEICUN = "https://w3id.org/csr-kg/id/program/weicun"
# 为村's partners, as `kg show program:weicun` lists them under 合作方 (its partnerships)
PARTNERS = {"tencent:official-accounts": "合作方（技术提供方）",
            "person:qiu-zeqi": "合作方（研究伙伴）", "person:yang-ting": "合作方（参与方）"}
# `kg path 为村 寻乌县`: one chain of two hops
XUNWU_CHAIN = ["program:weicun", "program:xunwu-streetlight-plan", "place:xunwu-county"]
SHOTS = Path("/tmp/shots")


@pytest.fixture(scope="module")
def served(built):
    server = Served(built.store)
    yield server
    server.stop()


def _headers(headers) -> dict:
    return {k.lower(): v for k, v in headers.items()}


def _json(served, path, status=200):
    return served.json(path, status)


def _page_data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_view_is_the_page_of_kg_view_with_its_own_policy(served, store):
    status, headers, body = served.get("/view?around=program:weicun&hops=1")
    assert status == 200
    html = body.decode("utf-8")
    expected = render_page(store, select(store, SelectionSpec(around="program:weicun", hops=1)))
    assert html == expected
    csp = _headers(headers)["content-security-policy"]
    assert csp == policy() + "; frame-ancestors 'self'"
    # the two hashes are those of the page's two inline scripts, which alone may run
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    digests = {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
               + "'" for s in scripts}
    assert len(digests) == 2 and set(re.findall(r"'sha256-[^']+'", csp)) == digests
    assert _headers(headers)["link"].startswith(
        '</view.json?around=program:weicun&hops=1>; rel="alternate"')
    data = _page_data(html)
    partners = {e["to"].rsplit("/id/", 1)[1].replace("/", ":", 1): e["zh"]
                for e in data["edges"] if e["from"] == WEICUN and e["rel"] == "csr:partner"}
    assert partners == PARTNERS


def test_view_json_lists_the_partners_with_their_pages(served):
    data = _json(served, "/view.json?around=program:weicun&hops=1")
    assert data["selection"] == {"zh": "program:weicun 周围 1 步",
                                 "en": "around program:weicun (1 hops)"}
    urls = {n["curie"]: n["url"] for n in data["nodes"]}
    for name in (*PARTNERS, "program:weicun"):
        assert urls[name] == "/entity/" + name.replace(":", "/")
    partners = {e["to"]: e["zh"] for e in data["edges"]
                if e["from"] == WEICUN and e["rel"] == "csr:partner"}
    assert {n["curie"]: partners[n["iri"]] for n in data["nodes"]
            if n["iri"] in partners} == PARTNERS
    # what the page draws is what the summary lists
    html = served.get("/view?around=program:weicun&hops=1")[2].decode("utf-8")
    shown = {n["id"] for n in _page_data(html)["nodes"] if not n["frontier"]}
    assert shown == {n["iri"] for n in data["nodes"]}


def test_view_takes_each_selection_of_kg_view(served):
    types = _json(served, "/view.json?around=program:weicun&hops=1&type=person&type=program")
    assert {n["type"] for n in types["nodes"]} == {"person", "program"}
    assert {"person:qiu-zeqi", "person:yang-ting", "program:weicun"} <= {
        n["curie"] for n in types["nodes"]}
    path = _json(served, "/view.json?from=" + quote("为村") + "&to=" + quote("寻乌县"))
    assert sorted(n["curie"] for n in path["nodes"]) == sorted(XUNWU_CHAIN)
    english = served.get("/view?around=program:weicun&hops=0&lang=en")[2].decode("utf-8")
    assert _page_data(english)["lang"] == "en" and '<html lang="en">' in english


def test_view_sizes_and_colours_by_a_score(served):
    """size_by / color_by: kg view --size-by / --color-by (computed for the selection)."""
    status, _, body = served.get("/view?around=program:weicun&hops=1&size_by=betweenness"
                                 "&color_by=community")
    assert status == 200
    data = _page_data(body.decode("utf-8"))
    biggest = max(data["nodes"], key=lambda n: n["size"])
    assert biggest["zh"] == "腾讯为村"  # every other node's chains to the rest run through it
    scored = [n["scores"]["betweenness"] for n in data["nodes"]
              if n["scores"].get("betweenness") is not None]  # the hidden ring has none
    assert len(scored) == data["shown"] and biggest["scores"]["betweenness"] == max(scored)
    assert data["scores"]["color"]["items"][0]["zh"].startswith("社群 0：腾讯为村")
    status, _, body = served.get("/view.json?around=program:weicun&size_by=nosuch")
    assert status == 400 and json.loads(body)["error"].startswith("unknown measure 'nosuch'")


def _without_links(paths: list) -> list:
    """/path.json's chains less what the page adds (curie, url, label): kg path's JSON."""
    for p in paths:
        for n in p["nodes"]:
            del n["curie"], n["url"]
        for hop in p["hops"]:
            for link in hop["links"]:
                del link["label"]
    return paths


@pytest.mark.parametrize("options", [(), ("--all", "--max-hops", "3")])
def test_path_lists_the_chains_of_kg_path(served, built, options):
    # plain=1: every shortest chain (kg path --plain); ranked chains: the test below
    cli = subprocess.run([str(KG), "path", "为村", "寻乌县", "-f", "json", "--plain", *options,
                          "--store", str(built.store)], capture_output=True, text=True)
    assert cli.returncode == 0, cli.stderr
    query = "&plain=1" + ("&all=1&max_hops=3" if options else "")
    data = _json(served, f"/path.json?from={quote('为村')}&to={quote('寻乌县')}{query}")
    assert data["total"] == len(data["paths"]) == len(json.loads(cli.stdout))
    first = data["paths"][0]
    assert [n["curie"] for n in first["nodes"]] == XUNWU_CHAIN
    assert [n["url"] for n in first["nodes"]][0] == "/entity/program/weicun"
    assert [link["label"]["zh"] for link in first["hops"][0]["links"]] == ["合作方（技术提供方）"]
    assert _without_links(data["paths"]) == json.loads(cli.stdout)
    if options:
        assert data["total"] > 1
        return
    html = served.get(f"/path?from={quote('为村')}&to={quote('寻乌县')}&plain=1")[2].decode()
    chain = html[html.index('<ol class="paths">'):html.index("</ol>")]
    order = [chain.index(f'href="/entity/{c.replace(":", "/")}"') for c in XUNWU_CHAIN]
    assert order == sorted(order)
    assert "←[合作方（技术提供方） / partner (technology provider)]—" in chain
    assert "—[实施地 / operates in]→" in chain
    assert ('<iframe class="path-graph" src="/view?from=program%3Aweicun&amp;'
            'to=place%3Axunwu-county&amp;lang=zh"') in html


# tests/test_path_rank.py: the plain chains run through 腾讯; the ranked one through the
# report's "four directions" of its technology against the epidemic
CT, CLASSES = "program:ai-ct-pod-donation", "program:classes-suspended-learning-continues"


@pytest.mark.parametrize("options", [(), ("--avoid", "医研前线"), ("--via", "QQ")])
def test_path_ranks_chains_as_kg_path_does(served, built, options):
    cli = subprocess.run([str(KG), "path", CT, CLASSES, "-f", "json", *options,
                          "--store", str(built.store)], capture_output=True, text=True)
    assert cli.returncode == 0, cli.stderr
    query = "".join(f"&{o[2:]}={quote(v)}" for o, v in zip(options[::2], options[1::2]))
    data = _json(served, f"/path.json?from={CT}&to={CLASSES}{query}")
    assert _without_links(data["paths"]) == json.loads(cli.stdout)
    if not options:
        (best,) = data["paths"]
        assert [n["zh"] for n in best["nodes"]] == [
            "捐赠AI技术CT检查舱", "医研前线", "腾讯科技战疫的四个方向", "复工复产", "停课不停学"]
        assert round(best["cost"], 2) == 7.18
        html = served.get(f"/path?from={CT}&to={CLASSES}")[2].decode("utf-8")
        assert '<span class="cost" title="代价 / cost">7.18</span>' in html
        plain = _json(served, f"/path.json?from={CT}&to={CLASSES}&plain=1")
        assert {n["zh"] for p in plain["paths"] for n in p["nodes"][1:2]} == {"腾讯"}


def test_path_marks_the_curators_readings(served):
    data = _json(served, "/path.json?from=program:weicun&to=stakeholder:government&max_hops=1")
    (link,) = data["paths"][0]["hops"][0]["links"]
    assert (link["rel"], link["reading"]) == ("csr:concernsStakeholder", True)
    html = served.get("/path?from=program:weicun&to=stakeholder:government&max_hops=1")[2]
    assert '<span class="hop reading">' in html.decode("utf-8")
    none = _json(served, "/path.json?from=program:weicun&to=stakeholder:government"
                         "&max_hops=1&readings=0")
    assert none["paths"] == [] and none["total"] == 0


@pytest.mark.parametrize(("path", "status", "error"), [
    ("/view.json?hops=99", 400, "hops is a whole number from 0 to 6, not '99'"),
    ("/view.json?around=program:weicun&hops=-1", 400,
     "hops is a whole number from 0 to 6, not '-1'"),
    ("/view.json?type=nosuch", 400, "unknown type 'nosuch'"),
    ("/view.json?around=nosuch", 404, "no entity named 'nosuch'"),
    ("/view.json?from=program:weicun", 400, "from and to go together"),
    ("/view.json?query=CONSTRUCT+%7B%7D+WHERE+%7B%7D", 400, "no query parameter"),
    ("/view.json?lang=fr", 400, "lang is zh or en"),
    ("/path.json?from=program:weicun&to=nosuch", 404, "no entity named 'nosuch'"),
    ("/path.json?from=program:weicun&to=place:xunwu-county&max_hops=9", 400,
     "max_hops is a whole number from 0 to 8"),
    ("/path.json?from=a&to=b&max=1", 400, "unknown parameter 'max'"),
    ("/path.json?from=program:weicun&to=place:xunwu-county&plain=1&via=QQ", 400,
     "avoid and via rank chains"),
    ("/path.json?from=program:weicun&to=place:xunwu-county&avoid=nosuch", 404,
     "no entity named 'nosuch'"),
])
def test_refusals_are_one_line(served, path, status, error):
    got, _, body = served.get(path)
    assert got == status
    message = json.loads(body)["error"]
    assert message.startswith(error) and "\n" not in message
    html_status, headers, html = served.get(path.replace(".json", ""))
    assert html_status == status and b"<h1>%d</h1>" % status in html
    if path.startswith("/view"):  # an error shown in an entity page's frame is framable
        assert "frame-ancestors 'self'" in _headers(headers)["content-security-policy"]


def test_path_without_both_ends_is_the_form(served):
    status, _, body = served.get("/path?from=x")
    assert status == 200
    html = body.decode("utf-8")
    assert '<input name="from" value="x" required>' in html and '<ol class="paths">' not in html
    assert _json(served, "/path.json?from=x")["paths"] == []


def test_hostile_text_is_escaped(served):
    hostile = "<script>alert(1)</script>"
    status, _, body = served.get("/path?from=" + quote(hostile))
    assert status == 200 and hostile.encode() not in body
    assert b'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in body
    for path in ("/view?around=", "/path?from=program:weicun&to="):
        status, _, body = served.get(path + quote(hostile))
        assert status == 404 and hostile.encode() not in body
        assert b"&lt;script&gt;" in body
    # JSON carries the text as it is: a string, never markup
    assert "'<script>alert(1)</script>'" in _json(served, "/view.json?around=" + quote(hostile),
                                                 404)["error"]


def test_kg_serve_get_prints_the_view(built):
    base = [str(KG), "serve", "--store", str(built.store), "--get"]
    ok = subprocess.run([*base, "/view?around=program:weicun"], capture_output=True)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith(b"<!DOCTYPE html>") and b'id="kg-data"' in ok.stdout
    bad = subprocess.run([*base, "/view?around=nosuch"], capture_output=True)
    assert bad.returncode != 0 and b"404" in bad.stderr


def test_entity_page_frames_its_graph(served):
    status, headers, body = served.get("/entity/program/weicun")
    assert status == 200
    assert "frame-src 'self'" in _headers(headers)["content-security-policy"]
    html = body.decode("utf-8")
    assert '<iframe src="/view?around=program%3Aweicun&amp;hops=1&amp;lang=zh"' in html
    assert ('<a href="/view?around=program%3Aweicun&amp;hops=1&amp;lang=zh">'
            '在图中打开 / open the graph</a>') in html


def _wait_ready(frame, timeout_s: float = 60) -> None:
    """Poll from here: the framed page's policy forbids evaluating strings inside it."""
    deadline = time.monotonic() + timeout_s
    while not frame.evaluate("!!(window.kg && window.kg.ready === true)"):
        if time.monotonic() > deadline:
            raise TimeoutError("the framed graph did not become interactive")
        frame.page.wait_for_timeout(50)


@pytest.mark.parametrize(("name", "width", "height"), [("desktop", 1280, 800),
                                                       ("phone", 390, 844)])
def test_the_graph_draws_beside_or_below_the_card(served, browser, name, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    outside, asked, problems = [], [], []

    def route(r):
        if r.request.url.startswith(served.url + "/"):
            asked.append(r.request.url[len(served.url):])
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning")
            else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(served.url + "/entity/program/weicun")
    frame_element = page.locator("aside.entity-graph iframe")
    frame_element.scroll_into_view_if_needed()
    frame = frame_element.element_handle().content_frame()
    frame.wait_for_load_state()
    _wait_ready(frame)
    assert frame.locator("#graph canvas").count() == 1
    assert "/view?around=program%3Aweicun&hops=1&lang=zh" in asked
    card = page.locator("div.entity-card").bounding_box()
    graph = frame_element.bounding_box()
    if name == "desktop":   # beside the card, to its right, and tall
        assert graph["x"] >= card["x"] + card["width"] and graph["height"] >= 500
    else:                   # below the card, as wide as it
        assert graph["y"] >= card["y"] + card["height"] and graph["width"] >= 300
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"entity-{name}.png"))
    frame_element.screenshot(path=str(SHOTS / f"entity-{name}-graph.png"))
    page.click("text=在图中打开 / open the graph")
    page.wait_for_load_state()
    _wait_ready(page.main_frame)
    assert page.url.split("#")[0] == served.url + "/view?around=program%3Aweicun&hops=1&lang=zh"
    assert outside == [] and problems == []
    context.close()
