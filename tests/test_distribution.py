"""The project as a user installs it, away from the checkout: the sdist and the wheel built
from the sources (``python -m build``, as ``make dist`` does: the wheel is built from the
sdist), what they carry, and the wheel installed into a fresh venv in a temporary folder,
where kg builds, queries, shows, draws, exports and serves from the data the wheel carries,
with the store and dumps in the user's data folder ($XDG_DATA_HOME) and nothing written into
the installed package. Last, the editable install of ``make run`` still reads the checkout.

The fresh venvs get their dependencies from the test venv's site-packages through a ``.pth``
path line (installing them from the registry would take minutes); that line does not run
the test venv's editable-install hook, so ``import kg`` there is the wheel's copy (checked).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
KG_HERE = [sys.executable, "-m", "kg.cli"]  # the checkout's kg, for the answers to compare
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "SECURITY.md", "kg",
           "data", "ontology")
SKIPPED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")


def _run(args, **kw):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=600,
                          **kw)


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> Path:
    """The files a distribution is built from, copied (the build writes beside them)."""
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=SKIPPED)
        else:
            shutil.copy2(ROOT / name, src / name)
    return src


@pytest.fixture(scope="module")
def dist(sources, tmp_path_factory) -> tuple[Path, Path]:
    """The sdist and the wheel, as make dist builds them."""
    out = tmp_path_factory.mktemp("dist")
    r = _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", out, sources])
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    (sdist,), (wheel,) = sorted(out.glob("*.tar.gz")), sorted(out.glob("*.whl"))
    return sdist, wheel


def _venv(folder: Path) -> Path:
    """A fresh venv whose dependencies are the test venv's (a .pth path line); its python."""
    r = _run([sys.executable, "-m", "venv", "--without-pip", folder])
    assert r.returncode == 0, r.stderr
    python = folder / "bin" / "python"
    purelib = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(purelib.stdout.strip(), "deps-of-the-test-venv.pth").write_text("\n".join(ours) + "\n")
    return python


def _pip_install(python: Path, *args) -> None:
    r = _run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet",
              "--no-deps", "--no-index", "--no-build-isolation", *args])
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]


class Installed:
    """The wheel installed in a fresh venv; kg run from a temporary folder, HOME and
    XDG_DATA_HOME pointed into it."""

    def __init__(self, base: Path, wheel: Path):
        self.python = _venv(base / "venv")
        _pip_install(self.python, wheel)
        self.work, self.xdg = base / "work", base / "xdg"
        self.work.mkdir()
        self.env = {"PATH": f"{base / 'venv' / 'bin'}:/usr/bin:/bin", "HOME": str(base / "home"),
                    "XDG_DATA_HOME": str(self.xdg), "LANG": "C.UTF-8"}
        found = self.py("import kg, sysconfig; print(kg.__file__); "
                        "print(sysconfig.get_paths()['purelib'])").splitlines()
        self.kg_file, self.package = Path(found[0]), Path(found[1]) / "kg"
        self.before = self.snapshot()

    def kg(self, *args):
        return _run([self.python.parent / "kg", *args], cwd=self.work, env=self.env)

    def py(self, code: str) -> str:
        r = _run([self.python, "-c", code], cwd=self.work, env=self.env)
        assert r.returncode == 0, r.stderr
        return r.stdout

    def snapshot(self) -> dict:
        return {p: (p.stat().st_size, p.stat().st_mtime_ns) for p in self.package.rglob("*")}


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory) -> Installed:
    return Installed(tmp_path_factory.mktemp("user"), dist[1])


@pytest.fixture(scope="module")
def user_build(installed):
    """kg info before the build, then kg build, as a new user runs them."""
    before = installed.kg("info", "--format", "json")
    return before, installed.kg("build")


