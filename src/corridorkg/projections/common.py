"""What every projection reads from the store: labels, types, countries, figures, documents.

Each query is a ``SELECT DISTINCT`` over one kind of statement inside ``GRAPH ?g { ... }``; the
joins are done in Python. Over the union of the named graphs an entity that many documents
mention repeats its labels and types once per document, and joining those repetitions inside
SPARQL grows with the square of the number of documents; reading each kind once grows linearly.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from rdflib import URIRef
from rdflib.namespace import RDFS, SKOS

from ..errors import InputError
from ..vocab import CKG, GEO, ID, ONTOLOGY_GRAPH, REFERENCE_GRAPH, STATUS

PREFIXES = "\n".join(f"PREFIX {name}: <{namespace}>" for name, namespace in {
    "ckg": CKG._NS, "skos": SKOS._NS, "rdfs": RDFS._NS, "geo": GEO}.items()) + "\n"

# --- labels ----------------------------------------------------------------------------------

_LABELS_QUERY = PREFIXES + """
SELECT DISTINCT ?entity ?label ?g WHERE { GRAPH ?g { ?entity skos:prefLabel ?label } }
"""


def read_labels(store) -> dict[str, str]:
    """Entity IRI -> the label to show.

    The curated label of graph:reference wins over the ones documents give; within each, the
    English prefLabel, else the smallest prefLabel in another language (a stable choice).
    """
    ranked: dict[str, tuple[int, str]] = {}
    for entity, label, graph_iri in store.query(_LABELS_QUERY).rows:
        english = (getattr(label, "language", None) or "").lower().split("-")[0] == "en"
        rank = (0 if graph_iri == REFERENCE_GRAPH else 2) + (0 if english else 1)
        key, candidate = str(entity), (rank, str(label))
        if key not in ranked or candidate < ranked[key]:
            ranked[key] = candidate
    return {key: text for key, (_, text) in ranked.items()}


def local_name(iri) -> str:
    """The last segment of an IRI: ``mode/sea`` -> ``sea``."""
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# --- types -----------------------------------------------------------------------------------

# finest first: a border crossing is a settlement, a seaport a port
_KINDS = (CKG.BorderCrossing, CKG.Port, CKG.Settlement, CKG.Region, CKG.Country, CKG.Corridor,
          CKG.Person, CKG.Organization)
_TYPES_QUERY = PREFIXES + """
SELECT DISTINCT ?entity ?kind
WHERE {
  VALUES ?kind { %s }
  GRAPH <%s> { ?class rdfs:subClassOf* ?kind }
  GRAPH ?g { ?entity a ?class }
}
""" % (" ".join(f"<{iri}>" for iri in _KINDS), ONTOLOGY_GRAPH)


def read_types(store) -> dict[str, str]:
    """Entity IRI -> its kind: ``BorderCrossing``, ``Port``, ``Settlement``, ``Region``,
    ``Country``, ``Corridor``, ``Person`` or ``Organization`` (the finest that applies)."""
    found: dict[str, set[str]] = defaultdict(set)
    for entity, kind in store.query(_TYPES_QUERY).rows:
        found[str(entity)].add(str(kind))
    order = [str(kind) for kind in _KINDS]
    return {entity: local_name(min(kinds, key=order.index)) for entity, kinds in found.items()}


# --- countries -------------------------------------------------------------------------------

_COUNTRY_CODES_QUERY = PREFIXES + """
SELECT DISTINCT ?country ?iso2 WHERE { GRAPH ?g { ?country a ckg:Country ; ckg:isoAlpha2 ?iso2 } }
"""

_COUNTRY_OF_QUERY = PREFIXES + """
SELECT DISTINCT ?entity ?country WHERE { GRAPH ?g { ?entity ckg:country ?country } }
"""


def read_country_codes(store) -> dict[str, str]:
    """Country IRI -> ISO 3166-1 alpha-2 code."""
    return {str(country): str(code) for country, code in store.query(_COUNTRY_CODES_QUERY).rows}


def read_countries_of(store) -> dict[str, set[str]]:
    """Entity IRI -> the countries it belongs to (``ckg:country``)."""
    countries: dict[str, set[str]] = defaultdict(set)
    for entity, country in store.query(_COUNTRY_OF_QUERY).rows:
        countries[str(entity)].add(str(country))
    return countries


# --- documents -------------------------------------------------------------------------------

_DOCUMENTS_QUERY = PREFIXES + """
SELECT DISTINCT ?doc ?published WHERE {
  GRAPH ?g { ?doc a ckg:Document . OPTIONAL { ?doc ckg:publicationDate ?published } }
}
"""

# ?corridor is projected so that a binding restricts it on every backend
_MENTIONING_QUERY = PREFIXES + """
SELECT DISTINCT ?corridor ?doc WHERE { GRAPH ?g { ?doc a ckg:Document ; ckg:mentions ?corridor } }
"""


def read_publication_years(store) -> dict[str, int]:
    """Document IRI -> the year it was published (documents without a date are left out)."""
    years = {}
    for doc, published in store.query(_DOCUMENTS_QUERY).rows:
        year = year_of(published.toPython() if published is not None else None)
        if year is not None:
            years[str(doc)] = year
    return years


def documents_mentioning(store, corridor_iri: URIRef) -> set[str]:
    """The documents that mention ``corridor_iri`` (``ckg:mentions``)."""
    rows = store.query(_MENTIONING_QUERY, bindings={"corridor": URIRef(corridor_iri)}).rows
    return {str(doc) for _, doc in rows}


_CORRIDORS_QUERY = PREFIXES + """
SELECT DISTINCT ?corridor ?label
WHERE {
  GRAPH <%s> { ?class rdfs:subClassOf* ckg:Corridor }
  GRAPH ?g { ?corridor a ?class . OPTIONAL { ?corridor skos:prefLabel|skos:altLabel ?label } }
}
""" % ONTOLOGY_GRAPH


def find_corridor(store, name: str) -> URIRef:
    """The corridor that ``name`` names: its IRI, the last part of its IRI (``titr``) or one of
    its labels (``Middle Corridor``, any case).

    Raises:
        InputError: no corridor, or more than one, goes by that name.
    """
    wanted = " ".join(name.split()).casefold()
    by_iri: dict[str, set[str]] = defaultdict(set)
    for corridor, label in store.query(_CORRIDORS_QUERY).rows:
        by_iri[str(corridor)].add(" ".join(str(label or "").split()).casefold())
    if name in by_iri:
        return URIRef(name)
    by_slug = f"{ID}corridor/{name}"  # a string: rdflib warns about an IRI with spaces
    if by_slug in by_iri:
        return URIRef(by_slug)
    matches = sorted(iri for iri, labels in by_iri.items() if wanted in labels)
    if len(matches) == 1:
        return URIRef(matches[0])
    if matches:
        raise InputError(f"corridor {name!r} is ambiguous: it names {', '.join(matches)}",
                         hint="give the corridor's IRI")
    known = ", ".join(sorted(local_name(iri) for iri in by_iri)) or "none"
    raise InputError(f"no corridor named {name!r} in the store",
                     hint=f"give an IRI, a label or one of: {known}")


# --- meetings (ckg:Meeting) -------------------------------------------------------------------

@dataclass(frozen=True)
class Meeting:
    """One meeting as the projections use it."""

    iri: str
    participants: tuple[str, ...]   # sorted
    date: date | None               # the meeting's date, else its document's publication date
    year: int | None
    document: str


_MEETINGS_QUERY = PREFIXES + """
SELECT DISTINCT ?meeting ?participant ?date ?doc ?published
WHERE {
  GRAPH ?g {
    ?meeting a ckg:Meeting ;
             ckg:participant ?participant ;
             ckg:extractedFrom ?doc .
    OPTIONAL { ?meeting ckg:date ?date }
    OPTIONAL { ?doc ckg:publicationDate ?published }
  }
}
"""


def read_meetings(store) -> list[Meeting]:
    """Every meeting, sorted by IRI."""
    found: dict[str, dict] = {}
    for row in store.query(_MEETINGS_QUERY).records():
        meeting = found.setdefault(str(row["meeting"]), {
            "participants": set(), "dates": set(), "published": set(), "doc": str(row["doc"])})
        meeting["participants"].add(str(row["participant"]))
        for key, column in (("dates", "date"), ("published", "published")):
            if isinstance(row.get(column), date):
                meeting[key].add(row[column])
    meetings = []
    for iri, meeting in sorted(found.items()):
        when = min(meeting["dates"] or meeting["published"], default=None)
        meetings.append(Meeting(iri=iri, participants=tuple(sorted(meeting["participants"])),
                                date=when, year=year_of(when), document=meeting["doc"]))
    return meetings


# --- figures (ckg:Measurement) ---------------------------------------------------------------

@dataclass(frozen=True)
class Figure:
    """One measurement as the projections use it."""

    iri: str
    metric: str                     # local name: "trade_turnover", "capacity", ...
    value: float
    unit: str                       # local name: "USD", "t", "TEU", ... ("" when unknown)
    actual: bool                    # status actual (or no status), not a target
    year: int | None                # the year of the period's start
    whole_year: bool                # the period is one calendar year
    period: str                     # as stated: "2023", "2022-01/2022-10" ("" when none)
    end: date | None                # the period's end, to rank part-year figures
    subjects: frozenset[str]
    origin: str | None
    destination: str | None
    cargo: str | None               # local name of ckg:cargoType
    document: str
    published: int | None           # the document's publication year


# ?metric is projected so that a caller's binding restricts it on every backend
_FIGURES_QUERY = PREFIXES + """
SELECT DISTINCT ?measurement ?metric ?value ?unit ?status ?period ?periodStart ?periodEnd
       ?origin ?destination ?cargo ?doc
