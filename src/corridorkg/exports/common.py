"""What the writers share: colours, sizes, plain attribute values and the file boundary."""
from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import networkx as nx

from ..errors import ExportError

# colour (r, g, b) of a node by its ``type`` attribute
NODE_COLORS: dict[str, tuple[int, int, int]] = {
    "Country": (31, 119, 180),
    "Region": (148, 103, 189),
    "Settlement": (44, 160, 44),
    "BorderCrossing": (188, 189, 34),
    "Port": (23, 190, 207),
    "Corridor": (214, 39, 40),
    "Organization": (255, 127, 14),
    "Person": (227, 119, 194),
}
DEFAULT_COLOR = (127, 127, 127)

# colour of a route leg by its transport mode
MODE_COLORS: dict[str, tuple[int, int, int]] = {
    "rail": (140, 86, 75),
    "sea": (31, 119, 180),
    "road": (127, 127, 127),
    "pipeline": (0, 0, 0),
    "air": (148, 103, 189),
    "multimodal": (214, 39, 40),
}

# colours of communities, for networks whose nodes are all of one type (Tableau 10)
COMMUNITY_COLORS = [(31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40),
                    (148, 103, 189), (140, 86, 75), (227, 119, 194), (188, 189, 34),
                    (23, 190, 207), (127, 127, 127)]

# attributes that carry time (see corridorkg.projections): not written as plain columns
YEARS, TIMELINE = "years", "timeline"


def node_sizes(network: nx.Graph, *, smallest: float = 5.0, scale: float = 3.0) -> dict:
    """Node -> size: ``size`` when the node has one, else grows with the weighted degree."""
    strength = dict(network.degree(weight="weight"))
    sizes = {}
    for node, data in network.nodes(data=True):
        size = data.get("size")
        if not is_number(size) or size < 0:
            size = smallest + scale * math.sqrt(max(float(strength.get(node, 0.0)), 0.0))
        sizes[node] = float(size)
    return sizes


def node_colors(network: nx.Graph) -> tuple[dict, dict[str, tuple[int, int, int]]]:
    """(node -> colour, legend: name -> colour) for pictures.

    By ``type``; when every node has the same type and the nodes have a ``community``, by
    community, which says more.
    """
    types = {data.get("type") for _, data in network.nodes(data=True)}
    communities = [data.get("community") for _, data in network.nodes(data=True)]
    if len(types) <= 1 and communities and all(isinstance(c, int) for c in communities):
        colors = {node: COMMUNITY_COLORS[data["community"] % len(COMMUNITY_COLORS)]
                  for node, data in network.nodes(data=True)}
        shown = sorted(set(communities))[:len(COMMUNITY_COLORS)]  # colours repeat after that
        legend = {f"community {c}": COMMUNITY_COLORS[c % len(COMMUNITY_COLORS)] for c in shown}
        return colors, legend
    colors = {node: NODE_COLORS.get(str(data.get("type")), DEFAULT_COLOR)
              for node, data in network.nodes(data=True)}
    legend = {str(kind): NODE_COLORS.get(str(kind), DEFAULT_COLOR)
              for kind in sorted(types, key=str) if kind is not None}
    return colors, legend


def edge_color(data: Mapping) -> tuple[int, int, int]:
    """A leg's colour by its (first) mode; grey for edges without one."""
    modes = data.get("modes") or ((data["mode"],) if data.get("mode") else ())
    if isinstance(modes, str):
        modes = modes.split(",")
    return next((MODE_COLORS[mode] for mode in modes if mode in MODE_COLORS), (150, 150, 150))


def has_coordinates(data: Mapping) -> bool:
    """Whether a node's ``lat`` and ``long`` are usable WGS 84 degrees."""
    lat, long = data.get("lat"), data.get("long")
    return is_number(lat) and is_number(long) and -90 <= lat <= 90 and -180 <= long <= 180


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def cell(value) -> str:
    """A value as text: tuples and lists comma-separated, booleans ``true``/``false``."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return ",".join(str(item) for item in items)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def plain(value):
    """``bool``/``int``/``float``/``str`` as they are, other values as :func:`cell` text;
    ``None`` and non-finite numbers (which GraphML, CSV and JSON readers choke on) as ``None``."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    if isinstance(value, (bool, int, float, str)):
        return value
    return cell(value)


def flat_attributes(data: Mapping) -> dict:
    """An element's attributes as plain values for a static format (GraphML, CSV, GeoJSON).

    ``years`` becomes comma-separated text; each ``timeline`` value becomes a column of its
    own, ``<name>_<year>`` (``meetings_2023``).
    """
    flat = {key: plain(value) for key, value in data.items() if key != TIMELINE}
    for year, values in sorted((data.get(TIMELINE) or {}).items()):
        for name, value in values.items():
            flat[f"{name}_{year}"] = plain(value)
    return {key: value for key, value in flat.items() if value is not None}


@contextmanager
def writing(path: str | Path, what: str) -> Iterator[Path]:
    """Map failures to write ``path`` to :class:`ExportError` saying what to do."""
    try:
        yield Path(path)
    except OSError as err:
        raise ExportError(f"{path}: cannot write the {what}: {err.strerror or err}; "
                          "check that the folder exists and is writable") from err


def layout(network: nx.Graph) -> tuple[dict, bool]:
    """(node -> (x, y), geographic).

    A network whose nodes have coordinates is drawn as a map: x is the longitude, y the
    latitude, and nodes without coordinates are left out. Any other network gets a
    force-directed layout with a fixed seed, so the same network gives the same picture.
    """
    located = {node: (float(data["long"]), float(data["lat"]))
               for node, data in network.nodes(data=True) if has_coordinates(data)}
    if located:
        return located, True
    if network.number_of_nodes() == 0:
        return {}, False
    undirected = network.to_undirected(as_view=True) if network.is_directed() else network
    positions = nx.spring_layout(undirected, seed=7, weight=None,
                                 k=1.5 / math.sqrt(max(network.number_of_nodes(), 1)))
    return {node: (float(x), float(y)) for node, (x, y) in positions.items()}, False


def labelled_nodes(network: nx.Graph, shown, *, most: int = 60) -> set:
    """The nodes to label in a picture: all ``shown`` nodes if few, else the ``most`` heaviest."""
    shown = list(shown)
    if len(shown) <= most:
        return set(shown)
    strength = dict(network.degree(weight="weight"))
    return set(sorted(shown, key=lambda node: (-strength[node], str(node)))[:most])