def test_the_wheel_carries_the_package_its_data_ontology_and_queries(dist, sources):
    names = set(zipfile.ZipFile(dist[1]).namelist())
    assert {f"kg/{n}" for n in _files(sources / "kg")} <= names  # modules, queries, templates
    assert {f"kg/_data/data/{n}" for n in _files(sources / "data")} <= names
    assert {f"kg/_data/ontology/{n}" for n in _files(sources / "ontology")} <= names
    for name in ("kg/_data/data/tencent-csr-2019/report.yaml", "kg/_data/ontology/csr.ttl",
                 "kg/_data/ontology/shapes.ttl", "kg/queries/awards.rq",
                 "kg/templates/view.html", "kg/serve/templates/index.html",
                 "kg/serve/static/vendor/yasgui/yasgui.min.js"):
        assert name in names
    assert {n.split("/")[0] for n in names} == {"kg", f"csr_kg-{VERSION}.dist-info"}
    metadata = zipfile.ZipFile(dist[1]).read(f"csr_kg-{VERSION}.dist-info/METADATA").decode()
    assert "Requires-Dist: platformdirs" in metadata


def test_the_sdist_carries_what_the_wheel_is_built_from(dist, sources):
    with tarfile.open(dist[0]) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    for top in ("data", "ontology", "kg"):
        assert {f"{top}/{n}" for n in _files(sources / top)} <= names, top
    assert {"setup.py", "MANIFEST.in", "pyproject.toml", "README.md"} <= names


def test_kg_is_the_wheels_copy_outside_any_checkout(installed):
    assert installed.kg_file == installed.package / "__init__.py"
    assert not installed.kg_file.is_relative_to(ROOT)
    out = installed.py("import kg.paths as p; print(p.IN_CHECKOUT, p.DATA_DIR, p.BUILD_DIR)")
    assert out.split() == ["False", str(installed.package / "_data" / "data"),
                           str(installed.xdg / "csr-kg")]


def test_kg_info_before_the_build_says_where_everything_is(user_build, installed, sources):
    info = json.loads(user_build[0].stdout)
    assert info["version"] == VERSION and info["checkout"] is None
    assert info["data"] == {"path": str(installed.package / "_data" / "data"),
                            "reports": ["tencent-csr-2019"]}
    assert info["ontology"]["path"] == str(installed.package / "_data" / "ontology")
    canned = len(list((sources / "kg" / "queries").glob("*.rq")))
    assert canned >= 37
    assert info["queries"] == {"path": str(installed.package / "queries"), "count": canned}
    assert info["store"] == {"path": str(installed.xdg / "csr-kg" / "store"), "from": "default",
                             "built": False, "triples": None}
    assert info["dumps"] == {"path": str(installed.xdg / "csr-kg"), "files": []}
    assert [e["name"] for e in info["engines"] if e["available"]] == [
        "oxigraph", "rdflib", "endpoint"]


def test_kg_build_writes_the_store_and_dump_into_the_user_data_folder(user_build, installed,
                                                                      built):
    r = user_build[1]
    assert r.returncode == 0, r.stderr
    data = installed.xdg / "csr-kg"
    assert r.stdout.splitlines() == [
        f"built tencent-csr-2019: {built.triples} triples in "
        + re.search(r"in (\S+ s)$", r.stdout.splitlines()[0]).group(1),
        f"store: {data / 'store'}", f"dump:  {data / 'tencent-csr-2019.trig'}"]
    # the data the wheel carries is the checkout's: the same input, a byte-identical dump
    assert (data / "tencent-csr-2019.trig").read_bytes() == built.dumps[0].read_bytes()
    info = json.loads(installed.kg("info", "--format", "json").stdout)
    assert info["store"]["built"] and info["store"]["triples"] == built.triples
    assert info["dumps"]["files"] == ["tencent-csr-2019.trig"]


