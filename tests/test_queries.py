"""The query files: every one parses, and the five fact tables give exact rows on a fixture."""
from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib import Literal
from rdflib.plugins.sparql import prepareQuery

from corridorkg.errors import QueryError
from corridorkg.store import EmbeddedStore
from corridorkg.store.bindings import query_variables
from corridorkg.store.library import (Parameter, bind_parameters, find_query, read_query,
                                      resolve_name)
from corridorkg.validation import validate_graph
from corridorkg.vocab import FACT, GRAPH, ID, METRIC, ROLE

DATA = Path(__file__).parent / "data"
QUERIES = Path(__file__).resolve().parents[1] / "queries"
QUERY_FILES = sorted(QUERIES.rglob("*.rq"))
DOC_ID = "fx_0001"
TITR = "Trans-Caspian International Transport Route"
INJECTION = '"} ; DROP ALL ; #'

# the columns the scorer reads (shared/eval/CONTRACT.md), in order
TABLE_COLUMNS = {
    "entities": ["doc", "entity", "label", "type"],
    "positions": ["doc", "person", "personLabel", "role", "org", "orgLabel", "to", "toLabel"],
    "meetings": ["doc", "meeting", "date", "participant", "participantLabel"],
    "measurements": ["doc", "measurement", "metric", "value", "unit", "period", "status",
                     "subject", "subjectLabel"],
    "corridor_links": ["doc", "place", "placeLabel", "corridor", "corridorLabel"],
}

# a second document that reports the 2023 Lithuania-Kazakhstan trade with another value
SECOND_DOCUMENT = """
@prefix ckg:     <https://w3id.org/corridorkg/ontology#> .
@prefix metric:  <https://w3id.org/corridorkg/metric/> .
@prefix unit:    <https://w3id.org/corridorkg/unit/> .
@prefix status:  <https://w3id.org/corridorkg/status/> .
@prefix country: <https://w3id.org/corridorkg/id/country/> .
@prefix doc:     <https://w3id.org/corridorkg/doc/> .
@prefix fact:    <https://w3id.org/corridorkg/fact/001_second/> .
@prefix run:     <https://w3id.org/corridorkg/run/> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .

doc:001_second a ckg:Document ; ckg:identifier "001_second" ; ckg:contentHash "77" ;
    ckg:publicationDate "2024-02-01"^^xsd:date ; ckg:mentions country:LT, country:KZ .
fact:measurement-0123456789ab a ckg:Measurement ;
    ckg:metric metric:trade_turnover ; ckg:value 230000000.0 ; ckg:unit unit:USD ;
    ckg:period "2023" ; ckg:status status:actual ; ckg:subject country:KZ, country:LT ;
    ckg:extractedFrom doc:001_second ;
    ckg:evidence <https://w3id.org/corridorkg/doc/001_second/s/0-80> ;
    prov:wasGeneratedBy run:001_second ; ckg:confidence 0.9 .
"""


# a figure with no subject, period or status (the shapes flag it; the table must still show it)
BARE_MEASUREMENT = """
@prefix ckg:    <https://w3id.org/corridorkg/ontology#> .
@prefix metric: <https://w3id.org/corridorkg/metric/> .
@prefix unit:   <https://w3id.org/corridorkg/unit/> .
@prefix doc:    <https://w3id.org/corridorkg/doc/> .
@prefix fact:   <https://w3id.org/corridorkg/fact/002_bare/> .

doc:002_bare a ckg:Document ; ckg:identifier "002_bare" .
fact:measurement-ffffffffffff a ckg:Measurement ;
    ckg:metric metric:capacity ; ckg:value 10000000 ; ckg:unit unit:t ;
    ckg:extractedFrom doc:002_bare .
"""


def load_trig(store: EmbeddedStore, path: Path) -> None:
    dataset = rdflib.Dataset()
    dataset.parse(path, format="trig")
    for graph in dataset.graphs():
        if len(graph):
            store.replace_graph(graph.identifier, graph)


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory):
    with EmbeddedStore(tmp_path_factory.mktemp("queries") / "store") as store:
        load_trig(store, DATA / "fixture_graph.trig")
        yield store


def run_csv(store, name: str, **bindings) -> list[dict[str, str]]:
    """Run a query file and read its CSV output the way the scorer does."""
    result = store.query((QUERIES / name).read_text(encoding="utf-8"), bindings=bindings)
    text = io.StringIO()
    result.to_csv(text)
    return list(csv.DictReader(io.StringIO(text.getvalue())))


def test_the_fixture_conforms_to_the_shapes():
    """The fixture follows docs/MODEL.md: the project's own SHACL shapes accept it."""
    dataset = rdflib.Dataset()
    dataset.parse(DATA / "fixture_graph.trig", format="trig")
    graph = rdflib.Graph()
    for graph_iri in (GRAPH[DOC_ID], GRAPH["reference"]):
        for triple in dataset.graph(graph_iri):
            graph.add(triple)
    report = validate_graph(graph)
    assert report.counts()["Violation"] == 0, report


# --- every query file --------------------------------------------------------------------

