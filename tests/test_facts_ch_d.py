"""Facts added from chapter 3 (3.1-3.4): each family with its exact answer and its finest
source sub-section, on the real data (/tmp/facts/d/tencent-csr-2019)."""

from __future__ import annotations

import pytest


def _sources(store, iri: str) -> set[str]:
    rows = store.select(f"SELECT ?sec WHERE {{ {iri} dcterms:source/skos:notation ?sec }}")
    return {str(r["sec"]) for r in rows}


def _zh(store, iri: str) -> str:
    rows = store.select(f"SELECT ?l WHERE {{ {iri} rdfs:label ?l FILTER(LANG(?l) = 'zh') }}")
    return str(list(rows)[0]["l"])


# ---- an edit: a missing date

def test_science_week_2019_date(store):
    """2019年10月21日 … 升级成为“腾讯科学周” (3.1, 引领基础和前沿科技创新)."""
    rows = store.select("SELECT ?d WHERE { event:science-week-2019 dcterms:date ?d }")
    assert {str(r["d"]) for r in rows} == {"2019-10-21"}
    assert "s3-1-frontier" in _sources(store, "event:science-week-2019")


# ---- programs: tech talent (3.1)

def test_tech_talent_programs(store):
    """腾讯自2016年起 … 在全球范围猎聘科技人才，持续完善科技人才服务体系."""
    rows = store.select("""SELECT ?zh ?start WHERE { ?p csr:runBy tencent:tencent ;
        rdfs:label ?zh ; dcterms:source/skos:notation "s3-1-frontier" .
        OPTIONAL { ?p csr:startDate ?start } FILTER(LANG(?zh) = "zh")
        VALUES ?p { program:global-tech-talent-recruitment
                    program:tech-talent-service-system } }""")
    got = {(str(r["zh"]), str(r["start"]) if r.get("start") is not None else None) for r in rows}
    assert got == {("全球猎聘科技人才", "2016"), ("科技人才服务体系", None)}


# ---- Tencent units and systems (3.1)

def test_adaptive_security_system(store):
    """以腾讯安全大脑为核心，腾讯构建了一套自适应的闭环安全防护体系."""
    rows = store.select("""SELECT ?zh WHERE { tencent:tencent-security-brain
        dcterms:isPartOf ?x . ?x rdfs:label ?zh FILTER(LANG(?zh) = "zh") }""")
    assert {str(r["zh"]) for r in rows} == {"自适应的闭环安全防护体系"}
    assert _sources(store, "tencent:adaptive-security-system") == {"s3-1-frontier"}


def test_unified_code_base(store):
    """所有技术开发团队开放代码，在公司内部形成统一代码库 (对外开源近百个项目)."""
    assert _zh(store, "tencent:unified-code-base") == "统一代码库"
    assert _sources(store, "tencent:unified-code-base") == {"s3-1-open-source-projects"}


# ---- programs: the platform's giving formats (3.3)

def test_giving_formats_on_charity_platform(store):
    """单次捐、月捐、一对一、为TA祈福、家庭基金, 配捐, 一起捐, 运动捐步, 公益小游戏, 透明度提示."""
    rows = store.select("""SELECT ?zh WHERE { ?p dcterms:isPartOf program:tencent-charity-platform ;
        dcterms:source/skos:notation "s3-3-charity-culture" ;
        rdfs:label ?zh FILTER(LANG(?zh) = "zh") }""")
    assert {str(r["zh"]) for r in rows} == {
        "单次捐", "月捐", "一对一", "为TA祈福", "家庭基金", "配捐", "一起捐", "运动捐步",
        "公益小游戏", "透明度提示"}


# ---- a place (3.2)

def test_place_dunhuang(store):
    """以长城、故宫和敦煌等为代表的传统文化: 敦煌 is a site, nested in nothing."""
    rows = store.select("""SELECT ?k ?w WHERE { place:dunhuang csr:kind/skos:notation ?k .
        OPTIONAL { place:dunhuang csr:within ?w } }""")
    assert [(str(r["k"]), r.get("w")) for r in rows] == [("site", None)]
    assert _sources(store, "place:dunhuang") == {"s3-2-heritage"}


# ---- standards (3.3, 3.4)

@pytest.mark.parametrize("ident, zh, section", [
    ("charity-law", "《慈善法》", "s3-3-charity-culture"),
    ("dc-green-grade-assessment", "数据中心绿色等级评估", "s3-4-green-data-centers"),
])
def test_standards(store, ident, zh, section):
    iri = f"standard:{ident}"
    rows = store.select(f"SELECT ?t WHERE {{ {iri} a ?t }}")
    assert "https://w3id.org/csr-kg/ontology#Standard" in {str(r["t"]) for r in rows}
    assert _zh(store, iri) == zh
    assert _sources(store, iri) == {section}


# ---- frameworks the report draws in chapter 3

