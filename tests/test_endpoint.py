"""The same commands against a real Oxigraph server on 127.0.0.1, filled by kg push; and the
ways a server fails: down, killed mid-query, HTTP 500, a malformed answer, too slow, asking
for credentials."""

from __future__ import annotations

import http.server
import re
import threading
import time

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.card import card
from kg.cli import main
from kg.endpoint import EndpointStore, push
from kg.errors import QueryTimeout, StoreError, UsageError
from kg.export import rdf_of
from kg.library import catalog
from kg.netx import project
from kg.query import run_canned
from kg.search import search
from kg.select import SelectionSpec, select
from oxigraph_server import Server, free_port

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("oxigraph"))
    yield s
    s.stop()


@pytest.fixture(scope="module")
def remote(server, built):
    pushed = push(built.dumps, gsp=f"{server.base}/store")
    assert set(pushed) == {"https://w3id.org/csr-kg/graph/ontology",
                           "https://w3id.org/csr-kg/graph/tencent-csr-2019"}
    return EndpointStore(f"{server.base}/query")


def rows_of(result):
    if isinstance(result, Graph):
        return sorted(tuple(map(str, t)) for t in result)
    if isinstance(result, bool):
        return result
    return [sorted((k, str(v)) for k, v in r.items()) for r in result]


def test_push_fills_the_server_with_every_triple(remote, store):
    assert len(remote) == len(store)


def test_push_replaces_rather_than_adds(server, remote, store, built):
    push(built.dumps, gsp=f"{server.base}/store")
    assert len(remote) == len(store)
    push(built.dumps, update=f"{server.base}/update")
    assert len(remote) == len(store)


def test_every_canned_query_gives_the_same_answer(remote, store):
    for q in catalog():
        params = dict(re.findall(r"--param (\w+)=(\S+)", q.examples[0]))
        assert rows_of(run_canned(remote, q.name, **params)) == \
            rows_of(run_canned(store, q.name, **params)), q.name


def test_search_show_path_and_export_give_the_same_answers(remote, store):
    assert search(remote, "weicun") == search(store, "weicun")
    weicun = "https://w3id.org/csr-kg/id/program/weicun"
    assert card(remote, weicun) == card(store, weicun)
    a, b = project(remote), project(store)
    assert sorted(a.nodes(data=True)) == sorted(b.nodes(data=True))
    assert sorted(a.edges(keys=True)) == sorted(b.edges(keys=True))
    spec = SelectionSpec(around="为村", hops=1)
    there, here = (rdf_of(s, select(s, spec)) for s in (remote, store))
    assert set(there.quads((None, None, None, None))) == \
        set(here.quads((None, None, None, None))) != set()


def test_cli_against_the_server(server, remote, built):
    args = ["query", "--name", "partners-of-program", "-p", "program=如祺出行", "-f", "csv"]
    here = CliRunner().invoke(main, [*args, "--store", str(built.store)])
    there = CliRunner().invoke(main, [*args, "--endpoint", f"{server.base}/query"])
    assert there.exit_code == 0, there.output
    assert there.stdout == here.stdout
    r = CliRunner().invoke(main, ["stats", "--format", "json"],
                           env={"KG_ENDPOINT": f"{server.base}/query"})
    assert r.exit_code == 0 and f'"triples": {built.triples},' in r.stdout


def test_a_bad_query_is_the_servers_one_line(server, remote):
    # a syntax error is found here, before anything is sent
    r = CliRunner().invoke(main, ["query", "-e", "SELECT ?x WHERE { ?x ?y }", "--endpoint",
                                  f"{server.base}/query"])
    assert r.exit_code == 2 and r.stderr.startswith("error: SPARQL syntax error at line 1")
    # what the grammar allows but the server refuses (?x bound twice) is the server's line
    r = CliRunner().invoke(main, ["query", "-e", "SELECT ?x WHERE { BIND(1 AS ?x) BIND(2 AS ?x) }",
                                  "--endpoint", f"{server.base}/query"])
    assert r.exit_code == 2 and r.stderr.count("\n") == 1
    assert r.stderr.startswith(f"error: the endpoint {server.base}/query rejected the "
                               f"request (HTTP 400)")


def test_server_down(tmp_path):
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(StoreError, match=r"cannot reach the endpoint .*is the server running"):
        EndpointStore(url).select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    r = CliRunner().invoke(main, ["show", "weicun", "--endpoint", url])
    assert r.exit_code == 1 and r.stderr.count("\n") == 1
    assert r.stderr.startswith("error: cannot reach the endpoint")


