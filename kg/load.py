"""Read one report folder of YAML files and check every entry.

This is the only module that reads YAML. :func:`load_report` returns a :class:`ReportData`
whose entries are plain dicts that passed every check: required fields, known fields, unique
ids, references to ids that exist, dates, numbers and codes from the SKOS schemes. Every
problem is reported as ``file: entry: reason``; all of them are collected before failing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import BuildError, DataError

__all__ = ["FILES", "ENTITY_FILES", "ReportData", "load_report", "parse_date"]

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
UNIT_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")  # units keep their usual case: CNY, kWh
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

# Field types: id, str, langmap ({zh, en}), date, number, int, bool, ref, refs, sources,
# code:<scheme>, codes:<scheme>, roles (people), period (date or {from, to}), list.
COMMON = {"id": "id", "zh": "str", "en": "str", "aliases": "list", "description": "langmap",
          "sources": "sources"}
CURATOR = {"dimensions": "codes:dimension", "roles": "codes:role", "drivers": "codes:driver",
           "objects": "codes:object", "stakeholders": "refs:stakeholder",
           "answers": "refs:demand"}

FILES: dict[str, dict] = {
    "programs.yaml": {**COMMON, **CURATOR, "kind": "code:program-kind", "started": "date",
                      "ended": "date", "grew_out_of": "ref", "part_of": "ref", "run_by": "refs",
                      "places": "refs:place"},
    "organizations.yaml": {**COMMON, "kind": "code:organization-kind", "part_of": "ref",
                           "located_in": "ref:place"},
    "tencent.yaml": {**COMMON, "kind": "code:tencent-kind", "part_of": "ref"},
    "people.yaml": {**COMMON, "roles": "roles", "quoted": "bool"},
    "places.yaml": {**COMMON, "kind": "code:place-kind", "within": "ref:place"},
    "events.yaml": {**COMMON, "kind": "code:event-kind", "date": "date", "start": "date",
                    "end": "date", "place": "ref:place", "part_of": "ref"},
    "awards.yaml": {**COMMON, "conferred_by": "ref", "recipients": "refs", "date": "date",
                    "rank": "int", "note": "langmap"},
    "standards.yaml": {**COMMON, "publisher": "ref"},
    "units.yaml": {"id": "unit-id", "zh": "str", "en": "str"},
    "sections.yaml": {"id": "id", "zh": "str", "en": "str", "part_of": "ref:section",
                      "page": "int", "last_page": "int"},
    "partnerships.yaml": {"subject": "ref", "partner": "ref", "role": "code:partner-role",
                          "since": "date", "sources": "sources", "note": "langmap"},
    "observations.yaml": {"id": "id", "subject": "ref", "measure": "langmap", "value": "number",
                          "unit": "ref:unit", "qualifier": "code:qualifier", "as_of": "date",
                          "period": "period", "sources": "sources", "note": "langmap"},
    "stakeholders.yaml": {**COMMON, "demands": "demands", "practice": "langmap"},
    "indicators.yaml": {"section": "ref:section", "codes": "list", "page": "int"},
    "ratings.yaml": {**COMMON, "rated_by": "ref", "basis": "refs", "date": "date",
                     "stars": "int", "criteria": "criteria"},
}
REQUIRED = {
    "partnerships.yaml": ("subject", "partner", "role", "sources"),
    "observations.yaml": ("id", "subject", "measure", "value", "unit", "sources"),
    "units.yaml": ("id", "zh", "en"),
    "sections.yaml": ("id", "zh", "en", "page"),
    "indicators.yaml": ("section", "codes", "page"),
}
ENTITY_FILES = ("programs.yaml", "organizations.yaml", "tencent.yaml", "people.yaml",
                "places.yaml", "events.yaml", "awards.yaml", "standards.yaml",
                "stakeholders.yaml", "ratings.yaml")
# The kind of thing each file holds, for typed references (ref:place, refs:demand ...).
FILE_KIND = {"places.yaml": "place", "sections.yaml": "section", "units.yaml": "unit",
             "stakeholders.yaml": "stakeholder", "observations.yaml": "observation"}
TIERS = ("must", "should", "may")
CASS_CODE_RE = re.compile(r"^[PGMSEA]\d+(?:\.\d+)?$")


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


def parse_date(value) -> tuple[str, str]:
    """``2019``, ``2019-09`` or ``2019-09-07`` (str, int or date) -> (lexical form, xsd type).

    Raises ``ValueError`` on anything else, including impossible calendar dates.
    """
    if isinstance(value, dt.date):
        value = value.isoformat()
    text = str(value)
    m = DATE_RE.match(text)
    if not m or isinstance(value, bool):
        raise ValueError(f"bad date {value!r} (use 2019, 2019-09 or 2019-09-07)")
    year, month, day = m.groups()
    if month and not 1 <= int(month) <= 12:
        raise ValueError(f"bad date {value!r}: month {month}")
    if day:
        try:
            dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"bad date {value!r} (no such day)") from None
        return text, "date"
    return text, "gYearMonth" if month else "gYear"


def _entry_name(file: str, i: int, entry) -> str:
    if isinstance(entry, dict):
        if entry.get("id"):
            return str(entry["id"])
        if file == "partnerships.yaml" and entry.get("subject"):
            return f"entry {i + 1} ({entry.get('subject')} -> {entry.get('partner')})"
        if file == "indicators.yaml" and entry.get("section"):
            return f"entry {i + 1} ({entry.get('section')})"
    return f"entry {i + 1}"


class _Loader(yaml.SafeLoader):
    """Safe YAML without implicit timestamps: dates stay text and are checked by parse_date,
    so 2019-02-30 is reported as a bad date instead of crashing the YAML parser."""


def _unique_keys(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate field {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_keys)
_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def _read_yaml(path: Path):
    try:
        with path.open(encoding="utf-8") as f:
            return yaml.load(f, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "document"
        raise DataError(path.name, where, f"not valid YAML: {getattr(e, 'problem', e)}") from e
    except OSError as e:
        raise DataError(path.name, "file", f"cannot be read: {e.strerror}") from e


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
    problems: list[str] = []
    report_path = folder / "report.yaml"
    if not report_path.is_file():
        raise BuildError([f"{folder}: report.yaml is missing (every report folder needs one)"])
    try:
        report = _read_yaml(report_path)
    except DataError as e:
        raise BuildError([str(e)]) from e
    if not isinstance(report, dict) or not ID_RE.match(str(report.get("id", ""))):
        raise BuildError(["report.yaml: report: needs an id of lowercase letters, digits and -"])
    data = ReportData(folder=folder, report=report)

    unknown = sorted(p.name for p in folder.glob("*.yaml")
                     if p.name not in FILES and p.name != "report.yaml")
    for name in unknown:
        problems.append(f"{name}: file: unknown data file (expected one of: "
                        f"{', '.join(sorted(FILES))})")

    # Pass 1: read, check shapes, register ids.
    for file, spec in FILES.items():
        path = folder / file
        if not path.exists():
            continue
        try:
            raw = _read_yaml(path)
        except DataError as e:
            problems.append(str(e))
            continue
        if raw is None:
            raw = []
        if not isinstance(raw, list):
            problems.append(f"{file}: file: must be a list of entries")
            continue
        kept = []
        for i, entry in enumerate(raw):
            name = _entry_name(file, i, entry)
            if not isinstance(entry, dict):
                problems.append(f"{file}: {name}: must be a mapping of fields")
                continue
            bad = _check_shape(file, spec, entry, codes)
            problems.extend(f"{file}: {name}: {reason}" for reason in bad)
            ident = entry.get("id")
            if isinstance(ident, str):
                if ident in data.index:
                    other = data.index[ident][0]
                    problems.append(f"{file}: {ident}: duplicate id (also in {other})")
                    continue
                # registered even when bad, so entries that refer to it add no noise
                data.index[ident] = (file, entry)
            if not bad:
                kept.append(entry)
        data.entries[file] = kept

    # Stakeholder demands are entities of their own.
    for group in data.of("stakeholders.yaml"):
        for demand in group.get("demands", []):
            if demand["id"] in data.index:
                problems.append(f"stakeholders.yaml: {demand['id']}: duplicate id "
                                f"(also in {data.index[demand['id']][0]})")
            data.index[demand["id"]] = ("demand", demand)

    # Pass 2: references.
    for file, spec in FILES.items():
        for i, entry in enumerate(data.of(file)):
            name = _entry_name(file, i, entry)
            for reason in _check_refs(spec, entry, data):
                problems.append(f"{file}: {name}: {reason}")
    for reason in _check_report(report, data):
        problems.append(f"report.yaml: {report['id']}: {reason}")

    if problems:
        raise BuildError(problems)
    return data


def _is_langmap(value) -> bool:
    return (isinstance(value, dict) and set(value) <= {"zh", "en"} and value
            and all(isinstance(v, str) and v.strip() for v in value.values()))


def _check_shape(file: str, spec: dict, entry: dict, codes: dict[str, set[str]]) -> list[str]:
    bad = []
    for key in sorted(set(entry) - set(spec)):
        bad.append(f"unknown field '{key}' (allowed: {', '.join(spec)})")
    required = REQUIRED.get(file) or tuple(k for k in ("id", "zh", "en", "sources") if k in spec)
    for key in required:
        if entry.get(key) in (None, "", []):
            what = "label" if key in ("zh", "en") else "field"
            bad.append(f"missing {key} {what}")
    for key, value in entry.items():
        kind = spec.get(key)
        if kind is None or value is None:
            continue
        base, _, scheme = kind.partition(":")
        if base == "id" and not (isinstance(value, str) and ID_RE.match(value)):
            bad.append(f"bad id {value!r} (lowercase letters, digits and - only)")
        elif base == "unit-id" and not (isinstance(value, str) and UNIT_RE.match(value)):
            bad.append(f"bad unit id {value!r} (letters, digits and - only)")
        elif base == "str" and not (isinstance(value, str) and value.strip()):
            bad.append(f"{key} must be a non-empty text")
        elif base == "langmap" and not _is_langmap(value):
            bad.append(f"{key} must be a mapping with zh and/or en texts")
        elif base == "list" and not (isinstance(value, list)
                                     and all(isinstance(v, (str, int, float)) for v in value)):
            bad.append(f"{key} must be a list of texts")
        elif base == "date":
            try:
                parse_date(value)
            except ValueError as e:
                bad.append(f"{key}: {e}")
        elif base == "period":
            parts = ([value.get("from"), value.get("to")] if isinstance(value, dict)
                     else [value])
            for part in parts:
                try:
                    parse_date(part)
                except ValueError as e:
                    bad.append(f"{key}: {e}")
        elif base == "number" and (isinstance(value, bool)
                                   or not isinstance(value, (int, float))):
            bad.append(f"{key} must be a number, not {value!r} (write 2510000 for 251万)")
        elif base == "int" and (isinstance(value, bool) or not isinstance(value, int)):
            bad.append(f"{key} must be a whole number, not {value!r}")
        elif base == "bool" and not isinstance(value, bool):
            bad.append(f"{key} must be true or false")
        elif base in ("ref", "refs", "sources"):
            values = value if base != "ref" else [value]
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                bad.append(f"{key} must be {'an id' if base == 'ref' else 'a list of ids'}")
        elif base in ("code", "codes"):
            values = value if base == "codes" else [value]
            if not isinstance(values, list):
                bad.append(f"{key} must be a list")
                continue
            for v in values:
                if v not in codes.get(scheme, ()):
                    label = "role" if scheme == "partner-role" else scheme.replace("-", " ")
                    bad.append(f"unknown {label} {v!r} (allowed: "
                               f"{', '.join(sorted(codes.get(scheme, ())))})")
        elif base == "roles":
            if not (isinstance(value, list) and all(
                    isinstance(r, dict) and set(r) <= {"zh", "en", "org"}
                    and r.get("zh") and r.get("en") for r in value)):
                bad.append("roles must be a list of {zh, en, org}")
        elif base == "demands":
            bad.extend(_check_demands(value))
        elif base == "criteria":
            if not (isinstance(value, list) and all(
                    isinstance(c, dict) and c.get("criterion") in codes.get("criterion", ())
                    and isinstance(c.get("stars"), int) and not isinstance(c["stars"], bool)
                    and 0 <= c["stars"] <= 5 and _is_langmap(c.get("summary", {"zh": "-"}))
                    for c in value)):
                bad.append("criteria must be a list of {criterion, stars 0-5, summary}")
    if file == "indicators.yaml" and isinstance(entry.get("codes"), list):
        for code in entry["codes"]:
            if not CASS_CODE_RE.match(str(code)):
                bad.append(f"bad CASS-CSR code {code!r} (e.g. G1.1, M2.7, A4)")
    return bad


def _check_demands(value) -> list[str]:
    if not isinstance(value, list):
        return ["demands must be a list"]
    return [f"each demand needs id, tier ({', '.join(TIERS)}), zh and en: {d!r}"
            for d in value
            if not (isinstance(d, dict) and ID_RE.match(str(d.get("id", "")))
                    and d.get("tier") in TIERS and d.get("zh") and d.get("en"))]


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
                bad.append(f"{key} refers to unknown id '{ident}'")
                continue
            if want:
                got = data.index[ident][0]
                got_kind = FILE_KIND.get(got, got)
                if got_kind != want:
                    bad.append(f"{key} '{ident}' must be a {want}, not an entry of {got}")
    return bad


def _check_report(report: dict, data: ReportData) -> list[str]:
    bad = []
    for key in ("zh", "en", "publisher", "period"):
        if not report.get(key):
            bad.append(f"missing {key}")
    if report.get("publisher") and report["publisher"] not in data.index:
        bad.append(f"publisher refers to unknown id '{report['publisher']}'")
    for ident in report.get("based_on", []):
        if ident not in data.index:
            bad.append(f"based_on refers to unknown id '{ident}'")
    return bad
