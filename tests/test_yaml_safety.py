"""Hostile or careless YAML fails the build with short 'file: entry: reason' lines, never a
traceback, a flood of output or a blow-up of memory: anchors and aliases are refused, every
echoed value is shortened, every field and nested mapping checks its type and its keys, ids
with a trailing newline and texts with control characters are refused."""

from __future__ import annotations

import copy
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kg.build import build
from kg.cli import main
from kg.errors import BuildError
from kg.load import FILES, REPORT, load_report
from kg.ontology import load_ontology, scheme_codes
from kg.paths import ONTOLOGY_DIR

FIXTURES = Path(__file__).parent / "fixtures"
MAX_LINE = 400  # no problem line is longer than this, whatever the data holds

# Files the mini report lacks, so that every field type has an entry to spoil.
EXTRA = {
    "people.yaml": [{"id": "jane-doe", "zh": "某人", "en": "Jane Doe", "quoted": True,
                     "sources": ["intro"],
                     "roles": [{"zh": "主席", "en": "Chair", "org": "example-co"}]}],
    "stakeholders.yaml": [{"id": "users", "zh": "用户", "en": "Users", "sources": ["intro"],
                           "demands": [{"id": "demand-users-must", "tier": "must",
                                        "zh": "可靠的产品", "en": "Reliable products"}],
                           "practice": {"zh": "倾听用户", "en": "Listens to users"}}],
    "ratings.yaml": [{"id": "rating-mini", "zh": "评级", "en": "Rating", "sources": ["intro"],
                      "rated_by": "sample-foundation", "date": "2020-05-22", "stars": 5,
                      "criteria": [{"criterion": "process", "stars": 4,
                                    "summary": {"zh": "完备", "en": "Complete"}}]}],
    "indicators.yaml": [{"section": "programs", "codes": ["G1.1", "M2.7"], "page": 3}],
    "frameworks.yaml": [{"id": "mini-roles", "zh": "角色", "en": "Roles", "sources": ["intro"],
                         "links": ["example-co"],
                         "concepts": [{"id": "mini-connector", "zh": "连接器", "en": "Connector",
                                       "matches": "role/connector", "links": ["village-link"]},
                                      {"id": "mini-toolbox", "zh": "工具箱", "en": "Toolbox"}]}],
}
# Fields added to the mini report's own entries.
ADDED = {
    "programs.yaml": {"aliases": ["VL"], "description": {"zh": "一个平台", "en": "A platform"}},
    "observations.yaml": {"period": {"from": "2019-01", "to": "2019-12"},
                          "note": {"en": "A note"}},
}
# One field of each type: type -> (file, field).
SITES = {
    "id": ("programs.yaml", "id"), "unit-id": ("units.yaml", "id"),
    "str": ("programs.yaml", "zh"), "langmap": ("programs.yaml", "description"),
    "list": ("programs.yaml", "aliases"), "cass-codes": ("indicators.yaml", "codes"),
    "date": ("programs.yaml", "started"), "period": ("observations.yaml", "period"),
    "span": ("report.yaml", "period"), "number": ("observations.yaml", "value"),
    "int": ("sections.yaml", "page"), "stars": ("ratings.yaml", "stars"),
    "bool": ("people.yaml", "quoted"), "ref": ("partnerships.yaml", "partner"),
    "refs": ("programs.yaml", "run_by"), "sources": ("organizations.yaml", "sources"),
    "code": ("organizations.yaml", "kind"), "codes": ("programs.yaml", "dimensions"),
    "roles": ("people.yaml", "roles"), "demands": ("stakeholders.yaml", "demands"),
    "criteria": ("ratings.yaml", "criteria"), "concepts": ("frameworks.yaml", "concepts"),
}
WRONG = {"a list": ["a", "b"], "a mapping": {"a": 1}, "a number": 7, "a bool": True,
         "null": None}
