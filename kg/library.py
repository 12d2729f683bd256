"""The canned query library: ``kg/queries/*.rq``, each with a comment header.

The header is the file's leading ``#`` lines::

    # title: Partners of a program
    # description: Every organization the report names as working on a program, with its
    #   role. (Indented lines continue the field above.)
    # param: program (iri, default program:ruqi-mobility): the program, by name, id or IRI
    # example: kg query --name partners-of-program --param program=为村

A parameter without a default is optional: left unbound, the query answers for every value.
``(iri, required)`` makes it required. The parameter's name is the query variable it binds.

>>> [q.name for q in catalog()][:1]                               # doctest: +SKIP
['awards']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UsageError
from .params import TYPES

__all__ = ["QUERY_DIR", "Param", "CannedQuery", "catalog", "get", "parse_header"]

QUERY_DIR = Path(__file__).resolve().parent / "queries"

_FIELD = re.compile(r"^#\s*(title|description|param|example):\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s*\((\w+)(?:,\s*(required|default\s+(.+?)))?\)\s*:\s*(.+)$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str
    default: str | None = None
    required: bool = False


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    description: str
    text: str
    path: Path
    params: tuple[Param, ...] = ()
    examples: tuple[str, ...] = field(default=())

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        choices = ", ".join(p.name for p in self.params) or "none"
        raise UsageError(f"query {self.name!r} has no parameter {name!r} "
                         f"(its parameters: {choices})")


def parse_header(path: Path) -> CannedQuery:
    """Read one ``.rq`` file; a malformed header raises ``ValueError`` naming the line."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, list[str]] = {"title": [], "description": [], "param": [], "example": []}
    last = None
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        m = _FIELD.match(line)
        if m:
            last = m.group(1)
            fields[last].append(m.group(2).strip())
        elif last and re.match(r"^#\s{2,}\S", line):
            fields[last][-1] += " " + line[1:].strip()
        elif line.strip("# "):
            raise ValueError(f"{path.name}:{n}: not a header field: {line}")
    if len(fields["title"]) != 1 or len(fields["description"]) != 1:
        raise ValueError(f"{path.name}: needs one 'title:' and one 'description:' line")
    params = []
    for spec in fields["param"]:
        m = _PARAM.match(spec)
        if not m or m.group(2) not in TYPES:
            raise ValueError(f"{path.name}: bad param line {spec!r} (write "
                             f"'name (type[, default VALUE | , required]): what it is', "
                             f"type one of {', '.join(TYPES)})")
        params.append(Param(m.group(1), m.group(2), m.group(5), m.group(4),
                            m.group(3) == "required"))
    return CannedQuery(path.stem, fields["title"][0], fields["description"][0], text, path,
                       tuple(params), tuple(fields["example"]))


def catalog(folder: Path = QUERY_DIR) -> list[CannedQuery]:
    """Every canned query, sorted by name."""
    return [parse_header(p) for p in sorted(folder.glob("*.rq"))]


def get(name: str, folder: Path = QUERY_DIR) -> CannedQuery:
    """One canned query by name; an unknown name lists the valid ones."""
    path = folder / f"{name}.rq"
    if not re.fullmatch(r"[\w-]+", name) or not path.is_file():
        names = ", ".join(p.stem for p in sorted(folder.glob("*.rq")))
        raise UsageError(f"no canned query {name!r} (choose one of: {names})")
    return parse_header(path)
