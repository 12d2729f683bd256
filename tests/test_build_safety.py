"""The file-writing promises for more than one file, under attack: a folder of files (the
Neo4j CSV pair) appears and is replaced as a whole, and builds lock, refuse, and roll back on a
full disk or a failing commit. Each test is named after the bug it proves fixed.

Real processes and tmpfs mounts; the mounts need root with CAP_SYS_ADMIN and are skipped, with
the reason, elsewhere."""

from __future__ import annotations

import errno
import fcntl
import os
import subprocess
import time
from pathlib import Path

import pytest
from file_writes import ENV, KG, MINI, entries, kg, mini_store_fixture, small_fs_fixture  # noqa: F401 (fixtures)

from kg.build import build
from kg.errors import BuildError, UsageError
from kg.export import export
from kg.file_sets import write_folder
from kg.files import WriteError
from kg.paths import ONTOLOGY_DIR
from kg.select import SelectionSpec, select
from kg.store import OxigraphStore

# ---------------------------------------------------------------- two files as a whole

PAIR = {"nodes.csv": b"id:ID\n" + b"n\n" * 1000, "relationships.csv": b":START_ID\n"}


def test_csv_pair_new_folder_appears_whole_or_not_at_all(small_fs):
    fs = small_fs("64k")
    too_big = {"nodes.csv": b"n\n", "relationships.csv": b"r" * 200_000}
    with pytest.raises(WriteError, match=r"neo4j/relationships.csv: No space left on device"):
        write_folder(fs / "neo4j", too_big)
    assert entries(fs) == []  # no half folder, no temp folder
    assert write_folder(fs / "neo4j", PAIR) == [fs / "neo4j" / n for n in PAIR]
    assert entries(fs) == ["neo4j"] and entries(fs / "neo4j") == sorted(PAIR)
    assert (fs / "neo4j" / "nodes.csv").read_bytes() == PAIR["nodes.csv"]


def test_csv_pair_replaced_together_on_full_disk(small_fs):
    fs = small_fs("64k")
    write_folder(fs / "neo4j", {"nodes.csv": b"old n", "relationships.csv": b"old r"})
    too_big = {"nodes.csv": b"n\n", "relationships.csv": b"r" * 200_000}
    with pytest.raises(UsageError, match="relationships.csv exists; pass --force"):
        write_folder(fs / "neo4j", too_big)
    with pytest.raises(WriteError, match="No space left on device"):
        write_folder(fs / "neo4j", too_big, force=True)
    assert entries(fs / "neo4j") == sorted(PAIR)
    assert [(fs / "neo4j" / n).read_bytes() for n in PAIR] == [b"old n", b"old r"]


def test_csv_pair_second_replace_failing_puts_first_back(tmp_path, monkeypatch):
    folder = tmp_path / "neo4j"
    write_folder(folder, {"nodes.csv": b"old n", "relationships.csv": b"old r"})
    real = os.replace

    def failing(src, dst, *a, **kw):
        if str(dst).endswith("relationships.csv"):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real(src, dst, *a, **kw)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(WriteError, match=r"relationships.csv: Input/output error$"):
        write_folder(folder, PAIR, force=True)
    monkeypatch.undo()
    assert [(folder / n).read_bytes() for n in PAIR] == [b"old n", b"old r"]
    assert entries(folder) == sorted(PAIR)  # no temp files, no backups


def test_export_csv_pair_refused_or_replaced_whole(mini_store, tmp_path):
    store = OxigraphStore(mini_store)
    whole = select(store, SelectionSpec())
    folder = tmp_path / "neo4j"
    assert export(store, whole, "csv", folder) == [folder / "nodes.csv",
                                                  folder / "relationships.csv"]
    assert entries(tmp_path) == ["neo4j"] and entries(folder) == sorted(PAIR)
    (folder / "nodes.csv").write_text("old n")
    with pytest.raises(UsageError, match=r"neo4j/nodes.csv, .*relationships.csv exists; pass"):
        export(store, whole, "csv", folder)
    assert (folder / "nodes.csv").read_text() == "old n"
    export(store, whole, "csv", folder, force=True)
    assert (folder / "nodes.csv").read_text(encoding="utf-8").startswith("id:ID")
    assert entries(folder) == sorted(PAIR)


# ---------------------------------------------------------------- builds

def build_cli(tmp_path: Path, *extra) -> list[str]:
    return [str(KG), "build", "--data", str(MINI), "--store", str(tmp_path / "store"),
            "--dump-dir", str(tmp_path), "--no-shacl", *map(str, extra)]


def versions(tmp_path: Path) -> list[str]:
    return entries(tmp_path / "store.versions")