FITS = {("list", "a list"), ("number", "a number"), ("int", "a number"), ("bool", "a bool")}
# Nested fields: (file, field, item or None, key).
NESTED = [("programs.yaml", "description", None, "en"), ("observations.yaml", "period", None,
                                                         "from"),
          ("report.yaml", "period", None, "to"), ("people.yaml", "roles", 0, "zh"),
          ("people.yaml", "roles", 0, "org"), ("stakeholders.yaml", "demands", 0, "id"),
          ("stakeholders.yaml", "demands", 0, "tier"), ("stakeholders.yaml", "demands", 0, "en"),
          ("ratings.yaml", "criteria", 0, "criterion"), ("ratings.yaml", "criteria", 0, "stars"),
          ("ratings.yaml", "criteria", 0, "summary"), ("stakeholders.yaml", "practice", None,
                                                       "zh"),
          ("frameworks.yaml", "concepts", 0, "id"), ("frameworks.yaml", "concepts", 0, "matches"),
          ("frameworks.yaml", "concepts", 0, "en")]


@pytest.fixture(scope="module")
def codes():
    return scheme_codes(load_ontology(ONTOLOGY_DIR))


def read(folder: Path, file: str):
    return yaml.safe_load((folder / file).read_text(encoding="utf-8"))


def write(folder: Path, file: str, value) -> None:
    # a fresh deep copy, so that safe_dump never writes an anchor for a shared object
    text = yaml.safe_dump(copy.deepcopy(value), allow_unicode=True, sort_keys=False)
    assert "&" not in text
    (folder / file).write_text(text, encoding="utf-8")


@pytest.fixture
def report(tmp_path):
    """The mini report with one entry of every file and every field type."""
    folder = tmp_path / "mini-report"
    shutil.copytree(FIXTURES / "mini-report", folder)
    for file, entries in EXTRA.items():
        write(folder, file, entries)
    for file, fields in ADDED.items():
        entries = read(folder, file)
        entries[0].update(fields)
        write(folder, file, entries)
    return folder


def entry(folder: Path, file: str) -> tuple[list | dict, dict]:
    """(what the file holds, the mapping to spoil: its first entry, or report.yaml itself)."""
    data = read(folder, file)
    return data, data if file == "report.yaml" else data[0]


def problems(folder: Path, codes) -> list[str]:
    with pytest.raises(BuildError) as e:
        load_report(folder, codes)
    for line in e.value.problems:
        assert len(line) < MAX_LINE, line
    return e.value.problems


def edit(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_full_mini_report_loads_and_builds(report, codes, tmp_path):
    data = load_report(report, codes)
    assert all(data.of(file) for file in [*EXTRA, *ADDED])
    build([report], tmp_path / "store", tmp_path / "out", ONTOLOGY_DIR)


def test_every_field_type_has_a_test_site():
    kinds = {kind.split(":")[0] for spec in [*FILES.values(), REPORT] for kind in spec.values()}
    assert kinds == set(SITES)


# ---------------------------------------------------------------- 1. alias bomb

def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """About half a kilobyte of YAML that expands to width**levels items."""
    lists = ["&a0 [" + ", ".join(["lol"] * width) + "]"]
    lists += [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels)]
    return "[" + ", ".join(lists) + "]"


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def test_alias_bomb_in_an_id_fails_fast_with_one_short_line(report, tmp_path):
    bomb = alias_bomb()
    assert len(bomb) < 1024
    edit(report, "programs.yaml", "id: village-link", f"id: {bomb}")
    args = ["build", "--data", str(report), "--store", str(tmp_path / "store"),
            "--dump-dir", str(tmp_path / "out")]
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", *args],
                            capture_output=True, text=True, timeout=60,
                            preexec_fn=_limit_memory)
    output = (result.stdout + result.stderr).strip()
    assert result.returncode == 1, output[-2000:]
    assert time.monotonic() - started < 30
    assert "Traceback" not in output and "MemoryError" not in output
    errors = [line for line in output.splitlines() if "programs.yaml" in line]
    assert len(errors) == 1 and len(output) < 400, output[:2000]
    assert "programs.yaml: line 1: not valid YAML: anchors and aliases (&, *) are not allowed " \
           "in data files" in output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("file, old, new", [
    ("programs.yaml", "zh: 村联", "zh: &label 村联"),                          # an anchor alone
    ("organizations.yaml", "sources: [programs]", "sources: &s [programs]"),
    ("report.yaml", "period: {", "base: &b {x: 1}\nperiod: {"),                  # report.yaml
    ("units.yaml", "- {id: village", "- {<<: *u, id: village"),                 # a merge key
])
def test_anchors_and_aliases_are_refused_anywhere(report, codes, file, old, new):
    edit(report, file, old, new)
    found = problems(report, codes)
    assert len(found) == 1
    assert found[0].startswith(f"{file}: line ")
    assert found[0].endswith("anchors and aliases (&, *) are not allowed in data files")


