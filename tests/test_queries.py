"""The canned query library (``kg/queries/*.rq``): every query's actual answer on the real
report, checked against what the report prints (section and printed page in each docstring),
its header, and the same answer from the rdflib engine.

Entities are compared by the last segment of their IRI (``gac-group`` for
``id/org/gac-group``, ``co-builder`` for ``scheme/partner-role/co-builder``); where the
report's own words matter, by their Chinese label.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from canned_answers import ids, labels, local, q, table
from rdflib import Graph, Literal

from kg.library import QUERY_DIR, catalog, parse_header
from kg.query import run_canned
from kg.sparql import parse

# ---------------------------------------------------------------- the library itself

QUERIES = catalog()
NAMES = [c.name for c in QUERIES]


def test_every_query_has_a_valid_header_and_an_example():
    files = sorted(QUERY_DIR.glob("*.rq"))
    assert len(files) >= 25
    for path in files:
        canned = parse_header(path)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", canned.name), canned.name
        assert canned.title and canned.description
        assert canned.examples, f"{canned.name}: no example line"
        for example in canned.examples:
            assert f"--name {canned.name}" in example, example
            for used in re.findall(r"--param (\w+)=", example):
                canned.param(used)  # every example's parameter is declared


def test_every_parameter_is_a_variable_of_its_query_and_no_prefix_is_declared():
    for canned in QUERIES:
        body = "\n".join(line for line in canned.text.splitlines() if not line.startswith("#"))
        assert not re.search(r"^\s*PREFIX\b", body, re.IGNORECASE | re.MULTILINE), canned.name
        for p in canned.params:
            assert re.search(rf"\?{p.name}\b", body), f"{canned.name}: no ?{p.name}"
            if p.name == "lang":
                assert p.default == "zh"


def test_every_select_is_ordered():
    for canned in QUERIES:
        if parse(canned.text).form == "SELECT":
            assert re.search(r"\bORDER BY\b", canned.text), f"{canned.name} has no ORDER BY"


def test_every_query_has_a_test_of_its_answer():
    source = "".join(Path(__file__).with_name(name).read_text(encoding="utf-8")
                     for name in ("test_queries.py", "test_queries_figures.py"))
    tested = set(re.findall(r"\bq\(\s*\w+,\s*\"([\w-]+)\"", source))
    assert set(NAMES) - tested == set(), "queries without a test"
    assert tested - set(NAMES) == set(), "tests of queries that do not exist"


# ---------------------------------------------------------------- both engines agree

# Required parameters for the parity run (every other parameter keeps its default).
PARITY_PARAMS = {
    "works-with": {"organization": "organization:palace-museum",
                   "program": "program:digital-forbidden-city"},
}


def _cell(term):
    return term.toPython() if isinstance(term, Literal) else str(term)


def _row(row: dict) -> tuple:
    return tuple(sorted((k, _cell(v)) for k, v in row.items()))


def _normal(result):
    """An engine-neutral form of an answer: literals by their Python value (rdflib writes
    decimals as 29.0 where Oxigraph keeps 29; Decimal compares them equal)."""
    if isinstance(result, bool):
        return result
    if isinstance(result, Graph):
        return Counter(tuple(_cell(t) for t in triple) for triple in result)
    return Counter(_row(row) for row in result.rows)


@pytest.mark.parametrize("name", NAMES)
def test_rdflib_gives_the_same_answer_as_oxigraph(store, memory_store, name):
    params = PARITY_PARAMS.get(name, {})
    on_oxigraph = run_canned(store, name, **params)
    on_rdflib = run_canned(memory_store, name, **params)
    if not isinstance(on_oxigraph, bool):
        assert len(on_oxigraph) > 0  # every default answers something
    if not isinstance(on_oxigraph, (bool, Graph)):
        assert on_oxigraph.vars == on_rdflib.vars
        # ORDER BY is total, so both engines give the rows in the same order
        assert [_row(r) for r in on_rdflib.rows] == [_row(r) for r in on_oxigraph.rows]
    assert _normal(on_rdflib) == _normal(on_oxigraph)


# ---------------------------------------------------------------- partners and programs


def test_partners_of_ruqi_mobility(store, zh):
    """2.3, p. 45: 如祺出行 was built by Tencent with 广汽, 广州公交集团 and 滴滴; Tencent and
    腾讯地图 supply the technology."""
    rows = q(store, "partners-of-program")  # default: 如祺出行
    assert table(rows, "partner", "role", "reporterSide", "firstPage") == [
        ("didi", "co-builder", "false", 45),
        ("gac-group", "co-builder", "false", 45),
        ("guangzhou-public-transport-group", "co-builder", "false", 45),
        ("tencent", "co-builder", "true", 45),
        ("tencent", "technology-provider", "true", 45),
        ("tencent-maps", "technology-provider", "true", 45),
    ]
    outside = {zh[str(r["partner"])] for r in rows if not r["reporterSide"].toPython()}
    assert outside == {"广汽", "广州公交集团", "滴滴"}


def test_partners_of_digital_forbidden_city_since_2019_09(store):
    """3.2, p. 67: the Palace Museum and Tencent renewed their three-year pact in 2019
    (再续三年之约，共建“数字故宫”)."""
    rows = q(store, "partners-of-program", program="program:digital-forbidden-city")
    assert table(rows, "partner", "role", "reporterSide", "since") == [
        ("palace-museum", "co-builder", "false", "2019-09"),
        ("tencent", "co-builder", "true", "2019-09"),
    ]


def test_partners_of_weicun_with_notes_and_parts(store):
    """腾讯式扶贫, p. 11: 邱泽奇 studied 为村 in several places and 杨婷 runs 大坡村's account; 2.3,
    p. 45: Tencent hosted the second national 为村 conference, a part of 为村."""
    rows = q(store, "partners-of-program", program="program:weicun")
    got = table(rows, "partner", "role", "note", "via")
    assert ("qiu-zeqi", "research-partner", "邱泽奇多地调研为村项目。", None) in got
    assert ("tencent", "organizer", None, "second-weicun-conference") in got
    english = q(store, "partners-of-program", program="program:weicun", lang="en")
    assert {r["note"].language for r in english if "note" in r} == {"en"}


def test_programs_of_the_palace_museum(store, zh):
    """3.2, p. 67 and 刘炽平's message, p. 3: 数字故宫, the 2016 cooperation, the digital
    heritage work (a beneficiary with 敦煌 and 长城), the digital culture protection platform
    and the game 《故宫：口袋宫匠》."""
    rows = q(store, "programs-of-organization")  # default: the Palace Museum
    assert table(rows, "program", "relation", "role") == [
        ("digital-culture-protection-platform", "ontology#partner", "partner"),
        ("digital-forbidden-city", "ontology#partner", "co-builder"),
        ("digital-heritage-protection", "ontology#partner", "beneficiary"),
        ("game-pocket-palace-craftsman", "ontology#partner", "partner"),
        ("palace-museum-new-culture-cooperation", "ontology#partner", "co-builder"),
    ]
    assert "腾讯与故宫合作" in labels(zh, rows, "program")


def test_programs_of_the_tencent_foundation(store):
    """腾讯式扶贫, p. 11 and 腾讯式战疫, p. 15: the Tencent Foundation runs 为村, the charity
    platform, 99公益日, the anti-epidemic funds and its four poverty programs; it funds the
    Xplorer Prize (3.1, p. 63) and donates to the Great Wall work (3.2, p. 67)."""
    rows = q(store, "programs-of-organization", organization="organization:tencent-foundation")
    run = {local(r["program"]) for r in rows if local(r["relation"]) == "ontology#runBy"}
    assert run == {
        "99-giving-day", "epidemic-fund", "epidemic-fund-phase-1", "global-epidemic-fund",
        "multi-dimensional-disaster-relief", "partner-co-creation-plan", "rural-dream",
        "tencent-charity-platform", "tencent-foundation-ecological-poverty-alleviation",
        "tencent-foundation-education-poverty-alleviation",
        "tencent-foundation-health-poverty-alleviation",
        "tencent-foundation-targeted-poverty-alleviation", "weicun"}
    roles = {(local(r["program"]), local(r["role"])) for r in rows if "role" in r}
    assert ("xplorer-prize", "funder") in roles
    assert ("great-wall-program", "donor") in roles
    assert len(rows) == 20


def test_organizations_in_several_programs(store):
    """The outside organizations on at least three programs: the Tencent Foundation (16),
    the Palace Museum (5, 3.2), 数字广东 (4, 2.3), UNICEF (4, 2.2), the Chinese Academy of
    Engineering and the WHO (3 each, 腾讯式战疫)."""
    rows = q(store, "organizations-in-several-programs", minimum=3)
    assert table(rows, "organization", "programs") == [
        ("tencent-foundation", 16), ("palace-museum", 5), ("digital-guangdong-company", 4),
        ("unicef", 4), ("chinese-academy-of-engineering", 3), ("who", 3)]
    at_least_two = q(store, "organizations-in-several-programs")
    assert len(at_least_two) == 11
    assert {"dunhuang-academy", "un", "ministry-of-culture"} <= ids(at_least_two, "organization")


def test_programs_sharing_a_partner_with_digital_heritage_protection(store):
    """3.2, p. 67: the Palace Museum and the Dunhuang Academy, beneficiaries of the digital
    heritage work, are also partners of the digital culture protection platform; the Palace
    Museum co-builds 数字故宫 and the 2016 cooperation and partners 《故宫：口袋宫匠》."""
    rows = q(store, "programs-sharing-partner")
    assert table(rows, "other", "partner") == [
        ("digital-culture-protection-platform", "dunhuang-academy"),
        ("digital-culture-protection-platform", "palace-museum"),
        ("digital-forbidden-city", "palace-museum"),
        ("game-pocket-palace-craftsman", "palace-museum"),
        ("palace-museum-new-culture-cooperation", "palace-museum"),
    ]


def test_most_connected_partners(store):
    """Partners named on at least four subjects: the charity platform (8, run by the Tencent
    Foundation, which counts as outside), then the Foundation and the Palace Museum (5), then
    the CAE, the UN, UNICEF and the WHO (4). UNICEF is always a research partner (2.2, p. 35).
    守护者计划 (5 subjects) is run by Tencent's own units, so it is no outside partner."""
    rows = q(store, "most-connected-partners", minimum=4)
    assert table(rows, "partner", "subjects", "partnerships", "roles") == [
        ("tencent-charity-platform", 8, 9, 4), ("tencent-foundation", 5, 7, 4),
        ("palace-museum", 5, 5, 3),
        ("chinese-academy-of-engineering", 4, 4, 3), ("un", 4, 4, 4), ("unicef", 4, 4, 1),
        ("who", 4, 4, 4)]
    assert len(q(store, "most-connected-partners")) == 14


