"""Facts c: what 2.3 and 2.4 state and the graph lacked (missing.md of facts c), each with
its exact answer and the finest sub-section that states it, on the real data."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import main

PS = "https://w3id.org/csr-kg/id/partnership/tencent-csr-2019/"
FW = "https://w3id.org/csr-kg/id/framework/"


def _sources(store, iri: str) -> set[str]:
    rows = store.select(f"SELECT ?sec WHERE {{ <{iri}> dcterms:source/skos:notation ?sec }}")
    return {str(r["sec"]) for r in rows}


def _concepts(store, fid: str) -> dict[str, str]:
    """{concept id: zh label} of one framework."""
    rows = store.select(f"""SELECT ?c ?zh WHERE {{ <{FW}{fid}> skos:hasTopConcept ?c .
        ?c skos:inScheme <{FW}{fid}> ; rdfs:label ?zh FILTER(LANG(?zh) = "zh") }}""")
    return {str(r["c"]).rsplit("/", 1)[-1]: str(r["zh"]) for r in rows}


def _links(store, iri: str) -> set[str]:
    rows = store.select(f"SELECT ?t WHERE {{ <{iri}> csr:statedFor ?t }}")
    return {str(r["t"]).rsplit("/", 1)[-1] for r in rows}


def _zh(store, iri: str) -> str:
    rows = store.select(f'SELECT ?d WHERE {{ <{iri}> dcterms:description ?d '
                        f'FILTER(LANG(?d) = "zh") }}')
    return " ".join(str(r["d"]) for r in rows)


def _framework(store, fid, sources, links, labels):
    assert _sources(store, FW + fid) == sources
    assert _links(store, FW + fid) == links
    assert sorted(_concepts(store, fid).values()) == sorted(labels)


C = "https://w3id.org/csr-kg/id/concept/"


# ---- 智在指尖 (s2-3-gov-services)

def test_digital_government_333(store):
    """数字广东公司's “3+3+3” model: three platforms, three apps, three groups."""
    _framework(store, "digital-government-333", {"s2-3-gov-services"},
               {"digital-guangdong-company", "digital-guangdong"},
               ["三大基础资源平台", "三大应用", "三大群体"])
    assert _links(store, C + "dg333-applications") == {
        "yueshengshi", "guangdong-gov-service-website", "yueshengshi-collaborative-office"}


def test_smart_policing_and_110_centre(store):
    """智慧警务: Tencent helps the police; 广东省公安厅's 110指挥中心 dispatches through
    政务微信."""
    rows = store.select("""SELECT ?sec WHERE {
        program:smart-policing csr:covers tencent:gov-wechat ;
        dcterms:source/skos:notation ?sec }""")
    assert {str(r["sec"]) for r in rows} == {"s2-3-gov-services"}
    for iri in ("smart-policing--tencent--technology-provider",
                "smart-policing--guangdong-public-security-dept--implementer",
                "gov-wechat--guangdong-police-110-command-centre--customer"):
        assert _sources(store, PS + iri) == {"s2-3-gov-services"}
    assert store.ask("""ASK { organization:guangdong-police-110-command-centre
        dcterms:isPartOf organization:guangdong-public-security-dept }""")


def test_wei_court_places(store):
    """By end-2019 微法院 was live in 北京地区, 宁波 and 汕头."""
    rows = store.select("""SELECT ?zh WHERE { ?p csr:partnershipIn tencent:wei-court ;
        csr:partner ?x ; dcterms:source/skos:notation "s2-3-gov-services" .
        ?x a csr:Place ; rdfs:label ?zh FILTER(LANG(?zh) = "zh") }""")
    assert {str(r["zh"]) for r in rows} == {"北京", "宁波", "汕头"}


# ---- 医疗、交通、教育 (s2-3-healthcare, s2-3-transport, s2-3-case-meet-summit)

def test_healthy_china_action_opinions(store):
    """《国务院关于实施健康中国行动的意见》 is the State Council's document."""
    assert _sources(store, PS + "healthy-china-action-opinions--state-council--initiator") == {
        "s2-3-healthcare"}
    rows = store.select("""SELECT ?zh WHERE { program:healthy-china-action-opinions rdfs:label ?zh
        FILTER(LANG(?zh) = "zh") }""")
    assert {str(r["zh"]) for r in rows} == {"《国务院关于实施健康中国行动的意见》"}


def test_tad_sim_5g_vehicle_road(store):
    assert "5G车路协同" in _zh(store, "https://w3id.org/csr-kg/id/tencent/tad-sim")
    assert "s2-3-transport" in _sources(store, "https://w3id.org/csr-kg/id/tencent/tad-sim")


