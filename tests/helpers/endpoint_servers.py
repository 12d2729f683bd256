"""The hostile SPARQL endpoint shared by test_endpoint_hostile.py and test_endpoint_answers.py:
a small HTTP server on 127.0.0.1 that redirects elsewhere (with a second server counting whoever
follows), drips bytes, never answers, streams hundreds of megabytes, nests JSON without end, sends
malformed terms, compresses, or writes terminal escapes; its pytest fixtures (import them by name
into a test file) and the checks on the messages it provokes. Every server loop is bounded in
time (``MAX_SECONDS``) and in bytes."""

from __future__ import annotations

import gzip
import http.server
import threading
import time
from pathlib import Path

import pytest

from kg.errors import QueryTimeout, StoreError

ROOT = Path(__file__).resolve().parents[2]
MAX_SECONDS = 20            # no handler runs longer than this
HUGE_MB = 300               # what /huge streams at most
STOP = threading.Event()    # set at teardown: every waiting handler returns
SELECT = "SELECT * WHERE { ?s ?p ?o }"
SECRETS = ("hunter2", "SECRET", "steal", "bob", "alice", "s3cret", "YWxpY2U6czNjcmV0")


def row(term: str, vars_: str = '["x"]') -> bytes:
    return ('{"head":{"vars":' + vars_ + '},"results":{"bindings":[{"x":' + term + "}]}}"
            ).encode()


def nested_triples(depth: int) -> bytes:
    """A triple term whose object is a triple term, ``depth`` times."""
    uri = '{"type":"uri","value":"http://e/a"}'
    head = '{"type":"triple","value":{"subject":' + uri + ',"predicate":' + uri + ',"object":'
    return row(head * depth + uri + "}}" * depth)


DEEP = {
    "arrays-in-head": b'{"head":{"vars":["x"],"link":' + b"[" * 200_000 + b"]" * 200_000
                      + b'},"results":{"bindings":[]}}',
    "arrays-at-top": b"[" * 200_000 + b"]" * 200_000,
    "objects-unclosed": b'{"a":' * 200_000,
}

BAD = {
    "string-vars": b'{"head":{"vars":"abc"},"results":{"bindings":[]}}',
    "iri-with-space": row('{"type":"uri","value":"http://e/a b"}'),
    "iri-with-gt": row('{"type":"uri","value":"http://e/a>b"}'),
    "bad-lang": row('{"type":"literal","value":"a","xml:lang":"not a lang!!"}'),
    "bnode-with-space": row('{"type":"bnode","value":"a b"}'),
    "binding-not-a-dict": b'{"head":{"vars":["x"]},"results":{"bindings":[5]}}',
    "extra-variable": b'{"head":{"vars":["x"]},"results":{"bindings":[{"y":'
                      b'{"type":"uri","value":"http://e/a"}}]}}',
    "unknown-type": row('{"type":"weird","value":"a"}'),
    "value-not-a-string": row('{"type":"literal","value":5}'),
    "langstring-without-lang": row(
        '{"type":"literal","value":"a","datatype":'
        '"http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}'),
    "triple-term": nested_triples(1),
    "not-json": b"<html>\x1b]0;PWNED\x07</html>",
    "escapes-in-reason": row('{"type":"\\u001b]0;PWNED\\u0007\\u001b[2J","value":"a"}'),
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
        body = row('{"type":"literal","value":"CAPTURED"}')
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
            self._send(200, nested_triples(200_000) if arg == "triples" else DEEP[arg])
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
            self._send(200, row('{"type":"literal","value":"\\u001b]0;PWNED\\u0007"}'))
        elif mode == "brackets":
            self._send(200, row('{"type":"literal","value":' + BRACKETS_JSON + "}"))
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
        json_row = b'{"x":{"type":"literal","value":"' + b"z" * 200 + b'"}},'
        block = json_row * (2**20 // len(json_row))
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


def serve(httpd):
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.fixture(scope="module", name="elsewhere")
def elsewhere_fixture():
    """The server the redirects point at (see Elsewhere)."""
    httpd = serve(Elsewhere())
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module", name="hostile")
def hostile_fixture(elsewhere):
    """The base URL of the misbehaving server (see Hostile), stopped at teardown."""
    STOP.clear()
    Hostile.elsewhere_port = elsewhere.server_address[1]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    server.daemon_threads = True
    httpd = serve(server)
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    STOP.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(name="secrets_set")
def secrets_set_fixture(monkeypatch, tmp_path):
    """Credentials in the environment (and a HOME of its own) that no message may show."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("KG_ENDPOINT_USER", "alice")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "s3cret")


def error_line(call, kind=StoreError) -> str:
    """The one-line message ``call()`` raises (of ``kind``), checked for what no message may
    hold: a line break, a control character, a secret."""
    with pytest.raises(kind) as caught:
        call()
    message = str(caught.value)
    assert "\n" not in message and "\r" not in message
    assert not any(ord(c) < 32 or 0x7f <= ord(c) < 0xa0 for c in message), repr(message)
    assert not any(s in message for s in SECRETS), message
    return message


def timed(call, kind=QueryTimeout) -> tuple[str, float]:
    start = time.monotonic()
    message = error_line(call, kind)
    return message, time.monotonic() - start
