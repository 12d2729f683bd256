"""The canned library, continued: figures, timelines, places, people, awards, the rating, the
indicator index and the report's structure, each checked against what the report prints
(see tests/test_queries.py for the library's own checks and the engines' parity)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from canned_answers import ids, labels, local, q, table
from rdflib import Literal

from kg.namespaces import CSR, ID, RDF, RDFS, SKOS

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
    assert len(rows) == 44
    assert ("2016", "2016", "global-tech-talent-recruitment") in table(
        rows, "year", "started", "program")  # 3.1: hiring tech talent worldwide since 2016
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
    # 3.3: the platform's giving forms (单次捐, 一对一, 为TA祈福, 家庭基金, 配捐) and its
    # transparency prompt are parts of it too
    assert len(rows) == 17
    assert {"single-donation", "one-to-one-donation", "bless-donation", "family-fund-donation",
            "matched-giving", "transparency-prompt"} <= {local(r["part"]) for r in rows}
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
                                    "national-day-lanterns",
                                    # the two films of the 时代旋律 series (专题, 2.2)
                                    "my-people-my-country-film",
                                    "fathers-grassland-mothers-river"}


def test_events_timeline(store, zh):
    """Tencent's founding (Shenzhen, November 1998) opens the timeline; Ruqi Mobility went live
    in June 2019 (2.3, p. 45); the UN partnership was announced on 2020-03-31 (p. 15)."""
    rows = q(store, "events-timeline")
    # 67: with the undated 供应商大会, 合作伙伴论坛 and the two shareholders' meetings of the
    # stakeholder table (p. 10) and 2.1's 2019 "双百" milestone
    assert len(rows) == 67
    assert {"supplier-conference", "partner-forum", "double-hundred-milestone-2019"} <= {
        local(r["event"]) for r in rows}
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
    assert len(rows) == 116
    assert Counter(local(r["unit"]) for r in rows).most_common(2) == [("tencent", 73),
                                                                      ("tencent-news", 6)]
    assert "tencent-foundation" not in ids(rows, "unit")  # an outside foundation, not a unit


def test_organizations_by_kind(store, zh):
    """The international organizations the report names: the UN, UNICEF, the WHO, UN-Habitat,
    ITU-T, BRICS, ISO and GRI (GRI and ISO only as authors of guidelines, 附录01 and 责任之道)."""
    rows = q(store, "organizations-by-kind")
    assert len(rows) == 109  # with 2.3's 广东 110 command centre and the DSEELAB screen maker
    assert Counter(local(r["kind"]) for r in rows) == Counter({
        "company": 23, "government": 18, "academic": 15, "association": 12, "other": 13,
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
    assert len(rows) == 27 and len(ids(rows, "award")) == 21  # 21: 1.4's first taxi e-invoice
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
    pp. 15-22 inside 特别聚焦; chapter 2 runs pp. 33-62. A section's parts follow it, with its
    pages and their kind, and its count of facts includes its parts'."""
    rows = q(store, "report-structure")
    got = table(rows, "section", "part", "startPage", "endPage")
    assert len(got) == 189  # 30 parts and sections, 159 sections' parts
    assert ("s2-3-case-ruqi", "s2-3-transport", 45, 56) in got
    kinds = {local(r["section"]): local(r.get("kind")) for r in rows if r.get("kind")}
    assert kinds["s2-3-case-ruqi"] == "case" and kinds["s2-2-feature-positive-energy"] == "feature"
    assert "s2-3" not in kinds
    assert got[0] == ("messages", None, 1, 6) and got[-1] == ("reader-feedback", "appendix", 85, 85)
    assert ("focus-epidemic", "special-focus", 15, 22) in got
    assert ("ch2", None, 33, 62) in got
    facts = {local(r["section"]): int(r["facts"]) for r in rows}
    # only the chapter opening's 深耕消费互联网，拥抱产业互联网 and its two concepts
    assert facts["ch2"] == 3
    # 7 groups, 21 demands, Tencent, the Tencent Foundation, 7 units (HR, OHS committee...),
    # and the four meetings the table names (供应商大会, 合作伙伴论坛, 股东大会, 股东特别大会)
    # with Tencent as their organiser
    assert facts["stakeholder-overview"] == 45
    assert max(facts, key=facts.get) == "s2-3"
    assert facts["s2-3"] == len({r["thing"] for r in q(store, "section-contents")})  # below


