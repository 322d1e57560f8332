"""Centrality and communities, written onto the nodes so Gephi shows them as columns."""
from __future__ import annotations

from collections import defaultdict

import networkx as nx


def add_metrics(network: nx.Graph, *, weight: str = "weight",
                distance: str | None = None) -> nx.Graph:
    """A copy of ``network`` whose nodes carry its metrics (the input is left as it is).

    Node attributes written:

    - ``degree``: the number of neighbours (in + out for a directed network);
    - ``weighted_degree``: the sum of the ``weight`` of the node's edges;
    - ``betweenness``: normalised betweenness centrality, over shortest paths counted in hops,
      or in the ``distance`` attribute when given (``"km"`` for the route network). High values
      mark the chokepoints that many shortest paths go through;
    - ``pagerank``: PageRank (damping 0.85) with the edges' ``weight``;
    - ``community``: Louvain community (seed 0, so the same network gives the same numbers),
      numbered from 0 by size, largest first;
    - ``timeline[year]["weighted_degree"]``, when edges have a ``timeline`` with ``weight``
      per year, so that node sizes can follow Gephi's timeline.

    >>> network = add_metrics(nx.path_graph(3))
    >>> network.nodes[1]["degree"], network.nodes[1]["betweenness"]
    (2, 1.0)
    """
    network = network.copy()
    if network.number_of_nodes() == 0:
        return network
    strength = dict(network.degree(weight=weight))
    betweenness = nx.betweenness_centrality(network, weight=distance, normalized=True)
    ranks = pagerank(network, weight=weight)
    communities = _communities(network, weight)
    for node, data in network.nodes(data=True):
        data["degree"] = int(network.degree(node))
        data["weighted_degree"] = float(strength[node])
        data["betweenness"] = round(float(betweenness[node]), 6)
        data["pagerank"] = round(float(ranks[node]), 6)
        data["community"] = communities[node]

    by_year: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for a, b, data in network.edges(data=True):
        for year, values in (data.get("timeline") or {}).items():
            if weight in values:
                by_year[a][year] += float(values[weight])
                by_year[b][year] += float(values[weight])
    for node, years in by_year.items():
        timeline = {year: dict(values) for year, values in
                    (network.nodes[node].get("timeline") or {}).items()}
        for year, value in years.items():
            timeline.setdefault(year, {})["weighted_degree"] = value
        network.nodes[node]["timeline"] = dict(sorted(timeline.items()))
    return network


def pagerank(network: nx.Graph, *, weight: str = "weight", alpha: float = 0.85,
             tolerance: float = 1e-10, max_iterations: int = 200) -> dict:
    """PageRank by power iteration, without scipy (networkx's ``pagerank`` needs it).

    An undirected edge counts in both directions; a node without out-links spreads its rank
    evenly over all nodes. Edges without a numeric ``weight`` weigh 1.
    """
    nodes = list(network)
    if not nodes:
        return {}
    directed = network.to_directed() if not network.is_directed() else network
    out_weight = {node: 0.0 for node in nodes}
    links: dict = defaultdict(list)
    for source, target, data in directed.edges(data=True):
        value = data.get(weight, 1.0)
        value = float(value) if isinstance(value, (int, float)) and value > 0 else 1.0
        out_weight[source] += value
        links[target].append((source, value))
    size = len(nodes)
    rank = {node: 1.0 / size for node in nodes}
    for _ in range(max_iterations):
        dangling = alpha * sum(rank[node] for node in nodes if out_weight[node] == 0) / size
        new = {node: (1.0 - alpha) / size + dangling
               + alpha * sum(rank[source] * value / out_weight[source]
                             for source, value in links[node])
               for node in nodes}
        change = sum(abs(new[node] - rank[node]) for node in nodes)
        rank = new
        if change < size * tolerance:
            break
    return rank


def _communities(network: nx.Graph, weight: str) -> dict:
    """Node -> community number (0 = largest), from Louvain with a fixed seed."""
    if network.number_of_edges() == 0:
        groups = [{node} for node in network]
    else:
        groups = nx.community.louvain_communities(network, weight=weight, seed=0)
    ordered = sorted(groups, key=lambda group: (-len(group), min(str(node) for node in group)))
    return {node: index for index, group in enumerate(ordered) for node in group}
