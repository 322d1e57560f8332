"""A self-contained HTML view of a network: one file, no network access needed to open it.

The drawing is inline SVG made here; the page's few lines of CSS and JavaScript (a year slider,
click to show a node's neighbours, wheel to zoom) are inline too. Nothing is fetched: no CDN,
no web font, no external script, style sheet or image.
"""
from __future__ import annotations

import math
from html import escape
from pathlib import Path

import networkx as nx

from ..errors import ExportError
from .common import (
    YEARS,
    cell,
    edge_color,
    flat_attributes,
    labelled_nodes,
    layout,
    node_colors,
    node_sizes,
    writing,
)

_WIDTH, _HEIGHT, _PAD = 1000.0, 700.0, 40.0
_TABLE_COLUMNS = ("type", "degree", "weighted_degree", "betweenness", "pagerank", "community")

_STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #222; }
header { padding: 12px 20px; border-bottom: 1px solid #ddd; }
h1 { font-size: 20px; margin: 0 0 4px; }
main { display: flex; flex-wrap: wrap; gap: 16px; padding: 12px 20px; }
svg { flex: 1 1 640px; max-width: 1000px; border: 1px solid #ddd; background: #fcfcfc; }
aside { flex: 1 1 320px; max-height: 720px; overflow: auto; }
table { border-collapse: collapse; font-size: 12px; }
th, td { padding: 2px 6px; border-bottom: 1px solid #eee; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.legend span { display: inline-block; margin-right: 12px; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 5px;
            margin-right: 4px; vertical-align: middle; }
.edge { stroke-opacity: 0.7; }
.node circle { stroke: #fff; stroke-width: 1; cursor: pointer; }
.node text { font-size: 10px; pointer-events: none; fill: #333; }
.hidden { display: none; }
svg.focus .node:not(.near), svg.focus .edge:not(.near) { opacity: 0.12; }
"""

_SCRIPT = """
(function () {
  const svg = document.querySelector("svg");
  const slider = document.getElementById("year");
  const all = document.getElementById("all-years");
  const shown = document.getElementById("year-shown");
  function showYear() {
    const year = all.checked ? null : slider.value;
    shown.textContent = year === null ? "all years" : year;
    slider.disabled = all.checked;
    svg.querySelectorAll("[data-years]").forEach(function (element) {
      const active = year === null || element.dataset.years.split(" ").includes(year);
      element.classList.toggle("hidden", !active);
    });
  }
  if (slider) { slider.addEventListener("input", showYear); all.addEventListener("change", showYear); }
  svg.addEventListener("click", function (event) {
    const node = event.target.closest(".node");
    svg.querySelectorAll(".near").forEach(function (e) { e.classList.remove("near"); });
    if (!node || svg.dataset.focus === node.dataset.id) {
      svg.classList.remove("focus"); delete svg.dataset.focus; return;
    }
    svg.dataset.focus = node.dataset.id;
    svg.classList.add("focus");
    node.classList.add("near");
    svg.querySelectorAll(".edge").forEach(function (edge) {
      const ends = [edge.dataset.source, edge.dataset.target];
      if (ends.includes(node.dataset.id)) {
        edge.classList.add("near");
        ends.forEach(function (id) {
          svg.querySelector('.node[data-id="' + id + '"]').classList.add("near");
        });
      }
    });
  });
  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    const box = svg.viewBox.baseVal;
    const factor = event.deltaY > 0 ? 1.15 : 1 / 1.15;
    const rect = svg.getBoundingClientRect();
    const x = box.x + (event.clientX - rect.left) / rect.width * box.width;
    const y = box.y + (event.clientY - rect.top) / rect.height * box.height;
    box.x = x - (x - box.x) * factor; box.y = y - (y - box.y) * factor;
    box.width *= factor; box.height *= factor;
  }, {passive: false});
})();
"""


def write_html(network: nx.Graph, path: str | Path, *, title: str | None = None) -> None:
    """Write a self-contained HTML page showing ``network``.

    The page holds an SVG drawing (a map when the nodes have coordinates, else a force-directed
    layout), the node table with the metrics, and, when elements have ``years``, a slider that
    shows one year at a time. Hover shows an element's attributes, a click its neighbours, the
    mouse wheel zooms. It opens from disk with no network access.

    Raises:
        ExportError: the network is empty, or the file cannot be written.
    """
    if network.number_of_nodes() == 0:
        raise ExportError(f"{path}: the network is empty; there is nothing to show")
    name = title or str(network.graph.get("name") or "network")
    page = _page(network, name)
    with writing(path, "HTML page") as target:
        target.write_text(page, encoding="utf-8")


def _page(network: nx.Graph, name: str) -> str:
    positions, geographic = layout(network)
    points = _to_canvas(positions, geographic)
    index = {node: f"n{i}" for i, node in enumerate(network)}
    colors, legend = node_colors(network)
    sizes = node_sizes(network, smallest=3.0, scale=2.0)
    years = sorted({int(year) for _, data in network.nodes(data=True)
                    for year in data.get(YEARS) or ()}
                   | {int(year) for *_, data in network.edges(data=True)
                      for year in data.get(YEARS) or ()})
    heaviest = max((float(data.get("weight", 1.0) or 1.0)
                    for *_, data in network.edges(data=True)), default=1.0)

    marker = ' marker-end="url(#arrow)"' if network.is_directed() else ""
    edges = []
    for a, b, data in network.edges(data=True):
        if a not in points or b not in points:
            continue
        (x1, y1), (x2, y2) = points[a], points[b]
        weight = float(data.get("weight", 1.0) or 1.0)
        color = edge_color(data) if geographic else (150, 150, 150)
        tip = " – ".join(str(network.nodes[n].get("label", n)) for n in (a, b))
        edges.append(
            f'<line class="edge" data-source="{index[a]}" data-target="{index[b]}"'
            f'{_years_attribute(data)} x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"'
            f' stroke="{_hex(color)}" stroke-width="{0.8 + 3 * math.sqrt(weight / heaviest):.2f}"'
            f"{marker}>"
            f"<title>{escape(tip)}\n{escape(_describe(data))}</title></line>")
    labelled = labelled_nodes(network, points)
    nodes = []
    for node, data in network.nodes(data=True):
        if node not in points:
            continue
        x, y = points[node]
        label = escape(str(data.get("label", node)))
        text = (f'<text x="{x + sizes[node] + 2:.1f}" y="{y + 3:.1f}">{label}</text>'
                if node in labelled else "")
        nodes.append(
            f'<g class="node" data-id="{index[node]}"{_years_attribute(data)}>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{sizes[node]:.1f}" '
            f'fill="{_hex(colors[node])}"><title>{label}\n{escape(str(node))}\n'
            f"{escape(_describe(data))}</title></circle>{text}</g>")

    missing = network.number_of_nodes() - len(points)
    summary = f"{network.number_of_nodes()} nodes, {network.number_of_edges()} edges"
    if years:
        summary += f"; years {years[0]}–{years[-1]}"
    if missing:
        summary += f"; {missing} places without coordinates are not drawn (see the table)"
    controls = ""
    if years:
        controls = (f'<p><label>Year <input type="range" id="year" min="{years[0]}" '
                    f'max="{years[-1]}" value="{years[-1]}" step="1" disabled></label> '
                    '<strong id="year-shown">all years</strong> <label><input type="checkbox" '
                    'id="all-years" checked> all years</label></p>')
    legend_html = "".join(f'<span><i style="background:{_hex(color)}"></i>{escape(text)}</span>'
                          for text, color in legend.items())
    arrow = ('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
             'markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
             'fill="#777"/></marker></defs>') if network.is_directed() else ""
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(name)}</title>", f"<style>{_STYLE}</style>", "</head>", "<body>",
        f"<header><h1>{escape(name)}</h1><p>{escape(summary)}. Hover for details, click a node "
        "for its neighbours, scroll to zoom.</p>",
        f'<p class="legend">{legend_html}</p>{controls}</header>', "<main>",
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH:.0f} {_HEIGHT:.0f}" '
        f'role="img" aria-label="{escape(name)}">{arrow}',
        '<g class="edges">', *edges, "</g>", '<g class="nodes">', *nodes, "</g>", "</svg>",
        f"<aside>{_table(network)}</aside>", "</main>", f"<script>{_SCRIPT}</script>",
        "</body>", "</html>", ""])


def _to_canvas(positions: dict, geographic: bool) -> dict:
    """Positions scaled into the SVG box, y pointing up, a map with its aspect kept."""
    if not positions:
        return {}
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    stretch = math.cos(math.radians(sum(ys) / len(ys))) if geographic else 1.0
    width = max((max(xs) - min(xs)) * stretch, 1e-9)
    height = max(max(ys) - min(ys), 1e-9)
    scale = min((_WIDTH - 2 * _PAD) / width, (_HEIGHT - 2 * _PAD) / height)
    left = (_WIDTH - width * scale) / 2
    top = (_HEIGHT - height * scale) / 2
    return {node: (left + (x - min(xs)) * stretch * scale, top + (max(ys) - y) * scale)
            for node, (x, y) in positions.items()}


def _table(network: nx.Graph) -> str:
    strength = dict(network.degree(weight="weight"))
    rows = sorted(network.nodes(data=True), key=lambda item: (-strength[item[0]], str(item[0])))
    columns = [column for column in _TABLE_COLUMNS
               if any(column in data for _, data in rows)]
    head = "".join(f"<th>{escape(column.replace('_', ' '))}</th>" for column in columns)
    body = []
    for node, data in rows:
        cells = "".join(
            f'<td class="n">{escape(_short(data.get(column)))}</td>'
            if isinstance(data.get(column), (int, float)) else
            f"<td>{escape(cell(data.get(column)))}</td>" for column in columns)
        body.append(f'<tr><td title="{escape(str(node))}">'
                    f"{escape(str(data.get('label', node)))}</td>{cells}</tr>")
    return f"<table><thead><tr><th>label</th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _describe(data) -> str:
    flat = flat_attributes({key: value for key, value in data.items() if key != "label"})
    return "\n".join(f"{key}: {_short(value)}" for key, value in flat.items())


def _short(value) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.4g}"
    if isinstance(value, float):
        return f"{value:,.0f}"
    return cell(value)


def _years_attribute(data) -> str:
    years = data.get(YEARS)
    if years is None:
        return ""
    return f' data-years="{" ".join(str(int(year)) for year in years)}"'


def _hex(color: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*color)
