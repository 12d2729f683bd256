"""The file-writing promises under attack, each test named after the bug it proves fixed: a
planted link is never followed, a killed writer leaves nothing behind, devices, FIFOs and
/dev/stdout are written in place and never replaced, and a full or read-only disk leaves the
target as it was (folders of files and builds: test_build_safety.py).

Real links, devices (os.mknod), FIFOs, tmpfs mounts and processes; the mounts need root with
CAP_SYS_ADMIN and are skipped, with the reason, elsewhere."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from file_writes import ENV, KG, ROOT, entries, kg, mini_store_fixture, small_fs_fixture  # noqa: F401 (fixtures)

from kg import files
from kg.errors import UsageError
from kg.export import export
from kg.file_sets import write_folder
from kg.files import WriteError, open_output
from kg.select import SelectionSpec, select
from kg.store import OxigraphStore

NEEDS_ROOT = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (mknod, chown, mount)")


def python(code: str, *args, **kw) -> subprocess.CompletedProcess:
    if "stdout" not in kw:
        kw.setdefault("capture_output", True)
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], check=False, env=ENV,
                          cwd=ROOT, timeout=60, **kw)


def write(path, data="new\n", force=False, mode="w") -> None:
    with open_output(path, force, mode) as f:
        f.write(data)


@pytest.fixture(params=["unnamed", "mkstemp"])
def temp_kind(request, monkeypatch):
    """Both ways of making the temp file: O_TMPFILE and the mkstemp fallback."""
    monkeypatch.setattr(files, "USE_O_TMPFILE", request.param == "unnamed")
    return request.param


# ---------------------------------------------------------------- planted links, killed writers

def test_temp_file_symlink_victim_untouched(tmp_path, temp_kind):
    victim = tmp_path / "victim"
    victim.write_text("victim\n")
    out = tmp_path / "out" / "out.ttl"
    out.parent.mkdir()
    # every name the old writer used, for this process and its neighbours
    planted = [out.with_name(f".out.ttl.tmp-{pid}") for pid in range(os.getpid() - 5,
                                                                      os.getpid() + 6)]
    planted += [out.with_name(f".out.ttl.{n}") for n in ("tmp", "new", "link", "0")]
    for link in planted:
        link.symlink_to(victim)
    write(out, "new\n")
    out.write_text("old\n")
    write(out, "newer\n", force=True)
    assert victim.read_text() == "victim\n"
    assert out.read_text() == "newer\n" and not out.is_symlink()
    assert all(link.is_symlink() and os.readlink(link) == str(victim) for link in planted)
    assert entries(out.parent) == sorted([out.name] + [p.name for p in planted])


def test_guessed_random_temp_name_is_not_followed(tmp_path, monkeypatch):
    """Even a correctly guessed random name is never written through: linking in refuses
    a name that exists and tries another."""
    victim = tmp_path / "victim"
    victim.write_text("victim\n")
    out = tmp_path / "out.ttl"
    out.write_text("old\n")
    names = iter(["guessed", "guessed", "fresh"])
    monkeypatch.setattr(files.secrets, "token_hex", lambda n: next(names))
    (tmp_path / ".out.ttl.guessed").symlink_to(victim)
    write(out, "new\n", force=True)
    assert victim.read_text() == "victim\n" and out.read_text() == "new\n"
    assert entries(tmp_path) == [".out.ttl.guessed", "out.ttl", "victim"]


def test_symlink_at_target_is_replaced_not_followed(tmp_path, temp_kind):
    victim = tmp_path / "victim"
    victim.write_text("victim\n")
    out = tmp_path / "out.ttl"
    out.symlink_to(victim)
    with pytest.raises(UsageError, match="out.ttl exists; pass --force"):
        write(out)
    assert out.is_symlink()
    write(out, "new\n", force=True)
    assert victim.read_text() == "victim\n"
    assert not out.is_symlink() and out.read_text() == "new\n"
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "missing")
    with pytest.raises(UsageError, match="exists; pass --force"):
        write(dangling)
    write(dangling, "new\n", force=True)
    assert not (tmp_path / "missing").exists() and dangling.read_text() == "new\n"


def test_export_temp_name_planted_by_pid_leaves_victim_untouched(mini_store, tmp_path):
    # the report: ln -s /tmp/victim /tmp/.out.ttl.tmp-$$; exec kg export ... -o /tmp/out.ttl
    victim = tmp_path / "victim"
    victim.write_text("victim\n")
    script = 'ln -s "$1" "$2/.out.ttl.tmp-$$" && exec "$3" export -f ttl -o "$2/out.ttl" ' \
             '--store "$4" "$5"'
    args = ["sh", "-c", script, "sh", victim, tmp_path, KG, mini_store]
    r = subprocess.run([*map(str, args), "--force"], check=False, capture_output=True,
                       text=True, env=ENV)
    assert r.returncode == 0, r.stderr
    assert victim.read_text() == "victim\n"
    assert "@prefix" in (tmp_path / "out.ttl").read_text(encoding="utf-8")
    (tmp_path / "out.ttl").unlink()
    (tmp_path / "out.ttl").symlink_to(victim)
    r = kg("export", "-f", "ttl", "-o", tmp_path / "out.ttl", "--store", mini_store)
    assert r.returncode == 2 and "exists; pass --force" in r.stderr
    r = kg("export", "-f", "ttl", "-o", tmp_path / "out.ttl", "--store", mini_store, "--force")
    assert r.returncode == 0 and victim.read_text() == "victim\n"
    assert not (tmp_path / "out.ttl").is_symlink()


KILLED = """
import os, sys
from kg import files
with files.atomic_open(sys.argv[1], "wb") as f:
    f.write(b"x" * 1_000_000)
    f.flush()
    os.kill(os.getpid(), 9)