def test_section_contents(store, zh):
    """2.3 一起创造智慧生活 (pp. 45-56) names 如祺出行 and its builders; the 第三方点评 section
    (p. 81) holds the rating, its seven criteria and the two standards it rests on."""
    rows = q(store, "section-contents")  # default: 2.3
    got = {(local(r["type"]), local(r["thing"])) for r in rows}
    assert {("ontology#Company", "ruqi-mobility"), ("ontology#Company", "gac-group"),
            ("ontology#Event", "ruqi-mobility-launch"),
            ("ontology#Program", "weicun")} <= got
    sourced_in = {local(r["sourcedIn"]): local(r["thing"]) for r in rows}
    assert all(s == "s2-3" or s.startswith("s2-3-") for s in sourced_in)
    assert ("s2-3-case-ruqi", "ontology#Company", "gac-group") in {
        (local(r["sourcedIn"]), local(r["type"]), local(r["thing"])) for r in rows}
    review = q(store, "section-contents", section="id:section/tencent-csr-2019/third-party-review")
    assert Counter(local(r["type"]) for r in review)["ontology#CriterionRating"] == 7
    assert labels(zh, [r for r in review if local(r["type"]) == "ontology#Standard"],
                  "thing") == {"中国企业社会责任报告指南（CASS-CSR 4.0）",
                               "中国企业社会责任报告评级标准（2020）"}
    chapter3 = q(store, "section-contents", section="id:section/tencent-csr-2019/ch3",
                 type="csr:Program")
    assert {local(r["sourcedIn"])[:4] for r in chapter3} == {"s3-1", "s3-2", "s3-3", "s3-4"}
    assert {local(r["type"]) for r in chapter3} == {"ontology#Program"}
    assert {"xplorer-prize", "digital-forbidden-city", "99-giving-day",
            "ocean-plastic-reduction"} <= ids(chapter3, "thing")
    assert "hundred-million-saxaul" not in ids(chapter3, "thing")  # 腾讯式扶贫 only, p. 11


def test_sources_of_entities(store):
    """腾讯为村 is spoken of in 马化腾's (p. 1) and 陈一丹's (p. 5) messages, among the award
    winners of 责任之道 (p. 7), in 腾讯式扶贫 (p. 11) and in 2.3's rural governance and its 邛崃
    case (p. 45); the Palace Museum in 刘炽平's message (p. 3) and three parts of 3.2 (p. 67)."""
    rows = q(store, "sources-of-entity")  # default: 腾讯为村
    assert sorted({(local(r["section"]), int(r["startPage"])) for r in rows},
                  key=lambda x: (x[1], x[0])) == [
        ("msg-ma-huateng", 1), ("msg-chen-yidan", 5), ("csr-approach-award-winners", 7),
        ("focus-poverty", 11), ("focus-poverty-endogenous", 11),
        ("focus-poverty-weicun-talent", 11), ("s2-3-case-qionglai", 45),
        ("s2-3-rural-governance", 45)]
    own = {local(r["section"]) for r in rows if local(r["statement"]) == "weicun"}
    assert own == {"msg-ma-huateng", "msg-chen-yidan", "csr-approach-award-winners",
                   "focus-poverty", "s2-3-case-qionglai", "s2-3-rural-governance"}
    assert ("obs-poverty-weicun-villages", "focus-poverty-endogenous") in {
        (local(r["statement"]), local(r["section"])) for r in rows}
    paths = {local(r["section"]): str(r["path"]) for r in rows}
    assert paths["focus-poverty-endogenous"] == "腾讯式扶贫 › 激发乡村的内生发展动力"
    assert paths["s2-3-case-qionglai"] == (
        "2.3 一起创造智慧生活 › 智在身边，为城乡社区治理提供支撑 › "
        "为乡村量身打造数字治理方案 › 案例 四川邛崃“全域为村”")
    palace = q(store, "sources-of-entity", entity="organization:palace-museum")
    assert {(local(r["section"]), int(r["startPage"]), int(r["endPage"])) for r in palace} == {
        ("msg-martin-lau", 3, 4), ("s3-2-heritage", 67, 70), ("s3-2-case-digital-palace", 67, 70)}


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
