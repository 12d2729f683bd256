"""Changing several files as one: all of them or none, and a folder of files as a whole.

- :func:`commit_all` puts several :class:`kg.files.NewFile` in place together: if one fails,
  the ones already in place get their old content back and every new file is dropped.
- :func:`write_folder` writes a folder of files as a whole: a new folder appears complete in
  one rename; in one that exists every file is replaced or none is.
- :func:`check_folder` says beforehand whether a folder may be written; :func:`new_folder`
  makes a fresh one with a random name.

Each file is written by the rules of :mod:`kg.files` (unnamed until committed, a planted link
never followed); any failure to write is one :class:`kg.files.WriteError` line.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path

from .errors import UsageError
from .files import NewFile, errors_as, fresh_name, fsync_dir, umask
from .safe_text import one_line

__all__ = ["check_folder", "commit_all", "new_folder", "write_folder"]


def _backup(path: Path) -> Path | None:
    """A hard link to what is at ``path`` now (a link is linked, not followed), or None.
    A folder there is an error: no file can replace it."""
    try:
        if stat.S_ISDIR(os.lstat(path).st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    except FileNotFoundError:
        return None
    return fresh_name(path, lambda name: os.link(path, name, follow_symlinks=False))


def _restore(path: Path, backup: Path | None) -> None:
    """Put back what :func:`_backup` kept (or nothing, when nothing was there)."""
    with contextlib.suppress(OSError):
        if backup is None:
            os.unlink(path)
        else:
            os.replace(backup, path)


def commit_all(files: list[NewFile], replace: bool = True) -> None:
    """Commit every file or none: if one fails, the ones already in place get their old
    content back (or are removed, where nothing was) and every new file is dropped."""
    backups: dict[int, Path | None] = {}
    done: list[NewFile] = []
    try:
        for f in files:
            f.stage()
        for i, f in enumerate(files):
            with errors_as(f.shown):
                backups[i] = _backup(f.path)
            f.commit(replace)
            done.append(f)
    except BaseException:
        for i in reversed(range(len(done))):
            _restore(files[i].path, backups.pop(i))
        for f in files:
            f.discard()
        raise
    finally:
        for backup in backups.values():
            if backup is not None:
                with contextlib.suppress(OSError):
                    os.unlink(backup)


# ---------------------------------------------------------------- folders of files

def new_folder(parent: Path, prefix: str) -> Path:
    """A fresh folder in ``parent`` with a random name after ``prefix``, mode 0o777 less
    the umask (OS errors as they come)."""
    folder = Path(tempfile.mkdtemp(dir=parent, prefix=prefix))
    os.chmod(folder, 0o777 & ~umask())
    return folder


def check_folder(folder, names, force: bool = False) -> bool:
    """Whether ``folder`` exists (a folder, or a link to one) to write ``names`` into.
    Raises UsageError when it is something else, or when one of the files is there and not
    ``force``."""
    folder = Path(folder)
    if not os.path.isdir(folder):
        if os.path.lexists(folder):
            raise UsageError(f"{one_line(str(folder))} is not a folder")
        return False
    existing = []
    for name in names:
        path = folder / name
        with contextlib.suppress(FileNotFoundError):
            mode = os.lstat(path).st_mode
            if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
                raise UsageError(f"{one_line(str(path))} is not a file kg can replace")
            existing.append(one_line(str(path)))
    if existing and not force:
        raise UsageError(f"{', '.join(existing)} exists; pass --force to replace it")
    return True


def write_folder(folder, files: dict[str, bytes], force: bool = False) -> list[Path]:
    """Write ``files`` ({name: bytes}) into ``folder`` as a whole: a new folder appears
    complete in one rename; in one that exists every file is replaced or none is (files
    there only with ``force``). Returns the paths written."""
    folder = Path(folder)
    if check_folder(folder, files, force):
        _into_folder(folder, files, force)
    else:
        _new_folder(folder, files)
    return [folder / name for name in files]


def _into_folder(folder: Path, files: dict[str, bytes], force: bool) -> None:
    news: list[NewFile] = []
    try:
        for name, data in files.items():
            news.append(NewFile(folder / name, "wb"))
            news[-1].write(data)
        commit_all(news, replace=force)
    finally:
        for new in news:
            new.discard()


def _new_folder(folder: Path, files: dict[str, bytes]) -> None:
    with errors_as(folder):
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = new_folder(folder.parent, f".{folder.name[:200]}.")
    try:
        for name, data in files.items():
            new = NewFile(tmp / name, "wb", shown=folder / name)
            try:
                new.write(data)
                new.commit(replace=False)
            finally:
                new.discard()
        with errors_as(folder):
            fsync_dir(tmp)
            _rename_new(tmp, folder)
            fsync_dir(folder.parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _rename_new(tmp: Path, folder: Path) -> None:
    """Rename ``tmp`` to ``folder``, refusing when something appeared there meanwhile."""
    try:
        os.rename(tmp, folder)
    except OSError as e:
        if e.errno in (errno.EEXIST, errno.ENOTEMPTY, errno.ENOTDIR, errno.EISDIR):
            raise UsageError(f"{one_line(str(folder))} exists; pass --force to replace it"
                             ) from None
        raise
