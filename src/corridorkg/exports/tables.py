"""GraphML (networkx, igraph, Gephi, yEd) and Gephi's spreadsheet tables (CSV)."""
from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx

from ..errors import ExportError
from .common import cell, flat_attributes, plain, writing

_NODE_RESERVED = {"label"}
_EDGE_RESERVED = {"label", "weight"}


def write_graphml(network: nx.Graph, path: str | Path) -> None:
    """Write ``network`` as GraphML that networkx and igraph read back.

    Values are plain: tuples become comma-separated strings, ``years`` too, and each
    ``timeline`` value a column ``<name>_<year>``; ``None`` is left out.

    Raises:
        ExportError: the file cannot be written.
    """
    flat = network.__class__()
    flat.graph.update({key: plain(value) for key, value in network.graph.items()
                       if plain(value) is not None})
    for node, data in network.nodes(data=True):
        flat.add_node(str(node), **flat_attributes(data))
    for source, target, data in network.edges(data=True):
        flat.add_edge(str(source), str(target), **flat_attributes(data))
    with writing(path, "GraphML file") as target:
        try:
            nx.write_graphml(flat, str(target))
        except nx.NetworkXError as err:
            raise ExportError(f"{path}: cannot write the GraphML file: {err}") from err


def write_csv_tables(network: nx.Graph, nodes_path: str | Path, edges_path: str | Path) -> None:
    """Write ``network`` as Gephi spreadsheet tables (File > Import spreadsheet).

    The nodes table has ``Id, Label`` and then one column per node attribute; the edges table
    ``Source, Target, Type, Weight`` and then one column per edge attribute. Values are flattened
    as for :func:`write_graphml` (``meetings_2023`` holds the 2023 value of ``meetings``).

    Raises:
        ExportError: a file cannot be written.
    """
    nodes = [(str(node), flat_attributes(data)) for node, data in network.nodes(data=True)]
    edges = [(str(source), str(target), flat_attributes(data))
             for source, target, data in network.edges(data=True)]
    node_columns = sorted({key for _, data in nodes for key in data} - _NODE_RESERVED)
    edge_columns = sorted({key for *_, data in edges for key in data} - _EDGE_RESERVED)
    edge_type = "Directed" if network.is_directed() else "Undirected"
    node_rows = [["Id", "Label", *node_columns]]
    node_rows += [[node, cell(data.get("label", node)),
                   *(cell(data.get(column)) for column in node_columns)] for node, data in nodes]
    edge_rows = [["Source", "Target", "Type", "Weight", *edge_columns]]
    edge_rows += [[source, target, edge_type, cell(data.get("weight", 1.0)),
                   *(cell(data.get(column)) for column in edge_columns)]
                  for source, target, data in edges]
    for path, rows in ((nodes_path, node_rows), (edges_path, edge_rows)):
        with writing(path, "CSV table") as target, \
                open(target, "w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerows(rows)
