"""The ``kg serve`` web app: one route table, the limits, the headers every answer carries.

Routes: ``/sparql`` (:mod:`kg.serve.sparql_protocol`), the pages and their JSON twins
(:mod:`kg.serve.pages`), ``/static/…``. Every answer carries a strict Content-Security-Policy,
``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: no-referrer``; with ``cors``,
``Access-Control-Allow-Origin: *`` (and preflight requests are answered).
"""

from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass, field
from pathlib import Path

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .child import Job, Source
from .editor import editor_routes
from .errors import HttpError, error_response
from .graph_pages import graph_routes
from .pages import CSP, PAGES, TEMPLATES, page_routes
from .pool import QueryPool
from .sparql_protocol import sparql_endpoint

__all__ = [
    "DEFAULT_MAX_BODY",
    "DEFAULT_MAX_QUERIES",
    "DEFAULT_MAX_ROWS",
    "DEFAULT_TIMEOUT",
    "KgServer",
    "Settings",
    "create_app",
]

STATIC = Path(__file__).resolve().parent / "static"
DEFAULT_TIMEOUT = 10.0          # seconds per query, results included
DEFAULT_MAX_ROWS = 10_000       # rows (or triples) per answer; more: truncated
DEFAULT_MAX_QUERIES = 4         # queries running at once (each is a process)
DEFAULT_MAX_WAITING = 32        # requests that may wait for a slot ...
DEFAULT_QUEUE_WAIT = 5.0        # ... this many seconds, then 503
DEFAULT_MAX_BODY = 1_000_000    # bytes of request body (or query string)


@dataclass(frozen=True)
class Settings:
    source: Source = field(default_factory=Source)
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    max_queries: int = DEFAULT_MAX_QUERIES
    max_waiting: int = DEFAULT_MAX_WAITING
    queue_wait: float = DEFAULT_QUEUE_WAIT
    max_body: int = DEFAULT_MAX_BODY
    max_memory: float | None = 2048
    cors: bool = False


class KgServer:
    """What the routes share (``request.app.state.kg``): settings, the query pool, the
    templates, and the answers that never change while the store is open (the home page's
    counts, the graph names)."""

    def __init__(self, settings: Settings):
        import jinja2

        self.settings = settings
        self.pool = QueryPool(settings.source, settings.timeout or None, settings.max_rows,
                              settings.max_queries, settings.max_waiting, settings.queue_wait,
                              settings.max_memory or None)
        self.templates = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                                            autoescape=True, undefined=jinja2.StrictUndefined)
        self._cache: dict[str, object] = {}

    def render(self, template: str, data: dict) -> str:
        return self.templates.get_template(template).render(data=data)

    async def in_thread(self, fn, *args, **kwargs):
        """CPU work on plain Python objects (serializing) off the event loop."""
        return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs))

    async def _once(self, key: str, job: Job):
        if key not in self._cache:
            answer = await self.pool.run(job)
            self._cache[key] = answer.items[0]
        return self._cache[key]

    async def index_data(self) -> dict:
        return await self._once("index", Job("index"))

    async def graphs(self) -> list[str]:
        return await self._once("graphs", Job("graphs"))


class _Headers:
    """ASGI middleware: the security headers, CORS, and preflight answers."""

    def __init__(self, app, cors: bool):
        self.app, self.cors = app, cors

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if self.cors and scope["method"] == "OPTIONS":
            response = Response(status_code=204, headers={
                "Access-Control-Allow-Origin": "*",
                "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                "Access-Control-Allow-Headers": "Accept, Content-Type",
                "Access-Control-Max-Age": "600"})
            return await response(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                # a page that needs more (the editor: connect-src, two style hashes) sets its
                # own policy; two policies would both apply, and the stricter would win
                if not any(k.lower() == b"content-security-policy" for k, _ in headers):
                    headers.append((b"content-security-policy", CSP.encode()))
                headers += [(b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer")]
                if self.cors:
                    headers.append((b"access-control-allow-origin", b"*"))
                    headers.append((b"access-control-expose-headers",
                                    b"KG-Truncated, KG-Row-Cap, Link"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


async def _not_found(request: Request, exc) -> Response:
    status = getattr(exc, "status_code", 404)
    message = "no such page" if status == 404 else "method not allowed" if status == 405 \
        else f"HTTP {status}"
    accept = request.headers.get("accept", "")
    return error_response(HttpError(status, f"{message}: {request.url.path}"),
                          json_client="json" in accept.lower()
                          or request.url.path.endswith(".json"))


def create_app(settings: Settings | None = None) -> Starlette:
    """The ASGI app. Its query pool starts on first use (or at startup under a server)."""
    settings = settings or Settings()
    server = KgServer(settings)

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        server.pool.start()
        try:
            yield
        finally:
            server.pool.stop()

    routes = [Route("/sparql", sparql_endpoint, methods=["GET", "POST"]),
              *page_routes(PAGES),
              *editor_routes(),
              *graph_routes(),
              Mount("/static", StaticFiles(directory=str(STATIC)), name="static")]
    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={404: _not_found, 405: _not_found})
    app.state.kg = server
    app.add_middleware(_Headers, cors=settings.cors)
    return app
