"""Network exports, each read back by the tools' own readers or validated by the format's schema:
GEXF 1.3 (official RELAX NG schema, graphology-gexf under node), GraphML (networkx, igraph),
Gephi CSV, GeoJSON (RFC 7946 JSON Schema), self-contained HTML and PNG; and the export command
on a store built from seeds/."""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import igraph
import jsonschema
import networkx as nx
import pytest
from click.testing import CliRunner
from lxml import etree, html
from matplotlib import image

from corridorkg import resources
from corridorkg.cli import main
from corridorkg.errors import ExportError
from corridorkg.exports import (
    NODE_COLORS,
    write_csv_tables,
    write_geojson,
    write_gexf,
    write_graphml,
    write_html,
    write_png,
)

TESTS = Path(__file__).parent
GEXF_SCHEMA = TESTS / "data" / "gexf-1.3" / "gexf.rng"
GEOJSON_SCHEMA = TESTS / "data" / "geojson" / "geojson.schema.json"
JS = TESTS / "js"
GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"
AKTAU = "https://w3id.org/corridorkg/id/port/aktau"
ALAT = "https://w3id.org/corridorkg/id/port/alat"
POTI = "https://w3id.org/corridorkg/id/port/poti"
KZ, AZ, LT = (f"https://w3id.org/corridorkg/id/country/{code}" for code in ("KZ", "AZ", "LT"))


@pytest.fixture
def routes() -> nx.Graph:
    """A route network as projections.route_network makes them, with awkward values added."""
    network = nx.Graph(name="routes")
    network.add_node(AKTAU, label="Port of Aktau", type="Port", lat=43.6, long=51.2, documents=2,
                     corridors=("Aktau–Baku ferry line", "Middle Corridor"), hub=True,
                     cargo_t=3800000.0, cargo_year=2022,
                     timeline={2021: {"cargo_t": 3500000.0}, 2022: {"cargo_t": 3800000.0}})
    network.add_node(ALAT, label="Port of  Baku\nat Alat", type="Port", lat=40.1, long=49.4,
                     documents=1, corridors=("Middle Corridor",), hub=False, note=None)
    network.add_node(POTI, label="Port of Poti", type="Port", documents=0,
                     corridors=("Middle Corridor",))  # no coordinates
    network.add_edge(AKTAU, ALAT, corridors=("Aktau–Baku ferry line", "Middle Corridor"),
                     modes=("sea",), legs=2, documents=1, weight=2.0, km=416.7, share=0.5)
    network.add_edge(ALAT, POTI, corridors=("Middle Corridor",), modes=("rail",), legs=1,
                     documents=0, weight=1.0)
    return network


@pytest.fixture
def partnerships() -> nx.Graph:
    """A partnership network kept per year, as projections.partnership_network makes them."""
    network = nx.Graph(name="partnerships")
    network.add_node(KZ, label="Kazakhstan", type="Country", iso2="KZ", years=(2019, 2020, 2023),
                     timeline={2019: {"weighted_degree": 1.0}, 2020: {"weighted_degree": 2.0},
                               2023: {"weighted_degree": 3.0}})
    network.add_node(AZ, label="Azerbaijan", type="Country", iso2="AZ", years=(2019, 2020))
    network.add_node(LT, label="Lithuania", type="Country", iso2="LT", years=(2023,))
    network.add_edge(KZ, AZ, meetings=2, trade_figures=1, weight=3.0, years=(2019, 2020),
                     trade_usd=5.2e8, trade_year=2020,
                     timeline={2019: {"meetings": 1, "weight": 1.0},
                               2020: {"meetings": 1, "trade_usd": 5.2e8, "weight": 2.0}})
    network.add_edge(KZ, LT, meetings=0, trade_figures=3, weight=3.0, years=(2023,),
                     timeline={2023: {"meetings": 0, "weight": 3.0}})
    return network


