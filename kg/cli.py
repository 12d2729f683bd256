"""The ``kg`` command: a thin layer over the library. Each command parses its options, calls one
library function and prints; errors a user can fix become one line on stderr and a non-zero
exit (see ``_fail_cleanly``). Heavy modules are imported inside the commands that need them,
so that ``kg --help`` stays instant."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
from pathlib import Path

import click

from .errors import BuildError, KgError
from .formats import EXPORT_FORMATS, GRAPH_FORMATS, SELECT_FORMATS
from .paths import BUILD_DIR, DATA_DIR, ONTOLOGY_DIR, default_store, report_dirs


def _fail_cleanly(fn):
    """Turn project errors into one line each on stderr and the error's exit code (1 for a
    failed build or check, 2 for a bad query, name or parameter, 3 for a query stopped by its
    time limit), never a traceback. A closed stdout (``| head``) ends the command quietly."""

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
            sys.exit(e.exit_code)
        except BrokenPipeError:
            # the reader went away; point stdout at devnull so the exit flush stays quiet
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)

    return wrapper


store_option = click.option(
    "--store", "store_path", type=click.Path(path_type=Path), default=None,
    help="The embedded store folder (default: build/store, or $KG_STORE); with --engine "
         "rdflib, a TriG file or a folder of them (default: build/).")
engine_option = click.option(
    "--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph",
    help="oxigraph: the embedded store (default); rdflib: the TriG dump in memory.")
endpoint_option = click.option(
    "--endpoint", envvar="KG_ENDPOINT", metavar="URL", default=None,
    help="Ask this SPARQL 1.1 endpoint instead ($KG_ENDPOINT); it must show the union of its "
         "named graphs as the default graph. Credentials: $KG_ENDPOINT_USER and "
         "$KG_ENDPOINT_PASSWORD, or ~/.netrc.")
text_or_json_option = click.option(
    "-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
    show_default=True)


def reads_store(fn):
    """--store, --engine and --endpoint, for every command that reads the graph."""
    return store_option(engine_option(endpoint_option(fn)))


lang_option = click.option(
    "--lang", type=click.Choice(["zh", "en"]), default=None,
    help="Label language (default zh).")


def _open(store_path, engine="oxigraph", endpoint=None):
    from .store import open_store

    return open_store(store_path, engine, endpoint)


@contextlib.contextmanager
def _output(path: Path | None):
    """stdout, or a file written atomically (a failed command leaves no half file)."""
    if path is None or str(path) == "-":
        yield sys.stdout
        return
    from .files import atomic_open

    with atomic_open(path) as f:
        yield f


ontology_option = click.option(
    "--ontology", "ontology_dir", type=click.Path(path_type=Path, file_okay=False),
    default=ONTOLOGY_DIR, show_default=False, help="The ontology folder (default: ontology/).")


class _Group(click.Group):
    """Usage errors (a bad option, a wrong choice) as one ``error:`` line and exit 2, like
    every other error of ours, instead of click's usage block."""

    def main(self, args=None, prog_name=None, **extra):
        try:
            return super().main(args, prog_name, standalone_mode=False, **extra)
        except click.UsageError as e:
            command = e.ctx.command_path if e.ctx else "kg"
            click.echo(f"error: {e.format_message()} (see '{command} --help')", err=True)
            sys.exit(2)
        except click.ClickException as e:
            click.echo(f"error: {e.format_message()}", err=True)
            sys.exit(e.exit_code)
        except click.Abort:
            click.echo("aborted", err=True)
            sys.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option("--no-shacl", is_flag=True,
              help="Skip the SHACL check (faster; kg validate runs it).")
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
@reads_store
@ontology_option
@_fail_cleanly
def validate(store_path, engine, endpoint, ontology_dir):
    """Check the built graph: SHACL shapes and every ontology/checks/*-violation.rq query.

    Exits 0 when everything conforms, 1 otherwise.

    \b
    Example:
      kg validate
    """
    from .validate import validate_store

    result = validate_store(_open(store_path, engine, endpoint), ontology_dir)
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
@reads_store
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@_fail_cleanly
def stats(store_path, engine, endpoint, fmt):
    """Counts per class, per responsibility dimension and per report section.

    \b
    Example:
      kg stats --format json
    """
    from .stats import stats as compute

    result = compute(_open(store_path, engine, endpoint))
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


