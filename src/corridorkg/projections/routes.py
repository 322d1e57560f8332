"""The route network: places joined by the corridors' legs, with the figures known for them."""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from itertools import islice, pairwise

import networkx as nx
from rdflib import URIRef

from ..errors import InputError
from ..vocab import METRIC
from .common import (
    PREFIXES,
    Figure,
    best_figure,
    local_name,
    read_countries_of,
    read_country_codes,
    read_figures,
    read_labels,
    read_publication_years,
    read_types,
)

__all__ = ["route_network", "route_paths", "corridors_between", "RoutePath"]

# places that are points on a map; countries and regions are not route nodes
_POINTS = {"Port", "Settlement", "BorderCrossing"}

# figure name -> (metric, unit)
FIGURES = {
    "cargo_t": ("cargo_volume", "t"),
    "containers_teu": ("container_volume", "TEU"),
    "capacity_t": ("capacity", "t"),
}

_COORDINATES_QUERY = PREFIXES + """
SELECT DISTINCT ?entity ?lat ?long
WHERE { GRAPH ?g { ?entity geo:lat ?lat ; geo:long ?long } }
"""

# ?corridor is projected in the three queries below so that a binding restricts it on every
# backend
_LEGS_QUERY = PREFIXES + """
SELECT DISTINCT ?corridor ?leg ?order ?from ?to ?mode ?corridorMode
WHERE {
  GRAPH ?g {
    ?corridor ckg:hasLeg ?leg .
    ?leg ckg:legFrom ?from ;
         ckg:legTo ?to .
    OPTIONAL { ?leg ckg:legOrder ?order }
    OPTIONAL { ?leg ckg:mode ?mode }
    OPTIONAL { ?corridor ckg:mode ?corridorMode }
  }
}
"""

_LOCATED_IN_QUERY = PREFIXES + """
SELECT DISTINCT ?place ?container WHERE { GRAPH ?g { ?place ckg:locatedIn ?container } }
"""

_PASSES_QUERY = PREFIXES + """
SELECT DISTINCT ?corridor ?place WHERE { GRAPH ?g { ?corridor ckg:passesThrough ?place } }
"""

_LINKS_QUERY = PREFIXES + """
SELECT DISTINCT ?corridor ?place ?doc
WHERE {
  GRAPH ?g {
    ?link a ckg:CorridorLink ;
          ckg:corridor ?corridor ;
          ckg:place ?place ;
          ckg:extractedFrom ?doc .
  }
}
"""


