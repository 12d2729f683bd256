"""Writing the synthetic graphs as compact TriG (``synthetic.py``): a writer that counts the
triples it writes, and the helpers that spell terms, literals and labels."""

from __future__ import annotations

import re

from synthetic_vocab import PREFIXES


class _Writer:
    """Compact TriG, one block per subject, counting the triples it writes."""

    def __init__(self, out):
        self.out = out
        self.triples = 0

    def subject(self, s: str, pairs: list[tuple[str, str]]) -> None:
        pairs = list(dict.fromkeys(pairs))  # a random pick may repeat a statement
        if not pairs:
            return
        body = " ;\n    ".join(f"{p} {_term(o)}" for p, o in pairs)
        self.out.write(f"{_term(s)} {body} .\n")
        self.triples += len(pairs)


_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_-]+")


def _term(t: str) -> str:
    """A CURIE whose local part Turtle cannot write plainly (``/``, ``.``) as a full IRI."""
    if t[0] in '"<':
        return t
    prefix, local = t.split(":", 1)
    return t if _PLAIN_LOCAL.fullmatch(local) else f"<{PREFIXES[prefix]}{local}>"


def _lit(text: str, lang: str | None = None) -> str:
    esc = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{esc}"@{lang}' if lang else f'"{esc}"'


def _typed(value, datatype: str) -> str:
    return f'"{value}"^^xsd:{datatype}'


def _labels(zh: str, en: str, pinyin: str | None = None) -> list[tuple[str, str]]:
    pairs = [("rdfs:label", _lit(zh, "zh")), ("rdfs:label", _lit(en, "en"))]
    if pinyin:
        pairs.append(("skos:hiddenLabel", _lit(pinyin, "zh-latn-pinyin")))
    return pairs



def _expand(curie: str) -> str:
    prefix, local = curie.split(":", 1)
    return PREFIXES[prefix] + local


class _Counter:
    def write(self, text: str) -> None:
        pass
