"""Search compares names the way a person types them (issue 11, items 8-10): full-width,
quotes, brackets and spaces do not matter, Latin matches whole words, pinyin whole syllables,
descriptions rank below names, nothing is cut silently; the SQLite index beside the store and
the SPARQL fallback agree; every name kg prints parses back as SPARQL; and ``kg show`` takes
an exact label before an id or a substring."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.library import catalog
from kg.namespaces import PREFIXES, curie
from kg.search import resolve, search
from kg.search_index import INDEX_NAME, open_index

KG = str(Path(sys.executable).with_name("kg"))
ID = "https://w3id.org/csr-kg/id/"
CODE_AGAINST_EPIDEMIC = ID + "program/code-against-epidemic"   # 代码“战疫”
TENCENT_SHENZHEN = ID + "tencent/tencent-technology-shenzhen"    # 腾讯科技（深圳）有限公司
WEICUN = ID + "program/weicun"
ESG_GUIDE = ID + "standard/hkex-esg-guide"
UN = ID + "org/un"
WECARE = ID + "program/wecare-charity-plan"
KOUDING = ID + "tencent/tencent-kouding"                        # 腾讯的少儿编程教育平台
PENGUIN_EDUCATION = ID + "tencent/penguin-education"            # 企鹅教育


def kg(built, *args):
    return CliRunner().invoke(main, [*args, "--store", str(built.store)])


def iris(hits):
    return [h.iri for h in hits]


@pytest.mark.parametrize("text", [
    "代码“战疫”", "代码战疫", "代码\"战疫\"", "代码《战疫》", "代码 战 疫", "daimazhanyi",
    "daima zhanyi", "ＤＡＩＭＡ ＺＨＡＮＹＩ"])
def test_quotes_brackets_spaces_full_width_and_pinyin_find_code_against_epidemic(store, text):
    assert iris(search(store, text))[:1] == [CODE_AGAINST_EPIDEMIC]


def test_full_width_brackets_meet_the_label(store):
    for text in ("腾讯科技（深圳）有限公司", "腾讯科技(深圳)有限公司", "腾讯科技深圳有限公司"):
        hits = search(store, text)
        assert (hits[0].iri, hits[0].how, hits[0].tier) == (TENCENT_SHENZHEN, "label", 3)


def test_pinyin_matches_whole_syllables_only(store):
    assert search(store, "weicun")[0].iri == WEICUN
    assert CODE_AGAINST_EPIDEMIC in iris(search(store, "zhanyi"))  # two whole syllables
    for half in ("eicun", "weicu", "aimazhanyi", "daimazhany"):
        # no pinyin hit (weicu still starts the id weicun, a Latin word)
        assert not [h for h in search(store, half, limit=None) if h.how == "pinyin"]
    assert search(store, "eicun", limit=None) == []


def test_latin_matches_start_at_a_word(store):
    assert iris(search(store, "ESG")) == [ESG_GUIDE]  # not "Smart Industries Group"
    un = search(store, "UN", limit=None)
    assert un[0].iri == UN and (un[0].how, un[0].tier) == ("alias", 3)
    assert ID + "org/un-habitat" in iris(un) and ID + "org/unicef" in iris(un)
    # "Tencent Foundation", "Tencent Charity Foundation"...: no UN inside a word
    assert not [h for h in un if re.search(r"[a-z]un", h.matched.lower())
                and not re.search(r"\bun", h.matched.lower())]
    assert ID + "org/tencent-foundation" not in iris(un)


def test_exact_and_prefix_rank_before_a_match_inside(store):
    hits = search(store, "99", limit=None)
    assert hits[0].iri == ID + "program/99-giving-day" and hits[0].tier == 2  # 99公益日
    tiers = [h.tier for h in hits if h.how not in ("description", "note")]
    assert tiers == sorted(tiers, reverse=True)


def test_descriptions_are_searched_and_rank_below_every_name(store):
    hits = search(store, "教育", limit=None)
    hows = [h.how for h in hits]
    first_description = hows.index("description")
    assert all(h not in ("description", "note") for h in hows[:first_description])
    assert set(hows[first_description:]) <= {"description", "note"}
    assert PENGUIN_EDUCATION in iris(hits[:first_description])
    kouding = next(h for h in hits if h.iri == KOUDING)  # 腾讯扣叮: 教育 only in its description
    assert kouding.how == "description" and "教育" in kouding.matched
    assert "教育" not in kouding.zh


def test_description_column_in_the_cli(built):
    r = kg(built, "search", "少儿编程", "--format", "csv")
    assert r.exit_code == 0
    row = r.stdout.splitlines()[1]
    assert row.startswith(KOUDING + ",腾讯扣叮,") and "description: 腾讯的少儿编程教育平台" in row


def test_n_of_m_shown_on_stderr_only(built):
    total = len(search_all(built, "教育"))
    assert total > 20
    r = kg(built, "search", "教育")
    assert r.stderr == f"20 of {total} shown (--limit)\n"
    assert r.stdout.strip().endswith("(20 rows)")
    r = kg(built, "search", "教育", "--format", "json", "--limit", "5")
    assert r.stderr == f"5 of {total} shown (--limit)\n"
    assert len(json.loads(r.stdout)["results"]["bindings"]) == 5  # stdout is pure JSON
    r = kg(built, "search", "教育", "--format", "csv", "--limit", "0")
    assert r.stderr == "" and len(r.stdout.splitlines()) == total + 1


def search_all(built, text):
    from kg.store import OxigraphStore

    return search(OxigraphStore(built.store), text, limit=None)


def test_the_build_writes_the_index_into_the_store_version(built, store):
    index = built.store / INDEX_NAME
    assert index.is_file() and index.resolve().parent == built.store.resolve()
    assert open_index(store) is not None
    assert search(store, "weicun").engine == "index"
    assert search(store, "weicun", use_index=False).engine == "sparql"


@pytest.mark.parametrize("text", ["weicun", "代码战疫", "教育", "UN", "ESG", "99", "基金会",
                                  "腾讯科技（深圳）", "eicun", "Foundation", "乡村", "+政", "3+",
                                  "项"])
def test_index_and_sparql_fallback_give_the_same_hits(store, memory_store, text):
    fast = search(store, text, limit=None)
    slow = search(store, text, limit=None, use_index=False)
    other = search(memory_store, text, limit=None)  # rdflib: SPARQL only
    assert fast.engine == "index" and slow.engine == other.engine == "sparql"
    key = [(h.iri, h.how, h.score) for h in fast]
    assert key == [(h.iri, h.how, h.score) for h in slow]
    assert key == [(h.iri, h.how, h.score) for h in other]


def test_curie_prints_only_valid_prefixed_names():
    assert curie("https://w3id.org/csr-kg/scheme/role/toolbox") == "role:toolbox"
    assert curie(ID + "program/99-giving-day") == "program:99-giving-day"
    section = ID + "section/tencent-csr-2019/s3-3"
    assert curie(section) == f"<{section}>"
    assert curie("http://example.org/a#b") == "<http://example.org/a#b>"


_NAME = re.compile(r"(?<!\S)(<https?://[^\s>]+>|[A-Za-z][\w-]*:[^\s]+)(?!\S)")


def _printed_names(text: str) -> set[str]:
    """Every CURIE or <IRI> in a table: a word with one of our prefixes, or an IRI in <>."""
    found = set()
    for m in _NAME.finditer(text):
        word = m.group(1).rstrip(",;")  # a name in a listed cell: "a:x, a:y"
        if word.startswith("<") or word.split(":", 1)[0] in PREFIXES:
            found.add(word)
    return found


def _round_trip(built, names: set[str]):
    values = " ".join(sorted(names))
    r = kg(built, "query", "-e", f"SELECT * WHERE {{ VALUES ?x {{ {values} }} }}",
           "--format", "csv")
    assert r.exit_code == 0, r.stderr
    assert len(r.stdout.splitlines()) == len(names) + 1


def test_every_name_in_canned_query_tables_parses_back(built):
    names: set[str] = set()
    for canned in catalog():  # each in a real kg process, as a person runs it
        argv = shlex.split(canned.examples[0])[1:]  # drop "kg"
        r = subprocess.run([KG, *argv, "--store", str(built.store)], capture_output=True,
                           text=True, check=False)
        assert r.returncode in (0, 1), (canned.name, r.stderr)
        names |= _printed_names(r.stdout)
    assert "role:toolbox" in names or any(n.startswith("partner-role:") for n in names)
    assert not [n for n in names if not n.startswith("<") and "/" in n.split(":", 1)[1]]
    _round_trip(built, names)


def test_every_name_on_cards_parses_back(built):
    names: set[str] = set()
    for entity in ("weicun", "如祺出行", "organization:un", "organization:tencent-foundation",
                   "standard:hkex-esg-guide", "99公益日"):
        r = kg(built, "show", entity)
        assert r.exit_code == 0, r.stderr
        names |= _printed_names(r.stdout)
    assert len(names) > 20
    _round_trip(built, names)


def test_show_takes_the_one_label_that_starts_with_the_name(built, store, caplog):
    assert str(resolve(store, "WECARE")) == WECARE
    assert "taken as WECARE 公益计划 (program:wecare-charity-plan)" in caplog.text
    r = kg(built, "show", "WECARE")
    assert r.exit_code == 0 and r.stdout.startswith("WECARE 公益计划")


def test_resolve_order_exact_label_then_id_then_pinyin(store, caplog):
    assert str(resolve(store, "WECARE公益计划")) == WECARE      # alias, exactly
    assert str(resolve(store, "wecare 公益计划")) == WECARE     # label, normalised
    assert str(resolve(store, "code-against-epidemic")) == CODE_AGAINST_EPIDEMIC  # id
    assert str(resolve(store, "daimazhanyi")) == CODE_AGAINST_EPIDEMIC  # pinyin
    assert str(resolve(store, "代码战疫")) == CODE_AGAINST_EPIDEMIC
    assert caplog.text == ""  # nothing to say when the name was not ambiguous


def test_engine_rdflib_in_the_cli_gives_the_same_top_hits(built):
    fast = kg(built, "search", "教育", "--format", "csv")
    dump = str(built.dumps[0])
    slow = CliRunner().invoke(main, ["search", "教育", "--format", "csv", "--engine",
                                     "rdflib", "--store", dump])
    assert slow.exit_code == 0 and slow.stdout == fast.stdout


def test_short_searches_are_one_token_lookup(store):
    """One or two letters or digits are a token of the short index (no scan of every text);
    a pair with a mark in it (3+) is scanned; both find what the SPARQL search finds (above)."""
    from kg.search_index import _short_token, open_index

    assert _short_token("教育") and _short_token("un") and _short_token("项")
    assert not _short_token("3+") and not _short_token("教育部")
    index = open_index(store)
    try:
        plan = index.db.execute(
            "EXPLAIN QUERY PLAN SELECT rowid FROM text_short WHERE text_short MATCH '\"教育\"'"
        ).fetchall()
    finally:
        index.close()
    assert any("VIRTUAL TABLE INDEX" in str(row) for row in plan)
    hits = search(store, "3+", limit=None)
    assert "framework:digital-government-333" in {h.curie for h in hits}
