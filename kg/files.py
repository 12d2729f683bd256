"""Writing one file so that a reader never sees half of it and a planted link is never followed.

New content goes into an unnamed file in the target's folder (Linux ``O_TMPFILE``; elsewhere
a ``mkstemp`` file with a random name), is flushed to disk and only then linked or renamed into
place, so a killed writer leaves the target as it was and, with ``O_TMPFILE``, no temp file.

- :func:`open_output` writes where a user said (``-o PATH``) by the one rule of
  :func:`check_output`: a new or replaced file atomically, a device or FIFO in place, a link
  to our own stdout through ``sys.stdout``; never a folder, block device or socket.
- :func:`atomic_open` / :func:`atomic_write`: the same with replacing allowed.
- :class:`NewFile` is the new content of one file until it is committed; :func:`errors_as`,
  :func:`fresh_name` and :func:`fsync_dir` are the steps :mod:`kg.file_sets` shares.

Several files changed together, all or none (:func:`commit_all`), and a folder written as a
whole (:func:`write_folder`, :func:`check_folder`, :func:`new_folder`) live in
:mod:`kg.file_sets`.

Any failure to write is one :class:`WriteError` line, ``cannot write PATH: reason``.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import secrets
import stat
import sys
import tempfile
from pathlib import Path

from .errors import KgError, UsageError
from .safe_text import one_line

__all__ = ["NewFile", "WriteError", "atomic_open", "atomic_write", "check_output",
           "open_output", "reason", "umask"]

# unnamed temp files where the OS has them (a test turns this off to try the fallback)
USE_O_TMPFILE = hasattr(os, "O_TMPFILE") and os.path.isdir("/proc/self/fd")
_NO_TMPFILE = {errno.EOPNOTSUPP, errno.ENOTSUP, errno.EISDIR, errno.EINVAL}
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.ENOSYS}
_WRITE_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT,
                 errno.EIO, errno.EFBIG}
_TEXT = {"encoding": "utf-8", "newline": ""}


class WriteError(KgError):
    """A file could not be written: ``cannot write PATH: reason``."""

    def __init__(self, path, why: str):
        self.path, self.reason = path, why
        super().__init__(f"cannot write {one_line(str(path))}: {why}")


def reason(e: BaseException) -> str:
    """The strerror of an OS error, also when a library wrapped it in its own text."""
    if isinstance(e, OSError) and e.strerror:
        return e.strerror
    text = str(e)
    for code in sorted(_WRITE_ERRNOS):
        if os.strerror(code) in text:
            return os.strerror(code)
    return one_line(text, 200)


@contextlib.contextmanager
def errors_as(path):
    """OS errors of our own file operations on ``path`` as one WriteError."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as e:
        raise WriteError(path, reason(e)) from e


def _write_failure(e: OSError) -> bool:
    """Whether an error raised while the caller wrote is the output failing (a full disk),
    not something else the caller did (reading another file)."""
    return (not isinstance(e, BrokenPipeError) and e.filename is None
            and e.errno in _WRITE_ERRNOS)


def umask() -> int:
    """The process's umask, read without changing it where Linux allows."""
    with contextlib.suppress(OSError, ValueError), \
            open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _hidden(path: Path) -> Path:
    """A random hidden name beside ``path``: ``.NAME.<16 hex>``."""
    return path.with_name(f".{path.name[:200]}.{secrets.token_hex(8)}")


