"""Shared fixtures: the real report built once per test session into a temporary store."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import build
from kg.paths import DATA_DIR, ONTOLOGY_DIR, report_dirs
from kg.store import OxigraphStore, RdflibStore

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The real report built with SHACL into a temporary store and dump folder."""
    out = tmp_path_factory.mktemp("built")
    return build(report_dirs(DATA_DIR), out / "store", out, ONTOLOGY_DIR, shacl=True)


@pytest.fixture(scope="session")
def store(built):
    """The embedded Oxigraph store of the real report."""
    return OxigraphStore(built.store)


@pytest.fixture(scope="session")
def memory_store(built):
    """The same graph in the in-memory rdflib engine, loaded from the TriG dump."""
    return RdflibStore(trig=built.dumps[0])
