"""What a strategist does on the page, in a real Chromium at desktop (1280x800) and phone
(390x844) sizes: a focus brings an entity and its neighbours into view with labels large
enough to read and the rest dimmed; the card's relations move the focus; the curator's
readings are apart and switchable; a double-click grows the view and never shrinks it; the
URL hash holds the whole view; downloads hold what is visible."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest

WEICUN = "https://w3id.org/csr-kg/id/program/weicun"
FOUNDATION = "https://w3id.org/csr-kg/id/org/tencent-foundation"
TENCENT = "https://w3id.org/csr-kg/id/tencent/tencent"
DESKTOP, PHONE = (1280, 800), (390, 844)


def neighbours(graph, node, readings):
    return {v for u, v, r in graph.to_undirected(as_view=True).edges(node, data="reading")
            if readings or not r} - {node}


def stated(graph):
    g = nx.Graph()
    g.add_nodes_from(graph)
    g.add_edges_from((u, v) for u, v, r in graph.edges(data="reading") if not r and u != v)
    return g


def on_screen(p, ids):
    """Each node's position in the canvas and its label's size on screen, in pixels."""
    return p.evaluate("""ids => {
        const net = window.kg.network, scale = net.getScale();
        const box = document.getElementById('graph').getBoundingClientRect();
        return ids.map(id => { const d = net.canvasToDOM(net.getPosition(id));
            return {id, x: d.x, y: d.y, w: box.width, h: box.height,
                    px: window.kg.drawn(id).font * scale,
                    hidden: !!window.kg.nodes.get(id).hidden}; }); }""", ids)


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("readings", [0, 1])
def test_focus_from_the_url_shows_every_neighbour_legibly_and_dims_the_rest(
        whole, open_page, size, readings):
    path, selection = whole
    expected = neighbours(selection.projection, WEICUN, readings)
    assert expected and (readings or expected < neighbours(selection.projection, WEICUN, True))
    p = open_page(path, *size, fragment=f"focus=program:weicun&readings={readings}").page
    assert p.evaluate("window.kg.focused") == WEICUN
    assert set(p.evaluate("window.kg.focusSet()")) == expected | {WEICUN}
    for n in on_screen(p, sorted(expected | {WEICUN})):
        assert not n["hidden"], n
        assert 0 <= n["x"] <= n["w"] and 0 <= n["y"] <= n["h"], n   # inside the canvas
        assert n["px"] >= 12, n                                     # a label one can read
    styles = p.evaluate("""window.kg.nodes.get({filter: n => !n.hidden}).map(n => [n.id,
        window.kg.drawn(n.id).color.background,
        window.kg.drawn(n.id).font * window.kg.network.getScale()])""")
    dimmed = {i for i, colour, _ in styles if colour.startswith("rgba(") and
              colour.endswith(",0.15)")}
    assert dimmed == {i for i, *_ in styles} - expected - {WEICUN}
    assert len(dimmed) == len(selection.nodes) - len(expected) - 1
    # the dimmed ones carry no label (vis-network skips a label under 4 px)
    assert all(px < 4 for i, _, px in styles if i in dimmed)


def test_tooltip_is_plain_text(whole, open_page, dom_point):
    p = open_page(whole[0], *DESKTOP, fragment="focus=program:weicun").page
    assert p.evaluate(f"window.kg.nodes.get('{WEICUN}').title") == \
        "腾讯为村 / Tencent WeCounty\n项目 · Program\nprogram:weicun"
    p.mouse.move(*dom_point(p, WEICUN))
    tip = p.locator("div.vis-tooltip")
    tip.wait_for(state="visible")
    assert tip.inner_text().startswith("腾讯为村 / Tencent WeCounty")


def test_overview_labels_its_most_linked_nodes(whole, open_page):
    path, selection = whole
    degree = dict(stated(selection.projection).degree())
    p = open_page(path, *DESKTOP).page
    labelled = p.evaluate("window.kg.labelled()")
    assert len(labelled) == 30 and TENCENT in labelled
    assert min(degree[n] for n in labelled) >= sorted(degree.values())[-30]
    assert all(n["px"] >= 12 for n in on_screen(p, labelled))


def test_a_relation_in_the_card_moves_the_focus(whole, open_page):
    path, selection = whole
    p = open_page(path, *DESKTOP, fragment="focus=program:weicun").page
    card = p.locator("#card")
    # every relation of 为村 is listed, readings included and marked
    incident = selection.projection.in_degree(WEICUN) + selection.projection.out_degree(WEICUN)
    assert card.locator("h4").first.inner_text() == f"关系 ({incident})"
    assert card.locator(".relations li a").count() == incident
    assert "→ 运营方 (1)" in card.locator("h5").all_inner_texts()
    g = selection.projection
    kinds = {(u == WEICUN, r["rel"]) for u, v, r in
             [*g.out_edges(WEICUN, data=True), *g.in_edges(WEICUN, data=True)] if r["reading"]}
    assert card.locator("h5.reading").count() == len(kinds) > 0
    partner = card.locator(".relations li", has_text="邱泽奇")
    assert partner.inner_text() == "邱泽奇 [研究伙伴]\n邱泽奇多地调研为村项目。"
    card.locator(".relations a", has_text="腾讯公益慈善基金会").click()   # a real click
    assert p.evaluate("window.kg.focused") == FOUNDATION
    assert card.locator("h3").inner_text() == "腾讯公益慈善基金会"
    assert p.evaluate("location.hash") == (
        "#focus=organization:tencent-foundation&lang=zh&readings=0")
    expected = neighbours(selection.projection, FOUNDATION, False)
    assert set(p.evaluate("window.kg.focusSet()")) == expected | {FOUNDATION}
    p.go_back()   # the browser's back button returns to the previous focus
    p.wait_for_timeout(50)
    assert p.evaluate("window.kg.focused") == WEICUN


def test_the_readings_switch_hides_exactly_the_reading_edges(whole, open_page):
    path, selection = whole
    readings = sum(1 for *_, r in selection.projection.edges(data="reading") if r)
    p = open_page(path, *DESKTOP).page
    ids = p.evaluate("window.kg.edges.get({filter: e => e.reading}).map(e => e.id)")
    assert len(ids) == readings > 0
    assert set(ids) == {e["id"] for e in p.evaluate("window.kg.edges.get()") if e["reading"]}
    hidden = "window.kg.edges.get({filter: e => e.hidden}).map(e => e.id)"
    assert sorted(p.evaluate(hidden)) == sorted(ids)        # the default: readings apart
    assert p.evaluate(f"window.kg.drawn('{ids[0]}').dashes") == [4, 4]
    assert p.evaluate(f"window.kg.drawn('{ids[0]}').color.color") == "#9c86c4"
    p.check("#readings")
    assert p.evaluate(hidden) == []
    assert "readings=1" in p.evaluate("location.hash")
    assert p.locator('#edge-legend li[data-edges="reading"] .count').inner_text() == \
        f" ({readings} / {readings})"
    p.uncheck("#readings")
    assert sorted(p.evaluate(hidden)) == sorted(ids)
    assert p.locator('#edge-legend li[data-edges="reading"] .count').inner_text() == \
        f" (0 / {readings})"


def visible(p):
    return set(p.evaluate("window.kg.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))


def test_double_click_on_the_focus_adds_a_ring_and_removes_nothing(around_weicun, open_page,
                                                                    dblclick):
    path, selection = around_weicun
    page_nodes = selection.nodes | selection.frontier
    g = stated(selection.projection.subgraph(page_nodes))
    p = open_page(path, *DESKTOP, fragment="focus=program:weicun").page
    before = visible(p)
    assert before == selection.nodes
    assert dblclick(p, WEICUN)[:2] == [WEICUN, 2]      # a real double-click on the focus
    after = visible(p)
    ring2 = set(nx.single_source_shortest_path_length(g, WEICUN, cutoff=2))
    assert before <= after and after == before | ring2 and len(after) > len(before)
    assert set(p.evaluate("window.kg.focusSet()")) == ring2
    assert dblclick(p, WEICUN)[:2] == [WEICUN, 3]      # a third ring, still only adding
    ring3 = set(nx.single_source_shortest_path_length(g, WEICUN, cutoff=3))
    assert visible(p) == before | ring3
    p.click('#card button[data-action="collapse"]')
    assert p.evaluate("window.kg.state.ring") == 2
    assert dblclick(p, WEICUN, shift=True)[:2] == [WEICUN, 1]


def test_double_click_grows_the_focus_on_the_whole_graph(whole, open_page, dblclick):
    path, selection = whole
    g = stated(selection.projection)
    p = open_page(path, *DESKTOP, fragment="focus=program:weicun").page
    everything = visible(p)
    for ring in (2, 3):
        assert dblclick(p, WEICUN)[:2] == [WEICUN, ring]
        assert set(p.evaluate("window.kg.focusSet()")) == \
            set(nx.single_source_shortest_path_length(g, WEICUN, cutoff=ring))
        assert visible(p) == everything
    assert "ring=3" in p.evaluate("location.hash")


def test_phone_graph_fills_the_screen_panel_toggles_and_touch_focuses(whole, open_page,
                                                                      dom_point):
    p = open_page(whole[0], *PHONE, touch=True).page
    box = p.locator("#graph").bounding_box()
    assert box["width"] >= 300 and box["height"] >= 0.7 * PHONE[1]
    assert p.locator("#side").is_hidden()
    p.evaluate(f"window.kg.network.focus('{WEICUN}', {{scale: 1.5, animation: false}})")
    p.touchscreen.tap(*dom_point(p, WEICUN))
    assert p.evaluate("window.kg.focused") == WEICUN
    assert p.locator("#panel-toggle").inner_text() == "腾讯为村 ▴"
    p.locator("#panel-toggle").tap()
    assert p.locator("#card h3").is_visible()
    assert p.locator("#card h3").inner_text() == "腾讯为村"
    side = p.locator("#side").bounding_box()
    assert side["height"] <= 0.56 * PHONE[1]     # the card is a sheet over the graph


FULL = ("focus=program:weicun&ring=2&lang=en&readings=1&hide=person&nodim=ecology"
        "&path=program:weicun~place:xunwu-county&hubs=1")


def snapshot(p):
    return p.evaluate("""({hash: window.kg.hash(), focus: window.kg.focused,
        ring: window.kg.state.ring, set: window.kg.focusSet(),
        nodes: window.kg.nodes.get({filter: n => !n.hidden}).map(n => n.id).sort(),
        edges: window.kg.edges.get({filter: e => !e.hidden}).map(e => e.id).sort(),
        path: window.kg.path && window.kg.path.nodes, lang: document.documentElement.lang,
        h3: document.querySelector('#card h3').textContent,
        readings: document.getElementById('readings').checked,
        hubs: document.getElementById('avoid-hubs').checked})""")


def test_a_url_with_every_state_reopens_the_same_view(whole, store, open_page):
    path, selection = whole
    p = open_page(path, *DESKTOP, fragment=FULL).page
    s = snapshot(p)
    assert s["hash"] == FULL and s["focus"] == WEICUN and s["ring"] == 2
    assert s["lang"] == "en" and s["h3"] == "Tencent WeCounty"
    assert s["readings"] and s["hubs"]
    assert s["path"][0] == WEICUN and s["path"][-1].endswith("place/xunwu-county")
    persons = {n for n, t in selection.projection.nodes(data="type") if t == "person"}
    assert not persons & set(s["nodes"])
    eco = "<https://w3id.org/csr-kg/scheme/dimension/ecology>"
    only_ecology = store.select(f"""SELECT ?p WHERE {{ ?p csr:dimension {eco}
        FILTER NOT EXISTS {{ ?p csr:dimension ?d FILTER(?d != {eco}) }} }}""").values("p")
    assert only_ecology and not only_ecology & set(s["nodes"])
    # readings on: every edge between two visible nodes is drawn
    assert len(s["edges"]) == p.evaluate("""window.kg.edges.get({filter: e =>
        !window.kg.nodes.get(e.from).hidden && !window.kg.nodes.get(e.to).hidden}).length""")
    # the same view, changed by hand, then opened from its own address
    p.click("#lang-switch")
    p.uncheck("#readings")
    p.locator('#legend li[data-type="place"] input').uncheck()
    p.locator('#legend li[data-type="person"] input').check()
    s2 = snapshot(p)
    assert p.evaluate("location.hash") == "#" + s2["hash"]
    q = open_page(path, *DESKTOP, fragment=s2["hash"]).page
    assert snapshot(q) == s2
    # hashchange: another address in the same tab moves the view
    q.evaluate("location.hash = 'focus=organization:tencent-foundation&lang=zh&readings=0'")
    q.wait_for_timeout(50)
    assert q.evaluate("window.kg.focused") == FOUNDATION
    assert q.locator("#card h3").inner_text() == "腾讯公益慈善基金会"


def test_downloads_hold_the_visible_view(whole, open_page):
    path, selection = whole
    opened = open_page(path, *DESKTOP, fragment="focus=program:weicun&hide=person",
                       downloads=True)
    p = opened.page
    want_nodes = p.evaluate("window.kg.nodes.get({filter: n => !n.hidden}).map(n => n.id)")
    want_edges = p.evaluate("window.kg.edges.get({filter: e => !e.hidden}).map(e => e.id)")
    with p.expect_download() as d:
        p.click("#download-nodes")
    rows = list(csv.DictReader(io.StringIO(Path(d.value.path()).read_text(encoding="utf-8-sig"))))
    assert sorted(r["id"] for r in rows) == sorted(want_nodes)
    assert d.value.suggested_filename == "csr-kg-program-weicun-nodes.csv"
    assert {r["id"] for r in rows if r["focused"] == "true"} == \
        neighbours(selection.projection, WEICUN, False) - {
            n for n, t in selection.projection.nodes(data="type") if t == "person"} | {WEICUN}
    with p.expect_download() as d:
        p.click("#download-edges")
    rows = list(csv.DictReader(io.StringIO(Path(d.value.path()).read_text(encoding="utf-8-sig"))))
    assert sorted(r["id"] for r in rows) == sorted(want_edges)
    assert all(r["reading"] == "false" for r in rows)
    with p.expect_download() as d:
        p.click("#download-json")
    doc = json.loads(Path(d.value.path()).read_text(encoding="utf-8"))
    assert len(doc["nodes"]) == len(want_nodes) and len(doc["edges"]) == len(want_edges)
    assert doc["view"] == "focus=program:weicun&lang=zh&readings=0&hide=person"
    with p.expect_download() as d:
        p.click("#download-png")
    assert Path(d.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert opened.blocked == [] and opened.problems == []


def test_legend_counts_visible_over_total_and_the_subtitle_is_bilingual(whole, open_page):
    path, selection = whole
    p = open_page(path, *DESKTOP).page
    programs = sum(1 for _, t in selection.projection.nodes(data="type") if t == "program")
    count = p.locator('#legend li[data-type="program"] .count')
    assert count.inner_text() == f" ({programs} / {programs})"
    p.locator('#legend li[data-type="program"] input').uncheck()
    assert count.inner_text() == f" (0 / {programs})"
    subtitle = p.inner_text("#subtitle")
    assert "Tencent" in subtitle and "全图" in subtitle and "the whole graph" in subtitle
    total = len(selection.nodes)
    assert f"实体 entities {total - programs} / {total}" in subtitle