def fresh_name(path: Path, make) -> Path:
    """``make(name)`` at a fresh random name beside ``path`` (retried when taken)."""
    for _ in range(100):
        name = _hidden(path)
        try:
            make(name)
            return name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path.parent))


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where the file system can)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as e:
        if e.errno == errno.EACCES:
            return
        raise
    try:
        os.fsync(fd)
    except OSError as e:
        if e.errno not in (errno.EINVAL, errno.EOPNOTSUPP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def _take_mode(fd: int, path: Path) -> None:
    """The mode (and, as root, the owner) of the regular file at ``path``; for anything else
    0o666 less the umask, as a shell redirect would create it."""
    try:
        st = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        st = None
    if st is not None and stat.S_ISREG(st.st_mode):
        if os.geteuid() == 0:
            os.fchown(fd, st.st_uid, st.st_gid)
        os.fchmod(fd, stat.S_IMODE(st.st_mode))
    else:
        os.fchmod(fd, 0o666 & ~umask())


def _link_unnamed(fd: int, dest: Path) -> None:
    """Give the unnamed file ``fd`` the name ``dest`` (never following a link there). The
    folder's fd makes Python call linkat with AT_SYMLINK_FOLLOW, not link, which would link
    /proc's magic link itself."""
    flags = getattr(os, "O_PATH", os.O_RDONLY) | os.O_DIRECTORY | os.O_CLOEXEC
    folder = os.open(dest.parent, flags)
    try:
        os.link(f"/proc/self/fd/{fd}", dest.name, dst_dir_fd=folder, follow_symlinks=True)
    finally:
        os.close(folder)


def _create(path: Path) -> tuple[int, Path | None]:
    """(fd, None) for an unnamed file in ``path``'s folder, else (fd, its random temp name)."""
    if USE_O_TMPFILE:
        try:
            flags = os.O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC
            return os.open(path.parent, flags, 0o666), None
        except OSError as e:
            if e.errno not in _NO_TMPFILE:
                raise
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:200]}.")
    return fd, Path(name)


