"""Facts added from 责任之道 (strategy, leading index, stakeholder table) and chapter 1 (1.1-1.3):
the report's own lists as frameworks, the laws it follows, the stakeholder-table meetings and
the descriptions completed, each with its answer and its finest source, on the real data."""

from __future__ import annotations

PS = "https://w3id.org/csr-kg/id/partnership/tencent-csr-2019/"


def _concepts(store, fid: str) -> dict[str, str]:
    """{concept id: zh label} of one framework."""
    rows = store.select(f"""SELECT ?c ?zh WHERE {{ framework:{fid} skos:hasTopConcept ?c .
        ?c skos:inScheme framework:{fid} ; skos:prefLabel ?zh FILTER(LANG(?zh) = "zh") }}""")
    return {str(r["c"]).rsplit("/", 1)[-1]: str(r["zh"]) for r in rows}


def _sources(store, node: str) -> set[str]:
    rows = store.select(f"SELECT ?s WHERE {{ {node} dcterms:source/skos:notation ?s }}")
    return {str(r["s"]) for r in rows}


def _links(store, node: str) -> set[str]:
    rows = store.select(f"SELECT ?t WHERE {{ {node} csr:statedFor ?t }}")
    return {str(r["t"]).rsplit("/", 1)[-1] for r in rows}


def _zh(store, node: str) -> str:
    rows = store.select(f'SELECT ?l WHERE {{ {node} rdfs:label ?l FILTER(LANG(?l) = "zh") }}')
    return str(list(rows)[0]["l"])


def _description(store, node: str) -> str:
    rows = store.select(f"""SELECT ?d WHERE {{ {node} dcterms:description ?d
        FILTER(LANG(?d) = "zh") }}""")
    return str(list(rows)[0]["d"])


def test_values_framework(store):
    """价值观: 正直, 进取, 协作, 创造 (giraffe, petrel, bee, dolphin), from the culture chart."""
    assert _concepts(store, "tencent-values") == {
        "value-integrity": "正直", "value-progress": "进取",
        "value-collaboration": "协作", "value-creation": "创造"}
    assert _sources(store, "framework:tencent-values") == {"s1-1-values", "s1-1"}
    rows = store.select("SELECT ?a WHERE { concept:value-collaboration skos:altLabel ?a }")
    assert {"蜜蜂", "开放协同，持续进化"} <= {str(r["a"]) for r in rows}
    assert _links(store, "framework:tencent-values") == {"tencent"}


def test_mission_vision_framework(store):
    """使命愿景: 用户为本 科技向善 spelt out as five commitments."""
    assert set(_concepts(store, "tencent-mission-vision").values()) == {
        "一切以用户价值为依归", "将社会责任融入产品及服务之中", "推动科技创新与文化遗产",
        "助力各行各业升级", "促进社会的可持续发展"}
    assert _sources(store, "framework:tencent-mission-vision") == {"s1-1-mission-vision"}
    assert _sources(store, "concept:mission-user-value") == {"s1-1-mission-vision", "s1-1"}
    assert _links(store, "framework:tencent-mission-vision") == {"tencent", "tech-for-good"}


def test_chen_chunhua_article(store):
    """陈春花's article, offered as QR further reading in 1.1."""
    node = "program:chen-chunhua-tech-company-mission-article"
    assert _zh(store, node) == "科技公司的最终使命是实现社会期望价值"
    assert _sources(store, node) == {"s1-1"}
    assert "陈春花" in _description(store, node)


def test_company_law_and_listing_rules(store):
    """腾讯遵循《公司法》、香港联交所上市规则 (1.2 lead); the leading index follows 《公司法》."""
    assert _sources(store, "standard:company-law") == {"s1-2", "csr-approach-leading-index"}
    assert _sources(store, "standard:hkex-listing-rules") == {"s1-2"}
    rows = store.select("SELECT ?p WHERE { standard:hkex-listing-rules dcterms:publisher ?p }")
    assert {str(r["p"]).rsplit("/", 1)[-1] for r in rows} == {"hkex"}
    assert "领先指数" in _description(store, "standard:company-law")


def test_leading_index_monitoring_period(store):
    """The index's data monitoring period (2019-01-01 to 2020-04-30) is in its description."""
    assert "2019年1月1日至2020年4月30日" in _description(store, "program:csr-leading-index")