def test_there_are_query_files():
    names = {path.relative_to(QUERIES).as_posix() for path in QUERY_FILES}
    assert {f"tables/{table}.rq" for table in TABLE_COLUMNS} <= names
    assert {"who_met_whom.rq", "posts_by_country.rq", "trade_by_country_pair_and_year.rq",
            "fact_provenance.rq", "figure_disagreements.rq", "corridor_places.rq",
            "entities_of_document.rq"} <= names


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.stem)
def test_query_file_parses(path):
    text = path.read_text(encoding="utf-8")
    prepareQuery(text)  # rdflib's SPARQL 1.1 parser
    pyoxigraph.Store().query(text, use_default_graph_as_union=True)  # and Oxigraph's


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.stem)
def test_query_file_opens_with_purpose_parameters_and_columns(path):
    header = re.match(r"(?:#.*\n)+", path.read_text(encoding="utf-8"))
    assert header, f"{path.name} must open with a comment"
    for part in ("Purpose:", "Parameters:", "Columns:"):
        assert part in header.group(0), f"{path.name}: the header comment lacks {part}"


@pytest.mark.parametrize("table", TABLE_COLUMNS)
def test_table_columns_are_the_contracts(fixture_store, table):
    result = fixture_store.query((QUERIES / "tables" / f"{table}.rq").read_text())
    assert result.columns == TABLE_COLUMNS[table]


# --- the five fact tables on the fixture -------------------------------------------------

def test_entities_table(fixture_store):
    rows = {(row["doc"], row["entity"].rsplit("/id/", 1)[1], row["label"], row["type"])
            for row in run_csv(fixture_store, "tables/entities.rq")}
    assert rows == {(DOC_ID, entity, label, kind) for entity, label, kind in [
        ("corridor/titr", "Middle Corridor", "Corridor"),
        ("corridor/titr", TITR, "Corridor"),
        ("country/KZ", "Kazakhstan", "Country"),
        ("country/KZ", "Republic of Kazakhstan", "Country"),
        ("country/KZ", "Казахстан", "Country"),
        ("country/LT", "Lithuania", "Country"),
        ("country/LT", "Литва", "Country"),
        ("org/ministry-of-transport-kz", "Ministry of Transport of Kazakhstan", "Organization"),
        ("person/tomas-petraitis", "Tomas Petraitis", "Person"),
        ("person/tomas-petraitis", "Эгидиюс Навикас", "Person"),
        ("person/nurlan-abenov", "Abenov", "Person"),
        ("person/nurlan-abenov", "Nurlan Abenov", "Person"),
        ("person/talgat-lastayev", "Талгат Ластаев", "Person"),
        ("port/aktau", "Aktau port", "Port"),
        ("port/aktau", "Port of Aktau", "Port"),
        ("region/KZ-MAN", "Mangistau region", "Region"),
        ("region/KZ-MAN", "Mangystau Region", "Region"),
    ]}


def test_positions_table(fixture_store):
    assert run_csv(fixture_store, "tables/positions.rq") == [
        {"doc": DOC_ID, "person": str(ID["person/nurlan-abenov"]),
         "personLabel": "Nurlan Abenov", "role": "governor",
         "org": str(ID["region/KZ-MAN"]), "orgLabel": "Mangystau Region", "to": "", "toLabel": ""},
        {"doc": DOC_ID, "person": str(ID["person/talgat-lastayev"]),
         "personLabel": "Талгат Ластаев", "role": "vice minister",
         "org": str(ID["org/ministry-of-transport-kz"]),
         "orgLabel": "Ministry of Transport of Kazakhstan", "to": "", "toLabel": ""},
        {"doc": DOC_ID, "person": str(ID["person/tomas-petraitis"]),
         "personLabel": "Tomas Petraitis", "role": "ambassador",
         "org": str(ID["country/LT"]), "orgLabel": "Lithuania",
         "to": str(ID["country/KZ"]), "toLabel": "Kazakhstan"},
    ]


def test_meetings_table(fixture_store):
    meeting = str(FACT[f"{DOC_ID}/meeting-5c6d7e8f9a0b"])
    assert run_csv(fixture_store, "tables/meetings.rq") == [
        {"doc": DOC_ID, "meeting": meeting, "date": "2024-06-03",
         "participant": str(ID["person/nurlan-abenov"]),
         "participantLabel": "Nurlan Abenov"},
        {"doc": DOC_ID, "meeting": meeting, "date": "2024-06-03",
         "participant": str(ID["person/tomas-petraitis"]), "participantLabel": "Tomas Petraitis"},
    ]


def test_measurements_table(fixture_store):
    trade = str(FACT[f"{DOC_ID}/measurement-a1b2c3d4e5f6"])
    cargo = str(FACT[f"{DOC_ID}/measurement-b2c3d4e5f6a7"])
    investment = str(FACT[f"{DOC_ID}/measurement-c3d4e5f6a7b8"])
    rows = run_csv(fixture_store, "tables/measurements.rq")
    assert [{**row, "value": float(row["value"])} for row in rows] == [
        {"doc": DOC_ID, "measurement": trade, "metric": "trade_turnover", "value": 223600000.0,
         "unit": "USD", "period": "2023", "status": "actual",
         "subject": str(ID["country/KZ"]), "subjectLabel": "Kazakhstan"},
        {"doc": DOC_ID, "measurement": trade, "metric": "trade_turnover", "value": 223600000.0,
         "unit": "USD", "period": "2023", "status": "actual",
         "subject": str(ID["country/LT"]), "subjectLabel": "Lithuania"},
        {"doc": DOC_ID, "measurement": cargo, "metric": "cargo_volume", "value": 1500000.0,
         "unit": "t", "period": "", "status": "target",
         "subject": str(ID["port/aktau"]), "subjectLabel": "Port of Aktau"},
        {"doc": DOC_ID, "measurement": investment, "metric": "investment", "value": 50000000.0,
         "unit": "USD", "period": "2024", "status": "target",
         "subject": str(ID["corridor/titr"]), "subjectLabel": TITR},
    ]
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", row["value"]) for row in rows)  # plain numbers


