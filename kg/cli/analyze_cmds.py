"""``kg analyze``: measures, brokers, communities and coverage of a selection (kg.analyze)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .base import echo, fail_cleanly, lang_option, main, open_graph, output, reads_store
from .graph_cmds import _spec, selection_options

COVERAGES = ("demands", "programs", "dimensions", "partners")  # kg.analyze.COVERAGES


@main.group()
def analyze():
    """Linkage analytics of the graph or a part of it: measures per entity, brokerage
    roles, communities, coverage matrices.

    Structural analyses leave the curator's readings out unless --readings (they are 28% of
    the links and make the stakeholder groups hubs); coverage reads them by definition.

    \b
    Examples:
      kg analyze measures --top 10
      kg analyze brokers --type program --type organization --type unit --type product
      kg analyze communities --readings --format json -o communities.json
      kg analyze coverage demands --format csv
      kg analyze measures --save --top 0 -f csv -o measures.csv

    With --save, measures, communities and brokers also write their scores into the
    store's analytics graph (graph:analytics; csr:degree, csr:betweenness, csr:community,
    csr:brokerage...), replacing the run saved before, with the run as a prov:Activity
    (date, method, parameters); kg view --size-by/--color-by uses them, kg query reads them:

    \b
      kg query -e 'SELECT ?entity ?betweenness ?started WHERE { GRAPH graph:analytics {
        ?entity csr:betweenness ?betweenness . graph:analytics prov:wasGeneratedBy ?run .
        ?run prov:startedAtTime ?started } } ORDER BY DESC(?betweenness) LIMIT 10'
    """


def analysis_options(fn=None, *, formats=("table", "csv", "json")):
    if fn is None:  # @analysis_options(formats=...)
        return lambda f: analysis_options(f, formats=formats)
    options = [
        click.option("--readings/--no-readings", default=None,
                     help="Keep or leave out the curator's readings (default: left out; "
                          "coverage: kept)."),
        click.option("--top", type=click.IntRange(0), default=20, show_default=True,
                     help="Rows to show; 0 for all."),
        click.option("-f", "--format", "fmt", type=click.Choice(list(formats)),
                     default="table", show_default=True),
        click.option("-o", "--output", "output_path", type=click.Path(path_type=Path,
                                                                       dir_okay=False),
                     default=None, help="Write to this file (default: standard output)."),
        click.option("--force", is_flag=True, help="Replace the output file if it exists."),
    ]
    fn = selection_options(fn)
    for option in reversed(options):
        fn = option(fn)
    return lang_option(reads_store(fail_cleanly(fn)))


save_option = click.option(
    "--save", is_flag=True,
    help="Also write the scores into the embedded store's analytics graph (graph:analytics), "
         "replacing the run saved before, with this run's date, method and parameters as "
         "PROV; the report's graphs are untouched.")


def _selected(store, selection):
    from ..select import select

    return select(store, _spec(**selection))


def _can_save(engine, endpoint):
    from ..errors import UsageError

    if endpoint or engine != "oxigraph":
        raise UsageError("--save writes into the embedded store only (not with --endpoint or "
                         "--engine rdflib); keep the scores with -f json -o FILE instead")


def _save(result, selection, store, store_path, started):
    from ..analyze.rdf import ANALYTICS, save, to_graph
    from ..namespaces import curie

    used = store.graphs() - {str(ANALYTICS)}
    graph = to_graph(result, selection.spec.describe(), selection.nodes, used, started)
    n = save(store_path, graph)
    echo(f"saved {result.name} ({n} triples) as the analytics graph {curie(ANALYTICS)}",
         err=True)


def _write(result, fmt, output_path, force, top):
    shown = result.top(top)
    with output(output_path, force) as f:
        if fmt == "json":
            json.dump(shown.to_dict(), f, ensure_ascii=False, indent=1)
            f.write("\n")
            return
        from rdflib import Literal, URIRef

        from ..results import write_rows

        def term(value):
            if isinstance(value, str) and value.startswith(("http://", "https://")):
                return URIRef(value)
            return Literal("" if value is None else value)

        if fmt == "table":
            for note in shown.notes:
                f.write(f"# {note}\n")
        rows = ({c: term(r.get(c)) for c in shown.columns} for r in shown.rows)
        write_rows(shown.columns, rows, fmt, f)
        if top and len(result.rows) > top and fmt == "table":
            f.write(f"# first {top} of {len(result.rows)} rows; --top 0 shows all\n")
    if fmt == "csv":
        for note in shown.notes:
            echo(f"note: {note}", err=True)


def _run(name, store_path, engine, endpoint, lang, readings, selection, save=False, **extra):
    from .. import analyze as A
    from ..analyze.rdf import utc_now

    if save:
        _can_save(engine, endpoint)
    started = utc_now()
    store = open_graph(store_path, engine, endpoint)
    chosen = _selected(store, selection)
    graph = chosen.graph
    lang = lang or "zh"
    if name == "coverage":
        return A.coverage(store, graph, extra["which"], True if readings is None else readings,
                          lang)
    readings = bool(readings)
    result = {"measures": A.measures, "brokers": A.brokers,
              "communities": A.communities}[name](graph, readings, lang=lang)
    if save:
        _save(result, chosen, store, store_path, started)
    return result


@analyze.command()
@save_option
@analysis_options
def measures(save, readings, top, fmt, output_path, force, selection, lang,
             store_path, engine, endpoint):
    """Per entity: degree, betweenness (sampled with a seed on large graphs, and said so),
    Burt's constraint and effective size, bridges, articulation point, Louvain community;
    highest betweenness first.

    \b
    Examples:
      kg analyze measures --top 10
      kg analyze measures --dimension ecology --readings --format csv -o ecology.csv
    """
    _write(_run("measures", store_path, engine, endpoint, lang, readings, selection, save), fmt,
           output_path, force, top)


@analyze.command()
@save_option
@analysis_options
def brokers(save, readings, top, fmt, output_path, force, selection, lang,
             store_path, engine, endpoint):
    """Brokerage roles (Gould & Fernandez 1989): for each entity, the open two-paths
    a→b→c it sits on, by role (coordinator, itinerant, gatekeeper, representative, liaison)
    over the kinds of entity (organization class or entity type). Partnerships count both
    ways, other relations the way they point.

    \b
    Examples:
      kg analyze brokers --top 10
      kg analyze brokers --type program --type organization --format json
    """
    _write(_run("brokers", store_path, engine, endpoint, lang, readings, selection, save), fmt,
           output_path, force, top)


@analyze.command()
@save_option
@analysis_options
def communities(save, readings, top, fmt, output_path, force, selection, lang,
             store_path, engine, endpoint):
    """Louvain communities (seeded, the same on every run): size, kinds and best-linked
    members, largest first.

    \b
    Examples:
      kg analyze communities --top 10
      kg analyze communities --readings --lang en
    """
    _write(_run("communities", store_path, engine, endpoint, lang, readings, selection, save), fmt,
           output_path, force, top)


@analyze.command()
@click.argument("which", type=click.Choice(COVERAGES), default="demands")
@analysis_options(formats=("table", "csv", "json", "html"))
def coverage(which, readings, top, fmt, output_path, force, selection, lang,
             store_path, engine, endpoint):
    """Coverage matrices. demands: each stakeholder demand and the programs that answer it,
    unanswered first; programs: each program and the demands it answers; dimensions:
    五位一体 dimension × stakeholder group; partners: partner kind × program kind.
    --format html: one offline page with the three heat maps (demand × program kind,
    dimension × group, partner kind × program kind) whatever WHICH is.

    \b
    Examples:
      kg analyze coverage demands
      kg analyze coverage dimensions --format csv
      kg analyze coverage partners --top 0
      kg analyze coverage --format html -o coverage.html
    """
    if fmt == "html":  # kg.analyze.heatmap: the three maps, self-contained
        from ..analyze.heatmap import offline_page
        from ..select import select

        store, spec = open_graph(store_path, engine, endpoint), _spec(**selection)
        page = offline_page(store, select(store, spec).graph, spec.describe(),
                            readings is not False)
        with output(output_path, force) as f:
            f.write(page)
        return
    _write(_run("coverage", store_path, engine, endpoint, lang, readings, selection,
                which=which),
           fmt, output_path, force, top)