def test_server_killed_mid_query(tmp_path, built):
    s = Server(tmp_path / "db")
    push(built.dumps, gsp=f"{s.base}/store")
    store = EndpointStore(f"{s.base}/query")
    caught = []

    def ask():
        try:
            store.select(RUNAWAY)
        except Exception as e:  # noqa: BLE001 - the test inspects what came back
            caught.append(e)

    worker = threading.Thread(target=ask)
    worker.start()
    time.sleep(1.0)
    s.stop()
    worker.join(30)
    assert not worker.is_alive()
    assert len(caught) == 1 and isinstance(caught[0], StoreError)
    assert "broke off the answer" in str(caught[0]) or "cannot reach" in str(caught[0])


class Misbehaving(http.server.BaseHTTPRequestHandler):
    """Answers by path: /500, /garbage, /truncated, /slow, /auth (Basic alice:s3cret)."""

    seen_auth: list = []

    def do_POST(self):  # noqa: N802 - the http.server name
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path == "/500":
            self._send(500, b"internal trouble\nmore lines")
        elif self.path == "/garbage":
            self._send(200, b"<html>not json</html>")
        elif self.path == "/truncated":
            self._send(200, b'{"head": {"vars": ["x"]}, "results": {"bindings": [')
        elif self.path == "/slow":
            time.sleep(3)
            self._send(200, b'{"head": {"vars": []}, "results": {"bindings": []}}')
        elif self.path == "/auth":
            Misbehaving.seen_auth.append(self.headers.get("Authorization"))
            if self.headers.get("Authorization") == "Basic YWxpY2U6czNjcmV0":
                self._send(200, b'{"head": {}, "boolean": true}')
            else:
                self._send(401, b"who are you")

    def _send(self, code: int, body: bytes):
        self.send_response(code)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except BrokenPipeError:
            pass

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def misbehaving():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Misbehaving)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.parametrize("path, error, message", [
    ("/500", StoreError, r"failed \(HTTP 500\): internal trouble$"),
    ("/garbage", StoreError, "answered with something that is not SPARQL results JSON"),
    ("/truncated", StoreError, "answered with something that is not SPARQL results JSON"),
])
def test_failing_answers_are_one_clear_error(misbehaving, path, error, message):
    with pytest.raises(error, match=message):
        EndpointStore(misbehaving + path).select("SELECT * WHERE { ?s ?p ?o }")


def test_slow_server_times_out(misbehaving):
    with pytest.raises(QueryTimeout, match="did not answer within 1 s"):
        EndpointStore(misbehaving + "/slow", timeout=1).select("SELECT * WHERE { ?s ?p ?o }")


def test_credentials_come_from_the_environment_and_are_never_shown(misbehaving, monkeypatch):
    q = "ASK { ?s ?p ?o }"
    monkeypatch.setenv("HOME", "/nonexistent")  # no ~/.netrc
    with pytest.raises(StoreError, match=r"refused access \(HTTP 401\): set KG_ENDPOINT_USER"):
        EndpointStore(misbehaving + "/auth").ask(q)
    monkeypatch.setenv("KG_ENDPOINT_USER", "alice")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "s3cret")
    assert EndpointStore(misbehaving + "/auth").ask(q) is True
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "wrong-s3cret")
    r = CliRunner().invoke(main, ["query", "-e", q, "--endpoint", misbehaving + "/auth"])
    assert r.exit_code == 1 and "s3cret" not in r.output and "alice" not in r.output
    with pytest.raises(UsageError, match="credentials do not go in the URL"):
        EndpointStore(misbehaving.replace("http://", "http://alice:s3cret@") + "/auth")


def test_credentials_from_netrc(misbehaving, monkeypatch, tmp_path):
    (tmp_path / ".netrc").write_text("machine 127.0.0.1 login alice password s3cret\n")
    (tmp_path / ".netrc").chmod(0o600)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("KG_ENDPOINT_USER", raising=False)
    assert EndpointStore(misbehaving + "/auth").ask("ASK { ?s ?p ?o }") is True


def test_push_needs_one_target_and_real_dumps(built, tmp_path):
    with pytest.raises(UsageError, match="give one of --gsp"):
        push(built.dumps)
    with pytest.raises(UsageError, match="no such dump"):
        push([tmp_path / "none.trig"], gsp="http://127.0.0.1:9/store")
    r = CliRunner().invoke(main, ["push", "--gsp", f"http://127.0.0.1:{free_port()}/store",
                                  "--dump", str(built.dumps[0])])
    assert r.exit_code == 1 and r.stderr.startswith("error: cannot reach the endpoint")
