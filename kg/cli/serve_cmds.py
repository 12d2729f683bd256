"""``kg serve``: the web explorer and the read-only SPARQL endpoint."""

from __future__ import annotations

import ipaddress
import os
import socket
import sys

import click

from .base import Seconds, echo, fail_cleanly, main, max_memory_option, reads_store


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _bind(host: str, port: int) -> socket.socket:
    from ..errors import UsageError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise UsageError(f"--host {host}: {e.strerror}") from None
    family, kind, proto, _, address = infos[0]
    # proto IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that say TCP, and
    # without it a keep-alive client waits 40 ms (delayed ACK) for each answer's body
    sock = socket.socket(family, kind, proto or socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as e:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {e.strerror}") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; anything but loopback exposes the graph.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The port (0: any free port; the URL printed says which).")
@click.option("--open", "open_browser", is_flag=True,
              help="Open the home page in a browser (where there is a screen).")
@click.option("--cors", is_flag=True, help="Send Access-Control-Allow-Origin: * (any web page "
                                           "may then query this server from a browser).")
@click.option("--get", "get_path", metavar="PATH", default=None,
              help="Answer one GET of PATH in process, print the body, exit 0 only on 200.")
@click.option("--timeout", type=Seconds(), default=10.0, show_default=True,
              help="Seconds a query may run, results included; 0 for no limit.")
@click.option("--max-rows", type=click.IntRange(1), default=10_000, show_default=True,
              help="Rows (or triples) per answer; the rest is cut and flagged truncated.")
@click.option("--max-queries", type=click.IntRange(1), default=4, show_default=True,
              help="Queries running at once; more wait up to 5 s, then get 503.")
@max_memory_option
@reads_store
@fail_cleanly
def serve(host, port, open_browser, cors, get_path, timeout, max_rows, max_queries,
          max_memory, store_path, engine, endpoint):
    """Serve the graph: web pages with JSON twins and a read-only SPARQL 1.1 endpoint.

    Listens on 127.0.0.1:8000 by default; /sparql speaks the SPARQL 1.1 Protocol (GET, POST
    form, POST direct; JSON, XML, CSV, TSV; Turtle, N-Triples, JSON-LD), refuses Update,
    SERVICE and remote FROM, and stops each query at --timeout. Every page PATH has a JSON
    twin at PATH.json. Ctrl-C stops.

    \b
    Examples:
      kg serve --open
      kg serve --get /queries/awards.json
      curl -G --data-urlencode 'query=ASK {}' http://127.0.0.1:8000/sparql
    """
    from ..errors import StoreError, UsageError
    from ..paths import default_store
    from ..serve.app import Settings, create_app
    from ..serve.child import Source

    if engine == "rdflib" and not endpoint:
        raise UsageError("kg serve reads the embedded store (--engine oxigraph) or an "
                         "--endpoint; --engine rdflib would reload the graph for each query")
    if not endpoint:
        store = store_path or default_store()
        if not store.exists():
            raise StoreError(f"no store at {store}: run 'kg build' first")
        store_path = store.resolve()
    settings = Settings(Source(str(store_path) if store_path else None, engine, endpoint),
                        timeout=timeout, max_rows=max_rows, max_queries=max_queries,
                        max_memory=max_memory or None, cors=cors)
    if get_path is not None:
        _get(create_app(settings), get_path)
        return
    _run(create_app(settings), host, port, open_browser)


def _get(app, path: str) -> None:
    import anyio

    from ..serve.get import get
    from ..serve.pool import stop_forkserver

    kg = app.state.kg
    try:
        status, _headers, body = anyio.run(get, app, path)
    finally:
        kg.pool.stop()
        stop_forkserver()
    sys.stdout.write(body.decode("utf-8", "replace"))
    if status != 200:
        echo(f"error: GET {path} answered {status}", err=True)
        sys.exit(1)


def _run(app, host: str, port: int, open_browser: bool) -> None:
    import uvicorn

    from ..errors import Interrupted
    from ..serve.pool import start_forkserver, stop_forkserver

    start_forkserver()  # before uvicorn or anyio start any thread
    sock = _bind(host, port)
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    url = f"http://{shown}:{bound_port}/"
    echo(f"kg serve: {url} (SPARQL endpoint: {url}sparql; Ctrl-C stops)")
    if not _loopback(host):
        echo(f"warning: listening on {host}, not loopback: anyone who can reach this "
             f"machine can read the graph and use its CPU", err=True)
    sys.stdout.flush()
    # only a graphical browser (as kg view): a console one would take over the terminal
    if open_browser and (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                         or sys.platform == "darwin"):
        import threading
        import webbrowser

        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                            timeout_graceful_shutdown=3)
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    except (KeyboardInterrupt, Interrupted):
        pass
    finally:
        app.state.kg.pool.stop()
        stop_forkserver()
        sock.close()
    echo("kg serve: stopped")