def test_deep_nesting_is_one_line_not_a_recursion_error(report, codes):
    edit(report, "programs.yaml", "kind: platform", "kind: " + "[" * 5000 + "]" * 5000)
    found = problems(report, codes)
    assert len(found) == 1 and "nested deeper than" in found[0]


# ---------------------------------------------------------------- 2. shortened values

def test_a_huge_value_is_echoed_shortened(report, codes):
    edit(report, "observations.yaml", "value: 120", "value: '" + "9" * 100_000 + "万'")
    found = problems(report, codes)
    assert len(found) == 1
    assert found[0].startswith("observations.yaml: village-link-villages: value must be a "
                               "number, not '9999")
    assert "…" in found[0]


def test_a_huge_list_id_is_echoed_shortened(report, codes):
    edit(report, "programs.yaml", "id: village-link", "id: [" + "x, " * 50_000 + "x]")
    found = problems(report, codes)
    assert any(line.startswith("programs.yaml: entry 1: bad id ['x'") for line in found)


def test_a_long_list_of_bad_items_is_not_echoed_item_by_item(report, codes):
    edit(report, "programs.yaml", "dimensions:\n  - society",
         "dimensions: [" + "1, " * 1000 + "1]")
    found = problems(report, codes)
    assert len(found) == 4
    assert found[-1] == "programs.yaml: village-link: dimensions: 998 more bad items"


# ---------------------------------------------------------------- 3. types

@pytest.mark.parametrize("kind", sorted(SITES))
@pytest.mark.parametrize("wrong", sorted(WRONG))
def test_a_value_of_the_wrong_type_is_a_reason_not_a_traceback(report, codes, kind, wrong):
    if (kind, wrong) in FITS:
        pytest.skip(f"{wrong} is what {kind} takes")
    file, key = SITES[kind]
    data, spoiled = entry(report, file)
    spoiled[key] = copy.deepcopy(WRONG[wrong])
    write(report, file, data)
    found = problems(report, codes)
    assert any(line.startswith(f"{file}: ") and key in line for line in found), found


@pytest.mark.parametrize("file, key, item, inner", NESTED)
@pytest.mark.parametrize("wrong", sorted(WRONG))
def test_a_nested_value_of_the_wrong_type_is_a_reason(report, codes, file, key, item, inner,
                                                      wrong):
    data, spoiled = entry(report, file)
    target = spoiled[key] if item is None else spoiled[key][item]
    target[inner] = copy.deepcopy(WRONG[wrong])
    write(report, file, data)
    found = problems(report, codes)
    assert any(line.startswith(f"{file}: ") and key in line and inner in line
               for line in found), found


