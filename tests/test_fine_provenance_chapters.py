"""Finer provenance in 责任之道 and chapters 1-3 (issue 11, item 1): every x.y section's parts
are sub-sections with a kind, their top headings are the ones the report's own table of
contents (目录) lists, and facts point to the finest part that states them."""

from __future__ import annotations

import unicodedata

import pytest
from click.testing import CliRunner

from kg.cli import main

SEC = "https://w3id.org/csr-kg/id/section/tencent-csr-2019/"
OBS = "https://w3id.org/csr-kg/id/observation/tencent-csr-2019/"
PS = "https://w3id.org/csr-kg/id/partnership/tencent-csr-2019/"

# The sub-headings the 目录 prints under each section, in order (专题 are feature blocks).
CONTENTS = {
    "s1-1": [],
    "s1-2": ["优化治理结构,强化公司内部管控", "力行阳光准则,严格处理贪污舞弊",
             "坚持数据有度,保障用户隐私安全"],
    "s1-3": ["为员工提供全面福利", "让员工能够畅所欲言", "为员工铺就成长之路"],
    "s1-4": ["用创益之心激发志愿精神", "以科技伦理为导向改善产品"],
    "s2-1": ["强化核心科技,数字化服务永不掉线", "丰富应用工具,十八般武艺任你挑选",
             "建设基础设施,让资源流动畅行云端"],
    "s2-2": ["我们连接,让每个人都能被看见和被尊重", "我们关爱,让孩子们在数字时代健康成长",
             "我们创造,让优质内容焕发价值获得回报", "专题:传播正能量 一起看见美好"],
    "s2-3": ["智在指尖,让民生政务服务更有温度", "智在云上,让产业经济发展更有活力",
             "智在身边,为城乡社区治理提供支撑", "专题:助力稳就业,一起提振信心"],
    "s2-4": ["安全是一种能力", "安全更是一种生态"],
    "s3-1": ["引领基础和前沿科技创新", "推动开源协同,共建全球科技共同体",
             "为人类科学事业培育生力军"],
    "s3-2": ["让传统文化之美穿越千年", "以数字文创发扬城市风采", "让中国文化闪耀世界舞台"],
    "s3-3": ["网聚众善之力,倡导公益慈善文化", "前沿科技跨界,拓展公益边界",
             "推动科技公益共同体建设"],
    "s3-4": ["低碳运营,环保从自身做起", "科技助力,一起打造环保社区",
             "面向未来,倡导绿色发展理念"],
}


