"""Commands that draw or write a part of the graph: view (the page) and export."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from ..formats import EXPORT_FORMATS
from .base import (complete_entity_types, echo, fail_cleanly, lang_option, main, open_graph,
                   output, read_query_file, reads_store)

def selection_options(fn):
    """The options that choose a part of the graph (kg view, kg export, kg analyze): see
    kg.select. The command receives them as one keyword argument, ``selection`` (a dict for
    :func:`_spec`)."""
    options = [
        click.option("--around", metavar="ENTITY",
                     help="An entity and what lies within --hops relations of it."),
        click.option("--hops", type=click.IntRange(0, 6), default=None,
                     help="How far to reach: around --around (default 1), or beyond the "
                          "other picks (default 0)."),
        click.option("-t", "--type", "types", multiple=True, metavar="TYPE",
                     shell_complete=complete_entity_types,
                     help="Only this kind of entity; repeat for several."),
        click.option("--dimension", metavar="CODE",
                     help="Programs of a 五位一体 dimension (economy, society, culture, "
                          "ecology, politics-livelihood, or its label)."),
        click.option("--stakeholder", metavar="GROUP",
                     help="A stakeholder group, its demands and the programs for it."),
        click.option("--section", metavar="SECTION",
                     help="What a report section (s2-3, focus-poverty...) is a source of."),
        click.option("--path", nargs=2, metavar="A B",
                     help="The entities on the shortest chains between A and B, and on "
                          "the chain kg path ranks first (hubs cost more)."),
        click.option("--query", "query_file", type=click.Path(path_type=Path, dir_okay=False),
                     help="A .rq file with a CONSTRUCT query: the entities its graph names."),
        click.option("--leave-out", "leave_out", multiple=True, metavar="TYPE",
                     shell_complete=complete_entity_types,
                     help="Leave this kind of entity out (e.g. framework, stakeholder); "
                          "repeat for several."),
    ]

    @functools.wraps(fn)
    def gathered(*args, **kwargs):
        kwargs["selection"] = {name: kwargs.pop(name) for name in SELECTION_OPTIONS}
        return fn(*args, **kwargs)

    for option in reversed(options):
        gathered = option(gathered)
    return gathered


# the parameters selection_options adds, which reach the command as one dict, ``selection``
# (read by _spec into a SelectionSpec)
SELECTION_OPTIONS = ("around", "hops", "types", "dimension", "stakeholder", "section", "path",
                     "query_file", "leave_out")


def score_options(fn):
    """--size-by and --color-by (kg view, kg export): see kg.analyze.scores (the measures
    are kg.analyze.rdf.MEASURES, named here without importing it)."""
    names = ("degree, betweenness, constraint, effective_size, bridges, articulation, "
             "community, brokerage, brokerage_role")
    fn = click.option("--color-by", metavar="MEASURE",
                      help="Colour the entities by this score instead of their type: a "
                           "category (community, brokerage_role, articulation) in a fixed "
                           "palette, a number on a ramp.")(fn)
    return click.option("--size-by", metavar="MEASURE",
                        help=f"Size the entities by this score instead of their degree "
                             f"({names}); from the saved analytics graph when it holds it "
                             "for this selection, else computed (stderr says which).")(fn)


def _check_measures(size_by, color_by):
    from ..analyze.scores import check

    check(size_by, color_by)


def _spec(around, hops, types, dimension, stakeholder, section, path, query_file,
          leave_out=()):
    from ..select import SelectionSpec

    query = read_query_file(query_file) if query_file is not None else None
    return SelectionSpec(around=around, hops=hops, types=tuple(types), dimension=dimension,
                         stakeholder=stakeholder, section=section,
                         path=tuple(path) if path else None, query=query,
                         leave_out=tuple(leave_out))


@main.command()
@selection_options
@lang_option
@click.option("-o", "--output", "output_path", type=click.Path(path_type=Path, dir_okay=False),
              default=Path("report.html"), show_default=True, help="The page to write.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("--open", "open_page", is_flag=True,
              help="Open the page in a browser, where there is a screen.")
@score_options
@reads_store
@fail_cleanly
def view(selection, lang, output_path, force, open_page, size_by, color_by, store_path, engine,
         endpoint):
    """Write the graph, or a part of it, as one interactive HTML page that works offline.

    The page has a legend with class and dimension filters, a zh/en switch, search by
    Chinese, English or pinyin, a card per node with its figures and source pages,
    double-click to expand or collapse neighbours, and path highlighting.

    \b
    Examples:
      kg view -o report.html
      kg view --around 为村 --hops 2 -o weicun.html --lang en
      kg view --dimension ecology --type program --type organization -o ecology.html
      kg view --size-by betweenness --color-by community -o brokers.html
    """
    from ..render import page
    from ..select import select

    _check_measures(size_by, color_by)
    with output(output_path, force) as f:  # refused at once if it exists without --force
        store = open_graph(store_path, engine, endpoint)
        selection = select(store, _spec(**selection))
        html = page(store, selection, lang or "zh", size_by, color_by,
                    say=lambda line: echo(line, err=True))
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


def _check_stdout(fmt: str) -> None:
    """Refuse, before any work, standard output for a format that writes a folder or a page."""
    from ..errors import UsageError
    from ..export import FORMATS

    if not FORMATS[fmt].stdout:
        why = "it writes several files" if FORMATS[fmt].files else "it writes a page file"
        raise UsageError(f"-o is needed for {fmt} ({why})")


@main.command()
@selection_options
@click.option("-f", "--format", "fmt", required=True, type=click.Choice(list(EXPORT_FORMATS)),
              help="; ".join(f"{name}: {what}" for name, (_, what) in EXPORT_FORMATS.items()))
@click.option("-o", "--output", default=None, metavar="PATH",
              help="The file to write (a folder for csv); - or none for standard output "
                   "(not csv nor html).")
@click.option("--with-provenance/--without-provenance", "provenance", default=True,
              show_default=True, help="Keep or drop the links to the report's sections.")
@lang_option
@click.option("--force", is_flag=True, help="Replace files that exist.")
@click.option("--excel-safe", is_flag=True,
              help="csv: start a cell that begins with = + - @ with an apostrophe, so a "
                   "spreadsheet does not run it as a formula.")
@score_options
@reads_store
@fail_cleanly
def export(selection, fmt, output, provenance, lang, force, excel_safe, size_by, color_by,
           store_path, engine, endpoint):
    """Write the graph, or a part of it, in a format another tool reads: RDF for triple
    stores and notebooks, GraphML/GEXF for Gephi, Cytoscape.js JSON, CSV for Neo4j.

    Files are written whole or not at all; existing ones are kept unless --force.

    \b
    Examples:
      kg export -f trig -o report.trig
      kg export --around 为村 --hops 2 -f gexf -o weicun.gexf --lang en
      kg export --dimension ecology -f csv -o neo4j-import/
      kg export --path 为村 滴滴 -f ttl -o -
      kg export -f gexf -o brokers.gexf --size-by betweenness --color-by community

    With --size-by/--color-by, GraphML, GEXF, Cytoscape.js and html carry the scores as node
    attributes and in the look; RDF carries the saved analytics graph (graph:analytics) when
    the store has one.
    """
    from ..export import export as write
    from ..select import select

    _check_measures(size_by, color_by)
    if output is None:  # standard output, for a format that is one file
        _check_stdout(fmt)
        output = "-"
    store = open_graph(store_path, engine, endpoint)
    selection = select(store, _spec(**selection))
    written = write(store, selection, fmt, output, lang or "zh", provenance, force,
                    excel_safe=excel_safe, size_by=size_by, color_by=color_by,
                    say=lambda line: echo(line, err=True))
    if written and not _is_a_stream(written[0]):
        echo(f"wrote {', '.join(map(str, written))} ({len(selection.nodes)} entities, "
                   f"{EXPORT_FORMATS[fmt][1]})")