def test_meet_summit_theme_and_no_invented_day(store):
    """The summit's theme is 光合·新生; its 12月4日 has no year, so the date stays 2019."""
    iri = "https://w3id.org/csr-kg/id/event/meet-education-conference-2019"
    assert "光合·新生" in _zh(store, iri)
    rows = store.select(f"SELECT ?d WHERE {{ <{iri}> dcterms:date ?d }}")
    assert {str(r["d"]) for r in rows} == {"2019"}
    assert "s2-3-case-meet-summit" in _sources(store, iri)


def test_photosynthesis_bai_qian_wan(store):
    """光合计划's “百千万”: 100 poor counties, 1000 smart campuses, 10000 campus CIOs."""
    _framework(store, "photosynthesis-bqw", {"s2-3-case-meet-summit"}, {"photosynthesis-plan"},
               ["助力100个贫困县的教育扶贫", "打造1000所标杆智慧校园", "培养10000名校园CIO"])
    assert _sources(store, C + "bqw-1000-smart-campuses") == {
        "s2-3-case-meet-summit", "focus-poverty-connection"}


def test_education_two_plans(store):
    _framework(store, "education-two-strategic-plans", {"s2-3-case-meet-summit"},
               {"tencent-education"},
               ["计划一：WeLearning智能教育解决方案", "计划二：智能教育“光合计划”"])
    assert _links(store, C + "edu-plan-photosynthesis") == {"photosynthesis-plan"}


def test_yunnan_five_ones(store):
    _framework(store, "yunnan-five-ones", {"s2-3-culture-tourism"},
               {"yunnan-culture-tourism-ip-plan"},
               ["塑造一个IP形象", "打造一个数字小镇", "推广一条旅游环线", "孵化一条产业链",
                "提供一种解决方案"])


# ---- 零售 (s2-3-retail, s2-3-case-wanda, s2-3-case-88-day)

def test_com2_three_forms(store):
    _framework(store, "com2-three-forms", {"s2-3-retail"}, {"new-formats-com2"},
               ["品牌官方小程序", "官方导购", "超级社群"])


def test_88_day_functions(store):
    """The 9 core functions of 88智慧生活日; 扫码点餐, 无感出行, 电子缴费, 小程序码上生活 are
    WeChat Pay functions stated there."""
    rows = store.select("""SELECT ?zh WHERE { ?x dcterms:isPartOf tencent:wechat-pay ;
        dcterms:source/skos:notation "s2-3-case-88-day" ; rdfs:label ?zh
        FILTER(LANG(?zh) = "zh") }""")
    assert {str(r["zh"]) for r in rows} == {
        "零钱通", "微信支付分", "亲属卡", "微信支付电子发票", "微信人脸支付", "扫码点餐",
        "无感出行", "电子缴费", "小程序码上生活"}
    assert _sources(store, FW + "smart-living-day-nine-functions") == {"s2-3-case-88-day"}
    assert len(_concepts(store, "smart-living-day-nine-functions")) == 9
    assert _links(store, C + "f88-code-life") == {"mini-program-code-life"}
    _framework(store, "smart-living-day-five-industries", {"s2-3-case-88-day"},
               {"wechat-pay-88-smart-living-day-2019"}, ["餐饮", "医药", "时尚", "零售", "物流"])


def test_smart_plaza_experiences(store):
    """丰科万达 smart plaza: 扫码购, 断码货品到家服务, the DSEELAB holographic screen ..."""
    labels = set(_concepts(store, "smart-plaza-experiences").values())
    assert {"扫码购", "小程序随心搭", "断码货品到家服务", "DSEELAB全息广告屏"} <= labels
    assert len(labels) == 8
    assert _links(store, C + "plaza-dseelab-screen") == {"dseelab"}
    assert _sources(store, FW + "smart-plaza-experiences") == {"s2-3-case-wanda"}
    assert _sources(store, PS + "fengke-smart-plaza--dseelab--partner") == {"s2-3-case-wanda"}


# ---- 社区治理 (s2-3-urban-community, s2-3-rural-governance, s2-3-case-qionglai, standards)

def test_haina_ecosystem(store):
    _framework(store, "haina-ecosystem-services", {"s2-3-urban-community"}, {"tencent-haina"},
               ["智慧物联", "智能垃圾分类", "生态：企鹅医生", "爱心书屋", "智慧停车", "智能车位柜",
                "智能语音客服", "智慧通道管理"])
    assert _links(store, C + "haina-eco-penguin-doctor") == {"penguin-doctor"}


def test_weicun_features(store):
    """村友圈 and 议事厅 are features of 腾讯为村; 青村镇 uses 议事厅."""
    rows = store.select("""SELECT ?zh ?sec WHERE { ?x dcterms:isPartOf program:weicun ;
        a csr:Product ; rdfs:label ?zh ; dcterms:source/skos:notation ?sec
        FILTER(LANG(?zh) = "zh") }""")
    assert {(str(r["zh"]), str(r["sec"])) for r in rows} == {
        ("村友圈", "s2-3-rural-governance"), ("议事厅", "s2-3-rural-governance")}
    assert _sources(store, PS + "weicun-council-hall--qingcun-town--customer") == {
        "s2-3-rural-governance"}