"""


def test_sigkill_mid_write_leaves_no_temp_file(tmp_path):
    if not files.USE_O_TMPFILE:
        pytest.skip("no O_TMPFILE here: a killed writer leaves its mkstemp file")
    out = tmp_path / "out.ttl"
    out.write_text("old\n")
    r = python(KILLED, out)
    assert r.returncode == -9, r.stderr
    assert entries(tmp_path) == ["out.ttl"] and out.read_text() == "old\n"
    out.unlink()
    assert python(KILLED, out).returncode == -9
    assert entries(tmp_path) == []


# ---------------------------------------------------------------- modes and owners

@NEEDS_ROOT
def test_existing_target_mode_and_owner_kept(tmp_path, temp_kind):
    out = tmp_path / "out.ttl"
    out.write_text("old\n")
    out.chmod(0o640)
    os.chown(out, 1234, 2345)
    before = out.stat().st_ino
    write(out, "new\n", force=True)
    st = out.stat()
    assert (stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid) == (0o640, 1234, 2345)
    assert st.st_ino != before and out.read_text() == "new\n"


@pytest.mark.parametrize("mask", [0o022, 0o027])
def test_new_file_mode_is_shell_like_not_0600(tmp_path, temp_kind, mask):
    old = os.umask(mask)
    try:
        write(tmp_path / "out.ttl")
        write_folder(tmp_path / "neo4j", {"nodes.csv": b"n", "relationships.csv": b"r"})
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.ttl").stat().st_mode) == 0o666 & ~mask
    assert stat.S_IMODE((tmp_path / "neo4j").stat().st_mode) == 0o777 & ~mask
    assert stat.S_IMODE((tmp_path / "neo4j" / "nodes.csv").stat().st_mode) == 0o666 & ~mask


# ---------------------------------------------------------------- devices, FIFOs, stdout

def make_device(path: Path, major: int, minor: int) -> os.stat_result:
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(major, minor))
    return os.lstat(path)


def same_device(path: Path, before: os.stat_result) -> bool:
    st = os.lstat(path)
    return (stat.S_ISCHR(st.st_mode) and st.st_ino == before.st_ino
            and st.st_rdev == before.st_rdev)


@NEEDS_ROOT
def test_output_onto_device_not_replaced(tmp_path):
    null = make_device(tmp_path / "null", 1, 3)
    write(tmp_path / "null", "x" * 100_000)  # no --force needed, no rename
    assert same_device(tmp_path / "null", null)
    (tmp_path / "link").symlink_to(tmp_path / "null")
    write(tmp_path / "link", "data", mode="w")
    assert (tmp_path / "link").is_symlink() and same_device(tmp_path / "null", null)
    full = make_device(tmp_path / "full", 1, 7)
    with pytest.raises(WriteError, match=r"^cannot write .*/full: No space left on device$"):
        write(tmp_path / "full", "x")
    assert same_device(tmp_path / "full", full)
    assert entries(tmp_path) == ["full", "link", "null"]


@NEEDS_ROOT
def test_export_onto_device_not_replaced(mini_store, tmp_path):
    null = make_device(tmp_path / "null", 1, 3)
    store = OxigraphStore(mini_store)
    assert export(store, select(store, SelectionSpec()), "nt", tmp_path / "null") \
        == [tmp_path / "null"]
    assert same_device(tmp_path / "null", null) and entries(tmp_path) == ["null"]


def test_fifo_target_written_through_reader(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    try:
        write(fifo, b"data\n" * 50_000, mode="wb")
        reader.join(10)
    finally:
        if reader.is_alive():  # nothing wrote to the FIFO: let the reader go
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert got == [b"data\n" * 50_000]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and entries(tmp_path) == ["fifo"]


STDOUT = """
import sys
from kg.files import open_output
print("first", flush=True)
with open_output(sys.argv[1], force=sys.argv[2] == "force") as f:
    f.write("second\\n")
