"""One HTTP exchange with an endpoint: the URL checked, credentials added, a deadline for
the whole of it, the answer's size capped, and no redirect followed.

:func:`check_url` accepts only an ``http(s)`` URL without credentials, spaces or control
characters; :func:`shown_url` is the URL as a message may show it; :func:`max_body_bytes` the
cap on an answer; :func:`exchange` one request and its answer's body.

Credentials come from ``KG_ENDPOINT_USER`` and ``KG_ENDPOINT_PASSWORD`` or from ``~/.netrc``,
never from the command line, and no message ever shows them.

Every exchange is one request on one connection made with :mod:`http.client`, not urllib:
urllib's default opener follows redirects (resending the Authorization header to wherever
they point, ``ftp://`` included), picks proxies from the environment and has handlers for
other schemes, all behind our back; http.client does none of that, so what is sent, and to
whom, is exactly what this module says. In particular:

* Redirects (any 3xx) are never followed: the answer is an error naming only the target's
  origin (scheme, host, port), so credentials never leave the configured origin.
* Environment proxies (``http_proxy``, ``https_proxy``, ``ALL_PROXY``) are ignored on purpose:
  the endpoint is reached directly, so no proxy sees the credentials or the data. Reach a
  remote endpoint through a tunnel (``ssh -L``) if it sits behind one.
* HTTPS uses :func:`ssl.create_default_context` (certificate and host name checked).
* ``timeout`` (60 s unless given) is a deadline for the whole exchange (connect, TLS, send,
  headers, body): before every send and every read the socket gets only the time left, so a
  server that drips a byte at a time cannot stretch it (name lookup is left to the system
  resolver's own limits).
* The answer's body is capped at 256 MiB, or ``KG_ENDPOINT_MAX_MB`` MiB (a positive number)
  when that is set; a larger Content-Length is refused before reading, a longer body as soon
  as it passes the cap.
* A compressed body (``Content-Encoding`` other than identity) is refused, never decoded.
* Whatever the server wrote that goes into a message (error body, redirect target) is made
  visible and cut by :func:`kg.safe_text.one_line`.
"""

from __future__ import annotations

import base64
import http.client
import io
import math
import netrc
import os
import re
import socket
import ssl
import time
import urllib.parse

from .errors import QueryError, QueryTimeout, StoreError, UsageError
from .safe_text import one_line, shorten

__all__ = ["DEFAULT_HTTP_TIMEOUT", "DEFAULT_MAX_MB", "check_url", "exchange", "max_body_bytes",
           "shown_url"]

DEFAULT_HTTP_TIMEOUT = 60.0
DEFAULT_MAX_MB = 256
_MIB = 1024 * 1024
_CHUNK = 256 * 1024


def shown_url(url: str) -> str:
    """The URL as it may be shown: no credentials, no query string."""
    p = urllib.parse.urlsplit(url)
    host = p.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        if p.port:
            host += f":{p.port}"
    except ValueError:
        pass
    return one_line(urllib.parse.urlunsplit((p.scheme, host, p.path, "", "")), 200)


_NOT_IN_URL = re.compile(r"[\x00-\x20\x7f]")


def check_url(url: str) -> str:
    p = urllib.parse.urlsplit(url)
    try:
        _ = p.port
    except ValueError:
        raise UsageError(f"not a valid port in the endpoint URL: {shorten(url)}") from None
    if p.scheme not in ("http", "https") or not p.hostname:
        raise UsageError(f"not an http(s) endpoint URL: {shown_url(url) or shorten(url)}")
    if _NOT_IN_URL.search(url):
        raise UsageError(f"the endpoint URL holds a space or a control character: "
                         f"{shorten(url)}")
    if p.username or p.password:
        raise UsageError("credentials do not go in the URL (they would stay in your shell "
                         "history): set KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD, or use "
                         "~/.netrc")
    return url