@main.command()
@click.argument("query_file", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("-e", "--execute", "text", help="The query text.")
@click.option("-n", "--name", help="A canned query (see 'kg queries').")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME before the query runs; repeat for several. Values are typed: "
                   "<IRI>, prefix:id or an entity's name, 42, 3.5, 2019-12-31, text@en, "
                   "\"a plain string\".")
@click.option("-f", "--format", "fmt", type=click.Choice(SELECT_FORMATS + GRAPH_FORMATS),
              default=None,
              help="SELECT: table (default), csv, tsv, json (W3C), md. "
                   "CONSTRUCT/DESCRIBE: ttl (default), nt, jsonld.")
@lang_option
@click.option("--no-labels", is_flag=True,
              help="No <var>Label columns (table and md add them by default; csv, tsv and "
                   "json when --lang is given).")
@click.option("--timeout", type=float, default=30.0, show_default=True,
              help="Seconds before the query is stopped; 0 for no limit.")
@click.option("--allow-remote", is_flag=True,
              help="Permit SERVICE and FROM <IRI> of graphs not in the store (they fetch URLs).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write to this file (atomically) instead of stdout.")
@reads_store
@_fail_cleanly
def query(query_file, text, name, params, fmt, lang, no_labels, timeout, allow_remote, output,
          store_path, engine, endpoint):
    """Run a SPARQL query: from -e TEXT, a .rq file (- for stdin) or --name from the library.

    Our prefixes (program:, organization:, csr:, rdfs:, skos: ...) are declared for you.
    ASK prints true/false and exits 0/1. Updates are refused; errors exit 2, a query stopped
    by --timeout exits 3.

    \b
    Examples:
      kg query --name partners-of-program --param program=如祺出行
      kg query -e 'SELECT ?p WHERE { ?p a csr:Program } LIMIT 5' --format csv
      kg query my.rq --format json -o answers.json
    """
    from .errors import UsageError
    from .library import get
    from .params import parse_assignment
    from .query import run
    from .results import add_labels, write_boolean, write_graph, write_rows

    given = [x for x in (query_file, text, name) if x is not None]
    if len(given) != 1:
        raise UsageError("give the query one way: -e TEXT, a .rq file, or --name NAME")
    canned = get(name) if name else None
    if canned:
        text = canned.text
    elif query_file is not None:
        if str(query_file) == "-":
            text = sys.stdin.read()
        else:
            try:
                text = Path(query_file).read_text(encoding="utf-8")
            except OSError as e:
                raise UsageError(f"cannot read {query_file}: {e.strerror}") from None
    bound = dict(parse_assignment(p) for p in params)
    if canned and lang and "lang" not in bound and any(p.name == "lang" for p in canned.params):
        bound["lang"] = lang
    store = _open(store_path, engine, endpoint)
    result = run(store, text, bound, canned, timeout or None, allow_remote)
    allowed = {"select": SELECT_FORMATS, "graph": GRAPH_FORMATS,
               "ask": ("table", "json")}[result.kind]
    fmt = fmt or allowed[0]
    if fmt not in allowed:
        kind = {"select": "a SELECT", "graph": "a CONSTRUCT/DESCRIBE", "ask": "an ASK"}
        raise UsageError(f"--format {fmt} does not fit {kind[result.kind]} query "
                         f"(choose one of: {', '.join(allowed)})")
    with _output(output) as out:
        if result.kind == "ask":
            write_boolean(result.boolean, fmt, out)
        elif result.kind == "graph":
            write_graph(result.items, fmt, out)
        else:
            names, rows = result.vars, result.items
            if not no_labels and (fmt in ("table", "md") or lang):
                names, rows = add_labels(store, names, rows, lang or "zh")
            write_rows(names, rows, fmt, out)
    if result.kind == "ask" and not result.boolean:
        sys.exit(1)


