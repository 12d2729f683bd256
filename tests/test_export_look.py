"""The GEXF, GraphML and Cytoscape.js exports keep the page's look: every entity at the place,
in the colour, size and shape the ``kg view`` page of the same selection draws it (both from
:func:`kg.look.look_of`), read back by networkx and by the JavaScript readers those tools use:
graphology's GEXF and GraphML parsers (Gephi Lite) and Cytoscape.js itself, run with node from
the npm packages ``make test`` installs into tests/js (``npm ci``)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.export import export
from kg.export_graphs import CYTOSCAPE_SHAPES, GEXF_SHAPES
from kg.look import STYLE, drawn, look_of, rgb
from kg.namespaces import curie
from kg.render import page
from kg.select import SelectionSpec, select

JS = Path(__file__).parent / "js"
WEICUN = "https://w3id.org/csr-kg/id/program/weicun"
READERS = ("cytoscape", "graphology", "graphology-gexf", "graphology-graphml")


@pytest.fixture(scope="module")
def weicun(store):
    """``kg export --around 为村``: 为村 and its neighbours (the page focused on 为村)."""
    return select(store, SelectionSpec(around="为村"))


@pytest.fixture(scope="module")
def looks(weicun):
    """kg.look's look of every entity of the selection, by curie."""
    return {curie(n): look for n, look in look_of(drawn(weicun)).items()
            if n in weicun.nodes}


@pytest.fixture(scope="module")
def written(store, weicun, tmp_path_factory):
    out = tmp_path_factory.mktemp("looks")
    paths = {}
    for fmt in ("gexf", "graphml", "cytoscape"):
        paths[fmt] = out / f"weicun.{fmt}"
        export(store, weicun, fmt, paths[fmt])
    return paths


@pytest.fixture(scope="module")
def read_js():
    """``node tests/js/read.js FILE FORMAT``, parsed. Fails (never skips) when node or the
    npm packages are missing: ``make test`` installs them."""
    node = shutil.which("node")
    missing = [p for p in READERS if not (JS / "node_modules" / p / "package.json").is_file()]
    if node is None or missing:
        pytest.fail(f"the JavaScript readers are not installed ({'node' if node is None else ''}"
                    f"{' '.join(missing)} missing): run `make test`, which runs `npm ci` in "
                    f"tests/js from its package-lock.json", pytrace=False)

    def read(path: Path, fmt: str) -> dict:
        done = subprocess.run([node, str(JS / "read.js"), str(path), fmt], capture_output=True,
                              text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    return read


def hex_of(css: str) -> str:
    """``rgb(0,114,178)`` or ``rgba(0,114,178,1.0)`` as ``#0072B2``."""
    r, g, b = (int(float(c)) for c in re.findall(r"[\d.]+", css)[:3])
    return f"#{r:02X}{g:02X}{b:02X}"


# ---------------------------------------------------------------- the page and kg.look agree

def test_the_page_draws_what_kg_look_computes(store, weicun, looks):
    html = page(store, weicun)
    data = json.loads(re.search(r'<script type="application/json" id="kg-data">(.*?)</script>',
                                html, re.DOTALL).group(1))
    drawn_nodes = {curie(n["id"]): n for n in data["nodes"]}
    assert set(looks) <= set(drawn_nodes)
    for n, look in looks.items():
        d = drawn_nodes[n]
        colour = d["color"] if isinstance(d["color"], str) else d["color"]["background"]
        assert (d["x"], d["y"], colour, d["size"], d["shape"]) == (
            look.x, look.y, look.colour, look.size, look.shape), n


# ---------------------------------------------------------------- read by networkx

def test_gexf_has_the_page_look(weicun, looks, written):
    g = nx.read_gexf(written["gexf"])
    assert set(g) == set(looks)
    weicun_viz = g.nodes["program:weicun"]["viz"]
    look = looks["program:weicun"]
    assert (weicun_viz["position"]["x"], weicun_viz["position"]["y"]) == (look.x, look.y)
    assert (weicun_viz["color"]["r"], weicun_viz["color"]["g"], weicun_viz["color"]["b"]) == \
        rgb(STYLE["program"][0])
    # all of 为村's relations are on the page (its neighbours are the selection)
    assert g.nodes["program:weicun"]["degree"] == look.degree == weicun.projection.degree(WEICUN)
    for n, a in g.nodes(data=True):
        viz, look = a["viz"], looks[n]
        assert (viz["position"]["x"], viz["position"]["y"], viz["size"]) == (
            look.x, look.y, look.size), n
        assert (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]) == rgb(look.colour)


