"""Each kind of bad input fails the build with 'file: entry: reason', exit 1, and leaves the
previous store and dump exactly as they were."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.store import OxigraphStore

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"

CASES = {
    # case: (file, expected message fragment)
    "dangling-reference": ("partnerships.yaml",
                           "partnerships.yaml: entry 1 (village-link -> no-such-org): "
                           "partner refers to unknown id 'no-such-org'"),
    "duplicate-id": ("organizations.yaml",
                     "organizations.yaml: sample-foundation: duplicate id"),
    "bad-date": ("programs.yaml",
                 "programs.yaml: village-link: started: bad date '2019-02-30'"),
    "bad-number": ("observations.yaml",
                   "observations.yaml: village-link-villages: value must be a number, "
                   "not '1.2万'"),
    "missing-label": ("programs.yaml", "programs.yaml: village-link: missing en label"),
    "unknown-role": ("partnerships.yaml",
                     "partnerships.yaml: entry 1 (village-link -> sample-foundation): "
                     "unknown role 'sugar-daddy'"),
}
LABEL_QUERY = "SELECT ?l WHERE { program:village-link rdfs:label ?l FILTER(lang(?l)='zh') }"


@pytest.fixture
def mini(tmp_path):
    """A good mini report built into tmp_path; returns (data folder, store, dump, runner)."""
    data = tmp_path / "mini-report"
    shutil.copytree(FIXTURES / "mini-report", data)
    store, out = tmp_path / "store", tmp_path / "out"
    runner = CliRunner()
    args = ["build", "--data", str(data), "--store", str(store), "--dump-dir", str(out)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    return data, store, out / "mini-report.trig", lambda: runner.invoke(main, args)


def test_good_mini_report_builds(mini):
    data, store, dump, _ = mini
    assert OxigraphStore(store).select(LABEL_QUERY).values("l") == {"村联"}
    assert "村联" in dump.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_fails_with_file_entry_reason_and_keeps_old_store(mini, case):
    data, store, dump, rebuild = mini
    file, message = CASES[case]
    before = dump.read_bytes()
    shutil.copy(FIXTURES / "bad" / case / file, data / file)

    result = rebuild()

    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert dump.read_bytes() == before
    assert OxigraphStore(store).select(LABEL_QUERY).values("l") == {"村联"}


def test_broken_yaml_names_file_and_line(mini):
    data, store, dump, rebuild = mini
    (data / "programs.yaml").write_text("- id: village-link\n  zh: [unclosed\n", encoding="utf-8")
    result = rebuild()
    assert result.exit_code == 1
    assert "programs.yaml: line 3: not valid YAML" in result.output


def test_unknown_field_is_refused(mini):
    data, store, dump, rebuild = mini
    text = (data / "programs.yaml").read_text(encoding="utf-8")
    (data / "programs.yaml").write_text(text.replace("started:", "startd:"), encoding="utf-8")
    result = rebuild()
    assert result.exit_code == 1
    assert "programs.yaml: village-link: unknown field 'startd'" in result.output


def test_missing_data_folder_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["build", "--data", str(tmp_path / "nope"),
                                       "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert "no such data folder" in result.output
    assert not (tmp_path / "s").exists()


def test_duplicate_field_is_refused(mini):
    data, store, dump, rebuild = mini
    text = (data / "programs.yaml").read_text(encoding="utf-8")
    (data / "programs.yaml").write_text(text.replace("  started: 2015\n",
                                                     "  started: 2015\n  started: 2016\n"),
                                        encoding="utf-8")
    result = rebuild()
    assert result.exit_code == 1
    assert "programs.yaml: line 6: not valid YAML: duplicate field 'started'" in result.output