def test_kg_query_by_name_answers_as_in_the_checkout(user_build, installed, built):
    r = installed.kg("query", "--name", "awards", "--format", "csv")
    assert r.returncode == 0, r.stderr
    here = _run([*KG_HERE, "query", "--name", "awards", "--format", "csv", "--store",
                 built.store], cwd=ROOT)
    assert r.stdout == here.stdout
    rows = r.stdout.splitlines()
    assert len(rows) == 28 and rows[0].startswith("award,conferredBy,recipient,")
    assert any(row.startswith("https://w3id.org/csr-kg/id/award/mca-online-fundraising-"
                              "platform-designation,https://w3id.org/csr-kg/id/org/"
                              "ministry-of-civil-affairs,https://w3id.org/csr-kg/id/program/"
                              "tencent-charity-platform,") for row in rows)


def test_kg_show_weicun_names_its_partners(user_build, installed):
    r = installed.kg("show", "为村")
    assert r.returncode == 0, r.stderr
    lines = [line.strip() for line in r.stdout.splitlines()]
    assert lines[0] == "腾讯为村 / Tencent WeCounty"
    partners = lines[lines.index("→ 合作方 (3)") + 1:][:3]
    assert [p.split("  ")[:2] for p in partners] == [
        ["公众号 / Official Accounts [技术提供方]", "tencent:official-accounts"],
        ["邱泽奇 / Qiu Zeqi [研究伙伴]", "person:qiu-zeqi"],
        ["杨婷 / Yang Ting [参与方]", "person:yang-ting"]]


def test_kg_view_writes_the_page(user_build, installed):
    r = installed.kg("view", "--around", "为村", "-o", "x.html")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("wrote x.html (")
    html = (installed.work / "x.html").read_text(encoding="utf-8")
    assert 'http-equiv="Content-Security-Policy"' in html and "腾讯为村" in html


def test_kg_export_writes_the_same_turtle_as_the_checkout(user_build, installed, built,
                                                        tmp_path):
    r = installed.kg("export", "-f", "ttl", "-o", "x.ttl")
    assert r.returncode == 0, r.stderr
    here = _run([*KG_HERE, "export", "-f", "ttl", "-o", tmp_path / "x.ttl", "--store",
                 built.store], cwd=ROOT)
    assert here.returncode == 0, here.stderr
    assert (installed.work / "x.ttl").read_bytes() == (tmp_path / "x.ttl").read_bytes()


def test_kg_serve_answers_with_its_templates_and_vendored_editor(user_build, installed):
    r = installed.kg("serve", "--get", "/")
    assert r.returncode == 0, r.stderr
    assert "<h1>csr-kg: 腾讯社会责任报告（2019）向善力</h1>" in r.stdout
    r = installed.kg("serve", "--get", "/static/vendor/yasgui/yasgui.min.js")
    assert r.returncode == 0, r.stderr
    vendored = ROOT / "kg" / "serve" / "static" / "vendor" / "yasgui" / "yasgui.min.js"
    assert r.stdout.rstrip("\n") == vendored.read_text(encoding="utf-8").rstrip("\n")


def test_nothing_was_written_into_the_installed_package_or_elsewhere(user_build, installed):
    installed.kg("view", "-o", "y.html")  # the whole graph too, after every command above
    assert installed.snapshot() == installed.before
    assert not (installed.package / "_data" / "store").exists()
    assert sorted(p.name for p in installed.work.iterdir()) == ["x.html", "x.ttl", "y.html"]
    assert sorted(p.name for p in (installed.xdg / "csr-kg").iterdir()
                  if not p.name.startswith(".")) == [
        "store", "store.versions", "tencent-csr-2019.trig"]


def test_the_editable_install_reads_the_checkout(sources, tmp_path):
    python = _venv(tmp_path / "venv")
    _pip_install(python, "-e", sources)
    r = _run([tmp_path / "venv" / "bin" / "kg", "info", "--format", "json"], cwd=tmp_path,
             env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"})
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["checkout"] == str(sources)
    assert info["data"]["path"] == str(sources / "data")
    assert info["store"]["path"] == str(sources / "build" / "store")
    assert not (sources / "kg" / "_data").exists()
