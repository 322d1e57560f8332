"""Network exports: GEXF 1.3 valid against the official RELAX NG schema, GraphML, Gephi CSV."""
from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from corridorkg.errors import ExportError
from corridorkg.exports import NODE_COLORS, write_csv_tables, write_gexf, write_graphml

SCHEMA = Path(__file__).parent / "data" / "gexf-1.3" / "gexf.rng"
GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"
AKTAU = "https://w3id.org/corridorkg/id/port/aktau"
ALAT = "https://w3id.org/corridorkg/id/port/alat"
TITR = "https://w3id.org/corridorkg/id/corridor/titr"


@pytest.fixture
def network() -> nx.Graph:
    """A route network as projections.route_network makes them, with awkward values added."""
    network = nx.Graph(name="routes")
    network.add_node(AKTAU, label="Port of Aktau", type="Port", lat=43.6, long=51.2, documents=2,
                     hub=True)
    network.add_node(ALAT, label="Port of  Baku\nat Alat", type="Port", lat=40.1, long=49.4,
                     documents=1, hub=False)
    network.add_node(TITR, label="Trans-Caspian International Transport Route", type="Corridor",
                     documents=0, aliases=["TITR", "Middle Corridor"], note=None)
    network.add_edge(AKTAU, ALAT, kind="leg", mode="sea", order=1, documents=1, weight=2.0)
    network.add_edge(AKTAU, TITR, kind="corridor_member", mode="multimodal", order=0,
                     documents=1, weight=1.0, share=0.5)
    return network


def validate(path: Path) -> etree._ElementTree:
    schema = etree.RelaxNG(etree.parse(str(SCHEMA)))
    document = etree.parse(str(path))
    assert schema.validate(document), schema.error_log
    return document


def test_gexf_validates_against_the_gexf_1_3_relax_ng_schema(network, tmp_path):
    write_gexf(network, tmp_path / "routes.gexf")
    validate(tmp_path / "routes.gexf")


def test_empty_network_gexf_validates(tmp_path):
    write_gexf(nx.Graph(), tmp_path / "empty.gexf")
    validate(tmp_path / "empty.gexf")


def test_directed_network_gexf_validates(tmp_path):
    network = nx.DiGraph()
    network.add_edge("a", "b", weight=3)
    write_gexf(network, tmp_path / "directed.gexf")
    root = validate(tmp_path / "directed.gexf").getroot()
    assert root.find(f"{GEXF}graph").get("defaultedgetype") == "directed"


def test_gexf_declares_typed_attributes_and_carries_labels(network, tmp_path):
    write_gexf(network, tmp_path / "routes.gexf")
    root = validate(tmp_path / "routes.gexf").getroot()
    graph = root.find(f"{GEXF}graph")
    assert graph.get("name") is None  # networkx writes name="", which GEXF 1.3 forbids
    declared = {(block.get("class"), attribute.get("title")): attribute.get("type")
                for block in graph.findall(f"{GEXF}attributes")
                for attribute in block.findall(f"{GEXF}attribute")}
    assert declared == {
        ("node", "type"): "string", ("node", "lat"): "double", ("node", "long"): "double",
        ("node", "documents"): "integer", ("node", "hub"): "boolean",
        ("node", "aliases"): "string",
        ("edge", "kind"): "string", ("edge", "mode"): "string", ("edge", "order"): "integer",
        ("edge", "documents"): "integer", ("edge", "share"): "double",
    }
    nodes = {node.get("id"): node for node in graph.iter(f"{GEXF}node")}
    assert nodes[ALAT].get("label") == "Port of Baku at Alat"  # whitespace collapsed
    values = {value.get("for"): value.get("value")
              for value in nodes[TITR].iter(f"{GEXF}attvalue")}
    assert values == {"type": "Corridor", "documents": "0", "aliases": "TITR,Middle Corridor"}
    edges = list(graph.iter(f"{GEXF}edge"))
    assert sorted(edge.get("weight") for edge in edges) == ["1.0", "2.0"]


def test_gexf_viz_colour_by_type_size_and_position_from_coordinates(network, tmp_path):
    write_gexf(network, tmp_path / "routes.gexf", position_scale=10.0)
    root = validate(tmp_path / "routes.gexf").getroot()
    nodes = {node.get("id"): node for node in root.iter(f"{GEXF}node")}
    color = nodes[AKTAU].find(f"{VIZ}color")
    assert tuple(int(color.get(channel)) for channel in "rgb") == NODE_COLORS["Port"]
    position = nodes[AKTAU].find(f"{VIZ}position")
    assert (float(position.get("x")), float(position.get("y"))) == pytest.approx((512.0, 436.0))
    assert nodes[TITR].find(f"{VIZ}position") is None  # no coordinates, no position
    sizes = {node_id: float(node.find(f"{VIZ}size").get("value"))
             for node_id, node in nodes.items()}
    assert sizes[AKTAU] > sizes[ALAT] > 0  # larger with weighted degree


def test_graphml_reads_back_with_the_same_nodes_and_edges(network, tmp_path):
    write_graphml(network, tmp_path / "routes.graphml")
    back = nx.read_graphml(tmp_path / "routes.graphml")
    assert set(back.nodes) == set(network.nodes)
    assert {frozenset(edge) for edge in back.edges} == {frozenset(edge) for edge in network.edges}
    assert back.nodes[AKTAU]["lat"] == 43.6 and back.nodes[AKTAU]["hub"] is True
    assert back.nodes[TITR]["aliases"] == "TITR,Middle Corridor"
    assert "note" not in back.nodes[TITR]
    assert back.edges[AKTAU, ALAT]["weight"] == 2.0


def test_csv_tables_have_gephis_columns(network, tmp_path):
    write_csv_tables(network, tmp_path / "nodes.csv", tmp_path / "edges.csv")
    with open(tmp_path / "nodes.csv", encoding="utf-8", newline="") as file:
        nodes = list(csv.DictReader(file))
    with open(tmp_path / "edges.csv", encoding="utf-8", newline="") as file:
        edges = list(csv.DictReader(file))
    assert list(nodes[0]) == ["Id", "Label", "aliases", "documents", "hub", "lat", "long", "note",
                              "type"]
    assert list(edges[0]) == ["Source", "Target", "Type", "Weight", "documents", "kind", "mode",
                              "order", "share"]
    assert {row["Id"]: row["Label"] for row in nodes}[AKTAU] == "Port of Aktau"
    assert {(row["Source"], row["Target"], row["Type"], row["Weight"]) for row in edges} == {
        (AKTAU, ALAT, "Undirected", "2.0"), (AKTAU, TITR, "Undirected", "1.0")}


@pytest.mark.parametrize("write", [
    lambda network, folder: write_gexf(network, folder / "missing" / "x.gexf"),
    lambda network, folder: write_graphml(network, folder / "missing" / "x.graphml"),
    lambda network, folder: write_csv_tables(network, folder / "missing" / "n.csv",
                                             folder / "missing" / "e.csv"),
], ids=["gexf", "graphml", "csv"])
def test_an_unwritable_path_is_an_export_error(network, tmp_path, write):
    with pytest.raises(ExportError, match="missing"):
        write(network, tmp_path)