@main.command()
@click.argument("name", required=False)
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@_fail_cleanly
def queries(name, fmt):
    """List the canned query library, or show one query in full.

    \b
    Examples:
      kg queries
      kg queries partners-of-program
    """
    from .library import catalog, get

    chosen = [get(name)] if name else catalog()
    if fmt == "json":
        click.echo(json.dumps([{
            "name": q.name, "title": q.title, "description": q.description,
            "params": [{"name": p.name, "type": p.type, "default": p.default,
                        "required": p.required, "description": p.description}
                       for p in q.params],
            "examples": list(q.examples)} for q in chosen], ensure_ascii=False, indent=2))
        return
    if name:
        click.echo(chosen[0].text.rstrip())
        return
    width = max(len(q.name) for q in chosen)
    for q in chosen:
        params = " ".join(f"[{p.name}]" if not p.required else f"<{p.name}>"
                          for p in q.params if p.name != "lang")
        click.echo(f"{q.name:<{width}}  {q.title}" + (f"  {params}" if params else ""))
    click.echo(f"\n{len(chosen)} queries; 'kg queries NAME' shows one, "
               f"'kg query --name NAME' runs it")


@main.command()
@click.argument("text")
@click.option("-t", "--type", "types", multiple=True, metavar="TYPE",
              help="Only this kind of entity; repeat for several (program, organization, "
                   "unit, product, person, place, event, award, ...).")
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "md"]),
              default="table", show_default=True)
@lang_option
@reads_store
@_fail_cleanly
def search(text, types, limit, fmt, lang, store_path, engine, endpoint):
    """Find entities by Chinese or English label, alias, pinyin or id, best match first.

    Exits 1 when nothing matches.

    \b
    Examples:
      kg search weicun
      kg search 99 --type program
      kg search 基金会 --type organization --format csv
    """
    from rdflib import Literal, URIRef

    from .results import write_rows
    from .search import search as find

    hits = find(_open(store_path, engine, endpoint), text, types, limit=limit)
    if not hits:
        click.echo(f"no entity matches {text!r}", err=True)
        sys.exit(1)
    names = ["entity", "label", "other", "type", "matched"]
    lang = lang or "zh"
    other = "en" if lang == "zh" else "zh"
    rows = [{"entity": URIRef(h.iri), "label": Literal(h.label(lang)),
             "other": Literal(h.label(other)), "type": Literal(h.type),
             "matched": Literal(f"{h.how}: {h.matched}")} for h in hits]
    write_rows(names, rows, fmt, sys.stdout)


@main.command()
@click.argument("entity")
@lang_option
@text_or_json_option
@reads_store
@_fail_cleanly
def show(entity, lang, fmt, store_path, engine, endpoint):
    """The card of one entity: labels, type, description, relations grouped by kind, figures
    with unit and date, and the report sections and pages it comes from.

    ENTITY is an id, a CURIE, an IRI, or a name (label, alias or pinyin). An unknown name
    lists the closest matches and exits 2.

    \b
    Examples:
      kg show 为村
      kg show organization:ruqi-mobility --lang en
      kg show weicun --format json
    """
    from .card import card, render, to_json
    from .search import resolve

    store = _open(store_path, engine, endpoint)
    c = card(store, resolve(store, entity))
    if fmt == "json":
        click.echo(json.dumps(to_json(c), ensure_ascii=False, indent=2))
    else:
        click.echo(render(c, lang or "zh"))


