"""Commands about entities: search, show (the card) and path (how two are linked)."""

from __future__ import annotations

import json
import sys

import click

from .base import (echo, fail_cleanly, lang_option, main, open_graph, reads_store,
                   text_or_json_option, timeout_option)

@main.command()
@click.argument("text")
@click.option("-t", "--type", "types", multiple=True, metavar="TYPE",
              help="Only this kind of entity; repeat for several (program, organization, "
                   "unit, product, person, place, event, award, ...).")
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "md"]),
              default="table", show_default=True)
@click.option("--excel-safe", is_flag=True,
              help="csv/tsv: start a cell that begins with = + - @ with an apostrophe.")
@lang_option
@reads_store
@fail_cleanly
def search(text, types, limit, fmt, excel_safe, lang, store_path, engine, endpoint):
    """Find entities by Chinese or English label, alias, pinyin or id, best match first,
    then by words of their descriptions and partnership notes.

    Both sides are compared without spaces, punctuation, quotes or brackets, full-width as
    half-width; Latin text matches from the start of a word, pinyin whole syllables. When
    more entities match than --limit, "N of M shown" goes to stderr. Exits 1 when nothing
    matches.

    \b
    Examples:
      kg search weicun
      kg search 99 --type program
      kg search 基金会 --type organization --format csv
    """
    from rdflib import Literal, URIRef

    from ..results import write_rows
    from ..search import search as find

    hits = find(open_graph(store_path, engine, endpoint), text, types, limit=limit)
    if not hits:
        echo(f"no entity matches {text!r}", err=True)
        sys.exit(1)
    if hits.total > len(hits):  # never cut silently; on stderr, so stdout stays clean
        echo(f"{len(hits)} of {hits.total} shown (--limit)", err=True)
    names = ["entity", "label", "other", "type", "matched"]
    lang = lang or "zh"
    other = "en" if lang == "zh" else "zh"
    rows = [{"entity": URIRef(h.iri), "label": Literal(h.label(lang)),
             "other": Literal(h.label(other)), "type": Literal(h.type),
             "matched": Literal(f"{h.how}: {h.matched}")} for h in hits]
    write_rows(names, rows, fmt, sys.stdout, excel_safe=excel_safe)


@main.command()
@click.argument("entity")
@lang_option
@text_or_json_option
@reads_store
@fail_cleanly
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
    from ..card import card, render, to_json
    from ..search import resolve

    store = open_graph(store_path, engine, endpoint)
    c = card(store, resolve(store, entity))
    if fmt == "json":
        click.echo(json.dumps(to_json(c), ensure_ascii=False, indent=2))
    else:
        echo(render(c, lang or "zh"))


@main.command()
@click.argument("a")
@click.argument("b")
@click.option("--max-hops", type=click.IntRange(0, 8), default=4, show_default=True,
              help="The longest chain looked for, in relations.")
@click.option("--all", "all_paths", is_flag=True,
              help="Every chain up to --max-hops, cheapest first (shortest first with "
                   "--plain), not only the best.")
@click.option("--plain", is_flag=True,
              help="The fewest relations, hubs or not: every shortest chain.")
@click.option("--avoid", multiple=True, metavar="ENTITY",
              help="No chain through this entity; repeat for several.")
@click.option("--via", metavar="ENTITY", help="Only chains through this entity.")
@click.option("--no-readings", is_flag=True,
              help="Leave out the curator's readings (stakeholders, demands): only what the "
                   "report states.")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True,
              help="Print at most this many chains.")
@timeout_option
@lang_option
@text_or_json_option
@reads_store
@fail_cleanly
def path(a, b, max_hops, all_paths, plain, avoid, via, no_readings, limit, timeout, lang, fmt,
         store_path, engine, endpoint):
    """How two entities are linked: the chains of relations between them that say the most,
    read either way along each relation, with each relation's name.

    A chain's cost is its number of relations plus, for every entity inside it, the log of
    that entity's number of neighbours: a chain through a hub such as 腾讯 or a stakeholder
    group says little and costs more, so a longer chain through specific partners, places
    or programs can win. Without --all the cheapest chain is printed (several when they
    tie), each line with its length and cost; --plain prints every shortest chain instead,
    as a breadth-first search finds them. --avoid and --via rank chains too, so they do not
    go with --plain.

    A, B and the entities of --avoid and --via are ids, CURIEs, IRIs or names. Exits 1 when
    no chain is short enough, 3 when the search runs past --timeout.

    \b
    Examples:
      kg path 为村 寻乌县
      kg path 捐赠AI技术CT检查舱 停课不停学 --plain
      kg path 捐赠AI技术CT检查舱 停课不停学 --avoid 医研前线 --format json
      kg path weicun organization:didi --via 如祺出行 --lang en
      kg path weicun organization:didi --all --max-hops 3 --lang en
    """
    from ..errors import UsageError
    from ..limits import run_limited
    from ..netx import describe, paths, project
    from ..path_rank import informative_paths
    from ..search import resolve

    if plain and (avoid or via):
        raise UsageError("--avoid and --via rank chains by cost; they do not go with --plain")
    store = open_graph(store_path, engine, endpoint)
    ends = [resolve(store, a), resolve(store, b)]
    avoided = [resolve(store, x) for x in avoid]
    through = resolve(store, via) if via is not None else None
    for name, iri in [*zip(avoid, avoided), *([(via, through)] if via is not None else [])]:
        if iri in ends:
            raise UsageError(f"{'--via' if iri == through else '--avoid'} {name} is an end of "
                             f"the chain")
    if through is not None and through in avoided:
        raise UsageError(f"--via {via} is also given to --avoid")
    graph = project(store)

    def find():
        if plain:
            return iter(paths(graph, *ends, max_hops=max_hops, all_paths=all_paths,
                              readings=not no_readings))
        return iter(informative_paths(graph, *ends, max_hops=max_hops, all_paths=all_paths,
                                      readings=not no_readings, avoid=avoided, via=through))

    # the search runs in a child process under the same time limit as a query
    found = list(run_limited(find, timeout or None))
    if not found:
        echo(f"no chain of at most {max_hops} relations links {a} and {b}", err=True)
        sys.exit(1)
    if fmt == "json":
        click.echo(json.dumps([p.to_dict() for p in found[:limit]], ensure_ascii=False,
                              indent=2))
        return
    for p in found[:limit]:
        cost = "" if p.cost is None else f"{p.cost:.2f}  "
        echo(f"{len(p)}  {cost}{describe(p, lang or 'zh')}")
    if len(found) > limit:
        echo(f"… and {len(found) - limit} more (raise --limit)")