def test_programs_without_a_named_partner(store):
    """Of 256 programs (全民爱公益 is one, no longer two), 188 have no outside partner
    (Tencent's own programs and people do not count as outside). Among the funds:
    the 15亿 anti-epidemic fund and its 3亿 first phase (腾讯式战疫, p. 15), run by
    the Tencent Foundation, and the organisation growth fund (3.3, p. 71);
    the global fund has the UN and the WHO."""
    everything = q(store, "programs-without-partners")
    assert len(ids(everything, "program")) == 188  # one of them with two runners
    assert "weicun" not in ids(everything, "program")
    funds = q(store, "programs-without-partners", kind="csrs:program-kind/fund")
    assert table(funds, "program", "runBy") == [
        ("charity-org-growth-fund", None), ("epidemic-fund", "tencent-foundation"),
        ("epidemic-fund-phase-1", "tencent-foundation")]


def test_works_with(store):
    """3.2, p. 67: the Palace Museum co-builds 数字故宫; it has no part in 为村."""
    assert q(store, "works-with", organization="organization:palace-museum",
             program="program:digital-forbidden-city") is True
    assert q(store, "works-with", organization="organization:palace-museum",
             program="program:weicun") is False
    assert q(store, "works-with", organization="organization:tencent-foundation",
             program="program:weicun") is True  # runs it (腾讯式扶贫, p. 11)


