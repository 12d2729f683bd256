"""Choosing a part of the graph (kg.select), the selection kg view draws and kg export writes."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import UsageError
from kg.netx import project
from kg.select import SelectionSpec, select

WEICUN = "https://w3id.org/csr-kg/id/program/weicun"
ID = "https://w3id.org/csr-kg/id/"


@pytest.fixture(scope="module")
def projection(store):
    return project(store)


def pick(store, projection, **spec):
    return select(store, SelectionSpec(**spec), projection)


def test_whole_graph(store, projection):
    sel = pick(store, projection)
    assert sel.nodes == set(projection) and sel.frontier == set()


def test_around_weicun_holds_exactly_its_neighbours(store, projection):
    sel = pick(store, projection, around="为村", hops=1)
    neighbours = set(projection.successors(WEICUN)) | set(projection.predecessors(WEICUN))
    assert sel.nodes == neighbours | {WEICUN}
    assert f"{ID}org/tencent-foundation" in sel.nodes   # runs it
    assert f"{ID}program/rural-dream" in sel.nodes      # it grew out of 筑梦新乡村
    assert f"{ID}place/xunwu-county" in sel.frontier    # two steps away
    assert pick(store, projection, around="weicun", hops=0).nodes == {WEICUN}


def test_path_holds_exactly_the_chain(store, projection):
    sel = pick(store, projection, path=("为村", "寻乌县"))
    assert sel.nodes == {WEICUN, f"{ID}program/xunwu-streetlight-plan",
                         f"{ID}place/xunwu-county"}


def test_path_holds_the_shortest_chains_and_the_ranked_one(store, projection):
    """捐赠AI技术CT检查舱 → 停课不停学: the two shortest chains run through 腾讯 (via QQ and
    企业微信); kg path's first chain runs through the epidemic's "four directions"."""
    sel = pick(store, projection, path=("program:ai-ct-pod-donation",
                                        "program:classes-suspended-learning-continues"))
    assert sel.nodes == {f"{ID}program/ai-ct-pod-donation",
                         f"{ID}program/classes-suspended-learning-continues",
                         f"{ID}tencent/tencent", f"{ID}tencent/qq", f"{ID}tencent/wechat-work",
                         f"{ID}concept/epidemic-medical-research-front",
                         f"{ID}framework/epidemic-four-directions",
                         f"{ID}concept/epidemic-resumption"}


def test_dimension_picks_its_programs(store, projection):
    ecology = store.select("SELECT ?p WHERE { ?p csr:dimension "
                           "<https://w3id.org/csr-kg/scheme/dimension/ecology> }").values("p")
    assert pick(store, projection, dimension="ecology").nodes == ecology
    assert pick(store, projection, dimension="生态文明建设").nodes == ecology
    with pytest.raises(UsageError, match=r"no dimension 'green' \(choose one of: culture"):
        pick(store, projection, dimension="green")


def test_stakeholder_picks_group_demands_and_programs(store, projection):
    sel = pick(store, projection, stakeholder="员工")
    group = f"{ID}stakeholder/employees"
    assert group in sel.nodes
    assert {f"{ID}demand/demand-employees-must", f"{ID}demand/demand-employees-should",
            f"{ID}demand/demand-employees-may"} <= sel.nodes
    concerned = store.select(f"SELECT ?p WHERE {{ ?p csr:concernsStakeholder <{group}> }}")
    assert concerned.values("p") <= sel.nodes
    with pytest.raises(UsageError, match="is not a stakeholder group"):
        pick(store, projection, stakeholder="为村")


def test_section_picks_what_it_sources(store, projection):
    sel = pick(store, projection, section="s2-3")
    assert f"{ID}org/ruqi-mobility" in sel.nodes and f"{ID}org/gac-group" in sel.nodes
    assert pick(store, projection, section="2.3 一起创造智慧生活").nodes == sel.nodes
    with pytest.raises(UsageError, match="no report section 's9-9'"):
        pick(store, projection, section="s9-9")


def test_construct_query_selection(store, projection):
    q = ("CONSTRUCT { ?pp csr:partner ?o } WHERE { ?pp csr:partnershipIn "
         "organization:ruqi-mobility ; csr:partner ?o }")
    sel = pick(store, projection, query=q)
    assert sel.nodes == {f"{ID}org/didi", f"{ID}org/gac-group",
                         f"{ID}org/guangzhou-public-transport-group", f"{ID}tencent/tencent",
                         f"{ID}tencent/tencent-maps"}
    assert len(sel.construct) == 6  # the query's own graph is kept whole
    with pytest.raises(UsageError, match="needs a CONSTRUCT"):
        pick(store, projection, query="SELECT * WHERE { ?s ?p ?o } LIMIT 1")


def test_options_combine_and_types_filter(store, projection):
    sel = pick(store, projection, around="为村", hops=1, types=("place",))
    assert {projection.nodes[n]["zh"] for n in sel.nodes} == {"丰桐村", "青村镇", "邛崃"}
    both = pick(store, projection, dimension="ecology", section="s3-4")
    assert both.nodes == (pick(store, projection, dimension="ecology").nodes
                          & pick(store, projection, section="s3-4").nodes)
    with pytest.raises(UsageError, match="holds no entity"):
        pick(store, projection, around="为村", hops=0, types=("place",))
    with pytest.raises(UsageError, match="unknown type 'planet'"):
        pick(store, projection, types=("planet",))


def test_view_bad_selection_is_one_line_and_writes_nothing(built, tmp_path):
    out = tmp_path / "page.html"
    r = CliRunner().invoke(main, ["view", "--dimension", "green", "-o", str(out),
                                  "--store", str(built.store)])
    assert r.exit_code == 2 and r.stderr.count("\n") == 1
    assert r.stderr.startswith("error: no dimension 'green'")
    assert not out.exists() and list(tmp_path.iterdir()) == []
