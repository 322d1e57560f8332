"""The curated reference data (ontology/reference/*.ttl) keeps the contract of docs/MODEL.md.

The gazetteer is built from these labels, so the checks are about what makes linking go wrong:
a label shared by two entities of one table type, a missing preferred name, a dangling
ckg:country or ckg:locatedIn, a malformed code or coordinate, an IRI off the model's scheme.
"""
from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from collections import defaultdict
from decimal import Decimal
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import pycountry
import pytest
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef

from corridorkg import resources
from corridorkg.vocab import CKG, GEO, ID, MODE, TABLE_TYPES

LANGUAGES = {"en", "ru", "kk"}
LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")

# Labels that rightly name two entities of one table type: (table type, label key) -> reason.
# Keys are as the gazetteer compares them (see _key).
SHARED_LABELS: dict[tuple[str, str], str] = {}

# Classes that need a ckg:country (seas, wider regions, corridors and international bodies do not).
NEEDS_COUNTRY = {CKG.AdministrativeRegion, CKG.Settlement, CKG.BorderCrossing, CKG.Seaport, CKG.DryPort,
                 CKG.Ministry, CKG.GovernmentBody, CKG.Company, CKG.RailwayCompany, CKG.PortAuthority,
                 CKG.ShippingCompany, CKG.NewsAgency}


def _file_id(path: Path) -> str:
    return path.name


@lru_cache(maxsize=1)
def reference_graph() -> Graph:
    graph = Graph()
    for path in resources.reference_files():
        graph.parse(path, format="turtle")
    return graph


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    graph = Graph()
    for path in resources.ontology_files():
        graph.parse(path, format="turtle")
    return graph


def table_type(cls: URIRef) -> str | None:
    """The fact-table type (local name) a class belongs to, following rdfs:subClassOf."""
    seen, todo = set(), [cls]
    while todo:
        current = todo.pop()
        if current in TABLE_TYPES:
            return str(current).rsplit("#", 1)[-1]
        if current not in seen:
            seen.add(current)
            todo.extend(ontology_graph().objects(current, RDFS.subClassOf))
    return None


def entities() -> dict[URIRef, URIRef]:
    """Every entity of the reference data and its class (RouteLegs are not entities)."""
    graph = reference_graph()
    found = {}
    for subject, cls in graph.subject_objects(RDF.type):
        if cls != CKG.RouteLeg:
            found[subject] = cls
    return found


def _key(label: str) -> str:
    """A label as the gazetteer compares it: no accents, case-folded, dashes and quotes unified,
    punctuation and spacing between words ignored ("Alat – Kuryk" == "Alat-Kuryk")."""
    text = unicodedata.normalize("NFKD", label)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().replace("ё", "е")
    return " ".join(re.findall(r"[^\W_]+", text))


def _local(iri: URIRef) -> str:
    return str(iri)[len(str(ID)):]


def _country_code(graph: Graph, entity: URIRef) -> str | None:
    country = graph.value(entity, CKG.country)
    return str(graph.value(country, CKG.isoAlpha2)) if country is not None else None


# --- files ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", resources.reference_files(), ids=_file_id)
def test_reference_file_parses_as_turtle(path):
    graph = Graph().parse(path, format="turtle")
    assert len(graph) > 0


def test_reference_files_cover_every_kind_of_entity():
    names = {path.name for path in resources.reference_files()}
    assert {"countries.ttl", "regions.ttl", "settlements.ttl", "ports.ttl", "corridors.ttl",
            "organizations.ttl"} <= names


def test_countries_ttl_is_the_output_of_make_countries():
    path = next(p for p in resources.reference_files() if p.name == "countries.ttl")
    committed = path.read_bytes()
    header = re.search(rb"from pycountry ([^\s]+)\.\n", committed)
    assert header, "countries.ttl lacks its generator header; run scripts/make_countries.py"
    if header.group(1).decode() != version("pycountry"):
        pytest.skip(f"countries.ttl was made with pycountry {header.group(1).decode()}, "
                    f"{version('pycountry')} is installed: regenerate it with scripts/make_countries.py")
    script = resources.project_root() / "scripts" / "make_countries.py"
    output = subprocess.run([sys.executable, str(script)], check=True, capture_output=True).stdout
    assert output == committed, ("countries.ttl differs from the output of scripts/make_countries.py: "
                                 "run `python scripts/make_countries.py > ontology/reference/countries.ttl`")


# --- vocabulary -------------------------------------------------------------------------------------