def test_partner_roles(store):
    """Tencent's own side most often supplies technology (35 partnerships) or takes part
    (27); outside partners are most often plain partners (29, after the two read only from the
    光明 data centre's name were dropped)."""
    rows = q(store, "partner-roles")
    top = table(rows, "role", "reporterSide", "partnerships")[:3]
    assert top == [("technology-provider", "true", 35), ("partner", "false", 29),
                   ("participant", "true", 27)]
    assert sum(int(r["partnerships"]) for r in rows) == 318
    outside = q(store, "partner-roles", reporterSide="false")
    assert {str(r["reporterSide"]) for r in outside} == {"false"}
    assert sum(int(r["partnerships"]) for r in outside) == 156


# ---------------------------------------------------------------- the curator's reading


def test_programs_per_dimension(store):
    """The curator's reading of the 五位一体 dimensions (责任观, pp. 7-9): 社会建设 leads."""
    rows = q(store, "programs-per-dimension")
    assert table(rows, "dimension", "programs") == [
        ("society", 134), ("culture", 79), ("politics-livelihood", 58), ("economy", 49),
        ("ecology", 19)]


def test_programs_in_the_ecology_dimension(store, zh):
    """3.4 守护绿色家园, p. 77: 海洋减塑行动 (April 2019), 水滴成林 and 熊猫宝贝 with TNC,
    garbage sorting; 腾讯式扶贫, p. 11: the SEE Foundation's 一亿棵梭梭 on the charity platform;
    腾讯式战疫, p. 15: 拒食野味承诺."""
    rows = q(store, "programs-in-dimension")
    assert len(rows) == 19
    assert {"一亿棵梭梭", "海洋减塑行动", "水滴成林", "熊猫宝贝", "拒食野味承诺",
            "全面助力野生动物保护"} <= labels(zh, rows, "program")
    assert {local(r["kind"]) for r in rows} == {"initiative", "publication", "campaign",
                                                 "project", "program"}
    culture = q(store, "programs-in-dimension", dimension="csrs:dimension/culture")
    assert len(culture) == 79 and "digital-forbidden-city" in ids(culture, "program")


