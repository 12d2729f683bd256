"""Read one report folder of YAML files and check every entry.

This is the only module that reads YAML. :func:`load_report` returns a :class:`ReportData`
whose entries are plain dicts that passed every check: required fields, known fields (in
nested mappings too), unique ids, references to ids that exist, dates, numbers and codes from
the SKOS schemes, each value of its field's type (:mod:`kg.checks_yaml`), no text holding a
control character (a tab is fine; no data needs a line break, so none is allowed). Every
problem is reported as ``file: entry: reason``, with any value it echoes shortened; all of
them are collected before failing. Anchors and aliases are refused before any value is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .checks_yaml import (CASS_CODE_RE, CONCEPT, DATE_RE, ID_RE, REF_RE, TIERS, UNIT_RE,
                          check_field, control_problems, is_blank, parse_date)
from .errors import BuildError, DataError
from .safe_text import one_line, shorten, visible

__all__ = ["FILES", "ENTITY_FILES", "REPORT", "ReportData", "load_report", "parse_date"]
__all__ += ["ID_RE", "UNIT_RE", "DATE_RE", "CASS_CODE_RE", "TIERS"]  # kept where they were

MAX_DEPTH = 12  # nesting of lists and mappings a data file may use (it needs 5)
NO_ANCHORS = "anchors and aliases (&, *) are not allowed in data files"
MAX_INT = 2**63 - 1

# Field types (kg.checks_yaml.CHECKS): id, unit-id, str, langmap ({zh, en}), list (texts),
# cass-codes, date, period (date or {from, to}), span ({from, to}), number, int, stars (0-5),
# bool, ref, refs, sources, code:<scheme>, codes:<scheme>, roles, demands, criteria.
COMMON = {"id": "id", "zh": "str", "en": "str", "aliases": "list", "description": "langmap",
          "sources": "sources"}
CURATOR = {"dimensions": "codes:dimension", "roles": "codes:role", "drivers": "codes:driver",
           "objects": "codes:object", "stakeholders": "refs:stakeholder",
           "answers": "refs:demand"}

# covers: the Tencent products, games, apps or services a program or product runs in, covers,
# integrates or serves; each target is an entry of one of these files ("|" separates choices).
COVERS = "refs:tencent.yaml|programs.yaml"

FILES: dict[str, dict] = {
    "programs.yaml": {**COMMON, **CURATOR, "kind": "code:program-kind", "started": "date",
                      "ended": "date", "grew_out_of": "ref", "part_of": "ref", "run_by": "refs",
                      "places": "refs:place", "covers": COVERS},
    "organizations.yaml": {**COMMON, "kind": "code:organization-kind", "part_of": "ref",
                           "located_in": "ref:place"},
    "tencent.yaml": {**COMMON, "kind": "code:tencent-kind", "part_of": "ref", "covers": COVERS},
    "people.yaml": {**COMMON, "roles": "roles", "quoted": "bool", "message_in": "refs:section",
                    "quoted_in": "refs:section", "report_team_in": "refs:section"},
    "places.yaml": {**COMMON, "kind": "code:place-kind", "within": "ref:place"},
    "events.yaml": {**COMMON, "kind": "code:event-kind", "date": "date", "start": "date",
                    "end": "date", "place": "ref:place", "part_of": "ref"},
    "awards.yaml": {**COMMON, "conferred_by": "ref", "recipients": "refs", "date": "date",
                    "rank": "int", "note": "langmap"},
    "standards.yaml": {**COMMON, "publisher": "ref"},
    "units.yaml": {"id": "unit-id", "zh": "str", "en": "str"},
    "sections.yaml": {"id": "id", "zh": "str", "en": "str", "part_of": "ref:section",
                      "page": "int", "last_page": "int", "kind": "code:section-kind"},
    "partnerships.yaml": {"subject": "ref", "partner": "ref", "role": "code:partner-role",
                          "since": "date", "sources": "sources", "note": "langmap"},
    "observations.yaml": {"id": "id", "subject": "ref", "measure": "langmap", "value": "number",
                          "unit": "ref:unit", "qualifier": "code:qualifier", "as_of": "date",
                          "period": "period", "sources": "sources", "note": "langmap"},
    "stakeholders.yaml": {**COMMON, "demands": "demands", "practice": "langmap",
                          "practice_by": "refs"},
    "indicators.yaml": {"section": "ref:section", "codes": "cass-codes", "page": "int"},
    "ratings.yaml": {**COMMON, "rated_by": "ref", "basis": "refs", "date": "date",
                     "stars": "stars", "criteria": "criteria"},
    # a framework the report draws: its concepts, and what the report links each one to
    "frameworks.yaml": {**COMMON, "links": "refs", "concepts": "concepts"},
}
# report.yaml: one mapping, the report itself.
REPORT = {"id": "id", "zh": "str", "en": "str", "description": "langmap", "publisher": "ref",
          "edition": "int", "published": "date", "period": "span", "based_on": "refs"}
REQUIRED = {
    "partnerships.yaml": ("subject", "partner", "role", "sources"),
    "observations.yaml": ("id", "subject", "measure", "value", "unit", "sources"),
    "units.yaml": ("id", "zh", "en"),
    "sections.yaml": ("id", "zh", "en"),  # a sub-section: part_of, no page
    "indicators.yaml": ("section", "codes", "page"),
    "report.yaml": ("id", "zh", "en", "publisher", "period"),
}
ENTITY_FILES = ("programs.yaml", "organizations.yaml", "tencent.yaml", "people.yaml",
                "places.yaml", "events.yaml", "awards.yaml", "standards.yaml",
                "stakeholders.yaml", "ratings.yaml", "frameworks.yaml")
# The kind of thing each file holds, for typed references (ref:place, refs:demand ...).
FILE_KIND = {"places.yaml": "place", "sections.yaml": "section", "units.yaml": "unit",
             "stakeholders.yaml": "stakeholder", "observations.yaml": "observation"}


@dataclass
class ReportData:
    """Every checked entry of one report folder, keyed by file name."""

    folder: Path
    report: dict
    entries: dict[str, list[dict]] = field(default_factory=dict)
    index: dict[str, tuple[str, dict]] = field(default_factory=dict)  # id -> (file, entry)

    @property
    def report_id(self) -> str:
        return self.report["id"]

    def of(self, file: str) -> list[dict]:
        return self.entries.get(file, [])

    def kind_of(self, ident: str) -> str:
        return self.index[ident][0]


def _name_part(value) -> str:
    """An id as it may appear in an entry's name: itself if it is one, else shortened."""
    return value if isinstance(value, str) and REF_RE.fullmatch(value) else shorten(value, 40)