@main.command()
@click.argument("a")
@click.argument("b")
@click.option("--max-hops", type=click.IntRange(0, 8), default=4, show_default=True,
              help="The longest chain looked for, in relations.")
@click.option("--all", "all_paths", is_flag=True,
              help="Every chain up to --max-hops, not only the shortest.")
@click.option("--no-readings", is_flag=True,
              help="Leave out the curator's readings (stakeholders, demands): only what the "
                   "report states.")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True,
              help="Print at most this many chains.")
@lang_option
@text_or_json_option
@reads_store
@_fail_cleanly
def path(a, b, max_hops, all_paths, no_readings, limit, lang, fmt, store_path, engine, endpoint):
    """How two entities are linked: the shortest chains of relations between them, read
    either way along each relation, with each relation's name.

    A and B are ids, CURIEs, IRIs or names. Exits 1 when no chain is short enough.

    \b
    Examples:
      kg path 为村 寻乌县
      kg path weicun organization:didi --all --max-hops 3 --lang en
    """
    from .netx import describe, paths, project
    from .search import resolve

    store = _open(store_path, engine, endpoint)
    ends = [resolve(store, a), resolve(store, b)]
    found = paths(project(store), *ends, max_hops=max_hops, all_paths=all_paths,
                  readings=not no_readings)
    if not found:
        click.echo(f"no chain of at most {max_hops} relations links {a} and {b}", err=True)
        sys.exit(1)
    if fmt == "json":
        click.echo(json.dumps([p.to_dict() for p in found[:limit]], ensure_ascii=False,
                              indent=2))
        return
    for p in found[:limit]:
        click.echo(f"{len(p)}  {describe(p, lang or 'zh')}")
    if len(found) > limit:
        click.echo(f"… and {len(found) - limit} more (raise --limit)")