def test_programs_per_reading(store):
    """The report names three roles, two drivers and four objects (责任观, p. 7); the curator
    has read roles and a driver into one program only (the charity platform) and objects into
    none, so the framework is mostly unread."""
    rows = q(store, "programs-per-reading")
    assert table(rows, "reading", "concept", "programs") == [
        ("ontology#dimension", "society", 134), ("ontology#dimension", "culture", 79),
        ("ontology#dimension", "politics-livelihood", 58), ("ontology#dimension", "economy", 49),
        ("ontology#dimension", "ecology", 19), ("ontology#driver", "technology", 1),
        ("ontology#responsibilityRole", "connector", 1),
        ("ontology#responsibilityRole", "ecosystem-builder", 1),
        ("ontology#responsibilityRole", "toolbox", 1)]
    assert q(store, "programs-per-reading", reading="csr:responsibilityObject").rows == []


def test_programs_with_a_reading(store):
    """The one program read as a connector, the charity platform, is also a toolbox and an
    ecosystem co-builder driven by technology, in 政务民生 and 社会建设."""
    rows = q(store, "programs-with-reading")  # default: connector
    assert table(rows, "program", "otherReading", "otherConcept") == [
        ("tencent-charity-platform", "ontology#dimension", "politics-livelihood"),
        ("tencent-charity-platform", "ontology#dimension", "society"),
        ("tencent-charity-platform", "ontology#driver", "technology"),
        ("tencent-charity-platform", "ontology#responsibilityRole", "ecosystem-builder"),
        ("tencent-charity-platform", "ontology#responsibilityRole", "toolbox")]
    ecology = q(store, "programs-with-reading", concept="csrs:dimension/ecology")
    assert len(ids(ecology, "program")) == 19


