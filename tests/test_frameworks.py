"""The report's own frameworks (issue 11, item 2): each is a csr:Framework (a SKOS concept
scheme) of csr:FrameworkConcepts with the report's labels, the section that draws it, and
csr:statedFor links to what the report itself links it to (kept apart from the curator's
readings), found by `kg search` and shown by `kg show`, on the real store."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.namespaces import ID
from kg.search import search

_CONCEPTS = """
SELECT ?c ?zh ?en ?sec WHERE {
  ?f skos:hasTopConcept ?c . ?c skos:inScheme ?f ; a csr:FrameworkConcept, skos:Concept .
  ?c skos:prefLabel ?zh FILTER(LANG(?zh) = "zh")
  ?c skos:prefLabel ?en FILTER(LANG(?en) = "en")
  ?c dcterms:source ?s . BIND(REPLACE(STR(?s), "^.*/", "") AS ?sec)
}"""
_LINKS = "SELECT ?x ?t WHERE { ?x csr:statedFor ?t }"


def concepts(store, fid):
    """{concept id: (zh, en, {sections})} of one framework."""
    out: dict = {}
    for r in store.select(_CONCEPTS, {"f": [ID[f"framework/{fid}"]]}):
        cid = str(r["c"]).rsplit("/", 1)[-1]
        zh, en, secs = out.get(cid, (str(r["zh"]), str(r["en"]), set()))
        out[cid] = (zh, en, secs | {str(r["sec"])})
    return out


def links(store, ident, kind="concept"):
    rows = store.select("SELECT ?t WHERE { ?x csr:statedFor ?t }",
                        {"x": [ID[f"{kind}/{ident}"]]})
    return {str(r["t"]).rsplit("/", 1)[-1] for r in rows}


def framework_sources(store, fid):
    rows = store.select("SELECT ?s WHERE { ?f a csr:Framework, skos:ConceptScheme ; "
                        "dcterms:source ?s }", {"f": [ID[f"framework/{fid}"]]})
    return {str(r["s"]).rsplit("/", 1)[-1] for r in rows}


# framework id -> (source sections, framework links, {concept id: (zh, en, links)})
A = {"csr-approach-responsibility-view"}  # the 一二三四五 picture of 责任之道
EXPECTED = {
    "responsibility-view": (A, set(), {
        "view-aspiration": ("1个初心", "1 original aim", set()),
        "view-drivers": ("2个驱动", "2 drivers", {"two-drivers"}),
        "view-roles": ("3个角色", "3 roles", {"three-roles"}),
        "view-objects": ("4个对象", "4 objects", {"four-objects"}),
        "view-dimensions": ("5个维度", "5 dimensions", {"five-dimensions"})}),
    "five-dimensions": (A | {"csr-approach-strategy"}, set(), {
        "dim-politics-livelihood": ("政务民生", "Government services and livelihood", set()),
        "dim-economy": ("经济建设", "Economic development", set()),
        "dim-society": ("社会建设", "Social development", set()),
        "dim-culture": ("文化建设", "Cultural development", set()),
        "dim-ecology": ("生态文明建设", "Ecological civilisation", set())}),
    "three-roles": (A, set(), {
        "role-connector": ("连接器", "Connector", {"tencent", "tencent-foundation"}),
        "role-toolbox": ("工具箱", "Toolbox", {"tencent", "tencent-foundation"}),
        "role-ecosystem-builder": ("生态共建者", "Ecosystem co-builder",
                                   {"tencent", "tencent-foundation"})}),
    "two-drivers": (A, set(), {
        "driver-technology": ("科技", "Technology", set()),
        "driver-culture": ("文化", "Culture", set())}),
    "four-objects": (A, set(), {
        "object-government": ("对象：政府", "Object: government", set()),
        "object-industry": ("对象：行业", "Object: industry", set()),
        "object-users": ("对象：用户", "Object: users", set()),
        "object-employees": ("对象：员工", "Object: employees", set())}),
    "poverty-four-stages": ({"focus-poverty-four-stages"}, set(), {
        "poverty-stage-transfusion": ("第一阶段：输血", "Stage 1: transfusion",
                                      {"tencent-foundation"}),
        "poverty-stage-online-charity": (
            "第二阶段：互联网公益", "Stage 2: online charity",
            {"wenchuan-earthquake-2008", "wenchuan-online-donation-channel",
             "tencent-charity-platform", "rural-dream"}),
        "poverty-stage-connection": ("第三阶段：以“连接”为核心的腾讯式扶贫",
                                     "Stage 3: the Tencent way, built on connection",
                                     {"99-giving-day", "weicun", "wechat-pay"}),
        "poverty-stage-post-poverty": ("第四阶段：后脱贫时代", "Stage 4: the post-poverty era",
                                       set())}),
    "weicun-endogenous-drive": ({"focus-poverty-weicun-reading"}, {"weicun"}, {
        "weicun-build-atmosphere": ("打造氛围", "Building a shared atmosphere", set()),
        "weicun-build-namecard": ("打造名片", "Building a calling card", set()),
        "weicun-build-platform": ("打造平台", "Building a platform for talent",
                                  {"dapo-village", "yang-qinghua", "yang-ting"})}),
    "epidemic-four-directions": ({"focus-epidemic-four-directions"}, set(), {
        "epidemic-medical-research-front": ("医研前线", "Medical and research front line",
                                            {"ai-ct-pod-donation",
                                             "free-computing-for-research"}),
        "epidemic-public-communication": ("大众传播", "Public communication",
                                          {"epidemic-realtime-tracker", "fever-clinic-map",
                                           "online-free-clinics"}),
        "epidemic-public-governance": ("公共治理", "Public governance",
                                       {"epidemic-mini-programs", "health-code", "ride-code"}),
        "epidemic-resumption": ("复工复产", "Return to work and production",
                                {"classes-suspended-learning-continues"})}),
    "epidemic-fund-directions": ({"focus-epidemic-funds"}, {"epidemic-fund"}, {
        "fund-material-support": ("物资支援", "Material support", set()),
        "fund-technical-support": ("技术支援", "Technical support", set()),
        "fund-care-for-staff": ("人员关怀", "Care for people", set()),
        "fund-research-medicine": ("科研与医疗事业", "Research and medicine", set())}),
    "internal-control-three-lines": ({"s1-2-governance-structure"}, {"tencent"}, {
        "defence-operations": ("运营及管理", "Operations and management", set()),
        "defence-risk-management": ("风险管理", "Risk management", set()),
        "defence-independent-assurance": ("独立保证", "Independent assurance", set())}),
    "data-security-stages": ({"s1-2-data-privacy"}, {"tencent"}, {
        "data-security-before": ("事前防范", "Prevention beforehand", set()),
        "data-security-during": ("事中保护", "Protection during", set()),
        "data-security-after": ("事后追溯", "Tracing afterwards", set())}),
    "minor-protection-system": ({"s2-2-healthy-online", "s2-2-minor-protection-reading"},
                                {"minor-online-protection-system"}, {
        "minor-protection-before": ("事前设置", "Settings beforehand",
                                    {"growth-guardian-platform"}),
        "minor-protection-during": ("事中管理", "Management during", {"healthy-gaming-system"}),
        "minor-protection-after": ("事后服务", "Service afterwards", {"youth-lighthouse"})}),
    "penguin-protection-architecture": ({"s2-2-healthy-online"}, {"penguin-growing-up"}, {
        "penguin-research-education": ("研究教育", "Research and education", set()),
        "penguin-product-promotion": ("产品促进", "Product improvement", set()),
        "penguin-platform-governance": ("平台治理", "Platform governance", set()),
        "penguin-social-collaboration": ("社会协同保护", "Joint protection by society", set())}),
    "healthcare-three-directions": ({"s2-3-healthcare"}, set(), {
        "healthcare-health-authorities": ("助力卫生主管部门", "Helping health authorities", set()),
        "healthcare-hospitals-doctors": ("协助医院和医生", "Assisting hospitals and doctors",
                                         set()),
        "healthcare-patients-public": ("服务患者和公众", "Serving patients and the public",
                                       set())}),
    "education-3c": ({"s2-3-education"}, set(), {
        "education-connection": ("连接", "Connection", set()),
        "education-content": ("内容", "Content", set()),
        "education-commonweal": ("社会责任", "Commonweal", set())}),
    "yunnan-one-centre-two-platforms": ({"s2-3-culture-tourism"}, {"yunnan-one-phone-tour"}, {
        "yunnan-tourism-data-centre": ("旅游大数据中心", "Tourism big-data centre", set()),
        "yunnan-tourism-service-platform": ("旅游综合服务平台", "Tourism service platform",
                                            set()),
        "yunnan-tourism-management-platform": ("旅游综合管理平台",
                                               "Tourism management platform", set())}),
    "haina-four-modules": ({"s2-3-urban-community"}, {"tencent-haina"}, {
        "haina-basic-management": ("基础管理", "Basic management", set()),
        "haina-property-services": ("物业服务", "Property services", set()),
        "haina-operation-tools": ("运营工具", "Operation tools", set()),
        "haina-public-services": ("公共服务", "Public services", set())}),
    "lingkun-full-chain": ({"s2-4-co-governance"}, {"lingkun-regtech-platform"}, {
        "lingkun-discovery-before": ("事前发现", "Discovery beforehand", set()),
        "lingkun-detection-during": ("事中检测", "Detection during", set()),
        "lingkun-handling-after": ("事后处置跟踪", "Handling and follow-up afterwards", set())}),
}
# Concepts stated in more sections than their framework's (who plays a role, and where).
CONCEPT_SOURCES = {
    "role-connector": {"csr-approach-responsibility-view", "focus-epidemic-intro",
                       "s2-3-industrial-economy", "s3-3-charity-culture", "s3-3-frontier-tech"},
    "role-toolbox": {"csr-approach-responsibility-view", "focus-epidemic-intro", "s2-1-app-tools",
                     "s2-3-industrial-economy", "s3-3-charity-culture"},
    "role-ecosystem-builder": {"csr-approach-responsibility-view", "s2-3-industrial-economy",
                               "s3-3-charity-culture"},
}


@pytest.mark.parametrize("fid", sorted(EXPECTED))
def test_framework_concepts_links_and_sources(store, fid):
    sources, framework_links, expected = EXPECTED[fid]
    assert framework_sources(store, fid) == sources
    assert links(store, fid, "framework") == framework_links
    got = concepts(store, fid)
    assert {c: (zh, en) for c, (zh, en, _) in got.items()} == {
        c: (zh, en) for c, (zh, en, _) in expected.items()}
    for cid, (_, _, want) in expected.items():
        assert links(store, cid) == want, cid
        assert got[cid][2] == CONCEPT_SOURCES.get(cid, sources), cid


def test_no_other_frameworks_or_links(store):
    """The 18 frameworks above, exactly as written, and 52 more that the chapter tests check
    (tests/test_facts_ch_*.py): 70 in all, with 286 concepts and 166 links of the report's own."""
    rows = store.select("SELECT ?f WHERE { ?f a csr:Framework }")
    got = {str(r["f"]).rsplit("/", 1)[-1] for r in rows}
    assert set(EXPECTED) <= got and len(got) == 70
    assert len(store.select("SELECT ?c WHERE { ?c a csr:FrameworkConcept }")) == 286
    n_links = sum(len(fl) + sum(len(c[2]) for c in cs.values())
                  for _, fl, cs in EXPECTED.values())
    assert n_links == 42
    assert len(store.select(_LINKS)) == 166


