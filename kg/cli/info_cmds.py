"""``kg info``: the version, where kg reads its inputs and writes its outputs (a checkout's
folders, or the installed package's data and the user's data folder: see kg.paths), whether
the store is built, and the engines that can answer queries."""

from __future__ import annotations

import json
import os
from importlib.metadata import PackageNotFoundError, version

import click

from .base import echo, fail_cleanly, main, text_or_json_option


def _version(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None


def _store(path) -> dict:
    """The store's folder, where its location comes from, and, when built, its triples."""
    from ..errors import KgError
    from ..store import OxigraphStore

    where = {"path": str(path), "from": "KG_STORE" if os.environ.get("KG_STORE") else "default",
             "built": path.exists(), "triples": None}
    if where["built"]:
        try:
            where["triples"] = len(OxigraphStore(path))
        except KgError as e:
            where["problem"] = str(e)
    return where


def collect() -> dict:
    """Everything ``kg info`` reports, as plain data."""
    from .. import paths
    from ..library import QUERY_DIR

    engines = [
        {"name": "oxigraph", "package": "pyoxigraph", "version": _version("pyoxigraph"),
         "reads": "the embedded store (default)"},
        {"name": "rdflib", "package": "rdflib", "version": _version("rdflib"),
         "reads": "the TriG dumps, in memory (--engine rdflib)"},
        {"name": "endpoint", "package": None, "version": None,
         "reads": "a SPARQL 1.1 endpoint (--endpoint URL or $KG_ENDPOINT)"},
    ]
    for engine in engines:
        engine["available"] = engine["package"] is None or engine["version"] is not None
    return {
        "version": _version("csr-kg"),
        "checkout": str(paths.ROOT) if paths.IN_CHECKOUT else None,
        "data": {"path": str(paths.DATA_DIR),
                 "reports": [p.name for p in paths.report_dirs(paths.DATA_DIR)]},
        "ontology": {"path": str(paths.ONTOLOGY_DIR)},
        "queries": {"path": str(QUERY_DIR), "count": len(list(QUERY_DIR.glob("*.rq")))},
        "store": _store(paths.default_store()),
        "dumps": {"path": str(paths.BUILD_DIR),
                  "files": sorted(p.name for p in paths.BUILD_DIR.glob("*.trig"))},
        "engines": engines,
    }


def _text(info: dict) -> list[str]:
    store, data = info["store"], info["data"]
    if store["triples"] is not None:
        built = f"built: {store['triples']} triples"
    elif store["built"]:
        built = f"cannot be read: {store.get('problem', '')}"
    else:
        built = "not built: run 'kg build'"
    engines = ", ".join(
        e["name"] + (f" ({e['package']} {e['version']})" if e["version"] else " (--endpoint URL)")
        for e in info["engines"] if e["available"])
    where = (f"a checkout at {info['checkout']}" if info["checkout"]
             else "installed; outputs in the user's data folder")
    reports = ", ".join(data["reports"]) or "none"
    return [
        f"csr-kg {info['version'] or '(version unknown)'} ({where})",
        f"data:      {data['path']} (reports: {reports})",
        f"ontology:  {info['ontology']['path']}",
        f"queries:   {info['queries']['path']} ({info['queries']['count']} canned queries)",
        f"store:     {store['path']} ({built})"
        + (" [from $KG_STORE]" if store["from"] == "KG_STORE" else ""),
        f"dumps:     {info['dumps']['path']} ({', '.join(info['dumps']['files']) or 'none yet'})",
        f"engines:   {engines}",
    ]


@main.command()
@text_or_json_option
@fail_cleanly
def info(fmt):
    """Where kg reads the data, ontology and queries, where the store and dumps go, whether
    the store is built, and the engines it can ask.

    In a checkout the store and dumps go to build/; installed (pipx, pip), to the user's
    data folder. $KG_STORE moves the store.

    \b
    Examples:
      kg info
      kg info --format json
    """
    found = collect()
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    for line in _text(found):
        echo(line)