def selection_options(fn):
    """The options that choose a part of the graph (kg view, kg export): see kg.select."""
    options = [
        click.option("--around", metavar="ENTITY",
                     help="An entity and what lies within --hops relations of it."),
        click.option("--hops", type=click.IntRange(0, 6), default=None,
                     help="How far to reach: around --around (default 1), or beyond the "
                          "other picks (default 0)."),
        click.option("-t", "--type", "types", multiple=True, metavar="TYPE",
                     help="Only this kind of entity; repeat for several."),
        click.option("--dimension", metavar="CODE",
                     help="Programs of a 五位一体 dimension (economy, society, culture, "
                          "ecology, politics-livelihood, or its label)."),
        click.option("--stakeholder", metavar="GROUP",
                     help="A stakeholder group, its demands and the programs for it."),
        click.option("--section", metavar="SECTION",
                     help="What a report section (s2-3, focus-poverty...) is a source of."),
        click.option("--path", nargs=2, metavar="A B",
                     help="The entities on the shortest chains between A and B."),
        click.option("--query", "query_file", type=click.Path(path_type=Path, dir_okay=False),
                     help="A .rq file with a CONSTRUCT query: the entities its graph names."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _spec(around, hops, types, dimension, stakeholder, section, path, query_file):
    from .errors import UsageError
    from .select import SelectionSpec

    query = None
    if query_file is not None:
        try:
            query = Path(query_file).read_text(encoding="utf-8")
        except OSError as e:
            raise UsageError(f"cannot read {query_file}: {e.strerror}") from None
    return SelectionSpec(around=around, hops=hops, types=tuple(types), dimension=dimension,
                         stakeholder=stakeholder, section=section,
                         path=tuple(path) if path else None, query=query)


def _refuse_overwrite(output: Path, force: bool) -> None:
    from .errors import UsageError

    if output.exists() and not force:
        raise UsageError(f"{output} exists; pass --force to replace it")


@main.command()
@selection_options
@lang_option
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              default=Path("report.html"), show_default=True, help="The page to write.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("--open", "open_page", is_flag=True,
              help="Open the page in a browser, where there is a screen.")
@reads_store
@_fail_cleanly
def view(around, hops, types, dimension, stakeholder, section, path, query_file, lang, output,
         force, open_page, store_path, engine, endpoint):
    """Write the graph, or a part of it, as one interactive HTML page that works offline.

    The page has a legend with class and dimension filters, a zh/en switch, search by
    Chinese, English or pinyin, a card per node with its figures and source pages,
    double-click to expand or collapse neighbours, and path highlighting.

    \b
    Examples:
      kg view -o report.html
      kg view --around 为村 --hops 2 -o weicun.html --lang en
      kg view --dimension ecology --type program --type organization -o ecology.html
    """
    from .files import atomic_open
    from .render import page
    from .select import select

    _refuse_overwrite(output, force)
    store = _open(store_path, engine, endpoint)
    selection = select(store, _spec(around, hops, types, dimension, stakeholder, section, path,
                                    query_file))
    html = page(store, selection, lang or "zh")
    with atomic_open(output) as f:
        f.write(html)
    click.echo(f"wrote {output} ({len(selection.nodes)} entities, "
               f"{len(html.encode()) // 1024} KB)")
    # only a graphical browser: a console one would take over the terminal
    if open_page and (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                      or sys.platform == "darwin"):
        import webbrowser

        webbrowser.open(output.resolve().as_uri())


@main.command()
@selection_options
@click.option("-f", "--format", "fmt", required=True, type=click.Choice(list(EXPORT_FORMATS)),
              help="; ".join(f"{name}: {what}" for name, (_, what) in EXPORT_FORMATS.items()))
@click.option("-o", "--output", required=True, metavar="PATH",
              help="The file to write (a folder for csv); - for standard output.")
@click.option("--with-provenance/--without-provenance", "provenance", default=True,
              show_default=True, help="Keep or drop the links to the report's sections.")
@lang_option
@click.option("--force", is_flag=True, help="Replace files that exist.")
@reads_store
@_fail_cleanly
def export(around, hops, types, dimension, stakeholder, section, path, query_file, fmt, output,
           provenance, lang, force, store_path, engine, endpoint):
    """Write the graph, or a part of it, in a format another tool reads: RDF for triple
    stores and notebooks, GraphML/GEXF for Gephi, Cytoscape.js JSON, CSV for Neo4j.

    Files are written whole or not at all; existing ones are kept unless --force.

    \b
    Examples:
      kg export -f trig -o report.trig
      kg export --around 为村 --hops 2 -f gexf -o weicun.gexf --lang en
      kg export --dimension ecology -f csv -o neo4j-import/
      kg export --path 为村 滴滴 -f ttl -o -
    """
    from .export import export as write
    from .select import select

    store = _open(store_path, engine, endpoint)
    selection = select(store, _spec(around, hops, types, dimension, stakeholder, section, path,
                                    query_file))
    written = write(store, selection, fmt, output, lang or "zh", provenance, force)
    if written:
        click.echo(f"wrote {', '.join(map(str, written))} ({len(selection.nodes)} entities, "
                   f"{EXPORT_FORMATS[fmt][1]})")


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
@_fail_cleanly
def push(gsp, update, dumps, timeout):
    """Upload the built dataset to a triple store, replacing each of its named graphs
    whole (one request per graph: readers see the old graph or the new one).

    Credentials come from $KG_ENDPOINT_USER and $KG_ENDPOINT_PASSWORD or ~/.netrc.

    \b
    Examples:
      kg push --gsp http://127.0.0.1:7878/store
      kg push --update-endpoint http://127.0.0.1:7878/update --dump build/tencent-csr-2019.trig
    """
    from .endpoint import push as upload

    pushed = upload(list(dumps) or sorted(BUILD_DIR.glob("*.trig")), gsp, update, timeout)
    for graph, triples in pushed.items():
        click.echo(f"replaced <{graph}>: {triples} triples")


if __name__ == "__main__":
    main()
