"""Synthetic CSR graphs shaped like the report's, at any size, for the scale benchmark.

The real graph holds one report (about 17,000 triples). A synthetic graph of N triples holds a
sector of made-up reports with the same kinds of thing, the same properties, the same IRI
patterns and about the same proportions: programs run by units or foundations, with
dimensions, stakeholder groups, demands, places and lineage; n-ary partnerships with roles
and ``csr:reporterSide``; figures with values, units, dates and qualifiers; report sections
with printed pages that everything is sourced to; zh and en labels made of a syllable list,
with their pinyin as ``skos:hiddenLabel``. Partners are drawn with a skew (a few organizations
work with many programs), as in the real report. The ontology graph is copied from the real
build's dump, so the canned queries find the schemes.

Everything comes from one seeded random generator: the same size and seed give the same file.
Files are written once into ``benchmarks/data/`` (git-ignored) and reused.

    .venv/bin/python benchmarks/synthetic.py 100k    # writes benchmarks/data/synthetic-100k.trig
"""


from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

from synthetic_activity import build_activities
from synthetic_sector import build_sector
from synthetic_trig import _Counter, _expand, _Writer
from synthetic_vocab import PREFIXES, _Names

__all__ = ["GENERATOR_VERSION", "SIZES", "ensure", "generate", "parse_size"]

HERE = Path(__file__).resolve().parent
DATA_DIR = HERE / "data"
REAL_DUMP = HERE.parent / "build" / "tencent-csr-2019.trig"
ONTOLOGY_GRAPH = "https://w3id.org/csr-kg/graph/ontology"
GENERATOR_VERSION = 4  # bump when the output changes, so cached files are made again
SEED = 2019

SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}


def _ontology_lines() -> list[str]:
    """The real ontology graph's triples, in N-Triples syntax, from the real build's dump."""
    import pyoxigraph as ox

    if not REAL_DUMP.is_file():
        raise SystemExit(f"{REAL_DUMP} is missing: run '.venv/bin/kg build' first")
    lines = []
    for q in ox.parse(path=str(REAL_DUMP), format=ox.RdfFormat.TRIG):
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == ONTOLOGY_GRAPH:
            lines.append(f"{q.subject} {q.predicate} {q.object} .\n")
    return lines


def parse_size(text: str) -> int:
    """``10k``, ``100k``, ``1M`` or a plain number of triples."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([kKmM]?)", text.strip())
    if not m:
        raise ValueError(f"not a size: {text!r} (write 10k, 100k, 1M or a number)")
    factor = {"": 1, "k": 1_000, "m": 1_000_000}[m.group(2).lower()]
    return int(float(m.group(1)) * factor)


def _counts(scale: float) -> dict[str, int]:
    """How many of each kind of thing at ``scale`` (1.0 is about the size of the real report)."""
    def n(base):
        return max(1, round(base * scale))

    return {"reports": max(1, round(scale)), "programs": n(240), "orgs": n(110),
            "units": n(50), "products": n(160), "places": max(8, n(70)), "events": n(60),
            "persons": n(40), "awards": n(20), "partnerships": n(300), "observations": n(350)}


def _generate(out, scale: float, graph: str, seed: int) -> tuple[int, dict]:
    """Write the synthetic graph (without the ontology) as TriG statements inside ``GRAPH``;
    returns the number of triples and the anchors the benchmark uses as query parameters."""
    rnd = random.Random(seed)
    names = _Names(rnd)
    c = _counts(scale)
    w = _Writer(out)
    out.write(f"<{graph}> {{\n")
    sector = build_sector(w, rnd, names, c)
    anchor, works_with, anchor_label = build_activities(w, rnd, names, c, sector)
    orgs, places_by_level = sector["orgs"], sector["places_by_level"]
    groups, leaves, roots = sector["groups"], sector["leaves"], sector["roots"]
    out.write("}\n")
    anchors = {
        "program": anchor, "organization": orgs[0], "works_with_program": works_with or anchor,
        "place": places_by_level[0][0], "group": groups[0][0], "section": leaves[0][0],
        "unit": roots[0],
    }
    full = {k: _expand(v) for k, v in anchors.items()}
    full["program_label"] = anchor_label  # what a person would type into kg search
    return w.triples, full


def generate(target: int, path: Path, seed: int = SEED) -> dict:
    """Write a synthetic dataset of about ``target`` triples (ontology graph included) as TriG
    at ``path``; returns its metadata (triples, scale, anchors, seconds)."""
    started = time.perf_counter()
    ontology = _ontology_lines()
    graph = f"https://w3id.org/csr-kg/graph/synthetic-{path.stem.split('-', 1)[-1]}"
    want = max(target - len(ontology), 1000)
    # triples grow linearly with the scale: measure two small scales, solve for the target
    t1, _ = _generate(_Counter(), 1.0, graph, seed)
    t2, _ = _generate(_Counter(), 2.0, graph, seed)
    scale = max(0.05, 1.0 + (want - t1) / (t2 - t1))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        for p, ns in PREFIXES.items():
            out.write(f"@prefix {p}: <{ns}> .\n")
        out.write(f"\n<{ONTOLOGY_GRAPH}> {{\n")
        out.writelines(ontology)
        out.write("}\n\n")
        triples, anchors = _generate(out, scale, graph, seed)
    tmp.replace(path)
    meta = {"target": target, "triples": triples + len(ontology), "synthetic": triples,
            "ontology": len(ontology), "scale": round(scale, 4), "seed": seed,
            "version": GENERATOR_VERSION, "graph": graph, "counts": _counts(scale),
            "anchors": anchors, "seconds": round(time.perf_counter() - started, 2)}
    path.with_suffix(".json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    return meta


def ensure(size: str, data_dir: Path = DATA_DIR, seed: int = SEED) -> tuple[Path, dict]:
    """The cached TriG file for ``size`` (``10k``, ``100k``, ``1M``...) and its metadata,
    generated first if missing or made by another generator version or seed."""
    path = data_dir / f"synthetic-{size}.trig"
    meta_path = path.with_suffix(".json")
    if path.is_file() and meta_path.is_file():
        meta = json.loads(meta_path.read_text())
        if meta.get("version") == GENERATOR_VERSION and meta.get("seed") == seed:
            return path, meta
    return path, generate(parse_size(size), path, seed)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", default=list(SIZES), help="10k, 100k, 1M or a number")
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    for size in args.sizes:
        parse_size(size)
        path, meta = ensure(size, seed=args.seed)
        print(f"{path.relative_to(HERE.parent)}: {meta['triples']:,} triples "
              f"({meta['synthetic']:,} synthetic + {meta['ontology']:,} ontology), "
              f"scale {meta['scale']}, made in {meta['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
