"""Networks projected from the store: store in, network out (networkx graphs).

Every function reads the store through SPARQL (``store.query``), never through an in-memory
copy of the triples, so the same code works on the embedded store and on a remote endpoint.
Node ids are entity IRIs as strings; attribute values are plain ``str``/``int``/``float`` (lists
are written as comma-separated strings), so the networks go straight to GEXF, GraphML and CSV
(see :mod:`corridorkg.exports`).

The queries are deliberately simple, each ``SELECT DISTINCT`` over one kind of statement, and
the joins are done here. Queries run over the union of the named graphs, where an entity that
many documents mention repeats its labels and memberships once per document; joining those
repetitions inside SPARQL grows with the square of the number of documents, reading each kind
once grows linearly.
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from itertools import combinations

import networkx as nx
from rdflib import URIRef
from rdflib.namespace import RDFS, SKOS

from .vocab import CKG, GEO, METRIC, STATUS, TABLE_TYPES, UNIT

__all__ = ["partnership_network", "route_network"]

_PREFIXES = "\n".join(f"PREFIX {name}: <{namespace}>" for name, namespace in {
    "ckg": CKG._NS, "skos": SKOS._NS, "rdfs": RDFS._NS, "geo": GEO}.items()) + "\n"

# --- what every projection needs: labels, table types, countries -------------------------

_LABELS_QUERY = _PREFIXES + """
SELECT DISTINCT ?entity ?label WHERE { ?entity skos:prefLabel ?label }
"""

_PLACE_TYPES = [iri for iri in TABLE_TYPES if iri not in (CKG.Person, CKG.Organization)]
_TYPES_QUERY = _PREFIXES + """
SELECT DISTINCT ?entity ?tableType
WHERE {
  VALUES ?tableType { %s }
  ?class rdfs:subClassOf* ?tableType .
  ?entity a ?class .
}
""" % " ".join(f"<{iri}>" for iri in _PLACE_TYPES)

_COUNTRIES_QUERY = _PREFIXES + """
SELECT DISTINCT ?country ?iso2
WHERE {
  ?country a ckg:Country .
  OPTIONAL { GRAPH ?g { ?country a ckg:Country ; ckg:isoAlpha2 ?iso2 } }
}
"""


def _labels(store) -> dict[str, str]:
    """Entity IRI -> its English prefLabel, else its smallest prefLabel in another language."""
    english: dict[str, str] = {}
    other: dict[str, str] = {}
    for entity, label in store.query(_LABELS_QUERY).rows:
        key, text = str(entity), str(label)
        is_english = (getattr(label, "language", None) or "").lower().split("-")[0] == "en"
        chosen = english if is_english else other
        if key not in chosen or text < chosen[key]:
            chosen[key] = text
    return {**other, **english}


def _local_name(iri) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _year_of(value) -> int | None:
    if isinstance(value, (date, datetime)):
        return value.year
    text = str(value or "")
    return int(text[:4]) if len(text) >= 4 and text[:4].isdigit() else None


# --- partnership network -------------------------------------------------------------------

_MEMBERSHIPS_QUERY = _PREFIXES + """
SELECT DISTINCT ?entity ?country WHERE { ?entity ckg:country ?country }
"""

_POSTS_QUERY = _PREFIXES + """
SELECT DISTINCT ?person ?in
WHERE { GRAPH ?g { ?post a ckg:Post ; ckg:heldBy ?person ; ckg:postIn ?in } }
"""

_MEETINGS_QUERY = _PREFIXES + """
SELECT DISTINCT ?meeting ?participant ?date ?published
WHERE {
  GRAPH ?g {
    ?meeting a ckg:Meeting ;
             ckg:participant ?participant ;
             ckg:extractedFrom ?d .
    OPTIONAL { ?meeting ckg:date ?date }
    OPTIONAL { ?d ckg:publicationDate ?published }
  }
}
"""

_TRADE_QUERY = _PREFIXES + f"""
SELECT DISTINCT ?measurement ?metric ?value ?unit ?status ?period ?periodStart ?subject
WHERE {{
  VALUES ?metric {{ <{METRIC.trade_turnover}> <{METRIC.exports}> <{METRIC.imports}> }}
  GRAPH ?g {{
    ?measurement a ckg:Measurement ;
                 ckg:metric ?metric ;
                 ckg:value ?value ;
                 ckg:subject ?subject .
    OPTIONAL {{ ?measurement ckg:unit ?unit }}
    OPTIONAL {{ ?measurement ckg:status ?status }}
    OPTIONAL {{ ?measurement ckg:period ?period }}
    OPTIONAL {{ ?measurement ckg:periodStart ?periodStart }}
  }}
}}
"""


def partnership_network(store, *, year: int | None = None) -> nx.Graph:
    """Countries linked by the meetings and trade figures that connect them.

    Nodes are countries (``label``, ``iso2``, ``type="Country"``), only those with an edge.
    An edge joins two countries

    - for every meeting with participants from both. A participant's countries are: the
      country itself; an organisation's, region's or place's ``ckg:country``; for a person, the
      country of every post they hold anywhere in the store (``ckg:postIn`` a country, or a
      body, region or place whose ``ckg:country`` it is; an envoy's ``ckg:accreditedTo`` names
      the host country, not theirs, and is not used). A meeting counts once per country pair,
      and only between different participants;
    - for every trade figure (trade turnover, exports, imports) whose subjects are exactly two
      countries.

    Edge attributes: ``meetings`` (count), ``trade_figures`` (count), ``trade_usd`` (the trade
    turnover in USD of the latest year with an actual figure; when documents disagree, the
    largest), ``trade_year`` (that year), ``years`` (comma-separated, sorted, of meetings and
    figures) and ``weight`` (meetings + trade figures).

    Args:
        store: a :class:`corridorkg.store.TripleStore`.
        year: keep only meetings dated in that year (the meeting's date, else the document's
            publication date) and figures about that year (``ckg:periodStart``, else the first
            four digits of ``ckg:period``).
    """
    iso2: dict[str, str] = {}
    for country, code in store.query(_COUNTRIES_QUERY).rows:
        if code is not None or str(country) not in iso2:
            iso2[str(country)] = str(code) if code is not None else ""
    countries_of = _country_resolver(store, set(iso2))
    edges: dict[tuple[str, str], dict] = defaultdict(
        lambda: {"meetings": 0, "trade_figures": 0, "years": set(), "turnover": {}})

    for meeting_year, pairs in _meeting_pairs(store.query(_MEETINGS_QUERY).records(),
                                              countries_of):
        if year is not None and meeting_year != year:
            continue
        for pair in pairs:
            edge = edges[pair]
            edge["meetings"] += 1
            if meeting_year is not None:
                edge["years"].add(meeting_year)

    for figure in _trade_figures(store.query(_TRADE_QUERY).records(), set(iso2)):
        if year is not None and figure["year"] != year:
            continue
        edge = edges[figure["pair"]]
        edge["trade_figures"] += 1
        if figure["year"] is not None:
            edge["years"].add(figure["year"])
            if figure["is_turnover_usd"]:
                previous = edge["turnover"].get(figure["year"], -math.inf)
                edge["turnover"][figure["year"]] = max(previous, figure["value"])

    labels = _labels(store) if edges else {}
    network = nx.Graph(name="partnerships" if year is None else f"partnerships {year}")
    for (a, b), edge in sorted(edges.items()):
        for iri in (a, b):
            if iri not in network:
                network.add_node(iri, label=labels.get(iri, _local_name(iri)),
                                 iso2=iso2.get(iri, ""), type="Country")
        attributes = {"meetings": edge["meetings"], "trade_figures": edge["trade_figures"],
                      "years": ",".join(str(y) for y in sorted(edge["years"])),
                      "weight": float(edge["meetings"] + edge["trade_figures"])}
        if edge["turnover"]:
            latest = max(edge["turnover"])
            attributes.update(trade_usd=float(edge["turnover"][latest]), trade_year=latest)
        network.add_edge(a, b, **attributes)
    return network


def _country_resolver(store, countries: set[str]):
    """A function: entity IRI -> the set of countries it belongs to (see partnership_network)."""
    member_of: dict[str, set[str]] = defaultdict(set)
    for entity, country in store.query(_MEMBERSHIPS_QUERY).rows:
        if str(country) in countries:
            member_of[str(entity)].add(str(country))
    posts_in: dict[str, set[str]] = defaultdict(set)
    for person, place in store.query(_POSTS_QUERY).rows:
        posts_in[str(person)].add(str(place))

    def of_place(iri: str) -> set[str]:
        return {iri} if iri in countries else member_of.get(iri, set())

    def countries_of(iri: str) -> set[str]:
        found = set(of_place(iri))
        for place in posts_in.get(iri, ()):
            found |= of_place(place)
        return found

    return countries_of


def _meeting_pairs(records: Iterable[dict], countries_of) -> Iterable[tuple[int | None, set]]:
    """(year, country pairs) for each meeting."""
    meetings: dict[str, dict] = {}
    for row in records:
        meeting = meetings.setdefault(str(row["meeting"]), {"participants": set(), "year": None})
        meeting["participants"].add(str(row["participant"]))
        meeting["year"] = (meeting["year"] or _year_of(row.get("date"))
                           or _year_of(row.get("published")))
    for meeting in meetings.values():
        sides = [countries_of(participant) for participant in sorted(meeting["participants"])]
        pairs = set()
        for first, second in combinations(sides, 2):
            pairs.update(tuple(sorted((a, b))) for a in first for b in second if a != b)
        yield meeting["year"], pairs


def _trade_figures(records: Iterable[dict], countries: set[str]) -> Iterable[dict]:
    figures: dict[str, dict] = {}
    for row in records:
        figure = figures.setdefault(str(row["measurement"]), {**row, "countries": set()})
        if str(row["subject"]) in countries:
            figure["countries"].add(str(row["subject"]))
    for figure in figures.values():
        if len(figure["countries"]) != 2:
            continue
        yield {
            "pair": tuple(sorted(figure["countries"])),
            "year": _year_of(figure.get("periodStart")) or _year_of(figure.get("period")),
            "value": float(figure["value"]),
            "is_turnover_usd": (figure["metric"] == METRIC.trade_turnover
                                and figure.get("unit") == UNIT.USD
                                and figure.get("status") in (None, STATUS.actual)),
        }


# --- route network -----------------------------------------------------------------------

_COORDINATES_QUERY = _PREFIXES + """
SELECT DISTINCT ?entity ?lat ?long
WHERE { GRAPH ?g { ?entity geo:lat ?lat ; geo:long ?long } }
"""

# ?corridor is projected so that a caller's binding restricts it on every backend
_LEGS_QUERY = _PREFIXES + """
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

