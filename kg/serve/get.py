"""One request answered by the app in this process, with no port: ``kg serve --get PATH``
(Datasette's ``--get``), for scripts and tests.

>>> split_target("/queries/awards.json?year=2019")
('/queries/awards.json', b'year=2019')
"""

from __future__ import annotations

import urllib.parse

import anyio

__all__ = ["get", "split_target"]


def split_target(target: str) -> tuple[str, bytes]:
    """(path, raw query string) of a request target."""
    parts = urllib.parse.urlsplit(target)
    query = urllib.parse.quote(parts.query, safe="=&+%/:;,@!$'()*?~")  # UTF-8, %-escaped
    return urllib.parse.unquote(parts.path or "/"), query.encode("ascii")


async def get(app, target: str, accept: str = "*/*") -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of ``GET target`` as ``app`` answers it."""
    path, query = split_target(target)
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "GET", "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": query, "root_path": "",
             "headers": [(b"host", b"localhost"), (b"accept", accept.encode("latin-1"))],
             "client": ("127.0.0.1", 0), "server": ("localhost", 80), "state": {}}
    sent = False
    status, headers, body = 500, {}, bytearray()

    async def receive():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await anyio.sleep_forever()  # this client never goes away

    async def send(message):
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
            headers.update({k.decode("latin-1"): v.decode("latin-1")
                            for k, v in message.get("headers", [])})
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))

    await app(scope, receive, send)
    return status, headers, bytes(body)
