"""The canned query page of ``kg serve`` (``/queries/<name>``): a form from the typed
parameters, a sortable and filterable table with labels, downloads byte-equal to ``kg query
--format``, the views that fit the columns and the portable query text; in Chromium, and
over HTTP."""

from __future__ import annotations

import csv
import html
import io
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from rdflib import URIRef
from serve_process import Served

from kg.library import get
from kg.namespaces import curie
from kg.portable import standalone

KG = Path(sys.executable).parent / "kg"
SHOTS = Path("/tmp/shots")
# the partners of 为村 (program:weicun), as `kg query --name partners-of-program` lists them
WEICUN_PARTNERS = ["person:yang-ting", "person:qiu-zeqi", "tencent:tencent", "person:chen-yidan",
                   "tencent:official-accounts"]


@pytest.fixture(scope="module")
def served(built):
    server = Served(built.store)
    yield server
    server.stop()


def _cli(built, name: str, params: dict, fmt: str) -> bytes:
    args = [str(KG), "query", "--store", str(built.store), "--name", name, "--format", fmt]
    for k, v in params.items():
        args += ["--param", f"{k}={v}"]
    result = subprocess.run(args, capture_output=True, check=True)
    return result.stdout


def _page(browser, served, width=1280, height=800):
    page = browser.new_page(viewport={"width": width, "height": height})
    outside, errors = [], []
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(served.url)
               else (outside.append(r.request.url), r.abort()))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return page, outside, errors


def _first_column(page) -> list[str]:
    return page.locator("table.rows tbody tr:visible td:first-child small.curie").all_inner_texts()


def test_form_table_sort_filter_and_csv_in_chromium(served, browser, built, zh):
    page, outside, errors = _page(browser, served)
    page.goto(served.url + "/queries/partners-of-program")
    assert page.locator("input[name=program]").input_value() == "organization:ruqi-mobility"
    page.fill("input[name=program]", "为村")
    page.click("form.query-form button[type=submit]")
    page.wait_for_url("**/queries/partners-of-program?program=*")
    cli = list(csv.DictReader(io.StringIO(_cli(built, "partners-of-program",
                                                {"program": "为村"}, "csv").decode())))
    assert [curie(r["partner"]) for r in cli] == WEICUN_PARTNERS
    assert _first_column(page) == WEICUN_PARTNERS
    shown = page.locator("table.rows tbody tr td:first-child a").all_inner_texts()
    assert shown == [zh[r["partner"]] for r in cli]
    pages = page.locator("table.rows tbody tr td:nth-child(5)").all_inner_texts()
    assert pages == [r["firstPage"] for r in cli] == ["11", "11", "45", "5", "5"]
    assert page.locator("table.rows tbody tr td:first-child a").first.get_attribute(
        "href") == "/entity/person/yang-ting"
    # firstPage sorts as a number (5 < 11 < 45), then the other way round
    page.click("th button:text-is('firstPage')")
    assert page.locator("table.rows tbody tr td:nth-child(5)").all_inner_texts() == [
        "5", "5", "11", "11", "45"]
    assert _first_column(page)[0] == "person:chen-yidan"
    page.click("th button:text-is('firstPage')")
    assert _first_column(page)[0] == "tencent:tencent"
    # the filter keeps the rows whose shown text holds the needle: the two 参与方 (participants)
    page.fill("#row-filter", "参与方")
    assert _first_column(page) == ["person:yang-ting", "person:chen-yidan"]
    assert page.locator(".summary .count").inner_text() == "2 of 5 rows"
    page.fill("#row-filter", "")
    assert len(_first_column(page)) == 5
    with page.expect_download() as info:
        page.click("a:text-is('CSV')")
    download = info.value
    assert download.suggested_filename == "partners-of-program.csv"
    assert Path(download.path()).read_bytes() == _cli(built, "partners-of-program",
                                                       {"program": "为村"}, "csv")
    assert outside == [] and errors == []
    page.close()