_LINKS_QUERY = _PREFIXES + """
SELECT DISTINCT ?corridor ?place ?doc
WHERE {
  GRAPH ?g {
    ?link a ckg:CorridorLink ;
          ckg:corridor ?corridor ;
          ckg:place ?place ;
          ckg:extractedFrom ?d .
    ?d ckg:identifier ?doc .
  }
}
"""


def route_network(store, *, corridor_iri: URIRef | None = None) -> nx.Graph:
    """Places joined by the corridors' route legs and by what the documents say.

    Nodes are places (``label``, ``type`` — Port, Settlement, Region, Country —, ``lat`` and
    ``long`` when the store has them, ``documents``: how many documents link the place to a
    corridor) and, where needed, corridors (``type="Corridor"``).

    Edges, with ``kind``:

    - ``"leg"``: a ``ckg:RouteLeg`` of the reference data from ``ckg:legFrom`` to
      ``ckg:legTo``, with ``mode`` (the leg's transport mode, else the corridor's),
      ``corridor`` (its label), ``corridor_iri`` and ``order`` (``ckg:legOrder``);
    - ``"corridor_link"``: places that one document links to the same corridor (CorridorLink
      facts) and that lie on the corridor's legs are chained in the corridor's leg order;
      a pair already joined by a leg only raises that leg's ``documents`` count;
    - ``"corridor_member"``: a linked place that is on none of the corridor's legs cannot be put
      in order, so it is joined to a node for the corridor itself rather than to a guessed
      neighbour. This is the only place–corridor edge; corridors are nodes only for it.

    ``documents`` counts distinct documents; ``weight`` is 1 + documents for legs and documents
    for the others. ``ckg:passesThrough`` (an unordered list of places) makes no edges.

    Args:
        store: a :class:`corridorkg.store.TripleStore`.
        corridor_iri: keep only this corridor's legs and links.
    """
    bindings = {"corridor": corridor_iri} if corridor_iri is not None else None
    legs = store.query(_LEGS_QUERY, bindings=bindings).records()
    links = store.query(_LINKS_QUERY, bindings=bindings).records()
    network = nx.Graph(name="routes")
    if not legs and not links:
        return network
    labels = _labels(store)
    types = {str(entity): _local_name(table_type)
             for entity, table_type in store.query(_TYPES_QUERY).rows}
    coordinates = {str(entity): (float(lat.toPython()), float(long.toPython()))
                   for entity, lat, long in store.query(_COORDINATES_QUERY).rows}
    documents_of_edge: dict[tuple[str, str], set[str]] = defaultdict(set)
    documents_of_node: dict[str, set[str]] = defaultdict(set)

    def label(iri: str) -> str:
        return labels.get(iri, _local_name(iri))

    def add_node(iri: str) -> None:
        if iri in network:
            return
        attributes = {"label": label(iri), "type": types.get(iri, "Place")}
        if iri in coordinates:
            attributes["lat"], attributes["long"] = coordinates[iri]
        network.add_node(iri, **attributes)

    def add_edge(a: str, b: str, **attributes) -> None:
        add_node(a)
        add_node(b)
        if network.has_edge(a, b):
            existing = network.edges[a, b]
            if existing["kind"] != attributes["kind"]:
                return  # a document link along a leg only counts on that leg
            for key in ("corridor", "mode"):  # two corridors sharing one leg
                values = existing[key].split("; ") if existing.get(key) else []
                if attributes.get(key) and attributes[key] not in values:
                    existing[key] = "; ".join([*values, attributes[key]])
            return
        network.add_edge(a, b, **attributes)

    # reference route legs, and each corridor's stops in leg order
    stops: dict[str, list[str]] = defaultdict(list)
    corridor_mode: dict[str, str] = {}
    for leg in sorted(legs, key=lambda row: (str(row["corridor"]), _order(row.get("order")))):
        corridor = str(leg["corridor"])
        start, end = str(leg["from"]), str(leg["to"])
        if leg.get("corridorMode") is not None:
            corridor_mode[corridor] = _local_name(leg["corridorMode"])
        mode = leg.get("mode") or leg.get("corridorMode")
        add_edge(start, end, kind="leg", mode=_local_name(mode) if mode else "",
                 corridor=label(corridor), corridor_iri=corridor,
                 order=_order(leg.get("order"), default=0))
        for place in (start, end):
            if place not in stops[corridor]:
                stops[corridor].append(place)

    # document links: per (document, corridor), chain the places in leg order
    linked: dict[tuple[str, str], set[str]] = defaultdict(set)
    for link in links:
        linked[(str(link["doc"]), str(link["corridor"]))].add(str(link["place"]))
    for (doc, corridor), places in sorted(linked.items()):
        position = {place: index for index, place in enumerate(stops.get(corridor, []))}
        ordered = sorted((place for place in places if place in position), key=position.get)
        common = {"mode": corridor_mode.get(corridor, ""), "corridor": label(corridor),
                  "corridor_iri": corridor, "order": 0}
        for place in places:
            documents_of_node[place].add(doc)
        for a, b in zip(ordered, ordered[1:]):
            add_edge(a, b, kind="corridor_link", **common)
            documents_of_edge[_key(a, b)].add(doc)
        for place in sorted(places - set(position)):
            if corridor not in network:
                network.add_node(corridor, label=label(corridor), type="Corridor")
            add_edge(place, corridor, kind="corridor_member", **common)
            documents_of_edge[_key(place, corridor)].add(doc)
        for place in ordered:
            add_node(place)

    for node, attributes in network.nodes(data=True):
        attributes["documents"] = len(documents_of_node.get(node, ()))
    for a, b, attributes in network.edges(data=True):
        count = len(documents_of_edge.get(_key(a, b), ()))
        attributes["documents"] = count
        attributes["weight"] = float(count + 1 if attributes["kind"] == "leg" else count)
    return network


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _order(value, default: int = 1_000_000) -> int:
    return int(value) if value is not None else default
