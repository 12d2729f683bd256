"""Facts of the report asked with SPARQL over the built store, with the exact answers the
report gives (section and page in each docstring), and the places where the report contradicts
itself, kept side by side."""

from __future__ import annotations

from decimal import Decimal


def zh_labels(store, where: str, var: str = "x") -> set[str]:
    rows = store.select(f"SELECT ?zh WHERE {{ {where} ?{var} rdfs:label ?zh "
                        f"FILTER(lang(?zh) = 'zh') }}")
    return rows.values("zh")


def test_ruqi_external_partners(store):
    """2.3, p. 45-56: 如祺出行 was built by Tencent with 广汽, 广州公交集团 and 滴滴."""
    partners = zh_labels(store, """
        ?p csr:partnershipIn organization:ruqi-mobility ; csr:partner ?x ;
           csr:reporterSide false .""")
    assert partners == {"广汽", "广州公交集团", "滴滴"}
    own = zh_labels(store, """?p csr:partnershipIn organization:ruqi-mobility ; csr:partner ?x ;
           csr:reporterSide true .""")
    assert own == {"腾讯", "腾讯地图"}
    assert store.ask("""ASK { ?p csr:partnershipIn organization:ruqi-mobility ;
        csr:partner tencent:tencent ; csr:role csrs:partner-role/co-builder ;
        dcterms:source ?s . ?s csr:startPage 45 }""".replace("csrs:partner-role/co-builder",
        "<https://w3id.org/csr-kg/scheme/partner-role/co-builder>"))


def test_weicun_villages_on_2020_02_29(store):
    """特别聚焦 腾讯式扶贫, p. 11: 15176 villages or communities had joined WeCounty."""
    rows = store.select("""SELECT ?v ?page WHERE {
        ?o csr:observedEntity program:weicun ; csr:unit unit:village ; rdf:value ?v ;
           csr:asOf "2020-02-29"^^xsd:date ; dcterms:source ?s . ?s csr:startPage ?page }""")
    assert [(Decimal(str(r["v"])), int(r["page"])) for r in rows] == [(Decimal(15176), 11)]


def test_weicun_grew_out_of_rural_dream_in_2015(store):
    assert zh_labels(store, "program:weicun csr:grewOutOf ?x .") == {"筑梦新乡村"}
    rows = store.select("SELECT ?d WHERE { program:weicun csr:startDate ?d }")
    assert rows.values("d") == {"2015"}


def test_first_csr_award_has_seven_winners(store):
    """责任之道, p. 7: the first Tencent CSR award went to seven projects."""
    assert zh_labels(store, "award:tencent-csr-award-2019 csr:recipient ?x .") == {
        "99公益日", "腾讯为村", "AI手语项目", "守护者计划", "腾讯长城保护与传播专项", "科学探索奖",
        "QQ全城助力项目"}


def test_stakeholder_table_is_seven_groups_by_three_tiers(store):
    """利益相关方一览, p. 10."""
    rows = store.select("""SELECT ?g (COUNT(DISTINCT ?tier) AS ?tiers) (COUNT(?d) AS ?n) WHERE {
        ?g a csr:StakeholderGroup ; csr:hasDemand ?d . ?d csr:tier ?tier } GROUP BY ?g""")
    assert len(rows) == 7
    assert all(int(r["tiers"]) == 3 and int(r["n"]) == 3 for r in rows)
    assert zh_labels(store, "?g a csr:StakeholderGroup .", "g") == {
        "用户", "股东", "员工", "政府", "商业合作伙伴", "公益组织", "所处社区"}
    must = zh_labels(store, """stakeholder:employees csr:hasDemand ?x .
        ?x csr:tier <https://w3id.org/csr-kg/scheme/tier/must> .""")
    assert must == {"合理、健全的员工保障体系"}


def test_rating_stars(store):
    """第三方点评, p. 81: five stars overall and on every criterion but comparability (three),
    issued 2020-05-22."""
    rows = store.select("""SELECT ?c ?stars WHERE {
        ?r a csr:Rating ; csr:criterionRating ?cr . ?cr csr:criterion ?k ; csr:stars ?stars .
        ?k skos:notation ?c }""")
    stars = {str(r["c"]): int(r["stars"]) for r in rows}
    assert stars == {"process": 5, "materiality": 5, "completeness": 5, "balance": 5,
                     "comparability": 3, "readability": 5, "innovation": 5}
    overall = store.select(
        "SELECT ?s ?d WHERE { ?r a csr:Rating ; csr:stars ?s ; dcterms:date ?d }")
    assert [(int(r["s"]), str(r["d"])) for r in overall] == [(5, "2020-05-22")]
    assert zh_labels(store, "?r a csr:Rating ; csr:ratedBy ?x .") == {
        "中国企业社会责任报告评级专家委员会"}


def test_indicator_index_rows_and_codes(store):
    """附录02, p. 84: 21 rows; 2.4 discloses G5.3, M3.4 and M3.6."""
    assert len(store.select("SELECT ?e WHERE { ?e a csr:IndicatorIndexEntry }")) == 21
    rows = store.select("""SELECT ?code WHERE { ?e csr:indexedSection ?s ; csr:indicator ?i .
        ?s skos:notation "s2-4" . ?i skos:notation ?code }""")
    assert rows.values("code") == {"G5.3", "M3.4", "M3.6"}


