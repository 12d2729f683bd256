"""kg analyze over a real ``oxigraph serve`` on 127.0.0.1 (filled by kg push) gives what it
gives over the embedded store; and ``--leave-out TYPE`` takes a kind of entity out of the
analysis (the frameworks and their concepts are the report's own structure: 员工全面福利 is
the 5th broker with them, gone without them, and 腾讯为村 rises to the 6th)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import main


def kg(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result


@pytest.fixture(scope="module")
def endpoint(oxigraph_endpoint):
    return oxigraph_endpoint  # tests/conftest.py: an oxigraph serve filled by kg push


@pytest.mark.parametrize("which", ["brokers", "communities", "measures"])
def test_an_endpoint_gives_the_same_analysis(built, endpoint, which):
    args = ("analyze", which, "-f", "json", "--top", "0")
    here = kg(*args, "--store", built.store)
    there = kg(*args, "--endpoint", endpoint)
    assert here.exit_code == there.exit_code == 0, (here.output, there.output)
    assert json.loads(there.stdout) == json.loads(here.stdout)


def _top(*options):
    result = kg("analyze", "brokers", "-f", "json", "--top", "6", *options)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_leave_out_takes_a_kind_of_entity_out_of_the_analysis(built):
    with_them = _top("--store", built.store)
    assert [r["label"] for r in with_them["rows"]][4] == "员工全面福利"
    without = _top("--store", built.store, "--leave-out", "framework", "--leave-out", "concept")
    labels = [r["label"] for r in without["rows"]]
    assert labels == ["腾讯", "腾讯公益平台", "微信", "QQ", "腾讯公益慈善基金会", "腾讯为村"]
    assert not any(r["kind"] in ("framework", "concept") for r in without["rows"])
    assert "836 entities" in without["notes"][0]


def test_leave_out_in_kg_view_and_its_refusal(built, tmp_path):
    page = tmp_path / "p.html"
    result = kg("view", "--around", "为村", "--leave-out", "stakeholder", "-o", page,
                "--store", built.store)
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    assert "stakeholder:" not in text.split('id="kg-data">', 1)[1]
    assert "不含类型 stakeholder" in text
    bad = kg("view", "--leave-out", "nosuch", "-o", tmp_path / "q.html", "--store", built.store)
    assert bad.exit_code == 2 and "unknown type 'nosuch'" in bad.output
    assert not (tmp_path / "q.html").exists()