class NewFile:
    """The new content of ``path``, unnamed (or under a random hidden name) until
    :meth:`commit`. Write to ``.file``; :meth:`discard` drops it. ``shown`` is the name
    used in error messages (default ``path``)."""

    def __init__(self, path, mode: str = "wb", shown=None):
        self.path, self.shown = Path(path), shown or path
        self.tmp: Path | None = None
        self._fd: int | None = None
        self._state = "writing"  # then "done" (flushed to disk) or "failed"
        with errors_as(self.shown):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd, self.tmp = _create(self.path)
        self.file = os.fdopen(self._fd, mode, closefd=False, **({} if "b" in mode else _TEXT))

    def write(self, data) -> None:
        try:
            with errors_as(self.shown):
                self.file.write(data)
        except BaseException:
            self._state = "failed"
            raise

    def finish(self) -> None:
        """Flush the content to disk; a file whose writing failed is never committed."""
        if self._state == "failed":
            raise WriteError(self.shown, "an earlier write to it failed")
        if self._state == "writing":
            self._state = "failed"
            with errors_as(self.shown):
                self.file.close()
                os.fsync(self._fd)
            self._state = "done"

    def stage(self) -> Path:
        """Name the finished content (a random hidden name beside the target), with the
        target's mode; returns that name."""
        self.finish()
        with errors_as(self.shown):
            _take_mode(self._fd, self.path)
            if self.tmp is None:
                fd = self._fd
                self.tmp = fresh_name(self.path, lambda name: _link_unnamed(fd, name))
        return self.tmp

    def commit(self, replace: bool = True) -> None:
        """Put the file in place: linked in where nothing is, else renamed over what is there
        (a file or a link, never followed) when ``replace``, else a UsageError."""
        self.finish()
        with errors_as(self.shown):
            _take_mode(self._fd, self.path)
            if not self._link_new(replace):
                os.replace(self.stage(), self.path)
                self.tmp = None
            self._close()
            fsync_dir(self.path.parent)

    def _link_new(self, replace: bool) -> bool:
        """Link the content in at ``path`` if nothing is there; False when something is and
        ``replace`` allows renaming over it."""
        if replace and os.path.lexists(self.path):
            return False
        named = self.tmp is not None
        try:
            if named:
                os.link(self.tmp, self.path, follow_symlinks=False)
            else:
                _link_unnamed(self._fd, self.path)
        except FileExistsError:
            if replace:
                return False
            raise UsageError(f"{one_line(str(self.shown))} exists; pass --force to replace it"
                             ) from None
        except OSError as e:  # no hard links here: a rename where nothing is
            if not named or e.errno not in _NO_HARD_LINKS:
                raise
            if os.path.lexists(self.path) and not replace:
                raise UsageError(f"{one_line(str(self.shown))} exists; pass --force to "
                                 f"replace it") from None
            os.replace(self.tmp, self.path)
        else:
            if named:
                os.unlink(self.tmp)
        self.tmp = None
        return True

    def discard(self) -> None:
        """Drop the new content; the target stays as it was. Safe to call twice."""
        with contextlib.suppress(OSError, ValueError):
            self.file.close()
        if self.tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.tmp)
            self.tmp = None
        self._close()

    def _close(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None


# ---------------------------------------------------------------- where a user said

def _same_as_fd(st: os.stat_result, fd: int) -> bool:
    try:
        own = os.fstat(fd)
    except OSError:
        return False
    return (own.st_dev, own.st_ino) == (st.st_dev, st.st_ino)


def _is_device(mode: int) -> bool:
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def _link_kind(path) -> str | None:
    """``stdout``, ``stderr`` or ``device`` where the link ends at one of those, else None."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    if _same_as_fd(st, 1):
        return "stdout"
    if _same_as_fd(st, 2):
        return "stderr"
    return "device" if _is_device(st.st_mode) else None


def check_output(path, force: bool = False) -> str:
    """What writing to ``path`` means: ``new``; ``replace`` (only with ``force``; a link is
    replaced, never followed); ``device`` (a character device or FIFO, or a link to one,
    written in place); ``stdout`` / ``stderr`` (a link to our own stream, like /dev/stdout).
    Raises UsageError for a folder, a block device, a socket, or something there without
    ``force``."""
    name = one_line(str(path))
    try:
        st = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return "new"
    except OSError as e:
        raise WriteError(path, reason(e)) from e
    if stat.S_ISLNK(st.st_mode):
        kind = _link_kind(path)
        if kind:
            return kind
    elif _is_device(st.st_mode):
        return "device"
    elif stat.S_ISDIR(st.st_mode):
        raise UsageError(f"{name} is a folder; give a file name")
    elif stat.S_ISBLK(st.st_mode):
        raise UsageError(f"{name} is a block device; kg does not write to it")
    elif not stat.S_ISREG(st.st_mode):
        raise UsageError(f"{name} is a socket or other special file; kg does not write to it")
    if not force:
        raise UsageError(f"{name} exists; pass --force to replace it")
    return "replace"


@contextlib.contextmanager
def _stream(kind: str, mode: str):
    """Our own stdout or stderr, flushed in order with what was printed before."""
    stream = sys.stdout if kind == "stdout" else sys.stderr
    stream.flush()
    buffer = getattr(stream, "buffer", None)
    if "b" in mode:
        yield buffer
        buffer.flush()
    elif buffer is None:
        yield stream
        stream.flush()
    else:
        text = io.TextIOWrapper(buffer, **_TEXT, write_through=True)
        try:
            yield text
            text.flush()
        finally:
            text.detach()
            buffer.flush()


@contextlib.contextmanager
def _in_place(path: Path, mode: str):
    """A character device or FIFO opened for writing (no truncation, no rename); a FIFO
    waits for its reader, as a shell redirect does."""
    follow = os.path.islink(path)
    flags = os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC | (0 if follow else os.O_NOFOLLOW)
    with errors_as(path):
        fd = os.open(path, flags)
    f = os.fdopen(fd, mode, **({} if "b" in mode else _TEXT))
    try:
        if not _is_device(os.fstat(fd).st_mode):
            raise WriteError(path, "it changed into a regular file while kg opened it")
        yield f
        with errors_as(path):
            f.close()
    finally:
        with contextlib.suppress(OSError):
            f.close()


@contextlib.contextmanager
def _atomic(path: Path, mode: str, replace: bool):
    new = NewFile(path, mode)
    try:
        yield new.file
        new.commit(replace)
    except BaseException:
        new.discard()
        raise


@contextlib.contextmanager
def open_output(path, force: bool = False, mode: str = "w"):
    """``with open_output(path, force) as f: f.write(...)``: write ``path`` by the rule of
    :func:`check_output` (text is UTF-8). A file is written whole or not at all; a failure
    to write is one WriteError, with the target as it was and no temp file left."""
    path = Path(path)
    kind = check_output(path, force)
    if kind in ("stdout", "stderr"):
        opened = _stream(kind, mode)
    elif kind == "device":
        opened = _in_place(path, mode)
    else:
        opened = _atomic(path, mode, replace=force)
    try:
        with opened as f:
            yield f
    except OSError as e:
        if _write_failure(e):
            raise WriteError(path, reason(e)) from e
        raise


def atomic_open(path, mode: str = "w"):
    """``with atomic_open(path) as f: f.write(...)``: :func:`open_output` with replacing
    allowed."""
    return open_output(path, force=True, mode=mode)


def atomic_write(path, data: bytes) -> None:
    """Write ``data`` to ``path`` with :func:`atomic_open`."""
    with atomic_open(path, "wb") as f:
        f.write(data)