def test_a_measurement_without_subject_still_gives_one_row(tmp_path):
    with EmbeddedStore(tmp_path / "store") as store:
        store.replace_graph(GRAPH["002_bare"],
                            rdflib.Graph().parse(data=BARE_MEASUREMENT, format="turtle"))
        rows = run_csv(store, "tables/measurements.rq")
    measurement = str(FACT["002_bare/measurement-ffffffffffff"])
    assert rows == [{"doc": "002_bare", "measurement": measurement, "metric": "capacity",
                     "value": "10000000", "unit": "t", "period": "", "status": "",
                     "subject": "", "subjectLabel": ""}]


def test_corridor_links_table(fixture_store):
    assert run_csv(fixture_store, "tables/corridor_links.rq") == [
        {"doc": DOC_ID, "place": str(ID["port/aktau"]), "placeLabel": "Port of Aktau",
         "corridor": str(ID["corridor/titr"]), "corridorLabel": TITR},
    ]


def test_tables_can_be_restricted_to_one_document(fixture_store):
    assert len(run_csv(fixture_store, "tables/positions.rq", doc=DOC_ID)) == 3
    assert run_csv(fixture_store, "tables/entities.rq", doc="no-such-document") == []


# --- research queries --------------------------------------------------------------------

def test_who_met_whom_by_person_and_year(fixture_store):
    rows = run_csv(fixture_store, "who_met_whom.rq", person=ID["person/tomas-petraitis"])
    assert [(row["otherLabel"], row["date"], row["year"], row["doc"]) for row in rows] == [
        ("Nurlan Abenov", "2024-06-03", "2024", DOC_ID)]
    assert len(run_csv(fixture_store, "who_met_whom.rq", year=2024)) == 2  # both sides
    assert run_csv(fixture_store, "who_met_whom.rq", year=2023) == []


def test_posts_by_country_follows_the_body_to_its_country(fixture_store):
    rows = run_csv(fixture_store, "posts_by_country.rq", country=ID["country/KZ"])
    assert sorted((row["personLabel"], row["role"], row["orgLabel"]) for row in rows) == [
        ("Nurlan Abenov", "governor", "Mangystau Region"),
        ("Талгат Ластаев", "vice minister", "Ministry of Transport of Kazakhstan"),
    ]


def test_trade_by_country_pair_and_year(fixture_store):
    rows = run_csv(fixture_store, "trade_by_country_pair_and_year.rq",
                   country=ID["country/LT"], year=2023)
    assert [(row["partnerLabel"], row["year"], float(row["value"])) for row in rows] == [
        ("Kazakhstan", "2023", 223600000.0)]
    assert run_csv(fixture_store, "trade_by_country_pair_and_year.rq",
                   metric=METRIC.exports) == []


def test_fact_provenance(fixture_store):
    fact = FACT[f"{DOC_ID}/post-3f1a9c0e2b7d"]
    rows = run_csv(fixture_store, "fact_provenance.rq", fact=fact)
    assert len(rows) == 1
    row = rows[0]
    assert (row["kind"], row["doc"], row["url"], row["charStart"], row["charEnd"],
            row["extractorVersion"], row["confidence"]) == (
        "Post", DOC_ID, "https://example.org/news/kilybay-navikas", "12", "110", "0.1.0", "0.9")
    assert row["text"].startswith("Nurlan Abenov, the akim")


def test_corridor_places_merges_reference_and_documents(fixture_store):
    rows = run_csv(fixture_store, "corridor_places.rq", corridor=ID["corridor/titr"])
    assert {row["placeLabel"]: (set(row["sources"].split(", ")), row["documents"])
            for row in rows} == {
        "Kazakhstan": ({"reference"}, "0"),
        "Port of Aktau": ({"reference", "route leg", "document"}, "1"),
        "Port of Baku at Alat": ({"reference", "route leg"}, "0"),
    }


def test_entities_of_document(fixture_store):
    rows = run_csv(fixture_store, "entities_of_document.rq", doc=DOC_ID)
    assert len(rows) == 9
    kilybay = next(row for row in rows if row["entity"] == str(ID["person/nurlan-abenov"]))
    assert (kilybay["label"], kilybay["type"], kilybay["mentions"], kilybay["surfaceForms"]) == (
        "Nurlan Abenov", "Person", "1", "Nurlan Abenov")


def test_figure_disagreements_pairs_the_two_documents(tmp_path):
    with EmbeddedStore(tmp_path / "store") as store:
        load_trig(store, DATA / "fixture_graph.trig")
        assert run_csv(store, "figure_disagreements.rq") == []
        second = rdflib.Graph().parse(data=SECOND_DOCUMENT, format="turtle")
        store.replace_graph(GRAPH["001_second"], second)
        rows = run_csv(store, "figure_disagreements.rq", metric=METRIC.trade_turnover)
    assert len(rows) == 1
    row = rows[0]
    assert {row["docA"], row["docB"]} == {DOC_ID, "001_second"}
    assert {float(row["valueA"]), float(row["valueB"])} == {223600000.0, 230000000.0}
    assert row["period"] == "2023"
    assert set(row["subjects"].split(", ")) == {"Kazakhstan", "Lithuania"}