def test_vocabulary_concepts_match_the_curator_codes(store):
    rows = store.select("SELECT ?c ?m WHERE { ?c a csr:FrameworkConcept ; skos:exactMatch ?m }")
    got = {(str(r["c"]).rsplit("/", 1)[-1], str(r["m"]).split("/scheme/")[1]) for r in rows}
    assert ("role-connector", "role/connector") in got
    assert ("dim-ecology", "dimension/ecology") in got
    assert ("object-employees", "object/employees") in got
    assert len(got) == 14


def test_report_statement_is_not_a_curator_reading(store):
    assert store.ask("ASK { csr:statedFor rdfs:subPropertyOf* csr:curatorReading }") is False
    assert store.ask("ASK { csr:responsibilityRole rdfs:subPropertyOf csr:curatorReading }")


@pytest.mark.parametrize("text, ident", [
    ("连接器", "concept/role-connector"), ("五位一体", "framework/five-dimensions"),
    ("腾讯责任观", "framework/responsibility-view"),
    ("医研前线", "concept/epidemic-medical-research-front"),
    ("事前设置", "concept/minor-protection-before"),
    ("三道防线", "framework/internal-control-three-lines"),
    ("后脱贫时代", "concept/poverty-stage-post-poverty"), ("lianjieqi", "concept/role-connector"),
    ("Ecosystem co-builder", "concept/role-ecosystem-builder"),
])
def test_search_finds_frameworks_and_concepts(store, text, ident):
    for use_index in (True, False):
        hits = search(store, text, use_index=use_index)
        assert hits and hits[0].iri == str(ID[ident]), (text, use_index)


