"""Countries linked by meetings and trade: the partnership network and the directed trade flows."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import combinations

import networkx as nx
from rdflib import URIRef

from ..vocab import METRIC
from .common import (
    PREFIXES,
    best_figure,
    documents_mentioning,
    local_name,
    read_countries_of,
    read_country_codes,
    read_figures,
    read_labels,
    read_meetings,
    read_types,
)

_TRADE_METRICS = (METRIC.trade_turnover, METRIC.exports, METRIC.imports)

_POSTS_QUERY = PREFIXES + """
SELECT DISTINCT ?person ?in
WHERE { GRAPH ?g { ?post a ckg:Post ; ckg:heldBy ?person ; ckg:postIn ?in } }
"""


def partnership_network(store, *, year: int | None = None, corridor_iri: URIRef | None = None,
                        regions: bool = False, organizations: bool = False) -> nx.Graph:
    """Countries linked by the meetings and the trade figures that connect them, year by year.

    Nodes are countries (``label``, ``type="Country"``, ``iso2``) and, when asked for, regions
    and organisations (``type`` ``"Region"``/``"Organization"``, ``iso2`` of their country),
    only those with an edge; ``years`` (a tuple) are the years of their edges.

    An edge joins two nodes

    - for every meeting with participants from both sides. A participant's side is the country
      itself; a region's or organisation's ``ckg:country`` (the region or organisation itself
      with ``regions=True`` / ``organizations=True``); for a person, the side of every post they
      hold anywhere in the store (``ckg:postIn``; an envoy's ``ckg:accreditedTo`` names the host
      country, not theirs, and is not used). A meeting counts once per pair of sides, and only
      between different participants;
    - for every trade figure (trade turnover, exports, imports) whose subjects are two countries.

    Edge attributes: ``meetings``, ``trade_figures``, ``documents`` (counts), ``weight``
    (meetings + trade figures), ``trade_usd`` and ``trade_year`` (the trade turnover in USD of
    the latest year with an actual figure for the whole year; when documents disagree, the
    largest), ``years`` (sorted tuple) and ``timeline``: ``{year: {"meetings", "trade_figures",
    "weight"[, "trade_usd"]}}``, which the GEXF export turns into Gephi's timeline.

    A meeting's year is its date's, else its document's publication year; a figure's year is its
    period's. The model has no agreement facts yet, so agreements do not weigh the edges.

    Args:
        store: a :class:`corridorkg.store.TripleStore`.
        year: keep only the meetings and figures of that year.
        corridor_iri: keep only facts from documents that mention this corridor.
        regions: regions are nodes of their own rather than part of their country.
        organizations: organisations are nodes of their own rather than part of their country.
    """
    codes = read_country_codes(store)
    types = read_types(store)
    countries_of = read_countries_of(store)
    sides_of = _side_resolver(store, types, countries_of, regions=regions,
                              organizations=organizations)
    documents = documents_mentioning(store, corridor_iri) if corridor_iri is not None else None
    edges: dict[tuple[str, str], dict] = defaultdict(
        lambda: {"meetings": 0, "trade_figures": 0, "documents": set(), "timeline": {},
                 "turnover": defaultdict(list)})

    for meeting in read_meetings(store):
        if documents is not None and meeting.document not in documents:
            continue
        if year is not None and meeting.year != year:
            continue
        for pair in _pairs([sides_of(participant) for participant in meeting.participants]):
            edge = edges[pair]
            edge["meetings"] += 1
            edge["documents"].add(meeting.document)
            if meeting.year is not None:
                slot = edge["timeline"].setdefault(meeting.year, _empty_year())
                slot["meetings"] += 1
                slot["weight"] += 1.0

    for figure in read_figures(store, _TRADE_METRICS):
        countries = {subject for subject in figure.subjects if subject in codes}
        if len(countries) != 2:
            continue
        if documents is not None and figure.document not in documents:
            continue
        if year is not None and figure.year != year:
            continue
        edge = edges[tuple(sorted(countries))]
        edge["trade_figures"] += 1
        edge["documents"].add(figure.document)
        if figure.year is not None:
            slot = edge["timeline"].setdefault(figure.year, _empty_year())
            slot["trade_figures"] += 1
            slot["weight"] += 1.0
            if (figure.metric == "trade_turnover" and figure.unit == "USD" and figure.actual
                    and figure.whole_year):
                edge["turnover"][figure.year].append(figure)

    labels = read_labels(store) if edges else {}
    network = nx.Graph(name="partnerships" if year is None else f"partnerships {year}")
    for (a, b), edge in sorted(edges.items()):
        for iri in (a, b):
            if iri not in network:
                iso2 = codes.get(iri) or ",".join(sorted(
                    codes[country] for country in countries_of.get(iri, ()) if country in codes))
                network.add_node(iri, label=labels.get(iri, local_name(iri)),
                                 type=types.get(iri, "Country"), iso2=iso2)
        timeline = {when: dict(values) for when, values in sorted(edge["timeline"].items())}
        for when, figures in edge["turnover"].items():
            timeline[when]["trade_usd"] = best_figure(figures).value
        attributes = {"meetings": edge["meetings"], "trade_figures": edge["trade_figures"],
                      "documents": len(edge["documents"]),
                      "weight": float(edge["meetings"] + edge["trade_figures"]),
                      "years": tuple(timeline), "timeline": timeline}
        if edge["turnover"]:
            latest = max(edge["turnover"])
            attributes.update(trade_usd=best_figure(edge["turnover"][latest]).value,
                              trade_year=latest)
        network.add_edge(a, b, **attributes)
    _years_of_nodes(network)
    return network


def trade_network(store, *, year: int | None = None,
                  corridor_iri: URIRef | None = None) -> nx.DiGraph:
    """The directed trade flows between countries: exports and imports with an origin and a
    destination (``ckg:origin`` -> ``ckg:destination``, the way the goods go).

    Nodes are countries (``label``, ``type="Country"``, ``iso2``, ``years``). An edge runs from
    the exporting to the importing country, with ``figures`` (how many export and import figures
    describe the flow; one side's exports and the other's imports are the same flow),
    ``documents``, ``weight`` (= figures), ``value_usd`` and ``value_year`` (the flow in USD of
    the latest year with an actual whole-year figure; when documents disagree, the largest),
    ``years`` and ``timeline`` (``{year: {"figures", "weight"[, "value_usd"]}}``).

    Args:
        store: a :class:`corridorkg.store.TripleStore`.
        year: keep only the figures of that year.
        corridor_iri: keep only figures from documents that mention this corridor.
    """
    codes = read_country_codes(store)
    documents = documents_mentioning(store, corridor_iri) if corridor_iri is not None else None
    flows: dict[tuple[str, str], dict] = defaultdict(
        lambda: {"figures": 0, "documents": set(), "timeline": {}, "values": defaultdict(list)})
    for figure in read_figures(store, (METRIC.exports, METRIC.imports)):
        if figure.origin not in codes or figure.destination not in codes:
            continue
        if figure.origin == figure.destination:
            continue
        if documents is not None and figure.document not in documents:
            continue
        if year is not None and figure.year != year:
            continue
        flow = flows[(figure.origin, figure.destination)]
        flow["figures"] += 1
        flow["documents"].add(figure.document)
        if figure.year is not None:
            slot = flow["timeline"].setdefault(figure.year, {"figures": 0, "weight": 0.0})
            slot["figures"] += 1
            slot["weight"] += 1.0
            if figure.unit == "USD" and figure.actual and figure.whole_year:
                flow["values"][figure.year].append(figure)

    labels = read_labels(store) if flows else {}
    network = nx.DiGraph(name="trade flows" if year is None else f"trade flows {year}")
    for (origin, destination), flow in sorted(flows.items()):
        for iri in (origin, destination):
            if iri not in network:
                network.add_node(iri, label=labels.get(iri, local_name(iri)), type="Country",
                                 iso2=codes.get(iri, ""))
        timeline = {when: dict(values) for when, values in sorted(flow["timeline"].items())}
        for when, figures in flow["values"].items():
            timeline[when]["value_usd"] = best_figure(figures).value
        attributes = {"figures": flow["figures"], "documents": len(flow["documents"]),
                      "weight": float(flow["figures"]), "years": tuple(timeline),
                      "timeline": timeline}
        if flow["values"]:
            latest = max(flow["values"])
            attributes.update(value_usd=best_figure(flow["values"][latest]).value,
                              value_year=latest)
        network.add_edge(origin, destination, **attributes)
    _years_of_nodes(network)
    return network


# --- helpers ---------------------------------------------------------------------------------

def _side_resolver(store, types: dict[str, str], countries_of: dict[str, set[str]], *,
                   regions: bool, organizations: bool) -> Callable[[str], set[str]]:
    """A function: participant IRI -> the nodes that stand for it (see partnership_network)."""
    posts_in: dict[str, set[str]] = defaultdict(set)
    for person, place in store.query(_POSTS_QUERY).rows:
        posts_in[str(person)].add(str(place))
    own = {"Country"} | ({"Region"} if regions else set()) | (
        {"Organization"} if organizations else set())

    def of_entity(iri: str) -> set[str]:
        if types.get(iri) in own:
            return {iri}
        return {country for country in countries_of.get(iri, ())
                if types.get(country) == "Country"}

    def sides_of(iri: str) -> set[str]:
        if types.get(iri) == "Person":
            return set().union(*(of_entity(place) for place in posts_in.get(iri, ())))
        return of_entity(iri)

    return sides_of


def _empty_year() -> dict:
    return {"meetings": 0, "trade_figures": 0, "weight": 0.0}


def _pairs(sides: Iterable[set[str]]) -> set[tuple[str, str]]:
    """Node pairs joined by one meeting: one side from each of two different participants."""
    pairs = set()
    for first, second in combinations(list(sides), 2):
        pairs.update(tuple(sorted((a, b))) for a in first for b in second if a != b)
    return pairs


def _years_of_nodes(network: nx.Graph) -> None:
    """A node's ``years``: the years of its edges."""
    years: dict[str, set[int]] = defaultdict(set)
    for a, b, data in network.edges(data=True):
        years[a].update(data["years"])
        years[b].update(data["years"])
    for node, data in network.nodes(data=True):
        data["years"] = tuple(sorted(years[node]))