def test_graphml_has_the_page_look_and_one_id_per_edge(weicun, looks, written):
    g = nx.read_graphml(written["graphml"])
    assert set(g) == set(looks)
    for n, a in g.nodes(data=True):
        look = looks[n]
        assert (a["x"], a["y"], a["size"], a["color"], a["shape"], a["degree"]) == (
            look.x, look.y, look.size, look.colour, look.shape, look.degree), n
        assert (a["r"], a["g"], a["b"]) == rgb(look.colour)
    assert g.nodes["program:weicun"]["color"] == STYLE["program"][0]
    root = ET.parse(written["graphml"]).getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns", "y": "http://www.yworks.com/xml/graphml"}
    ids = [e.get("id") for e in root.iterfind(".//g:edge", ns)]
    assert len(ids) == weicun.graph.number_of_edges() > 20
    assert [i for i, k in Counter(ids).items() if k > 1] == []
    # yEd's own graphics: the box around the same centre, the same fill
    for node in root.iterfind(".//g:node", ns):
        look = looks[node.get("id")]
        geo = node.find("g:data/y:ShapeNode/y:Geometry", ns)
        fill = node.find("g:data/y:ShapeNode/y:Fill", ns)
        assert (round(float(geo.get("x")) + float(geo.get("width")) / 2, 1),
                round(float(geo.get("y")) + float(geo.get("height")) / 2, 1)) == (look.x, look.y)
        assert fill.get("color") == look.colour


def test_cytoscape_json_has_the_page_look(looks, written):
    data = json.loads(written["cytoscape"].read_text(encoding="utf-8"))
    assert data["layout"] == {"name": "preset"}
    nodes = {n["data"]["id"]: n for n in data["elements"]["nodes"]}
    assert set(nodes) == set(looks)
    for n, look in looks.items():
        assert nodes[n]["position"] == {"x": look.x, "y": look.y}
        assert (nodes[n]["data"]["color"], nodes[n]["data"]["size"],
                nodes[n]["data"]["degree"]) == (look.colour, look.size, look.degree)
    assert nx.cytoscape_graph(data).number_of_nodes() == len(looks)


# ---------------------------------------------------------------- read by the JavaScript readers

def test_graphology_reads_the_gexf_with_the_page_look(weicun, looks, written, read_js):
    g = read_js(written["gexf"], "gexf")
    assert (g["order"], g["size"]) == (len(looks), weicun.graph.number_of_edges())
    for n, look in looks.items():
        a = g["nodes"][n]
        assert (a["x"], a["y"], a["size"], hex_of(a["color"])) == (
            look.x, look.y, look.size, look.colour), n
        assert a["shape"] == GEXF_SHAPES[look.shape]
    assert hex_of(g["nodes"]["program:weicun"]["color"]) == STYLE["program"][0]


def test_graphology_reads_the_graphml_with_the_page_look(weicun, looks, written, read_js):
    g = read_js(written["graphml"], "graphml")
    edges = weicun.graph.number_of_edges()
    assert (g["order"], g["size"], g["multi"]) == (len(looks), edges, True)
    assert len({e["id"] for e in g["edges"]}) == edges
    for n, look in looks.items():
        a = g["nodes"][n]
        # graphology turns r, g, b into "color" (lower-case hex)
        assert (a["x"], a["y"], a["size"], a["color"]) == (
            look.x, look.y, look.size, look.colour.lower()), n


def test_graphology_reads_the_whole_graph_graphml(store, tmp_path, read_js):
    """The whole graph: its hundreds of csr:concernsStakeholder edges shared one id, and
    graphology refused the file."""
    whole = select(store, SelectionSpec())
    path = tmp_path / "whole.graphml"
    export(store, whole, "graphml", path)
    g = read_js(path, "graphml")
    edges = whole.graph.number_of_edges()
    assert (g["order"], g["size"]) == (whole.graph.number_of_nodes(), edges)
    assert len({e["id"] for e in g["edges"]}) == edges
    concerns = [e for e in g["edges"] if "|csr:concernsStakeholder|" in e["id"]]
    assert len(concerns) == sum(1 for *_, k in whole.graph.edges(keys=True)
                                if k == "csr:concernsStakeholder") > 300


def test_cytoscape_js_loads_the_json_with_the_page_look(weicun, looks, written, read_js):
    cy = read_js(written["cytoscape"], "cytoscape")
    assert set(cy["nodes"]) == set(looks)
    assert cy["edges"] == weicun.graph.number_of_edges()
    readings = sum(1 for *_, r in weicun.graph.edges(data="reading") if r)
    assert readings > 0 and cy["dashed"] == readings
    for n, look in looks.items():
        c = cy["nodes"][n]
        assert (c["position"]["x"], c["position"]["y"]) == (look.x, look.y), n
        assert hex_of(c["color"]) == look.colour
        assert c["width"] == pytest.approx(2 * look.size)
        assert c["shape"] == CYTOSCAPE_SHAPES[look.shape]
    assert hex_of(cy["nodes"]["program:weicun"]["color"]) == STYLE["program"][0]


def test_kg_export_cli_writes_the_look(store, built, looks, tmp_path):
    out = tmp_path / "weicun.gexf"
    r = CliRunner().invoke(main, ["export", "--around", "为村", "-f", "gexf", "-o", str(out),
                                  "--store", str(built.store)])
    assert r.exit_code == 0, r.output
    viz = nx.read_gexf(out).nodes["program:weicun"]["viz"]
    look = looks["program:weicun"]
    assert (viz["position"]["x"], viz["position"]["y"]) == (look.x, look.y)
