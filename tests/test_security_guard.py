"""The query guard under attack: SERVICE, FROM and Update are judged on a real parse, and the
process that runs a user's query cannot reach the network even if a parser were fooled.

Every test counts the requests a real server on 127.0.0.1 receives: 0 is the pass.
"""

from __future__ import annotations

import os
import random
import socket

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import QueryError
from kg.limits import run_limited
from kg.query import run
from kg.sparql import check_safe, parse

ONTOLOGY = "https://w3id.org/csr-kg/graph/ontology"


def kg(built, *args, engine="oxigraph"):
    store = built.store if engine == "oxigraph" else built.dumps[0]
    return CliRunner().invoke(main, [*args, "--engine", engine, "--store", str(store)])


def refused(store, text, allow_remote=False):
    """Whether the guard refuses ``text`` (the CLI's path: parse, then check)."""
    try:
        check_safe(parse(text), allow_remote, store.graphs)
    except QueryError:
        return True
    return False


# -- Broken 1: the SERVICE guard bypass on the embedded store -------------------------------

def test_service_guard_bypass_embedded(built, capture):
    q = (f"SELECT ?x WHERE {{ BIND((1<'x>') AS ?z) SERVICE <{capture.url}/sparql> "
         f"{{ ?x ?p ?o }} BIND('y' AS ?w) }}")
    r = kg(built, "query", "-e", q)
    assert r.exit_code == 2 and "refused: SERVICE" in r.stderr
    assert capture.count == 0


