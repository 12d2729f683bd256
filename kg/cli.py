"""The ``kg`` command: a thin layer over the library. Each command parses its options, calls one
library function and prints; errors a user can fix become one line on stderr and exit 1."""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from .errors import BuildError, KgError
from .paths import BUILD_DIR, DATA_DIR, ONTOLOGY_DIR, default_store, report_dirs


def _fail_cleanly(fn):
    """Turn project errors into one line each on stderr and exit 1, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except BuildError as e:
            for line in e.problems:
                click.echo(f"error: {line}", err=True)
            click.echo(f"kg: {len(e.problems)} problem(s); nothing was written", err=True)
            sys.exit(1)
        except KgError as e:
            click.echo(f"error: {e}", err=True)
            sys.exit(1)

    return wrapper


store_option = click.option(
    "--store", "store_path", type=click.Path(path_type=Path), default=None,
    help="The embedded store folder (default: build/store, or $KG_STORE).")
ontology_option = click.option(
    "--ontology", "ontology_dir", type=click.Path(path_type=Path, file_okay=False),
    default=ONTOLOGY_DIR, show_default=False, help="The ontology folder (default: ontology/).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="csr-kg")
def main():
    """csr-kg: a sourced, bilingual knowledge graph of Tencent's CSR Report 2019.

    \b
    Example:
      kg build && kg stats
    """


@main.command()
@click.option("--data", "data_dirs", multiple=True, type=click.Path(path_type=Path),
              help="A report folder (holds report.yaml); repeat for several. "
                   "Default: every report under data/.")
@store_option
@ontology_option
@click.option("--dump-dir", type=click.Path(path_type=Path, file_okay=False),
              default=BUILD_DIR, help="Where the TriG dumps go (default: build/).")
@click.option("--no-shacl", is_flag=True, help="Skip the SHACL check (faster; kg validate runs it).")
@_fail_cleanly
def build(data_dirs, store_path, ontology_dir, dump_dir, no_shacl):
    """Build the graph from the YAML data into the store and a TriG dump.

    Bad data fails with 'file: entry: reason' and leaves the previous store as it was.

    \b
    Example:
      kg build
      kg build --data data/tencent-csr-2019 --store /tmp/store --dump-dir /tmp
    """
    from .build import build as run_build

    folders = list(data_dirs) or report_dirs(DATA_DIR)
    for folder in folders:
        if not Path(folder).is_dir():
            raise BuildError([f"{folder}: no such data folder"])
    result = run_build(folders, store_path or default_store(), dump_dir, ontology_dir,
                       shacl=not no_shacl)
    click.echo(f"built {', '.join(result.reports)}: {result.triples} triples "
               f"in {result.seconds:.1f} s")
    click.echo(f"store: {result.store}")
    for dump in result.dumps:
        click.echo(f"dump:  {dump}")


@main.command()
@store_option
@ontology_option
@_fail_cleanly
def validate(store_path, ontology_dir):
    """Check the built graph: SHACL shapes and every ontology/checks/*-violation.rq query.

    Exits 0 when everything conforms, 1 otherwise.

    \b
    Example:
      kg validate
    """
    from .store import open_store
    from .validate import validate_store

    result = validate_store(open_store(store_path), ontology_dir)
    click.echo(f"SHACL ({result.triples} triples): "
               + ("conforms" if not result.shacl else f"{len(result.shacl)} violation(s)"))
    for line in result.shacl[:50]:
        click.echo(f"  {line}")
    for name, rows in result.checks.items():
        click.echo(f"{name}: " + ("ok" if not rows else f"{len(rows)} violation(s)"))
        for line in rows[:20]:
            click.echo(f"  {line}")
    if not result.ok:
        sys.exit(1)


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@_fail_cleanly
def stats(store_path, fmt):
    """Counts per class, per responsibility dimension and per report section.

    \b
    Example:
      kg stats --format json
    """
    from .stats import stats as compute
    from .store import open_store

    result = compute(open_store(store_path))
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    click.echo(f"{result['triples']} triples")
    click.echo("\nclass")
    for curie, c in result["classes"].items():
        click.echo(f"  {c['count']:>6}  {c['en']} ({c['zh']})")
    click.echo("\nprograms per responsibility dimension (curator's reading)")
    for d in result["dimensions"]:
        click.echo(f"  {d['programs']:>6}  {d['en']} ({d['zh']})")
    click.echo("\nentities, partnerships and figures sourced per section")
    for s in result["sections"]:
        click.echo(f"  {s['sourced']:>6}  p.{s['page']:<3} {s['zh']}")


if __name__ == "__main__":
    main()
