"""The query files: every one parses, and the five fact tables give exact rows on a fixture."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib.plugins.sparql import prepareQuery

from corridorkg.store import EmbeddedStore
from corridorkg.validation import validate_graph
from corridorkg.vocab import FACT, GRAPH, ID, METRIC

DATA = Path(__file__).parent / "data"
QUERIES = Path(__file__).resolve().parents[1] / "queries"
QUERY_FILES = sorted(QUERIES.rglob("*.rq"))
DOC_ID = "fx_0001"
TITR = "Trans-Caspian International Transport Route"

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
