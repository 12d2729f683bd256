"""A hostile SPARQL endpoint, for real: a small HTTP server on 127.0.0.1 that redirects
elsewhere (with a second server counting whoever follows), drips bytes, never answers, streams
hundreds of megabytes, nests JSON without end, sends malformed terms, compresses, or writes
terminal escapes. Each test is named after the bug it proves fixed. Every server loop is
bounded in time (``MAX_SECONDS``) and in bytes."""

from __future__ import annotations

import gzip
import http.server
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kg.endpoint import EndpointStore, push
from kg.errors import QueryError, QueryTimeout, StoreError, UsageError

ROOT = Path(__file__).resolve().parent.parent
KG = Path(sys.executable).parent / "kg"
MAX_SECONDS = 20            # no handler runs longer than this
HUGE_MB = 300               # what /huge streams at most
STOP = threading.Event()    # set at teardown: every waiting handler returns
SELECT = "SELECT * WHERE { ?s ?p ?o }"
SECRETS = ("hunter2", "SECRET", "steal", "bob", "alice", "s3cret", "YWxpY2U6czNjcmV0")


def _row(term: str, vars_: str = '["x"]') -> bytes:
    return ('{"head":{"vars":' + vars_ + '},"results":{"bindings":[{"x":' + term + "}]}}"
            ).encode()


def _nested_triples(depth: int) -> bytes:
    """A triple term whose object is a triple term, ``depth`` times."""
    uri = '{"type":"uri","value":"http://e/a"}'
    head = '{"type":"triple","value":{"subject":' + uri + ',"predicate":' + uri + ',"object":'
    return _row(head * depth + uri + "}}" * depth)


DEEP = {
    "arrays-in-head": b'{"head":{"vars":["x"],"link":' + b"[" * 200_000 + b"]" * 200_000
                      + b'},"results":{"bindings":[]}}',
    "arrays-at-top": b"[" * 200_000 + b"]" * 200_000,
    "objects-unclosed": b'{"a":' * 200_000,
}

BAD = {
    "string-vars": b'{"head":{"vars":"abc"},"results":{"bindings":[]}}',
    "iri-with-space": _row('{"type":"uri","value":"http://e/a b"}'),
    "iri-with-gt": _row('{"type":"uri","value":"http://e/a>b"}'),
    "bad-lang": _row('{"type":"literal","value":"a","xml:lang":"not a lang!!"}'),
    "bnode-with-space": _row('{"type":"bnode","value":"a b"}'),
    "binding-not-a-dict": b'{"head":{"vars":["x"]},"results":{"bindings":[5]}}',
    "extra-variable": b'{"head":{"vars":["x"]},"results":{"bindings":[{"y":'
                      b'{"type":"uri","value":"http://e/a"}}]}}',
    "unknown-type": _row('{"type":"weird","value":"a"}'),
    "value-not-a-string": _row('{"type":"literal","value":5}'),
    "langstring-without-lang": _row(
        '{"type":"literal","value":"a","datatype":'
        '"http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}'),
    "triple-term": _nested_triples(1),
    "not-json": b"<html>\x1b]0;PWNED\x07</html>",
    "escapes-in-reason": _row('{"type":"\\u001b]0;PWNED\\u0007\\u001b[2J","value":"a"}'),
}
BRACKETS = '[[[{{{ \\" ]]' * 50 + "\\"  # brackets, escaped quotes and backslashes: data
BRACKETS_JSON = '"' + BRACKETS.replace("\\", "\\\\").replace('"', '\\"') + '"'
ANSI = b"\x1b]0;PWNED\x07\x1b[2J\x1b[31mred alert\x1b[0m\r\nsecond line"


class Elsewhere(http.server.ThreadingHTTPServer):
    """Where the redirects point: counts every connection and every Authorization seen."""

    daemon_threads = True

    def __init__(self):
        self.connections, self.auth = 0, []
        super().__init__(("127.0.0.1", 0), ElsewhereHandler)

    def verify_request(self, request, client_address) -> bool:
        self.connections += 1
        return True