def route_network(store, *, corridor_iri: URIRef | None = None,
                  year: int | None = None) -> nx.Graph:
    """Places joined by the corridors' route legs, with the figures known for them by year.

    Nodes are the ports, settlements and border crossings that a corridor runs through: the
    ends of its ``ckg:RouteLeg``\\ s, the places of its ``ckg:passesThrough`` and the places that
    documents link to it (CorridorLink facts). Countries and regions are not nodes. Node
    attributes: ``label``, ``type`` (``Port``, ``Settlement``, ``BorderCrossing``), ``lat`` and
    ``long`` (when the store has them), ``iso2``, ``corridors`` (a tuple of corridor labels),
    ``documents`` (how many documents link the place to a corridor), and the figures below.

    Edges are the legs, one per pair of places however many corridors run along it:
    ``corridors`` and ``modes`` (tuples), ``legs`` (how many corridor legs), ``weight``
    (= legs), ``km`` (great-circle distance, when both ends have coordinates) and ``documents``
    (documents that link two places of the corridor on either side of the leg, or at its ends).

    Figures: ``cargo_t`` (cargo handled, tonnes, all cargoes), ``containers_teu`` and
    ``capacity_t`` (tonnes a year): the actual figure of the latest year (a whole-year figure
    before a part of the year; the largest when documents disagree), with ``cargo_year`` and
    ``cargo_period`` (the period as stated: ``"2023-01/2023-07"`` is January to July), and so
    on. A capacity without a period counts for its document's year; a figure with no year at
    all is used only when the place has no dated one (period ``"undated"``). Nodes hold the
    figures whose one subject is the place; edges those whose one subject is a corridor running
    along the leg (the largest when several do). ``timeline`` holds every year:
    ``{year: {name: value}}``.

    Args:
        store: a :class:`corridorkg.store.TripleStore`.
        corridor_iri: keep only this corridor's legs and places.
        year: keep only the figures of that year, and the documents published in it.
    """
    bindings = {"corridor": URIRef(corridor_iri)} if corridor_iri is not None else None
    legs = store.query(_LEGS_QUERY, bindings=bindings).records()
    passes = store.query(_PASSES_QUERY, bindings=bindings).rows
    links = store.query(_LINKS_QUERY, bindings=bindings).records()
    network = nx.Graph(name="routes")
    if not legs and not passes and not links:
        return network
    types = read_types(store)
    labels = read_labels(store)
    if corridor_iri is not None:
        network.graph["name"] = f"routes: {labels.get(str(corridor_iri), corridor_iri)}"
    published = read_publication_years(store)
    codes = read_country_codes(store)
    countries_of = read_countries_of(store)
    coordinates, borrowed = _coordinates(store, types)

    def label(iri: str) -> str:
        return labels.get(iri, local_name(iri))

    serves: dict[str, set[str]] = defaultdict(set)          # place -> corridors
    stops: dict[str, list[str]] = defaultdict(list)          # corridor -> places in leg order
    edges: dict[tuple[str, str], dict] = {}
    for leg in sorted(legs, key=lambda row: (str(row["corridor"]), _order(row.get("order")))):
        corridor, start, end = str(leg["corridor"]), str(leg["from"]), str(leg["to"])
        mode = leg.get("mode") or leg.get("corridorMode")
        edge = edges.setdefault(_key(start, end), {"corridors": set(), "modes": set(), "legs": 0,
                                                   "documents": set()})
        edge["corridors"].add(corridor)
        edge["legs"] += 1
        if mode is not None:
            edge["modes"].add(local_name(mode))
        for place in (start, end):
            serves[place].add(corridor)
            if place not in stops[corridor]:
                stops[corridor].append(place)
    for corridor, place in passes:
        if types.get(str(place)) in _POINTS:
            serves[str(place)].add(str(corridor))

    linked: dict[tuple[str, str], set[str]] = defaultdict(set)  # (doc, corridor) -> places
    documents_of_node: dict[str, set[str]] = defaultdict(set)
    for link in links:
        doc, corridor, place = str(link["doc"]), str(link["corridor"]), str(link["place"])
        if year is not None and published.get(doc) != year:
            continue
        if types.get(place) in _POINTS:
            serves[place].add(corridor)
            documents_of_node[place].add(doc)
        linked[(doc, corridor)].add(place)
    for (doc, corridor), places in linked.items():
        position = {place: index for index, place in enumerate(stops.get(corridor, ()))}
        on_route = [position[place] for place in places if place in position]
        if len(on_route) < 2:
            continue
        low, high = min(on_route), max(on_route)
        for key, edge in edges.items():
            if corridor in edge["corridors"] and all(
                    low <= position.get(place, -1) <= high for place in key):
                edge["documents"].add(doc)

    node_figures, corridor_figures = _figures(store, set(serves), year)
    for place in sorted(serves):
        attributes = {"label": label(place), "type": types.get(place, "Place")}
        if place in coordinates:
            attributes["lat"], attributes["long"] = coordinates[place]
        if place in borrowed:
            attributes["position_of"] = label(borrowed[place])
        attributes["iso2"] = ",".join(sorted(codes[country] for country in countries_of.get(
            place, ()) if country in codes))
        attributes["corridors"] = tuple(sorted(label(corridor) for corridor in serves[place]))
        attributes["documents"] = len(documents_of_node.get(place, ()))
        attributes.update(_figure_attributes(node_figures.get(place, {})))
        network.add_node(place, **attributes)
    for (a, b), edge in sorted(edges.items()):
        figures: dict[int, dict[str, Figure]] = defaultdict(dict)
        for corridor in sorted(edge["corridors"]):
            for when, named in corridor_figures.get(corridor, {}).items():
                for name, figure in named.items():
                    if name not in figures[when] or figure.value > figures[when][name].value:
                        figures[when][name] = figure
        attributes = {"corridors": tuple(sorted(label(c) for c in edge["corridors"])),
                      "modes": tuple(sorted(edge["modes"])), "legs": edge["legs"],
                      "weight": float(edge["legs"]), "documents": len(edge["documents"])}
        if a in coordinates and b in coordinates:
            attributes["km"] = round(_great_circle_km(coordinates[a], coordinates[b]), 1)
        attributes.update(_figure_attributes(figures))
        network.add_edge(a, b, **attributes)
    return network


