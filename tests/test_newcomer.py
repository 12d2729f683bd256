"""What a newcomer meets first: bare ``kg`` prints the help and exits 0, ``kg info`` says where
everything is, ``kg export`` without ``-o`` writes one-file formats to stdout (and refuses the
others before any work), and the shell completion (click's, ``_KG_COMPLETE``) completes
commands, canned query names, entity types and formats."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

KG = Path(sys.executable).parent / "kg"


def kg(*args, cwd=None, **env):
    return subprocess.run([str(KG), *map(str, args)], capture_output=True, cwd=cwd,
                          env={**os.environ, **env}, timeout=300)


def completions(line: str) -> list[str]:
    """The candidates bash would offer after ``line`` (its last word being completed)."""
    words = line.split(" ")
    r = kg(_KG_COMPLETE="bash_complete", COMP_WORDS=line, COMP_CWORD=str(len(words) - 1))
    assert r.returncode == 0, r.stderr
    return [item.split(",", 1)[1] for item in r.stdout.decode().splitlines()]


def test_bare_kg_prints_the_help_and_exits_0():
    r = kg()
    assert r.returncode == 0 and r.stderr == b""
    out = r.stdout.decode()
    assert out.startswith("Usage: kg [OPTIONS] COMMAND [ARGS]...\n")
    commands = out.split("Commands:\n", 1)[1].split()
    for name in ("build", "info", "query", "queries", "show", "view", "export", "serve"):
        assert name in commands
    assert out == kg("--help").stdout.decode()


def test_kg_info_names_the_store_from_kg_store(built):
    r = kg("info", KG_STORE=built.store)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.decode().splitlines()
    root = Path(__file__).resolve().parents[1]
    version = tomllib.loads((root / "pyproject.toml").read_text())["project"]["version"]
    assert lines[0] == f"csr-kg {version} (a checkout at {root})"
    assert lines[1] == f"data:      {root / 'data'} (reports: tencent-csr-2019)"
    assert lines[4] == (f"store:     {built.store} (built: {built.triples} triples) "
                        "[from $KG_STORE]")
    assert lines[6].startswith("engines:   oxigraph (pyoxigraph ")


def test_kg_info_on_a_store_not_built(tmp_path):
    r = kg("info", "--format", "json", KG_STORE=tmp_path / "none")
    assert r.returncode == 0, r.stderr
    assert b'"built": false' in r.stdout and b'"triples": null' in r.stdout


@pytest.mark.parametrize("fmt", ["ttl", "nt", "trig", "jsonld", "gexf"])
def test_export_without_o_writes_to_stdout_the_bytes_of_the_file(built, tmp_path, fmt):
    args = ("export", "-f", fmt, "--around", "为村", "--store", built.store)
    same = {"PYTHONHASHSEED": "0"}  # rdflib writes N-Triples in its sets' order
    to_stdout = kg(*args, cwd=tmp_path, **same)
    assert to_stdout.returncode == 0, to_stdout.stderr
    to_file = kg(*args, "-o", tmp_path / f"x.{fmt}", cwd=tmp_path, **same)
    assert to_file.returncode == 0, to_file.stderr
    assert to_stdout.stdout == (tmp_path / f"x.{fmt}").read_bytes()
    assert "腾讯为村".encode() in to_stdout.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"x.{fmt}"]


@pytest.mark.parametrize("fmt", ["nt", "nq"])
def test_line_formats_are_the_same_bytes_on_every_run(built, tmp_path, fmt):
    """N-Triples and N-Quads lines are sorted: not in the order of rdflib's hashed sets."""
    args = ("export", "-f", fmt, "--around", "为村", "--store", built.store)
    runs = [kg(*args, cwd=tmp_path, PYTHONHASHSEED=str(seed)) for seed in (1, 2)]
    assert runs[0].returncode == runs[1].returncode == 0
    assert runs[0].stdout == runs[1].stdout
    lines = runs[0].stdout.decode().splitlines()
    assert lines == sorted(lines) and "腾讯为村" in runs[0].stdout.decode()


@pytest.mark.parametrize(("fmt", "why"), [("csv", "it writes several files"),
                                          ("html", "it writes a page file")])
def test_export_without_o_refuses_a_folder_or_page_format_and_writes_nothing(built, tmp_path,
                                                                            fmt, why):
    r = kg("export", "-f", fmt, "--store", built.store, cwd=tmp_path)
    assert r.returncode == 2 and r.stdout == b""
    assert r.stderr.decode() == f"error: -o is needed for {fmt} ({why})\n"
    assert list(tmp_path.iterdir()) == []


def test_completion_of_commands_query_names_types_and_formats():
    assert completions("kg inf") == ["info"]
    assert completions("kg query --name programs-in") == [
        "programs-in-dimension", "programs-in-place"]
    assert completions("kg queries works") == ["works-with"]
    assert completions("kg view --type p") == [
        "program", "product", "person", "place", "partnership"]
    assert completions("kg export -t st") == ["standard", "stakeholder"]
    assert completions("kg export -f g") == ["graphml", "gexf"]
    assert completions("kg query --format t") == ["table", "tsv", "ttl"]


def test_the_bash_completion_script_binds_kg():
    r = kg(_KG_COMPLETE="bash_source")
    assert r.returncode == 0
    assert "complete -o nosort -F _kg_completion kg" in r.stdout.decode()