class ElsewhereHandler(http.server.BaseHTTPRequestHandler):
    def _answer(self):
        if self.headers.get("Authorization"):
            self.server.auth.append(self.headers["Authorization"])
        body = _row('{"type":"literal","value":"CAPTURED"}')
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args):
        pass


class Hostile(http.server.BaseHTTPRequestHandler):
    """Misbehaves by path (see ``_route``)."""

    elsewhere_port = 0
    huge_sent = 0

    def _handle(self):
        length = min(int(self.headers.get("Content-Length", 0) or 0), 64 * 2**20)
        self.rfile.read(length)
        try:
            self._route(self.path.split("?")[0].strip("/").split("/"))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client hung up, as it should

    do_GET = do_POST = do_PUT = _handle

    def _route(self, parts):
        mode, arg = parts[0], (parts[1] if len(parts) > 1 else "")
        if mode == "redirect":
            here = f"bob:hunter2@127.0.0.1:{self.elsewhere_port}/steal?token=SECRET"
            target = {"ftp": f"ftp://{here}", "ansi": "http://evil\x07\x1b.example:8080/x",
                      "osc": "http://\x1b]0;PWNED\x07evil.example/"}.get(arg, f"http://{here}")
            self._send(int(arg) if arg.isdigit() else 302, b"moved", Location=target)
        elif mode == "drip":
            self._drip(arg == "headers")
        elif mode == "silent":
            STOP.wait(MAX_SECONDS)
        elif mode == "huge":
            self._huge(declared=arg == "declared")
        elif mode == "deep":
            self._send(200, _nested_triples(200_000) if arg == "triples" else DEEP[arg])
        elif mode == "nt-deep":
            depth = 200_000
            body = (b"<http://e/a> <http://e/b> " + b"<<( <http://e/a> <http://e/b> " * depth
                    + b"<http://e/c>" + b" )>>" * depth + b" .\n")
            self._send(200, body, content_type="application/n-triples")
        elif mode == "bad":
            self._send(200, BAD[arg])
        elif mode == "ask":
            self._send(200, b'{"head":{},"boolean":"yes"}')
        elif mode == "nt-bad":
            self._send(200, b"<http://e/a b> <http://e/b> \x1b]0;PWNED\x07 .\n",
                       content_type="application/n-triples")
        elif mode == "gzip":
            self._send(200, gzip.compress(b"[" * (16 * 2**20), 9), **{"Content-Encoding": "gzip"})
        elif mode == "ansi":
            self._send(int(arg or 500), ANSI)
        elif mode == "echo-auth":
            self._send(401, f"you sent {self.headers.get('Authorization')}".encode())
        elif mode == "value":
            self._send(200, _row('{"type":"literal","value":"\\u001b]0;PWNED\\u0007"}'))
        elif mode == "brackets":
            self._send(200, _row('{"type":"literal","value":' + BRACKETS_JSON + "}"))
        elif mode == "nt-arrows":
            self._send(200, b'<http://e/a> <http://e/b> "a << b \\" << c \\\\" .\n',
                       content_type="application/n-triples")
        elif mode == "short":
            self._send(200, b'{"head":', **{"Content-Length": "1000"})

    def _send(self, code: int, body: bytes, content_type="application/sparql-results+json",
              **headers):
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        headers.setdefault("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _drip(self, in_headers: bool):
        """One byte a second, of the headers or of the body, for at most MAX_SECONDS."""
        if in_headers:
            self.wfile.write(b"HTTP/1.0 200 OK\r\n")
            filler = b"X-Drip: " + b"a" * 1000
        else:
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            filler = b'{"head":{"vars":["x"]},"results":{"bindings":[' + b" " * 1000
        self.wfile.flush()
        until = time.monotonic() + MAX_SECONDS
        for byte in filler:
            if time.monotonic() > until or STOP.wait(1.0):
                return
            self.wfile.write(bytes([byte]))
            self.wfile.flush()

    def _huge(self, declared: bool):
        """Up to HUGE_MB MiB of JSON rows as fast as the client takes them; or a declared
        Content-Length of that size, one MiB sent, then nothing (bounded)."""
        row = b'{"x":{"type":"literal","value":"' + b"z" * 200 + b'"}},'
        block = row * (2**20 // len(row))
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        if declared:
            self.send_header("Content-Length", str(HUGE_MB * 2**20))
        self.end_headers()
        self.wfile.write(b'{"head":{"vars":["x"]},"results":{"bindings":[')
        until = time.monotonic() + MAX_SECONDS
        for _ in range(1 if declared else HUGE_MB):
            if time.monotonic() > until or STOP.is_set():
                return
            self.wfile.write(block)
            Hostile.huge_sent += len(block)
        if declared:
            STOP.wait(MAX_SECONDS)

    def log_message(self, *args):
        pass


def _serve(httpd):
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.fixture(scope="module")
def elsewhere():
    httpd = _serve(Elsewhere())
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def hostile(elsewhere):
    STOP.clear()
    Hostile.elsewhere_port = elsewhere.server_address[1]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    server.daemon_threads = True
    httpd = _serve(server)
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    STOP.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def secrets_set(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("KG_ENDPOINT_USER", "alice")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "s3cret")


def _error(call, kind=StoreError) -> str:
    """The one-line message ``call()`` raises (of ``kind``), checked for what no message may
    hold: a line break, a control character, a secret."""
    with pytest.raises(kind) as caught:
        call()
    message = str(caught.value)
    assert "\n" not in message and "\r" not in message
    assert not any(ord(c) < 32 or 0x7f <= ord(c) < 0xa0 for c in message), repr(message)
    assert not any(s in message for s in SECRETS), message
    return message


def _timed(call, kind=QueryTimeout) -> tuple[str, float]:
    start = time.monotonic()
    message = _error(call, kind)
    return message, time.monotonic() - start


# 1. redirects ------------------------------------------------------------------------------

@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_redirect_to_another_host_is_not_followed_and_credentials_stay(
        hostile, elsewhere, secrets_set, code):
    before = elsewhere.connections
    url = f"{hostile}/redirect/{code}"
    message = _error(lambda: EndpointStore(url).select(SELECT))
    assert message == (f"the endpoint {url} answered with a redirect (HTTP {code}) to "
                       f"http://127.0.0.1:{elsewhere.server_address[1]}; give that URL with "
                       f"--endpoint if you trust it")
    assert elsewhere.connections == before and elsewhere.auth == []


def test_redirect_to_ftp_is_not_followed(hostile, elsewhere, secrets_set):
    before = elsewhere.connections
    message = _error(lambda: EndpointStore(f"{hostile}/redirect/ftp").ask("ASK {}"))
    assert f"redirect (HTTP 302) to ftp://127.0.0.1:{elsewhere.server_address[1]};" in message
    assert elsewhere.connections == before and elsewhere.auth == []


def test_redirect_target_with_terminal_escapes_is_made_visible(hostile):
    message = _error(lambda: EndpointStore(f"{hostile}/redirect/ansi").select(SELECT))
    assert "redirect (HTTP 302) to http://evil\\x07\\x1b.example:8080;" in message
    message = _error(lambda: EndpointStore(f"{hostile}/redirect/osc").select(SELECT))
    assert "redirect (HTTP 302) to a place that is not a valid URL;" in message


def test_push_follows_no_redirect_either(hostile, elsewhere, secrets_set, built):
    before = elsewhere.connections
    message = _error(lambda: push(built.dumps, gsp=f"{hostile}/redirect/307"))
    assert "redirect (HTTP 307)" in message and message.endswith("with --gsp if you trust it")
    message = _error(lambda: push(built.dumps, update=f"{hostile}/redirect/308"))
    assert message.endswith("give that URL with --update-endpoint if you trust it")
    assert elsewhere.connections == before and elsewhere.auth == []


# 2. one deadline for the whole exchange ----------------------------------------------------

def test_drip_fed_body_no_longer_hangs_past_the_deadline(hostile):
    message, took = _timed(lambda: EndpointStore(f"{hostile}/drip", timeout=2).select(SELECT))
    assert message == f"the endpoint {hostile}/drip did not answer within 2 s"
    assert 1.9 <= took < 4


def test_drip_fed_headers_no_longer_hang_past_the_deadline(hostile):
    url = f"{hostile}/drip/headers"
    message, took = _timed(lambda: EndpointStore(url, timeout=2).select(SELECT))
    assert "did not answer within 2 s" in message and 1.9 <= took < 4


def test_silent_server_hits_the_deadline(hostile):
    message, took = _timed(lambda: EndpointStore(f"{hostile}/silent", timeout=2).ask("ASK {}"))
    assert "did not answer within 2 s" in message and 1.9 <= took < 4


def test_push_has_the_same_deadline(hostile, built):
    message, took = _timed(lambda: push(built.dumps, gsp=f"{hostile}/drip", timeout=2))
    assert "did not answer within 2 s" in message and 1.9 <= took < 4


# 3. the size cap ---------------------------------------------------------------------------

MEASURE = """
import sys
from kg.endpoint import EndpointStore
from kg.errors import StoreError


def peak():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmHWM:"))


before = peak()
try:
    EndpointStore(sys.argv[1], timeout=60).select("SELECT * WHERE { ?s ?p ?o }")
    print("no error")
except StoreError as e:
    print(e)
print(peak() - before)
"""


def test_huge_answer_stops_at_the_cap_instead_of_costing_five_times_its_size(hostile):
    Hostile.huge_sent = 0
    env = {**os.environ, "KG_ENDPOINT_MAX_MB": "20"}
    out = subprocess.run([sys.executable, "-c", MEASURE, f"{hostile}/huge"], env=env,
                         cwd=ROOT, capture_output=True, text=True, timeout=120,
                         check=False)
    assert out.returncode == 0, out.stderr
    message, grown = out.stdout.strip().splitlines()
    assert message == ("the endpoint's answer is larger than 20 MiB (set KG_ENDPOINT_MAX_MB "
                       "to raise it)")
    assert int(grown) < 80 * 2**20, f"peak RSS grew by {int(grown) / 2**20:.0f} MiB"
    time.sleep(0.5)  # the server notices the hang-up
    assert Hostile.huge_sent < 100 * 2**20  # the client stopped reading at the cap


def test_declared_huge_content_length_is_refused_before_reading(hostile, monkeypatch):
    monkeypatch.setenv("KG_ENDPOINT_MAX_MB", "20")
    url = f"{hostile}/huge/declared"
    message, took = _timed(lambda: EndpointStore(url, timeout=10).select(SELECT), StoreError)
    assert message.startswith("the endpoint's answer is larger than 20 MiB") and took < 2


@pytest.mark.parametrize("value", ["abc", "0", "-5", "nan", "inf", "1e30"])
def test_bad_max_mb_is_a_usage_error(hostile, monkeypatch, value):
    monkeypatch.setenv("KG_ENDPOINT_MAX_MB", value)
    message = _error(lambda: EndpointStore(f"{hostile}/bad/not-json"), UsageError)
    assert message.startswith("KG_ENDPOINT_MAX_MB must be a positive number of MiB")


# 4. malformed answers ----------------------------------------------------------------------

NOT_RESULTS = "answered with something that is not SPARQL results JSON: "


@pytest.mark.parametrize("kind", sorted(DEEP))
def test_deep_json_nesting_is_one_error_not_a_recursion_error(hostile, kind):
    url = f"{hostile}/deep/{kind}"
    message = _error(lambda: EndpointStore(url).select(SELECT))
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
    message = _error(lambda: EndpointStore(url).select(SELECT))
    assert message.startswith(f"the endpoint {url} {NOT_RESULTS}")
    assert "{" not in message[len(url):]  # a reason, not the answer echoed back


def test_string_vars_are_not_split_into_letters(hostile):
    message = _error(lambda: EndpointStore(f"{hostile}/bad/string-vars").select(SELECT))
    assert "vars" in message


def test_langstring_without_lang_is_refused(hostile):
    url = f"{hostile}/bad/langstring-without-lang"
    assert _error(lambda: EndpointStore(url).select(SELECT)).endswith(
        "a language-tagged string without a language tag")


def test_brackets_inside_strings_are_data_not_nesting(hostile):
    rows = EndpointStore(f"{hostile}/brackets").select(SELECT)
    assert [str(r["x"]) for r in rows] == [BRACKETS]


def test_arrows_inside_ntriples_literals_are_not_triple_terms(hostile):
    graph = EndpointStore(f"{hostile}/nt-arrows").construct("CONSTRUCT WHERE { ?s ?p ?o }")
    assert [str(o) for o in graph.objects()] == ['a << b " << c \\']


def test_ask_whose_boolean_is_not_a_json_boolean(hostile):
    message = _error(lambda: EndpointStore(f"{hostile}/ask").ask("ASK {}"))
    assert NOT_RESULTS in message


def test_construct_answer_that_is_not_ntriples(hostile):
    url = f"{hostile}/nt-bad"
    message = _error(lambda: EndpointStore(url).construct("CONSTRUCT WHERE { ?s ?p ?o }"))
    assert message.startswith(f"the endpoint {url} answered with something that is not "
                              f"N-Triples: ")


def test_gzip_bomb_is_refused_not_decoded(hostile):
    message = _error(lambda: EndpointStore(f"{hostile}/gzip").select(SELECT))
    assert message == (f"the endpoint {hostile}/gzip answered with a compressed body "
                       f"(Content-Encoding: gzip), which kg does not decode")


def test_body_cut_short_of_its_content_length_is_broken_off(hostile):
    message = _error(lambda: EndpointStore(f"{hostile}/short").select(SELECT))
    assert "broke off the answer" in message


# 5. terminal escapes -----------------------------------------------------------------------

def test_ansi_in_a_500_body_is_made_visible(hostile):
    message = _error(lambda: EndpointStore(f"{hostile}/ansi/500").select(SELECT))
    assert message == (f"the endpoint {hostile}/ansi/500 failed (HTTP 500): "
                       "\\x1b]0;PWNED\\x07\\x1b[2J\\x1b[31mred alert\\x1b[0m")


def test_ansi_in_a_400_body_is_made_visible(hostile):
    message = _error(lambda: EndpointStore(f"{hostile}/ansi/400").select(SELECT), QueryError)
    assert "rejected the request (HTTP 400): \\x1b]0;PWNED" in message


def test_result_values_stay_data(hostile):
    rows = EndpointStore(f"{hostile}/value").select(SELECT)
    assert [str(r["x"]) for r in rows] == ["\x1b]0;PWNED\x07"]


# 6. credentials ----------------------------------------------------------------------------

def test_401_does_not_echo_the_credentials(hostile, secrets_set):
    message = _error(lambda: EndpointStore(f"{hostile}/echo-auth").select(SELECT))
    assert "refused access (HTTP 401): set KG_ENDPOINT_USER" in message


def test_credentials_in_the_url_stay_refused(hostile):
    url = hostile.replace("http://", "http://alice:s3cret@") + "/bad/not-json"
    assert "credentials do not go in the URL" in _error(lambda: EndpointStore(url), UsageError)


# the real command line ---------------------------------------------------------------------

def test_cli_redirect_is_one_error_line_and_no_output(hostile, elsewhere, tmp_path):
    before = elsewhere.connections
    env = {**os.environ, "HOME": str(tmp_path), "KG_ENDPOINT_USER": "alice",
           "KG_ENDPOINT_PASSWORD": "s3cret"}
    out = subprocess.run([str(KG), "query", "--endpoint", f"{hostile}/redirect/302", "-e",
                          "SELECT * WHERE { ?s ?p ?o } LIMIT 1"], env=env, cwd=tmp_path,
                         capture_output=True, text=True, timeout=120,
                         check=False)
    assert out.returncode != 0
    assert out.stdout == ""
    lines = out.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), out.stderr
    assert "redirect (HTTP 302)" in lines[0] and not any(s in out.stderr for s in SECRETS)
    assert elsewhere.connections == before

