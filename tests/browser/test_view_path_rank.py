"""The page's path ranks chains as `kg path --no-readings` does (kg/path_rank.py): on a page
written by `kg view`, in a real Chromium, the two epidemic programs link through the report's
four-directions framework, not through Tencent; "fewest steps" gives the plain chain back."""

from __future__ import annotations

from math import log

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.netx import describe, paths, project
from path_pair import CLASSES, CT_POD, FOUR, FRONT, RESUME, TENCENT

from kg.path_rank import informative_paths

WEICUN = "https://w3id.org/csr-kg/id/program/weicun"
XUNWU = "https://w3id.org/csr-kg/id/place/xunwu-county"
DIDI = "https://w3id.org/csr-kg/id/org/didi"
GIVING_DAY = "https://w3id.org/csr-kg/id/program/99-giving-day"


@pytest.fixture(scope="module")
def view_file(built, tmp_path_factory):
    out = tmp_path_factory.mktemp("rank") / "report.html"
    r = CliRunner().invoke(main, ["view", "-o", str(out), "--store", str(built.store)])
    assert r.exit_code == 0, r.output
    return out


@pytest.fixture(scope="module")
def graph(store):
    return project(store)


def test_page_picks_the_chain_kg_path_picks(view_file, graph, built, open_page):
    opened = open_page(view_file)
    p = opened.page
    p.evaluate(f"window.kg.setPath('{CT_POD}', '{CLASSES}')")
    expected = informative_paths(graph, CT_POD, CLASSES, readings=False)
    assert [e.nodes for e in expected] == [(CT_POD, FRONT, FOUR, RESUME, CLASSES)]
    assert p.evaluate("window.kg.path.nodes") == list(expected[0].nodes)
    assert p.evaluate("window.kg.path.cost") == pytest.approx(4 + log(3) + log(4) + log(2))
    assert p.inner_text("#path-result") == describe(expected[0], "zh")
    assert p.inner_text("#path-cost") == "4 步，代价 7.18"
    # and it is the first line `kg path --no-readings` prints
    r = CliRunner().invoke(main, ["path", CT_POD, CLASSES, "--no-readings", "--store",
                                  str(built.store)])
    assert r.stdout.splitlines()[0] == f"4  7.18  {describe(expected[0], 'zh')}"
    assert opened.problems == [] and opened.blocked == []


def test_fewest_steps_gives_the_plain_chain_through_tencent(view_file, graph, open_page):
    p = open_page(view_file).page
    p.evaluate(f"window.kg.setPath('{CT_POD}', '{CLASSES}')")
    p.check("#plain-path")
    plain = [list(x.nodes) for x in paths(graph, CT_POD, CLASSES, readings=False)]
    found = p.evaluate("window.kg.path.nodes")
    assert found in plain and found[1] == TENCENT and len(found) == 4
    assert p.evaluate("window.kg.path.cost") is None
    assert p.inner_text("#path-cost") == "3 步"
    p.uncheck("#plain-path")
    assert p.evaluate("window.kg.path.nodes") == [CT_POD, FRONT, FOUR, RESUME, CLASSES]
    p.evaluate("window.kg.setLang('en')")
    assert p.inner_text("#path-cost") == "4 hops, cost 7.18"
    assert p.inner_text("label:has(#plain-path)").strip() == "Fewest steps (hubs or not)"


@pytest.mark.parametrize("a, b", [(WEICUN, XUNWU), (WEICUN, DIDI), (GIVING_DAY, XUNWU),
                                  (CLASSES, DIDI)])
def test_page_and_kg_path_agree_on_more_pairs(view_file, graph, open_page, a, b):
    expected = informative_paths(graph, a, b, readings=False, max_hops=8)
    assert len(expected) == 1  # no tie: one answer to agree on
    p = open_page(view_file).page
    p.evaluate(f"window.kg.setPath('{a}', '{b}')")
    assert p.evaluate("window.kg.path.nodes") == list(expected[0].nodes)
    assert p.evaluate("window.kg.path.cost") == pytest.approx(expected[0].cost)


def test_avoid_hubs_with_ranking_keeps_hubs_out(view_file, graph, open_page):
    """With "avoid hubs" (20 stated links or more) the ranked chain from 为村 to 滴滴 cannot
    go through Tencent, which the cheapest chain without it does."""
    p = open_page(view_file).page
    p.evaluate(f"window.kg.setPath('{WEICUN}', '{DIDI}')")
    assert TENCENT in p.evaluate("window.kg.path.nodes")
    p.check("#avoid-hubs")
    around = p.evaluate("window.kg.path.nodes")
    hubs = [n for n, d in _stated_degree(graph).items() if d >= 20]
    avoid = [n for n in hubs if n not in (WEICUN, DIDI)]
    expected = informative_paths(graph, WEICUN, DIDI, readings=False, avoid=avoid, max_hops=8)
    assert around == list(expected[0].nodes) and not set(avoid) & set(around)


def _stated_degree(graph):
    from kg.netx import _undirected

    u = _undirected(graph, False)
    return {n: len(set(u[n]) - {n}) for n in u}