# --- the library: headers, parameters, names ----------------------------------------------

RESEARCH_QUERIES = sorted(QUERIES.glob("*.rq"))

# Added to the fixture for the research queries (tests/data/fixture_graph.trig is shared with
# the projection tests, so it stays as it is):
# - fx_0003 (2024-09-01): Nurlan Abenov attested again as governor of Mangystau and meeting
#   Tomas Petraitis again; 2023 Lithuania-Kazakhstan trade given as 230 million (fx_0001 says
#   223.6 million);
# - fx_0002 (2025-02-10): Serik Dauletov, the new governor of Mangystau, meets Ramin Aliyev,
#   Azerbaijan's ambassador; 2024 Lithuania-Kazakhstan trade; 2024 containers and a first half
#   of 2024 cargo at the port of Aktau; the city of Aktau (in Mangystau) linked to the TITR;
# - Ilham Aliyev, who shares the alternative label "Aliyev" with the ambassador.
LIBRARY_EXTRA = """
@prefix ckg:     <https://w3id.org/corridorkg/ontology#> .
@prefix role:    <https://w3id.org/corridorkg/role/> .
@prefix metric:  <https://w3id.org/corridorkg/metric/> .
@prefix unit:    <https://w3id.org/corridorkg/unit/> .
@prefix status:  <https://w3id.org/corridorkg/status/> .
@prefix country: <https://w3id.org/corridorkg/id/country/> .
@prefix region:  <https://w3id.org/corridorkg/id/region/> .
@prefix settlement: <https://w3id.org/corridorkg/id/settlement/> .
@prefix port:    <https://w3id.org/corridorkg/id/port/> .
@prefix corridor: <https://w3id.org/corridorkg/id/corridor/> .
@prefix person:  <https://w3id.org/corridorkg/id/person/> .
@prefix doc:     <https://w3id.org/corridorkg/doc/> .
@prefix f2:      <https://w3id.org/corridorkg/fact/fx_0002/> .
@prefix f3:      <https://w3id.org/corridorkg/fact/fx_0003/> .
@prefix run:     <https://w3id.org/corridorkg/run/> .
@prefix s2:      <https://w3id.org/corridorkg/doc/fx_0002/s/> .
@prefix s3:      <https://w3id.org/corridorkg/doc/fx_0003/s/> .
@prefix m2:      <https://w3id.org/corridorkg/doc/fx_0002/m/> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .

<https://w3id.org/corridorkg/graph/fx_0003> {
    doc:fx_0003 a ckg:Document ; ckg:identifier "fx_0003" ; ckg:language "en" ;
        ckg:publicationDate "2024-09-01"^^xsd:date ; ckg:contentHash "33" ;
        ckg:mentions person:nurlan-abenov, person:tomas-petraitis, region:KZ-MAN, country:LT,
            country:KZ .
    run:fx_0003 a ckg:ExtractionRun ; prov:used doc:fx_0003 ; ckg:extractorVersion "0.1.0" .
    s3:0-90 a ckg:Sentence ;
        ckg:inDocument doc:fx_0003 ; ckg:charStart 0 ; ckg:charEnd 90 ;
        ckg:text "Governor Nurlan Abenov received Ambassador Tomas Petraitis." .
    person:nurlan-abenov a ckg:Person ; skos:prefLabel "Nurlan Abenov"@en .
    person:tomas-petraitis a ckg:Person ; skos:prefLabel "Tomas Petraitis"@en .
    f3:post-aaaaaaaaaaaa a ckg:Post ; ckg:heldBy person:nurlan-abenov ; ckg:role role:governor ;
        ckg:postIn region:KZ-MAN ; ckg:since "2024-09-01"^^xsd:date ;
        ckg:extractedFrom doc:fx_0003 ; ckg:evidence s3:0-90 ;
        prov:wasGeneratedBy run:fx_0003 ; ckg:confidence 0.9 .
    f3:meeting-bbbbbbbbbbbb a ckg:Meeting ;
        ckg:participant person:nurlan-abenov, person:tomas-petraitis ;
        ckg:date "2024-09-01"^^xsd:date ; ckg:extractedFrom doc:fx_0003 ;
        ckg:evidence s3:0-90 ;
        prov:wasGeneratedBy run:fx_0003 ; ckg:confidence 0.8 .
    f3:measurement-cccccccccccc a ckg:Measurement ; ckg:metric metric:trade_turnover ;
        ckg:value 230000000.0 ; ckg:unit unit:USD ; ckg:period "2023" ;
        ckg:periodStart "2023-01-01"^^xsd:date ; ckg:periodEnd "2023-12-31"^^xsd:date ;
        ckg:status status:actual ; ckg:subject country:LT, country:KZ ;
        ckg:extractedFrom doc:fx_0003 ; ckg:evidence s3:0-90 ;
        prov:wasGeneratedBy run:fx_0003 ; ckg:confidence 0.9 .
}

<https://w3id.org/corridorkg/graph/fx_0002> {
    doc:fx_0002 a ckg:Document ; ckg:identifier "fx_0002" ; ckg:language "en" ;
        ckg:publicationDate "2025-02-10"^^xsd:date ; ckg:contentHash "22" ;
        ckg:mentions person:serik-dauletov, person:ramin-aliyev, region:KZ-MAN, country:AZ,
            country:KZ, country:LT, port:aktau, settlement:aktau, corridor:titr .
    run:fx_0002 a ckg:ExtractionRun ; prov:used doc:fx_0002 ; ckg:extractorVersion "0.1.0" .
    s2:0-99 a ckg:Sentence ;
        ckg:inDocument doc:fx_0002 ; ckg:charStart 0 ; ckg:charEnd 99 ;
        ckg:text "The new akim Serik Dauletov met Ambassador Ramin Aliyev in Aktau." .
    m2:60-65 a ckg:Mention ;
        ckg:mentionOf settlement:aktau ; ckg:inDocument doc:fx_0002 ;
        ckg:inSentence s2:0-99 ;
        ckg:charStart 60 ; ckg:charEnd 65 ; ckg:surfaceForm "Aktau" ; ckg:linkMethod "reference" .
    person:serik-dauletov a ckg:Person ; skos:prefLabel "Serik Dauletov"@en .
    person:ramin-aliyev a ckg:Person ; skos:prefLabel "Ramin Aliyev"@en ;
        skos:altLabel "Aliyev"@en .
    f2:post-dddddddddddd a ckg:Post ; ckg:heldBy person:serik-dauletov ; ckg:role role:governor ;
        ckg:postIn region:KZ-MAN ; ckg:since "2025-02-10"^^xsd:date ;
        ckg:extractedFrom doc:fx_0002 ; ckg:evidence s2:0-99 ;
        prov:wasGeneratedBy run:fx_0002 ; ckg:confidence 0.9 .
    f2:post-eeeeeeeeeeee a ckg:Post ; ckg:heldBy person:ramin-aliyev ; ckg:role role:ambassador ;
        ckg:postIn country:AZ ; ckg:accreditedTo country:KZ ; ckg:since "2025-02-10"^^xsd:date ;
        ckg:extractedFrom doc:fx_0002 ; ckg:evidence s2:0-99 ;
        prov:wasGeneratedBy run:fx_0002 ; ckg:confidence 0.9 .
    f2:meeting-ffffffffffff a ckg:Meeting ;
        ckg:participant person:serik-dauletov, person:ramin-aliyev ;
        ckg:date "2025-02-10"^^xsd:date ; ckg:extractedFrom doc:fx_0002 ;
        ckg:evidence s2:0-99 ;
        prov:wasGeneratedBy run:fx_0002 ; ckg:confidence 0.8 .
    f2:measurement-111111111111 a ckg:Measurement ; ckg:metric metric:trade_turnover ;
        ckg:value 250000000.0 ; ckg:unit unit:USD ; ckg:period "2024" ;
        ckg:periodStart "2024-01-01"^^xsd:date ; ckg:periodEnd "2024-12-31"^^xsd:date ;
        ckg:status status:actual ; ckg:subject country:LT, country:KZ ;
        ckg:extractedFrom doc:fx_0002 ; ckg:evidence s2:0-99 ;
        prov:wasGeneratedBy run:fx_0002 ; ckg:confidence 0.9 .
    f2:measurement-222222222222 a ckg:Measurement ; ckg:metric metric:container_volume ;
        ckg:value 30000.0 ; ckg:unit unit:TEU ; ckg:period "2024" ;
        ckg:periodStart "2024-01-01"^^xsd:date ; ckg:periodEnd "2024-12-31"^^xsd:date ;
        ckg:status status:actual ; ckg:subject port:aktau ;
        ckg:extractedFrom doc:fx_0002 ; ckg:evidence s2:0-99 ;
        prov:wasGeneratedBy run:fx_0002 ; ckg:confidence 0.9 .
    f2:measurement-333333333333 a ckg:Measurement ; ckg:metric metric:cargo_volume ;
        ckg:value 2000000.0 ; ckg:unit unit:t ; ckg:period "2024-01/2024-06" ;
        ckg:periodStart "2024-01-01"^^xsd:date ; ckg:periodEnd "2024-06-30"^^xsd:date ;
        ckg:status status:actual ; ckg:subject port:aktau ;
        ckg:extractedFrom doc:fx_0002 ; ckg:evidence s2:0-99 ;
        prov:wasGeneratedBy run:fx_0002 ; ckg:confidence 0.9 .
    f2:corridorlink-444444444444 a ckg:CorridorLink ; ckg:place settlement:aktau ;
        ckg:corridor corridor:titr ; ckg:extractedFrom doc:fx_0002 ;
        ckg:evidence s2:0-99 ;
        prov:wasGeneratedBy run:fx_0002 ; ckg:confidence 0.8 .
}

<https://w3id.org/corridorkg/graph/fx_0004> {
    person:ilham-aliyev a ckg:Person ; skos:prefLabel "Ilham Aliyev"@en ;
        skos:altLabel "Aliyev"@en .
}
"""


