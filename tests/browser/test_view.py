"""kg view's page in a real Chromium, offline: it loads without errors or requests, holds the
selection, and its search, card, filters, language switch, expand/collapse and path work;
hostile text from the data stays text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import build
from kg.card import card as card_of
from kg.cli import main
from kg.netx import describe, paths
from kg.paths import ONTOLOGY_DIR
from kg.render import page
from kg.select import SelectionSpec, select
from kg.store import OxigraphStore

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

WEICUN = "https://w3id.org/csr-kg/id/program/weicun"
XUNWU = "https://w3id.org/csr-kg/id/place/xunwu-county"


@pytest.fixture(scope="session")
def hostile(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile")
    data = out / "hostile-report"
    shutil.copytree(FIXTURES / "hostile-report", data)
    result = build([data], out / "store", out, ONTOLOGY_DIR, shacl=False)
    store = OxigraphStore(result.store)
    path = out / "hostile.html"
    path.write_text(page(store, select(store, SelectionSpec())), encoding="utf-8")
    return path


def node_count(p, hidden=None):
    js = "window.kg.nodes.get().length" if hidden is None else \
        f"window.kg.nodes.get({{filter: n => !!n.hidden === {str(hidden).lower()}}}).length"
    return p.evaluate(js)


def test_whole_graph_loads_offline_without_errors(whole, open_page):
    path, selection = whole
    opened = open_page(path)
    assert opened.blocked == [] and opened.problems == []
    assert node_count(opened.page) == len(selection.nodes) == selection.projection.number_of_nodes()
    assert opened.page.evaluate("window.kg.visibleCount()") == len(selection.nodes)
    assert opened.page.evaluate("window.kg.edges.length") == \
        selection.graph.number_of_edges()
    assert opened.page.title().startswith("腾讯社会责任报告（2019）向善力")
    footer = opened.page.inner_text("footer")
    assert "腾讯社会责任报告（2019）向善力" in footer


def test_page_has_no_outside_resource(whole):
    html = whole[0].read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.IGNORECASE)
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", html, re.IGNORECASE)
    assert "@import" not in html
    assert "default-src 'none'" in html  # and the browser is told to fetch nothing


def test_search_focuses_weicun_and_its_card_shows_pages(whole, store, open_page):
    p = open_page(whole[0]).page
    p.fill("#search", "为村")
    p.press("#search", "Enter")
    assert p.evaluate("window.kg.focused") == WEICUN
    assert p.evaluate("window.kg.network.getSelectedNodes()") == [WEICUN]
    card = p.locator("#card")
    assert card.locator("h3").inner_text() == "腾讯为村"
    sources = card.locator("ul.sources li").all_inner_texts()
    assert "腾讯式扶贫 pp. 11–14" in sources
    assert len(sources) == len(card_of(store, WEICUN).sources)
    figures = card.locator("ul.figures li").all_inner_texts()
    assert "加入平台的村庄或社区数: 15176 个村庄 (截至 2020-02-29) p. 11\n" \
        "腾讯式扶贫 › 激发乡村的内生发展动力 pp. 11–14" in figures


def test_pinyin_search(whole, open_page):
    p = open_page(whole[0]).page
    p.fill("#search", "ruqi")
    p.press("#search", "Enter")
    assert p.evaluate("window.kg.focused") == "https://w3id.org/csr-kg/id/org/ruqi-mobility"


def test_clicking_a_node_opens_its_card(whole, open_page):
    p = open_page(whole[0]).page
    p.evaluate(f"window.kg.network.focus('{WEICUN}', {{scale: 2, animation: false}})")
    point = p.evaluate(f"""(() => {{
        const net = window.kg.network, pos = net.getPosition('{WEICUN}');
        const dom = net.canvasToDOM(pos), box = document.getElementById('graph')
            .getBoundingClientRect();
        return [box.left + dom.x, box.top + dom.y]; }})()""")
    assert p.locator("#card").is_hidden()
    p.mouse.click(*point)
    assert p.locator("#card h3").inner_text() == "腾讯为村"
    assert ("2.3 一起创造智慧生活 › 智在身边，为城乡社区治理提供支撑 › "
            "为乡村量身打造数字治理方案 › 案例 四川邛崃“全域为村” pp. 45–56"
            in p.locator("#card ul.sources li").all_inner_texts())
    assert p.evaluate("location.hash").startswith("#focus=program:weicun&")


def test_class_filter_hides_programs(whole, open_page):
    path, selection = whole
    programs = sum(1 for _, t in selection.projection.nodes(data="type") if t == "program")
    p = open_page(path).page
    p.locator('#legend li[data-type="program"] input').uncheck()
    assert node_count(p, hidden=True) == programs > 0
    assert p.evaluate("window.kg.nodes.get({filter: n => n.kind === 'program' && "
                      "!n.hidden}).length") == 0
    p.locator('#legend li[data-type="program"] input').check()
    assert node_count(p, hidden=True) == 0


def test_dimension_filter_hides_programs_only_in_that_dimension(whole, store, open_page):
    eco = "<https://w3id.org/csr-kg/scheme/dimension/ecology>"
    only_ecology = store.select(f"""
        SELECT ?p WHERE {{ ?p csr:dimension {eco}
          FILTER NOT EXISTS {{ ?p csr:dimension ?d FILTER(?d != {eco}) }} }}""")
    p = open_page(whole[0]).page
    p.locator('#dimension-filter li[data-dimension="ecology"] input').uncheck()
    hidden = set(p.evaluate("window.kg.nodes.get({filter: n => n.hidden}).map(n => n.id)"))
    assert hidden == only_ecology.values("p") and hidden


def test_language_switch(whole, open_page):
    p = open_page(whole[0]).page
    p.evaluate(f"window.kg.focus('{WEICUN}')")
    p.click("#lang-switch")
    assert p.locator("#card h3").inner_text() == "Tencent WeCounty"
    assert p.evaluate(f"window.kg.nodes.get('{WEICUN}').label") == "Tencent WeCounty"
    assert p.locator("#legend li").first.inner_text().startswith("Program")


def test_double_click_brings_in_the_next_ring_and_shift_takes_it_back(around_weicun,
                                                                      open_page, dblclick):
    path, selection = around_weicun
    p = open_page(path).page
    assert node_count(p, hidden=False) == len(selection.nodes)
    assert node_count(p) == len(selection.nodes) + len(selection.frontier)
    # 点亮寻乌回家路 is a neighbour of 为村; 寻乌县 lies one step further, hidden at first
    light = "https://w3id.org/csr-kg/id/program/xunwu-streetlight-plan"
    assert p.evaluate(f"window.kg.nodes.get('{XUNWU}').hidden") is True
    p.evaluate(f"window.kg.network.focus('{light}', {{scale: 3, animation: false}})")
    assert dblclick(p, light)[:2] == [light, 1]
    assert p.evaluate(f"window.kg.nodes.get('{XUNWU}').hidden") is False
    assert dblclick(p, light, shift=True)[:2] == [light, 0]
    assert p.evaluate(f"window.kg.nodes.get('{XUNWU}').hidden") is True


def test_path_between_two_chosen_nodes_names_each_hop(whole, open_page):
    path, selection = whole
    expected = paths(selection.projection, WEICUN, XUNWU, readings=False)
    assert len(expected) == 1
    p = open_page(path).page
    p.evaluate(f"window.kg.focus('{WEICUN}')")
    p.click('#card button[data-action="path-from-here"]')
    p.evaluate(f"window.kg.focus('{XUNWU}')")
    p.click('#card button[data-action="path-to-here"]')
    found = p.evaluate("window.kg.path.nodes")
    assert found == list(expected[0].nodes) and len(found) == 3
    # the relation of each hop, written as `kg path` writes it
    assert p.inner_text("#path-result") == describe(expected[0], "zh") == \
        "腾讯为村 ←[合作方（技术提供方）]— 点亮寻乌回家路 —[实施地｜合作方（执行方）]→ 寻乌县"
    assert p.evaluate(f"window.kg.drawn('{found[1]}').borderWidth") == 4
    assert "path=program:weicun~place:xunwu-county" in p.evaluate("location.hash")
    p.click("#path-clear")
    assert p.evaluate("window.kg.path") is None


def test_path_can_avoid_hubs(whole, open_page):
    import networkx as nx

    path, selection = whole
    stated = _stated(selection.projection)
    degree = dict(stated.degree())
    hubs = {n for n, d in degree.items() if d >= 20}
    light = stated.subgraph(n for n in stated if n not in hubs or n == WEICUN)
    # the first entity (by IRI) whose every shortest stated path from 为村 crosses a hub, and
    # that a longer path without hubs still reaches
    target = next(n for n in sorted(nx.single_source_shortest_path_length(light, WEICUN))
                  if n not in hubs and nx.shortest_path_length(stated, WEICUN, n)
                  < nx.shortest_path_length(light, WEICUN, n))
    p = open_page(path).page
    p.evaluate(f"window.kg.setPath('{WEICUN}', '{target}')")
    through = p.evaluate("window.kg.path.nodes")
    assert len(through) - 1 == nx.shortest_path_length(stated, WEICUN, target)
    assert hubs & set(through)
    p.check("#avoid-hubs")
    around = p.evaluate("window.kg.path.nodes")
    assert len(around) - 1 == nx.shortest_path_length(light, WEICUN, target)
    assert not hubs & set(around[1:-1])
    assert "hubs=1" in p.evaluate("location.hash")


def _stated(graph):
    """The links the report states (no curator's readings), undirected."""
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(graph)
    g.add_edges_from((u, v) for u, v, r in graph.edges(data="reading") if not r and u != v)
    return g


def test_hostile_labels_stay_text(hostile, open_page):
    opened = open_page(hostile)
    p = opened.page
    assert opened.problems == [] and opened.blocked == []
    p.fill("#search", "img src")
    p.press("#search", "Enter")
    assert p.locator("#card h3").inner_text() == '<img src=x onerror="window.__xss=1">'
    assert p.locator("#card .other").inner_text() == "</script><script>window.__xss=2</script>"
    assert "描述 <svg onload=\"window.__xss=5\"></svg>" in p.inner_text("#card")
    p.click("#lang-switch")
    assert "<iframe src=javascript:window.__xss=6>" in p.inner_text("#card")
    assert p.evaluate("window.__xss") is None
    assert p.evaluate("document.querySelectorAll('img, svg, iframe').length") == 0
    assert "Example report </title><script>window.__xss=3</script>" in p.title()
    foundation = "https://w3id.org/csr-kg/id/org/sample-foundation"
    assert p.evaluate(f"window.kg.nodes.get('{foundation}').label") == \
        "Sample Foundation ${7*7}"  # no template ran over the data (English now)


def test_kg_view_command_writes_the_page(built, tmp_path):
    out = tmp_path / "weicun.html"
    r = CliRunner().invoke(main, ["view", "--around", "为村", "--hops", "1", "-o", str(out),
                                  "--store", str(built.store)])
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith(f"wrote {out} (")
    html = out.read_text(encoding="utf-8")
    assert "vis.Network" in html and "腾讯为村" in html
    r = CliRunner().invoke(main, ["view", "--around", "为村", "-o", str(out),
                                  "--store", str(built.store)])
    assert r.exit_code == 2 and "exists; pass --force" in r.stderr
    assert out.read_text(encoding="utf-8") == html