def _entry_name(file: str, i: int, entry) -> str:
    if isinstance(entry, dict):
        ident = entry.get("id")
        if isinstance(ident, str) and REF_RE.fullmatch(ident):
            return ident
        if ident is None and file == "partnerships.yaml" and entry.get("subject"):
            return (f"entry {i + 1} ({_name_part(entry.get('subject'))} -> "
                    f"{_name_part(entry.get('partner'))})")
        if ident is None and file == "indicators.yaml" and entry.get("section"):
            return f"entry {i + 1} ({_name_part(entry.get('section'))})"
    return f"entry {i + 1}"


# ---------------------------------------------------------------- reading YAML

class _Loader(yaml.SafeLoader):
    """Safe YAML without implicit timestamps: dates stay text and are checked by parse_date,
    so 2019-02-30 is reported as a bad date instead of crashing the YAML parser.

    Anchors and aliases are refused as soon as the parser meets one, before any value is
    built (a kilobyte of nested aliases would otherwise expand to gigabytes), and so is
    nesting deeper than MAX_DEPTH (the composer recurses once per level)."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise yaml.composer.ComposerError(None, None, NO_ANCHORS, event.start_mark)
        depth = getattr(self, "_depth", 0)
        if depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(
                None, None, f"nested deeper than {MAX_DEPTH} levels", event.start_mark)
        self._depth = depth + 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth = depth


def _unique_keys(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, str):
            raise yaml.constructor.ConstructorError(
                None, None, f"field name {shorten(key)} is not a text (quote it)",
                key_node.start_mark)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate field {shorten(key)}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


def _bounded_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    """A whole number the store can hold (xsd:integer is 64 bits in Oxigraph); a longer one
    is refused here, before Python's digit limit turns it into a crash."""
    try:
        value = yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    except ValueError:
        value = None
    if value is None or not -MAX_INT <= value <= MAX_INT:
        raise yaml.constructor.ConstructorError(
            None, None, f"a whole number too large (at most {MAX_INT})", node.start_mark)
    return value


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_keys)
_Loader.add_constructor("tag:yaml.org,2002:int", _bounded_int)
_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def _yaml_problem(e: yaml.YAMLError, text: str) -> tuple[str, str]:
    """(where, reason) of a YAML error, on one line, with nothing of the file echoed raw."""
    if isinstance(e, yaml.reader.ReaderError):
        code = e.character if isinstance(e.character, int) else ord(str(e.character)[:1] or "?")
        line = text[:e.position].count("\n") + 1
        return f"line {line}", f"holds a control character (U+{code:04X})"
    mark = getattr(e, "problem_mark", None)
    where = f"line {mark.line + 1}" if mark else "document"
    return where, one_line(str(getattr(e, "problem", None) or e), 200)