print("third")
"""


def stdout_targets(tmp_path: Path) -> list[tuple[Path, str]]:
    """/dev/stdout itself (without --force: a regression can only refuse, never replace it)
    and links in tmp_path to each name of our stdout (with --force)."""
    targets = [(Path("/dev/stdout"), "keep")]
    for i, name in enumerate(["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]):
        (tmp_path / f"out{i}").symlink_to(name)
        targets.append((tmp_path / f"out{i}", "force"))
    return targets


def test_dev_stdout_target_when_stdout_is_a_pipe(tmp_path):
    for target, force in stdout_targets(tmp_path):
        r = python(STDOUT, target, force, text=True)
        assert (r.returncode, r.stdout) == (0, "first\nsecond\nthird\n"), (target, r.stderr)
        assert target.is_symlink()


def test_dev_stdout_target_when_stdout_is_a_regular_file(tmp_path):
    for target, force in stdout_targets(tmp_path):
        log = tmp_path / "stdout.txt"
        with open(log, "wb") as f:
            r = python(STDOUT, target, force, stdout=f, stderr=subprocess.PIPE)
        assert r.returncode == 0, r.stderr
        assert log.read_text() == "first\nsecond\nthird\n", target
        assert target.is_symlink() and stat.S_ISREG(os.lstat(log).st_mode)
        log.unlink()


# ---------------------------------------------------------------- what is refused

@NEEDS_ROOT
def test_folder_block_device_and_socket_refused(tmp_path):
    (tmp_path / "dir").mkdir()
    with pytest.raises(UsageError, match="dir is a folder"):
        write(tmp_path / "dir", force=True)
    os.mknod(tmp_path / "blk", stat.S_IFBLK | 0o600, os.makedev(7, 250))
    with pytest.raises(UsageError, match="blk is a block device"):
        write(tmp_path / "blk", force=True)
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(tmp_path / "sock"))
        with pytest.raises(UsageError, match="sock is a socket"):
            write(tmp_path / "sock", force=True)
    assert stat.S_ISBLK(os.lstat(tmp_path / "blk").st_mode)
    assert stat.S_ISSOCK(os.lstat(tmp_path / "sock").st_mode)
    assert entries(tmp_path / "dir") == []


def test_existing_file_needs_force(tmp_path):
    out = tmp_path / "out.ttl"
    out.write_text("keep\n")
    with pytest.raises(UsageError, match="out.ttl exists; pass --force to replace it"):
        write(out)
    assert out.read_text() == "keep\n" and entries(tmp_path) == ["out.ttl"]


def test_path_with_control_characters_shown_escaped(tmp_path):
    out = tmp_path / "bad\x1b[2Jname"
    out.write_text("keep\n")
    with pytest.raises(UsageError) as e:
        write(out)
    assert "\x1b" not in str(e.value) and "\\x1b[2Jname exists" in str(e.value)


# ---------------------------------------------------------------- full, read-only, forbidden

def test_full_disk_leaves_target_and_no_temp_file(small_fs, temp_kind):
    fs = small_fs("64k")
    out = fs / "out.ttl"
    out.write_text("old\n")
    free = os.statvfs(fs).f_bfree
    with pytest.raises(WriteError) as e:
        write(out, "x" * 200_000, force=True)
    assert str(e.value) == f"cannot write {out}: No space left on device"
    assert out.read_text() == "old\n" and entries(fs) == ["out.ttl"]
    assert os.statvfs(fs).f_bfree == free  # no unnamed file held either
    with pytest.raises(WriteError, match="No space left on device"):
        write(fs / "new.ttl", b"x" * 200_000, mode="wb")
    assert entries(fs) == ["out.ttl"]


def test_read_only_disk_leaves_target(small_fs, temp_kind):
    fs = small_fs("64k")
    out = fs / "out.ttl"
    out.write_text("old\n")
    small_fs.read_only(fs)
    with pytest.raises(WriteError) as e:
        write(out, "new\n", force=True)
    assert str(e.value) == f"cannot write {out}: Read-only file system"
    assert out.read_text() == "old\n" and entries(fs) == ["out.ttl"]


DENIED = """
import os, sys
from kg.errors import KgError
from kg.files import atomic_write
os.setgroups([])
os.setgid(65534)
os.setuid(65534)  # after the imports: nobody may not reach the project's Python
try:
    atomic_write(sys.argv[1], b"new")
except KgError as e:
    print(e)
"""


@NEEDS_ROOT
def test_permission_denied_is_one_line(tmp_path):
    folder = Path(tempfile.mkdtemp())  # /tmp, where another user can reach it
    try:
        folder.chmod(0o755)
        (folder / "out.ttl").write_text("old\n")
        r = python(DENIED, folder / "out.ttl", text=True)
        assert r.stdout == f"cannot write {folder}/out.ttl: Permission denied\n", r.stderr
        assert (folder / "out.ttl").read_text() == "old\n"
        assert entries(folder) == ["out.ttl"]
    finally:
        shutil.rmtree(folder)