def _plain(text: str) -> str:
    """The 目录 prints half-width punctuation and 专题: where the headings print full-width."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if c not in " :")


def _sources(store, iri: str) -> set[str]:
    rows = store.select(f"SELECT ?sec WHERE {{ <{iri}> dcterms:source/skos:notation ?sec }}")
    return {str(r["sec"]) for r in rows}


def _cli(store, *args: str):
    result = CliRunner().invoke(main, [*args, "--store", str(store.path)])
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("section", sorted(CONTENTS))
def test_top_headings_are_the_contents(store, section):
    rows = store.select(f"""SELECT ?zh WHERE {{ ?s dcterms:isPartOf <{SEC}{section}> ;
        csr:sectionOrder ?o ; rdfs:label ?zh ; csr:kind ?k .
        FILTER(LANG(?zh) = "zh") VALUES ?k {{ section-kind:heading section-kind:feature }} }}
        ORDER BY ?o""")
    assert [_plain(str(r["zh"])) for r in rows] == [_plain(t) for t in CONTENTS[section]]


def test_every_sub_section_has_one_kind_and_no_page_of_its_own(store):
    rows = store.select("""SELECT ?s (COUNT(DISTINCT ?k) AS ?n) WHERE {
        ?s a csr:ReportSection ; csr:pagesInherited true . OPTIONAL { ?s csr:kind ?k } }
        GROUP BY ?s""")
    counts = {str(r["s"]): int(r["n"]) for r in rows}
    assert len(counts) == 159  # 31 earlier + 128 in 责任之道 and chapters 1-3
    assert set(counts.values()) == {1}


def test_kinds_in_chapter_two(store):
    rows = store.select("""SELECT ?code (COUNT(?s) AS ?n) WHERE {
        ?s dcterms:isPartOf+ ?top ; csr:kind/skos:notation ?code .
        ?top skos:notation ?t . FILTER(?t IN ("s2-1", "s2-2", "s2-3", "s2-4")) }
        GROUP BY ?code""")
    got = {str(r["code"]): int(r["n"]) for r in rows}
    assert got["case"] == 11 and got["feature"] == 2 and got["reading"] == 4


# ---- one fact per kind of part, with its exact answer and its finest source

def test_heading_figure_tencent_academy(store):
    """为员工铺就成长之路: 腾讯学院 offers 448 courses."""
    rows = store.select("""SELECT ?v ?sec WHERE { ?o csr:observedEntity tencent:tencent-academy ;
        csr:measure ?m ; rdf:value ?v ; dcterms:source/skos:notation ?sec .
        FILTER(STR(?m) = "课程数") }""")
    assert {(int(r["v"]), str(r["sec"])) for r in rows} == {(448, "s1-3-growth")}


def test_heading_partnership_anti_fraud_police(store):
    """力行阳光准则: the anti-fraud investigation department works with the police."""
    iri = PS + "tencent-anti-fraud-investigation-department--public-security-organs--partner"
    assert _sources(store, iri) == {"s1-2-anti-fraud"}


def test_case_partners_of_ruqi(store):
    """案例 为“如祺出行”注入数字基因: 如祺出行 is built with 广汽, 广州公交集团 and 滴滴."""
    rows = store.select("""SELECT DISTINCT ?zh WHERE { ?p csr:partnershipIn
        organization:ruqi-mobility ; csr:partner ?x ; csr:role partner-role:co-builder ;
        dcterms:source/skos:notation "s2-3-case-ruqi" .
        ?x rdfs:label ?zh FILTER(LANG(?zh) = "zh") }""")
    assert {str(r["zh"]) for r in rows} == {"腾讯", "广汽", "广州公交集团", "滴滴"}


def test_case_figure_change_shirt(store):
    """案例 灵感加载，因爱创变: each 创变衫 ordered gives 9.9 yuan to children with autism."""
    assert _sources(store, OBS + "obs-s14-change-shirt-donation") == {"s1-4-case-inspiration"}
    rows = store.select(f"SELECT ?v WHERE {{ <{OBS}obs-s14-change-shirt-donation> rdf:value ?v }}")
    assert {float(r["v"]) for r in rows} == {9.9}


def test_case_figures_mini_program_camp(store):
    """案例 让创造产生价值: 700 applicants, 100 campers, average age 13, prize 18万元."""
    rows = store.select("""SELECT ?v WHERE { ?o csr:observedEntity
        event:wechat-mini-program-coding-camp-2019 ; rdf:value ?v ;
        dcterms:source/skos:notation "s2-2-case-mini-program-camp" }""")
    assert sorted(float(r["v"]) for r in rows) == [13, 48, 100, 700, 180000]


def test_reading_box_minor_protection(store):
    """解读 未成年人健康上网保护体系: the before/during/after framework comes from it."""
    rows = store.select("""SELECT ?sec WHERE { framework:minor-protection-system
        dcterms:source/skos:notation ?sec }""")
    assert "s2-2-minor-protection-reading" in {str(r["sec"]) for r in rows}


def test_reading_box_part_health_system(store):
    """事中管理：健康系统, inside the reading box: 116 mobile and 31 PC games joined."""
    rows = store.select("""SELECT ?v WHERE { ?o csr:observedEntity program:healthy-gaming-system ;
        rdf:value ?v ; csr:unit unit:game ;
        dcterms:source/skos:notation "s2-2-health-system" }""")
    assert sorted(int(r["v"]) for r in rows) == [31, 32, 116]


def test_further_reading_first_aid_team(store):
    """延伸阅读 腾讯人的“向善”故事 tells of the Tencent first-aid team."""
    assert _sources(store, "https://w3id.org/csr-kg/id/tencent/tencent-first-aid-team") == {
        "s1-4-reading-good-stories"}


def test_feature_positive_energy(store):
    """专题 传播正能量: the 70th-anniversary campaign combined more than 70 projects."""
    rows = store.select(f"""SELECT ?v ?q WHERE {{ <{OBS}obs-70th-campaign-projects> rdf:value ?v ;
        csr:qualifier/skos:notation ?q }}""")
    assert {(int(r["v"]), str(r["q"])) for r in rows} == {(70, "more-than")}
    assert _sources(store, OBS + "obs-70th-campaign-projects") == {
        "s2-2-feature-positive-energy"}


def test_infographic_commercial_payment(store):
    """Infographic 腾讯商业支付: over 5000万 monthly active merchants."""
    rows = store.select(f"""SELECT ?v WHERE {{
        <{OBS}obs-commercial-payment-monthly-merchants> rdf:value ?v }}""")
    assert {int(r["v"]) for r in rows} == {50_000_000}
    assert "s2-1-payment-infographic" in _sources(
        store, OBS + "obs-commercial-payment-monthly-merchants")


def test_infographic_responsibility_view(store):
    """The 一二三四五 picture of 责任之道 is the source of 腾讯责任观."""
    rows = store.select("""SELECT ?sec WHERE { framework:responsibility-view
        dcterms:source/skos:notation ?sec }""")
    assert {str(r["sec"])for r in rows} == {"csr-approach-responsibility-view"}


def test_heading_in_csr_approach_leading_index(store):
    """中国企业社会责任领先指数：腾讯NO.1 — the index is organised by 人民日报 and its brand
    institute."""
    rows = store.select("""SELECT ?zh WHERE { ?p a csr:Partnership ; csr:partner ?x ;
        dcterms:source/skos:notation "csr-approach-leading-index" .
        ?x rdfs:label ?zh FILTER(LANG(?zh) = "zh") }""")
    assert {str(r["zh"]) for r in rows} == {"人民日报", "人民日报中国品牌发展研究院"}


def test_open_source_projects(store):
    """对外开源近百个项目: 92 projects opened, 53 OTeams."""
    assert _sources(store, OBS + "obs-external-open-source-projects") == {
        "s3-1-open-source-projects"}
    rows = store.select(f"SELECT ?v WHERE {{ <{OBS}obs-oteam-count> rdf:value ?v }}")
    assert {int(r["v"]) for r in rows} == {53}


def test_card_prints_deep_chain(store):
    out = _cli(store, "show", "program:healthy-gaming-system").output
    assert ("  2.2 一起创享精彩视界 › 我们关爱，让孩子们在数字时代健康成长 › 强化网络健康管理 › "
            "解读 未成年人健康上网保护体系 › 事中管理：健康系统  pp. 35–44") in out.splitlines()


def test_search_finds_chapter_headings(store):
    assert "智在指尖，让民生政务服务更有温度" in _cli(store, "search", "智在指尖").output
    assert "案例 四川邛崃“全域为村”" in _cli(store, "search", "全域为村").output


def test_framework_wins_over_its_infographic(store, caplog):
    """A framework and the infographic that draws it share a name: the framework is meant, and
    a note names the section."""
    result = CliRunner().invoke(main, ["show", "腾讯科技战疫的四个方向",
                                       "--store", str(store.path)])
    assert result.exit_code == 0, result.output
    assert "framework:epidemic-four-directions" in result.stdout
    assert "section of that name is <" + SEC + "focus-epidemic-four-directions>" in caplog.text