def test_report_metadata(store):
    """附录01, p. 83: the eighth report, covering 2019, based on three guidelines."""
    rows = store.select("""SELECT ?ed ?from ?to WHERE { ?r a csr:Report ; csr:edition ?ed ;
        csr:startDate ?from ; csr:endDate ?to }""")
    assert [(int(r["ed"]), str(r["from"]), str(r["to"])) for r in rows] == [
        (8, "2019-01-01", "2019-12-31")]
    assert len(store.select("SELECT ?s WHERE { ?r a csr:Report ; csr:basedOn ?s }")) == 3


def test_section_pages(store):
    """目录: 2.3 一起创造智慧生活 runs from p. 45 to p. 56."""
    rows = store.select("""SELECT ?a ?b WHERE { ?s skos:notation "s2-3" ;
        csr:startPage ?a ; csr:endPage ?b }""")
    assert [(int(r["a"]), int(r["b"])) for r in rows] == [(45, 56)]


# ---------------------------------------------------------------- the report's own conflicts

def test_conflict_epidemic_section_page_15_in_contents_17_in_index(store):
    """The 目录 puts 腾讯式战疫 on p. 15; the indicator index says p. 17. Both are kept."""
    rows = store.select("""SELECT ?toc ?index WHERE { ?s skos:notation "focus-epidemic" ;
        csr:startPage ?toc . ?e csr:indexedSection ?s ; csr:indexedPage ?index }""")
    assert [(int(r["toc"]), int(r["index"])) for r in rows] == [(15, 17)]


def _figures(store, subject: str, unit: str, when: str) -> dict[str, tuple[Decimal, str]]:
    rows = store.select(f"""SELECT ?sec ?v ?q WHERE {{
        ?o csr:observedEntity {subject} ; csr:unit unit:{unit} ; rdf:value ?v ;
           dcterms:source ?s . ?s skos:notation ?sec .
        OPTIONAL {{ ?o csr:qualifier ?qq . ?qq skos:notation ?q }}
        {{ ?o csr:asOf "{when}"^^xsd:date }}
        UNION {{ ?o csr:periodStart "{when}"^^xsd:gYearMonth }} }}""")
    return {str(r["sec"]): (Decimal(str(r["v"])), str(r.get("q", ""))) for r in rows}


def test_conflict_charities_funded_by_charity_platform_at_end_2019(store):
    """On 2019-12-31 the platform had funded 'more than 10,000' charities (腾讯式扶贫, p. 11)
    or 'nearly 10,000' (3.3, p. 71). Both kept, each with its source."""
    figures = _figures(store, "program:tencent-charity-platform", "organization", "2019-12-31")
    assert figures == {"focus-poverty-digital-assistant": (Decimal(10000), "more-than"),
                       "s3-3-charity-culture": (Decimal(10000), "nearly")}


def test_conflict_projects_funded_by_charity_platform_at_end_2019(store):
    """More than 70,000 projects (p. 11) against more than 60,000 (p. 71)."""
    figures = _figures(store, "program:tencent-charity-platform", "project", "2019-12-31")
    assert figures == {"focus-poverty-digital-assistant": (Decimal(70000), "more-than"),
                       "s3-3-charity-culture": (Decimal(60000), "more-than")}


def test_conflict_99_giving_day_2019_donations(store):
    """2019's 99 Giving Day drew more than 46 million donations (p. 11) or more than
    48 million (陈一丹's message, p. 5, and 3.3, p. 71)."""
    rows = store.select("""SELECT ?v ?sec WHERE { ?o csr:observedEntity program:99-giving-day ;
        csr:unit unit:person-time ; rdf:value ?v ; csr:periodStart "2019-09"^^xsd:gYearMonth ;
        dcterms:source ?s . ?s skos:notation ?sec }""")
    by_value: dict[Decimal, set[str]] = {}
    for r in rows:
        by_value.setdefault(Decimal(str(r["v"])), set()).add(str(r["sec"]))
    assert by_value == {Decimal(46000000): {"focus-poverty-digital-assistant"},
                        Decimal(48000000): {"msg-chen-yidan", "s3-3-charity-culture"}}


def test_reporter_side_covers_tencents_own_programs_and_people(store):
    """csr:reporterSide: Tencent, its units and products, programs run only by those, and
    people holding a role there; the Tencent Foundation is a separate legal body."""
    rows = store.select("""
        SELECT ?partner (SAMPLE(?side) AS ?s) WHERE { ?pp csr:partner ?partner ;
          csr:reporterSide ?side } GROUP BY ?partner""")
    side = {str(r["partner"]).rsplit("/", 1)[-1]: r["s"].toPython() for r in rows}
    assert side["guardian-program"] is True      # run by Tencent's own units
    assert side["ma-huateng"] is True
    assert side["tencent-maps"] is True
    assert side["tencent-foundation"] is False
    assert side["tencent-charity-platform"] is False  # run by the Foundation
    assert side["gac-group"] is False