def test_readings_against_the_report_for_weicun(store):
    """腾讯为村 (腾讯式扶贫, p. 11; 2.3, p. 45): the report says it grew out of 筑梦新乡村 in 2015,
    is run by the Tencent Foundation and works in 丰桐村, 青村镇 and 邛崃; the dimensions,
    groups and demands are the curator's."""
    rows = q(store, "readings-vs-report")
    reading = {(local(r["property"]), local(r["value"])) for r in rows
               if r["curatorReading"].toPython()}
    assert reading == {
        ("ontology#answersDemand", "demand-communities-may"),
        ("ontology#answersDemand", "demand-communities-must"),
        ("ontology#answersDemand", "demand-government-may"),
        ("ontology#concernsStakeholder", "communities"),
        ("ontology#concernsStakeholder", "government"),
        ("ontology#dimension", "culture"), ("ontology#dimension", "economy"),
        ("ontology#dimension", "politics-livelihood"), ("ontology#dimension", "society")}
    stated = {(local(r["property"]), local(r["value"])) for r in rows
              if not r["curatorReading"].toPython()}
    assert {("ontology#grewOutOf", "rural-dream"), ("ontology#startDate", "2015"),
            ("ontology#runBy", "tencent-foundation"), ("ontology#operatesIn", "fengtong-village"),
            ("ontology#operatesIn", "qingcun-town"), ("ontology#operatesIn", "qionglai"),
            ("ontology#kind", "platform"), ("ontology#partner", "qiu-zeqi")} <= stated
    assert [bool(r["curatorReading"].toPython()) for r in rows] == sorted(
        (bool(r["curatorReading"].toPython()) for r in rows), reverse=True)


# ---------------------------------------------------------------- stakeholders


def test_stakeholder_table(store, zh):
    """利益相关方一览, p. 10: seven groups by three tiers; 员工's 必尽 demand is a sound system of
    employee protection, answered by no program."""
    rows = q(store, "stakeholder-table")
    assert len(rows) == 21
    assert Counter(local(r["group"]) for r in rows) == Counter(
        {g: 3 for g in ("users", "shareholders", "employees", "government",
                        "business-partners", "charities", "communities")})
    employees = [r for r in rows if local(r["group"]) == "employees"]
    assert [local(r["tier"]) for r in employees] == ["must", "should", "may"]
    assert [zh[str(r["demand"])] for r in employees] == [  # the table's own words
        "合理、健全的员工保障体系", "关爱员工，提供培训与发展机会", "建立多元的企业文化氛围"]
    assert [int(r["answeredBy"]) for r in employees] == [0, 13, 4]
    assert all(r["practice"].language == "zh" for r in rows)
    english = q(store, "stakeholder-table", lang="en")
    assert {r["practice"].language for r in english} == {"en"}
    assert any("OHS committee" in str(r["practice"]) for r in english)


def test_unanswered_demands(store, zh):
    """利益相关方一览, p. 10: no program answers 员工's 必尽 demand (合理、健全的员工保障体系) or
    股东's 愿尽 demand (面对面、多种互动形式的投资者沟通活动)."""
    rows = q(store, "unanswered-demands")
    assert table(rows, "group", "tier", "demand") == [
        ("employees", "must", "demand-employees-must"),
        ("shareholders", "may", "demand-shareholders-may")]
    assert labels(zh, rows, "demand") == {"合理、健全的员工保障体系",
                                          "面对面、多种互动形式的投资者沟通活动"}


def test_programs_per_stakeholder(store):
    """The curator's reading: users are served by the most programs, shareholders by six."""
    rows = q(store, "programs-per-stakeholder")
    assert table(rows, "group", "programs", "answeringPrograms") == [
        ("users", 137, 63), ("communities", 90, 81), ("government", 63, 58),
        ("charities", 42, 43), ("business-partners", 35, 27), ("employees", 18, 15),
        ("shareholders", 6, 5)]


def test_programs_for_employees(store):
    """1.1-1.4 (pp. 23-32): the employee programs; 开源协同 (3.1) and the star awards answer the
    应尽 demand of care and training; 创变衫 serves employees without answering a demand."""
    rows = q(store, "programs-for-stakeholder", group="stakeholder:employees")
    assert len(ids(rows, "program")) == 18
    assert ("open-source-collaboration", "demand-employees-should") in {
        (local(r["program"]), local(r.get("demand", ""))) for r in rows}
    assert next(r for r in rows if local(r["program"]) == "change-shirt").get("demand") is None
    government = q(store, "programs-for-stakeholder")
    assert len(ids(government, "program")) == 63
    assert ("digital-guangdong", "demand-government-may", "may") in table(
        government, "program", "demand", "tier")
