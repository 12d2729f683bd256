"""The ``kg`` group and what every command shares: one ``error:`` line per failure, the
options that open the store, output files, and a process that is safe to stop.

Errors a user can fix become one line on stderr and the error's exit code (1 for a failed
build, check or write, 2 for a bad query, name, parameter or option, 3 for a query stopped by
its time or memory limit); a signal ends the command cleanly with 128 + its number; a reader
that goes away (``| head``) ends it quietly with 141, as for any Unix tool.
"""

from __future__ import annotations

import contextlib
import functools
import io
import math
import os
import signal
import sys
import threading
from pathlib import Path

import click

from ..errors import BuildError, Interrupted, KgError
from ..paths import ONTOLOGY_DIR
from ..safe_text import one_line

__all__ = ["main", "fail_cleanly", "reads_store", "lang_option", "text_or_json_option",
           "ontology_option", "store_option", "open_graph", "output", "echo", "Seconds",
           "timeout_option", "max_memory_option", "read_query_file", "complete_query_names",
           "complete_entity_types"]

_STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def _stdout_gone(code: int) -> None:
    """Point stdout at /dev/null so that the interpreter's last flush stays quiet."""
    with contextlib.suppress(OSError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    sys.exit(code)


def fail_cleanly(fn):
    """Turn project errors, signals and output failures into one line and an exit code,
    never a traceback; flush stdout inside, so a full disk is reported, not lost."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            result = fn(*args, **kwargs)
            sys.stdout.flush()
            return result
        except BuildError as e:
            for line in e.problems:
                click.echo(f"error: {one_line(line, 1000)}", err=True)
            click.echo(f"kg: {len(e.problems)} problem(s); nothing was written", err=True)
            sys.exit(1)
        except KgError as e:
            click.echo(f"error: {one_line(str(e), 2000)}", err=True)
            sys.exit(e.exit_code)
        except BrokenPipeError:
            _stdout_gone(141)  # the reader went away: quiet, like any Unix tool
        except Interrupted as e:
            click.echo(f"error: stopped by {signal.Signals(e.signum).name}", err=True)
            _stdout_gone(128 + e.signum)
        except KeyboardInterrupt:
            click.echo("error: interrupted", err=True)
            _stdout_gone(130)
        except OSError as e:  # writing to stdout: /dev/full, a closed or broken stream
            where = e.filename or "standard output"
            click.echo(f"error: cannot write to {one_line(str(where), 200)}: "
                       f"{e.strerror or e}", err=True)
            _stdout_gone(1)

    return wrapper


def _raise_interrupted(signum, _frame):
    raise Interrupted(signum)


def _sane_streams() -> None:
    """Before anything opens a file: a closed stdin, stdout or stderr gets /dev/null on its
    descriptor (else the next file opened would take descriptor 1 and receive our output);
    a closed stdout is an error. Text that a terminal's encoding cannot show is escaped;
    output into pipes and files is always UTF-8."""
    closed = [fd for fd in (0, 1, 2) if not _is_open(fd)]
    for fd in closed:
        devnull = os.open(os.devnull, os.O_RDWR)
        if devnull != fd:
            os.dup2(devnull, fd)
            os.close(devnull)
    if 0 in closed:
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 - lives on
    if 2 in closed:
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    if 1 in closed:
        if 2 not in closed:
            os.write(2, b"error: standard output is closed; nothing was done\n")
        os._exit(1)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            if stream.isatty():
                stream.reconfigure(errors="backslashreplace")
            else:
                stream.reconfigure(encoding="utf-8", errors="backslashreplace")
    if sys.stdout.isatty():
        sys.stdout = _Visible(sys.stdout)


class _Visible(io.TextIOBase):
    """A terminal's stdout that shows control characters as ``\\xNN`` instead of obeying
    them: whatever a label or an endpoint's answer holds, the terminal is not driven by it."""

    def __init__(self, inner):
        self._inner = inner

    def write(self, text: str) -> int:
        from ..safe_text import visible

        self._inner.write(visible(text.replace("\r\n", "\n")))
        return len(text)

    def flush(self) -> None:
        self._inner.flush()

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._inner.fileno()

    @property
    def encoding(self):
        return self._inner.encoding

    @property
    def buffer(self):
        return _VisibleBytes(self)


class _VisibleBytes:
    """The binary side of :class:`_Visible` (an export to ``-o -`` on a terminal)."""

    def __init__(self, text):
        self._text = text

    def write(self, data: bytes) -> int:
        self._text.write(bytes(data).decode("utf-8", "replace"))
        return len(data)

    def flush(self) -> None:
        self._text.flush()


def _is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


# click 8.2+ raises this for a group run without a command; 8.1 printed the help itself
_NO_ARGS = getattr(click.exceptions, "NoArgsIsHelpError", ())


class _Group(click.Group):
    """Usage errors (a bad option, a wrong choice) as one ``error:`` line and exit 2, like
    every other error of ours; SIGTERM and SIGHUP stop a command through its ``finally``
    blocks (temporary files removed, the query's child process killed)."""

    def main(self, args=None, prog_name=None, **extra):
        own = threading.current_thread() is threading.main_thread()
        previous = {}
        if own:
            for sig in _STOP_SIGNALS:
                previous[sig] = signal.signal(sig, _raise_interrupted)
        try:
            return super().main(args, prog_name, standalone_mode=False, **extra)
        except _NO_ARGS as e:  # bare 'kg' (or 'kg analyze'): the help, on stdout, exit 0
            click.echo(e.ctx.get_help())
            sys.exit(0)
        except click.UsageError as e:
            command = e.ctx.command_path if e.ctx else "kg"
            click.echo(f"error: {one_line(e.format_message(), 500)} (see '{command} --help')",
                       err=True)
            sys.exit(2)
        except click.ClickException as e:
            click.echo(f"error: {one_line(e.format_message(), 500)}", err=True)
            sys.exit(e.exit_code)
        except click.Abort:
            click.echo("aborted", err=True)
            sys.exit(1)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="csr-kg")
