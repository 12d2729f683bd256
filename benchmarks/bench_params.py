"""The parameters of a canned query on a synthetic graph (``run.py``): its first example's,
with the real report's entities replaced by the synthetic graph's anchors."""

from __future__ import annotations

import itertools
import shlex

# a canned query's example names an entity of the real report; these stand in for it
ANCHOR_FOR_PARAM = {"program": "program", "entity": "program", "organization": "organization",
                    "place": "place", "group": "group", "section": "section",
                    "forerunner": "program", "unit": "unit"}
SCHEME_PREFIXES = ("csrs:", "csr:", "unit:")


def example_params(canned) -> dict[str, str]:
    """The parameters of the query's first ``# example:`` line."""
    if not canned.examples:
        return {}
    words = shlex.split(canned.examples[0])
    params = {}
    for flag, value in itertools.pairwise(words):
        if flag == "--param":
            key, _, val = value.partition("=")
            params[key] = val
    return params


def synthetic_params(canned, anchors: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The first example's parameters, with every entity of the real report replaced by an
    entity of the synthetic graph; notes say what was replaced."""
    given = example_params(canned)
    params, notes = {}, []
    for p in canned.params:
        value = given.get(p.name, p.default)
        if value is None:
            continue
        if p.type == "iri" and not value.startswith(SCHEME_PREFIXES):
            key = ANCHOR_FOR_PARAM.get(p.name)
            if canned.name == "works-with" and p.name == "program":
                key = "works_with_program"
            if key is None:
                notes.append(f"{p.name}: no synthetic stand-in, left unbound")
                continue
            value = f"<{anchors[key]}>"
        params[p.name] = value
    return params, notes