def test_service_guard_bypass_through_view_query_file(built, capture, tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text(f"CONSTRUCT {{ ?x ?p ?o }} WHERE {{ BIND((1<'x>') AS ?z) "
                  f"SERVICE <{capture.url}/sparql> {{ ?x ?p ?o }} }}", encoding="utf-8")
    r = kg(built, "view", "--query", str(rq), "-o", str(tmp_path / "v.html"))
    assert r.exit_code == 2 and "refused: SERVICE" in r.stderr
    assert capture.count == 0 and not (tmp_path / "v.html").exists()


@pytest.mark.parametrize("where", [
    "OPTIONAL { SERVICE <{u}> { ?s ?p ?o } }",
    "MINUS { SERVICE <{u}> { ?s ?p ?o } }",
    "FILTER EXISTS { SERVICE <{u}> { ?s ?p ?o } }",
    "FILTER NOT EXISTS { SERVICE SILENT <{u}> { ?s ?p ?o } }",
    "{ SELECT ?s WHERE { SERVICE <{u}> { ?s ?p ?o } } }",
    "{ ?s ?p ?o } UNION { SERVICE <{u}> { ?s ?p ?o } }",
    "BIND(EXISTS { SERVICE <{u}> { ?s ?p ?o } } AS ?e)",
    "GRAPH ?g { SERVICE <{u}> { ?s ?p ?o } }",
    "VALUES ?svc { <{u}> } SERVICE ?svc { ?s ?p ?o }",
])
def test_service_anywhere_is_refused(store, memory_store, capture, where):
    q = "SELECT * WHERE { " + where.replace("{u}", capture.url + "/sparql") + " } LIMIT 1"
    for engine in (store, memory_store):
        with pytest.raises(QueryError, match="refused: SERVICE"):
            run(engine, q)
    assert capture.count == 0


# -- Broken 2: the rdflib engine, FROM<...> without a space and \u escapes ------------------

@pytest.mark.parametrize("template", [
    "SELECT * FROM<{u}/g.ttl> WHERE { ?s ?p ?o } LIMIT 1",
    "SELECT * FROM NAMED<{u}/g.ttl> WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1",
    "SELECT * WHERE { \\u0053ERVICE <{u}/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { S\\u0045RVICE <{u}/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { \\U00000053ERVICE <{u}/sparql> { ?s ?p ?o } }",
    "SELECT * \\u0046ROM <{u}/g.ttl> WHERE { ?s ?p ?o }",
    "BASE <{u}/> SELECT * FROM <g.ttl> WHERE { ?s ?p ?o }",
    "PREFIX ev: <{u}/> SELECT * FROM ev:g WHERE { ?s ?p ?o }",
    "PREFIX ev: <{u}/> SELECT * WHERE { SERVICE ev:sparql { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <\\u0068ttp://127.0.0.1:{p}/sparql> { ?s ?p ?o } }",
])
def test_rdflib_from_without_space_and_unicode_escapes(built, capture, template):
    q = template.replace("{u}", capture.url).replace("{p}", str(capture.port))
    for engine in ("rdflib", "oxigraph"):
        r = kg(built, "query", "-e", q, engine=engine)
        assert r.exit_code == 2 and "refused" in r.stderr, (engine, r.output)
    assert capture.count == 0


def test_an_escape_that_makes_an_escape_is_refused(store):
    # \u005C is a backslash: expanded once it would read \u0053 (S), twice SERVICE
    with pytest.raises(QueryError, match="produces another"):
        parse("SELECT * WHERE { \\u005Cu0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")


def test_the_engine_runs_the_text_the_guard_read(store):
    p = parse("SELECT ?x WHERE { BIND(\"\\u0041\" AS ?x) }")
    assert "\\u" not in p.text and '"A"' in p.text
    rows = run(store, 'SELECT ?x WHERE { BIND("\\u0041" AS ?x) }').materialize()
    assert rows.values("x") == {"A"}


# -- Update detection by a parse, not by keyword --------------------------------------------

@pytest.mark.parametrize("text, what", [
    ("PREFIX select: <x> DROP ALL", "DROP"),
    ("PREFIX ask: <http://e/> LOAD <http://127.0.0.1:9/x.ttl>", "LOAD"),
    ("# SELECT * WHERE { ?s ?p ?o }\nCLEAR ALL", "CLEAR"),
    ("BASE <http://e/select> INSERT DATA { <a> <b> <c> }", "INSERT DATA"),
    ("WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> "
     "{ ?s ?p ?o } }", "MODIFY"),
])
def test_update_detected_by_parse_not_keyword(built, capture, text, what):
    r = kg(built, "query", "-e", text)
    assert r.exit_code == 2 and f"refused: this is a SPARQL Update ({what})" in r.stderr
    # an endpoint never receives it either
    r = CliRunner().invoke(main, ["query", "-e", text, "--endpoint", capture.url + "/sparql"])
    assert r.exit_code == 2 and "refused: this is a SPARQL Update" in r.stderr
    assert capture.count == 0


# -- Weak: FROM <a graph of the store> is honoured by both engines --------------------------

@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_from_a_graph_of_the_store_is_honoured(built, engine):
    def count(q):
        r = kg(built, "query", "-f", "csv", "-e", q, engine=engine)
        assert r.exit_code == 0, r.output
        return r.stdout.splitlines()[1:]

    ontology = count(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ONTOLOGY}> {{ ?s ?p ?o }} }}")
    everything = count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(ontology[0]) > 1000 and int(everything[0]) > int(ontology[0]) + 10000
    assert count(f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY}> WHERE {{ ?s ?p ?o }}") == ontology
    assert count(f"SELECT ?g (COUNT(*) AS ?n) FROM NAMED <{ONTOLOGY}> WHERE {{ GRAPH ?g "
                 f"{{ ?s ?p ?o }} }} GROUP BY ?g") == [f"{ONTOLOGY},{ontology[0]}"]


# -- Defence in depth: the query's process has no network -----------------------------------

