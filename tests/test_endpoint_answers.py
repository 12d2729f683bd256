"""The hostile SPARQL endpoint (tests/helpers/endpoint_servers.py) answering badly: malformed
terms and JSON, nesting without end, compressed bodies, bodies cut short and terminal escapes.
Each test is named after the bug it proves fixed."""

from __future__ import annotations

import subprocess
import sys

import pytest
from endpoint_servers import BAD, BRACKETS, DEEP, ROOT, SELECT, error_line
from endpoint_servers import elsewhere_fixture, hostile_fixture  # noqa: F401 (fixtures)

from kg.endpoint import EndpointStore
from kg.errors import QueryError

# 4. malformed answers ----------------------------------------------------------------------

NOT_RESULTS = "answered with something that is not SPARQL results JSON: "


@pytest.mark.parametrize("kind", sorted(DEEP))
def test_deep_json_nesting_is_one_error_not_a_recursion_error(hostile, kind):
    url = f"{hostile}/deep/{kind}"
    message = error_line(lambda: EndpointStore(url).select(SELECT))
    assert message.startswith(f"the endpoint {url} {NOT_RESULTS}")


DEEP_IN_A_CHILD = """
import sys
from kg.endpoint import EndpointStore
from kg.errors import StoreError

store = EndpointStore(sys.argv[1])
try:
    getattr(store, sys.argv[2])(sys.argv[3])
    print("no error")
except StoreError as e:
    print(e)
"""


@pytest.mark.parametrize("path, method, query", [
    ("deep/triples", "select", SELECT),
    ("nt-deep", "construct", "CONSTRUCT WHERE { ?s ?p ?o }"),
])
def test_deeply_nested_triple_terms_do_not_crash_the_process(hostile, path, method, query):
    # pyoxigraph recurses into nested triple terms: 200,000 of them overflowed its stack and
    # killed the whole process (SIGSEGV), hence a child process here
    out = subprocess.run([sys.executable, "-c", DEEP_IN_A_CHILD, f"{hostile}/{path}", method,
                          query], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=False)
    assert out.returncode == 0, f"exit {out.returncode}: {out.stderr[-500:]}"
    assert out.stdout.startswith(f"the endpoint {hostile}/{path} answered with "), out.stdout


@pytest.mark.parametrize("case", sorted(BAD))
def test_malformed_answer_is_one_store_error_line(hostile, case):
    url = f"{hostile}/bad/{case}"
    message = error_line(lambda: EndpointStore(url).select(SELECT))
    assert message.startswith(f"the endpoint {url} {NOT_RESULTS}")
    assert "{" not in message[len(url):]  # a reason, not the answer echoed back


def test_string_vars_are_not_split_into_letters(hostile):
    message = error_line(lambda: EndpointStore(f"{hostile}/bad/string-vars").select(SELECT))
    assert "vars" in message


def test_langstring_without_lang_is_refused(hostile):
    url = f"{hostile}/bad/langstring-without-lang"
    assert error_line(lambda: EndpointStore(url).select(SELECT)).endswith(
        "a language-tagged string without a language tag")


def test_brackets_inside_strings_are_data_not_nesting(hostile):
    rows = EndpointStore(f"{hostile}/brackets").select(SELECT)
    assert [str(r["x"]) for r in rows] == [BRACKETS]


def test_arrows_inside_ntriples_literals_are_not_triple_terms(hostile):
    graph = EndpointStore(f"{hostile}/nt-arrows").construct("CONSTRUCT WHERE { ?s ?p ?o }")
    assert [str(o) for o in graph.objects()] == ['a << b " << c \\']


def test_ask_whose_boolean_is_not_a_json_boolean(hostile):
    message = error_line(lambda: EndpointStore(f"{hostile}/ask").ask("ASK {}"))
    assert NOT_RESULTS in message


def test_construct_answer_that_is_not_ntriples(hostile):
    url = f"{hostile}/nt-bad"
    message = error_line(lambda: EndpointStore(url).construct("CONSTRUCT WHERE { ?s ?p ?o }"))
    assert message.startswith(f"the endpoint {url} answered with something that is not "
                              f"N-Triples: ")


def test_gzip_bomb_is_refused_not_decoded(hostile):
    message = error_line(lambda: EndpointStore(f"{hostile}/gzip").select(SELECT))
    assert message == (f"the endpoint {hostile}/gzip answered with a compressed body "
                       f"(Content-Encoding: gzip), which kg does not decode")


def test_body_cut_short_of_its_content_length_is_broken_off(hostile):
    message = error_line(lambda: EndpointStore(f"{hostile}/short").select(SELECT))
    assert "broke off the answer" in message


# 5. terminal escapes -----------------------------------------------------------------------

def test_ansi_in_a_500_body_is_made_visible(hostile):
    message = error_line(lambda: EndpointStore(f"{hostile}/ansi/500").select(SELECT))
    assert message == (f"the endpoint {hostile}/ansi/500 failed (HTTP 500): "
                       "\\x1b]0;PWNED\\x07\\x1b[2J\\x1b[31mred alert\\x1b[0m")


def test_ansi_in_a_400_body_is_made_visible(hostile):
    message = error_line(lambda: EndpointStore(f"{hostile}/ansi/400").select(SELECT), QueryError)
    assert "rejected the request (HTTP 400): \\x1b]0;PWNED" in message


def test_result_values_stay_data(hostile):
    rows = EndpointStore(f"{hostile}/value").select(SELECT)
    assert [str(r["x"]) for r in rows] == ["\x1b]0;PWNED\x07"]
