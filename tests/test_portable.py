"""The portable text of every canned query (kg.portable.standalone) runs in plain pyoxigraph,
with no prefixes declared for it, on the TriG dump of the real build, and answers exactly what kg
answers: unbound, as kg runs the library text; with its defaults bound, as ``kg query NAME``."""

from __future__ import annotations


import pyoxigraph as ox
import pytest
from canned_answers import comparable

from kg.errors import UsageError
from kg.library import catalog, get
from kg.portable import standalone, used_prefixes
from kg.query import run_canned
from kg.search import resolver

QUERIES = [q.name for q in catalog()]


@pytest.fixture(scope="module")
def plain(built):
    """The TriG dump kg build writes, loaded by pyoxigraph itself into a store of its own:
    no kg prefixes, no kg code between the text and the engine."""
    store = ox.Store()
    for dump in built.dumps:
        store.load(path=str(dump), format=ox.RdfFormat.TRIG)
    return store


def _plain_answer(plain, text):
    return comparable(plain.query(text, use_default_graph_as_union=True))


def test_the_plain_store_knows_no_prefixes(plain):
    with pytest.raises(SyntaxError):
        plain.query("SELECT ?p WHERE { ?p a csr:Program }")


@pytest.mark.parametrize("name", QUERIES)
def test_unbound_text_parses_and_documents_each_parameter(name, plain, store):
    q = get(name)
    text = standalone(q)
    assert all(f"\n# ?{p.name} ({p.type}" in text for p in q.params)
    flat = text.replace("\n#   ", " ")
    assert flat.count("unbound here") == len(q.params) and "{ VALUES ?" not in text
    ox.Store().query(text)  # parses with no prefixes given (a SyntaxError otherwise)
    if not q.params:  # then it is what `kg query NAME` runs: the same answer
        assert _plain_answer(plain, text) == comparable(run_canned(store, name))


@pytest.mark.parametrize("name", [q.name for q in catalog()
                                  if not any(p.required and p.default is None for p in q.params)])
def test_defaults_bound_answer_as_kg_query(name, plain, store):
    q = get(name)
    defaults = {p.name: p.default for p in q.params if p.default is not None}
    text = standalone(q, defaults, resolver(store))
    expected = comparable(run_canned(store, name))
    assert _plain_answer(plain, text) == expected
    if defaults:
        assert "VALUES" in text
    if not isinstance(expected, bool):
        assert expected or name in EMPTY_BY_DEFAULT, "a test on no rows cannot fail"


EMPTY_BY_DEFAULT: set[str] = set()


def test_exactly_the_prefixes_used():
    q = get("partners-of-program")
    text = standalone(q, {"program": "program:weicun"})
    assert [line for line in text.splitlines() if line.startswith("PREFIX")] == [
        "PREFIX csr: <https://w3id.org/csr-kg/ontology#>",
        "PREFIX dcterms: <http://purl.org/dc/terms/>",
        "PREFIX program: <https://w3id.org/csr-kg/id/program/>"]  # the bound value's CURIE
    assert "VALUES ?program { program:weicun }" in text
    # a prefix named only in a string or a comment is not used; one declared is not repeated
    assert used_prefixes('# program:x\nSELECT ?s WHERE { ?s rdfs:label "schema:x" }') == [
        "rdfs"]
    assert used_prefixes("PREFIX csr: <http://e/>\nSELECT * WHERE { ?s csr:p ?o ; "
                         "skos:note 1 }") == ["skos"]
    assert used_prefixes('SELECT * WHERE { ?s ?p "1"^^xsd:integer }') == ["xsd"]


def test_required_parameters_bound_answer_as_kg_query(plain, store):
    values = {"organization": "organization:palace-museum",
              "program": "program:digital-forbidden-city"}
    text = standalone(get("works-with"), values, resolver(store))
    assert _plain_answer(plain, text) is True is run_canned(store, "works-with", **values)
    values["organization"] = "organization:didi"
    text = standalone(get("works-with"), values, resolver(store))
    assert _plain_answer(plain, text) is False is run_canned(store, "works-with", **values)


def test_a_name_is_resolved_as_kg_query_resolves_it(store):
    q = get("partners-of-program")
    by_name = standalone(q, {"program": "如祺出行"}, resolver(store))
    assert "VALUES ?program { organization:ruqi-mobility }" in by_name
    with pytest.raises(UsageError, match="has no parameter 'nope'"):
        standalone(q, {"nope": "1"})
    with pytest.raises(UsageError, match="not a valid integer"):
        standalone(get("most-connected-partners"), {"minimum": "many"})


def test_kg_queries_standalone():
    import json
    import subprocess
    import sys
    from pathlib import Path

    kg = str(Path(sys.executable).parent / "kg")
    shown = subprocess.run([kg, "queries", "partners-of-program", "--standalone"],
                           capture_output=True, text=True, check=True).stdout
    assert shown == standalone(get("partners-of-program")).rstrip() + "\n"
    listed = json.loads(subprocess.run([kg, "queries", "--format", "json"], capture_output=True,
                                       text=True, check=True).stdout)
    assert [q["name"] for q in listed] == QUERIES
    assert all(q["text"] == get(q["name"]).text and q["standalone"] == standalone(get(q["name"]))
               for q in listed)
    wrong = subprocess.run([kg, "queries", "--standalone"], capture_output=True, text=True)
    assert wrong.returncode == 2 and wrong.stderr.count("\n") == 1
    assert "give its NAME" in wrong.stderr


RACE = """
import sys
from concurrent.futures import ThreadPoolExecutor
from kg.library import catalog
from kg.portable import standalone
sys.setswitchinterval(1e-6)
def one(q):
    try:
        return standalone(q)
    except Exception as e:
        return "ERROR " + repr(e)
with ThreadPoolExecutor(16) as pool:
    texts = list(pool.map(one, catalog()))
print(sum(t.startswith("ERROR") for t in texts), sum(map(len, texts)))
"""


def test_threads_parse_in_a_fresh_process_as_one_thread():
    """kg serve builds the portable text in worker threads. pyparsing learns each parse
    action's arity on its first calls, unsafely: in a fresh process, 16 threads parsing at
    once all failed ("<lambda>() missing 1 required positional argument: 'x'") until
    standalone() took a lock."""
    import subprocess
    import sys

    got = subprocess.run([sys.executable, "-c", RACE], capture_output=True, text=True,
                         timeout=120, check=True).stdout.split()
    assert got == ["0", str(sum(len(standalone(q)) for q in catalog()))]
