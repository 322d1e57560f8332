"""Networks projected from the store: store in, network out (networkx graphs).

- :func:`route_network`: ports, cities and border crossings joined by the corridors' legs, with
  coordinates, modes, distances and the cargo, container and capacity figures by year;
  :func:`route_paths` and :func:`corridors_between` answer questions about it.
- :func:`partnership_network`: countries (optionally regions and organisations) linked by
  meetings and trade figures, kept per year.
- :func:`trade_network`: the directed trade flows (exports, imports) between countries.
- :func:`actor_network`: officials and organisations linked by meeting together.
- :func:`add_metrics`: degree, weighted degree, betweenness, PageRank and communities on the
  nodes.

Every function reads the store through SPARQL (``store.query``), never through an in-memory
copy of the triples, so the same code works on the embedded store and on a remote endpoint.
Node ids are entity IRIs as strings. Attribute values are ``str``, ``int``, ``float`` or tuples
of them, plus two that carry time: ``years``, the sorted tuple of years an element is active
in, and ``timeline``, ``{year: {attribute: value}}``. :mod:`corridorkg.exports` turns these into
GEXF spells and dynamic values (Gephi's timeline) and into per-year columns elsewhere.

>>> network = add_metrics(partnership_network(store))                     # doctest: +SKIP
>>> sorted(network.nodes(data="betweenness"), key=lambda item: -item[1])[:3]  # doctest: +SKIP
"""
from __future__ import annotations

from .actors import actor_network
from .common import find_corridor
from .metrics import add_metrics, pagerank
from .partnership import partnership_network, trade_network
from .routes import RoutePath, corridors_between, route_network, route_paths

__all__ = ["route_network", "partnership_network", "trade_network", "actor_network",
           "add_metrics", "pagerank", "route_paths", "corridors_between", "RoutePath",
           "find_corridor"]
