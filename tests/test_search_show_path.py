"""kg search, kg show and kg path on the real graph: a name a person remembers finds the
entity, its card carries its relations, figures and pages, and two entities' links read as
chains."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.card import card, render
from kg.cli import main
from kg.errors import UsageError
from kg.rdf import pinyin
from kg.search import resolve, search, suggest

WEICUN = "https://w3id.org/csr-kg/id/program/weicun"
GIVING_DAY = "https://w3id.org/csr-kg/id/program/99-giving-day"
RUQI = "https://w3id.org/csr-kg/id/org/ruqi-mobility"


def kg(built, *args):
    return CliRunner().invoke(main, [*args, "--store", str(built.store)])


@pytest.mark.parametrize("text, first, how", [
    ("weicun", WEICUN, "pinyin"),          # pinyin of the alias 为村
    ("wei cun", WEICUN, "pinyin"),         # spaces do not matter
    ("为村", WEICUN, "alias"),
    ("WeCounty", WEICUN, "alias"),
    ("tencent wecounty", WEICUN, "label"),
    ("99", GIVING_DAY, "label"),           # 99公益日 before 2019年99公益日 (a prefix wins)
    ("ruqi-mobility", RUQI, "label"),   # "-" dropped: the label Ruqi Mobility, exactly
    ("ＷｅＣｏｕｎｔｙ", WEICUN, "alias"),  # full-width letters
])
def test_search_finds_and_ranks(store, text, first, how):
    hits = search(store, text)
    assert (hits[0].iri, hits[0].how) == (first, how)


def test_search_99_lists_the_giving_day_program_and_the_2019_event(store):
    hits = search(store, "99")
    iris = [h.iri for h in hits]
    assert iris[0] == GIVING_DAY
    assert "https://w3id.org/csr-kg/id/event/99-giving-day-2019" in iris


def test_search_type_filter(store):
    hits = search(store, "为村", types=["event"])
    assert hits and {h.type for h in hits} == {"event"}
    assert "第二届全国“为村”大会" in {h.zh for h in hits}
    with pytest.raises(UsageError, match="unknown type 'thing'"):
        search(store, "为村", types=["thing"])


def test_search_does_not_list_figures_unless_asked(store):
    assert all(h.type != "figure" for h in search(store, "为村", limit=None))
    figures = search(store, "加入平台的村庄", types=["figure"])
    assert figures and figures[0].zh.startswith("腾讯为村：")


def test_pinyin_is_toneless_and_joined():
    assert pinyin("腾讯为村") == "tengxunweicun"
    assert pinyin("99公益日") == "99gongyiri"


def test_resolve_names_ids_and_iris(store):
    for text in ("为村", "weicun", "program:weicun", f"<{WEICUN}>", WEICUN, "腾讯为村"):
        assert str(resolve(store, text)) == WEICUN
    assert str(resolve(store, "如祺出行")) == RUQI


def test_resolve_unknown_and_ambiguous(store):
    with pytest.raises(UsageError, match="no entity named '腾讯未村'; closest: 腾讯数村"):
        resolve(store, "腾讯未村")
    with pytest.raises(UsageError, match=r"'基金会' names \d+ entities: .*give the id"):
        resolve(store, "基金会")
    with pytest.raises(UsageError, match="no entity 'program:weicunx' in the graph; "
                                         "closest: 腾讯为村"):
        resolve(store, "program:weicunx")
    assert suggest(store, "tencnet wecounty")[0].iri == WEICUN  # a misspelling


def test_card_of_ruqi(store):
    c = card(store, RUQI)
    assert (c.zh, c.en) == ("如祺出行", "Ruqi Mobility")
    assert ("企业", "Company") in c.types
    outside = {(link.zh, link.detail_zh) for link in c.links
               if link.rel == "csr:partner" and link.direction == "out"
               and not link.other.startswith("https://w3id.org/csr-kg/id/tencent/")}
    assert outside == {("广汽", "共建方"), ("广州公交集团", "共建方"), ("滴滴", "共建方")}
    transport = ("2.3 一起创造智慧生活 › 智在云上，让产业经济发展更有活力 › "
                 "交通出行：以人为本，共建全新出行生态")
    assert [(s.zh, s.first_page, s.last_page) for s in c.sources] == [
        (transport, 45, 56), (transport + " › 案例 为“如祺出行”注入数字基因", 45, 56)]


def test_card_of_weicun_has_figures_with_unit_date_and_page(store):
    c = card(store, WEICUN)
    villages = [f for f in c.figures if f.value == "15176"]
    assert len(villages) == 1
    assert (villages[0].unit_zh, villages[0].as_of, villages[0].pages) == (
        "个村庄", "2020-02-29", [11])
    grew = [link for link in c.links if link.rel == "csr:grewOutOf"]
    assert [(link.zh, link.direction) for link in grew] == [("筑梦新乡村", "out")]
    readings = {link.rel for link in c.links if link.reading}
    assert readings == {"csr:dimension", "csr:concernsStakeholder", "csr:answersDemand"}
    assert [s.first_page for s in c.sources] == [1, 5, 7, 11, 45, 45]  # 2.3: two of its parts


def test_show_text_in_both_languages(built):
    r = kg(built, "show", "为村")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0] == "腾讯为村 / Tencent WeCounty"
    assert "  加入平台的村庄或社区数: 15176 个村庄  (截至 2020-02-29)  [p. 11]" in lines
    assert "→ 前身 (1)" in lines and "  筑梦新乡村 / Building Dreams for New Villages  " \
        "program:rural-dream" in lines
    assert "  腾讯式扶贫  pp. 11–14" in lines
    r = kg(built, "show", "weicun", "--lang", "en")
    assert r.stdout.splitlines()[0] == "Tencent WeCounty / 腾讯为村"
    assert "→ responsibility dimension (curator's reading) (4)" in r.stdout


def test_show_json(built):
    r = kg(built, "show", "organization:ruqi-mobility", "--format", "json")
    data = json.loads(r.stdout)
    assert data["curie"] == "organization:ruqi-mobility" and data["sources"][0]["first_page"] == 45


def test_show_unknown_suggests_and_exits_2(built):
    r = kg(built, "show", "腾讯未村")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.startswith("error: no entity named '腾讯未村'; closest: 腾讯数村")
    assert r.stderr.count("\n") == 1


def test_search_cli(built):
    r = kg(built, "search", "weicun", "--format", "csv")
    assert r.exit_code == 0
    assert r.stdout.splitlines()[1].startswith(f"{WEICUN},腾讯为村,Tencent WeCounty,program,")
    r = kg(built, "search", "zzzzqqq")
    assert r.exit_code == 1 and "no entity matches 'zzzzqqq'" in r.stderr


def test_path_cli(built):
    # --plain: the breadth-first shortest chains (the default ranks by cost, with a cost column)
    r = kg(built, "path", "为村", "寻乌县", "--plain")
    assert r.exit_code == 0, r.output
    assert r.stdout == ("2  腾讯为村 ←[合作方（技术提供方）]— 点亮寻乌回家路 "
                        "—[实施地｜合作方（执行方）]→ 寻乌县\n")
    r = kg(built, "path", "如祺出行", "广汽", "--lang", "en", "--plain")
    assert r.stdout == "1  Ruqi Mobility —[partner (co-builder)]→ GAC Group\n"


def test_path_cli_no_chain_and_bad_names(built):
    r = kg(built, "path", "为村", "滴滴", "--max-hops", "2")
    assert r.exit_code == 1 and "no chain of at most 2 relations" in r.stderr
    r = kg(built, "path", "为村", "nosuchthing")
    assert r.exit_code == 2 and r.stderr.startswith("error: no entity named 'nosuchthing'")


def test_path_all_lists_longer_chains(built):
    shortest = kg(built, "path", "为村", "寻乌县").stdout.splitlines()
    every = kg(built, "path", "为村", "寻乌县", "--all", "--max-hops", "3").stdout.splitlines()
    assert len(every) > len(shortest) and every[0] == shortest[0]
    assert {line.split()[0] for line in every} <= {"2", "3"}


def test_render_of_a_section_counts_what_it_sources(store):
    text = render(card(store, "https://w3id.org/csr-kg/id/section/tencent-csr-2019/focus-poverty"),
                  "en")
    assert text.splitlines()[0].startswith("Poverty alleviation")
    assert "← source (" in text
