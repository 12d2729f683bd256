"""Facts hang where people look: a partnership's note beside the partner, a stakeholder
group's demands by tier and the units that carry out its practice, the people with a part in
the report itself, and a program's card and canned queries rolled up over its parts and
editions (the programs and events dcterms:isPartOf it), each marked with the part."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kg.card import card, render
from kg.cli import main
from kg.query import run_canned

ID = "https://w3id.org/csr-kg/id/"
WEICUN = ID + "program/weicun"
QIONGLAI = ID + "program/qionglai-all-area-weicun"
CONFERENCE = ID + "event/second-weicun-conference"


def kg(built, *args):
    return CliRunner().invoke(main, [*args, "--store", str(built.store)])


def local(term) -> str:
    return str(term).rstrip("/").rsplit("/", 1)[-1]


# ---------------------------------------------------------------- partnership notes


def test_note_beside_the_partner_on_weicuns_card(store, built):
    """腾讯式扶贫, p. 11: 邱泽奇, professor of sociology, studied 为村 in several places."""
    c = card(store, WEICUN)
    qiu = [link for link in c.links if link.other == ID + "person/qiu-zeqi"]
    assert [(link.rel, link.detail_zh, link.note_zh, link.note_en, link.via) for link in qiu] \
        == [("csr:partner", "研究伙伴", "邱泽奇多地调研为村项目。",
             "Qiu Zeqi studied WeCounty in several places.", "")]
    r = kg(built, "show", "为村")
    assert r.exit_code == 0, r.output
    assert ("  邱泽奇 / Qiu Zeqi [研究伙伴]  person:qiu-zeqi  — 邱泽奇多地调研为村项目。"
            in r.stdout.splitlines())
    r = kg(built, "show", "weicun", "--lang", "en")
    assert ("  Qiu Zeqi / 邱泽奇 [Research partner]  person:qiu-zeqi  — Qiu Zeqi studied "
            "WeCounty in several places." in r.stdout.splitlines())
    data = json.loads(kg(built, "show", "program:weicun", "--format", "json").stdout)
    link = next(k for k in data["links"] if k["other"] == ID + "person/qiu-zeqi")
    assert (link["detail_en"], link["note_en"]) == (
        "Research partner", "Qiu Zeqi studied WeCounty in several places.")


# ---------------------------------------------------------------- stakeholder groups


def test_employees_card_lists_demands_by_tier_in_the_tables_words(store, built):
    """利益相关方一览, p. 10: 员工's 必尽, 应尽 and 愿尽 demands as the table words them."""
    c = card(store, ID + "stakeholder/employees")
    assert [(d.tier, d.tier_zh, d.zh) for d in c.demands] == [
        ("must", "必尽责任", "合理、健全的员工保障体系"),
        ("should", "应尽责任", "关爱员工，提供培训与发展机会"),
        ("may", "愿尽责任", "建立多元的企业文化氛围")]
    assert not [link for link in c.links if link.rel == "csr:hasDemand"]  # not twice
    lines = kg(built, "show", "stakeholder:employees").stdout.splitlines()
    start = lines.index("诉求（按责任层级） (3)")
    assert lines[start + 1:start + 7] == [
        "  必尽责任 / Must-fulfil responsibility",
        ("    合理、健全的员工保障体系 / A sound system of employee protection  "
         "demand:demand-employees-must"),
        "  应尽责任 / Should-fulfil responsibility",
        ("    关爱员工，提供培训与发展机会 / Care for employees, with training and development  "
         "demand:demand-employees-should"),
        "  愿尽责任 / Willing-to-fulfil responsibility",
        "    建立多元的企业文化氛围 / A diverse corporate culture  demand:demand-employees-may"]
    # a demand's card still names its group
    demand = card(store, ID + "demand/demand-employees-must")
    assert [(k.zh, k.direction) for k in demand.links if k.rel == "csr:hasDemand"] == [
        ("员工", "in")]


def test_practice_units_of_employees_and_shareholders(store, built):
    """利益相关方一览, p. 10: for employees, the HR department, the OHS committee and Tencent
    Academy; for shareholders, the board, the investor relations department and the two
    shareholders' meetings; for partners, 供应商大会 and 合作伙伴论坛; for local communities, the
    Tencent Foundation."""
    def units(group):
        c = card(store, ID + "stakeholder/" + group)
        return {link.zh for link in c.links if link.rel == "csr:practiceBy"}

    assert units("employees") == {"人力资源部", "OHS委员会", "腾讯学院"}
    assert units("shareholders") == {"腾讯董事会", "投资者关系部", "股东大会", "股东特别大会"}
    assert {"供应商大会", "合作伙伴论坛"} <= units("business-partners")
    assert units("communities") == {"腾讯公益慈善基金会"}
    assert units("users") == set()
    r = kg(built, "show", "stakeholder:government")
    assert "→ 沟通与实践机构 (1)" in r.stdout
    assert "  公共事务部 / Public Affairs Department  tencent:public-affairs-department" in r.stdout
    academy = card(store, ID + "tencent/tencent-academy")
    assert [(k.zh, k.direction) for k in academy.links if k.rel == "csr:practiceBy"] == [
        ("员工", "in")]