def test_search_by_type(store):
    hits = search(store, "事前", types=["concept"], limit=None)
    assert {h.iri.rsplit("/", 1)[-1] for h in hits} == {
        "data-security-before", "minor-protection-before", "lingkun-discovery-before"}
    assert {h.type for h in search(store, "四个阶段", types=["framework"])} == {"framework"}


def _show(built, *args):
    result = CliRunner().invoke(main, ["show", *args, "--store", str(built.store)])
    assert result.exit_code == 0, result.output
    return result.output


def test_show_concept(built):
    out = _show(built, "连接器")
    assert out.startswith(
        "连接器 / Connector\n  concept:role-connector\n  框架概念 / Framework concept")
    assert "→ 所属体系 (1)\n  三个角色 / The three roles  framework:three-roles" in out
    assert "→ 对应编者分类 (1)\n  连接器 / Connector  role:connector" in out
    assert ("→ 报告所指 (2)\n  腾讯 / Tencent  tencent:tencent\n"
            "  腾讯公益慈善基金会 / Tencent Charity Foundation  organization:tencent-foundation"
            in out)
    assert "3.3 共建和谐社会 › 前沿科技跨界，拓展公益边界  pp. 71–76" in out


def test_show_framework_lists_its_concepts(built):
    out = _show(built, "framework:epidemic-four-directions")  # the name is also its infographic's
    block = out[out.index("→ 框架概念 (4)"):].split("\n\n")[0]
    for name in ("医研前线", "大众传播", "公共治理", "复工复产"):
        assert name in block
    assert "腾讯式战疫 › 腾讯科技战疫的四个方向  pp. 15–22" in out  # its infographic
    assert "报告框架 / Report framework" in out