def max_body_bytes() -> int:
    """The cap on an answer's body, from ``KG_ENDPOINT_MAX_MB`` (MiB) or the default."""
    raw = os.environ.get("KG_ENDPOINT_MAX_MB", "").strip()
    if not raw:
        return DEFAULT_MAX_MB * _MIB
    try:
        mib = float(raw)
    except ValueError:
        mib = math.nan
    if not (math.isfinite(mib) and 0 < mib <= 1024 * 1024):
        raise UsageError(f"KG_ENDPOINT_MAX_MB must be a positive number of MiB (at most "
                         f"1048576), not {shorten(raw)}")
    return max(1, int(mib * _MIB))


def _authorization(url: str) -> str | None:
    user, password = os.environ.get("KG_ENDPOINT_USER"), os.environ.get("KG_ENDPOINT_PASSWORD")
    if not user:
        try:
            found = netrc.netrc().authenticators(urllib.parse.urlsplit(url).hostname or "")
        except (FileNotFoundError, netrc.NetrcParseError, OSError):
            found = None
        if found:
            user, _, password = found
    if not user:
        return None
    token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
    return f"Basic {token}"


def _left(deadline: float) -> float:
    """Seconds left before ``deadline``; past it, the exchange has timed out."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("the deadline passed")
    return left


class _Clocked:
    """The connected socket as http.client sees it: every send and every read may take only
    the time left before the deadline. The exchange closes the real socket itself."""

    def __init__(self, sock: socket.socket, deadline: float):
        self.sock, self.deadline = sock, deadline

    def sendall(self, data) -> None:
        self.sock.settimeout(_left(self.deadline))
        self.sock.sendall(data)

    def makefile(self, mode: str = "rb", *args, **kwargs):
        return io.BufferedReader(_ClockedReader(self))

    def close(self) -> None:
        pass


class _ClockedReader(io.RawIOBase):
    def __init__(self, clocked: _Clocked):
        self.clocked = clocked

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        self.clocked.sock.settimeout(_left(self.clocked.deadline))
        return self.clocked.sock.recv_into(buffer)


def _tcp(host: str, port: int, deadline: float) -> socket.socket:
    """A connected socket; each address tried gets only the time left."""
    last: OSError = OSError("the host name has no address")
    for family, kind, proto, _, address in socket.getaddrinfo(host, port,
                                                              type=socket.SOCK_STREAM):
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(_left(deadline))
            sock.connect(address)
            return sock
        except TimeoutError:
            sock.close()
            raise
        except OSError as e:
            sock.close()
            last = e
    raise last


def _connect(url: str, deadline: float, where: str) -> socket.socket:
    """The socket to the endpoint's origin (TLS for https); unreachable is a StoreError."""
    p = urllib.parse.urlsplit(url)
    https = p.scheme == "https"
    try:
        sock = _tcp(p.hostname, p.port or (443 if https else 80), deadline)
    except TimeoutError:
        raise
    except (OSError, UnicodeError) as e:  # UnicodeError: a host name IDNA cannot encode
        text = one_line(getattr(e, "strerror", None) or e, 200)
        raise StoreError(f"cannot reach the endpoint {where}: {text} (is the server "
                         f"running?)") from None
    if not https:
        return sock
    try:
        sock.settimeout(_left(deadline))
        return ssl.create_default_context().wrap_socket(sock, server_hostname=p.hostname)
    except ssl.SSLError as e:
        sock.close()
        reason = getattr(e, "verify_message", None) or e.reason or e
        raise StoreError(f"no trusted TLS connection to the endpoint {where}: "
                         f"{one_line(reason, 200)}") from None
    except BaseException:
        sock.close()
        raise


def _headers(url: str, content_type: str | None, accept: str | None) -> dict:
    headers = {"User-Agent": "csr-kg", "Connection": "close"}
    if content_type:
        headers["Content-Type"] = content_type
    if accept:
        headers["Accept"] = accept
    auth = _authorization(url)
    if auth:
        headers["Authorization"] = auth
    return headers


def _send(sock: socket.socket, url: str, method: str, body: bytes | None, headers: dict,
          deadline: float) -> http.client.HTTPResponse:
    """Send the request on ``sock`` and read the status line and headers."""
    p = urllib.parse.urlsplit(url)
    kind = http.client.HTTPSConnection if p.scheme == "https" else http.client.HTTPConnection
    conn = kind(p.hostname, p.port)
    conn.sock = _Clocked(sock, deadline)  # already connected: http.client never connects
    target = urllib.parse.quote((p.path or "/") + (f"?{p.query}" if p.query else ""),
                                safe="!#$%&'()*+,/:;=?@[]~")  # only what HTTP cannot carry
    conn.request(method, target, body=body, headers=headers)
    return conn.getresponse()


