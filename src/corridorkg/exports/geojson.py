"""GeoJSON (RFC 7946) of a network with coordinates, for QGIS and kepler.gl."""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from ..errors import ExportError
from .common import flat_attributes, has_coordinates, writing

_DIGITS = 6  # RFC 7946 11.2: six decimal places are about 10 cm


def write_geojson(network: nx.Graph, path: str | Path) -> None:
    """Write the nodes with coordinates as points and the edges between them as lines.

    One ``FeatureCollection`` in WGS 84 longitude, latitude order (RFC 7946; no ``crs``).
    Each feature's ``id`` is the node IRI (points) or ``source|target`` (lines), and its
    ``properties`` hold ``kind`` (``"place"`` or ``"leg"``), ``id``/``source``/``target``,
    ``label`` and every other attribute as a plain value (tuples comma-separated, the timeline
    as ``<name>_<year>`` columns), so QGIS and kepler.gl can style and filter by them.
    Nodes without coordinates, and edges touching one, are left out.

    Raises:
        ExportError: no node has coordinates (only the route network has them), or the file
            cannot be written.
    """
    features = []
    for node, data in network.nodes(data=True):
        if not has_coordinates(data):
            continue
        properties = {"kind": "place", "id": str(node), **flat_attributes(data)}
        features.append({"type": "Feature", "id": str(node),
                         "geometry": {"type": "Point", "coordinates": _position(data)},
                         "properties": properties})
    if not features:
        raise ExportError(f"{path}: the network has no places with coordinates to put on a map; "
                          "GeoJSON is for the route network")
    for source, target, data in network.edges(data=True):
        ends = network.nodes[source], network.nodes[target]
        if not all(has_coordinates(end) for end in ends):
            continue
        properties = {"kind": "leg", "source": str(source), "target": str(target),
                      "source_label": str(ends[0].get("label", source)),
                      "target_label": str(ends[1].get("label", target)),
                      **flat_attributes(data)}
        features.append({"type": "Feature", "id": f"{source}|{target}",
                         "geometry": {"type": "LineString",
                                      "coordinates": [_position(end) for end in ends]},
                         "properties": properties})
    collection = {"type": "FeatureCollection", "features": features}
    if network.graph.get("name"):
        collection["name"] = str(network.graph["name"])  # a foreign member QGIS shows as the layer
    with writing(path, "GeoJSON file") as target:
        with open(target, "w", encoding="utf-8") as out:
            json.dump(collection, out, ensure_ascii=False, allow_nan=False, indent=1)
            out.write("\n")


def _position(data) -> list[float]:
    return [round(float(data["long"]), _DIGITS), round(float(data["lat"]), _DIGITS)]