def test_reference_data_uses_only_declared_terms():
    declared = {CKG[name] for name in CKG.__annotations__}
    allowed = declared | {RDF.type, *LABELS, GEO.lat, GEO.long}
    modes = {MODE[name] for name in MODE.__annotations__}
    graph = reference_graph()
    unknown_predicates = {p for p in graph.predicates() if p not in allowed}
    unknown_classes = {o for o in graph.objects(None, RDF.type) if o not in declared}
    unknown_modes = {o for o in graph.objects(None, CKG.mode) if o not in modes}
    assert not unknown_predicates and not unknown_classes and not unknown_modes


def test_every_entity_class_has_one_table_type():
    assert {cls for cls in entities().values() if table_type(cls) is None} == set()


def test_no_blank_nodes():
    graph = reference_graph()
    assert not [t for t in graph if any(not isinstance(term, (URIRef, Literal)) for term in t)]


# --- labels ---------------------------------------------------------------------------------------

def test_every_entity_has_one_pref_label_per_language_and_an_english_one():
    graph = reference_graph()
    problems = []
    for entity in entities():
        languages = [label.language for label in graph.objects(entity, SKOS.prefLabel)]
        if "en" not in languages or len(languages) != len(set(languages)):
            problems.append((_local(entity), sorted(map(str, languages))))
    assert problems == []


def test_labels_are_tagged_en_ru_or_kk_and_tidy():
    graph = reference_graph()
    problems = []
    for predicate in (*LABELS, CKG.demonym):
        for entity, label in graph.subject_objects(predicate):
            if not isinstance(label, Literal) or label.language not in LANGUAGES:
                problems.append((_local(entity), str(label), "language tag"))
            elif label != Literal(" ".join(str(label).split()), lang=label.language) or not str(label):
                problems.append((_local(entity), str(label), "whitespace"))
            elif label.language == "en" and re.search(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]", label):
                problems.append((_local(entity), str(label), "Cyrillic in an @en label"))
    assert problems == []


def test_no_label_names_two_entities_of_the_same_table_type():
    graph = reference_graph()
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for entity, cls in entities().items():
        kind = table_type(cls)
        for predicate in (*LABELS, CKG.demonym):
            for label in graph.objects(entity, predicate):
                owners[(kind, _key(label))].add(_local(entity))
    shared = {key: sorted(iris) for key, iris in owners.items()
              if len(iris) > 1 and key not in SHARED_LABELS}
    assert shared == {}


def test_a_port_does_not_take_the_bare_name_of_its_city():
    graph = reference_graph()
    problems = []
    for port in graph.subjects(RDF.type, CKG.Seaport):
        city = graph.value(port, CKG.locatedIn)
        city_keys = {_key(label) for p in LABELS for label in graph.objects(city, p)}
        port_keys = {_key(label) for p in LABELS for label in graph.objects(port, p)}
        if city_keys & port_keys:
            problems.append((_local(port), sorted(city_keys & port_keys)))
    assert problems == []


# --- links between entities -----------------------------------------------------------------------

@pytest.mark.parametrize("predicate, target_types", [
    (CKG.country, {"Country"}),
    (CKG.locatedIn, {"Region", "Settlement", "Country"}),
    (CKG.passesThrough, {"Country", "Region", "Settlement", "Port"}),
    (CKG.legFrom, {"Country", "Region", "Settlement", "Port"}),
    (CKG.legTo, {"Country", "Region", "Settlement", "Port"}),
    (CKG.parentOrganization, {"Organization"}),
], ids=lambda value: value.rsplit("#", 1)[-1] if isinstance(value, URIRef) else None)
def test_links_point_to_reference_entities_of_the_right_type(predicate, target_types):
    graph = reference_graph()
    known = entities()
    bad = [(_local(s), _local(o)) for s, o in graph.subject_objects(predicate)
           if o not in known or table_type(known[o]) not in target_types]
    assert bad == []


def test_places_and_national_bodies_name_their_country():
    graph = reference_graph()
    missing = [_local(e) for e, cls in entities().items()
               if cls in NEEDS_COUNTRY and graph.value(e, CKG.country) is None]
    assert missing == []


def test_a_place_lies_in_a_place_of_its_own_country():
    graph = reference_graph()
    problems = []
    for place, container in graph.subject_objects(CKG.locatedIn):
        here, there = _country_code(graph, place), _country_code(graph, container)
        if there is not None and here != there:
            problems.append((_local(place), _local(container)))
    assert problems == []


