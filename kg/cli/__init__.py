"""The ``kg`` command: a thin layer over the library, one module per group of commands.
Each command parses its options, calls one library function and prints. Heavy modules are
imported inside the commands that need them, so that ``kg --help`` stays instant."""

from . import analyze_cmds, build_cmds, entity_cmds, graph_cmds, info_cmds, query_cmds, serve_cmds  # noqa: F401 - they register
from .base import main, run

__all__ = ["main", "run"]
