"""Write networks for Gephi, map tools and reports: one function per format.

- :func:`write_gexf`: GEXF 1.3 (valid against the official RELAX NG schema) with typed
  attributes, labels, Gephi's viz extension (colour by type, size by weighted degree, position
  from longitude and latitude) and, for networks kept per year, spells and dynamic values that
  Gephi's timeline plays.
- :func:`write_graphml`: GraphML that networkx and igraph read back.
- :func:`write_csv_tables`: Gephi's spreadsheet import, a nodes table and an edges table.
- :func:`write_geojson`: RFC 7946 GeoJSON, places as points and legs as lines, for QGIS and
  kepler.gl.
- :func:`write_html`: one self-contained HTML page (inline SVG, CSS and script; no CDN).
- :func:`write_png`: a PNG map of the route network, or a layout of another network.

The writers take the networks of :mod:`corridorkg.projections` (or any networkx graph with
plain attribute values) and raise :class:`corridorkg.errors.ExportError` when a file cannot be
written.
"""
from __future__ import annotations

from .common import MODE_COLORS, NODE_COLORS
from .geojson import write_geojson
from .gexf import write_gexf
from .html import write_html
from .png import write_png
from .tables import write_csv_tables, write_graphml

__all__ = ["write_gexf", "write_graphml", "write_csv_tables", "write_geojson", "write_html",
           "write_png", "NODE_COLORS", "MODE_COLORS"]