@pytest.fixture(scope="module")
def library_store(tmp_path_factory):
    with EmbeddedStore(tmp_path_factory.mktemp("library") / "store") as store:
        load_trig(store, DATA / "fixture_graph.trig")
        dataset = rdflib.Dataset()
        dataset.parse(data=LIBRARY_EXTRA, format="trig")
        for graph in dataset.graphs():
            if len(graph):
                store.replace_graph(graph.identifier, graph)
        yield store


def run_library(store, query_name: str, /, **values: str) -> list[dict[str, str]]:
    """Run a library query the way `corridorkg query NAME --param k=v` does, rows as CSV text."""
    library_query = find_query(query_name)
    result = store.query(library_query.text,
                         bindings=bind_parameters(library_query, values, store))
    text = io.StringIO()
    result.to_csv(text)
    return list(csv.DictReader(io.StringIO(text.getvalue())))


def test_the_library_answers_the_researchers_questions():
    names = {path.stem for path in RESEARCH_QUERIES}
    assert len(names) >= 12
    assert {"who_met_whom", "posts_held_by_person", "post_holders_at_date",
            "trade_time_series", "trade_by_country_pair_and_year", "port_throughput_by_year",
            "corridor_places", "corridors_through_place", "fact_provenance",
            "figure_disagreements", "entities_of_document", "meeting_partners_of_country",
            "documents", "documents_mentioning_entity", "entities_by_name", "graphs"} <= names


