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
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.library import QUERY_DIR, catalog, parse_header
from kg.namespaces import CSR, ID, RDF, RDFS, SKOS
from kg.query import run_canned
from kg.sparql import parse

# ---------------------------------------------------------------- helpers


def q(store, name: str, **params):
    """Run one canned query as ``kg query --name`` would (parameters as typed text), in this
    process (the parity test below runs every query through the time limit's child process)."""
    return run_canned(store, name, timeout=None, **params)


def local(term) -> str:
    """The last segment of an IRI: ``id/org/gac-group`` -> ``gac-group``."""
    return str(term).rstrip("/").rsplit("/", 1)[-1]


def ids(rows, var: str) -> set[str]:
    return {local(r[var]) for r in rows if var in r}


def table(rows, *names: str) -> list[tuple]:
    """Rows as tuples: IRIs by their last segment, numbers as Decimal, other literals as str,
    unbound as None."""
    out = []
    for r in rows:
        cells = []
        for n in names:
            v = r.get(n)
            if v is None:
                cells.append(None)
            elif isinstance(v, URIRef):
                cells.append(local(v))
            elif v.datatype is not None and str(v.datatype).endswith(("decimal", "integer")):
                cells.append(Decimal(str(v)))
            else:
                cells.append(str(v))
        out.append(tuple(cells))
    return out


@pytest.fixture(scope="module")
def zh(store):
    """IRI -> Chinese label, for every labelled node of the graph."""
    rows = store.select("SELECT ?x ?l WHERE { ?x rdfs:label ?l FILTER(LANG(?l) = 'zh') }")
    return {str(r["x"]): str(r["l"]) for r in rows}


def labels(zh, rows, var: str) -> set[str]:
    return {zh[str(r[var])] for r in rows if var in r}


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
    source = Path(__file__).read_text(encoding="utf-8")
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
    assert len(q(store, "most-connected-partners")) == 13


def test_programs_without_a_named_partner(store):
    """Of 242 programs (全民爱公益 is one, no longer two), 176 have no outside partner
    (Tencent's own programs and people do not count as outside). Among the funds:
    the 15亿 anti-epidemic fund and its 3亿 first phase (腾讯式战疫, p. 15), run by
    the Tencent Foundation, and the organisation growth fund (3.3, p. 71);
    the global fund has the UN and the WHO."""
    everything = q(store, "programs-without-partners")
    assert len(ids(everything, "program")) == 176  # one of them with two runners
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
    """Tencent's own side most often supplies technology (34 partnerships) or takes part
    (27); outside partners are most often plain partners (28, after the two read only from the
    光明 data centre's name were dropped)."""
    rows = q(store, "partner-roles")
    top = table(rows, "role", "reporterSide", "partnerships")[:3]
    assert top == [("technology-provider", "true", 34), ("partner", "false", 28),
                   ("participant", "true", 27)]
    assert sum(int(r["partnerships"]) for r in rows) == 305
    outside = q(store, "partner-roles", reporterSide="false")
    assert {str(r["reporterSide"]) for r in outside} == {"false"}
    assert sum(int(r["partnerships"]) for r in outside) == 148


# ---------------------------------------------------------------- the curator's reading


