"""Issue 11, items 6 and 7, checked on the built graph: program descriptions say what a program
is and does; three over-inferences are gone; figures carry units that fit what they count."""

from __future__ import annotations

import pytest

ID = "https://w3id.org/csr-kg/id/"
OBS = ID + "observation/tencent-csr-2019/"
MIN_ZH = 22  # shortest Chinese description a program may have


def test_every_program_has_a_zh_description_of_at_least_22_characters(store):
    rows = store.select("""SELECT ?p (SAMPLE(?d) AS ?desc) WHERE { ?p a csr:Program .
        OPTIONAL { ?p dcterms:description ?d FILTER(lang(?d) = "zh") } } GROUP BY ?p""")
    assert len(rows) > 200
    short = sorted(str(r["p"]).rsplit("/", 1)[-1] for r in rows
                   if len(str(r.get("desc") or "")) < MIN_ZH)
    assert short == [], f"programs with a zh description under {MIN_ZH} characters: {short}"


def test_every_program_has_an_en_description(store):
    missing = store.select("""SELECT ?p WHERE { ?p a csr:Program .
        FILTER NOT EXISTS { ?p dcterms:description ?d FILTER(lang(?d) = "en") } }""")
    assert len(missing) == 0


def test_guardian_program_description_speaks_of_fraud(store):
    """2.4 一起守护网络安全 (p. 57): 守护者计划 fights online fraud, not just an award winner."""
    rows = store.select("""SELECT ?zh ?en WHERE { program:guardian-program
        dcterms:description ?zh, ?en FILTER(lang(?zh) = "zh" && lang(?en) = "en") }""")
    rows = list(rows)
    assert len(rows) == 1
    assert "诈骗" in str(rows[0]["zh"])
    assert "fraud" in str(rows[0]["en"])


OVER_INFERENCES = [
    # (why, ASK pattern that must be false)
    ("中国移动 is only part of the 光明 data centre's name (3.4)",
     """?p csr:partnershipIn place:guangming-data-center-phase-2 ;
           csr:partner organization:china-mobile"""),
    ("万国数据 is only part of the 光明 data centre's name (3.4)",
     """?p csr:partnershipIn place:guangming-data-center-phase-2 ; csr:partner organization:gds"""),
    ("the report never puts 成都 in 四川",
     "place:chengdu schema:containedInPlace place:sichuan"),
    ("the report never puts 深圳 in 广东 (it says 中国深圳)",
     "place:shenzhen schema:containedInPlace place:guangdong"),
    ("the report never puts 汶川 in 四川",
     "place:wenchuan-county schema:containedInPlace place:sichuan"),
    ("the report never puts 武汉 in 湖北",
     "place:wuhan schema:containedInPlace place:hubei"),
    ("the report names no 福建 at all", "place:fujian ?p ?o"),
    ("集小红花 is only named in 陈一丹's message, never as part of the charity platform",
     "program:little-red-flower dcterms:isPartOf program:tencent-charity-platform"),
    ("爱心接龙 likewise",
     "program:love-relay dcterms:isPartOf program:tencent-charity-platform"),
]


@pytest.mark.parametrize("why,pattern", OVER_INFERENCES, ids=[w for w, _ in OVER_INFERENCES])
def test_over_inference_is_gone(store, why, pattern):
    assert store.ask(f"ASK {{ {pattern} }}") is False, why


def test_data_centre_has_no_partner_left_but_its_green_core(store):
    rows = store.select("""SELECT ?x WHERE {
        ?p csr:partnershipIn place:guangming-data-center-phase-2 ; csr:partner ?x }""")
    assert {str(r["x"]).rsplit("/", 1)[-1] for r in rows} == {"tmdc"}


def test_stated_places_are_kept(store):
    """What the text prints stays: 江西省赣州市寻乌县, 四川邛崃, 深圳南山的滨海大厦, 国内的成都."""
    for child, parent in [("xunwu-county", "ganzhou"), ("ganzhou", "jiangxi"),
                          ("qionglai", "sichuan"), ("tencent-binhai-building", "nanshan-district"),
                          ("nanshan-district", "shenzhen"), ("chengdu", "china"),
                          ("shenzhen", "china")]:
        assert store.ask(f"ASK {{ place:{child} schema:containedInPlace place:{parent} }}"), child


UNIT_FIXES = [
    # observation, unit it must have, unit it must no longer have
    ("s23-national-gov-mp-pageviews", "times", "count"),      # 总浏览量超7500万 (views)
    ("obs-99-giving-day-2019-growth", "multiple", "times"),   # 是去年的两倍
    ("s23-mini-programs-double11-growth", "multiple", "times"),  # 同比增长5倍以上
    ("obs-mini-programs-dau-2020q1", "account", "user"),      # 小程序日活跃账户超过4亿
    ("obs-s13-countries", "country", "count"),                # 来自全球18个国家和地区
    ("s23-tax-refund-home-refund", "country", "count"),       # 覆盖27个国家及地区
]


@pytest.mark.parametrize("obs,unit,old", UNIT_FIXES, ids=[u[0] for u in UNIT_FIXES])
def test_unit_fits_measure(store, obs, unit, old):
    rows = store.select(f"SELECT ?u WHERE {{ <{OBS}{obs}> csr:unit ?u }}")
    assert {str(r["u"]) for r in rows} == {f"{ID}unit/{unit}"}, (obs, old)


def test_multiple_unit_is_declared(store):
    rows = store.select("""SELECT ?zh WHERE { unit:multiple rdfs:label ?zh
        FILTER(lang(?zh) = "zh") }""")
    assert {str(r["zh"]) for r in rows} == {"倍"}