@pytest.mark.parametrize("path", RESEARCH_QUERIES, ids=lambda path: path.stem)
def test_library_query_declares_typed_parameters_it_uses(path):
    library_query = read_query(path)
    assert library_query.summary, f"{path.name}: the first line must say what it answers"
    assert library_query.parameters is not None, f"{path.name}: no Parameters: line"
    variables = query_variables(library_query.text)
    for parameter in library_query.parameters:
        assert parameter.kind, f"{path.name}: ?{parameter.name} has no kind"
        assert parameter.name in variables, f"{path.name}: ?{parameter.name} is not used"
        assert parameter.description, f"{path.name}: ?{parameter.name} is not described"


def test_header_parameters_are_parsed_with_kind_requirement_and_default():
    library_query = find_query("meeting_partners_of_country")
    assert library_query.parameters == (
        Parameter("country", "country", False, "Kazakhstan",
                  "the country: a name, ISO code or IRI"),
        Parameter("year", "integer", False, None,
                  "only meetings of this year (the meeting's date, else the publication date)"))
    assert find_query("post_holders_at_date").parameter("date").required
    # the fact tables declare untyped parameters
    assert find_query("positions").parameter("doc") == Parameter(
        "doc", None, False, None, "a document identifier")


def test_a_header_with_an_unknown_kind_is_an_error(tmp_path):
    path = tmp_path / "broken.rq"
    path.write_text("# broken: a query.\n# Parameters: ?x (colour, optional) a colour\n"
                    "SELECT ?x WHERE { ?x ?p ?o }\n")
    with pytest.raises(QueryError, match="unknown kind 'colour'"):
        read_query(path)


def test_a_file_without_parameters_line_binds_any_variable_untyped(library_store, tmp_path):
    path = tmp_path / "plain.rq"
    path.write_text("SELECT ?doc WHERE { ?d <https://w3id.org/corridorkg/ontology#identifier> "
                    "?doc }")
    library_query = read_query(path)
    assert library_query.parameters is None
    assert bind_parameters(library_query, {"doc": "fx_0002"}, library_store) == {
        "doc": Literal("fx_0002")}
    with pytest.raises(QueryError, match=r"no variable \?country"):
        bind_parameters(library_query, {"country": "KZ"}, library_store)


def test_unknown_parameter_is_an_error_naming_the_right_ones(library_store):
    with pytest.raises(QueryError, match="no parameter 'cuntry'; did you mean 'country'") as caught:
        bind_parameters(find_query("who_met_whom"), {"cuntry": "KZ"}, library_store)
    assert "?otherCountry (country, optional)" in str(caught.value)


def test_missing_required_parameter_is_an_error(library_store):
    with pytest.raises(QueryError, match="post_holders_at_date needs --param date=VALUE"):
        bind_parameters(find_query("post_holders_at_date"), {"role": "governor"}, library_store)


@pytest.mark.parametrize("name, value, message", [
    ("year", "20x4", "--param year=20x4: not an integer"),
    ("from", "2024-13-01", "not a date; write YYYY-MM-DD"),
])
def test_values_of_the_wrong_kind_are_errors(library_store, name, value, message):
    with pytest.raises(QueryError, match=re.escape(message)):
        bind_parameters(find_query("who_met_whom"), {name: value}, library_store)


def test_defaults_apply_and_values_convert_to_their_kinds(library_store):
    bindings = bind_parameters(find_query("who_met_whom"),
                               {"year": "2024", "from": "2024-01-01"}, library_store)
    assert bindings == {"year": Literal(2024), "from": Literal(date(2024, 1, 1))}
    assert bind_parameters(find_query("meeting_partners_of_country"), {}, library_store) == {
        "country": ID["country/KZ"]}


@pytest.mark.parametrize("value", ["Kazakhstan", "kazakhstan", "Republic of Kazakhstan", "KZ",
                                   "KAZ", "id:country/KZ",
                                   "https://w3id.org/corridorkg/id/country/KZ",
                                   "<https://w3id.org/corridorkg/id/country/KZ>"])
def test_a_country_is_given_by_name_code_or_iri(library_store, value):
    bindings = bind_parameters(find_query("who_met_whom"), {"country": value}, library_store)
    assert bindings == {"country": ID["country/KZ"]}


def test_concepts_resolve_by_label_or_local_name(library_store):
    assert resolve_name(library_store, "vice minister", "role") == ROLE.vice_minister
    assert resolve_name(library_store, "deputy minister", "role") == ROLE.vice_minister
    assert resolve_name(library_store, "trade_turnover", "metric") == METRIC.trade_turnover


