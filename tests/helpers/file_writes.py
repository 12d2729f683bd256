"""What test_files_safety.py and test_build_safety.py share: the mini report, the installed
``kg`` command run for real, a folder's entries, a small tmpfs (a real full or read-only disk)
and the mini report built into a store; import the fixtures into a test file by name."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build import build
from kg.paths import ONTOLOGY_DIR

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini-report"
KG = Path(sys.executable).with_name("kg")
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def kg(*args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(KG), *map(str, args)], check=False, capture_output=True,
                          text=True, env=ENV, timeout=120, **kw)


def entries(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


@pytest.fixture(name="small_fs")
def small_fs_fixture(tmp_path):
    """``small_fs(size)``: a tmpfs of that size mounted in tmp_path (a real ENOSPC), read-only
    on ``small_fs.read_only(folder)``; unmounted afterwards."""
    mounted: list[Path] = []

    def mount(size: str = "64k") -> Path:
        if os.geteuid() != 0 or not shutil.which("mount"):
            pytest.skip("mounting a tmpfs needs root with CAP_SYS_ADMIN and mount(8)")
        where = tmp_path / f"fs{len(mounted)}"
        where.mkdir()
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs",
                            str(where)], check=False, capture_output=True, text=True)
        if r.returncode:
            pytest.skip(f"mount is not permitted here: {r.stderr.strip()}")
        mounted.append(where)
        return where

    def read_only(where: Path) -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)

    mount.read_only = read_only
    yield mount
    for where in reversed(mounted):
        if subprocess.run(["umount", str(where)], check=False).returncode:
            subprocess.run(["umount", "-l", str(where)], check=False)


@pytest.fixture(scope="module", name="mini_store")
def mini_store_fixture(tmp_path_factory):
    """The mini report built (without SHACL) into a store of its own."""
    out = tmp_path_factory.mktemp("mini")
    result = build([MINI], out / "store", out, ONTOLOGY_DIR, shacl=False)
    return result.store
