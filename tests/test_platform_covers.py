"""What a platform covers (issue 11, item 3): the Tencent products, games, apps and services a
program or product runs in, covers, integrates or serves are csr:covers links, as the report
lists them, on the real store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.namespaces import ID

FIXTURES = Path(__file__).parent / "fixtures"

_COVERED = """
SELECT ?what WHERE {
  ?system csr:covers ?target .
  BIND(REPLACE(STR(?target), "^.*/", "") AS ?what)
}"""
_ALL = """
SELECT ?s ?o WHERE {
  ?x csr:covers ?y .
  BIND(REPLACE(STR(?x), "^.*/", "") AS ?s)
  BIND(REPLACE(STR(?y), "^.*/", "") AS ?o)
}"""


def covered(store, kind: str, ident: str) -> set[str]:
    rows = store.select(_COVERED, {"system": [ID[f"{kind}/{ident}"]]})
    return {str(r["what"]) for r in rows}


EXPECTED = [
    # 成长守护平台: 腾讯旗下游戏、微信小游戏、QQ空间游戏，以及腾讯视频、微视 (2.2)
    ("program", "growth-guardian-platform",
     {"tencent-games", "wechat-mini-games", "qzone-games", "tencent-video", "weishi"}),
    # 健康约定系统 in 欢乐斗地主 and 天天象棋 (2.2)
    ("program", "healthy-play-agreement-system", {"huanle-doudizhu", "tiantian-xiangqi"}),
    # 公益寻人链 links Tencent's eight missing-person search platforms (3.3)
    ("program", "charity-search-chain",
     {"xiaoguan-missing-person-search", "page-404-family-search-ads",
      "guangdiantong-missing-person-search", "qq-city-help", "guanjia-missing-person-search",
      "youtu-missing-person-search", "moments-ads-missing-person-search",
      "mini-program-missing-person-search"}),
    # 腾讯海纳 built on 微信、QQ、QQ浏览器、腾讯新闻、手机管家 (2.3)
    ("tencent", "tencent-haina",
     {"wechat", "qq", "qq-browser", "tencent-news", "tencent-mobile-manager"}),
    # 海纳业务中台 integrates 腾讯医典、珊瑚积分、邻里圈 (2.3)
    ("tencent", "haina-business-middle-platform",
     {"tencent-medipedia", "coral-points", "linliquan"}),
    # 开源协同: the shared versions went live in 微信、QQ、腾讯视频 (3.1)
    ("program", "open-source-collaboration", {"wechat", "qq", "tencent-video"}),
    # WeChat mini programs and services (2.3) and WeChat mini games (3.2)
    ("program", "national-gov-service-platform", {"wechat"}),
    ("program", "jiangsu-gov-service-mini-program", {"wechat"}),
    ("program", "electronic-health-card", {"wechat"}),
    ("tencent", "tencent-tax-refund", {"wechat"}),
    ("program", "lets-repair-great-wall", {"wechat-mini-games"}),
    ("program", "game-pocket-palace-craftsman", {"wechat-mini-games"}),
    # 智慧警务: Guangdong's police run on 政务微信 (2.3)
    ("program", "smart-policing", {"gov-wechat"}),
    # QQ's mini program and mini game open ecosystem serves QQ小程序 and QQ小游戏 (2.2)
    ("tencent", "qq-mini-program-game-open-ecosystem", {"qq-mini-programs", "qq-mini-games"}),
]


@pytest.mark.parametrize("kind, ident, expected", EXPECTED, ids=[e[1] for e in EXPECTED])
def test_system_covers_exactly(store, kind, ident, expected):
    assert covered(store, kind, ident) == expected


def test_no_other_covers_links(store):
    links = {(str(r["s"]), str(r["o"])) for r in store.select(_ALL)}
    assert links == {(ident, t) for _, ident, targets in EXPECTED for t in targets}
    assert len(links) == 35


def test_what_covers_wechat(store):
    rows = store.select("""SELECT ?s WHERE { ?x csr:covers ?w .
      BIND(REPLACE(STR(?x), "^.*/", "") AS ?s) }""",
                        {"w": [ID["tencent/wechat"]]})
    assert {str(r["s"]) for r in rows} == {
        "tencent-haina", "open-source-collaboration", "national-gov-service-platform",
        "jiangsu-gov-service-mini-program", "electronic-health-card", "tencent-tax-refund"}


def test_covers_property_is_labelled(store):
    rows = store.select("""SELECT ?l WHERE { csr:covers rdfs:label ?l }""")
    assert {(str(r["l"]), r["l"].language) for r in rows} == {("覆盖", "zh"), ("covers", "en")}


def test_show_prints_covered_products(built):
    result = CliRunner().invoke(main, ["show", "growth-guardian-platform",
                                       "--store", str(built.store)])
    assert result.exit_code == 0, result.output
    out = result.output
    block = out[out.index("→ 覆盖 (5)"):].split("\n\n")[0]
    for name in ("腾讯游戏 / Tencent Games", "微信小游戏 / WeChat Mini Games",
                 "QQ空间游戏 / Qzone games", "腾讯视频 / Tencent Video", "微视 / Weishi"):
        assert name in block


def test_show_of_covered_product_lists_incoming(built):
    result = CliRunner().invoke(main, ["show", "huanle-doudizhu", "--store", str(built.store)])
    assert result.exit_code == 0, result.output
    assert "← 覆盖 (1)" in result.output
    assert "健康约定系统" in result.output


def _mini_build(tmp_path, covers: str):
    """The mini report with village-link covering ``covers`` and a product example-app."""
    data = tmp_path / "mini-report"
    shutil.copytree(FIXTURES / "mini-report", data)
    with open(data / "programs.yaml", "a", encoding="utf-8") as f:
        f.write(f"  covers: [{covers}]\n")
    with open(data / "tencent.yaml", "a", encoding="utf-8") as f:
        f.write("- {id: example-app, zh: 示例应用, en: Example App, kind: product, "
                "part_of: example-co, sources: [intro]}\n")
    return CliRunner().invoke(main, ["build", "--data", str(data), "--store",
                                     str(tmp_path / "store"), "--dump-dir", str(tmp_path)])


def test_covers_a_tencent_product_builds(tmp_path):
    result = _mini_build(tmp_path, "example-app")
    assert result.exit_code == 0, result.output
    assert "csr:covers tencent:example-app" in (tmp_path / "mini-report.trig").read_text("utf-8")


def test_covers_only_tencent_or_program_entries(tmp_path):
    result = _mini_build(tmp_path, "programs")
    assert result.exit_code == 1
    assert ("programs.yaml: village-link: covers 'programs' must be a tencent or programs, "
            "not an entry of sections.yaml") in result.output


def test_shacl_refuses_covering_the_company_itself(tmp_path):
    result = _mini_build(tmp_path, "example-co")
    assert result.exit_code == 1
    assert "SHACL: program:village-link csr:covers" in result.output
