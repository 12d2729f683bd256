"""kg analyze from the command line: each subcommand's table, CSV and JSON, and its errors."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from kg.cli import main


def _run(built, *args):
    return CliRunner().invoke(main, ["analyze", *args, "--store", str(built.store)])


def test_measures_table(built):
    result = _run(built, "measures", "--top", "3")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("# 1192 entities") and "betweenness exact" in lines[0]
    assert lines[3].split()[:4] == ["tencent:tencent", "腾讯", "organization", "261"]
    assert lines[-1] == "# first 3 of 1192 rows; --top 0 shows all"


def test_brokers_json(built):
    result = _run(built, "brokers", "--top", "3", "--format", "json", "--lang", "en")
    data = json.loads(result.output)
    assert data["analysis"] == "brokers" and data["parameters"]["readings"] is False
    assert [(r["label"], r["total"]) for r in data["rows"]] == [
        ("Tencent", 16352), ("WeChat", 249), ("Tencent Charity Platform", 248)]


def test_communities_with_readings(built):
    data = json.loads(_run(built, "communities", "--readings", "-f", "json", "--top", "0"
                           ).output)
    assert len(data["rows"]) == 86 and data["rows"][0]["size"] == 174


def test_coverage_csv(built):
    result = _run(built, "coverage", "demands", "--format", "csv", "--top", "0")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 21
    assert [r["tier"] for r in rows if r["programs"] == "0"] == ["must", "may"]


def test_coverage_dimensions_of_a_selection(built):
    result = _run(built, "coverage", "dimensions", "--dimension", "ecology", "-f", "json")
    data = json.loads(result.output)
    counts = {r["dimension"]: r["programs"] for r in data["rows"]}
    assert counts["ecology"] == 19 and max(counts.values()) == 19  # others: shared programs


def test_selection_narrows(built):
    data = json.loads(_run(built, "measures", "--around", "为村", "-f", "json",
                           "--top", "1").output)
    assert data["rows"][0]["entity"].endswith("/program/weicun")


def test_errors_are_one_line(built):
    for args, text in ((["measures", "--around", "不存在的东西"], "no entity named"),
                       (["coverage", "--no-readings"], "curator's reading"),
                       (["brokers", "--type", "program", "--stakeholder", "员工",
                         "--dimension", "ecology", "--section", "s2-3"], "holds no entity")):
        result = _run(built, *args)
        assert result.exit_code == 2, (args, result.output)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error:") and text in lines[0], lines
