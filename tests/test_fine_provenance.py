"""Finer provenance (issue 11, item 1): the sub-headings, case boxes, reading boxes and
infographics of the two focus sections are ReportSections part of their section, with no page
of their own; facts point to the finest one, and cards and queries print the chain."""

from __future__ import annotations

from click.testing import CliRunner

from kg.cli import main
from kg.query import run_canned

def _sources(store, subject_iri: str) -> set[str]:
    rows = store.select(f"""SELECT ?sec WHERE {{ <{subject_iri}> dcterms:source ?s .
        ?s skos:notation ?sec }}""")
    return {str(r["sec"]) for r in rows}


def _cli(store, *args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--store", str(store.path)])
    assert result.exit_code == 0, result.output
    return result.output


def _obs(ident: str) -> str:
    return f"https://w3id.org/csr-kg/id/observation/tencent-csr-2019/{ident}"


def test_subsections_of_focus_poverty(store):
    rows = store.select("""SELECT ?id ?order WHERE { ?s dcterms:isPartOf+ ?top ;
        skos:notation ?id ; csr:sectionOrder ?order . ?top skos:notation "focus-poverty" }
        ORDER BY ?order""")
    assert [str(r["id"]) for r in rows] == [
        "focus-poverty-intro", "focus-poverty-four-stages", "focus-poverty-people-first",
        "focus-poverty-digital-assistant", "focus-poverty-endogenous",
        "focus-poverty-weicun-reading", "focus-poverty-weicun-atmosphere",
        "focus-poverty-weicun-namecard", "focus-poverty-weicun-talent",
        "focus-poverty-connection", "focus-poverty-case-chucunji", "focus-poverty-case-weishi"]


def test_subsections_inherit_pages_and_have_paths(store):
    rows = store.select("""SELECT ?first ?last ?inh ?zh ?en WHERE {
        ?s skos:notation "focus-poverty-case-weishi" ; csr:startPage ?first ;
           csr:endPage ?last ; csr:pagesInherited ?inh ; csr:sectionPath ?zh , ?en .
        FILTER(LANG(?zh) = "zh" && LANG(?en) = "en") }""")
    rows = list(rows)
    assert len(rows) == 1
    r = rows[0]
    assert (int(r["first"]), int(r["last"]), str(r["inh"])) == (11, 14, "true")
    assert str(r["zh"]) == "腾讯式扶贫 › 以“连接”全面助力乡村发展 › 案例 微视搭台，县长卖货"
    assert str(r["en"]).startswith("Poverty alleviation the Tencent way › Connection")


def test_sub_heading_source(store):
    """杨婷 comes from the reading box's third sub-heading 打造平台，人才回得来留得住."""
    assert _sources(store, "https://w3id.org/csr-kg/id/person/yang-ting") == {
        "focus-poverty-weicun-talent"}


def test_case_box_source(store):
    """县长卖货: the case box 微视搭台，县长卖货; its figure (近200 videos) too."""
    got = store.select("""SELECT ?sec WHERE { ?x skos:notation ?sec .
        ?p rdfs:label "区县领导推荐家乡特产"@zh ; dcterms:source ?x }""")
    got = {str(r["sec"]) for r in got}
    assert "focus-poverty-case-weishi" in got and "focus-poverty" not in got
    assert _sources(store, _obs("obs-poverty-weishi-counties")) == {"focus-poverty-case-weishi"}


def test_reading_box_source(store):
    rows = store.select("""SELECT ?sec WHERE { ?f a csr:Framework ;
        rdfs:label "腾讯为村如何激发乡村内生动力"@zh ;
        dcterms:source/skos:notation ?sec }""")
    assert {str(r["sec"]) for r in rows} == {"focus-poverty-weicun-reading"}


def test_infographic_source(store):
    """The four directions framework comes from the infographic 腾讯科技战疫的四个方向."""
    rows = store.select("""SELECT ?sec WHERE { ?f a csr:Framework ;
        rdfs:label "腾讯科技战疫的四个方向"@zh ;
        dcterms:source/skos:notation ?sec }""")
    assert {str(r["sec"]) for r in rows} == {"focus-epidemic-four-directions"}


def test_figure_sub_heading_source(store):
    """99公益日 2019: more than 46 million donations, under 做好脱贫攻坚“数字化助手”."""
    rows = store.select("""SELECT ?sec WHERE { ?o csr:observedEntity program:99-giving-day ;
        rdf:value ?v ; dcterms:source/skos:notation ?sec . FILTER(?v = 46000000) }""")
    assert {str(r["sec"]) for r in rows} == {"focus-poverty-digital-assistant"}


def test_card_prints_chain(store):
    out = _cli(store, "show", "person:yang-ting")
    assert ("  腾讯式扶贫 › 激发乡村的内生发展动力 › 解读 腾讯为村如何激发乡村内生动力 › "
            "打造平台，人才回得来留得住  pp. 11–14") in out.splitlines()


def test_search_finds_sub_heading(store):
    out = _cli(store, "search", "县长卖货")
    assert "案例 微视搭台，县长卖货" in out
    out = _cli(store, "search", "守望相助")
    assert "守望相助，共筑人类命运共同体" in out


def test_sources_of_entity_has_path(store):
    rows = run_canned(store, "sources-of-entity", timeout=None, entity="person:yang-ting")
    assert {str(r["path"]) for r in rows} >= {
        "腾讯式扶贫 › 激发乡村的内生发展动力 › 解读 腾讯为村如何激发乡村内生动力 › "
        "打造平台，人才回得来留得住"}


def test_subsections_of_s2_4(store):
    """2.4 一起守护网络安全: its sub-headings and infographic, in printed order."""
    rows = store.select("""SELECT ?id ?order WHERE { ?s dcterms:isPartOf+ ?top ;
        skos:notation ?id ; csr:sectionOrder ?order . ?top skos:notation "s2-4" }
        ORDER BY ?order""")
    assert [str(r["id"]) for r in rows] == [
        "s2-4-capability", "s2-4-strategy-infographic", "s2-4-scenarios",
        "s2-4-ecosystem", "s2-4-co-governance", "s2-4-expert-platform",
        "s2-4-talent", "s2-4-forums"]


def test_s2_4_entity_source(store):
    """腾讯御点 and its mutual certification are under 安全是一种能力."""
    assert _sources(store, "https://w3id.org/csr-kg/id/tencent/tencent-yudian") == {
        "s2-4-capability"}


def test_s2_4_partnership_source(store):
    """TSEC, organised by Tencent, is under 举办安全行业论坛，共享安全技术成果."""
    assert _sources(store, "https://w3id.org/csr-kg/id/partnership/tencent-csr-2019/"
                           "tsec--tencent--organizer") == {"s2-4-forums"}


def test_s2_4_figure_source(store):
    """守护者计划 2019: cases worth over 271亿元, under 与政府、行业和公众，共建网络安全环境."""
    assert _sources(store, _obs("obs-s24-guardian-amount")) == {"s2-4-co-governance"}
