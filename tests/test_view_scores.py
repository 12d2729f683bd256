"""kg view and kg export sized and coloured by a score (--size-by, --color-by), on the real
built store, which has no analytics graph: the scores are computed for the selection and
compared with what ``kg analyze measures`` gives; the page is opened in Chromium."""

from __future__ import annotations

import html
import json
import time
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.look import OTHER, PALETTE, ROLE_COLOURS

ID = "https://w3id.org/csr-kg/id/"
TENCENT, WECHAT, WEICUN = f"{ID}tencent/tencent", f"{ID}tencent/wechat", f"{ID}program/weicun"
SHOTS = Path("/tmp/shots")


def kg(built, *args):
    return CliRunner().invoke(main, [*map(str, args), "--store", str(built.store)])


def page_data(path: Path) -> dict:
    """The data a kg view page carries (its <script type="application/json">)."""
    text = path.read_text(encoding="utf-8")
    start = text.index('<script type="application/json" id="kg-data">') + 45
    return json.loads(html.unescape(text[start:text.index("</script>", start)]))


@pytest.fixture(scope="module")
def rows(built):
    """``kg analyze measures`` of the whole graph, by entity."""
    result = kg(built, "analyze", "measures", "-f", "json", "--top", "0")
    return {r["entity"]: r for r in json.loads(result.stdout)["rows"]}


@pytest.fixture(scope="module")
def scored(built, tmp_path_factory):
    """The whole graph's page, sized by betweenness and coloured by community."""
    out = tmp_path_factory.mktemp("scores") / "scores.html"
    result = kg(built, "view", "--size-by", "betweenness", "--color-by", "community",
                "-o", out)
    assert result.exit_code == 0, result.output
    return out, page_data(out), result


def test_stderr_says_the_scores_were_computed(scored):
    assert scored[2].stderr.splitlines() == [
        "betweenness: computed for this selection (no analytics saved; without the curator's "
        "readings)",
        "community: computed for this selection (no analytics saved; without the curator's "
        "readings)"]


def test_sizes_follow_betweenness_and_the_top_broker_is_biggest(scored, rows):
    nodes = {n["id"]: n for n in scored[1]["nodes"]}
    assert set(nodes) == set(rows)
    by_score = sorted(rows, key=lambda e: -rows[e]["betweenness"])
    sizes = [nodes[e]["size"] for e in by_score]
    assert sizes == sorted(sizes, reverse=True)
    assert by_score[0] == TENCENT and nodes[TENCENT]["size"] == 56.0
    assert sizes.count(56.0) == 1 and min(sizes) == 8.0
    assert nodes[WECHAT]["size"] > nodes[WEICUN]["size"] > 8.0
    assert nodes[WEICUN]["scores"] == {"betweenness": 0.039397, "community": 7}


def test_one_colour_per_community(scored, rows):
    nodes = {n["id"]: n for n in scored[1]["nodes"]}
    colours = defaultdict(set)
    for e, r in rows.items():
        colours[r["community"]].add(nodes[e]["color"])
    assert all(len(c) == 1 for c in colours.values())
    # the twelve largest communities (numbered from 0 by size) in the palette, the rest grey
    assert [colours[i].pop() for i in range(12)] == list(PALETTE)
    assert {c.pop() for i, c in colours.items() if i >= 12} == {OTHER}
    assert nodes[TENCENT]["color"] == PALETTE[0] and nodes[WEICUN]["color"] == PALETTE[7]


def test_the_legend_names_the_communities_and_the_size(scored):
    data = scored[1]
    items = data["scores"]["color"]["items"]
    assert [i["color"] for i in items] == [*PALETTE, OTHER]
    assert items[0]["zh"] == "社群 0：腾讯… (172)"
    assert items[0]["en"] == "community 0: Tencent… (172)"
    assert items[7]["zh"].startswith("社群 7：") and items[-1]["en"] == "others (498)"
    assert data["scores"]["size"]["en"] == \
        "Size: betweenness (0–0.7474; computed for this selection)"
    assert {entry["color"] for entry in data["legend"]} == {"#FFFFFF"}  # types: shapes only


