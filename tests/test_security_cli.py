"""Hostile input at the command line: each is one ``error:`` line, a non-zero exit, no
traceback and nothing written; and nothing a label or a server says reaches a terminal raw."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from terminal import in_terminal
from click.testing import CliRunner

from kg.cli import main

KG = [sys.executable, "-m", "kg.cli"]
ESC_LABEL = "\x1b]0;PWNED\x07\x1b[2J\x1b[31mred\x1b[0m"


def kg(built, *args, input=None):
    return CliRunner().invoke(main, [*args, "--store", str(built.store)], input=input)


def one_error_line(r, code=2):
    assert r.exit_code == code, r.output
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("error: "), r.stderr
    assert "Traceback" not in r.output


@pytest.mark.parametrize("value", ["<http://e/a> } ; DROP ALL ; <x>", "<http://e/a b>",
                                   "<http://e/a>}", "http://e/a>", "program:x>y",
                                   "<http://e/a> ?p ?o } SERVICE <http://127.0.0.1:9/> { ?a"])
def test_iri_parameters_with_angle_brackets_spaces_or_braces(built, capture, value):
    r = kg(built, "query", "-e", "SELECT ?o WHERE { ?s ?p ?o } LIMIT 1", "-p", f"s={value}")
    one_error_line(r)
    assert capture.count == 0


@pytest.mark.parametrize("name", ["<http://e/a> ?p ?o } #", "<http://e/a b>",
                                  "<http://e/a>?p ?o} SERVICE <http://127.0.0.1:9/> {?a ?b ?c}"])
def test_entity_names_cannot_write_query_text(built, capture, name):
    for args in (["show", name], ["path", name, "为村"], ["view", "--around", name, "-o", "-"]):
        one_error_line(kg(built, *args))
    assert capture.count == 0


@pytest.mark.parametrize("value", ["-1", "inf", "nan", "-inf", "1e999", "abc", ""])
def test_timeout_values_that_are_not_seconds(built, value):
    one_error_line(kg(built, "query", "-e", "ASK {}", "--timeout", value))


def test_non_utf8_query_file(built, tmp_path):
    rq = tmp_path / "latin1.rq"
    rq.write_bytes("SELECT ?l WHERE { ?s rdfs:label ?l FILTER(?l = 'café') }".encode("latin-1"))
    r = kg(built, "query", str(rq))
    one_error_line(r)
    assert "is not UTF-8 text (byte 0xe9" in r.stderr


def test_query_file_with_a_byte_order_mark(built, tmp_path):
    rq = tmp_path / "bom.rq"
    rq.write_bytes(b"\xef\xbb\xbfASK { program:weicun a csr:Program }")
    r = kg(built, "query", str(rq))
    assert r.exit_code == 0 and r.stdout == "true\n"
    r = kg(built, "query", "-", input=b"\xef\xbb\xbfASK { program:weicun a csr:Program }")
    assert r.exit_code == 0 and r.stdout == "true\n"


@pytest.mark.parametrize("args", [["show", "为村\n…"], ["path", "为村\n", "寻乌县\x1b[2J"],
                                  ["search", "为村\n\x00"], ["show", "\n"]])
def test_names_with_a_newline_or_control_character(built, args):
    """No traceback and nothing raw: a name is read with its spaces and control characters
    normalised away (为村\n… is 为村), or refused in one line."""
    r = kg(built, *args)
    assert r.exit_code in (0, 1, 2), r.output
    assert "Traceback" not in r.output and "\x1b" not in r.output and "\x00" not in r.output
    if r.exit_code:
        assert r.stderr.count("\n") <= 1


@pytest.mark.parametrize("target", ["/etc/passwd", "/etc", "/dev/null", "no-such.trig"])
def test_rdflib_engine_store_that_is_not_trig(built, target):
    r = CliRunner().invoke(main, ["stats", "--engine", "rdflib", "--store", target])
    assert r.exit_code == 1, r.output
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("error: ")


def test_query_output_is_not_overwritten_without_force(built, tmp_path):
    out = tmp_path / "answers.csv"
    out.write_text("earlier answers\n")
    r = kg(built, "query", "-e", "ASK { program:weicun a csr:Program }", "-o", str(out))
    one_error_line(r)
    assert "pass --force" in r.stderr and out.read_text() == "earlier answers\n"
    r = kg(built, "query", "-e", "ASK { program:weicun a csr:Program }", "-o", str(out),
           "--force")
    assert r.exit_code == 0 and out.read_text() == "true\n"


# -- output errors, with real descriptors -----------------------------------------------------

def _sh(built, command: str, **env) -> subprocess.CompletedProcess:
    kg_cmd = " ".join(KG)
    return subprocess.run(["sh", "-c", command.replace("KG", kg_cmd)], capture_output=True,
                          timeout=120, env={**os.environ, "KG_STORE": str(built.store), **env})


def test_closed_stdout(built):
    for command in ("KG stats >&-", "KG query -e 'ASK {}' >&-", "KG show 为村 >&-"):
        r = _sh(built, command)
        assert r.returncode == 1, command
        assert r.stderr == b"error: standard output is closed; nothing was done\n"


def test_full_device_as_stdout(built):
    for command in ("KG stats > /dev/full", "KG show 为村 > /dev/full",
                    "KG query --name partners-of-program -p program=如祺出行 > /dev/full"):
        r = _sh(built, command)
        assert r.returncode == 1, (command, r.stderr)
        assert r.stderr == (b"error: cannot write to standard output: No space left on "
                            b"device\n"), command


def test_a_reader_that_goes_away_ends_quietly(built):
    r = _sh(built, "KG query -e 'SELECT ?s ?p ?o WHERE { ?s ?p ?o }' -f csv | head -1; "
                   "exit ${PIPESTATUS:-0}")
    assert r.stdout == b"s,p,o\r\n" and r.stderr == b""


def _in_terminal(args: list[str], env: dict | None = None, seconds: float = 60) -> bytes:
    """Run ``kg`` with its stdout and stderr on a real pseudo-terminal; what the terminal got."""
    return in_terminal(args, env, seconds)


def test_latin1_terminal(built):
    got = _in_terminal([*KG, "show", "为村", "--store", str(built.store)],
                       {"PYTHONIOENCODING": "latin-1"})
    assert b"Traceback" not in got and b"\\u" in got  # 为 shown as an escape, not a crash


@pytest.fixture
def hostile_trig(tmp_path):
    trig = tmp_path / "hostile.trig"
    trig.write_text(
        "<https://w3id.org/csr-kg/graph/hostile> {\n"
        "<https://w3id.org/csr-kg/id/program/evil> a "
        "<https://w3id.org/csr-kg/ontology#Program> ;\n"
        f'  <http://www.w3.org/2000/01/rdf-schema#label> "{ESC_LABEL}"@zh, "evil"@en .\n}}\n',
        encoding="utf-8")
    return trig


@pytest.mark.parametrize("args", [
    ["query", "-e", "SELECT ?l WHERE { ?s rdfs:label ?l }"],
    ["query", "-e", "SELECT ?l WHERE { ?s rdfs:label ?l }", "-f", "csv"],
    ["query", "-e", "SELECT ?s WHERE { ?s rdfs:label ?l }"],
    ["show", "program:evil"],
    ["search", "evil"],
])
def test_terminal_escapes_in_labels_never_reach_the_terminal(hostile_trig, args):
    got = _in_terminal([*KG, *args, "--engine", "rdflib", "--store", str(hostile_trig)])
    assert b"\x1b" not in got and b"\x07" not in got, got
    assert b"\\x1b]0;PWNED" in got  # shown, made visible


def test_terminal_escapes_in_an_endpoint_answer(tmp_path):
    import http.server
    import json
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            data = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [
                {"x": {"type": "literal", "value": ESC_LABEL}}]}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        got = _in_terminal([*KG, "query", "--endpoint",
                            f"http://127.0.0.1:{httpd.server_address[1]}/sparql",
                            "-e", "SELECT ?x WHERE { ?x ?p ?o }"])
    finally:
        httpd.shutdown()
    assert b"\x1b" not in got and b"\x07" not in got and b"\\x1b]0;PWNED" in got
