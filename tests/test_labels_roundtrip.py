"""Every label written in the YAML reaches the graph unchanged: no silent split at a comma, no
lost key, no stray whitespace. The YAML is read here with a plain YAML parser, apart from
kg's loader, so a loader that quietly drops or cuts a value is caught."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg.paths import DATA_DIR

REPORT = DATA_DIR / "tencent-csr-2019"
ID = "https://w3id.org/csr-kg/id/"


def _entries():
    """(file, id, zh, en) of every labelled entry, demands included."""
    found = []
    for path in sorted(REPORT.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(raw, list):
            continue
        for entry in raw:
            if isinstance(entry, dict) and entry.get("id") and ("zh" in entry or "en" in entry):
                found.append((path.name, entry["id"], entry.get("zh"), entry.get("en")))
            for demand in (entry.get("demands") or []) if isinstance(entry, dict) else []:
                found.append((path.name, demand["id"], demand.get("zh"), demand.get("en")))
    return found


ENTRIES = _entries()


@pytest.fixture(scope="module")
def labels_by_local_id(memory_store):
    """local id (the last path segment of an entity IRI) -> {lang: {labels}}."""
    out: dict[str, dict[str, set[str]]] = {}
    for s, label in memory_store.dataset.subject_objects(RDFS.label):
        if isinstance(s, URIRef) and isinstance(label, Literal) and str(s).startswith(ID):
            local = str(s).rsplit("/", 1)[-1]
            out.setdefault(local, {}).setdefault(label.language or "", set()).add(str(label))
    return out


def test_every_labelled_entry_was_read():
    assert len(ENTRIES) > 850
    assert len({(f, i) for f, i, _, _ in ENTRIES}) == len(ENTRIES)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_label_round_trips_unchanged(labels_by_local_id, lang):
    column = 2 if lang == "zh" else 3
    wrong = []
    for entry in ENTRIES:
        text = entry[column]
        if text is None:
            continue
        got = labels_by_local_id.get(entry[1], {}).get(lang, set())
        if str(text) not in got:
            wrong.append((entry[0], entry[1], text, sorted(got)))
    assert not wrong, wrong[:5]


def test_the_three_demands_once_cut_at_a_comma(labels_by_local_id):
    assert labels_by_local_id["demand-shareholders-should"]["en"] == {
        "Timely, accurate, complete and lawful financial and operating disclosure"}
    assert labels_by_local_id["demand-employees-should"]["en"] == {
        "Care for employees, with training and development"}
    assert labels_by_local_id["demand-government-must"]["en"] == {
        "Law-abiding, honest operation and paying taxes"}


def test_no_yaml_file_holds_a_key_the_loader_drops(tmp_path):
    """The loader refuses unknown keys; this plain read finds the comma-split pattern
    (a key with an empty value inside a flow mapping) in case a file slips past."""
    for path in sorted(Path(REPORT).glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for n, line in enumerate(text.splitlines(), start=1):
            if line.lstrip().startswith("- {") and ", en: " in line:
                tail = line.split(", en: ", 1)[1]
                assert not (", " in tail and not tail.lstrip().startswith(('"', "'"))
                            and ":" not in tail.split(", ", 1)[1].split(" ", 1)[0]), (
                    f"{path.name}:{n}: an unquoted comma in an English label")
