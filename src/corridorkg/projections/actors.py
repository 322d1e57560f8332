"""Officials and organisations linked by the meetings they took part in together."""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx
from rdflib import URIRef

from .common import (
    PREFIXES,
    documents_mentioning,
    local_name,
    read_countries_of,
    read_country_codes,
    read_labels,
    read_meetings,
    read_types,
)

_ACTORS = ("Person", "Organization")

_POSTS_QUERY = PREFIXES + """
SELECT DISTINCT ?person ?role ?in
WHERE { GRAPH ?g { ?post a ckg:Post ; ckg:heldBy ?person ; ckg:role ?role ; ckg:postIn ?in } }
"""


def actor_network(store, *, year: int | None = None,
                  corridor_iri: URIRef | None = None) -> nx.Graph:
    """People and organisations linked by meeting together.

    Nodes are the participants of meetings that are persons or organisations (countries and
    regions as participants are left to :func:`partnership_network`): ``label``, ``type``
    (``"Person"``/``"Organization"``), ``iso2`` (comma-separated: the countries of an
    organisation, or of the bodies, regions and countries where a person holds a post),
    ``posts`` (``"role, place"`` pairs joined by ``"; "``, persons only) and ``years``.

    An edge joins every two of a meeting's participants: ``meetings`` (how many meetings),
    ``dates`` (a tuple of ISO dates, one per meeting: the meeting's date, else its document's
    publication date), ``first_date``, ``last_date``, ``documents``, ``weight`` (= meetings),
    ``years`` and ``timeline`` (``{year: {"meetings", "weight"}}``).

    Args:
        store: a :class:`corridorkg.store.TripleStore`.
        year: keep only the meetings of that year.
        corridor_iri: keep only meetings from documents that mention this corridor.
    """
    types = read_types(store)
    documents = documents_mentioning(store, corridor_iri) if corridor_iri is not None else None
    participants: set[str] = set()
    edges: dict[tuple[str, str], dict] = defaultdict(
        lambda: {"dates": [], "documents": set(), "timeline": {}})
    for meeting in read_meetings(store):
        if documents is not None and meeting.document not in documents:
            continue
        if year is not None and meeting.year != year:
            continue
        actors = [iri for iri in meeting.participants if types.get(iri) in _ACTORS]
        participants.update(actors)
        for pair in combinations(actors, 2):
            edge = edges[pair]
            edge["dates"].append(meeting.date.isoformat() if meeting.date else "")
            edge["documents"].add(meeting.document)
            if meeting.year is not None:
                slot = edge["timeline"].setdefault(meeting.year, {"meetings": 0, "weight": 0.0})
                slot["meetings"] += 1
                slot["weight"] += 1.0

    network = nx.Graph(name="actors" if year is None else f"actors {year}")
    if not participants:
        return network
    labels = read_labels(store)
    codes = read_country_codes(store)
    countries_of = read_countries_of(store)
    posts: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for person, role, place in store.query(_POSTS_QUERY).rows:
        posts[str(person)].append((str(role), str(place)))

    def countries(iri: str) -> set[str]:
        return {iri} if iri in codes else countries_of.get(iri, set())

    for iri in sorted(participants):
        attributes = {"label": labels.get(iri, local_name(iri)), "type": types[iri]}
        held = sorted(set(posts.get(iri, ())))
        found = countries(iri).union(*(countries(place) for _, place in held))
        attributes["iso2"] = ",".join(sorted(codes[c] for c in found if c in codes))
        if types[iri] == "Person":
            attributes["posts"] = "; ".join(
                f"{labels.get(role, local_name(role).replace('_', ' '))}, "
                f"{labels.get(place, local_name(place))}" for role, place in held)
        network.add_node(iri, **attributes)
    for (a, b), edge in sorted(edges.items()):
        dates = tuple(sorted(edge["dates"]))
        known = [when for when in dates if when]
        timeline = dict(sorted(edge["timeline"].items()))
        network.add_edge(a, b, meetings=len(dates), dates=dates,
                         first_date=known[0] if known else "", last_date=known[-1] if known else "",
                         documents=len(edge["documents"]), weight=float(len(dates)),
                         years=tuple(timeline), timeline=timeline)
    years: dict[str, set[int]] = defaultdict(set)
    for a, b, data in network.edges(data=True):
        years[a].update(data["years"])
        years[b].update(data["years"])
    for node, data in network.nodes(data=True):
        data["years"] = tuple(sorted(years[node]))
    return network
