"""Networks projected from the store: store in, network out (networkx graphs).

Every function reads the store through SPARQL (``store.query``), never through an in-memory
copy of the triples, so the same code works on the embedded store and on a remote endpoint.
Node ids are entity IRIs as strings; attribute values are plain ``str``/``int``/``float`` (lists
are written as comma-separated strings), so the networks go straight to GEXF, GraphML and CSV
(see :mod:`corridorkg.exports`).
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

from .vocab import CKG, GEO, METRIC, STATUS, UNIT, TABLE_TYPES

__all__ = ["partnership_network", "route_network"]

_PREFIXES = "\n".join(f"PREFIX {name}: <{namespace}>" for name, namespace in {
    "ckg": CKG._NS, "skos": SKOS._NS, "rdfs": RDFS._NS, "geo": GEO}.items())

# VALUES rows mapping each table class onto its name ("Person", "Port", ...)
_TABLE_TYPE_VALUES = " ".join(f"(<{iri}> \"{_name}\")" for iri, _name in
                              ((iri, iri.split("#")[-1]) for iri in TABLE_TYPES))

# one label per entity: the English prefLabel, else any prefLabel
_LABEL_PATTERN = """
  OPTIONAL {{ ?{v} skos:prefLabel ?{v}En FILTER (LANGMATCHES(LANG(?{v}En), "en")) }}
  OPTIONAL {{ ?{v} skos:prefLabel ?{v}Any FILTER (!BOUND(?{v}En)) }}
  BIND (STR(COALESCE(?{v}En, ?{v}Any)) AS ?{v}Name)"""


def _labelled(variable: str) -> str:
    return _LABEL_PATTERN.format(v=variable)


# --- partnership network -----------------------------------------------------------------

_COUNTRIES_QUERY = _PREFIXES + f"""
SELECT ?country (MIN(?countryName) AS ?label) (MIN(?code) AS ?iso2)
WHERE {{
  ?country a ckg:Country .
  OPTIONAL {{ ?country ckg:isoAlpha2 ?code }}
  {_labelled("country")}
}}
GROUP BY ?country
"""

# the countries each meeting participant belongs to: a country itself; an organisation, region
# or other place through ckg:country; a person through the posts they hold anywhere in the store
# (ckg:postIn a country, or something whose ckg:country is the country; ckg:accreditedTo is the
# host country of an envoy, not theirs, and is not used)
_MEETINGS_QUERY = _PREFIXES + """
SELECT DISTINCT ?meeting ?participant ?country ?date ?published
WHERE {
  ?meeting a ckg:Meeting ;
           ckg:participant ?participant ;
           ckg:extractedFrom ?d .
  OPTIONAL { ?meeting ckg:date ?date }
  OPTIONAL { ?d ckg:publicationDate ?published }
  {
    ?participant a ckg:Country .
    BIND (?participant AS ?country)
  } UNION {
    ?participant ckg:country ?country .
    ?country a ckg:Country .
  } UNION {
    ?post ckg:heldBy ?participant ;
          ckg:postIn ?in .
    { ?in a ckg:Country . BIND (?in AS ?country) }
    UNION
    { ?in ckg:country ?country . ?country a ckg:Country . }
  }
}
"""

_TRADE_QUERY = _PREFIXES + f"""
SELECT DISTINCT ?measurement ?metric ?value ?unit ?status ?period ?periodStart ?country
WHERE {{
  VALUES ?metric {{ <{METRIC.trade_turnover}> <{METRIC.exports}> <{METRIC.imports}> }}
  ?measurement a ckg:Measurement ;
               ckg:metric ?metric ;
               ckg:value ?value ;
               ckg:subject ?country .
  ?country a ckg:Country .
  OPTIONAL {{ ?measurement ckg:unit ?unit }}
  OPTIONAL {{ ?measurement ckg:status ?status }}
  OPTIONAL {{ ?measurement ckg:period ?period }}
  OPTIONAL {{ ?measurement ckg:periodStart ?periodStart }}
}}
"""


def partnership_network(store, *, year: int | None = None) -> nx.Graph:
    """Countries linked by the meetings and trade figures that connect them.

    Nodes are countries (``label``, ``iso2``, ``type="Country"``), only those with an edge.
    An edge joins two countries

    - for every meeting with participants from both: a participant's countries are the country
      itself, an organisation's or region's ``ckg:country``, or, for a person, the countries of
      every post they hold in the store (``ckg:postIn`` a country, or a body, region or place
      whose ``ckg:country`` it is; an envoy's ``ckg:accreditedTo`` is the host, not theirs).
      A meeting counts once per country pair, and only between different participants;
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
    countries = {str(row["country"]): row for row in store.query(_COUNTRIES_QUERY).records()}
    edges: dict[tuple[str, str], dict] = defaultdict(
        lambda: {"meetings": 0, "trade_figures": 0, "years": set(), "turnover": {}})

    for meeting_year, pairs in _meeting_pairs(store.query(_MEETINGS_QUERY).records()):
        if year is not None and meeting_year != year:
            continue
        for pair in pairs:
            edge = edges[pair]
            edge["meetings"] += 1
            if meeting_year is not None:
                edge["years"].add(meeting_year)

    for figure in _trade_figures(store.query(_TRADE_QUERY).records()):
        if year is not None and figure["year"] != year:
            continue
        edge = edges[figure["pair"]]
        edge["trade_figures"] += 1
        if figure["year"] is not None:
            edge["years"].add(figure["year"])
            if figure["is_turnover_usd"]:
                previous = edge["turnover"].get(figure["year"], -math.inf)
                edge["turnover"][figure["year"]] = max(previous, figure["value"])

    network = nx.Graph(name="partnerships" if year is None else f"partnerships {year}")
    for (a, b), edge in sorted(edges.items()):
        for iri in (a, b):
            if iri not in network:
                info = countries.get(iri, {})
                network.add_node(iri, label=str(info.get("label") or _local_name(iri)),
                                 iso2=str(info.get("iso2") or ""), type="Country")
        attributes = {"meetings": edge["meetings"], "trade_figures": edge["trade_figures"],
                      "years": ",".join(str(y) for y in sorted(edge["years"])),
                      "weight": float(edge["meetings"] + edge["trade_figures"])}
        if edge["turnover"]:
            latest = max(edge["turnover"])
            attributes.update(trade_usd=float(edge["turnover"][latest]), trade_year=latest)
        network.add_edge(a, b, **attributes)
    return network


def _meeting_pairs(records: Iterable[dict]) -> Iterable[tuple[int | None, set]]:
    """(year, country pairs) for each meeting, from participant -> country rows."""
    meetings: dict[str, dict] = {}
    for row in records:
        meeting = meetings.setdefault(str(row["meeting"]), {
            "year": _year_of(row.get("date")) or _year_of(row.get("published")),
            "countries": defaultdict(set)})
        meeting["countries"][str(row["participant"])].add(str(row["country"]))
    for meeting in meetings.values():
        pairs = set()
        for (_, first), (_, second) in combinations(sorted(meeting["countries"].items()), 2):
            pairs.update(tuple(sorted((a, b))) for a in first for b in second if a != b)
        yield meeting["year"], pairs


def _trade_figures(records: Iterable[dict]) -> Iterable[dict]:
    figures: dict[str, dict] = {}
    for row in records:
        figure = figures.setdefault(str(row["measurement"]), {**row, "countries": set()})
        figure["countries"].add(str(row["country"]))
    for figure in figures.values():
        if len(figure["countries"]) != 2:
            continue
        status = figure.get("status")
        yield {
            "pair": tuple(sorted(figure["countries"])),
            "year": _year_of(figure.get("periodStart")) or _year_of(figure.get("period")),
            "value": float(figure["value"]),
            "is_turnover_usd": (figure["metric"] == METRIC.trade_turnover
                                and figure.get("unit") == UNIT.USD
                                and status in (None, STATUS.actual)),
        }


def _year_of(value) -> int | None:
    if isinstance(value, (date, datetime)):
        return value.year
    text = str(value or "")
    return int(text[:4]) if len(text) >= 4 and text[:4].isdigit() else None


# --- route network -----------------------------------------------------------------------

_PLACES_QUERY = _PREFIXES + f"""
SELECT ?entity (MIN(?entityName) AS ?label) (MIN(?typeName) AS ?type)
       (SAMPLE(?latitude) AS ?lat) (SAMPLE(?longitude) AS ?long)
WHERE {{
  ?entity a ?class .
  ?class rdfs:subClassOf* ?tableType .
  VALUES (?tableType ?typeName) {{ {_TABLE_TYPE_VALUES} }}
  FILTER (?tableType NOT IN (<{CKG.Person}>, <{CKG.Organization}>))
  OPTIONAL {{ ?entity geo:lat ?latitude ; geo:long ?longitude }}
  {_labelled("entity")}
}}
GROUP BY ?entity
"""

# ?corridor is projected so that a caller's binding restricts it on every backend
_LEGS_QUERY = _PREFIXES + """
SELECT ?corridor ?leg ?order ?from ?to ?mode ?corridorMode
WHERE {
  ?corridor ckg:hasLeg ?leg .
  ?leg ckg:legFrom ?from ;
       ckg:legTo ?to .
  OPTIONAL { ?leg ckg:legOrder ?order }
  OPTIONAL { ?leg ckg:mode ?mode }
  OPTIONAL { ?corridor ckg:mode ?corridorMode }
}
"""

_LINKS_QUERY = _PREFIXES + """
SELECT DISTINCT ?corridor ?place ?doc
WHERE {
  ?link a ckg:CorridorLink ;
        ckg:corridor ?corridor ;
        ckg:place ?place ;
        ckg:extractedFrom ?d .
  ?d ckg:identifier ?doc .
}
"""


def route_network(store, *, corridor_iri: URIRef | None = None) -> nx.Graph:
    """Places joined by the corridors' route legs and by what the documents say.

    Nodes are places (``label``, ``type`` — Port, Settlement, Region, Country —, ``lat`` and
    ``long`` when the reference data has them, ``documents``: how many documents link the place
    to a corridor) and, where needed, corridors (``type="Corridor"``).

    Edges, with ``kind``:

    - ``"leg"``: a reference ``ckg:RouteLeg`` from ``ckg:legFrom`` to ``ckg:legTo``, with
      ``mode`` (the leg's transport mode, else the corridor's), ``corridor`` (its label),
      ``order`` (``ckg:legOrder``) and ``documents``;
    - ``"corridor_link"``: places that one document links to the same corridor (CorridorLink
      facts) and that lie on the corridor's legs are chained in the corridor's leg order;
      a pair already joined by a leg only raises that leg's ``documents`` count;
    - ``"corridor_member"``: a linked place that is on none of the corridor's legs cannot be put
      in order, so it is joined to a node for the corridor itself rather than guessing a
      neighbour. This is the only place–corridor edge; corridors appear as nodes only for it.

    ``documents`` counts distinct documents; ``weight`` is 1 + documents for legs and documents
    for the others. ``ckg:passesThrough`` (an unordered list of places) makes no edges.

    Args:
        store: a :class:`corridorkg.store.TripleStore`.
        corridor_iri: keep only this corridor's legs and links.
    """
    bindings = {"corridor": corridor_iri} if corridor_iri is not None else None
    legs = store.query(_LEGS_QUERY, bindings=bindings).records()
    links = store.query(_LINKS_QUERY, bindings=bindings).records()
    entities = {str(row["entity"]): row for row in store.query(_PLACES_QUERY).records()}

    network = nx.Graph(name="routes")
    documents_of_edge: dict[tuple[str, str], set[str]] = defaultdict(set)
    documents_of_node: dict[str, set[str]] = defaultdict(set)

    def add_node(iri: str) -> None:
        if iri in network:
            return
        info = entities.get(iri, {})
        attributes = {"label": str(info.get("label") or _local_name(iri)),
                      "type": str(info.get("type") or "Place")}
        if info.get("lat") is not None and info.get("long") is not None:
            attributes.update(lat=float(info["lat"]), long=float(info["long"]))
        network.add_node(iri, **attributes)

    def add_edge(a: str, b: str, **attributes) -> None:
        add_node(a)
        add_node(b)
        if network.has_edge(a, b):
            existing = network.edges[a, b]
            if existing["kind"] != attributes["kind"]:
                return  # a document link along a leg only counts on that leg
            for key in ("corridor", "mode"):  # two corridors sharing one leg
                values = existing.get(key, "").split("; ") if existing.get(key) else []
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
        mode = leg.get("mode") or leg.get("corridorMode")
        if leg.get("corridorMode") is not None:
            corridor_mode[corridor] = _local_name(leg["corridorMode"])
        add_edge(start, end, kind="leg", mode=_local_name(mode) if mode else "",
                 corridor=_label(entities, corridor), corridor_iri=corridor,
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
        for place in places:
            documents_of_node[place].add(doc)
        for a, b in zip(ordered, ordered[1:]):
            add_edge(a, b, kind="corridor_link", mode=corridor_mode.get(corridor, ""),
                     corridor=_label(entities, corridor), corridor_iri=corridor, order=0)
            documents_of_edge[_key(a, b)].add(doc)
        for place in sorted(places - set(position)):
            if corridor not in network:
                network.add_node(corridor, label=_label(entities, corridor), type="Corridor")
            add_edge(place, corridor, kind="corridor_member", mode=corridor_mode.get(corridor, ""),
                     corridor=_label(entities, corridor), corridor_iri=corridor, order=0)
            documents_of_edge[_key(place, corridor)].add(doc)

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


def _label(entities: dict[str, dict], iri: str) -> str:
    info = entities.get(iri, {})
    return str(info.get("label") or _local_name(iri))


def _local_name(iri) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