def _read_yaml(path: Path):
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise DataError(path.name, "file", f"cannot be read: {e.strerror}") from e
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[:e.start].count(b"\n") + 1
        raise DataError(path.name, f"line {line}", "is not UTF-8 text") from e
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as e:
        where, reason = _yaml_problem(e, text)
        raise DataError(path.name, where, f"not valid YAML: {reason}") from e


# ---------------------------------------------------------------- the checks

def load_report(folder: Path, codes: dict[str, set[str]]) -> ReportData:
    """Read and check every YAML file of one report folder.

    Parameters
    ----------
    folder : the report folder (holds ``report.yaml``).
    codes : scheme key -> allowed notations, from ``ontology/schemes.ttl``.

    Raises
    ------
    BuildError
        with one ``file: entry: reason`` line per problem.
    """
    folder = Path(folder)
    data, problems = _read_report(folder, codes)
    report_ok = not problems
    unknown = sorted(p.name for p in folder.glob("*.yaml")
                     if p.name not in FILES and p.name != "report.yaml")
    for name in unknown:
        problems.append(f"{visible(name)}: file: unknown data file (expected one of: "
                        f"{', '.join(sorted(FILES))})")
    # Pass 1: read, check shapes, register ids.
    unreadable = False
    for file, spec in FILES.items():
        if (folder / file).exists():
            problems += _read_entries(data, file, spec, codes)
            unreadable = unreadable or file not in data.entries
    problems += _register_nested(data, "stakeholders.yaml", "demands", "demand")
    problems += _register_nested(data, "frameworks.yaml", "concepts", "concept")
    if unreadable:  # every reference into a file that could not be read would be reported
        raise BuildError(problems)
    # Pass 2: references.
    for file, spec in FILES.items():
        for i, entry in enumerate(data.of(file)):
            name = _entry_name(file, i, entry)
            for reason in _check_refs(spec, entry, data):
                problems.append(f"{file}: {name}: {reason}")
    problems += _section_order(data)
    for framework in data.of("frameworks.yaml"):
        for concept in framework.get("concepts", []):
            for reason in _check_refs(CONCEPT[0], concept, data):
                problems.append(f"frameworks.yaml: {concept['id']}: {reason}")
    if report_ok:
        for reason in _check_refs(REPORT, data.report, data):
            problems.append(f"report.yaml: {data.report_id}: {reason}")
    if problems:
        raise BuildError(problems)
    return data


def _read_report(folder: Path, codes: dict) -> tuple[ReportData, list[str]]:
    """The report's own mapping, checked; its id must be good for anything else to go on."""
    report_path = folder / "report.yaml"
    if not report_path.is_file():
        raise BuildError([f"{visible(str(folder))}: report.yaml is missing "
                          f"(every report folder needs one)"])
    try:
        report = _read_yaml(report_path)
    except DataError as e:
        raise BuildError([str(e)]) from e
    if not isinstance(report, dict) or not (isinstance(report.get("id"), str)
                                            and ID_RE.fullmatch(report["id"])):
        raise BuildError(["report.yaml: report: needs an id of lowercase letters, digits and -"])
    problems = [f"report.yaml: {report['id']}: {reason}"
                for reason in _check_shape("report.yaml", REPORT, report, codes)]
    return ReportData(folder=folder, report=report), problems