def test_programs_per_dimension(store):
    """The curator's reading of the 五位一体 dimensions (责任观, pp. 7-9): 社会建设 leads."""
    rows = q(store, "programs-per-dimension")
    assert table(rows, "dimension", "programs") == [
        ("society", 134), ("culture", 77), ("politics-livelihood", 56), ("economy", 48),
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
    assert len(culture) == 77 and "digital-forbidden-city" in ids(culture, "program")


def test_programs_per_reading(store):
    """The report names three roles, two drivers and four objects (责任观, p. 7); the curator
    has read roles and a driver into one program only (the charity platform) and objects into
    none, so the framework is mostly unread."""
    rows = q(store, "programs-per-reading")
    assert table(rows, "reading", "concept", "programs") == [
        ("ontology#dimension", "society", 134), ("ontology#dimension", "culture", 77),
        ("ontology#dimension", "politics-livelihood", 56), ("ontology#dimension", "economy", 48),
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
        ("users", 135, 63), ("communities", 90, 81), ("government", 60, 58),
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
    assert len(ids(government, "program")) == 60
    assert ("digital-guangdong", "demand-government-may", "may") in table(
        government, "program", "demand", "tier")


# ---------------------------------------------------------------- figures


def test_figures_about_weicun(store):
    """腾讯式扶贫, p. 11: on 2020-02-29, 15176 villages or communities in 29 provinces, 215
    cities, 845 districts and counties and 2395 townships, more than 2.51 million verified
    villagers. 陈一丹's message, p. 5: 15,000 villages and more than 2.5 million villagers at
    the end of 2019. 马化腾's message, p. 1: more than 15,000 villages, undated. Its parts
    come too: 邛崃's 全域为村 opened 169 government services (2.3, p. 45)."""
    rows = q(store, "figures-about")  # default: 腾讯为村
    parts = [r for r in rows if "via" in r]
    assert ("s23-qionglai-gov-services", 169, "item", "qionglai-all-area-weicun") in table(
        parts, "observation", "value", "unit", "via")
    assert ids(parts, "via") == {"qionglai-all-area-weicun", "second-weicun-conference"}
    rows = [r for r in rows if "via" not in r]
    got = table(rows, "observation", "value", "unit", "qualifier", "asOf", "startPage")
    assert ("obs-poverty-weicun-villages", 15176, "village", None, "2020-02-29", 11) in got
    assert ("obs-poverty-weicun-villagers", 2510000, "person", "more-than", "2020-02-29",
            11) in got
    assert ("obs-weicun-villages-2019", 15000, "village", None, "2019-12-31", 5) in got
    assert ("obs-weicun-villages-ma", 15000, "village", "more-than", None, 1) in got
    at_end_of_february = {(v, u) for (_, v, u, _, a, _) in got if a == "2020-02-29"}
    assert at_end_of_february == {(15176, "village"), (29, "province"), (215, "city"),
                                  (845, "county"), (2395, "count"), (2510000, "person")}
    assert len(rows) == 13
    dates = [r.get("asOf") for r in rows]
    assert [str(d) for d in dates[:3]] == ["2019-12-31"] * 3  # oldest first, undated last
    assert all(r["measure"].language == "zh" for r in rows)


def test_figures_about_99_giving_day_in_english(store):
    """2019's 99 Giving Day: 17.83亿元 from the public and 24.9亿元 raised in all (3.3, p. 71),
    more than 46 million donations (p. 11) against more than 48 million (pp. 5, 71)."""
    rows = q(store, "figures-about", entity="program:99-giving-day", lang="en")
    assert {r["measure"].language for r in rows} == {"en"}
    # 出村记, part of 99公益日, helped raise more than 10 million yuan (腾讯式扶贫, p. 11)
    assert ("chu-cun-ji", Decimal(10000000), "CNY", "more-than") in table(
        rows, "via", "value", "unit", "qualifier")
    rows = [r for r in rows if "via" not in r]
    person_times = {(Decimal(str(r["value"])), int(r["startPage"])) for r in rows
                    if local(r["unit"]) == "person-time"}
    assert person_times == {(Decimal(46000000), 11), (Decimal(48000000), 5),
                            (Decimal(48000000), 71)}
    yuan = {Decimal(str(r["value"])) for r in rows if local(r["unit"]) == "CNY"}
    assert yuan == {Decimal(1783000000), Decimal(2490000000), Decimal(307000000),
                    Decimal(399990000)}


def test_figure_conflicts(store):
    """The report's own contradictions (CURATION.md): 99公益日 2019 46M (p. 11) against 48M
    (pp. 5, 71) donations; the charity platform at end-2019 with 1万多家 against 近万家 charities,
    7万+ against 6万多 projects, 3亿+ against 3.04亿+ donations, 约92% against 超过90% for poverty
    (pp. 11, 71); WeChat's Q1 2020 monthly actives 12.03亿 (p. 3) against 超过12亿 (2.2)."""
    rows = q(store, "figure-conflicts")
    assert table(rows, "entity", "unit", "value", "qualifier", "otherValue",
                 "otherQualifier") == [
        ("99-giving-day", "person-time", 48000000, "more-than", 46000000, "more-than"),
        ("99-giving-day", "person-time", 48000000, "more-than", 46000000, "more-than"),
        ("tencent-charity-platform", "organization", 10000, "nearly", 10000, "more-than"),
        ("tencent-charity-platform", "percent", 90, "more-than", 92, "approx"),
        ("tencent-charity-platform", "person-time", 304000000, "more-than", 300000000,
         "more-than"),
        ("tencent-charity-platform", "project", 60000, "more-than", 70000, "more-than"),
        ("wechat", "account", 1203000000, None, 1200000000, "more-than"),
    ]
    assert {str(r["when"]) for r in rows} == {"2019-09/2019-09", "2019-12-31",
                                              "2020-01/2020-03"}
    # Looser: the platform's 76亿 from users against 100亿 with matching funds, and the 2019
    # 99 Giving Day's money figures, are different measures that only a loose bound lets in.
    loose = q(store, "figure-conflicts", closeness="0.7")
    assert len(loose) > len(rows)
    assert ("tencent-charity-platform", "CNY") in {(local(r["entity"]), local(r["unit"]))
                                                    for r in loose}


def test_money_figures(store, zh):
    """The largest sums: mini programs' 8000亿元 of transactions in 2019 (2.3, p. 45), the
    守护者计划's 271亿 of fraud cases (2.4, p. 57), 100亿 into charity projects (3.3, p. 71);
    in dollars, the 1亿美元 global anti-epidemic fund (腾讯式战疫, p. 15; 马化腾, p. 1)."""
    rows = q(store, "money-figures")
    assert table(rows, "unit", "value", "entity", "firstPage")[:3] == [
        ("CNY", 800000000000, "mini-programs", 45), ("CNY", 27100000000, "guardian-program", 57),
        ("CNY", 10000000000, "tencent-charity-platform", 71)]
    assert Counter(local(r["unit"]) for r in rows) == Counter({"CNY": 35, "USD": 2})
    values = [Decimal(str(r["value"])) for r in rows if local(r["unit"]) == "CNY"]
    assert values == sorted(values, reverse=True)
    assert values[-1] == Decimal("9.9")  # 创变衫: 9.9元 per shirt (1.4, p. 29)
    dollars = q(store, "money-figures", unit="unit:USD", lang="en")
    assert table(dollars, "entity", "value", "asOf", "firstPage") == [
        ("global-epidemic-fund", 100000000, "2020-03-24", 15),
        ("global-epidemic-fund", 100000000, None, 1)]
    assert {r["measure"].language for r in dollars} == {"en"}


# ---------------------------------------------------------------- time and lineage


def test_program_timeline(store):
    """The report's dated programs, from the first CSR report and the Wenchuan donation
    channel (2008, 腾讯式扶贫 p. 11) to the 1亿美元 global fund of 24 March 2020 (p. 15)."""
    rows = q(store, "program-timeline")
    assert len(rows) == 43
    got = table(rows, "year", "started", "program")
    assert got[:3] == [("2008", "2008", "tencent-csr-report"),
                       ("2008", "2008-05", "wenchuan-online-donation-channel"),
                       ("2009", "2009", "rural-dream")]
    assert got[-3:] == [("2020", "2020-01-23", "epidemic-fundraising-topic"),
                        ("2020", "2020-01-24", "epidemic-fund-phase-1"),
                        ("2020", "2020-03-24", "global-epidemic-fund")]
    assert ("2015", "2015", "weicun") in got and ("2015", "2015", "99-giving-day") in got
    assert Counter(y for y, _, _ in got)["2019"] == 27
    assert table([r for r in rows if "ended" in r], "program", "ended") == [
        ("chu-cun-ji", "2019-09")]


def test_program_lineage(store):
    """筑梦新乡村 (2009) became 腾讯为村 in 2015 (腾讯式扶贫, p. 11); the Wenchuan donation
    channel of 2008 was the seed of the charity platform (p. 11); the 2016 cooperation led to
    数字故宫 (3.2, p. 67)."""
    rows = q(store, "program-lineage")
    assert table(rows, "program", "forerunner", "generations") == [
        ("digital-forbidden-city", "palace-museum-new-culture-cooperation", 1),
        ("dream-chasing-plan", "functional-games", 1),
        ("tencent-charity-platform", "wenchuan-online-donation-channel", 1),
        ("tencent-science-week", "we-summit", 1),
        ("weicun", "rural-dream", 1)]
    weicun = q(store, "program-lineage", program="program:weicun")
    assert table(weicun, "forerunner", "programStarted", "forerunnerStarted") == [
        ("rural-dream", "2015", "2009")]
    assert ids(q(store, "program-lineage", forerunner="program:rural-dream"),
               "program") == {"weicun"}


def test_program_parts(store, zh):
    """The charity platform's campaigns and tools (一起捐, 腾讯式扶贫 p. 11; 月捐 and 运动捐步,
    3.3 p. 71) and, under the 抗疫筹款专题 of 1月23日 (腾讯式战疫, p. 15), the 战疫天使守护计划
    and its Shanghai and Jiangsu editions. 集小红花 and 爱心接龙 are only named in 陈一丹's
    message (p. 5), which never puts them on the platform, so they are no parts of it."""
    rows = q(store, "program-parts")  # default: the charity platform
    assert len(rows) == 11
    direct = {zh[str(r["part"])] for r in rows if local(r["parent"]) == "tencent-charity-platform"}
    assert {"一起捐", "月捐", "运动捐步", "抗疫筹款专题", "拒食野味承诺"} <= direct
    assert not {"集小红花", "爱心接龙"} & direct
    assert {local(r["part"]) for r in rows if local(r["parent"]) == "epidemic-fundraising-topic"
            } == {"epidemic-angel-guardian-plan", "jiangsu-epidemic-angel-guardian-plan",
                  "shanghai-epidemic-angel-guardian-plan"}
    seventy = q(store, "program-parts", program="program:prc-70th-positive-energy-campaign")
    assert ids(seventy, "part") == {"era-melody-series", "feiyue-shenzhou-track",
                                    "happy-long-street-70-years", "home-story-game",
                                    "jia-guo-meng", "my-motherland-animated-scroll",
                                    "national-day-lanterns"}


def test_events_timeline(store, zh):
    """Tencent's founding (Shenzhen, November 1998) opens the timeline; Ruqi Mobility went live
    in June 2019 (2.3, p. 45); the UN partnership was announced on 2020-03-31 (p. 15)."""
    rows = q(store, "events-timeline")
    assert len(rows) == 62
    assert table(rows, "date", "event", "place")[0] == ("1998-11", "tencent-founding", "shenzhen")
    launches = q(store, "events-timeline", kind="csrs:event-kind/launch")
    assert table(launches, "date", "event") == [
        ("2006", "tencent-volunteers-association-founding"),
        ("2007", "tencent-academy-founding"),
        ("2019-01", "tencent-technical-committee-founding"),
        ("2019-06", "open-source-office-founding"),
        ("2019-06", "ruqi-mobility-launch"),
        ("2019-11-11", "tencent-culture-upgrade-2019"),
        ("2019-12", "wecare-first-batch-launch"),
        ("2020-03-31", "un-tencent-partnership-announcement"),
        (None, "visually-impaired-developer-plan-launch")]
    assert zh[str(launches.rows[4]["event"])] == "如祺出行正式上线"
    eighty_eight = [r for r in rows if local(r["event"]) == "wechat-pay-88-smart-living-day-2019"]
    assert table(eighty_eight, "start", "end") == [("2019-08-01", "2019-08-08")]


# ---------------------------------------------------------------- places, units, people


def test_programs_in_guangdong_and_sichuan(store):
    """Guangdong takes in 丰桐村 in 阳江 (为村, 2.3, p. 45). In Sichuan, 邛崃 has 全域为村 and its
    微党校 (2.3); 为村 comes up for 邛崃 of its own and again through three of its parts, and
    for 陶坝村, where its second national conference was held (2.3, p. 45)."""
    rows = q(store, "programs-in-place")  # default: 广东
    assert table(rows, "program", "where", "via") == [
        ("digital-guangdong", "guangdong", None),
        ("lets-hunt-monsters-regional-monsters", "guangdong", None),
        ("weicun", "fengtong-village", None)]
    sichuan = q(store, "programs-in-place", place="place:sichuan")
    assert table(sichuan, "program", "where", "via") == [
        ("qionglai-all-area-weicun", "qionglai", None),
        ("qionglai-all-area-weicun", "qionglai", "qionglai-micro-party-school"),
        ("qionglai-micro-party-school", "qionglai", None),
        ("weicun", "qionglai", None),
        ("weicun", "qionglai", "qionglai-farmland-internet-conference-2019"),
        ("weicun", "qionglai", "qionglai-all-area-weicun"),
        ("weicun", "qionglai", "qionglai-micro-party-school"),
        ("weicun", "taoba-village", "second-weicun-conference")]


def test_programs_run_by_tencent_units(store):
    """QQ runs the 故宫 QQ stickers (3.2), QQ's accessibility work and 微光行动 (2.2), and
    QQ全城助力 (3.3, one of the seven winners of the first CSR award, p. 7)."""
    qq = q(store, "programs-run-by-units", unit="tencent:qq")
    assert ids(qq, "program") == {"palace-qq-stickers", "qq-accessibility", "qq-city-help",
                                  "qq-weiguang-action"}
    rows = q(store, "programs-run-by-units")
    assert len(rows) == 112
    assert Counter(local(r["unit"]) for r in rows).most_common(2) == [("tencent", 71),
                                                                      ("tencent-news", 6)]
    assert "tencent-foundation" not in ids(rows, "unit")  # an outside foundation, not a unit


def test_organizations_by_kind(store, zh):
    """The international organizations the report names: the UN, UNICEF, the WHO, UN-Habitat,
    ITU-T, BRICS, ISO and GRI (GRI and ISO only as authors of guidelines, 附录01 and 责任之道)."""
    rows = q(store, "organizations-by-kind")
    assert len(rows) == 107
    assert Counter(local(r["kind"]) for r in rows) == Counter({
        "company": 23, "government": 17, "academic": 15, "association": 12, "other": 12,
        "foundation": 9, "media": 9, "international": 8, "ngo": 2})
    intl = q(store, "organizations-by-kind", kind="csrs:organization-kind/international")
    assert table(intl, "organization", "partnerOn") == [
        ("brics", 1), ("gri", 0), ("iso", 0), ("itu-t", 1), ("un", 4), ("un-habitat", 1),
        ("unicef", 4), ("who", 4)]
    assert zh[str(intl.rows[4]["organization"])] == "联合国"


def test_quoted_people_and_roles(store, zh):
    """The people the report quotes: 马化腾 (腾讯公司董事会主席兼首席执行官, p. 1), 刘炽平
    (腾讯公司总裁, p. 3), 陈一丹 (p. 5), 陈春花 (1.1), 任宇昕 (首席运营官, 2.2), 屠呦呦 and 杨振宁
    (3.1), 网大为 (首席探索官, 3.4)..."""
    rows = q(store, "quoted-people")
    assert ids(rows, "person") == {
        "chen-chunhua", "chen-yidan", "david-wallerstein", "dowson-tong", "guo-kaitian",
        "lu-shan", "ma-huateng", "martin-lau", "ren-yuxin", "tu-youyou", "yang-zhenning",
        "zhang-xiaolong"}
    roles = {(local(r["person"]), str(r["role"])) for r in rows}
    assert ("ma-huateng", "腾讯公司董事会主席兼首席执行官") in roles
    assert ("martin-lau", "腾讯公司总裁") in roles
    assert ("ren-yuxin", "腾讯公司首席运营官") in roles
    assert ("chen-chunhua", "北京大学国家发展研究院教授") in roles
    assert ("yang-zhenning", "科学探索奖发起人") in roles
    english = q(store, "quoted-people", lang="en")
    assert {r["role"].language for r in english if "role" in r} == {"en"}
    named_only = q(store, "quoted-people", quoted="false")
    assert "qiu-zeqi" in ids(named_only, "person")  # 邱泽奇 is reported, not quoted
    assert ids(named_only, "person") & ids(rows, "person") == set()
    assert len(ids(named_only, "person")) + len(ids(rows, "person")) == 40


def test_people_of_tencent(store):
    """Tencent's executives and the report's own team (附录03): 24 people, 9 of them quoted."""
    rows = q(store, "people-of-organization")  # default: Tencent
    assert len(rows) == 24
    assert {local(r["person"]) for r in rows if r["quoted"].toPython()} == {
        "chen-yidan", "david-wallerstein", "dowson-tong", "guo-kaitian", "lu-shan",
        "ma-huateng", "martin-lau", "ren-yuxin", "zhang-xiaolong"}
    assert "deng-jiangbo" in ids(rows, "person")  # 本报告主编
    # 陈一丹, the foundation's founder and honorary chairman (p. 5); 郭凯天, its chairman (3.3)
    foundation = q(store, "people-of-organization", organization="organization:tencent-foundation")
    assert table(foundation, "person", "quoted") == [("chen-yidan", "true"),
                                                     ("guo-kaitian", "true")]
    # 3.4, p. 77: UN-Habitat's Maimunah Mohd Sharif and Victor Kisob, named, not quoted
    habitat = q(store, "people-of-organization", organization="organization:un-habitat")
    assert table(habitat, "person", "quoted") == [("maimunah-mohd-sharif", "false"),
                                                  ("victor-kisob", "false")]


def test_people_in_report(store, zh):
    """The three opening messages (pp. 1, 3, 5); the people whose words the report prints; and
    its staff list (附录03, p. 85): 郭凯天 guides, 邓江波 is editor-in-chief."""
    rows = q(store, "people-in-report")
    got = table(rows, "person", "role", "section", "startPage", "teamPart")
    assert got[:3] == [("ma-huateng", "ontology#messageIn", "msg-ma-huateng", 1, None),
                       ("martin-lau", "ontology#messageIn", "msg-martin-lau", 3, None),
                       ("chen-yidan", "ontology#messageIn", "msg-chen-yidan", 5, None)]
    assert ("chen-chunhua", "ontology#quotedIn", "s1-1", 23, None) in got
    assert ("dowson-tong", "ontology#quotedIn", "s2-4", 57, None) in got
    assert ("guo-kaitian", "ontology#quotedIn", "s3-3", 71, None) in got
    assert ("guo-kaitian", "ontology#reportTeamIn", "reader-feedback", 85, "本报告指导") in got
    assert ("deng-jiangbo", "ontology#reportTeamIn", "reader-feedback", 85, "本报告主编") in got
    assert len(rows) == 30
    team = q(store, "people-in-report", kind="csr:reportTeamIn")
    assert len(team) == 14 + 1  # 14 staff plus 郭凯天, who guides
    assert {zh[str(r["person"])] for r in team if str(r["teamPart"]) == "本报告监制"} == {
        "翟红新", "葛燄", "肖黎明", "陈发奋"}
    quoted = q(store, "people-in-report", kind="csr:quotedIn")
    assert ids(quoted, "person") == ids(q(store, "quoted-people"), "person") - {"chen-yidan"}


def test_awards(store, zh):
    """责任之道, p. 7: the first Tencent CSR award to seven projects, the CSR Leading Index
    (NO.1, May 2020) and the CSR Top 500 (NO.7 of 2451, January 2020); 3.4, p. 77: the
    Guangming data centre rated 5A green on 2019-09-03."""
    rows = q(store, "awards")
    assert len(rows) == 26 and len(ids(rows, "award")) == 20
    first = [r for r in rows if local(r["award"]) == "tencent-csr-award-2019"]
    assert labels(zh, first, "recipient") == {
        "99公益日", "腾讯为村", "AI手语项目", "守护者计划", "腾讯长城保护与传播专项", "科学探索奖",
        "QQ全城助力项目"}
    got = table(rows, "award", "conferredBy", "recipient", "date", "rank")
    assert ("csr-leading-index-2020-rank", "people-daily-brand-institute", "tencent",
            "2020-05", 1) in got
    assert ("china-csr-top-500-2019-rank", "china-enterprise-evaluation-association", "tencent",
            "2020-01", 7) in got
    assert ("guangming-dc-green-5a-2019", None, "guangming-data-center-phase-2", "2019-09-03",
            None) in got
    assert ("xplorer-prize-2019", "tencent", None, "2019", None) in got  # winners not named
    assert got[-1][0] == "csr-leading-index-2020-rank"  # the latest, May 2020


# ---------------------------------------------------------------- the report itself


def test_rating(store, zh):
    """第三方点评, p. 81: five stars overall, issued on 2020-05-22 by the rating expert
    committee; three stars for comparability (可比性 ★★★), five on every other criterion;
    completeness: 81.23% of the industry's core indicators."""
    rows = q(store, "rating")
    assert table(rows, "criterion", "stars") == [
        ("overall", 5), ("process", 5), ("materiality", 5), ("completeness", 5), ("balance", 5),
        ("comparability", 3), ("readability", 5), ("innovation", 5)]
    assert {str(r["date"]) for r in rows} == {"2020-05-22"}
    assert labels(zh, rows, "ratedBy") == {"中国企业社会责任报告评级专家委员会"}
    assert "summary" not in rows.rows[0]
    english = q(store, "rating", lang="en")
    assert "81.23%" in str(english.rows[3]["summary"])
    assert {r["summary"].language for r in english if "summary" in r} == {"en"}


def test_indicator_index(store):
    """附录02, p. 84: 21 rows, 121 codes, 88 distinct; 腾讯式战疫 is on p. 17 in the index but
    p. 15 in the 目录; 2.4 discloses G5.3, M3.4 and M3.6 (p. 57)."""
    rows = q(store, "indicator-index")
    assert len(rows) == 121 and len(ids(rows, "indicator")) == 88
    pages = {(local(r["section"]), int(r["indexPage"]), int(r["tocPage"])) for r in rows}
    assert len(pages) == 21
    assert [p for p in pages if p[1] != p[2]] == [("focus-epidemic", 17, 15)]
    assert {str(r["code"]) for r in rows if local(r["section"]) == "s2-4"} == {
        "G5.3", "M3.4", "M3.6"}
    assert table(rows, "section", "code")[0] == ("messages", "P2.1")
    m27 = q(store, "indicator-index",
            indicator="<https://w3id.org/csr-kg/id/indicator/cass-csr-4/M2.7>")
    assert ids(m27, "section") == {"focus-epidemic", "s1-4", "s2-1", "s2-2", "s2-3", "s3-1",
                                   "s3-2", "s3-3"}


def test_report_structure(store):
    """目录: 30 parts and sections from 高管致辞 (p. 1) to 读者意见反馈 (p. 85); 腾讯式战疫 runs
    pp. 15-22 inside 特别聚焦; chapter 2 runs pp. 33-62."""
    rows = q(store, "report-structure")
    got = table(rows, "section", "part", "startPage", "endPage")
    assert len(got) == 53  # 30 sections and 23 sub-sections of the two focus sections
    assert got[0] == ("messages", None, 1, 6) and got[-1] == ("reader-feedback", "appendix", 85, 85)
    assert ("focus-epidemic", "special-focus", 15, 22) in got
    assert ("ch2", None, 33, 62) in got
    facts = {local(r["section"]): int(r["facts"]) for r in rows}
    assert facts["ch2"] == 0  # facts are sourced to sections, never to a whole chapter
    # 7 groups, 21 demands, Tencent, the Tencent Foundation and 7 units (HR, OHS committee...)
    assert facts["stakeholder-overview"] == 37
    assert max(facts, key=facts.get) == "s2-3"
    assert facts["s2-3"] == len(q(store, "section-contents"))  # see below


def test_section_contents(store, zh):
    """2.3 一起创造智慧生活 (pp. 45-56) names 如祺出行 and its builders; the 第三方点评 section
    (p. 81) holds the rating, its seven criteria and the two standards it rests on."""
    rows = q(store, "section-contents")  # default: 2.3
    got = {(local(r["type"]), local(r["thing"])) for r in rows}
    assert {("ontology#Company", "ruqi-mobility"), ("ontology#Company", "gac-group"),
            ("ontology#Event", "ruqi-mobility-launch"),
            ("ontology#Program", "weicun")} <= got
    assert {local(r["sourcedIn"]) for r in rows} == {"s2-3"}
    review = q(store, "section-contents", section="id:section/tencent-csr-2019/third-party-review")
    assert Counter(local(r["type"]) for r in review)["ontology#CriterionRating"] == 7
    assert labels(zh, [r for r in review if local(r["type"]) == "ontology#Standard"],
                  "thing") == {"中国企业社会责任报告指南（CASS-CSR 4.0）",
                               "中国企业社会责任报告评级标准（2020）"}
    chapter3 = q(store, "section-contents", section="id:section/tencent-csr-2019/ch3",
                 type="csr:Program")
    assert {local(r["sourcedIn"]) for r in chapter3} == {"s3-1", "s3-2", "s3-3", "s3-4"}
    assert {local(r["type"]) for r in chapter3} == {"ontology#Program"}
    assert {"xplorer-prize", "digital-forbidden-city", "99-giving-day",
            "ocean-plastic-reduction"} <= ids(chapter3, "thing")
    assert "hundred-million-saxaul" not in ids(chapter3, "thing")  # 腾讯式扶贫 only, p. 11


def test_sources_of_entities(store):
    """腾讯为村 is spoken of in 马化腾's (p. 1) and 陈一丹's (p. 5) messages, 责任之道 (p. 7),
    腾讯式扶贫 (p. 11) and 2.3 (p. 45); the Palace Museum in 刘炽平's message (p. 3) and 3.2
    (p. 67)."""
    rows = q(store, "sources-of-entity")  # default: 腾讯为村
    assert sorted({(local(r["section"]), int(r["startPage"])) for r in rows},
                  key=lambda x: (x[1], x[0])) == [
        ("msg-ma-huateng", 1), ("msg-chen-yidan", 5), ("csr-approach", 7), ("focus-poverty", 11),
        ("focus-poverty-endogenous", 11), ("focus-poverty-weicun-talent", 11), ("s2-3", 45)]
    own = {local(r["section"]) for r in rows if local(r["statement"]) == "weicun"}
    assert own == {"msg-ma-huateng", "msg-chen-yidan", "csr-approach", "focus-poverty", "s2-3"}
    assert ("obs-poverty-weicun-villages", "focus-poverty-endogenous") in {
        (local(r["statement"]), local(r["section"])) for r in rows}
    paths = {local(r["section"]): str(r["path"]) for r in rows}
    assert paths["focus-poverty-endogenous"] == "腾讯式扶贫 › 激发乡村的内生发展动力"
    assert paths["s2-3"] == "2.3 一起创造智慧生活"
    palace = q(store, "sources-of-entity", entity="organization:palace-museum")
    assert {(local(r["section"]), int(r["startPage"]), int(r["endPage"])) for r in palace} == {
        ("msg-martin-lau", 3, 4), ("s3-2", 67, 70)}
    assert len(palace) == 7  # the museum itself twice and its five partnerships


def test_program_card(store):
    """腾讯为村 as a graph: its labels, its forerunner 筑梦新乡村, its partners (邱泽奇, p. 11) and
    its figures (15176 villages, p. 11), without the search-only pinyin labels."""
    graph = q(store, "program-card")  # default: 腾讯为村
    weicun = ID["program/weicun"]
    assert (weicun, RDFS.label, Literal("腾讯为村", lang="zh")) in graph
    assert (weicun, CSR.grewOutOf, ID["program/rural-dream"]) in graph
    assert not list(graph.triples((None, SKOS.hiddenLabel, None)))
    villages = ID["observation/tencent-csr-2019/obs-poverty-weicun-villages"]
    assert {Decimal(str(v)) for v in graph.objects(villages, RDF.value)} == {Decimal(15176)}
    partners = {local(p) for p in graph.objects(None, CSR.partner)}
    assert partners == {"qiu-zeqi", "yang-ting", "official-accounts"}
    assert len(set(graph.subjects(CSR.observedEntity, weicun))) == 12
