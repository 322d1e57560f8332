"""Write networks for Gephi and other tools: one function per format.

- :func:`write_gexf`: GEXF 1.3 (valid against the official RELAX NG schema), with typed
  attributes, labels, and Gephi's viz extension: a colour per node type, a size from the
  weighted degree, and a position from the place's longitude and latitude when it has them.
- :func:`write_graphml`: GraphML through networkx.
- :func:`write_csv_tables`: Gephi's spreadsheet import, a nodes table and an edges table.

networkx's own GEXF writer is not used: it writes an empty ``name`` on ``<graph>`` and a
GEXF 1.2 ``xsi:schemaLocation``, neither of which the 1.3 RELAX NG schema allows (it allows no
``xsi:schemaLocation`` at all, so none is written).
"""
from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

import networkx as nx
from lxml import etree

from .errors import ExportError

__all__ = ["write_gexf", "write_graphml", "write_csv_tables", "NODE_COLORS"]

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"

# colour (r, g, b) of a node by its ``type`` attribute
NODE_COLORS: dict[str, tuple[int, int, int]] = {
    "Country": (31, 119, 180),
    "Region": (148, 103, 189),
    "Settlement": (44, 160, 44),
    "Port": (23, 190, 207),
    "Corridor": (214, 39, 40),
    "Organization": (255, 127, 14),
    "Person": (227, 119, 194),
}
_DEFAULT_COLOR = (127, 127, 127)

# attributes that GEXF carries in its own places rather than as <attvalue>s
_NODE_RESERVED = {"label"}
_EDGE_RESERVED = {"label", "weight"}


def write_gexf(network: nx.Graph, path: str | Path, *, position_scale: float = 10.0) -> None:
    """Write ``network`` as GEXF 1.3 for Gephi.

    Node and edge attributes are declared with their types (integer, double, boolean, string;
    lists become comma-separated strings, ``None`` is left out). A node's ``label`` attribute
    is its label, an edge's ``weight`` its weight. Nodes get ``viz:color`` by their ``type``
    (:data:`NODE_COLORS`), ``viz:size`` from ``size`` or else their weighted degree, and
    ``viz:position`` at (``long``, ``lat``) × ``position_scale`` when both are present.

    Raises:
        ExportError: the file cannot be written.
    """
    try:
        root = _gexf_tree(network, position_scale)
    except ValueError as err:  # lxml refuses text that XML cannot hold
        raise ExportError(f"{path}: cannot write the GEXF file: {err}") from err
    try:
        etree.ElementTree(root).write(str(path), xml_declaration=True, encoding="UTF-8",
                                      pretty_print=True)
    except OSError as err:
        raise ExportError(f"{path}: cannot write the GEXF file: {err}; "
                          "check that the folder exists and is writable") from err


def _gexf_tree(network: nx.Graph, position_scale: float) -> etree._Element:
    node_attributes = _declare((data for _, data in network.nodes(data=True)), _NODE_RESERVED)
    edge_attributes = _declare((data for *_, data in network.edges(data=True)), _EDGE_RESERVED)

    root = etree.Element(f"{{{GEXF_NS}}}gexf", nsmap={None: GEXF_NS, "viz": VIZ_NS},
                         version="1.3")
    meta = etree.SubElement(root, f"{{{GEXF_NS}}}meta", lastmodifieddate=date.today().isoformat())
    etree.SubElement(meta, f"{{{GEXF_NS}}}creator").text = "corridorkg"
    if network.graph.get("name"):
        etree.SubElement(meta, f"{{{GEXF_NS}}}description").text = str(network.graph["name"])
    graph = etree.SubElement(root, f"{{{GEXF_NS}}}graph", mode="static",
                             defaultedgetype="directed" if network.is_directed() else "undirected")
    for kind, declared in (("node", node_attributes), ("edge", edge_attributes)):
        block = etree.SubElement(graph, f"{{{GEXF_NS}}}attributes", mode="static")
        block.set("class", kind)
        for name, gexf_type in declared.items():
            etree.SubElement(block, f"{{{GEXF_NS}}}attribute", id=name, title=name, type=gexf_type)

    nodes = etree.SubElement(graph, f"{{{GEXF_NS}}}nodes", count=str(network.number_of_nodes()))
    strength = dict(network.degree(weight="weight"))
    for node, data in network.nodes(data=True):
        element = etree.SubElement(nodes, f"{{{GEXF_NS}}}node", id=_xml_text(str(node)),
                                   label=_token(data.get("label", node)))
        _attvalues(element, data, node_attributes)
        red, green, blue = NODE_COLORS.get(str(data.get("type")), _DEFAULT_COLOR)
        etree.SubElement(element, f"{{{VIZ_NS}}}color", r=str(red), g=str(green), b=str(blue))
        size = data.get("size")
        if not _is_number(size) or size < 0:
            size = 5.0 + 3.0 * math.sqrt(max(float(strength.get(node, 0.0)), 0.0))
        etree.SubElement(element, f"{{{VIZ_NS}}}size", value=_number(size))
        if _is_number(data.get("long")) and _is_number(data.get("lat")):
            etree.SubElement(element, f"{{{VIZ_NS}}}position",
                             x=_number(data["long"] * position_scale),
                             y=_number(data["lat"] * position_scale), z="0.0")

    edges = etree.SubElement(graph, f"{{{GEXF_NS}}}edges", count=str(network.number_of_edges()))
    for index, (source, target, data) in enumerate(network.edges(data=True)):
        element = etree.SubElement(edges, f"{{{GEXF_NS}}}edge", id=str(index),
                                   source=_xml_text(str(source)),
                                   target=_xml_text(str(target)))
        weight = data.get("weight")
        if _is_number(weight):
            element.set("weight", _number(weight))
        if data.get("label") is not None:
            element.set("label", _token(data["label"]))
        _attvalues(element, data, edge_attributes)
    return root


