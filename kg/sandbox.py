"""No network for a query's child process: the defence behind the parser.

:func:`kg.sparql.check_safe` refuses ``SERVICE`` and remote ``FROM`` on a real parse. If a
parser and an engine ever read a text differently, the process that runs the query must still
be unable to reach the network. :func:`deny_network`, called in the forked child that runs a
user's query on a local engine, stacks what the machine allows:

1. ``netns``: a new, empty network namespace (``unshare(CLONE_NEWNET)``, with a user namespace
   when not root): no interface but a loopback that is down, so no address answers, not even
   127.0.0.1.
2. ``seccomp``: a filter (libseccomp, through ``pyseccomp``) that makes ``socket()`` fail with
   EACCES for every family but AF_UNIX, and ``io_uring_setup`` fail too (it could open
   sockets behind the filter's back). It works without privileges.
3. ``audit``: a Python audit hook that refuses ``socket.connect``, ``socket.getaddrinfo`` and
   ``urllib.Request``, for pure-Python engines (rdflib) where neither of the above exists.

Each layer is one-way: nothing in the child can lift it. The layers in force are returned, so
that tests and ``SECURITY.md`` can say which were active.
"""

from __future__ import annotations

import ctypes
import errno
import os
import socket
import sys

__all__ = ["deny_network", "NETWORK_REFUSED"]

NETWORK_REFUSED = "kg: this process may not use the network"
_CLONE_NEWNET = 0x40000000
_CLONE_NEWUSER = 0x10000000
_AUDIT_EVENTS = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
                 "urllib.Request", "http.client.connect")


def deny_network() -> list[str]:
    """Cut this process off the network, as far as the machine allows; returns the layers in
    force (a subset of ``netns``, ``seccomp``, ``audit``)."""
    layers = []
    if sys.platform.startswith("linux"):
        if _new_network_namespace():
            layers.append("netns")
        if _seccomp():
            layers.append("seccomp")
    sys.addaudithook(_refuse_network)
    layers.append("audit")
    return layers


def _new_network_namespace() -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    flags = _CLONE_NEWNET if os.geteuid() == 0 else _CLONE_NEWUSER | _CLONE_NEWNET
    return libc.unshare(flags) == 0


def _seccomp() -> bool:
    try:
        import pyseccomp as seccomp

        f = seccomp.SyscallFilter(seccomp.ALLOW)
        f.add_rule(seccomp.ERRNO(errno.EACCES), "socket",
                   seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
        for name in ("io_uring_setup", "socketcall"):
            try:
                f.add_rule(seccomp.ERRNO(errno.EACCES), name)
            except (OSError, ValueError, RuntimeError):
                pass  # not a system call on this architecture
        f.load()
    except (ImportError, OSError, ValueError, RuntimeError, AttributeError):
        return False  # no libseccomp here: the other layers stand
    return True


def _refuse_network(event: str, _args) -> None:
    if event in _AUDIT_EVENTS:
        raise PermissionError(NETWORK_REFUSED)
