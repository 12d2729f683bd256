"""Commands that run SPARQL: query (a user's or a canned query) and queries (the library)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..formats import GRAPH_FORMATS, SELECT_FORMATS
from .base import (complete_query_names, fail_cleanly, lang_option, main, max_memory_option,
                   open_graph, output, read_query_file, reads_store, timeout_option)

QUERY_FORMATS = SELECT_FORMATS + ("xml",)  # SPARQL results XML, for SELECT and ASK


@main.command()
@click.argument("query_file", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("-e", "--execute", "text", help="The query text.")
@click.option("-n", "--name", help="A canned query (see 'kg queries').",
              shell_complete=complete_query_names)
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME before the query runs; repeat for several. Values are typed: "
                   "<IRI>, prefix:id or an entity's name, 42, 3.5, 2019-12-31, text@en, "
                   "\"a plain string\".")
@click.option("-f", "--format", "fmt", type=click.Choice(QUERY_FORMATS + GRAPH_FORMATS),
              default=None,
              help="SELECT: table (default), csv, tsv, json, xml (W3C), md; ASK: table, "
                   "json, xml. "
                   "CONSTRUCT/DESCRIBE: ttl (default), nt, jsonld.")
@lang_option
@click.option("--no-labels", is_flag=True,
              help="No <var>Label columns (table and md add them by default; csv, tsv, "
                   "json and xml when --lang is given).")
@timeout_option
@max_memory_option
@click.option("--allow-remote", is_flag=True,
              help="Permit SERVICE and FROM <IRI> of graphs not in the store: the query may "
                   "then reach the network.")
@click.option("--excel-safe", is_flag=True,
              help="csv/tsv: start a cell that begins with = + - @ with an apostrophe, so a "
                   "spreadsheet does not run it as a formula (numbers are left as they are).")
@click.option("-o", "--output", "output_path", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="Write to this file (whole or not at all) instead of stdout.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@reads_store
@fail_cleanly
def query(query_file, text, name, params, fmt, lang, no_labels, timeout, max_memory,
          allow_remote, excel_safe, output_path, force, store_path, engine, endpoint):
    """Run a SPARQL query: from -e TEXT, a .rq file (- for stdin) or --name from the library.

    Our prefixes (program:, organization:, csr:, rdfs:, skos: ...) are declared for you.
    ASK prints true/false and exits 0/1. Updates are refused, and so are SERVICE and FROM of
    a graph the store does not hold (unless --allow-remote); the query runs in a process of
    its own, cut off the network. Errors exit 2; a query stopped by --timeout or
    --max-memory exits 3.

    \b
    Examples:
      kg query --name partners-of-program --param program=如祺出行
      kg query -e 'SELECT ?p WHERE { ?p a csr:Program } LIMIT 5' --format csv
      kg query my.rq --format json -o answers.json
    """
    from ..errors import UsageError
    from ..library import get
    from ..params import parse_assignment
    from ..query import run
    from ..results import add_labels, write_boolean, write_graph, write_rows

    given = [x for x in (query_file, text, name) if x is not None]
    if len(given) != 1:
        raise UsageError("give the query one way: -e TEXT, a .rq file, or --name NAME")
    canned = get(name) if name else None
    if canned:
        text = canned.text
    elif query_file is not None:
        text = read_query_file(query_file)
    bound = dict(parse_assignment(p) for p in params)
    if canned and lang and "lang" not in bound and any(p.name == "lang" for p in canned.params):
        bound["lang"] = lang
    store = open_graph(store_path, engine, endpoint)
    result = run(store, text, bound, canned, timeout or None, allow_remote, max_memory)
    allowed = {"select": QUERY_FORMATS, "graph": GRAPH_FORMATS,
               "ask": ("table", "json", "xml")}[result.kind]
    fmt = fmt or allowed[0]
    if fmt not in allowed:
        kind = {"select": "a SELECT", "graph": "a CONSTRUCT/DESCRIBE", "ask": "an ASK"}
        raise UsageError(f"--format {fmt} does not fit {kind[result.kind]} query "
                         f"(choose one of: {', '.join(allowed)})")
    with output(output_path, force) as out:
        if result.kind == "ask":
            write_boolean(result.boolean, fmt, out)
        elif result.kind == "graph":
            write_graph(result.items, fmt, out)
        else:
            names, rows = result.vars, result.items
            if not no_labels and (fmt in ("table", "md") or lang):
                names, rows = add_labels(store, names, rows, lang or "zh")
            write_rows(names, rows, fmt, out, excel_safe=excel_safe)
    if result.kind == "ask" and not result.boolean:
        sys.exit(1)


@main.command()
@click.argument("name", required=False, shell_complete=complete_query_names)
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.option("--standalone", is_flag=True,
              help="Show the query as any SPARQL tool runs it: with the PREFIX lines of the "
                   "prefixes it uses, its parameters as documented variables.")
@fail_cleanly
def queries(name, fmt, standalone):
    """List the canned query library, or show one query in full.

    \b
    Examples:
      kg queries
      kg queries partners-of-program
      kg queries partners-of-program --standalone
    """
    from ..errors import UsageError
    from ..library import catalog, get
    from ..portable import standalone as portable

    chosen = [get(name)] if name else catalog()
    if standalone and (not name or fmt == "json"):
        raise UsageError("--standalone shows one query as text: give its NAME, no --format")
    if fmt == "json":
        click.echo(json.dumps([{
            "name": q.name, "title": q.title, "description": q.description,
            "params": [{"name": p.name, "type": p.type, "default": p.default,
                        "required": p.required, "description": p.description}
                       for p in q.params],
            "examples": list(q.examples), "text": q.text, "standalone": portable(q)}
            for q in chosen], ensure_ascii=False, indent=2))
        return
    if name:
        click.echo((portable(chosen[0]) if standalone else chosen[0].text).rstrip())
        return
    width = max(len(q.name) for q in chosen)
    for q in chosen:
        params = " ".join(f"[{p.name}]" if not p.required else f"<{p.name}>"
                          for p in q.params if p.name != "lang")
        click.echo(f"{q.name:<{width}}  {q.title}" + (f"  {params}" if params else ""))
    click.echo(f"\n{len(chosen)} queries; 'kg queries NAME' shows one, "
               f"'kg query --name NAME' runs it")