def write_graphml(network: nx.Graph, path: str | Path) -> None:
    """Write ``network`` as GraphML (networkx), with lists as comma-separated strings.

    Raises:
        ExportError: the file cannot be written.
    """
    plain = network.__class__()
    plain.graph.update({key: _plain(value) for key, value in network.graph.items()
                        if _plain(value) is not None})
    for node, data in network.nodes(data=True):
        plain.add_node(str(node), **_plain_attributes(data))
    for source, target, data in network.edges(data=True):
        plain.add_edge(str(source), str(target), **_plain_attributes(data))
    try:
        nx.write_graphml(plain, str(path))
    except (OSError, nx.NetworkXError) as err:
        raise ExportError(f"{path}: cannot write the GraphML file: {err}") from err


def write_csv_tables(network: nx.Graph, nodes_path: str | Path, edges_path: str | Path) -> None:
    """Write ``network`` as Gephi spreadsheet tables (File > Import spreadsheet).

    The nodes table has ``Id, Label`` and then one column per node attribute; the edges table
    ``Source, Target, Type, Weight`` and then one column per edge attribute.

    Raises:
        ExportError: a file cannot be written.
    """
    node_columns = sorted({key for _, data in network.nodes(data=True) for key in data}
                          - _NODE_RESERVED)
    edge_columns = sorted({key for *_, data in network.edges(data=True) for key in data}
                          - _EDGE_RESERVED)
    edge_type = "Directed" if network.is_directed() else "Undirected"
    nodes = [["Id", "Label", *node_columns]]
    for node, data in network.nodes(data=True):
        nodes.append([str(node), _cell(data.get("label", node)),
                      *(_cell(data.get(column)) for column in node_columns)])
    edges = [["Source", "Target", "Type", "Weight", *edge_columns]]
    for source, target, data in network.edges(data=True):
        edges.append([str(source), str(target), edge_type, _cell(data.get("weight", 1.0)),
                      *(_cell(data.get(column)) for column in edge_columns)])
    for path, rows in ((nodes_path, nodes), (edges_path, edges)):
        try:
            with open(path, "w", encoding="utf-8", newline="") as out:
                csv.writer(out).writerows(rows)
        except OSError as err:
            raise ExportError(f"{path}: cannot write the CSV table: {err}; "
                              "check that the folder exists and is writable") from err


# --- helpers -----------------------------------------------------------------------------

def _declare(records: Iterable[Mapping], reserved: set[str]) -> dict[str, str]:
    """Attribute name -> GEXF type, from the values the elements carry."""
    kinds: dict[str, set[str]] = {}
    for data in records:
        for key, value in data.items():
            if key in reserved or value is None:
                continue
            kinds.setdefault(key, set()).add(_gexf_type(value))
    declared = {}
    for key in sorted(kinds):
        found = kinds[key]
        if len(found) == 1:
            declared[key] = found.pop()
        elif found <= {"integer", "long", "double"}:
            declared[key] = "double"
        else:
            declared[key] = "string"
    return declared


def _gexf_type(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer" if -2**31 <= value < 2**31 else "long"
    if isinstance(value, float):
        return "double"
    return "string"


def _attvalues(element: etree._Element, data: Mapping, declared: Mapping[str, str]) -> None:
    values = [(key, data[key]) for key in declared if data.get(key) is not None]
    if not values:
        return
    block = etree.SubElement(element, f"{{{GEXF_NS}}}attvalues")
    for key, value in values:
        etree.SubElement(block, f"{{{GEXF_NS}}}attvalue", value=_attvalue(value, declared[key]))
        block[-1].set("for", key)


def _attvalue(value, gexf_type: str) -> str:
    if gexf_type == "boolean":
        return "true" if value else "false"
    if gexf_type == "double":
        return _number(value)
    if gexf_type in ("integer", "long"):
        return str(int(value))
    return _xml_text(_cell(value))


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _number(value) -> str:
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    return repr(value)


def _token(value) -> str:
    return " ".join(_xml_text(str(value)).split())


def _xml_text(text: str) -> str:
    """``text`` without the control characters XML 1.0 cannot hold."""
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set, frozenset)):
        return ",".join(str(item) for item in (sorted(value) if isinstance(value, (set, frozenset))
                                                else value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _plain(value):
    if value is None:
        return None
    if isinstance(value, (bool, int, float, str)):
        return value
    return _cell(value)


def _plain_attributes(data: Mapping) -> dict:
    return {key: _plain(value) for key, value in data.items() if _plain(value) is not None}
