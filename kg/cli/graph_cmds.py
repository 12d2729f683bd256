"""Commands that draw or write a part of the graph: view (the page) and export."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..formats import EXPORT_FORMATS
from .base import (echo, fail_cleanly, lang_option, main, open_graph, output, read_query_file,
                   reads_store)

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
    from ..select import SelectionSpec

    query = read_query_file(query_file) if query_file is not None else None
    return SelectionSpec(around=around, hops=hops, types=tuple(types), dimension=dimension,
                         stakeholder=stakeholder, section=section,
                         path=tuple(path) if path else None, query=query)


@main.command()
@selection_options
@lang_option
@click.option("-o", "--output", "output_path", type=click.Path(path_type=Path, dir_okay=False),
              default=Path("report.html"), show_default=True, help="The page to write.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("--open", "open_page", is_flag=True,
              help="Open the page in a browser, where there is a screen.")
@reads_store
@fail_cleanly
def view(around, hops, types, dimension, stakeholder, section, path, query_file, lang,
         output_path, force, open_page, store_path, engine, endpoint):
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
    from ..render import page
    from ..select import select

    with output(output_path, force) as f:  # refused at once if it exists without --force
        store = open_graph(store_path, engine, endpoint)
        selection = select(store, _spec(around, hops, types, dimension, stakeholder, section,
                                        path, query_file))
        html = page(store, selection, lang or "zh")
        f.write(html)
    echo(f"wrote {output_path} ({len(selection.nodes)} entities, "
         f"{len(html.encode()) // 1024} KB)")
    # only a graphical browser: a console one would take over the terminal
    if open_page and (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                      or sys.platform == "darwin"):
        import webbrowser

        webbrowser.open(output_path.resolve().as_uri())


def _is_a_stream(written: Path) -> bool:
    """Whether kg wrote into its own stdout or stderr (-o /dev/stdout): no "wrote" line then."""
    from ..files import check_output

    try:
        return check_output(written, force=True) in ("stdout", "stderr")
    except Exception:  # noqa: BLE001 - a folder or anything else: a file was written
        return False


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
@click.option("--excel-safe", is_flag=True,
              help="csv: start a cell that begins with = + - @ with an apostrophe, so a "
                   "spreadsheet does not run it as a formula.")
@reads_store
@fail_cleanly
def export(around, hops, types, dimension, stakeholder, section, path, query_file, fmt, output,
           provenance, lang, force, excel_safe, store_path, engine, endpoint):
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
    from ..export import export as write
    from ..select import select

    store = open_graph(store_path, engine, endpoint)
    selection = select(store, _spec(around, hops, types, dimension, stakeholder, section, path,
                                    query_file))
    written = write(store, selection, fmt, output, lang or "zh", provenance, force,
                    excel_safe=excel_safe)
    if written and not _is_a_stream(written[0]):
        echo(f"wrote {', '.join(map(str, written))} ({len(selection.nodes)} entities, "
                   f"{EXPORT_FORMATS[fmt][1]})")