def test_the_name_lookup_binds_the_name_as_a_literal(library_store):
    with pytest.raises(QueryError, match="no country is called"):
        resolve_name(library_store, INJECTION, "country")
    assert library_store.count(GRAPH["fx_0002"]) > 0


def test_an_unknown_name_suggests_the_nearest(library_store):
    with pytest.raises(QueryError, match="no country is called 'Lithuanai' in the store; "
                                         "did you mean 'Lithuania'"):
        resolve_name(library_store, "Lithuanai", "country")


def test_an_ambiguous_name_lists_the_candidates(library_store):
    with pytest.raises(QueryError, match="'Aliyev' names 2 things") as caught:
        resolve_name(library_store, "Aliyev", "person")
    assert "person/ilham-aliyev" in str(caught.value)
    assert "person/ramin-aliyev" in str(caught.value)


def test_find_query_suggests_a_close_name():
    with pytest.raises(QueryError, match="did you mean who_met_whom"):
        find_query("who_met_who")


# --- the research queries on the extended fixture -------------------------------------------

def test_who_met_whom_by_country_and_period(library_store):
    rows = run_library(library_store, "who_met_whom", country="Kazakhstan", year="2024")
    assert [(row["personLabel"], row["personCountries"], row["otherLabel"],
             row["otherCountries"], row["date"], row["doc"]) for row in rows] == [
        ("Nurlan Abenov", "Kazakhstan", "Tomas Petraitis", "Lithuania", "2024-06-03", DOC_ID),
        ("Nurlan Abenov", "Kazakhstan", "Tomas Petraitis", "Lithuania", "2024-09-01", "fx_0003"),
    ]
    rows = run_library(library_store, "who_met_whom", country="KZ", otherCountry="Azerbaijan")
    assert [(row["personLabel"], row["otherLabel"], row["year"]) for row in rows] == [
        ("Serik Dauletov", "Ramin Aliyev", "2025")]
    rows = run_library(library_store, "who_met_whom", **{"from": "2024-07-01",
                                                         "until": "2024-12-31"})
    assert {row["doc"] for row in rows} == {"fx_0003"} and len(rows) == 2


def test_who_met_whom_matches_a_country_by_its_whole_iri(library_store):
    # the query finds ?country in a list of each person's country IRIs: the beginning of an IRI
    # (here of country/KZ and country/LT) names no country
    assert run_library(library_store, "who_met_whom", country="id:country/K") == []
    assert run_library(library_store, "who_met_whom", otherCountry="id:country/L") == []
    assert len(run_library(library_store, "who_met_whom", country="id:country/KZ")) > 0


def test_meeting_partners_of_kazakhstan(library_store):
    rows = run_library(library_store, "meeting_partners_of_country")
    assert [(row["partnerLabel"], row["meetings"], row["documents"], row["theirPeople"],
             row["lastDate"]) for row in rows] == [
        ("Lithuania", "2", "2", "Tomas Petraitis", "2024-09-01"),
        ("Azerbaijan", "1", "1", "Ramin Aliyev", "2025-02-10"),
    ]
    rows = run_library(library_store, "meeting_partners_of_country", year="2025")
    assert [(row["partnerLabel"], row["ourPeople"], row["years"]) for row in rows] == [
        ("Azerbaijan", "Serik Dauletov", "2025")]
    rows = run_library(library_store, "meeting_partners_of_country", country="Lithuania")
    assert [(row["partnerLabel"], row["meetings"]) for row in rows] == [("Kazakhstan", "2")]


def test_posts_held_by_person_over_time(library_store):
    rows = run_library(library_store, "posts_held_by_person", person="Nurlan Abenov")
    assert [(row["roleLabel"], row["orgLabel"], row["firstSeen"], row["lastSeen"],
             row["documents"]) for row in rows] == [
        ("governor", "Mangystau Region", "2024-06-03", "2024-09-01", "2")]
    rows = run_library(library_store, "posts_held_by_person", role="ambassador")
    assert [(row["personLabel"], row["orgLabel"], row["toLabel"]) for row in rows] == [
        ("Ramin Aliyev", "Azerbaijan", "Kazakhstan"),
        ("Tomas Petraitis", "Lithuania", "Kazakhstan")]


def test_post_holders_at_date(library_store):
    rows = run_library(library_store, "post_holders_at_date", date="2024-07-01", role="governor")
    assert [(row["personLabel"], row["lastSeen"], row["status"], row["seenAfter"])
            for row in rows] == [("Nurlan Abenov", "2024-06-03", "latest", "yes")]
    rows = run_library(library_store, "post_holders_at_date", date="2025-03-01",
                       org="Mangystau Region")
    assert [(row["personLabel"], row["lastSeen"], row["status"], row["seenAfter"])
            for row in rows] == [("Serik Dauletov", "2025-02-10", "latest", ""),
                                 ("Nurlan Abenov", "2024-09-01", "succeeded", "")]
    assert run_library(library_store, "post_holders_at_date", date="2020-01-01") == []


def test_trade_time_series_merges_the_sources_year_by_year(library_store):
    rows = run_library(library_store, "trade_time_series", country="Lithuania",
                       partner="Kazakhstan")
    assert [(row["year"], row["period"], row["reports"], float(row["minValue"]),
             float(row["maxValue"]), row["docs"].split(", ")) for row in rows] == [
        ("2023", "2023", "2", 223600000.0, 230000000.0, ANY_ORDER([DOC_ID, "fx_0003"])),
        ("2024", "2024", "1", 250000000.0, 250000000.0, ["fx_0002"]),
    ]
    assert len(run_library(library_store, "trade_time_series", country="LT", fromYear="2024",
                           toYear="2024")) == 1


