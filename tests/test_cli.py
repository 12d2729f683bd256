"""The kg command on the built store: stats, validate, and one clear line on a user error."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from kg.cli import main


def test_stats_json(built):
    result = CliRunner().invoke(main, ["stats", "--store", str(built.store), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["classes"]["csr:StakeholderGroup"]["count"] == 7
    assert {d["en"] for d in data["dimensions"]} == {
        "Government services and livelihood", "Economic development", "Social development",
        "Cultural development", "Ecological civilisation"}
    sections = {s["zh"]: s["page"] for s in data["sections"]}
    assert sections["2.3 一起创造智慧生活"] == 45 and sections["腾讯式战疫"] == 15


def test_stats_table_lists_classes(built):
    result = CliRunner().invoke(main, ["stats", "--store", str(built.store)])
    assert result.exit_code == 0
    assert "programs (项目)" in result.output and "p.45  2.3 一起创造智慧生活" in result.output


def test_validate_passes_on_the_built_store(built):
    result = CliRunner().invoke(main, ["validate", "--store", str(built.store)])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output and "dangling-reference: ok" in result.output


def test_missing_store_is_one_line_and_exit_1(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "stats", "--store",
                           str(tmp_path / "none")], capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        f"error: no store at {tmp_path / 'none'}: run 'kg build' first"]
