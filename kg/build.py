"""``kg build``: YAML -> RDF dataset -> SHACL -> embedded store and a TriG dump.

The dataset has one named graph for the ontology and one per report. The new store is built in
a folder of its own and swapped in only when everything passed, so a failed build leaves the
previous store answering. The same input gives a byte-identical dump.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import glob
import os
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph

from .errors import BuildError
from .file_sets import commit_all, new_folder
from .files import NewFile, WriteError, reason
from .load import load_report
from .namespaces import ONTOLOGY_GRAPH, PREFIXES, report_graph
from .ontology import load_ontology, load_shapes, scheme_codes
from .rdf import report_to_graph
from .safe_text import one_line

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
            problems.append(f"{one_line(f'{folder}/report.yaml')}: {data.report_id}: the same "
                            f"report id as {one_line(str(seen[data.report_id]))}")
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
    store = Path(store)
    _refuse_foreign(store)
    with _locked(store):
        _write_all(nquads, store, [])


def _refuse_foreign(store: Path) -> None:
    """A store path that is not our link (a real folder, a file) is never written over."""
    if os.path.lexists(store) and not store.is_symlink():
        raise BuildError([(f"{one_line(str(store))}: exists and is not a store built by kg "
                           f"(remove it or choose another --store)")])


@contextlib.contextmanager
def _locked(store: Path):
    """Hold the build lock, ``.STORE.lock`` beside the store; another build waits here."""
    lock = store.parent / f".{store.name}.lock"
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
    except OSError as e:
        raise BuildError([f"cannot write {one_line(str(lock))}: {reason(e)}"]) from e
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _write_all(nquads: bytes, store: Path, dumps: list[tuple[Path, bytes]]) -> None:
    """Every dump to its unnamed temp file, then the new store version, then the commit:
    the store link swapped and the dumps moved in, all or none (the caller holds the lock)."""
    pending: list[NewFile] = []
    try:
        for path, data in dumps:
            pending.append(NewFile(path, "wb"))
            pending[-1].write(data)
            pending[-1].finish()
        new = _new_version(nquads, store)
        _commit(store, new, pending)
    except WriteError as e:
        raise BuildError([str(e)]) from e
    finally:
        for f in pending:
            f.discard()
    _remove_stale(store, new)


def _new_version(nquads: bytes, store: Path) -> Path:
    """A new Oxigraph store in a fresh folder of ``STORE.versions``."""
    import pyoxigraph

    versions = store.parent / f"{store.name}.versions"
    with _build_errors(versions):
        versions.mkdir(parents=True, exist_ok=True)
        if versions.is_symlink():
            raise BuildError([f"{one_line(str(versions))}: is a link, not a folder kg made"])
        new = new_folder(versions, time.strftime("%Y%m%dT%H%M%S-"))
    try:
        st = pyoxigraph.Store(str(new))
        st.bulk_load(nquads, format=pyoxigraph.RdfFormat.N_QUADS)
        st.optimize()
        st.flush()
        del st
        _write_search_index(new)
    except BaseException as e:
        shutil.rmtree(new, ignore_errors=True)
        if isinstance(e, Exception):
            raise BuildError([f"cannot write {one_line(str(store))}: {reason(e)}"]) from e
        raise
    return new


def _write_search_index(version: Path) -> None:
    """The search index (:mod:`kg.search_index`), written into the store version's own
    folder: committed by the same link swap as the store, removed with it on failure."""
    from .search_index import index_file, write_index
    from .store import OxigraphStore

    store = OxigraphStore(version)
    try:
        write_index(store, index_file(version))
    finally:
        del store


@contextlib.contextmanager
def _build_errors(path: Path):
    """OS errors on ``path`` as one BuildError line."""
    try:
        yield
    except OSError as e:
        raise BuildError([f"cannot write {one_line(str(path))}: {reason(e)}"]) from e


def _commit(store: Path, new: Path, dumps: list[NewFile]) -> None:
    """Swap the store link to ``new``, then move the dumps in; if a step fails, the old link
    is put back and ``new`` removed."""
    old = os.readlink(store) if store.is_symlink() else None
    try:
        with _build_errors(store):
            _point(store, os.path.relpath(new, store.parent))
        commit_all(dumps)
    except BaseException:
        with contextlib.suppress(OSError):
            if old is None:
                os.unlink(store)
            else:
                _point(store, old)
        shutil.rmtree(new, ignore_errors=True)
        raise


def _point(store: Path, target: str) -> None:
    """Make ``store`` a link to ``target`` in one rename (a new link at a random name)."""
    for _ in range(100):
        link = store.parent / f".{store.name}.link-{secrets.token_hex(8)}"
        try:
            os.symlink(target, link)
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(errno.EEXIST, "no free temporary name", str(store.parent))
    try:
        os.replace(link, store)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(link)
        raise


def _remove_stale(store: Path, keep: Path) -> None:
    """Remove every store version but ``keep`` and the link a killed build left (safe: the
    caller holds the lock, so no other build is half-way)."""
    with contextlib.suppress(OSError):
        for old in (store.parent / f"{store.name}.versions").iterdir():
            if old != keep:
                shutil.rmtree(old, ignore_errors=True)
        for link in store.parent.glob(f".{glob.escape(store.name)}.link-*"):
            if link.is_symlink():
                link.unlink()


def build(report_dirs: list[Path], store: Path, dump_dir: Path, ontology_dir: Path,
          shacl: bool = True) -> BuildResult:
    """Build the dataset, check it, write the store and one TriG dump per report.

    Nothing is written unless every check passes, and then the store and the dumps change
    together or not at all. One build at a time per store: a second one waits for the lock.
    """
    started = time.perf_counter()
    store = Path(store)
    _refuse_foreign(store)
    with _locked(store):
        _refuse_foreign(store)
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
            dumps.append((Path(dump_dir) / f"{name}.trig", serialize_trig(one)))
        _write_all(ds.serialize(format="nquads", encoding="utf-8"), store, dumps)
    triples = sum(len(g) for g in ds.graphs())
    return BuildResult(store=store, dumps=[p for p, _ in dumps], reports=reports,
                       triples=triples, seconds=time.perf_counter() - started)
