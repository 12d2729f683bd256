"""The build on the real data: byte-identical dumps, dumps other readers accept, the store
swap, and the floors of the curated graph."""

from __future__ import annotations

import os
import subprocess
import sys

import pyoxigraph
from rdflib import Dataset

from kg.namespaces import ONTOLOGY_GRAPH, report_graph


def test_dump_is_byte_identical_across_processes(built, tmp_path):
    # A second build in a fresh process with another hash seed gives the same bytes.
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    code = ("import sys; from pathlib import Path; from kg.build import build; "
            "from kg.paths import DATA_DIR, ONTOLOGY_DIR, report_dirs; "
            "build(report_dirs(DATA_DIR), Path(sys.argv[1]) / 'store', Path(sys.argv[1]), "
            "ONTOLOGY_DIR, shacl=False)")
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, env=env)
    again = tmp_path / built.dumps[0].name
    assert again.read_bytes() == built.dumps[0].read_bytes()


def test_dump_reads_back_in_rdflib_and_oxigraph_with_both_named_graphs(built, store):
    dump = built.dumps[0]
    ds = Dataset()
    ds.parse(dump, format="trig")
    report = ds.graph(report_graph("tencent-csr-2019"))
    ontology = ds.graph(ONTOLOGY_GRAPH)
    assert len(report) > 10000 and len(ontology) > 1000

    ox = pyoxigraph.Store()
    ox.load(path=str(dump), format=pyoxigraph.RdfFormat.TRIG)
    assert len(ox) == len(report) + len(ontology) == built.triples == len(store)


def test_store_is_a_link_swapped_to_a_new_version(built):
    assert built.store.is_symlink()
    versions = list(built.store.parent.glob("store.versions/*"))
    assert len(versions) == 1 and built.store.resolve() == versions[0].resolve()


def test_floors_of_the_curated_graph(store):
    from kg.stats import stats

    counts = {k: v["count"] for k, v in stats(store)["classes"].items()}
    assert counts["csr:Program"] >= 100
    # The issue asks for 120; the report names about 107 external organizations (two full
    # sweeps of the text found no more), and we do not invent any.
    assert counts["csr:Organization"] >= 105
    assert counts["csr:TencentUnit"] + counts["csr:Product"] >= 40
    assert counts["csr:Person"] >= 15
    assert counts["csr:Place"] >= 30
    assert counts["csr:Observation"] >= 150
    assert counts["csr:Partnership"] >= 200
    assert counts["csr:StakeholderGroup"] == 7
    assert counts["csr:StakeholderDemand"] == 21
    assert counts["csr:IndicatorIndexEntry"] == 21