def test_qionglai_four_weis(store):
    _framework(store, "qionglai-four-weis", {"s2-3-case-qionglai"},
               {"qionglai-all-area-weicun"}, ["为党建", "为服务", "为产业", "为治理"])
    assert _links(store, C + "qionglai-for-party-building") == {"qionglai-micro-party-school"}


def test_zhibiaowei_earlier_standards(store):
    """智标委 had issued several smart-community industry standards (unnamed: no standard entry)."""
    iri = "https://w3id.org/csr-kg/id/org/zhibiaowei"
    assert "多项智慧社区行业标准" in _zh(store, iri)
    assert _sources(store, iri) == {"s2-3-smart-community-standards"}


# ---- 专题 稳就业 (s2-3-employment)

def test_new_production_tools(store):
    _framework(store, "wechat-new-production-tools", {"s2-3-wechat-commerce"}, {"wechat"},
               ["新生产工具：公众号", "新生产工具：小程序", "新生产工具：微信支付"])


def test_cloud_data_intelligence(store):
    rows = store.select("""SELECT ?zh WHERE { program:cloud-data-intelligence-measures
        rdfs:label ?zh FILTER(LANG(?zh) = "zh") }""")
    assert {str(r["zh"]) for r in rows} == {"上云用数赋智"}
    assert _sources(store, "https://w3id.org/csr-kg/id/program/cloud-data-intelligence-measures"
                    ) == {"s2-3-new-occupations"}


def test_top10_jobs(store):
    concepts = _concepts(store, "wechat-top10-jobs")
    ranked = [concepts[c] for c in sorted(concepts, key=lambda c: int(c.split("-")[1]))]
    assert ranked == ["新媒体运营", "社群运营", "小游戏开发工程师", "微信公众号运营",
                      "小程序运营", "短视频运营", "微信小程序开发", "用户运营", "流量增长专家",
                      "朋友圈广告投放运营师"]
    assert _sources(store, FW + "wechat-top10-jobs") == {"s2-3-top10-jobs"}


def test_six_traits_three_trends(store):
    assert len(_concepts(store, "wechat-entrepreneur-six-traits")) == 6
    assert _sources(store, FW + "wechat-entrepreneur-six-traits") == {"s2-3-six-traits"}
    _framework(store, "wechat-employment-three-trends", {"s2-3-three-trends"}, {"wechat"},
               ["从数字化岗位向岗位数字化转变", "按需结合、灵活发散的就业方式逐步普及",
                "新生产工具成为数字化就业标配"])


def test_employment_combination(store):
    _framework(store, "digital-employment-combination", {"s2-3-epidemic-employment"},
               {"wechat", "stable-employment"}, ["稳存量", "促增量", "提质量"])
    assert "s2-3-add-new" in _sources(store, C + "jobs-add-new")


# ---- 2.4

def test_security_scenarios(store):
    _framework(store, "tencent-security-scenarios", {"s2-4-scenarios"}, {"tencent-security"},
               ["安全+政务", "安全+金融", "安全+出行", "安全+零售", "安全+文娱"])
    assert _links(store, C + "scene-security-entertainment") == {"tianyu-content-risk-control"}
    _framework(store, "security-gov-three-capabilities", {"s2-4-scenarios"}, {"tencent-security"},
               ["互联网+监管", "统一身份认证体系", "基础IT安全"])
    _framework(store, "financial-security-three-solutions", {"s2-4-scenarios"},
               {"financial-security-smart-brain"}, ["金融监管", "金融风控", "金融基础安全"])


def test_lingkun_three_advantages(store):
    _framework(store, "lingkun-brain-three-advantages", {"s2-4-co-governance"},
               {"lingkun-regulatory-brain"}, ["特征覆盖全", "模型可扩展", "运用领域可复制"])


def test_expert_platform(store):
    _framework(store, "expert-platform-four-advantages", {"s2-4-expert-platform"},
               {"tencent-security-expert-service-platform"},
               ["前沿的理论基础和技术研究", "各专业委员会的综合能力", "丰富的临床实战能力",
                "专业的服务能力"])
    _framework(store, "expert-service-lifecycle", {"s2-4-expert-platform"},
               {"tencent-security-expert-service-platform"},
               ["需求与规划", "设计与开发", "建设与实施", "上线与运维"])


@pytest.mark.parametrize("name", ["百千万", "议事厅", "村友圈", "扫码点餐", "DSEELAB", "智慧警务",
                                  "微信生态相关就业岗位TOP10", "灵鲲监管大脑三大优势"])
def test_show_finds_new_names(store, name):
    result = CliRunner().invoke(main, ["show", name, "--store", str(store.path)])
    assert result.exit_code == 0, result.output