FRAMEWORKS = {
    "youth-science-growth-environment": (
        "s3-1-young-scientists", {"program:youth-science-popularization-plan"},
        {"了解科学知识", "培养科学信念", "参与科学实践"}),
    "youth-science-three-small": (
        "s3-1-young-scientists", {"program:youth-science-conference"},
        {"面向小观众", "聚焦小目标", "关注小问题"}),
    "culture-protection-chain": (
        "s3-2-heritage", {"program:digital-culture-protection-platform"},
        {"文化保护及还原", "文化连接及体验", "文化活化及传承"}),
    "culture-export-fields": ("s3-2-world", set(),
                              {"音乐", "动漫", "文学", "影视", "游戏", "电竞"}),
    "digital-palace-approach": (
        "s3-2-case-digital-palace", {"program:digital-forbidden-city"}, {"数字化", "云化", "AI化"}),
    "co-creation-three-supports": (
        "s3-3-charity-culture", {"program:partner-co-creation-plan"},
        {"资源投入", "内部能力开放", "外部能力撬动"}),
    "tmdc-green-core": (
        "s3-4-green-data-centers", {"tencent:tmdc"},
        {"电力系统设计：HVDC及市电直供", "制冷模块创新：列间空调+精确控制"}),
    "national-park-three-proposals": (
        "s3-4-national-parks", {"program:national-park-proposal"},
        {"政策层面", "研究层面", "技术层面"}),
    "wildlife-three-dimensions": (
        "s3-4-wildlife", {"program:wildlife-protection"}, {"理念宣导", "全民监督", "交易监测"}),
    "ai-for-few-challenges": ("s3-4-ai-for-few", {"program:ai-for-few"},
                              {"食物", "能源", "水资源"}),
}

PREFIXES = {"https://w3id.org/csr-kg/id/program/": "program:",
            "https://w3id.org/csr-kg/id/tencent/": "tencent:"}


def _short(iri: str) -> str:
    for long, short in PREFIXES.items():
        if iri.startswith(long):
            return short + iri[len(long):]
    return iri


@pytest.mark.parametrize("ident", sorted(FRAMEWORKS))
def test_chapter_three_frameworks(store, ident):
    section, links, concepts = FRAMEWORKS[ident]
    fw = f"framework:{ident}"
    assert _sources(store, fw) == {section}
    rows = store.select(f"SELECT ?x WHERE {{ {fw} csr:statedFor ?x }}")
    assert {_short(str(r["x"])) for r in rows} == links
    rows = store.select(f"""SELECT ?zh ?sec WHERE {{ ?c skos:inScheme {fw} ; skos:prefLabel ?zh ;
        dcterms:source/skos:notation ?sec FILTER(LANG(?zh) = "zh") }}""")
    assert {str(r["zh"]) for r in rows} == concepts
    assert {str(r["sec"]) for r in rows} == {section}


def test_concept_links_stated_by_the_report(store):
    """The concepts the report itself ties to named entities."""
    rows = store.select("""SELECT ?c ?x WHERE { ?c csr:statedFor ?x ; skos:inScheme ?fw .
        VALUES ?fw { framework:culture-export-fields framework:co-creation-three-supports
                     framework:wildlife-three-dimensions } }""")
    got = {(str(r["c"]).rsplit("/", 1)[1], _short(str(r["x"]))) for r in rows}
    assert got == {
        ("culture-export-music", "program:new-folk-rhyme-plan"),
        ("culture-export-animation", "tencent:tencent-animation"),
        ("culture-export-literature", "tencent:qidian"),
        ("culture-export-literature", "tencent:qidian-international"),
        ("culture-export-film", "tencent:tencent-pictures"),
        ("culture-export-games", "tencent:tencent-games"),
        ("culture-export-esports", "tencent:arena-of-valor"),
        ("culture-export-esports", "tencent:clash-royale"),
        ("culture-export-esports", "tencent:league-of-legends"),
        ("co-creation-resources", "program:charity-org-growth-fund"),
        ("co-creation-internal-capabilities", "tencent:wechat-work"),
        ("co-creation-internal-capabilities", "tencent:tencent-cloud"),
        ("co-creation-internal-capabilities", "tencent:tencent-ads"),
        ("wildlife-awareness", "tencent:wechat"),
        ("wildlife-awareness", "tencent:qq"),
        ("wildlife-public-supervision", "tencent:penguin-loves-earth"),
        ("wildlife-public-supervision", "tencent:tencent-110"),
    }


# ---- edits of descriptions (3.3, 3.4)

def test_description_edits(store):
    """腾讯公益平台 set up after the 2008 quake; 滨海大厦's permeable ceramsite paving."""
    rows = store.select("""SELECT ?d WHERE { program:tencent-charity-platform
        dcterms:description ?d FILTER(LANG(?d) = "zh") }""")
    assert "2008年汶川大地震后" in str(list(rows)[0]["d"])
    rows = store.select("""SELECT ?d WHERE { place:tencent-binhai-building
        dcterms:description ?d FILTER(LANG(?d) = "zh") }""")
    assert "陶粒透水材料" in str(list(rows)[0]["d"])
    assert "s3-4-green-building" in _sources(store, "place:tencent-binhai-building")