def main():
    """csr-kg: a sourced, bilingual knowledge graph of Tencent's CSR Report 2019.

    \b
    Example:
      kg build && kg stats
    """


def run() -> None:
    """The console script: streams made sane, then the group."""
    _sane_streams()
    main()


def echo(text: str = "", err: bool = False) -> None:
    """``click.echo`` with control characters made visible (labels and answers are data)."""
    from ..safe_text import visible

    click.echo(visible(text), err=err)


store_option = click.option(
    "--store", "store_path", type=click.Path(path_type=Path), default=None,
    help="The embedded store folder (default: $KG_STORE, or build/store; installed, in the "
         "user's data folder: see 'kg info'); with --engine rdflib, a TriG file or a folder "
         "of them (default: build/).")
engine_option = click.option(
    "--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph",
    help="oxigraph: the embedded store (default); rdflib: the TriG dump in memory.")
endpoint_option = click.option(
    "--endpoint", envvar="KG_ENDPOINT", metavar="URL", default=None,
    help="Ask this SPARQL 1.1 endpoint instead ($KG_ENDPOINT); it must show the union of its "
         "named graphs as the default graph. Credentials: $KG_ENDPOINT_USER and "
         "$KG_ENDPOINT_PASSWORD, or ~/.netrc.")
text_or_json_option = click.option(
    "-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
    show_default=True)
lang_option = click.option(
    "--lang", type=click.Choice(["zh", "en"]), default=None,
    help="Label language (default zh).")
ontology_option = click.option(
    "--ontology", "ontology_dir", type=click.Path(path_type=Path, file_okay=False),
    default=ONTOLOGY_DIR, show_default=False,
    help="The ontology folder (default: ontology/, or the installed copy).")


def reads_store(fn):
    """--store, --engine and --endpoint, for every command that reads the graph."""
    return store_option(engine_option(endpoint_option(fn)))


class Seconds(click.ParamType):
    """A number of seconds: finite and not negative (0: no limit)."""

    name = "seconds"

    def convert(self, value, param, ctx):
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"{one_line(repr(value), 40)} is not a number of seconds", param, ctx)
        if not math.isfinite(number) or number < 0:
            self.fail(f"{value} is not a number of seconds (0 or more; 0 for no limit)",
                      param, ctx)
        return number


timeout_option = click.option(
    "--timeout", type=Seconds(), default=30.0, show_default=True,
    help="Seconds before the work is stopped; 0 for no limit.")
max_memory_option = click.option(
    "--max-memory", type=Seconds(), default=2048, show_default=True, metavar="MB",
    help="Megabytes of memory the query may use before it is stopped; 0 for no limit.")


def open_graph(store_path, engine="oxigraph", endpoint=None):
    from ..store import open_store

    return open_store(store_path, engine, endpoint)


@contextlib.contextmanager
def output(path: Path | None, force: bool = False):
    """stdout, or the file ``path`` written whole or not at all (see kg.files.open_output)."""
    if path is None or str(path) == "-":
        yield sys.stdout
        return
    from ..files import open_output

    with open_output(Path(path), force=force) as f:
        yield f


def read_query_file(source: Path) -> str:
    """A query file's text (``-``: stdin): UTF-8, a leading byte-order mark dropped."""
    from ..errors import UsageError

    where = "standard input" if str(source) == "-" else one_line(str(source), 200)
    try:
        data = sys.stdin.buffer.read() if str(source) == "-" else Path(source).read_bytes()
    except OSError as e:
        raise UsageError(f"cannot read {where}: {e.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise UsageError(f"{where} is not UTF-8 text (byte 0x{data[e.start]:02x} at offset "
                         f"{e.start})") from None


def complete_query_names(ctx, param, incomplete: str) -> list[str]:
    """Shell completion (``_KG_COMPLETE``): the canned queries whose name starts so."""
    from ..library import QUERY_DIR

    return sorted(p.stem for p in QUERY_DIR.glob("*.rq") if p.stem.startswith(incomplete))


def complete_entity_types(ctx, param, incomplete: str) -> list[str]:
    """Shell completion: the entity types (``--type``) whose name starts so."""
    from ..entity_types import ENTITY_TYPES

    return [name for name in ENTITY_TYPES if name.startswith(incomplete)]