def test_kind_list_or_mapping_is_a_reason_in_the_cli(report, tmp_path):
    # the reported crash: `kind: [a, b]` gave "unhashable type" in `v not in codes`
    edit(report, "organizations.yaml", "kind: foundation", "kind: {a: 1}")
    edit(report, "programs.yaml", "kind: platform", "kind: [a, b]")
    result = CliRunner().invoke(main, ["build", "--data", str(report), "--store",
                                       str(tmp_path / "s"), "--dump-dir", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert ("programs.yaml: village-link: kind must be one program kind code (allowed: "
            in result.output)
    assert "organizations.yaml: sample-foundation: kind must be one organization kind code" \
           in result.output


@pytest.mark.parametrize("value, reason", [
    (".nan", "value must be a finite number, not nan"),
    ("-.inf", "value must be a finite number, not -inf"),
    ("'12'", "value must be a number, not '12'"),
])
def test_a_number_must_be_a_finite_number(report, codes, value, reason):
    edit(report, "observations.yaml", "value: 120", f"value: {value}")
    found = problems(report, codes)
    assert len(found) == 1
    assert found[0].startswith(f"observations.yaml: village-link-villages: {reason}")


@pytest.mark.parametrize("number", ["1" * 5000, "0x" + "f" * 5000, str(2**63)])
def test_a_huge_whole_number_is_one_line_not_a_crash(report, codes, number):
    # more than 4300 digits made Python's int() raise inside the YAML parser; 2**63 does not
    # fit the store's 64-bit xsd:integer
    edit(report, "observations.yaml", "value: 120", f"value: {number}")
    found = problems(report, codes)
    assert len(found) == 1
    assert found[0].startswith("observations.yaml: line ")
    assert "not valid YAML: a whole number too large" in found[0]


def test_stars_are_zero_to_five(report, codes):
    data, rating = entry(report, "ratings.yaml")
    rating["criteria"][0]["stars"] = 6
    write(report, "ratings.yaml", data)
    assert problems(report, codes) == [
        "ratings.yaml: rating-mini: criteria.1.stars must be a whole number from 0 to 5, not 6"]


@pytest.mark.parametrize("key_text", ["1: x", "true: x", "null: x", "? [a, b]\n  : x"])
def test_a_field_name_that_is_not_a_text_is_refused(report, codes, key_text):
    edit(report, "programs.yaml", "  kind: platform", "  kind: platform\n  " + key_text)
    found = problems(report, codes)
    assert len(found) == 1
    assert found[0].startswith("programs.yaml: line ") and "is not a text" in found[0]


def test_a_file_that_is_not_utf8_is_one_line(report, codes):
    (report / "units.yaml").write_bytes(b"- {id: CNY, zh: CNY, en: yuan}\n"
                                        b"- {id: village, zh: \xb4\xe5, en: villages}\n")
    assert problems(report, codes) == ["units.yaml: line 2: is not UTF-8 text"]


# ---------------------------------------------------------------- 4. fullmatch

@pytest.mark.parametrize("file, old, new, reason", [
    ("programs.yaml", "id: village-link", 'id: "village-link\\n"', "bad id"),
    ("units.yaml", "id: CNY", 'id: "CNY\\n"', "bad unit id"),
    ("programs.yaml", "started: 2015", 'started: "2015\\n"', "started: bad date"),
    ("observations.yaml", "as_of: 2019-12-31", 'as_of: "2019-12-31\\n"', "as_of: bad date"),
    ("partnerships.yaml", "partner: sample-foundation", 'partner: "sample-foundation\\n"',
     "partner must be an id"),
    ("indicators.yaml", "G1.1", '"G1.1\\n"', "bad CASS-CSR code"),
    ("report.yaml", "id: mini-report", 'id: "mini-report\\n"', "needs an id"),
])
def test_a_trailing_newline_does_not_pass_a_pattern(report, codes, file, old, new, reason):
    edit(report, file, old, new)
    found = problems(report, codes)
    assert any(line.startswith(f"{file}: ") and reason in line for line in found), found


# ---------------------------------------------------------------- 5. control characters

TEXT_SITES = [  # (file, old, new with {x} for the character)
    ("programs.yaml", "zh: 村联", 'zh: "村{x}联"'),
    ("programs.yaml", "en: Village Link", 'en: "Village{x} Link"'),
    ("programs.yaml", "- VL", '- "V{x}L"'),
    ("programs.yaml", "en: A platform", 'en: "A{x} platform"'),
    ("observations.yaml", "en: villages joined", 'en: "villages{x}"'),
    ("observations.yaml", "en: A note", 'en: "A{x} note"'),
    ("people.yaml", "en: Chair", 'en: "Ch{x}air"'),
    ("stakeholders.yaml", "en: Reliable products", 'en: "Reliable{x}"'),
    ("stakeholders.yaml", "en: Listens to users", 'en: "Listens{x}"'),
    ("ratings.yaml", "en: Complete", 'en: "Complete{x}"'),
    ("units.yaml", "en: villages", 'en: "villages{x}"'),
    ("report.yaml", "en: Example Co. CSR report (fictional)", 'en: "Example{x}"'),
]
CONTROLS = {"\\e": "001B", "\\x01": "0001", "\\n": "000A", "\\r": "000D", "\\x85": "0085",
            "\\u202e": "202E", "\\u2028": "2028", "\\x7f": "007F"}


@pytest.mark.parametrize("file, old, new", TEXT_SITES)
@pytest.mark.parametrize("char", sorted(CONTROLS))
def test_a_control_character_in_a_text_is_refused(report, codes, file, old, new, char):
    edit(report, file, old, new.format(x=char))
    found = problems(report, codes)
    assert len(found) == 1, found
    assert found[0].startswith(f"{file}: ")
    assert f"holds a control character (U+{CONTROLS[char]})" in found[0]
    assert "\x1b" not in found[0] and "\x01" not in found[0]


def test_a_raw_control_byte_is_refused_by_the_yaml_reader(report, codes):
    edit(report, "programs.yaml", "en: Village Link", "en: Village\x1b[2J Link")
    assert problems(report, codes) == [
        "programs.yaml: line 3: not valid YAML: holds a control character (U+001B)"]


def test_a_tab_in_a_text_is_fine(report, codes):
    edit(report, "programs.yaml", "en: Village Link", 'en: "Village\\tLink"')
    load_report(report, codes)


def test_the_control_message_names_the_nested_field(report, codes):
    edit(report, "people.yaml", "en: Chair", 'en: "\\e]0;pwned\\a"')
    assert problems(report, codes) == [
        "people.yaml: jane-doe: roles.1.en holds a control character (U+001B): "
        "'\\x1b]0;pwned\\x07' (only a tab may stand in a text)"]


def test_an_unknown_key_with_a_control_character_is_shown_escaped(report, codes):
    edit(report, "programs.yaml", "en: A platform", 'en: A platform\n    "\\e[2J": "\\e[2J"')
    found = problems(report, codes)
    assert found == [
        "programs.yaml: village-link: description: unknown key '\\x1b[2J' (allowed: zh, en)",
        "programs.yaml: village-link: description.\\x1b[2J holds a control character "
        "(U+001B): '\\x1b[2J' (only a tab may stand in a text)"]


# ---------------------------------------------------------------- 6. unknown keys

@pytest.mark.parametrize("file, key, item, extra, message", [
    ("programs.yaml", "description", None, "fr", "description: unknown key 'fr' (allowed: zh, "
                                                 "en)"),
    ("observations.yaml", "note", None, "de", "note: unknown key 'de'"),
    ("observations.yaml", "period", None, "until", "period: unknown key 'until' (allowed: from, "
                                                   "to)"),
    ("report.yaml", "period", None, "until", "period: unknown key 'until'"),
    ("people.yaml", "roles", 0, "title", "roles.1: unknown key 'title' (allowed: zh, en, org)"),
    ("stakeholders.yaml", "demands", 0, "note", "demands.1: unknown key 'note' (allowed: id, "
                                                "tier, zh, en)"),
    ("stakeholders.yaml", "practice", None, "ja", "practice: unknown key 'ja'"),
    ("ratings.yaml", "criteria", 0, "weight", "criteria.1: unknown key 'weight'"),
    ("ratings.yaml", "criteria", 0, None, "criteria.1.summary: unknown key 'fr'"),
])
def test_an_unknown_key_in_a_nested_mapping_is_refused(report, codes, file, key, item, extra,
                                                       message):
    data, spoiled = entry(report, file)
    target = spoiled[key] if item is None else spoiled[key][item]
    if extra is None:
        target["summary"]["fr"] = "résumé"
    else:
        target[extra] = "x"
    write(report, file, data)
    found = problems(report, codes)
    assert len(found) == 1 and found[0].startswith(f"{file}: ") and message in found[0], found


def test_an_unknown_field_of_report_yaml_is_refused(report, codes):
    edit(report, "report.yaml", "publisher:", "publsher: example-co\npublisher:")
    assert problems(report, codes) == [
        "report.yaml: mini-report: unknown field 'publsher' (allowed: id, zh, en, description, "
        "publisher, edition, published, period, based_on)"]


def test_an_unquoted_comma_in_a_flow_mapping_is_named(report, codes):
    # as three demands of the real stakeholders.yaml had it: their en label was cut short
    (report / "stakeholders.yaml").write_text(
        "- id: users\n  zh: 用户\n  en: Users\n  sources: [intro]\n  demands:\n"
        "    - {id: demand-users-must, tier: must, zh: 可靠的产品, en: Reliable, safe products}\n",
        encoding="utf-8")
    found = problems(report, codes)
    assert found == ["stakeholders.yaml: users: demands.1: unknown key 'safe products' (allowed: "
                     "id, tier, zh, en) - a comma in an unquoted text? quote the text"]