# ---------------------------------------------------------------- people in the report


def test_quoted_person_and_the_report_team_on_cards(store, built):
    """1.1, p. 23: the report prints 陈春花's words; 附录03, p. 85: 邓江波 is editor-in-chief."""
    c = card(store, ID + "person/chen-chunhua")
    assert ("被引述", "quoted", "true") in c.attributes
    assert [(k.rel, k.zh) for k in c.links if k.rel == "csr:quotedIn"] == [
        ("csr:quotedIn", "1.1 文化升级")]
    r = kg(built, "show", "person:deng-jiangbo", "--lang", "en")
    assert "→ on the report's team in (1)" in r.stdout
    assert "  job title: editor-in-chief of this report" in r.stdout.splitlines()
    ma = card(store, ID + "person/ma-huateng")
    assert sorted((k.rel, k.zh) for k in ma.links if k.rel in ("csr:messageIn", "csr:quotedIn")) \
        == [("csr:messageIn", "马化腾致辞"), ("csr:quotedIn", "1.1 文化升级")]


# ---------------------------------------------------------------- roll-ups over parts


def test_weicun_card_rolls_up_figures_and_partners_of_its_parts(store, built):
    """2.3, p. 45: 邛崃's 全域为村, a part of 为村, opened 169 government services; more than 200
    people met at the second national 为村 conference, which Tencent hosted."""
    c = card(store, WEICUN)
    assert "169" not in {f.value for f in c.figures}  # not 为村's own figure
    got = {(local(f.via), f.via_zh, f.value, f.unit_zh, f.qualifier_zh, tuple(f.pages))
           for f in c.part_figures}
    assert ("qionglai-all-area-weicun", "邛崃“全域为村”", "169", "件", "", (45,)) in got
    assert ("second-weicun-conference", "第二届全国“为村”大会", "200", "人", "超过", (45,)) in got
    assert {local(f.via) for f in c.part_figures} == {"qionglai-all-area-weicun",
                                                       "second-weicun-conference"}
    hosted = [(k.zh, k.detail_zh, k.via) for k in c.links if k.via]
    assert ("腾讯", "主办方", CONFERENCE) in hosted
    lines = kg(built, "show", "为村").stdout.splitlines()
    assert "  [邛崃“全域为村”] 开通的政务服务功能数: 169 件  [p. 45]" in lines
    assert "  腾讯 / Tencent [主办方]  tencent:tencent  (部分: 第二届全国“为村”大会)" in lines
    data = json.loads(kg(built, "show", "program:weicun", "--format", "json").stdout)
    assert {(f["value"], f["via"]) for f in data["part_figures"]} >= {("169", QIONGLAI)}


def test_canned_queries_roll_up_over_parts(store):
    """figures-about, partners-of-program and programs-in-place reach the parts of 为村."""
    figures = run_canned(store, "figures-about", entity="program:weicun")
    stated_on_part = [(local(r["observation"]), str(r["value"]), local(r["via"]))
                      for r in figures if "via" in r and str(r["value"]) == "169"]
    assert stated_on_part == [("s23-qionglai-gov-services", "169", "qionglai-all-area-weicun")]
    partners = run_canned(store, "partners-of-program", program="program:weicun")
    assert ("tencent", "organizer", "second-weicun-conference") in {
        (local(r["partner"]), local(r["role"]), local(r.get("via", ""))) for r in partners}
    # 陶坝村 in 邛崃: only the conference was held there, so 为村 comes up through it
    taoba = run_canned(store, "programs-in-place", place="place:taoba-village")
    assert [(local(r["program"]), local(r["where"]), local(r["via"])) for r in taoba] == [
        ("weicun", "taoba-village", "second-weicun-conference")]
    # an entity that is no program gets no roll-up (Tencent's units are part of Tencent)
    tencent = run_canned(store, "figures-about", entity="tencent:tencent")
    assert all("via" not in r for r in tencent)


def test_cards_read_the_same_on_both_engines(store, memory_store):
    """The card, roll-ups included, is the same from Oxigraph and from rdflib (which writes an
    xsd:decimal 169 as 169.0)."""
    for iri in (WEICUN, ID + "program/99-giving-day", ID + "stakeholder/employees",
                ID + "person/guo-kaitian"):
        assert render(card(memory_store, iri)) == render(card(store, iri))
