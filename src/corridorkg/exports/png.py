"""A PNG picture of a network for reports: a map of the route network, a layout of the others.

matplotlib draws through its Agg canvas directly (no pyplot), so nothing needs a display and
no global figure state is touched.
"""
from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..errors import ExportError
from .common import (
    MODE_COLORS,
    edge_color,
    labelled_nodes,
    layout,
    node_colors,
    node_sizes,
    writing,
)


def write_png(network: nx.Graph, path: str | Path, *, title: str | None = None,
              dpi: int = 150) -> None:
    """Draw ``network`` into a PNG file.

    A network with coordinates becomes a map (longitude, latitude; legs coloured by transport
    mode; places without coordinates are counted in a note rather than drawn); any other a
    force-directed layout. Nodes are coloured by type (by community when all share a type) and
    sized by weighted degree; edges grow with their weight.

    Raises:
        ExportError: the network is empty, or the file cannot be written.
    """
    if network.number_of_nodes() == 0:
        raise ExportError(f"{path}: the network is empty; there is nothing to draw")
    positions, geographic = layout(network)
    colors, legend = node_colors(network)
    sizes = node_sizes(network)
    figure = Figure(figsize=_figure_size(positions, geographic), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()

    drawn = [(a, b, data) for a, b, data in network.edges(data=True)
             if a in positions and b in positions]
    weights = [float(data.get("weight", 1.0) or 1.0) for *_, data in drawn]
    heaviest = max(weights, default=1.0)
    segments = [[positions[a], positions[b]] for a, b, _ in drawn]
    axes.add_collection(LineCollection(
        segments, colors=[_rgb(edge_color(data)) if geographic else (0.55, 0.55, 0.55)
                          for *_, data in drawn],
        linewidths=[0.8 + 3.0 * math.sqrt(weight / heaviest) for weight in weights],
        alpha=0.8, zorder=1))
    if network.is_directed():
        for (a, b, _), weight in zip(drawn, weights):
            axes.annotate("", xy=positions[b], xytext=positions[a], zorder=2, arrowprops={
                "arrowstyle": "-|>", "color": (0.4, 0.4, 0.4), "shrinkA": 8, "shrinkB": 8,
                "linewidth": 0.8 + 2.0 * math.sqrt(weight / heaviest)})

    shown = [node for node in network if node in positions]
    axes.scatter([positions[node][0] for node in shown], [positions[node][1] for node in shown],
                 s=[(2.0 * sizes[node]) ** 2 / 4 for node in shown],
                 c=[_rgb(colors[node]) for node in shown], edgecolors="white", linewidths=0.8,
                 zorder=3)
    for node in sorted(labelled_nodes(network, shown), key=str):
        axes.annotate(str(network.nodes[node].get("label", node)), positions[node],
                      xytext=(4, 4), textcoords="offset points", fontsize=7, zorder=4)

    used = {colors[node] for node in shown}
    handles = [Line2D([], [], marker="o", linestyle="", markersize=7, color=_rgb(color),
                      label=name) for name, color in legend.items() if color in used]
    if geographic:
        modes = sorted({mode for *_, data in drawn for mode in (data.get("modes") or ())
                        if mode in MODE_COLORS})
        handles += [Line2D([], [], color=_rgb(MODE_COLORS[mode]), linewidth=2, label=mode)
                    for mode in modes]
        middle = sum(y for _, y in positions.values()) / len(positions)
        axes.set_aspect(1 / max(math.cos(math.radians(middle)), 0.1))
        axes.set_xlabel("longitude (°E)")
        axes.set_ylabel("latitude (°N)")
        axes.grid(True, linewidth=0.3, alpha=0.5)
        missing = network.number_of_nodes() - len(shown)
        if missing:
            figure.text(0.01, 0.005, f"{missing} of {network.number_of_nodes()} places have no "
                        "coordinates in the store and are not drawn", fontsize=8, alpha=0.7)
    else:
        axes.set_axis_off()
    axes.margins(0.08)
    axes.autoscale_view()
    if handles:
        axes.legend(handles=handles, loc="best", fontsize=8, framealpha=0.8)
    name = title or str(network.graph.get("name") or "network")
    axes.set_title(f"{name}: {network.number_of_nodes()} nodes, "
                   f"{network.number_of_edges()} edges", fontsize=11)
    with writing(path, "PNG image") as target:
        figure.savefig(str(target), dpi=dpi, format="png")


def _figure_size(positions: dict, geographic: bool) -> tuple[float, float]:
    """12 inches wide, as tall as the map's extent needs (between 5 and 10 inches)."""
    if not geographic or len(positions) < 2:
        return (10.0, 8.0)
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    stretch = math.cos(math.radians(sum(ys) / len(ys)))
    ratio = (max(ys) - min(ys) + 4) / max((max(xs) - min(xs) + 4) * stretch, 1e-9)
    return (12.0, min(max(12.0 * ratio + 1.0, 5.0), 10.0))


def _rgb(color: tuple[int, int, int]) -> tuple[float, float, float]:
    return tuple(channel / 255 for channel in color)