def test_unknown_or_unfit_measures_exit_2_with_one_line(built, tmp_path):
    out = tmp_path / "never.html"
    for args, line in (
            (["--size-by", "centrality"],
             "error: unknown measure 'centrality' (choose one of: degree, betweenness, "
             "constraint, effective_size, bridges, articulation, community, brokerage, "
             "brokerage_role)"),
            (["--color-by", "pagerank"], "error: unknown measure 'pagerank' (choose one of: "
             "degree, betweenness, constraint, effective_size, bridges, articulation, "
             "community, brokerage, brokerage_role)"),
            (["--size-by", "community"],
             "error: --size-by needs a number, and community is a category (choose one of: "
             "degree, betweenness, constraint, effective_size, bridges, brokerage)")):
        result = kg(built, "view", *args, "-o", out)
        assert result.exit_code == 2, result.output
        assert result.stderr.splitlines() == [line]
        assert not out.exists()
    result = kg(built, "export", "-f", "gexf", "-o", tmp_path / "x.gexf", "--size-by", "x")
    assert result.exit_code == 2 and result.stderr.startswith("error: unknown measure 'x'")


def test_a_gexf_export_carries_the_scores(built, tmp_path):
    out = tmp_path / "weicun.gexf"
    result = kg(built, "export", "--around", "为村", "-f", "gexf", "-o", out,
                "--size-by", "brokerage", "--color-by", "brokerage_role")
    assert result.exit_code == 0, result.output
    g = nx.read_gexf(out)
    analysis = json.loads(kg(built, "analyze", "brokers", "--around", "为村", "-f", "json",
                             "--top", "0").stdout)
    totals = {r["entity"]: r["total"] for r in analysis["rows"]}
    read = {a["iri"]: a for _, a in g.nodes(data=True)}
    assert {e: a["brokerage"] for e, a in read.items()} == \
        {e: totals.get(e, 0) for e in read}
    top = max(totals, key=totals.get)
    # 为村 brokers 110 two-paths around itself, 61 of them as a liaison
    assert top == WEICUN and totals[WEICUN] == 110
    assert read[WEICUN]["brokerage_role"] == "liaison"
    assert read[WEICUN]["viz"]["size"] == max(a["viz"]["size"] for a in read.values())
    colour = read[WEICUN]["viz"]["color"]
    assert "#{:02X}{:02X}{:02X}".format(colour["r"], colour["g"], colour["b"]) == \
        ROLE_COLOURS["liaison"]
    # an entity that brokers nothing has a count of 0 and no role
    idle = [e for e, a in read.items() if a["brokerage"] == 0]
    assert idle and all("brokerage_role" not in read[e] for e in idle)


def _ready(page, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while not page.evaluate("!!(window.kg && window.kg.ready === true)"):
        assert time.monotonic() < deadline, "the page did not become interactive"
        page.wait_for_timeout(50)


def test_the_page_draws_the_scores_and_its_legend(scored, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        problems = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(scored[0].resolve().as_uri())
        _ready(page)
        legend = page.locator("#score-legend")
        assert legend.locator("li").count() == 13
        assert legend.locator("li").first.inner_text() == "社群 0：腾讯… (172)"
        assert legend.locator("p").all_inner_texts() == [
            "大小：中介中心性（0–0.7474；本选择现算）", "颜色：社群（本选择现算）"]
        drawn = page.evaluate(f"window.kg.drawn({json.dumps(TENCENT)})")
        assert drawn["color"]["background"] == PALETTE[0]
        size = page.evaluate(f"window.kg.network.body.nodes[{json.dumps(TENCENT)}]"
                             ".options.size")
        assert size == 56.0
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "scores.png"))
        page.click("#lang-switch")
        assert legend.locator("li").first.inner_text() == "community 0: Tencent… (172)"
        assert problems == []
    finally:
        context.close()