def _coordinates(store, types: dict[str, str]):
    """(place -> (lat, long), place -> the place whose coordinates it borrows).

    A port or settlement without coordinates of its own takes those of the settlement or port
    it is located in (``ckg:locatedIn``, up to three steps): a port is drawn at its city.
    """
    own: dict[str, tuple[float, float]] = {}
    for entity, lat, long in store.query(_COORDINATES_QUERY).rows:
        try:
            own.setdefault(str(entity), (float(lat.toPython()), float(long.toPython())))
        except (TypeError, ValueError):
            continue
    container: dict[str, str] = {}
    for place, outer in store.query(_LOCATED_IN_QUERY).rows:
        if types.get(str(outer)) in _POINTS:
            container.setdefault(str(place), str(outer))
    coordinates, borrowed = dict(own), {}
    for place in container:
        if place in own:
            continue
        outer = container[place]
        for _ in range(3):
            if outer in own:
                coordinates[place], borrowed[place] = own[outer], outer
                break
            if outer not in container:
                break
            outer = container[outer]
    return coordinates, borrowed


def _figures(store, places: set[str], year: int | None):
    """(place -> {year: {name: figure}}, other subject -> {year: {name: figure}})."""
    by_subject: dict[tuple[str, str, int], list[Figure]] = defaultdict(list)
    wanted = {metric: name for name, (metric, _) in FIGURES.items()}
    for figure in read_figures(store, [METRIC[metric] for metric in wanted]):
        name = wanted[figure.metric]
        if (len(figure.subjects) != 1 or not figure.actual or figure.unit != FIGURES[name][1]
                or figure.cargo is not None):  # one cargo's tonnage is a part of the total
            continue
        when = figure.year or (figure.published if name == "capacity_t" else None)
        if year is not None and when != year:
            continue
        (subject,) = figure.subjects
        by_subject[(subject, name, when)].append(figure)
    places_out: dict[str, dict] = defaultdict(lambda: defaultdict(dict))
    others_out: dict[str, dict] = defaultdict(lambda: defaultdict(dict))
    for (subject, name, when), figures in by_subject.items():
        target = places_out if subject in places else others_out
        target[subject][when][name] = best_figure(figures)
    return places_out, others_out


def _figure_attributes(figures: dict[int, dict[str, Figure]]) -> dict:
    """For each figure name, the latest year's value, its year and its period as stated
    (``cargo_t``, ``cargo_year``, ``cargo_period``), and the ``timeline`` of every year."""
    if not figures:
        return {}
    attributes: dict = {}
    for name in FIGURES:
        years = [when for when, named in figures.items() if name in named]
        if not years:
            continue
        short = name.split("_")[0]
        dated = [when for when in years if when is not None]
        latest = max(dated) if dated else None   # an undated figure only when no other is
        attributes[name] = figures[latest][name].value
        if latest is not None:
            attributes[f"{short}_year"] = latest
        attributes[f"{short}_period"] = figures[latest][name].period or (
            str(latest) if latest is not None else "undated")
    timeline = {when: {name: figure.value for name, figure in sorted(named.items())}
                for when, named in sorted(item for item in figures.items()
                                           if item[0] is not None)}
    if timeline:
        attributes["timeline"] = timeline
    return attributes


