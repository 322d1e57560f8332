"""GEXF 1.3 for Gephi, Gephi Lite and sigma.js, valid against the official RELAX NG schema.

networkx's own GEXF writer is not used: it writes an empty ``name`` on ``<graph>`` and a GEXF 1.2
``xsi:schemaLocation``, neither of which the 1.3 schema allows (it allows no
``xsi:schemaLocation`` at all, so none is written).

Each element class gets one ``<attributes>`` block: graphology-gexf, the reader behind Gephi
Lite and sigma.js, keeps only the last block of a class, so a static block and a dynamic block
side by side would leave the first one's attributes undeclared. In a dynamic graph the block is
``mode="dynamic"``; Gephi reads a value without ``start``/``end`` there as holding at all times.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

import networkx as nx
from lxml import etree

from ..errors import ExportError
from .common import (
    DEFAULT_COLOR,
    NODE_COLORS,
    TIMELINE,
    YEARS,
    cell,
    flat_attributes,
    has_coordinates,
    is_number,
    node_sizes,
    plain,
    writing,
)

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
_G = f"{{{GEXF_NS}}}"
_VIZ = f"{{{VIZ_NS}}}"

# attributes that GEXF carries in its own places rather than as <attvalue>s
_NODE_RESERVED = {"label", YEARS, TIMELINE}
_EDGE_RESERVED = {"label", "weight", YEARS, TIMELINE}
DYNAMIC_SUFFIX = "_by_year"


def write_gexf(network: nx.Graph, path: str | Path, *, position_scale: float = 10.0) -> None:
    """Write ``network`` as GEXF 1.3 for Gephi.

    Node and edge attributes are declared with their types (integer, long, double, boolean,
    string; tuples become comma-separated strings, ``None`` is left out). A node's ``label`` is
    its label, an edge's ``weight`` its weight. Nodes get ``viz:color`` by their ``type``
    (:data:`NODE_COLORS`), ``viz:size`` from ``size`` or else their weighted degree, and
    ``viz:position`` at (``long``, ``lat``) × ``position_scale`` when both are present, so a
    map shows without a layout.

    Time: when elements have ``years``, the graph is dynamic (``timeformat="date"``): each
    element gets spells, one per run of consecutive years (2019 is 2019-01-01 to 2019-12-31),
    and each ``timeline`` value ``{year: {name: value}}`` becomes a value of the attribute
    ``<name>_by_year`` for that year, so Gephi's timeline plays the network year by year. In a
    static graph the timeline becomes columns ``<name>_<year>``.

    Raises:
        ExportError: the file cannot be written.
    """
    try:
        root = _gexf_tree(network, position_scale)
    except ValueError as err:  # lxml refuses text that XML cannot hold
        raise ExportError(f"{path}: cannot write the GEXF file: {err}") from err
    with writing(path, "GEXF file") as target:
        etree.ElementTree(root).write(str(target), xml_declaration=True, encoding="UTF-8",
                                      pretty_print=True)


def _gexf_tree(network: nx.Graph, position_scale: float) -> etree._Element:
    dynamic = any(data.get(YEARS) for _, data in network.nodes(data=True)) or any(
        data.get(YEARS) for *_, data in network.edges(data=True))
    node_values = {node: _values(data, _NODE_RESERVED, dynamic)
                   for node, data in network.nodes(data=True)}
    edge_values = [_values(data, _EDGE_RESERVED, dynamic)
                   for *_, data in network.edges(data=True)]
    node_declared = _declare(node_values.values())
    edge_declared = _declare(edge_values)

    root = etree.Element(f"{_G}gexf", nsmap={None: GEXF_NS, "viz": VIZ_NS}, version="1.3")
    meta = etree.SubElement(root, f"{_G}meta", lastmodifieddate=date.today().isoformat())
    etree.SubElement(meta, f"{_G}creator").text = "corridorkg"
    if network.graph.get("name"):
        etree.SubElement(meta, f"{_G}description").text = _xml_text(str(network.graph["name"]))
    graph = etree.SubElement(root, f"{_G}graph",
                             defaultedgetype="directed" if network.is_directed() else "undirected")
    if dynamic:
        graph.set("mode", "dynamic")
        graph.set("timeformat", "date")
        graph.set("timerepresentation", "interval")
    else:
        graph.set("mode", "static")
    for kind, declared in (("node", node_declared), ("edge", edge_declared)):
        block = etree.SubElement(graph, f"{_G}attributes",
                                 mode="dynamic" if dynamic else "static")
        block.set("class", kind)
        for name, gexf_type in declared.items():
            etree.SubElement(block, f"{_G}attribute", id=name, title=name, type=gexf_type)

    nodes = etree.SubElement(graph, f"{_G}nodes", count=str(network.number_of_nodes()))
    sizes = node_sizes(network)
    for node, data in network.nodes(data=True):
        element = etree.SubElement(nodes, f"{_G}node", id=_xml_text(str(node)),
                                   label=_token(data.get("label", node)))
        _attvalues(element, node_values[node], node_declared)
        _spells(element, data.get(YEARS) if dynamic else None)
        red, green, blue = NODE_COLORS.get(str(data.get("type")), DEFAULT_COLOR)
        etree.SubElement(element, f"{_VIZ}color", r=str(red), g=str(green), b=str(blue))
        etree.SubElement(element, f"{_VIZ}size", value=_number(sizes[node]))
        if has_coordinates(data):
            etree.SubElement(element, f"{_VIZ}position",
                             x=_number(data["long"] * position_scale),
                             y=_number(data["lat"] * position_scale), z="0.0")

    edges = etree.SubElement(graph, f"{_G}edges", count=str(network.number_of_edges()))
    for index, ((source, target, data), values) in enumerate(
            zip(network.edges(data=True), edge_values)):
        element = etree.SubElement(edges, f"{_G}edge", id=str(index),
                                   source=_xml_text(str(source)), target=_xml_text(str(target)))
        if is_number(data.get("weight")):
            element.set("weight", _number(data["weight"]))
        if data.get("label") is not None:
            element.set("label", _token(data["label"]))
        _attvalues(element, values, edge_declared)
        _spells(element, data.get(YEARS) if dynamic else None)
    return root


def _values(data: Mapping, reserved: set[str], dynamic: bool) -> list[tuple[str, object, int | None]]:
    """(attribute, value, year or None) of one element."""
    if not dynamic:
        return [(name, value, None) for name, value in flat_attributes(data).items()
                if name not in reserved]
    values = [(name, plain(value), None) for name, value in data.items()
              if name not in reserved and plain(value) is not None]
    for year, named in sorted((data.get(TIMELINE) or {}).items()):
        values += [(f"{name}{DYNAMIC_SUFFIX}", plain(value), int(year))
                   for name, value in named.items() if plain(value) is not None]
    return values


def _declare(elements: Iterable[list[tuple[str, object, int | None]]]) -> dict[str, str]:
    """Attribute name -> GEXF type, from the values the elements carry."""
    kinds: dict[str, set[str]] = {}
    for values in elements:
        for name, value, _ in values:
            kinds.setdefault(name, set()).add(_gexf_type(value))
    declared = {}
    for name in sorted(kinds):
        found = kinds[name]
        if len(found) == 1:
            declared[name] = found.pop()
        elif found <= {"integer", "long"}:
            declared[name] = "long"
        elif found <= {"integer", "long", "double"}:
            declared[name] = "double"
        else:
            declared[name] = "string"
    return declared


def _gexf_type(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer" if -2**31 <= value < 2**31 else "long"
    if isinstance(value, float):
        return "double"
    return "string"


def _attvalues(element: etree._Element, values, declared: Mapping[str, str]) -> None:
    if not values:
        return
    block = etree.SubElement(element, f"{_G}attvalues")
    for name, value, year in values:
        attvalue = etree.SubElement(block, f"{_G}attvalue", value=_attvalue(value, declared[name]))
        attvalue.set("for", name)
        if year is not None:
            attvalue.set("start", f"{year:04d}-01-01")
            attvalue.set("end", f"{year:04d}-12-31")


def _spells(element: etree._Element, years) -> None:
    """One spell per run of consecutive years."""
    runs: list[list[int]] = []
    for year in sorted({int(year) for year in years or ()}):
        if runs and year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    if not runs:
        return
    spells = etree.SubElement(element, f"{_G}spells")
    for first, last in runs:
        etree.SubElement(spells, f"{_G}spell", start=f"{first:04d}-01-01", end=f"{last:04d}-12-31")


def _attvalue(value, gexf_type: str) -> str:
    if gexf_type == "boolean":
        return "true" if value else "false"
    if gexf_type == "double":
        return _number(value)
    if gexf_type in ("integer", "long"):
        return str(int(value))
    return _xml_text(cell(value))


def _number(value) -> str:
    return repr(float(value))


def _token(value) -> str:
    return " ".join(_xml_text(str(value)).split())


def _xml_text(text: str) -> str:
    """``text`` without the control characters XML 1.0 cannot hold."""
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20)