def test_two_builds_at_once_both_succeed(tmp_path):
    procs = [subprocess.Popen(build_cli(tmp_path), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=ENV) for _ in range(4)]
    results = [(p.wait(120), p.stderr.read()) for p in procs]
    assert all(rc == 0 for rc, _ in results), results
    store = tmp_path / "store"
    assert store.is_symlink() and versions(tmp_path) == [Path(os.readlink(store)).name]
    assert entries(tmp_path) == [".store.lock", "mini-report.trig", "store", "store.versions"]
    assert len(OxigraphStore(store)) > 1000


def test_build_waits_for_the_lock(tmp_path):
    lock = os.open(tmp_path / ".store.lock", os.O_RDONLY | os.O_CREAT, 0o644)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        proc = subprocess.Popen(build_cli(tmp_path), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=ENV)
        time.sleep(4)  # an unlocked build of the mini report is done in about 1.5 s
        assert proc.poll() is None and not (tmp_path / "store.versions").exists()
    finally:
        os.close(lock)
    assert proc.wait(60) == 0, proc.stderr.read()
    assert (tmp_path / "store").is_symlink()


def test_build_refuses_existing_real_folder_before_writing(tmp_path):
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "mine.txt").write_text("mine\n")
    r = subprocess.run(build_cli(tmp_path), check=False, capture_output=True, text=True,
                       env=ENV)
    assert r.returncode == 1
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "store: exists and is not a store built by kg" in errors[0]
    assert entries(tmp_path) == ["store"]  # no store.versions, no dump, no lock
    assert entries(tmp_path / "store") == ["mine.txt"]


def test_build_error_path_with_control_characters_shown_escaped(tmp_path):
    store = tmp_path / "st\x1b]0;owned\x07ore"
    store.mkdir()
    r = kg("build", "--data", MINI, "--store", store, "--dump-dir", tmp_path, "--no-shacl")
    assert r.returncode == 1 and "\x1b" not in r.stderr and "\x07" not in r.stderr
    assert "st\\x1b]0;owned\\x07ore: exists" in r.stderr


def test_build_full_dump_disk_keeps_previous_store(tmp_path, small_fs):
    subprocess.run(build_cli(tmp_path), env=ENV, capture_output=True, check=True)
    before = os.readlink(tmp_path / "store")
    fs = small_fs("16k")
    with pytest.raises(BuildError) as e:
        build([MINI], tmp_path / "store", fs, ONTOLOGY_DIR, shacl=False)
    assert e.value.problems == [f"cannot write {fs}/mini-report.trig: No space left on device"]
    assert os.readlink(tmp_path / "store") == before and versions(tmp_path) == [
        Path(before).name]
    assert entries(fs) == []


def test_build_full_store_disk_keeps_previous_dumps(tmp_path, small_fs):
    fs = small_fs("64k")
    (tmp_path / "mini-report.trig").write_text("old dump\n")
    with pytest.raises(BuildError) as e:
        build([MINI], fs / "store", tmp_path, ONTOLOGY_DIR, shacl=False)
    assert e.value.problems == [f"cannot write {fs}/store: No space left on device"]
    assert (tmp_path / "mini-report.trig").read_text() == "old dump\n"
    assert not os.path.lexists(fs / "store") and entries(fs / "store.versions") == []


def test_build_failing_commit_restores_store_link(tmp_path):
    subprocess.run(build_cli(tmp_path), env=ENV, capture_output=True, check=True)
    before = os.readlink(tmp_path / "store")
    blocked = tmp_path / "dumps" / "mini-report.trig"
    blocked.mkdir(parents=True)
    (blocked / "x").write_text("x")
    with pytest.raises(BuildError) as e:
        build([MINI], tmp_path / "store", tmp_path / "dumps", ONTOLOGY_DIR, shacl=False)
    assert e.value.problems == [f"cannot write {blocked}: Is a directory"]
    assert os.readlink(tmp_path / "store") == before
    assert versions(tmp_path) == [Path(before).name]
    assert entries(tmp_path / "dumps") == ["mini-report.trig"]


def test_stale_versions_of_a_killed_build_removed_by_next_build(tmp_path):
    stale = tmp_path / "store.versions" / "20200101T000000-killed"
    stale.mkdir(parents=True)
    (stale / "CURRENT").write_text("x")
    (tmp_path / ".store.link-0123456789abcdef").symlink_to("store.versions/x")
    subprocess.run(build_cli(tmp_path), env=ENV, capture_output=True, check=True)
    assert versions(tmp_path) == [Path(os.readlink(tmp_path / "store")).name]
    assert not stale.exists()
    assert entries(tmp_path) == [".store.lock", "mini-report.trig", "store", "store.versions"]