def test_show_program_lists_the_concept_stated_for_it(built):
    out = _show(built, "growth-guardian-platform")
    assert ("← 报告所指 (1)\n  事前设置 / Settings beforehand  "
            "concept:minor-protection-before") in out


def test_show_framework_by_id(built):
    out = _show(built, "three-roles")
    assert out.startswith("三个角色 / The three roles\n  framework:three-roles")


def _mini_build(tmp_path, frameworks: str):
    import shutil
    from pathlib import Path

    data = tmp_path / "mini-report"
    shutil.copytree(Path(__file__).parent / "fixtures" / "mini-report", data)
    (data / "frameworks.yaml").write_text(frameworks, encoding="utf-8")
    return CliRunner().invoke(main, ["build", "--data", str(data), "--store",
                                     str(tmp_path / "store"), "--dump-dir", str(tmp_path)])


_MINI = """- id: mini-roles
  zh: 角色
  en: Roles
  sources: [intro]
  concepts:
    - {id: mini-connector, zh: 连接器, en: Connector, matches: %s, links: [%s]}
    - {id: mini-toolbox, zh: 工具箱, en: Toolbox}
"""


def test_a_framework_builds_with_its_statement(tmp_path):
    result = _mini_build(tmp_path, _MINI % ("role/connector", "village-link"))
    assert result.exit_code == 0, result.output
    dump = (tmp_path / "mini-report.trig").read_text("utf-8")
    assert "csr:statedFor program:village-link" in dump
    assert "skos:exactMatch role:connector" in dump


def test_a_concept_link_to_an_unknown_id_fails(tmp_path):
    result = _mini_build(tmp_path, _MINI % ("role/connector", "nope"))
    assert result.exit_code == 1
    assert "frameworks.yaml: mini-connector: links refers to unknown id 'nope'" in result.output


def test_a_concept_matching_an_unknown_code_fails(tmp_path):
    result = _mini_build(tmp_path, _MINI % ("role/hammer", "village-link"))
    assert result.exit_code == 1
    assert ("frameworks.yaml: mini-roles: concepts.1.matches 'role/hammer' is not a "
            "scheme/code") in result.output


def test_a_concept_id_is_unique_in_the_folder(tmp_path):
    result = _mini_build(tmp_path, _MINI.replace("mini-toolbox", "village-link")
                         % ("role/connector", "village-link"))
    assert result.exit_code == 1
    assert "frameworks.yaml: village-link: duplicate id (also in programs.yaml)" in result.output
