"""``kg build``: YAML -> RDF dataset -> SHACL -> embedded store and a TriG dump.

The dataset has one named graph for the ontology and one per report. The new store is built in
a folder of its own and swapped in only when everything passed, so a failed build leaves the
previous store answering. The same input gives a byte-identical dump.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph

from .errors import BuildError
from .files import atomic_write
from .load import load_report
from .namespaces import ONTOLOGY_GRAPH, PREFIXES, report_graph
from .ontology import load_ontology, load_shapes, scheme_codes
from .rdf import report_to_graph

__all__ = ["BuildResult", "build_dataset", "build", "write_store"]


@dataclass
class BuildResult:
    store: Path
    dumps: list[Path]
    reports: list[str]
    triples: int
    seconds: float


def build_dataset(report_dirs: list[Path], ontology_dir: Path) -> Dataset:
    """Read the ontology and every report folder into one RDF dataset (raises BuildError)."""
    if not report_dirs:
        raise BuildError(["no report folder given (a report folder holds report.yaml)"])
    ontology = load_ontology(ontology_dir)
    codes = scheme_codes(ontology)
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    ds.graph(ONTOLOGY_GRAPH).__iadd__(ontology)
    problems: list[str] = []
    seen: dict[str, Path] = {}
    for folder in report_dirs:
        try:
            data = load_report(Path(folder), codes)
        except BuildError as e:
            problems.extend(e.problems)
            continue
        if data.report_id in seen:
            problems.append(f"{folder}/report.yaml: {data.report_id}: the same report id as "
                            f"{seen[data.report_id]}")
            continue
        seen[data.report_id] = Path(folder)
        ds.graph(report_graph(data.report_id)).__iadd__(report_to_graph(data, codes))
    if problems:
        raise BuildError(problems)
    return ds


def shacl_problems(ds: Dataset, ontology_dir: Path) -> list[str]:
    """SHACL results of every report graph against ``shapes.ttl``, one line each."""
    from .validate import shacl_report

    problems = []
    ontology = ds.graph(ONTOLOGY_GRAPH)
    shapes = load_shapes(ontology_dir)
    for g in _report_graphs(ds):
        for line in shacl_report(g, ontology, shapes):
            problems.append(f"SHACL: {line}")
    return problems


def _report_graphs(ds: Dataset) -> list[Graph]:
    return sorted((g for g in ds.graphs() if str(g.identifier) != str(ONTOLOGY_GRAPH)
                   and len(g)), key=lambda g: str(g.identifier))


def serialize_trig(ds: Dataset) -> bytes:
    """A deterministic TriG text of the dataset: graphs sorted by name, each as sorted Turtle."""
    prefixes: set[str] = set()
    blocks = []
    for g in sorted((g for g in ds.graphs() if len(g)), key=lambda g: str(g.identifier)):
        heads, body = _turtle_parts(g)
        prefixes.update(heads)
        blocks.append(f"\n<{g.identifier}> {{\n{body}}}\n")
    return ("".join(sorted(prefixes)) + "".join(blocks)).encode("utf-8")


def _turtle_parts(g: Graph) -> tuple[list[str], str]:
    """(prefix lines, statements) of one graph written as Turtle."""
    plain = Graph()
    for prefix, ns in PREFIXES.items():
        plain.bind(prefix, ns, replace=True)
    plain += g
    lines = plain.serialize(format="turtle").splitlines()
    heads = [ln + "\n" for ln in lines if ln.startswith("@prefix")]
    body = [ln for ln in lines if not ln.startswith("@prefix")]
    while body and not body[0].strip():
        body.pop(0)
    return heads, "".join(ln + "\n" for ln in body)  # no indent: long literals span lines


def write_store(nquads: bytes, store: Path) -> None:
    """Load N-Quads into a new Oxigraph store and swap it in at ``store`` atomically.

    ``store`` is a symbolic link to a versioned folder beside it; the link is replaced in one
    rename, so readers see either the old store or the new one, never a half-built one.
    """
    import pyoxigraph

    store = Path(store)
    versions = store.parent / f"{store.name}.versions"
    versions.mkdir(parents=True, exist_ok=True)
    new = versions / f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns()}"
    try:
        st = pyoxigraph.Store(str(new))
        st.bulk_load(nquads, format=pyoxigraph.RdfFormat.N_QUADS)
        st.optimize()
        del st
    except Exception as e:
        shutil.rmtree(new, ignore_errors=True)
        raise BuildError([f"{store}: the store could not be written: {e}"]) from e
    if store.exists() and not store.is_symlink():
        raise BuildError([f"{store}: exists and is not a store built by kg (remove it or "
                          f"choose another --store)"])
    link = store.parent / f".{store.name}.link-{os.getpid()}"
    if link.is_symlink():
        link.unlink()
    os.symlink(os.path.relpath(new, store.parent), link)
    os.replace(link, store)
    for old in versions.iterdir():
        if old != new:
            shutil.rmtree(old, ignore_errors=True)


def build(report_dirs: list[Path], store: Path, dump_dir: Path, ontology_dir: Path,
          shacl: bool = True) -> BuildResult:
    """Build the dataset, check it, write the store and one TriG dump per report.

    Nothing is written unless every check passes.
    """
    started = time.perf_counter()
    ds = build_dataset(report_dirs, ontology_dir)
    if shacl:
        problems = shacl_problems(ds, ontology_dir)
        if problems:
            raise BuildError(problems)
    reports = [str(g.identifier).rsplit("/", 1)[-1] for g in _report_graphs(ds)]
    dumps = []
    for g in _report_graphs(ds):
        name = str(g.identifier).rsplit("/", 1)[-1]
        one = Dataset()
        one.graph(ONTOLOGY_GRAPH).__iadd__(ds.graph(ONTOLOGY_GRAPH))
        one.graph(g.identifier).__iadd__(g)
        path = Path(dump_dir) / f"{name}.trig"
        dumps.append((path, serialize_trig(one)))
    nquads = ds.serialize(format="nquads", encoding="utf-8")
    write_store(nquads, store)
    for path, data in dumps:
        atomic_write(path, data)
    triples = sum(len(g) for g in ds.graphs())
    return BuildResult(store=Path(store), dumps=[p for p, _ in dumps], reports=reports,
                       triples=triples, seconds=time.perf_counter() - started)