def _read_entries(data: ReportData, file: str, spec: dict, codes: dict) -> list[str]:
    """Read one data file into ``data`` (the entries that passed); returns the problems."""
    try:
        raw = _read_yaml(data.folder / file)
    except DataError as e:
        return [str(e)]
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        return [f"{file}: file: must be a list of entries, not {shorten(raw, 40)}"]
    problems, kept = [], []
    for i, entry in enumerate(raw):
        name = _entry_name(file, i, entry)
        if not isinstance(entry, dict):
            problems.append(f"{file}: {name}: must be a mapping of fields, not {shorten(entry)}")
            continue
        bad = _check_shape(file, spec, entry, codes)
        problems.extend(f"{file}: {name}: {reason}" for reason in bad)
        ident = entry.get("id")
        if isinstance(ident, str) and REF_RE.fullmatch(ident):
            if ident in data.index:
                problems.append(f"{file}: {ident}: duplicate id (also in {data.index[ident][0]})")
                continue
            # registered even when bad, so entries that refer to it add no noise
            data.index[ident] = (file, entry)
        if not bad:
            kept.append(entry)
    data.entries[file] = kept
    return problems


def _register_nested(data: ReportData, file: str, field: str, kind: str) -> list[str]:
    """Entries nested in the entries of ``file`` under ``field`` (a stakeholder group's
    demands, a framework's concepts) are entities of their own, with ids unique in the folder.
    They are registered even when their parent is bad, so entries that refer to them add no
    noise."""
    problems = []
    parents = [e for f, e in list(data.index.values()) if f == file]
    for parent in parents:
        children = parent.get(field)
        for child in children if isinstance(children, list) else []:
            ident = child.get("id") if isinstance(child, dict) else None
            if not (isinstance(ident, str) and ID_RE.fullmatch(ident)):
                continue
            if ident in data.index:
                problems.append(f"{file}: {ident}: duplicate id "
                                f"(also in {data.index[ident][0]})")
                continue
            data.index[ident] = (kind, child)
    return problems


def _check_shape(file: str, spec: dict, entry: dict, codes: dict[str, set[str]]) -> list[str]:
    """Every reason one entry is wrong: unknown or missing fields, a value not of its field's
    type (kg.checks_yaml), a text holding a control character."""
    bad = [f"unknown field {shorten(key)} (allowed: {', '.join(spec)})"
           for key in sorted((k for k in entry if k not in spec), key=repr)]
    required = REQUIRED.get(file) or tuple(k for k in ("id", "zh", "en", "sources") if k in spec)
    for key in required:
        if is_blank(entry.get(key)):
            bad.append(f"missing {key} {'label' if key in ('zh', 'en') else 'field'}")
    for key, value in entry.items():
        if key not in spec:
            continue
        if not is_blank(value):
            bad += check_field(key, spec[key], value, codes)
        elif key not in required and not isinstance(value, list):
            bad.append(f"{key} is empty (give a value or leave the field out)")
        bad += control_problems(key, value)
    return bad


def _section_order(data: ReportData) -> list[str]:
    """A sub-section (no page of its own) comes after the section it is part of, whose pages
    it inherits; so the printed order holds and a chain of part_of cannot loop."""
    seen: set[str] = set()
    bad = []
    for sec in data.of("sections.yaml"):
        if "page" not in sec:
            if not sec.get("part_of"):
                bad.append(f"sections.yaml: {sec['id']}: missing page field "
                           "(only a sub-section, with part_of, inherits its section's pages)")
            elif sec["part_of"] not in seen:
                bad.append(f"sections.yaml: {sec['id']}: part_of {shorten(sec['part_of'])} "
                           "must come before it in the file")
            if not sec.get("kind"):
                bad.append(f"sections.yaml: {sec['id']}: a sub-section needs a kind "
                           "(heading, case, reading, feature or infographic)")
        elif sec.get("kind"):
            bad.append(f"sections.yaml: {sec['id']}: kind is for sub-sections only "
                       "(a section with its own page is an x.y section)")
        seen.add(sec["id"])
    return bad


def _check_refs(spec: dict, entry: dict, data: ReportData) -> list[str]:
    bad = []
    for key, kind in spec.items():
        value = entry.get(key)
        if value is None:
            continue
        base, _, want = kind.partition(":")
        if base == "roles":
            value, base, want = [r["org"] for r in value if r.get("org")], "refs", ""
        if base not in ("ref", "refs", "sources"):
            continue
        if base == "sources":
            want = "section"
        for ident in ([value] if base == "ref" else value):
            if ident not in data.index:
                bad.append(f"{key} refers to unknown id {shorten(ident)}")
                continue
            if want:
                got = data.index[ident][0]
                got_kind = FILE_KIND.get(got, got)
                if got_kind not in want.split("|"):
                    want_text = " or ".join(w.removesuffix(".yaml") for w in want.split("|"))
                    bad.append(f"{key} {shorten(ident)} must be a {want_text}, "
                               f"not an entry of {got}")
    return bad