def test_views_offered_by_the_columns(served, browser):
    page, outside, errors = _page(browser, served)
    page.goto(served.url + "/queries/most-connected-partners?minimum=4")
    bars = page.locator("#view-bars table.bars tr")
    assert bars.count() == 7
    assert bars.first.locator("th").inner_text() == "腾讯公益平台"
    assert bars.first.locator("meter").get_attribute("value") == "8"
    assert page.locator("#view-graph, #view-timeline").count() == 0
    page.goto(served.url + "/queries/programs-sharing-partner")  # two IRI columns, no number
    assert page.locator("#view-bars").count() == 0
    graph = page.locator("#view-graph svg")
    assert graph.locator("line").count() == 5
    assert graph.locator("g.right text").all_text_contents() == ["敦煌研究院", "故宫博物院"]
    assert len(graph.locator("g.left text").all_text_contents()) == 4
    assert graph.locator("a[href='/entity/organization/palace-museum']").count() == 1
    page.goto(served.url + "/queries/events-timeline")
    years = page.locator("#view-timeline ol.timeline > li > .year").all_inner_texts()
    assert years[0] == "1998" and years == sorted(years)
    page.goto(served.url + "/queries/quoted-people")  # a person and a text: no view
    assert page.locator("section.view").count() == 0
    assert outside == [] and errors == []
    page.close()


def test_portable_text_and_copy(served, browser):
    page, outside, errors = _page(browser, served)
    page.goto(served.url + "/queries/partners-of-program?program=" + quote("为村"))
    expected = standalone(get("partners-of-program"),
                          {"program": URIRef("https://w3id.org/csr-kg/id/program/weicun"),
                           "lang": "zh"})
    assert page.locator("pre#portable").text_content() == expected
    assert page.locator("#copy-query").is_visible()
    assert outside == [] and errors == []
    page.close()


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_screenshots_and_phone_layout(served, browser, size):
    SHOTS.mkdir(exist_ok=True)
    page, outside, errors = _page(browser, served, *size)
    for name, path in [("partners", "/queries/partners-of-program?program=program:weicun"),
                       ("bars", "/queries/most-connected-partners"),
                       ("graph", "/queries/programs-sharing-partner")]:
        page.goto(served.url + path)
        page.screenshot(path=str(SHOTS / f"query-{name}-{size[0]}.png"))
        if name != "partners":
            page.locator(f"#view-{name}").screenshot(
                path=str(SHOTS / f"query-{name}-view-{size[0]}.png"))
        # the page never scrolls sideways: a wide table or drawing scrolls in its own box
        assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    if size[0] == 390:
        assert page.evaluate("(() => { const b = document.querySelector('.graph-box');"
                             " return b.scrollWidth > b.clientWidth; })()")
    assert outside == [] and errors == []
    page.close()


DOWNLOADS = [("partners-of-program", {"program": "为村", "lang": "en"}),
             ("most-connected-partners", {"minimum": "3"}),
             ("events-timeline", {"kind": "csrs:event-kind/forum"})]


@pytest.mark.parametrize("name,params", DOWNLOADS)
@pytest.mark.parametrize("ext,fmt,media", [("csv", "csv", "text/csv"),
                                           ("tsv", "tsv", "text/tab-separated-values"),
                                           ("srj", "json", "application/sparql-results+json")])
def test_downloads_are_the_cli_bytes(served, built, name, params, ext, fmt, media):
    status, headers, body = served.get(f"/queries/{name}.{ext}?{urlencode(params)}")
    assert status == 200, body
    headers = {k.lower(): v for k, v in headers.items()}
    assert headers["content-type"].startswith(media)
    assert headers["content-disposition"] == f'attachment; filename="{name}.{ext}"'
    assert body == _cli(built, name, params, fmt)
    assert body.count(b"https://w3id.org/csr-kg/id/") > 2  # rows, not only a header