# --- questions asked of a route network ------------------------------------------------------

@dataclass(frozen=True)
class RoutePath:
    """A path through the route network and what the store says about it."""

    places: tuple[str, ...]                     # node ids, from source to target
    labels: tuple[str, ...]
    km: float | None                            # None when a leg has no length
    corridors: tuple[tuple[str, ...], ...]      # per leg: the corridors running along it
    modes: tuple[tuple[str, ...], ...]          # per leg
    capacity_t: float | None                    # the smallest stated capacity along the path
    bottleneck: str | None                      # the place or leg that states it
    without_capacity: tuple[str, ...]           # places and legs with no stated capacity


def route_paths(network: nx.Graph, source: str, target: str, *, count: int = 3,
                weight: str = "km") -> list[RoutePath]:
    """The ``count`` shortest paths from ``source`` to ``target``, shortest first.

    ``source`` and ``target`` are node ids (IRIs) or labels (any case). Paths are ranked by the
    sum of the edges' ``weight`` attribute (a leg without it counts 1).

    >>> [path.labels for path in route_paths(network, "Dostyk", "Kars")]     # doctest: +SKIP
    [('Dostyk', 'Port of Aktau', 'Port of Baku at Alat', 'Tbilisi', 'Kars')]

    Raises:
        InputError: no node has that id or label.
    """
    start, end = _node(network, source), _node(network, target)
    if not nx.has_path(network, start, end):
        return []

    def cost(a, b, data) -> float:
        value = data.get(weight)
        return float(value) if isinstance(value, (int, float)) else 1.0

    paths = islice(nx.shortest_simple_paths(network, start, end, weight=cost), count)
    return [_describe(network, path) for path in paths]


def corridors_between(network: nx.Graph, a: str, b: str) -> tuple[str, ...]:
    """The corridors (labels) that serve both places, given as node ids or labels."""
    first, second = network.nodes[_node(network, a)], network.nodes[_node(network, b)]
    return tuple(sorted(set(first.get("corridors", ())) & set(second.get("corridors", ()))))


def _describe(network: nx.Graph, path: list[str]) -> RoutePath:
    labels = tuple(str(network.nodes[node].get("label", node)) for node in path)
    pairs = list(pairwise(path))
    lengths = [network.edges[a, b].get("km") for a, b in pairs]
    stated: list[tuple[float, str]] = []
    unknown: list[str] = []
    elements = [(network.nodes[node], text) for node, text in zip(path, labels)]
    elements += [(network.edges[a, b], f"{x} – {y}")
                 for (a, b), x, y in zip(pairs, labels, labels[1:])]
    for data, text in elements:
        if data.get("capacity_t") is None:
            unknown.append(text)
        else:
            stated.append((data["capacity_t"], text))
    smallest = min(stated, default=(None, None))
    return RoutePath(
        places=tuple(path), labels=labels,
        km=None if any(km is None for km in lengths) else round(sum(lengths), 1),
        corridors=tuple(tuple(network.edges[a, b].get("corridors", ())) for a, b in pairs),
        modes=tuple(tuple(network.edges[a, b].get("modes", ())) for a, b in pairs),
        capacity_t=smallest[0], bottleneck=smallest[1], without_capacity=tuple(unknown))


def _node(network: nx.Graph, name: str) -> str:
    if name in network:
        return name
    wanted = " ".join(str(name).split()).casefold()
    matches = [node for node, label in network.nodes(data="label")
               if label is not None and " ".join(str(label).split()).casefold() == wanted]
    if len(matches) == 1:
        return matches[0]
    problem = "is ambiguous" if matches else "is not a node of the network"
    raise InputError(f"{name!r} {problem}", hint="give the place's IRI or its exact label")


def _great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine distance in km between two (lat, long) points."""
    lat1, long1, lat2, long2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((long2 - long1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _order(value, default: int = 1_000_000) -> int:
    return int(value) if value is not None else default