def _origin(location: str | None, base: str) -> str:
    """Where a redirect points, as scheme://host:port only (no path, query or credentials)."""
    if not location:
        return "a place it did not say"
    try:
        p = urllib.parse.urlsplit(urllib.parse.urljoin(base, location.strip()))
        host, port = p.hostname or "", p.port
    except ValueError:
        return "a place that is not a valid URL"
    if ":" in host:
        host = f"[{host}]"
    return one_line(f"{p.scheme}://{host}" + (f":{port}" if port else ""), 200)


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", "replace").strip()
    line = text.splitlines()[0] if text else "no message"
    return one_line(line, 200)


def _detail(response: http.client.HTTPResponse) -> str:
    """The first line of an error body (at most 4 KiB of it is read)."""
    data = b""
    try:
        while len(data) < 4096 and b"\n" not in data:
            chunk = response.read1(4096 - len(data))
            if not chunk:
                break
            data += chunk
    except (OSError, http.client.HTTPException):
        pass
    return _first_line(data)


def _check_status(response: http.client.HTTPResponse, url: str, where: str,
                  option: str) -> None:
    code = response.status
    if 200 <= code < 300:
        return
    if 300 <= code < 400:
        raise StoreError(f"the endpoint {where} answered with a redirect (HTTP {code}) to "
                         f"{_origin(response.getheader('Location'), url)}; give that URL with "
                         f"{option} if you trust it")
    if code in (401, 403):
        raise StoreError(f"the endpoint {where} refused access (HTTP {code}): set "
                         f"KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD, or ~/.netrc")
    if 400 <= code < 500:
        raise QueryError(f"the endpoint {where} rejected the request (HTTP {code}): "
                         f"{_detail(response)}")
    raise StoreError(f"the endpoint {where} failed (HTTP {code}): {_detail(response)}")


def _too_large(limit: int) -> StoreError:
    return StoreError(f"the endpoint's answer is larger than {limit / _MIB:g} MiB (set "
                      f"KG_ENDPOINT_MAX_MB to raise it)")


def _read_body(response: http.client.HTTPResponse, where: str, limit: int) -> bytes:
    """The body, refused if compressed or larger than ``limit`` bytes."""
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding != "identity":
        raise StoreError(f"the endpoint {where} answered with a compressed body "
                         f"(Content-Encoding: {one_line(encoding, 40)}), which kg does not "
                         f"decode")
    if response.length is not None and response.length > limit:
        raise _too_large(limit)
    chunks, total = [], 0
    while chunk := response.read(_CHUNK):
        total += len(chunk)
        if total > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    if response.length:  # the server closed before the Content-Length it announced
        raise http.client.IncompleteRead(b"", response.length)
    return b"".join(chunks)


def exchange(url: str, body: bytes | None, content_type: str | None, accept: str | None,
             method: str, timeout: float, option: str = "--endpoint") -> bytes:
    """One HTTP exchange within ``timeout`` seconds in all; every failure becomes one clear
    project error. ``option`` names where the user gives this URL (for the redirect hint)."""
    where = shown_url(url)
    limit = max_body_bytes()
    headers = _headers(url, content_type, accept)
    timeout = DEFAULT_HTTP_TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + timeout
    try:
        sock = _connect(url, deadline, where)
        try:
            response = _send(sock, url, method, body, headers, deadline)
            _check_status(response, url, where, option)
            return _read_body(response, where, limit)
        finally:
            sock.close()
    except TimeoutError:  # socket.timeout is the same class
        raise QueryTimeout(f"the endpoint {where} did not answer within {timeout:g} s"
                           ) from None
    except (http.client.HTTPException, OSError) as e:
        raise StoreError(f"the endpoint {where} broke off the answer "
                         f"({type(e).__name__})") from None