def test_route_legs_are_numbered_and_connected():
    graph = reference_graph()
    problems = []
    for corridor in {s for s in graph.subjects(CKG.hasLeg, None)}:
        legs = sorted(graph.objects(corridor, CKG.hasLeg), key=lambda leg: int(graph.value(leg, CKG.legOrder)))
        orders = [int(graph.value(leg, CKG.legOrder)) for leg in legs]
        if orders != list(range(1, len(legs) + 1)):
            problems.append((_local(corridor), "leg orders", orders))
        for leg, n in zip(legs, orders):
            if str(leg) != f"{corridor}/leg/{n}" or graph.value(leg, RDF.type) != CKG.RouteLeg:
                problems.append((_local(corridor), "leg IRI or type", _local(leg)))
        for before, after in zip(legs, legs[1:]):
            if graph.value(before, CKG.legTo) != graph.value(after, CKG.legFrom):
                problems.append((_local(corridor), "gap after", _local(before)))
    legs_owned = [leg for leg in graph.subjects(RDF.type, CKG.RouteLeg)
                  if len(set(graph.subjects(CKG.hasLeg, leg))) != 1]
    assert problems == [] and legs_owned == []


# --- identifiers and codes ------------------------------------------------------------------------

IRI_PATTERNS = {
    "Country": r"country/[A-Z]{2}",
    "Region": rf"region/(?:[A-Z]{{2}}-[A-Z0-9]{{1,3}}|{SLUG})",
    "Settlement": rf"settlement/{SLUG}",
    "Port": rf"port/{SLUG}",
    "Corridor": rf"corridor/{SLUG}",
    "Organization": rf"org/{SLUG}",
}


def test_iris_follow_the_model():
    graph = reference_graph()
    problems = []
    for entity, cls in entities().items():
        kind = table_type(cls)
        local = _local(entity)
        if kind not in IRI_PATTERNS or not re.fullmatch(IRI_PATTERNS[kind], local):
            problems.append((local, kind))
        elif kind == "Country" and local != f"country/{graph.value(entity, CKG.isoAlpha2)}":
            problems.append((local, "IRI is not country/<isoAlpha2>"))
        elif kind == "Region" and re.fullmatch(r"region/[A-Z]{2}-.*", local) \
                and local[len("region/"):][:2] != _country_code(graph, entity):
            problems.append((local, "ISO-style IRI of another country"))
    assert problems == []


def test_the_iris_named_in_the_model_exist():
    known = entities()
    for local in ("country/KZ", "region/KZ-MAN", "region/caspian-sea", "settlement/aktau", "port/aktau",
                  "port/alat", "corridor/titr", "org/ktz", "org/ministry-of-transport-kz"):
        assert ID[local] in known, local


def test_country_codes_are_iso_3166_1():
    graph = reference_graph()
    countries = list(graph.subjects(RDF.type, CKG.Country))
    assert len(countries) == len(pycountry.countries)
    for country in countries:
        record = pycountry.countries.get(alpha_2=str(graph.value(country, CKG.isoAlpha2)))
        assert record is not None
        assert (str(graph.value(country, CKG.isoAlpha3)), str(graph.value(country, CKG.isoNumeric))) \
            == (record.alpha_3, record.numeric)


def test_subdivision_codes_are_iso_3166_2_of_the_regions_country():
    graph = reference_graph()
    problems = []
    for region, code in graph.subject_objects(CKG.isoSubdivision):
        record = pycountry.subdivisions.get(code=str(code))
        if record is None or record.country_code != _country_code(graph, region):
            problems.append((_local(region), str(code)))
    codes = [str(code) for code in graph.objects(None, CKG.isoSubdivision)]
    assert problems == [] and len(codes) == len(set(codes))


def test_locodes_are_well_formed_unique_and_of_the_places_country():
    graph = reference_graph()
    problems = []
    for place, locode in graph.subject_objects(CKG.locode):
        if not re.fullmatch(r"[A-Z]{2}[A-Z2-9]{3}", str(locode)) or \
                str(locode)[:2] != _country_code(graph, place):
            problems.append((_local(place), str(locode)))
    locodes = [str(locode) for locode in graph.objects(None, CKG.locode)]
    assert problems == [] and len(locodes) == len(set(locodes))


@pytest.mark.parametrize("predicate, limit", [(GEO.lat, 90), (GEO.long, 180)],
                         ids=["lat", "long"])
def test_coordinates_are_decimal_degrees_in_range_to_two_places(predicate, limit):
    graph = reference_graph()
    problems = []
    for place, value in graph.subject_objects(predicate):
        number = value.toPython() if isinstance(value, Literal) else None
        if (value.datatype != XSD_DECIMAL or not isinstance(number, Decimal)
                or not -limit <= number <= limit or -number.as_tuple().exponent > 2):
            problems.append((_local(place), str(value)))
    single = [s for s in set(graph.subjects(predicate, None)) if len(list(graph.objects(s, predicate))) > 1]
    assert problems == [] and single == []