def test_page_links_carry_the_parameters(served):
    status, _, body = served.get("/queries/most-connected-partners.json?minimum=4&_labels=en")
    data = json.loads(body)
    assert data["downloads"] == {ext: f"/queries/most-connected-partners.{ext}?minimum=4"
                                 for ext in ("csv", "tsv", "srj")}
    assert [p["input"] for p in data["params"]] == ["number"]
    assert [b["text"] for b in data["views"][0]["bars"]][:2] == [
        "Tencent Charity Platform", "Tencent Charity Foundation"]


def test_labels_download_is_kg_query_lang(served, built):
    status, _, body = served.get("/queries/partners-of-program.csv?program=program:weicun"
                                 "&_labels=en")
    assert status == 200
    args = [str(KG), "query", "--store", str(built.store), "--name", "partners-of-program",
            "--param", "program=program:weicun", "--lang", "en", "--format", "csv"]
    assert body == subprocess.run(args, capture_output=True, check=True).stdout
    assert body.startswith(b"partner,partnerLabel,role,roleLabel,")


@pytest.mark.parametrize("path,needle", [
    ("/queries/most-connected-partners?nope=1", "has no parameter 'nope'"),
    ("/queries/most-connected-partners.csv?nope=1", "has no parameter 'nope'"),
    ("/queries/most-connected-partners?minimum=many", "'many' is not a valid integer"),
    ("/queries/most-connected-partners.srj?minimum=many", "'many' is not a valid integer"),
    ("/queries/most-connected-partners?_labels=fr", "_labels is zh or en"),
    ("/queries/works-with.csv?organization=organization:palace-museum"
     "&program=program:digital-forbidden-city", "an ASK query has no .csv download"),
    ("/queries/program-card.tsv", "a CONSTRUCT query has no .tsv download"),
])
def test_a_bad_request_is_one_line_400(served, path, needle):
    status, headers, body = served.get(path)
    assert status == 400, body
    text = html.unescape(body.decode())
    assert needle in text and "Traceback" not in text
    if "text/html" in headers.get("content-type", ""):
        assert text.count('class="error"') == 1
    else:
        assert text.strip().count("\n") == 0


def test_required_parameters_left_out_show_the_form(served):
    status, _, body = served.get("/queries/works-with")
    page = body.decode()
    assert status == 200
    assert "Give organization, program to run this query." in page
    assert page.count(" required>") == 2 and "<table" not in page
    status, _, body = served.get("/queries/works-with.json?organization=organization:"
                                 "palace-museum&program=program:digital-forbidden-city")
    assert json.loads(body)["boolean"] is True
    status, _, body = served.get("/queries/works-with.srj?organization=organization:"
                                 "palace-museum&program=program:digital-forbidden-city")
    assert json.loads(body) == {"head": {}, "boolean": True}


def test_an_empty_field_is_a_parameter_left_out(served):
    """A submitted form sends every field; an empty optional one means "every value"."""
    _, _, with_empty = served.get("/queries/events-timeline.json?kind=&_labels=zh")
    _, _, without = served.get("/queries/events-timeline.json")
    assert json.loads(with_empty)["rows"] == json.loads(without)["rows"]
    assert len(json.loads(without)["rows"]) > 50


def test_the_row_cap_is_flagged(built, served):
    _, _, body = served.get("/queries/most-connected-partners")
    assert b"truncated" not in body and body.count(b"<meter") == 14
    server = Served(built.store, "--max-rows", "3")
    try:
        status, _, body = server.get("/queries/most-connected-partners")
        page = body.decode()
        assert status == 200 and 'class="warning truncated"' in page
        assert "Only the first 3 rows are shown" in page and page.count("<meter") == 3
        status, headers, body = server.get("/queries/most-connected-partners.csv")
        headers = {k.lower(): v for k, v in headers.items()}
        assert headers["kg-truncated"] == "true" and body.count(b"\r\n") == 4
    finally:
        server.stop()
