"""Commands that make and check the graph: build, validate, stats, push."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import BuildError
from ..paths import BUILD_DIR, DATA_DIR, default_store, report_dirs
from .base import (echo, fail_cleanly, main, ontology_option, open_graph, reads_store,
                   store_option)

@main.command()
@click.option("--data", "data_dirs", multiple=True, type=click.Path(path_type=Path),
              help="A report folder (holds report.yaml); repeat for several. "
                   "Default: every report under data/.")
@store_option
@ontology_option
@click.option("--dump-dir", type=click.Path(path_type=Path, file_okay=False),
              default=BUILD_DIR, help="Where the TriG dumps go (default: build/).")
@click.option("--no-shacl", is_flag=True,
              help="Skip the SHACL check (faster; kg validate runs it).")
@fail_cleanly
def build(data_dirs, store_path, ontology_dir, dump_dir, no_shacl):
    """Build the graph from the YAML data into the store and a TriG dump.

    Bad data fails with 'file: entry: reason' and leaves the previous store as it was.

    \b
    Example:
      kg build
      kg build --data data/tencent-csr-2019 --store /tmp/store --dump-dir /tmp
    """
    from ..build import build as run_build

    folders = list(data_dirs) or report_dirs(DATA_DIR)
    for folder in folders:
        if not Path(folder).is_dir():
            raise BuildError([f"{folder}: no such data folder"])
    result = run_build(folders, store_path or default_store(), dump_dir, ontology_dir,
                       shacl=not no_shacl)
    echo(f"built {', '.join(result.reports)}: {result.triples} triples "
               f"in {result.seconds:.1f} s")
    echo(f"store: {result.store}")
    for dump in result.dumps:
        echo(f"dump:  {dump}")


@main.command()
@reads_store
@ontology_option
@fail_cleanly
def validate(store_path, engine, endpoint, ontology_dir):
    """Check the built graph: SHACL shapes and every ontology/checks/*-violation.rq query.

    Exits 0 when everything conforms, 1 otherwise.

    \b
    Example:
      kg validate
    """
    from ..validate import validate_store

    result = validate_store(open_graph(store_path, engine, endpoint), ontology_dir)
    echo(f"SHACL ({result.triples} triples): "
               + ("conforms" if not result.shacl else f"{len(result.shacl)} violation(s)"))
    for line in result.shacl[:50]:
        echo(f"  {line}")
    for name, rows in result.checks.items():
        echo(f"{name}: " + ("ok" if not rows else f"{len(rows)} violation(s)"))
        for line in rows[:20]:
            echo(f"  {line}")
    if not result.ok:
        sys.exit(1)


@main.command()
@reads_store
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@fail_cleanly
def stats(store_path, engine, endpoint, fmt):
    """Counts per class, per responsibility dimension and per report section.

    \b
    Example:
      kg stats --format json
    """
    from ..stats import stats as compute

    result = compute(open_graph(store_path, engine, endpoint))
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    echo(f"{result['triples']} triples")
    echo("\nclass")
    for curie, c in result["classes"].items():
        echo(f"  {c['count']:>6}  {c['en']} ({c['zh']})")
    echo("\nprograms per responsibility dimension (curator's reading)")
    for d in result["dimensions"]:
        echo(f"  {d['programs']:>6}  {d['en']} ({d['zh']})")
    echo("\nentities, partnerships and figures sourced per section")
    for s in result["sections"]:
        echo(f"  {s['sourced']:>6}  p.{s['page']:<3} {s['zh']}")


@main.command()
@click.option("--gsp", envvar="KG_GSP_ENDPOINT", metavar="URL",
              help="A Graph Store Protocol endpoint (Oxigraph: http://HOST:7878/store); "
                   "$KG_GSP_ENDPOINT.")
@click.option("--update-endpoint", "update", envvar="KG_UPDATE_ENDPOINT", metavar="URL",
              help="A SPARQL Update endpoint (Oxigraph: http://HOST:7878/update); "
                   "$KG_UPDATE_ENDPOINT.")
@click.option("--dump", "dumps", multiple=True, type=click.Path(path_type=Path, dir_okay=False),
              help="A TriG dump to push; repeat for several (default: build/*.trig).")
@click.option("--timeout", type=float, default=300.0, show_default=True,
              help="Seconds to wait for the server on each graph.")
@fail_cleanly
def push(gsp, update, dumps, timeout):
    """Upload the built dataset to a triple store, replacing each of its named graphs
    whole (one request per graph: readers see the old graph or the new one).

    Credentials come from $KG_ENDPOINT_USER and $KG_ENDPOINT_PASSWORD or ~/.netrc.

    \b
    Examples:
      kg push --gsp http://127.0.0.1:7878/store
      kg push --update-endpoint http://127.0.0.1:7878/update --dump build/tencent-csr-2019.trig
    """
    from ..endpoint import push as upload

    pushed = upload(list(dumps) or sorted(BUILD_DIR.glob("*.trig")), gsp, update, timeout)
    for graph, triples in pushed.items():
        echo(f"replaced <{graph}>: {triples} triples")