def validate_gexf(path: Path) -> etree._ElementTree:
    schema = etree.RelaxNG(etree.parse(str(GEXF_SCHEMA)))
    document = etree.parse(str(path))
    assert schema.validate(document), schema.error_log
    return document


def validate_geojson(path: Path) -> dict:
    collection = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json.loads(GEOJSON_SCHEMA.read_text())).validate(collection)
    return collection


def read_with_graphology(path: Path) -> dict:
    """What graphology-gexf (Gephi Lite, sigma.js) reads from a GEXF file, run under node."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed; graphology-gexf cannot run")
    if not (JS / "node_modules").is_dir():
        subprocess.run([shutil.which("npm") or "npm", "ci", "--prefix", str(JS), "--no-audit",
                        "--no-fund"], check=True, capture_output=True, timeout=300)
    done = subprocess.run([node, str(JS / "read_gexf.js"), str(path)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# --- GEXF ------------------------------------------------------------------------------------

def test_gexf_validates_against_the_gexf_1_3_relax_ng_schema(routes, tmp_path):
    write_gexf(routes, tmp_path / "routes.gexf")
    validate_gexf(tmp_path / "routes.gexf")


def test_empty_network_gexf_validates(tmp_path):
    write_gexf(nx.Graph(), tmp_path / "empty.gexf")
    validate_gexf(tmp_path / "empty.gexf")


def test_directed_network_gexf_validates(tmp_path):
    network = nx.DiGraph()
    network.add_edge("a", "b", weight=3)
    write_gexf(network, tmp_path / "directed.gexf")
    root = validate_gexf(tmp_path / "directed.gexf").getroot()
    assert root.find(f"{GEXF}graph").get("defaultedgetype") == "directed"


def test_gexf_declares_typed_attributes_and_carries_labels(routes, tmp_path):
    write_gexf(routes, tmp_path / "routes.gexf")
    graph = validate_gexf(tmp_path / "routes.gexf").getroot().find(f"{GEXF}graph")
    assert graph.get("name") is None  # networkx writes name="", which GEXF 1.3 forbids
    assert graph.get("mode") == "static"
    blocks = graph.findall(f"{GEXF}attributes")
    assert [block.get("class") for block in blocks] == ["node", "edge"]  # one block per class
    declared = {(block.get("class"), attribute.get("title")): attribute.get("type")
                for block in blocks for attribute in block.findall(f"{GEXF}attribute")}
    assert declared == {
        ("node", "type"): "string", ("node", "lat"): "double", ("node", "long"): "double",
        ("node", "documents"): "integer", ("node", "hub"): "boolean",
        ("node", "corridors"): "string", ("node", "cargo_t"): "double",
        ("node", "cargo_year"): "integer",
        # a static graph has the timeline as a column per year
        ("node", "cargo_t_2021"): "double", ("node", "cargo_t_2022"): "double",
        ("edge", "corridors"): "string", ("edge", "modes"): "string", ("edge", "legs"): "integer",
        ("edge", "documents"): "integer", ("edge", "km"): "double", ("edge", "share"): "double",
    }
    nodes = {node.get("id"): node for node in graph.iter(f"{GEXF}node")}
    assert nodes[ALAT].get("label") == "Port of Baku at Alat"  # whitespace collapsed
    values = {value.get("for"): value.get("value") for value in nodes[AKTAU].iter(f"{GEXF}attvalue")}
    assert values["corridors"] == "Aktau–Baku ferry line,Middle Corridor"
    assert values["cargo_t_2021"] == "3500000.0"
    assert sorted(edge.get("weight") for edge in graph.iter(f"{GEXF}edge")) == ["1.0", "2.0"]


def test_gexf_viz_colour_by_type_size_and_position_from_coordinates(routes, tmp_path):
    write_gexf(routes, tmp_path / "routes.gexf", position_scale=10.0)
    root = validate_gexf(tmp_path / "routes.gexf").getroot()
    nodes = {node.get("id"): node for node in root.iter(f"{GEXF}node")}
    color = nodes[AKTAU].find(f"{VIZ}color")
    assert tuple(int(color.get(channel)) for channel in "rgb") == NODE_COLORS["Port"]
    position = nodes[AKTAU].find(f"{VIZ}position")
    assert (float(position.get("x")), float(position.get("y"))) == pytest.approx((512.0, 436.0))
    assert nodes[POTI].find(f"{VIZ}position") is None  # no coordinates, no position
    sizes = {node_id: float(node.find(f"{VIZ}size").get("value"))
             for node_id, node in nodes.items()}
    assert sizes[ALAT] > sizes[AKTAU] > sizes[POTI] > 0  # larger with weighted degree


def test_gexf_of_a_network_kept_per_year_plays_on_gephis_timeline(partnerships, tmp_path):
    write_gexf(partnerships, tmp_path / "partnerships.gexf")
    graph = validate_gexf(tmp_path / "partnerships.gexf").getroot().find(f"{GEXF}graph")
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    blocks = graph.findall(f"{GEXF}attributes")
    assert [(block.get("class"), block.get("mode")) for block in blocks] == [
        ("node", "dynamic"), ("edge", "dynamic")]
    declared = {(block.get("class"), attribute.get("id")): attribute.get("type")
                for block in blocks for attribute in block.findall(f"{GEXF}attribute")}
    assert declared[("edge", "meetings_by_year")] == "integer"
    assert declared[("edge", "trade_usd_by_year")] == "double"
    assert declared[("node", "weighted_degree_by_year")] == "double"
    nodes = {node.get("id"): node for node in graph.iter(f"{GEXF}node")}
    # consecutive years make one spell
    assert [(spell.get("start"), spell.get("end")) for spell in nodes[KZ].iter(f"{GEXF}spell")] == [
        ("2019-01-01", "2020-12-31"), ("2023-01-01", "2023-12-31")]
    edge = next(edge for edge in graph.iter(f"{GEXF}edge") if {edge.get("source"),
                                                               edge.get("target")} == {KZ, AZ})
    by_year = [(value.get("value"), value.get("start"), value.get("end"))
               for value in edge.iter(f"{GEXF}attvalue") if value.get("for") == "meetings_by_year"]
    assert by_year == [("1", "2019-01-01", "2019-12-31"), ("1", "2020-01-01", "2020-12-31")]
    total = [value.get("value") for value in edge.iter(f"{GEXF}attvalue")
             if value.get("for") == "meetings"]
    assert total == ["2"]  # the total holds at all times: no start, no end


def test_graphology_gexf_reads_static_and_dynamic_files(routes, partnerships, tmp_path):
    write_gexf(routes, tmp_path / "routes.gexf")
    read = read_with_graphology(tmp_path / "routes.gexf")
    assert (read["nodes"], read["edges"], read["type"]) == (3, 2, "undirected")
    assert read["node"]["id"] == AKTAU
    assert (read["node"]["label"], read["node"]["lat"], read["node"]["x"]) == (
        "Port of Aktau", 43.6, 512.0)
    assert read["node"]["hub"] is True and read["node"]["color"] == "rgb(23,190,207)"
    write_gexf(partnerships, tmp_path / "partnerships.gexf")
    read = read_with_graphology(tmp_path / "partnerships.gexf")
    assert (read["nodes"], read["edges"]) == (3, 2)
    assert read["edge"]["meetings"] == 2 and read["edge"]["weight"] == 3


# --- GraphML and CSV -------------------------------------------------------------------------

def test_graphml_reads_back_in_networkx(routes, tmp_path):
    write_graphml(routes, tmp_path / "routes.graphml")
    back = nx.read_graphml(tmp_path / "routes.graphml")
    assert set(back.nodes) == set(routes.nodes)
    assert {frozenset(edge) for edge in back.edges} == {frozenset(edge) for edge in routes.edges}
    assert back.nodes[AKTAU]["lat"] == 43.6 and back.nodes[AKTAU]["hub"] is True
    assert back.nodes[AKTAU]["corridors"] == "Aktau–Baku ferry line,Middle Corridor"
    assert back.nodes[AKTAU]["cargo_t_2021"] == 3500000.0
    assert "note" not in back.nodes[ALAT] and "timeline" not in back.nodes[AKTAU]
    assert back.edges[AKTAU, ALAT]["weight"] == 2.0


def test_graphml_reads_back_in_igraph(partnerships, tmp_path):
    write_graphml(partnerships, tmp_path / "partnerships.graphml")
    back = igraph.Graph.Read_GraphML(str(tmp_path / "partnerships.graphml"))
    assert (back.vcount(), back.ecount(), back.is_directed()) == (3, 2, False)
    vertex = back.vs.find(id=KZ)
    assert (vertex["label"], vertex["years"], vertex["weighted_degree_2020"]) == (
        "Kazakhstan", "2019,2020,2023", 2.0)
    edge = back.es[back.get_eid(vertex.index, back.vs.find(id=AZ).index)]
    assert (edge["meetings"], edge["trade_usd"], edge["meetings_2019"]) == (2, 5.2e8, 1)


def test_csv_tables_have_gephis_columns(routes, tmp_path):
    write_csv_tables(routes, tmp_path / "nodes.csv", tmp_path / "edges.csv")
    with open(tmp_path / "nodes.csv", encoding="utf-8", newline="") as file:
        nodes = list(csv.DictReader(file))
    with open(tmp_path / "edges.csv", encoding="utf-8", newline="") as file:
        edges = list(csv.DictReader(file))
    assert list(nodes[0]) == ["Id", "Label", "cargo_t", "cargo_t_2021", "cargo_t_2022",
                              "cargo_year", "corridors", "documents", "hub", "lat", "long", "type"]
    assert list(edges[0]) == ["Source", "Target", "Type", "Weight", "corridors", "documents", "km",
                              "legs", "modes", "share"]
    assert {row["Id"]: row["Label"] for row in nodes}[AKTAU] == "Port of Aktau"
    assert {(row["Source"], row["Target"], row["Type"], row["Weight"]) for row in edges} == {
        (AKTAU, ALAT, "Undirected", "2.0"), (ALAT, POTI, "Undirected", "1.0")}


def test_csv_tables_of_a_directed_network(tmp_path):
    network = nx.DiGraph()
    network.add_edge(KZ, AZ, weight=2.0, years=(2022, 2023))
    write_csv_tables(network, tmp_path / "n.csv", tmp_path / "e.csv")
    rows = list(csv.DictReader((tmp_path / "e.csv").open(encoding="utf-8", newline="")))
    assert rows == [{"Source": KZ, "Target": AZ, "Type": "Directed", "Weight": "2.0",
                     "years": "2022,2023"}]


# --- GeoJSON ---------------------------------------------------------------------------------

def test_geojson_validates_and_puts_places_and_legs_on_the_map(routes, tmp_path):
    write_geojson(routes, tmp_path / "routes.geojson")
    collection = validate_geojson(tmp_path / "routes.geojson")
    points = {feature["id"]: feature for feature in collection["features"]
              if feature["geometry"]["type"] == "Point"}
    lines = [feature for feature in collection["features"]
             if feature["geometry"]["type"] == "LineString"]
    assert set(points) == {AKTAU, ALAT}  # Poti has no coordinates
    assert points[AKTAU]["geometry"]["coordinates"] == [51.2, 43.6]  # longitude first
    assert points[AKTAU]["properties"]["kind"] == "place"
    assert points[AKTAU]["properties"]["cargo_t_2022"] == 3800000.0
    assert len(lines) == 1  # the leg to Poti cannot be drawn
    assert lines[0]["geometry"]["coordinates"] == [[51.2, 43.6], [49.4, 40.1]]
    assert lines[0]["properties"]["modes"] == "sea" and lines[0]["properties"]["kind"] == "leg"


def test_geojson_schema_rejects_what_rfc_7946_forbids():
    schema = json.loads(GEOJSON_SCHEMA.read_text())
    validator = jsonschema.Draft202012Validator(schema)
    point = {"type": "Feature", "properties": {}, "geometry": {"type": "Point",
                                                               "coordinates": [51.2, 43.6]}}
    assert validator.is_valid({"type": "FeatureCollection", "features": [point]})
    swapped = {**point, "geometry": {"type": "Point", "coordinates": [43.6, 151.2]}}
    assert not validator.is_valid(swapped)                                  # latitude > 90
    assert not validator.is_valid({**point, "crs": {"type": "name"}})       # no crs in RFC 7946
    assert not validator.is_valid({"type": "Feature", "geometry": None})    # properties required
    line = {"type": "LineString", "coordinates": [[51.2, 43.6]]}
    assert not validator.is_valid(line)                                     # two positions or more


def test_geojson_of_a_network_without_coordinates_is_an_export_error(partnerships, tmp_path):
    with pytest.raises(ExportError, match="no places with coordinates"):
        write_geojson(partnerships, tmp_path / "partnerships.geojson")
    assert not (tmp_path / "partnerships.geojson").exists()


# --- HTML and PNG ----------------------------------------------------------------------------

def external_references(page: str) -> list[str]:
    """Everything in an HTML page that a browser would fetch from elsewhere."""
    document = html.fromstring(page)
    found = [value for element in document.iter() if isinstance(element.tag, str)
             for name, value in element.attrib.items()
             if name in ("src", "href", "data", "srcset", "poster")
             or (name.endswith("href") and not value.startswith("#"))]
    found += [text for text in (document.xpath("//style/text()") + [page])
              if "@import" in text or "url(http" in text or "url(//" in text]
    return found


def test_html_view_is_self_contained(partnerships, tmp_path):
    write_html(partnerships, tmp_path / "partnerships.html", title="Partnerships")
    page = (tmp_path / "partnerships.html").read_text(encoding="utf-8")
    assert external_references(page) == []
    document = html.fromstring(page)
    assert document.findtext(".//title") == "Partnerships"
    assert len(document.xpath("//g[@class='node']")) == 3
    assert len(document.xpath("//line[@class='edge']")) == 2
    assert document.xpath("//input[@id='year']/@min") == ["2019"]  # the year slider
    assert document.xpath("//g[@class='node'][@data-years='2019 2020 2023']")
    assert "Kazakhstan" in document.text_content()


def test_html_view_of_a_route_network_is_a_map_that_escapes_text(routes, tmp_path):
    routes.nodes[POTI]["label"] = "<script>alert(1)</script>"
    write_html(routes, tmp_path / "routes.html")
    page = (tmp_path / "routes.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    document = html.fromstring(page)
    assert len(document.xpath("//g[@class='node']")) == 2  # Poti has no coordinates
    assert "1 places without coordinates" in document.text_content()
    assert not document.xpath("//input[@id='year']")  # a static network has no slider


def test_png_map_and_layout(routes, partnerships, tmp_path):
    write_png(routes, tmp_path / "routes.png", dpi=50)
    write_png(partnerships, tmp_path / "partnerships.png", dpi=50)
    for name in ("routes.png", "partnerships.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        height, width, _ = image.imread(tmp_path / name).shape
        assert width > 300 and height > 200


def test_html_and_png_of_an_empty_network_are_export_errors(tmp_path):
    for write, name in ((write_html, "x.html"), (write_png, "x.png")):
        with pytest.raises(ExportError, match="empty"):
            write(nx.Graph(), tmp_path / name)


@pytest.mark.parametrize("write", [
    lambda network, folder: write_gexf(network, folder / "missing" / "x.gexf"),
    lambda network, folder: write_graphml(network, folder / "missing" / "x.graphml"),
    lambda network, folder: write_csv_tables(network, folder / "missing" / "n.csv",
                                             folder / "missing" / "e.csv"),
    lambda network, folder: write_geojson(network, folder / "missing" / "x.geojson"),
    lambda network, folder: write_html(network, folder / "missing" / "x.html"),
    lambda network, folder: write_png(network, folder / "missing" / "x.png"),
], ids=["gexf", "graphml", "csv", "geojson", "html", "png"])
def test_an_unwritable_path_is_an_export_error(routes, tmp_path, write):
    with pytest.raises(ExportError, match="missing.*check that the folder exists"):
        write(routes, tmp_path)


# --- the export command on the graph built from seeds/ ---------------------------------------

@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("exports") / "store"
    result = CliRunner().invoke(main, ["build", str(resources.seeds_dir()), "--store", str(path),
                                       "-q"])
    assert result.exit_code == 0, result.output
    return path


def export(*args):
    return CliRunner().invoke(main, ["export", *(str(arg) for arg in args)])


@pytest.mark.parametrize("network", ["route", "partnership", "trade", "actors"])
def test_export_command_writes_every_format_of_every_network(seeds_store, tmp_path, network):
    for fmt in ("gexf", "graphml", "csv", "html", "png"):
        result = export(network, "--store", seeds_store, "--format", fmt,
                        "--out", tmp_path / f"{network}.{fmt}")
        assert result.exit_code == 0, result.output
        assert f"wrote {network} network" in result.output
    validate_gexf(tmp_path / f"{network}.gexf")
    graph = nx.read_graphml(tmp_path / f"{network}.graphml")
    assert all("pagerank" in data and "community" in data for _, data in graph.nodes(data=True))
    assert (tmp_path / f"{network}.nodes.csv").exists()
    assert external_references((tmp_path / f"{network}.html").read_text(encoding="utf-8")) == []


def test_export_command_route_geojson_and_corridor_filter(seeds_store, tmp_path):
    result = export("route", "--store", seeds_store, "--format", "geojson",
                    "--out", tmp_path / "routes.geojson")
    assert result.exit_code == 0, result.output
    validate_geojson(tmp_path / "routes.geojson")
    result = export("route", "--store", seeds_store, "--corridor", "Middle Corridor",
                    "--format", "graphml", "--out", tmp_path / "titr.graphml")
    assert result.exit_code == 0, result.output
    titr = nx.read_graphml(tmp_path / "titr.graphml")
    assert all("Trans-Caspian International Transport Route" in data["corridors"]
               for _, data in titr.nodes(data=True))


def test_export_command_partnership_gexf_is_dynamic(seeds_store, tmp_path):
    result = export("partnership", "--store", seeds_store, "--out", tmp_path / "p.gexf")
    assert result.exit_code == 0, result.output
    graph = validate_gexf(tmp_path / "p.gexf").getroot().find(f"{GEXF}graph")
    assert graph.get("mode") == "dynamic" and list(graph.iter(f"{GEXF}spell"))
    assert read_with_graphology(tmp_path / "p.gexf")["nodes"] == len(list(graph.iter(f"{GEXF}node")))


@pytest.mark.parametrize(("args", "message"), [
    (["route", "--corridor", "nowhere", "--out", "x.gexf"], "no corridor named 'nowhere'"),
    (["partnership", "--format", "geojson", "--out", "x.geojson"], "GeoJSON is for the route"),
], ids=["unknown-corridor", "geojson-without-coordinates"])
def test_export_command_errors_exit_2(seeds_store, tmp_path, args, message):
    args[args.index("--out") + 1] = tmp_path / args[args.index("--out") + 1]
    result = export(*args, "--store", seeds_store)
    assert result.exit_code == 2
    assert message in result.output