def test_data_restraint_five_you(store):
    """科技向善，数据有度: the five 有; the P·B·D methodology no longer carries it as an alias."""
    assert set(_concepts(store, "data-restraint-principle").values()) == {
        "收集数据有限度", "数据服务有温度", "使用数据有态度", "管理数据有法度", "保护数据有力度"}
    assert _sources(store, "framework:data-restraint-principle") == {"s1-2-data-privacy"}
    rows = store.select("SELECT ?a WHERE { program:pbd-privacy-methodology skos:altLabel ?a }")
    assert "科技向善，数据有度" not in {str(r["a"]) for r in rows}


def test_data_management_five_dimensions(store):
    """合规管理、产品评审、安全保障、内部审计和员工宣导五大维度."""
    assert set(_concepts(store, "data-management-five-dimensions").values()) == {
        "合规管理", "产品评审", "安全保障", "内部审计", "员工宣导"}
    assert _sources(store, "framework:data-management-five-dimensions") == {"s1-2-data-privacy"}


def test_privacy_measures_and_quantum_encryption(store):
    """The privacy measures, pre-launch risk assessment among them; 量子加密 among the
    techniques."""
    concepts = _concepts(store, "privacy-measures")
    assert len(concepts) == 6
    assert concepts["privacy-risk-assessment"] == "在新产品推出前进行隐私风险评估"
    assert _sources(store, "concept:privacy-risk-assessment") == {"s1-2-data-privacy"}
    assert _links(store, "concept:privacy-white-paper-platform") == {
        "tencent-privacy-white-paper", "tencent-privacy-protection-platform"}
    assert _links(store, "concept:privacy-dedicated-team") == {"tencent-privacy-team"}
    assert "量子加密" in _description(store, "framework:data-security-stages")


def test_employee_benefits(store):
    """为员工提供全面福利: 13 benefits, six health services, five festivals."""
    benefits = _concepts(store, "employee-benefits")
    assert len(benefits) == 13
    assert {"五险一金", "专属商业保险", "婚育礼金", "弹性工作时间", "充足的带薪假期"} <= set(
        benefits.values())
    assert _links(store, "concept:benefit-housing-loan") == {"tencent-anju-plan"}
    assert _links(store, "concept:benefit-festivals") == {"festival-benefits"}
    assert set(_concepts(store, "festival-benefits").values()) == {
        "春节", "女生节", "儿童节", "中秋节", "长辈关怀节"}
    health = _concepts(store, "employee-health-management")
    assert health["health-24h-adviser"] == "24小时健康咨询顾问" and len(health) == 6
    for fid in ("employee-benefits", "festival-benefits", "employee-health-management"):
        assert _sources(store, f"framework:{fid}") == {"s1-3-benefits"}


def test_tencent_academy_roles_and_vision(store):
    """腾讯学院: vision 成为最受尊敬的企业大学 and its four roles."""
    assert set(_concepts(store, "tencent-academy-roles").values()) == {
        "员工成长顾问", "业务发展伙伴", "组织文化使者", "生态建设助手"}
    assert _sources(store, "framework:tencent-academy-roles") == {"s1-3-growth"}
    assert _links(store, "framework:tencent-academy-roles") == {"tencent-academy"}
    assert "最受尊敬的企业大学" in _description(store, "tencent:tencent-academy")


def test_dual_track_career(store):
    """专业和管理“双通道”职业发展体系."""
    assert set(_concepts(store, "dual-track-career").values()) == {"专业", "管理"}
    assert _sources(store, "framework:dual-track-career") == {"s1-3-growth"}
    assert _links(store, "framework:dual-track-career") == {"dual-track-career-system"}


def test_stakeholder_table_meetings(store):
    """利益相关方一览: 供应商大会、合作伙伴论坛 (business partners), 股东大会、股东特别大会."""
    rows = store.select("""SELECT ?x WHERE { stakeholder:business-partners csr:practiceBy ?x }""")
    assert {str(r["x"]).rsplit("/", 1)[-1] for r in rows} == {
        "anti-bribery-task-force", "supplier-conference", "partner-forum"}
    rows = store.select("""SELECT ?x WHERE { stakeholder:shareholders csr:practiceBy ?x }""")
    assert {"tencent-shareholders-meeting", "tencent-extraordinary-general-meeting"} <= {
        str(r["x"]).rsplit("/", 1)[-1] for r in rows}
    for ev in ("supplier-conference", "partner-forum", "tencent-shareholders-meeting",
               "tencent-extraordinary-general-meeting"):
        assert _sources(store, f"event:{ev}") == {"stakeholder-overview"}
        assert _sources(store, f"<{PS}{ev}--tencent--organizer>") == {"stakeholder-overview"}
    assert _zh(store, "event:supplier-conference") == "供应商大会"
    assert _zh(store, "event:partner-forum") == "合作伙伴论坛"