def _service_on_oxigraph(url):
    def produce():
        import pyoxigraph as ox

        for row in ox.Store().query(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"):
            yield str(row["x"])
    return produce


def test_a_fooled_parser_still_cannot_reach_the_network(capture):
    # the guard is skipped on purpose: the child itself must refuse
    with pytest.raises(QueryError):
        list(run_limited(_service_on_oxigraph(capture.url + "/sparql"), 10, sandbox=True))
    assert capture.count == 0
    # and without the sandbox the same call does reach it: the test can fail
    list(run_limited(_service_on_oxigraph(capture.url + "/sparql"), 10, sandbox=False))
    assert capture.count == 1


def _connect_in_child(layer: str, port: int) -> str:
    """Fork, turn on one layer of kg.sandbox only, try to connect; the outcome as text."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        from kg import sandbox

        ok = {"netns": sandbox._new_network_namespace, "seccomp": sandbox._seccomp,
              "audit": lambda: sys_addaudithook(sandbox)}[layer]()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=3).close()
            outcome = "connected"
        except OSError as e:
            outcome = f"refused:{type(e).__name__}"
        os.write(write, f"{ok}:{outcome}".encode())
        os._exit(0)
    os.close(write)
    data = os.read(read, 200).decode()
    os.waitpid(pid, 0)
    return data


def sys_addaudithook(sandbox):
    import sys

    sys.addaudithook(sandbox._refuse_network)
    return True


@pytest.mark.parametrize("layer", ["netns", "seccomp", "audit"])
def test_each_sandbox_layer_alone_blocks_a_connection(capture, layer):
    outcome = _connect_in_child(layer, capture.port)
    if outcome.startswith("False"):
        pytest.skip(f"the {layer} layer is not available on this machine")
    assert outcome.split(":", 1)[1].startswith("refused"), outcome
    assert capture.count == 0


# -- Fuzz: 2,000+ generated queries, none may make a request --------------------------------

_KEYWORDS = ["SERVICE", "service", "SeRvIcE", "\\u0053ERVICE", "S\\u0045RVICE",
             "\\U00000053ERVICE", "SERVICE SILENT", "SERVICE\t", "SERVICE\n"]
_DECOYS = ["BIND((1<'x>') AS ?z)", 'FILTER("SERVICE <{u}/> {{}}" != "")',
           "# SERVICE <{u}/> { ?a ?b ?c }\n", 'BIND("}" AS ?b)', "BIND('''a\"b}''' AS ?c)",
           "FILTER(?o < 3 || ?o > 1)", "?s <http://e/SERVICE> ?o .", "BIND(<{u}/> AS ?iri)",
           'FILTER(REGEX(STR(?s), "SERVICE|FROM"))', "BIND(1<2 AS ?lt) BIND(2>1 AS ?gt)",
           "# }\n", "BIND('''\n}\n''' AS ?d)", "OPTIONAL { ?s ?p2 ?o2 }", ""]
_WRAPS = ["{x}", "OPTIONAL {{ {x} }}", "MINUS {{ {x} }}", "FILTER EXISTS {{ {x} }}",
          "FILTER NOT EXISTS {{ {x} }}", "{{ SELECT * WHERE {{ {x} }} }}",
          "{{ ?s ?p ?o }} UNION {{ {x} }}", "GRAPH ?g {{ {x} }}", "BIND(EXISTS {{ {x} }} AS ?e)"]
_UPDATES = ["LOAD <{u}/x.ttl>", "LOAD SILENT <{u}/x.ttl> INTO GRAPH <http://e/g>",
            "PREFIX select: <x> DROP ALL", "CLEAR ALL", "ADD <{u}/g> TO <http://e/g>",
            "INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{u}/> {{ ?s ?p ?o }} }}",
            "COPY <{u}/g> TO DEFAULT", "CREATE GRAPH <{u}/g>"]
_FROMS = ["FROM <{u}/g.ttl>", "FROM<{u}/g.ttl>", "from named <{u}/g>", "\\u0046ROM <{u}/g>",
          "FROM ev:g", "FROM <g.ttl>", "FROM NAMED ev:g", f"FROM <{ONTOLOGY}>"]


def _fuzz_queries(url: str, n: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    targets = [f"<{url}/sparql>", "ev:sparql", "<sparql>", "?svc", "<HTTP://127.0.0.1:"
               + url.rsplit(":", 1)[1] + "/x>"]
    out = []
    for i in range(n):
        prologue = rnd.choice(["", f"PREFIX ev: <{url}/> ", f"BASE <{url}/> ",
                               f"PREFIX ev: <{url}/> BASE <{url}/> "])
        if i % 10 == 0:
            text = prologue + rnd.choice(_UPDATES).format(u=url)
        else:
            service = (f"{rnd.choice(_KEYWORDS)} {rnd.choice(targets)} "
                       f"{{ ?s ?p ?o }}")
            if "?svc" in service:
                service = f"VALUES ?svc {{ <{url}/sparql> }} {service}"
            if i % 5 == 1:  # decoys only: these must parse, pass and run
                service = "?s ?p ?o ."
            body = " ".join([rnd.choice(_DECOYS).replace("{u}", url),
                             rnd.choice(_WRAPS).format(x=service),
                             rnd.choice(_DECOYS).replace("{u}", url)])
            dataset = rnd.choice(["", "", rnd.choice(_FROMS).format(u=url)])
            form = rnd.choice(["SELECT *", "ASK", "CONSTRUCT { ?s ?p ?o }", "DESCRIBE ?s"])
            text = f"{prologue}{form} {dataset} WHERE {{ {body} }}"
            if form != "ASK":
                text += " LIMIT 1"
        for _ in range(rnd.choice([0, 0, 0, 1, 2])):  # mutations: a character in or out
            at = rnd.randrange(len(text))
            text = (text[:at] + rnd.choice("{}<>'\"#\n\\ ;.") + text[at:] if rnd.random() < .6
                    else text[:at] + text[at + 1:])
        out.append(text)
    return out


def _run_unguarded_if_accepted(engine, text):
    """What the CLI does, but in this process and without the sandbox: the parser alone
    must keep every request from happening."""
    try:
        parsed = parse(text)
        check_safe(parsed, False, engine.graphs)
    except QueryError:
        return "refused"
    try:
        engine._execute(parsed.text, parsed=parsed).materialize()
    except QueryError:
        return "failed"
    return "ran"


@pytest.fixture(scope="module")
def tiny_stores(tmp_path_factory):
    """Both engines over a few quads in the store's own graph: the guard is under test, not
    the data, and every accepted query runs in a blink."""
    import pyoxigraph as ox
    from rdflib import Dataset

    from kg.store import OxigraphStore, RdflibStore

    nquads = "".join(f"<http://e/s{i}> <http://e/p> \"{i}\" <{ONTOLOGY}> .\n" for i in range(5))
    folder = tmp_path_factory.mktemp("tiny") / "store"
    disk = ox.Store(str(folder))
    disk.bulk_load(nquads.encode(), format=ox.RdfFormat.N_QUADS)
    del disk
    ds = Dataset()
    ds.parse(data=nquads, format="nquads")
    return {"oxigraph": OxigraphStore(folder), "rdflib": RdflibStore(ds)}


@pytest.mark.parametrize("engine_name", ["oxigraph", "rdflib"])
def test_fuzz_no_generated_query_reaches_the_network(tiny_stores, capture, engine_name):
    engine = tiny_stores[engine_name]
    queries = _fuzz_queries(capture.url, 2000)
    outcomes = [_run_unguarded_if_accepted(engine, q) for q in queries]
    assert capture.count == 0, capture.requests[:3]
    # the generator is not trivially refused: some of its queries are valid and run
    assert outcomes.count("ran") > 150 and outcomes.count("refused") > 1200


def test_fuzz_queries_are_real_attacks(store, capture):
    """Without the guard, the generated queries do reach the server: the fuzz can fail."""
    def produce():
        for q in _fuzz_queries(capture.url, 300):
            try:
                parsed = parse(q)
                store._fresh()._execute(parsed.text, parsed=parsed).materialize()
            except Exception:  # noqa: BLE001 - an engine error; the request is what counts
                pass
        yield "done"

    list(run_limited(produce, 120, sandbox=False))
    assert capture.count > 20


def test_fuzz_through_the_full_path(store, capture):
    for q in _fuzz_queries(capture.url, 200, seed=11):
        try:
            run(store, q, timeout=10).materialize()
        except QueryError:
            pass
    assert capture.count == 0
