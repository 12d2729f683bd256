"""Coverage heat maps (kg.analyze.heatmap): the demand map's empty rows are the demands of the
canned query unanswered-demands, every cell is a count of kg analyze coverage's JSON, and
``kg analyze coverage --format html`` writes one offline page that Chromium opens with no
console error or CSP violation (its only style allowed by its hash)."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner

from kg.analyze import heatmap
from kg.cli import main
from kg.select import SelectionSpec, select

ID = "https://w3id.org/csr-kg/id/"
UNANSWERED = [ID + "demand/demand-employees-must", ID + "demand/demand-shareholders-may"]


def _kg(built, *args):
    result = CliRunner().invoke(main, [*args, "--store", str(built.store)])
    assert result.exit_code == 0, result.output
    return result.output


def _coverage_json(built, which):
    return json.loads(_kg(built, "analyze", "coverage", which, "-f", "json", "--top", "0"))


@pytest.fixture(scope="module")
def maps(store):
    data = heatmap.coverage_maps(store, select(store, SelectionSpec()).graph)
    return {t["name"]: t for t in data["maps"]}


def _cells(t):
    return {(r["key"], c["key"]): cell["n"]
            for r in t["rows"] for c, cell in zip(t["columns"], r["cells"], strict=True)}


def test_empty_demand_rows_are_the_unanswered_demands(built, maps):
    answer = json.loads(_kg(built, "query", "--name", "unanswered-demands", "-f", "json"))
    unanswered = [b["demand"]["value"] for b in answer["results"]["bindings"]]
    assert unanswered == UNANSWERED
    demands = maps["demands"]
    assert [r["iri"] for r in demands["rows"] if r["empty"]] == unanswered
    assert demands["empty_rows"] == ["demand:demand-employees-must",
                                     "demand:demand-shareholders-may"]
    assert len(demands["rows"]) == 21 and demands["empty_columns"] == []
    assert len(demands["also"]["items"]) == 55  # programs that answer no demand
    assert "program:ancient-paintings-sing" in {a["key"] for a in demands["also"]["items"]}


def test_demand_cells_count_the_programs_of_each_kind(built, store, maps):
    rows = {r["demand"]: r for r in _coverage_json(built, "demands")["rows"]}
    kind = {str(r["p"]): str(r["k"]) for r in store.select(
        "SELECT ?p ?k WHERE { ?p a csr:Program ; csr:kind/skos:notation ?k }")}
    cells = _cells(maps["demands"])
    for r in maps["demands"]["rows"]:
        expected = Counter(kind[p] for p in rows[r["iri"]]["program_iris"])
        assert r["total"] == rows[r["iri"]]["programs"]
        assert {c: n for (d, c), n in cells.items() if d == r["key"] and n} == dict(expected)
    most = next(r for r in maps["demands"]["rows"]
                if r["key"] == "demand:demand-communities-may")
    assert (most["zh"], most["total"]) == ("探索公益性项目", 57)
    assert maps["demands"]["total"] == sum(r["programs"] for r in rows.values()) == 308


def test_dimension_and_partner_cells_are_the_cli_counts(built, maps):
    dims = _coverage_json(built, "dimensions")
    cells = _cells(maps["dimensions"])
    groups = [c for c in dims["columns"] if c not in ("dimension", "programs", "no_group")]
    assert [c["key"] for c in maps["dimensions"]["columns"]] == [
        f"stakeholder:{g}" for g in groups]
    for r in dims["rows"]:
        for g in groups:
            assert cells[(r["dimension"], f"stakeholder:{g}")] == r[g]
    assert cells[("society", "stakeholder:users")] == 83
    assert cells[("culture", "stakeholder:shareholders")] == 0
    partners = _coverage_json(built, "partners")
    cells = _cells(maps["partners"])
    for r, row in zip(partners["rows"], maps["partners"]["rows"], strict=True):
        assert row["total"] == r["partnerships"]
        for k in partners["columns"][2:]:
            assert cells[(r["partner_kind"], k)] == r[k]
    assert cells[("product", "initiative")] == 18
    product = maps["partners"]["rows"][0]
    assert (product["key"], product["zh"], product["total"]) == ("product", "产品与平台", 46)


def test_shades_and_zeros(maps):
    for t in maps.values():
        for r in t["rows"]:
            for cell in r["cells"]:
                assert (cell["bin"] == 0) == (cell["n"] == 0)
                assert 0 <= cell["bin"] <= 7
        top = max(c["n"] for r in t["rows"] for c in r["cells"])
        assert t["max"] == top and heatmap.bin_of(top, top) == 7
    html = str(heatmap.render(maps["dimensions"]))
    zeros = sum(1 for r in maps["dimensions"]["rows"] for c in r["cells"] if not c["n"])
    assert html.count('<td class="h0">0</td>') == zeros == 2
    assert " style=" not in html


def test_every_label_is_escaped(maps):
    t = heatmap.table("x", {"zh": "<b>表</b>", "en": "t"},
                      {"row_zh": "r", "row_en": "r", "col_zh": "c", "col_en": "c"},
                      [{"key": "k", "zh": "<script>alert(1)</script>", "en": "\"'&"}],
                      [{"key": "c", "zh": "<img src=x onerror=alert(1)>", "en": "c"}],
                      [[0]], maps["demands"]["empty_text"], ["<i>note</i>"])
    html = str(heatmap.render(t))
    assert "<script>" not in html and "<img" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&#34;&#39;&amp;" in html
    assert t["empty_rows"] == ["k"] and t["empty_columns"] == ["c"]


def test_offline_page_in_chromium(built, store, browser, tmp_path):
    out = tmp_path / "coverage.html"
    _kg(built, "analyze", "coverage", "--format", "html", "-o", str(out))
    again = CliRunner().invoke(main, ["analyze", "coverage", "--format", "html", "-o",
                                      str(out), "--store", str(built.store)])
    assert again.exit_code == 2 and "--force" in again.stderr
    _kg(built, "analyze", "coverage", "--format", "html", "-o", str(out), "--force")
    text = out.read_text(encoding="utf-8")
    assert "default-src 'none'" in text.replace("&#39;", "'") and "<script" not in text
    assert " style=" not in text and "http://" not in text and "https://" not in text
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning")
            else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: problems.append(r.url) if not r.url.startswith("file:")
            else None)
    page.goto(out.as_uri())
    empty = page.locator("#map-demands tr.empty th[scope=row] span[lang=zh]").all_inner_texts()
    labels = {str(r["d"]): str(r["l"]) for r in store.select(
        "SELECT ?d ?l WHERE { ?d a csr:StakeholderDemand ; rdfs:label ?l "
        "FILTER(LANG(?l) = 'zh') }")}
    assert empty == [labels[d] for d in UNANSWERED]
    assert page.locator("#map-demands ul.empty-rows li").count() == 2
    assert page.locator("section.map").count() == 3
    dark = page.locator("#map-dimensions td.h7").first
    assert dark.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(8, 69, 148)"
    assert problems == []
    page.close()