WHERE {
  GRAPH ?g {
    ?measurement a ckg:Measurement ;
                 ckg:metric ?metric ;
                 ckg:value ?value ;
                 ckg:extractedFrom ?doc .
    OPTIONAL { ?measurement ckg:unit ?unit }
    OPTIONAL { ?measurement ckg:status ?status }
    OPTIONAL { ?measurement ckg:period ?period }
    OPTIONAL { ?measurement ckg:periodStart ?periodStart }
    OPTIONAL { ?measurement ckg:periodEnd ?periodEnd }
    OPTIONAL { ?measurement ckg:origin ?origin }
    OPTIONAL { ?measurement ckg:destination ?destination }
    OPTIONAL { ?measurement ckg:cargoType ?cargo }
  }
}
"""

_SUBJECTS_QUERY = PREFIXES + """
SELECT DISTINCT ?measurement ?subject
WHERE { GRAPH ?g { ?measurement a ckg:Measurement ; ckg:subject ?subject } }
"""


def read_figures(store, metrics) -> list[Figure]:
    """The measurements of the given metrics (``METRIC`` IRIs), sorted by IRI."""
    subjects: dict[str, set[str]] = defaultdict(set)
    for measurement, subject in store.query(_SUBJECTS_QUERY).rows:
        subjects[str(measurement)].add(str(subject))
    published = read_publication_years(store)
    figures: dict[str, Figure] = {}
    for metric in metrics:
        for row in store.query(_FIGURES_QUERY, bindings={"metric": URIRef(metric)}).records():
            iri = str(row["measurement"])
            if iri in figures:  # a second cargo type or unit: the first one stands
                continue
            try:
                value = float(row["value"])
            except (TypeError, ValueError):
                continue
            period = str(row.get("period") or "")
            start, end = row.get("periodStart"), row.get("periodEnd")
            year = year_of(start) or year_of(period)
            whole_year = _is_whole_year(period, start, end)
            if not isinstance(end, date):
                end = date(year, 12, 31) if whole_year and year else None
            figures[iri] = Figure(
                iri=iri, metric=local_name(row["metric"]), value=value,
                unit=local_name(row["unit"]) if row.get("unit") is not None else "",
                actual=row.get("status") in (None, STATUS.actual),
                year=year, whole_year=whole_year, period=period, end=end,
                subjects=frozenset(subjects.get(iri, ())),
                origin=str(row["origin"]) if row.get("origin") is not None else None,
                destination=(str(row["destination"]) if row.get("destination") is not None
                             else None),
                cargo=local_name(row["cargo"]) if row.get("cargo") is not None else None,
                document=str(row["doc"]), published=published.get(str(row["doc"])))
    return [figures[iri] for iri in sorted(figures)]


def best_figure(figures) -> Figure | None:
    """The figure that stands for a year: a whole-year figure before a part of the year, the
    part reaching furthest into the year before a shorter one, and, when documents disagree
    on the same period, the largest value."""
    return max(figures, default=None, key=lambda figure: (
        figure.whole_year, figure.end or date.min, figure.value))


def _is_whole_year(period: str, start, end) -> bool:
    if len(period) == 4 and period.isdigit():
        return True
    return (isinstance(start, date) and isinstance(end, date) and start.year == end.year
            and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31))


def year_of(value) -> int | None:
    """The year of a date, or of a text starting with four digits; else ``None``."""
    if isinstance(value, (date, datetime)):
        return value.year
    text = str(value or "")
    return int(text[:4]) if len(text) >= 4 and text[:4].isdigit() else None