def test_trade_by_year_leaves_out_figures_without_a_period(library_store):
    rows = run_library(library_store, "trade_by_country_pair_and_year", country="LT",
                       year="2024")
    assert [(row["partnerLabel"], float(row["value"]), row["doc"]) for row in rows] == [
        ("Kazakhstan", 250000000.0, "fx_0002")]


def test_port_throughput_by_year(library_store):
    rows = run_library(library_store, "port_throughput_by_year", port="Aktau port")
    assert [(row["year"], row["period"], row["metric"].rsplit("/", 1)[1], float(row["value"]),
             row["unit"], row["status"]) for row in rows] == [
        ("2024", "2024", "container_volume", 30000.0, "TEU", "actual"),
        ("2024", "2024-01/2024-06", "cargo_volume", 2000000.0, "t", "actual"),
        ("", "", "cargo_volume", 1500000.0, "t", "target"),   # no period: last
    ]
    assert len(run_library(library_store, "port_throughput_by_year", port="KZAKX",
                           year="2024", metric="metric:container_volume")) == 1


def test_corridors_through_a_region_follow_the_places_inside_it(library_store):
    rows = run_library(library_store, "corridors_through_place", place="Mangystau Region")
    assert [(row["corridorLabel"], row["viaLabel"], set(row["sources"].split(", ")),
             row["documents"]) for row in rows] == [
        (TITR, "Aktau", {"document"}, "1"),
        (TITR, "Port of Aktau", {"reference", "route leg", "document"}, "1"),
    ]
    rows = run_library(library_store, "corridors_through_place", place="Azerbaijan")
    assert [row["viaLabel"] for row in rows] == ["Port of Baku at Alat"]


def test_figure_disagreements_about_a_subject(library_store):
    rows = run_library(library_store, "figure_disagreements", subject="Lithuania")
    assert [({row["docA"], row["docB"]}, row["subjects"]) for row in rows] == [
        ({DOC_ID, "fx_0003"}, ANY_ORDER_TEXT("Kazakhstan, Lithuania"))]
    assert run_library(library_store, "figure_disagreements", subject="Port of Aktau") == []


def test_fact_provenance_of_one_document(library_store):
    rows = run_library(library_store, "fact_provenance", doc="fx_0003")
    assert {(row["kind"], row["text"]) for row in rows} == {
        (kind, "Governor Nurlan Abenov received Ambassador Tomas Petraitis.")
        for kind in ("Post", "Meeting", "Measurement")}


def test_documents_newest_first_with_their_facts(library_store):
    rows = run_library(library_store, "documents")
    assert [(row["doc"], row["published"], row["posts"], row["meetings"],
             row["measurements"], row["corridorLinks"]) for row in rows] == [
        ("fx_0002", "2025-02-10", "2", "1", "3", "1"),
        ("fx_0003", "2024-09-01", "1", "1", "1", "0"),
        (DOC_ID, "2024-06-03", "3", "1", "3", "1"),
    ]
    assert [row["doc"] for row in run_library(library_store, "documents", year="2024")] == [
        "fx_0003", DOC_ID]


def test_documents_mentioning_an_entity(library_store):
    rows = run_library(library_store, "documents_mentioning_entity", entity="Aktau")
    assert [(row["doc"], row["mentions"], row["surfaceForms"], row["corridorLinks"])
            for row in rows] == [("fx_0002", "1", "Aktau", "1")]
    rows = run_library(library_store, "documents_mentioning_entity", entity="Port of Aktau")
    assert [(row["doc"], row["measurements"], row["corridorLinks"]) for row in rows] == [
        ("fx_0002", "2", "0"), (DOC_ID, "1", "1")]


def test_entities_by_name(library_store):
    rows = run_library(library_store, "entities_by_name", name="AKTAU")
    assert {(row["entity"].rsplit("/id/", 1)[1], row["type"]) for row in rows} == {
        ("port/aktau", "Port"), ("settlement/aktau", "Settlement")}
    rows = run_library(library_store, "entities_by_name", name="aktau", type="Port")
    assert [(row["label"], row["matched"].split(" | ")) for row in rows] == [
        ("Port of Aktau", ANY_ORDER(["Port of Aktau", "Aktau port"]))]


def test_graphs_lists_every_named_graph_with_its_size(library_store):
    rows = run_library(library_store, "graphs")
    sizes = library_store.graph_sizes()
    assert {row["graph"]: int(row["triples"]) for row in rows} == {
        str(graph_iri): size for graph_iri, size in sizes.items()}
    assert {row["kind"] for row in rows} == {"ontology", "reference", "document", "other"}
    assert run_library(library_store, "graphs", graph="graph:reference")[0]["kind"] == "reference"


class ANY_ORDER(list):
    """Equal to a list with the same items in any order."""

    def __eq__(self, other):
        return sorted(self) == sorted(other)


class ANY_ORDER_TEXT(str):
    """Equal to a ", "-separated text with the same items in any order."""

    def __eq__(self, other):
        return sorted(self.split(", ")) == sorted(str(other).split(", "))

    __hash__ = str.__hash__
