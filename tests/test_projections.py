"""Networks projected from a real on-disk store: the fixture graph plus more reference data and
two more documents, written below in the shapes of docs/MODEL.md."""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
import rdflib

from corridorkg.errors import InputError
from corridorkg.projections import (
    actor_network,
    add_metrics,
    corridors_between,
    find_corridor,
    pagerank,
    partnership_network,
    route_network,
    route_paths,
    trade_network,
)
from corridorkg.store import EmbeddedStore
from corridorkg.vocab import ID

DATA = Path(__file__).parent / "data"
KZ, LT, AZ, GE = (str(ID[f"country/{code}"]) for code in ("KZ", "LT", "AZ", "GE"))
KZ_MAN = str(ID["region/KZ-MAN"])
AKTAU_PORT, ALAT_PORT, KURYK_PORT, POTI_PORT = (
    str(ID[f"port/{slug}"]) for slug in ("aktau", "alat", "kuryk", "poti"))
AKTAU_CITY, DOSTYK, TBILISI = (str(ID[f"settlement/{slug}"])
                               for slug in ("aktau", "dostyk", "tbilisi"))
TITR = ID["corridor/titr"]
ABENOV, PETRAITIS, LASTAYEV = (str(ID[f"person/{slug}"]) for slug in (
    "nurlan-abenov", "tomas-petraitis", "talgat-lastayev"))
AZ_RAILWAYS = str(ID["org/azerbaijan-railways"])
TITR_LABEL = "Trans-Caspian International Transport Route"
FERRY_LABEL, KURYK_FERRY_LABEL = "Aktau–Baku ferry line", "Alat–Kuryk ferry line"

# Added to tests/data/fixture_graph.trig (which has KZ, LT, AZ, the ports of Aktau and Alat, the
# city of Aktau, one TITR leg Aktau -> Alat and document fx_0001 of 2024-06-03):
# - more TITR legs, Dostyk -> Aktau (order 0) and Alat -> Tbilisi (order 2); two ferry lines,
#   one sharing the Aktau -> Alat leg; Poti, on the TITR by ckg:passesThrough only; the port of
#   Kuryk, which has no coordinates of its own and takes those of the settlement it is in;
# - 001_second (2023-05-10): the Kazakh vice minister meets Azerbaijan Railways (no date); KZ-AZ
#   trade for 2022 and 2023 and a 2025 target; KZ-LT trade for 2023, larger than fx_0001's; the
#   ports of Aktau and Alat and the city of Aktau linked to the TITR;
# - 003_third (2024-07-10, does not mention the TITR): a 2023 meeting of the Mangystau governor,
#   Azerbaijan Railways and Georgia; KZ -> AZ exports (2023, and January-June 2022) and imports
#   from AZ (2023); cargo at Kuryk (2023, and a larger part of 2024), Kuryk's capacity (no
#   period), a capacity of Aktau and Kuryk together (two subjects: not a port's), grain at Kuryk
#   (one cargo: not the total), 2023 containers at Aktau, the TITR's 2023 cargo and the ferry
#   line's capacity.
EXTRA = """
@prefix ckg:        <https://w3id.org/corridorkg/ontology#> .
@prefix metric:     <https://w3id.org/corridorkg/metric/> .
@prefix unit:       <https://w3id.org/corridorkg/unit/> .
@prefix status:     <https://w3id.org/corridorkg/status/> .
@prefix mode:       <https://w3id.org/corridorkg/mode/> .
@prefix cargo:      <https://w3id.org/corridorkg/cargo/> .
@prefix country:    <https://w3id.org/corridorkg/id/country/> .
@prefix port:       <https://w3id.org/corridorkg/id/port/> .
@prefix settlement: <https://w3id.org/corridorkg/id/settlement/> .
@prefix corridor:   <https://w3id.org/corridorkg/id/corridor/> .
@prefix person:     <https://w3id.org/corridorkg/id/person/> .
@prefix entity:     <https://w3id.org/corridorkg/id/org/> .
@prefix doc:        <https://w3id.org/corridorkg/doc/> .
@prefix run:        <https://w3id.org/corridorkg/run/> .
@prefix skos:       <http://www.w3.org/2004/02/skos/core#> .
@prefix prov:       <http://www.w3.org/ns/prov#> .
@prefix geo:        <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix rdfs:       <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:        <http://www.w3.org/2001/XMLSchema#> .

<https://w3id.org/corridorkg/graph/ontology> {
    ckg:BorderCrossing rdfs:subClassOf ckg:Settlement .
    ckg:SeaLine rdfs:subClassOf ckg:Corridor .
}

<https://w3id.org/corridorkg/graph/reference> {
    country:GE a ckg:Country ; skos:prefLabel "Georgia"@en ; ckg:isoAlpha2 "GE" .
    settlement:dostyk a ckg:BorderCrossing ; skos:prefLabel "Dostyk"@en ;
        ckg:country country:KZ ; geo:lat 45.25 ; geo:long 82.48 .
    settlement:tbilisi a ckg:Settlement ; skos:prefLabel "Tbilisi"@en ;
        ckg:country country:GE ; geo:lat 41.72 ; geo:long 44.79 .
    settlement:kuryk a ckg:Settlement ; skos:prefLabel "Kuryk"@en ;
        ckg:country country:KZ ; geo:lat 43.2 ; geo:long 51.65 .
    port:kuryk a ckg:Seaport ; skos:prefLabel "Port of Kuryk"@en ;
        ckg:country country:KZ ; ckg:locatedIn settlement:kuryk .
    port:poti a ckg:Seaport ; skos:prefLabel "Port of Poti"@en ;
        ckg:country country:GE ; geo:lat 42.15 ; geo:long 41.67 .

    corridor:titr ckg:passesThrough port:poti ;
        ckg:hasLeg <https://w3id.org/corridorkg/id/corridor/titr/leg/0>,
                   <https://w3id.org/corridorkg/id/corridor/titr/leg/2> .
    <https://w3id.org/corridorkg/id/corridor/titr/leg/0> a ckg:RouteLeg ; ckg:legOrder 0 ;
        ckg:legFrom settlement:dostyk ; ckg:legTo port:aktau ; ckg:mode mode:rail .
    <https://w3id.org/corridorkg/id/corridor/titr/leg/2> a ckg:RouteLeg ; ckg:legOrder 2 ;
        ckg:legFrom port:alat ; ckg:legTo settlement:tbilisi ; ckg:mode mode:rail .

    corridor:aktau-baku-ferry-line a ckg:SeaLine ;
        skos:prefLabel "Aktau–Baku ferry line"@en ; skos:altLabel "Aktau-Baku"@en ;
        ckg:mode mode:sea ;
        ckg:hasLeg <https://w3id.org/corridorkg/id/corridor/aktau-baku-ferry-line/leg/1> .
    <https://w3id.org/corridorkg/id/corridor/aktau-baku-ferry-line/leg/1> a ckg:RouteLeg ;
        ckg:legOrder 1 ; ckg:legFrom port:aktau ; ckg:legTo port:alat ; ckg:mode mode:sea .
    corridor:alat-kuryk-ferry-line a ckg:SeaLine ;
        skos:prefLabel "Alat–Kuryk ferry line"@en ; skos:altLabel "Middle Corridor"@en ;
        ckg:mode mode:sea ;
        ckg:hasLeg <https://w3id.org/corridorkg/id/corridor/alat-kuryk-ferry-line/leg/1> .
    <https://w3id.org/corridorkg/id/corridor/alat-kuryk-ferry-line/leg/1> a ckg:RouteLeg ;
        ckg:legOrder 1 ; ckg:legFrom port:alat ; ckg:legTo port:kuryk .
}

<https://w3id.org/corridorkg/graph/001_second> {
    doc:001_second a ckg:Document ; ckg:identifier "001_second" ; ckg:contentHash "77" ;
        ckg:publicationDate "2023-05-10"^^xsd:date ;
        ckg:mentions person:talgat-lastayev, entity:azerbaijan-railways, country:KZ, country:AZ,
            country:LT, port:aktau, port:alat, settlement:aktau, corridor:titr .
    entity:azerbaijan-railways a ckg:RailwayCompany ;
        skos:prefLabel "Azerbaijan Railways"@en ; ckg:country country:AZ .
    <https://w3id.org/corridorkg/fact/001_second/meeting-a> a ckg:Meeting ;
        ckg:participant person:talgat-lastayev, entity:azerbaijan-railways ;
        ckg:extractedFrom doc:001_second .
    <https://w3id.org/corridorkg/fact/001_second/measurement-b> a ckg:Measurement ;
        ckg:metric metric:trade_turnover ; ckg:value 500000000.0 ; ckg:unit unit:USD ;
        ckg:period "2022" ; ckg:status status:actual ; ckg:subject country:KZ, country:AZ ;
        ckg:extractedFrom doc:001_second .
    <https://w3id.org/corridorkg/fact/001_second/measurement-c> a ckg:Measurement ;
        ckg:metric metric:trade_turnover ; ckg:value 600000000.0 ; ckg:unit unit:USD ;
        ckg:period "2023" ; ckg:periodStart "2023-01-01"^^xsd:date ;
        ckg:periodEnd "2023-12-31"^^xsd:date ; ckg:status status:actual ;
        ckg:subject country:KZ, country:AZ ; ckg:extractedFrom doc:001_second .
    <https://w3id.org/corridorkg/fact/001_second/measurement-d> a ckg:Measurement ;
        ckg:metric metric:trade_turnover ; ckg:value 1000000000.0 ; ckg:unit unit:USD ;
        ckg:period "2025" ; ckg:status status:target ; ckg:subject country:KZ, country:AZ ;
        ckg:extractedFrom doc:001_second .
    <https://w3id.org/corridorkg/fact/001_second/measurement-e> a ckg:Measurement ;
        ckg:metric metric:trade_turnover ; ckg:value 230000000.0 ; ckg:unit unit:USD ;
        ckg:period "2023" ; ckg:status status:actual ; ckg:subject country:KZ, country:LT ;
        ckg:extractedFrom doc:001_second .
    <https://w3id.org/corridorkg/fact/001_second/corridorlink-1> a ckg:CorridorLink ;
        ckg:place port:aktau ; ckg:corridor corridor:titr ; ckg:extractedFrom doc:001_second .
    <https://w3id.org/corridorkg/fact/001_second/corridorlink-2> a ckg:CorridorLink ;
        ckg:place port:alat ; ckg:corridor corridor:titr ; ckg:extractedFrom doc:001_second .
    <https://w3id.org/corridorkg/fact/001_second/corridorlink-3> a ckg:CorridorLink ;
        ckg:place settlement:aktau ; ckg:corridor corridor:titr ;
        ckg:extractedFrom doc:001_second .
}

<https://w3id.org/corridorkg/graph/003_third> {
    doc:003_third a ckg:Document ; ckg:identifier "003_third" ; ckg:contentHash "78" ;
        ckg:publicationDate "2024-07-10"^^xsd:date ;
        ckg:mentions person:nurlan-abenov, entity:azerbaijan-railways, country:GE, port:kuryk .
    <https://w3id.org/corridorkg/fact/003_third/meeting-a> a ckg:Meeting ;
        ckg:participant person:nurlan-abenov, entity:azerbaijan-railways, country:GE ;
        ckg:date "2023-03-15"^^xsd:date ; ckg:extractedFrom doc:003_third .
    <https://w3id.org/corridorkg/fact/003_third/measurement-exports> a ckg:Measurement ;
        ckg:metric metric:exports ; ckg:value 456300000.0 ; ckg:unit unit:USD ; ckg:period "2023" ;
        ckg:status status:actual ; ckg:subject country:KZ, country:AZ ;
        ckg:origin country:KZ ; ckg:destination country:AZ ; ckg:extractedFrom doc:003_third .
    <https://w3id.org/corridorkg/fact/003_third/measurement-exports-part> a ckg:Measurement ;
        ckg:metric metric:exports ; ckg:value 150000000.0 ; ckg:unit unit:USD ;
        ckg:period "2022-01/2022-06" ; ckg:periodStart "2022-01-01"^^xsd:date ;
        ckg:periodEnd "2022-06-30"^^xsd:date ; ckg:status status:actual ;
        ckg:subject country:KZ, country:AZ ;
        ckg:origin country:KZ ; ckg:destination country:AZ ; ckg:extractedFrom doc:003_third .
    <https://w3id.org/corridorkg/fact/003_third/measurement-imports> a ckg:Measurement ;
        ckg:metric metric:imports ; ckg:value 73000000.0 ; ckg:unit unit:USD ; ckg:period "2023" ;
        ckg:status status:actual ; ckg:subject country:KZ, country:AZ ;
        ckg:origin country:AZ ; ckg:destination country:KZ ; ckg:extractedFrom doc:003_third .
    <https://w3id.org/corridorkg/fact/003_third/measurement-kuryk-2023> a ckg:Measurement ;
        ckg:metric metric:cargo_volume ; ckg:value 1200000.0 ; ckg:unit unit:t ;
        ckg:period "2023" ; ckg:status status:actual ; ckg:subject port:kuryk ;
        ckg:extractedFrom doc:003_third .
    <https://w3id.org/corridorkg/fact/003_third/measurement-kuryk-2024> a ckg:Measurement ;
        ckg:metric metric:cargo_volume ; ckg:value 700000.0 ; ckg:unit unit:t ;
        ckg:period "2024-01/2024-06" ; ckg:periodStart "2024-01-01"^^xsd:date ;
        ckg:periodEnd "2024-06-30"^^xsd:date ; ckg:status status:actual ;
        ckg:subject port:kuryk ; ckg:extractedFrom doc:003_third .
    <https://w3id.org/corridorkg/fact/003_third/measurement-kuryk-grain> a ckg:Measurement ;
        ckg:metric metric:cargo_volume ; ckg:value 900000.0 ; ckg:unit unit:t ;
        ckg:period "2024" ; ckg:status status:actual ; ckg:subject port:kuryk ;
        ckg:cargoType cargo:grain ; ckg:extractedFrom doc:003_third .
    <https://w3id.org/corridorkg/fact/003_third/measurement-kuryk-capacity> a ckg:Measurement ;
        ckg:metric metric:capacity ; ckg:value 4100000.0 ; ckg:unit unit:t ;
        ckg:status status:actual ; ckg:subject port:kuryk ; ckg:extractedFrom doc:003_third .
    <https://w3id.org/corridorkg/fact/003_third/measurement-both-capacity> a ckg:Measurement ;
        ckg:metric metric:capacity ; ckg:value 21200000.0 ; ckg:unit unit:t ;
        ckg:status status:actual ; ckg:subject port:kuryk, port:aktau ;
        ckg:extractedFrom doc:003_third .
    <https://w3id.org/corridorkg/fact/003_third/measurement-aktau-teu> a ckg:Measurement ;
        ckg:metric metric:container_volume ; ckg:value 26400.0 ; ckg:unit unit:TEU ;
        ckg:period "2023" ; ckg:status status:actual ; ckg:subject port:aktau ;
        ckg:extractedFrom doc:003_third .
    <https://w3id.org/corridorkg/fact/003_third/measurement-titr> a ckg:Measurement ;
        ckg:metric metric:cargo_volume ; ckg:value 3000000.0 ; ckg:unit unit:t ;
        ckg:period "2023" ; ckg:status status:actual ; ckg:subject corridor:titr ;
        ckg:extractedFrom doc:003_third .
    <https://w3id.org/corridorkg/fact/003_third/measurement-ferry> a ckg:Measurement ;
        ckg:metric metric:capacity ; ckg:value 2000000.0 ; ckg:unit unit:t ;
        ckg:status status:actual ; ckg:subject corridor:aktau-baku-ferry-line ;
        ckg:extractedFrom doc:003_third .
}
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with EmbeddedStore(tmp_path_factory.mktemp("projections") / "store") as store:
        dataset = rdflib.Dataset()
        dataset.parse(DATA / "fixture_graph.trig", format="trig")
        dataset.parse(data=EXTRA, format="trig")
        for graph in dataset.graphs():
            if len(graph):
                store.replace_graph(graph.identifier, graph)
        yield store


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory):
    with EmbeddedStore(tmp_path_factory.mktemp("empty") / "store") as store:
        yield store


# --- partnership network ---------------------------------------------------------------------

def test_partnership_network_joins_countries_through_meetings_and_trade(store):
    network = partnership_network(store)
    assert dict(network.nodes(data=True)) == {
        KZ: {"label": "Kazakhstan", "iso2": "KZ", "type": "Country", "years": (2022, 2023, 2024,
                                                                              2025)},
        LT: {"label": "Lithuania", "iso2": "LT", "type": "Country", "years": (2023, 2024)},
        AZ: {"label": "Azerbaijan", "iso2": "AZ", "type": "Country", "years": (2022, 2023, 2025)},
        GE: {"label": "Georgia", "iso2": "GE", "type": "Country", "years": (2023,)},
    }
    # the governor of a Kazakh region meets the Lithuanian ambassador (accredited to KZ: not
    # his); two documents give 2023 KZ-LT trade: the larger is kept
    assert network.edges[KZ, LT] == {
        "meetings": 1, "trade_figures": 2, "documents": 2, "weight": 3.0,
        "trade_usd": 230000000.0, "trade_year": 2023, "years": (2023, 2024),
        "timeline": {
            2023: {"meetings": 0, "trade_figures": 2, "weight": 2.0, "trade_usd": 230000000.0},
            2024: {"meetings": 1, "trade_figures": 0, "weight": 1.0}}}
    # a vice minister of a Kazakh ministry meets a company of Azerbaijan (2023: the document's
    # date), and so does the Mangystau governor; the 2025 target and the exports and imports are
    # figures but not a turnover
    edge = network.edges[KZ, AZ]
    assert (edge["meetings"], edge["trade_figures"], edge["weight"], edge["years"]) == (
        2, 6, 8.0, (2022, 2023, 2025))
    assert (edge["trade_usd"], edge["trade_year"]) == (600000000.0, 2023)
    assert edge["timeline"][2023] == {"meetings": 2, "trade_figures": 3, "weight": 5.0,
                                      "trade_usd": 600000000.0}
    assert edge["timeline"][2025] == {"meetings": 0, "trade_figures": 1, "weight": 1.0}
    # a country taking part itself is a side of its own
    assert network.edges[GE, AZ]["meetings"] == network.edges[GE, KZ]["meetings"] == 1
    assert not network.has_edge(LT, AZ)


def test_partnership_network_for_one_year(store):
    network = partnership_network(store, year=2022)
    assert network.number_of_edges() == 1
    assert network.edges[KZ, AZ] == {
        "meetings": 0, "trade_figures": 2, "documents": 2, "weight": 2.0, "years": (2022,),
        "trade_usd": 500000000.0, "trade_year": 2022,
        "timeline": {2022: {"meetings": 0, "trade_figures": 2, "weight": 2.0,
                            "trade_usd": 500000000.0}}}
    network = partnership_network(store, year=2024)
    assert {frozenset(edge) for edge in network.edges} == {frozenset((KZ, LT))}
    assert "trade_usd" not in network.edges[KZ, LT]


def test_partnership_network_with_regions_as_nodes(store):
    network = partnership_network(store, regions=True)
    assert network.nodes[KZ_MAN] == {"label": "Mangystau Region", "type": "Region",
                                     "iso2": "KZ", "years": (2023, 2024)}
    assert network.has_edge(KZ_MAN, LT) and network.has_edge(KZ_MAN, AZ)
    assert network.edges[KZ, AZ]["meetings"] == 1  # the vice minister's ministry stays in KZ


def test_partnership_network_of_documents_that_mention_a_corridor(store):
    network = partnership_network(store, corridor_iri=TITR)
    assert GE not in network  # 003_third does not mention the TITR
    assert network.edges[KZ, AZ]["meetings"] == 1


# --- trade network ---------------------------------------------------------------------------

def test_trade_network_runs_from_exporter_to_importer(store):
    network = trade_network(store)
    assert network.is_directed()
    assert set(network.edges) == {(KZ, AZ), (AZ, KZ)}
    assert network.edges[KZ, AZ] == {
        "figures": 2, "documents": 1, "weight": 2.0, "years": (2022, 2023),
        "value_usd": 456300000.0, "value_year": 2023,
        "timeline": {2022: {"figures": 1, "weight": 1.0},  # a half year gives no value
                     2023: {"figures": 1, "weight": 1.0, "value_usd": 456300000.0}}}
    assert network.edges[AZ, KZ]["value_usd"] == 73000000.0
    assert trade_network(store, year=2022).number_of_edges() == 1


# --- actor network ---------------------------------------------------------------------------

def test_actor_network_links_people_and_organisations_who_met(store):
    network = actor_network(store)
    assert dict(network.nodes(data=True)) == {
        ABENOV: {"label": "Nurlan Abenov", "type": "Person", "iso2": "KZ",
                 "posts": "governor, Mangystau Region", "years": (2023, 2024)},
        PETRAITIS: {"label": "Tomas Petraitis", "type": "Person", "iso2": "LT",
                    "posts": "ambassador, Lithuania", "years": (2024,)},
        LASTAYEV: {"label": "Талгат Ластаев", "type": "Person", "iso2": "KZ",
                   "posts": "vice minister, Ministry of Transport of Kazakhstan",
                   "years": (2023,)},
        AZ_RAILWAYS: {"label": "Azerbaijan Railways", "type": "Organization", "iso2": "AZ",
                      "years": (2023,)},
    }
    assert network.edges[ABENOV, PETRAITIS] == {
        "meetings": 1, "dates": ("2024-06-03",), "first_date": "2024-06-03",
        "last_date": "2024-06-03", "documents": 1, "weight": 1.0, "years": (2024,),
        "timeline": {2024: {"meetings": 1, "weight": 1.0}}}
    # no meeting date: the document's publication date stands in
    assert network.edges[LASTAYEV, AZ_RAILWAYS]["dates"] == ("2023-05-10",)
    assert network.edges[ABENOV, AZ_RAILWAYS]["dates"] == ("2023-03-15",)
    assert network.number_of_edges() == 3  # Georgia took part but is not an actor
    assert set(actor_network(store, year=2024).edges) <= {(ABENOV, PETRAITIS),
                                                           (PETRAITIS, ABENOV)}


# --- route network ---------------------------------------------------------------------------

def test_route_network_nodes_are_places_with_coordinates_and_figures(store):
    network = route_network(store)
    assert set(network) == {AKTAU_PORT, ALAT_PORT, KURYK_PORT, POTI_PORT, AKTAU_CITY, DOSTYK,
                            TBILISI}  # no countries, no corridors
    assert network.nodes[AKTAU_PORT] == {
        "label": "Port of Aktau", "type": "Port", "lat": 43.6, "long": 51.2, "iso2": "KZ",
        "corridors": (FERRY_LABEL, TITR_LABEL), "documents": 2,
        "containers_teu": 26400.0, "containers_year": 2023, "containers_period": "2023",
        "timeline": {2023: {"containers_teu": 26400.0}}}  # Aktau and Kuryk together: not Aktau's
    assert network.nodes[DOSTYK]["type"] == "BorderCrossing"
    assert network.nodes[POTI_PORT]["corridors"] == (TITR_LABEL,)  # ckg:passesThrough
    assert network.nodes[AKTAU_CITY]["corridors"] == (TITR_LABEL,)  # a document's link
    assert network.degree(POTI_PORT) == network.degree(AKTAU_CITY) == 0


def test_a_place_without_coordinates_takes_those_of_the_settlement_it_is_in(store):
    kuryk = route_network(store).nodes[KURYK_PORT]
    assert (kuryk["lat"], kuryk["long"], kuryk["position_of"]) == (43.2, 51.65, "Kuryk")


def test_route_figures_are_the_latest_years_with_their_period(store):
    kuryk = route_network(store).nodes[KURYK_PORT]
    # the latest year is a half year, and says so; grain alone is not the total
    assert (kuryk["cargo_t"], kuryk["cargo_year"], kuryk["cargo_period"]) == (
        700000.0, 2024, "2024-01/2024-06")
    # a capacity without a period counts for its document's year
    assert (kuryk["capacity_t"], kuryk["capacity_year"]) == (4100000.0, 2024)
    assert kuryk["timeline"] == {2023: {"cargo_t": 1200000.0},
                                 2024: {"capacity_t": 4100000.0, "cargo_t": 700000.0}}
    kuryk_2023 = route_network(store, year=2023).nodes[KURYK_PORT]
    assert (kuryk_2023["cargo_t"], "capacity_t" in kuryk_2023) == (1200000.0, False)


def test_route_network_edges_are_legs_shared_by_corridors(store):
    network = route_network(store)
    assert {frozenset(edge) for edge in network.edges} == {
        frozenset((DOSTYK, AKTAU_PORT)), frozenset((AKTAU_PORT, ALAT_PORT)),
        frozenset((ALAT_PORT, TBILISI)), frozenset((ALAT_PORT, KURYK_PORT))}
    leg = network.edges[AKTAU_PORT, ALAT_PORT]
    assert leg == {
        "corridors": (FERRY_LABEL, TITR_LABEL), "modes": ("sea",), "legs": 2, "weight": 2.0,
        "documents": 1, "km": pytest.approx(416.7, abs=0.1),
        # figures of the corridors running along the leg
        "cargo_t": 3000000.0, "cargo_year": 2023, "cargo_period": "2023",
        "capacity_t": 2000000.0, "capacity_year": 2024, "capacity_period": "2024",
        "timeline": {2023: {"cargo_t": 3000000.0}, 2024: {"capacity_t": 2000000.0}}}
    # a leg without a mode of its own takes its corridor's
    assert network.edges[ALAT_PORT, KURYK_PORT]["modes"] == ("sea",)
    assert network.edges[DOSTYK, AKTAU_PORT]["documents"] == 0


def test_route_network_for_one_corridor(store):
    network = route_network(store, corridor_iri=ID["corridor/alat-kuryk-ferry-line"])
    assert set(network) == {ALAT_PORT, KURYK_PORT}
    assert network.edges[ALAT_PORT, KURYK_PORT]["corridors"] == (KURYK_FERRY_LABEL,)
    assert route_network(store, corridor_iri=ID["corridor/no-such-corridor"]).number_of_nodes() == 0


def test_route_paths_give_distance_corridors_and_the_capacity_bottleneck(store):
    network = route_network(store)
    (path,) = route_paths(network, "dostyk", "Port of Kuryk")
    assert path.places == (DOSTYK, AKTAU_PORT, ALAT_PORT, KURYK_PORT)
    assert path.modes == (("rail",), ("sea",), ("sea",))
    assert path.corridors[1] == (FERRY_LABEL, TITR_LABEL)
    assert path.km == pytest.approx(sum(network.edges[a, b]["km"] for a, b in
                                        zip(path.places, path.places[1:])))
    assert (path.capacity_t, path.bottleneck) == (2000000.0, "Port of Aktau – Port of Baku at Alat")
    assert "Dostyk" in path.without_capacity and "Port of Kuryk" not in path.without_capacity
    assert route_paths(network, DOSTYK, POTI_PORT) == []
    with pytest.raises(InputError, match="not a node"):
        route_paths(network, "Atlantis", DOSTYK)


def test_route_paths_rank_alternatives_by_length():
    network = nx.Graph()
    network.add_edge("a", "b", km=1.0)
    network.add_edge("b", "d", km=1.0)
    network.add_edge("a", "c", km=1.0)
    network.add_edge("c", "d", km=5.0)
    paths = route_paths(network, "a", "d", count=5)
    assert [(path.places, path.km) for path in paths] == [(("a", "b", "d"), 2.0),
                                                          (("a", "c", "d"), 6.0)]


def test_corridors_between_two_places(store):
    network = route_network(store)
    assert corridors_between(network, AKTAU_PORT, "Port of Baku at Alat") == (FERRY_LABEL,
                                                                              TITR_LABEL)
    assert corridors_between(network, DOSTYK, KURYK_PORT) == ()


# --- metrics ---------------------------------------------------------------------------------

def test_add_metrics_writes_centrality_and_communities_on_a_copy(store):
    network = route_network(store)
    measured = add_metrics(network, distance="km")
    assert "betweenness" not in network.nodes[ALAT_PORT]  # the input is left as it is
    alat = measured.nodes[ALAT_PORT]
    assert (alat["degree"], alat["weighted_degree"]) == (3, 4.0)
    # the chokepoint: every path between the other legs goes through Alat
    assert max(measured, key=lambda node: measured.nodes[node]["betweenness"]) == ALAT_PORT
    assert sum(data["pagerank"] for _, data in measured.nodes(data=True)) == pytest.approx(1.0,
                                                                                           abs=1e-4)
    assert all(isinstance(data["community"], int) for _, data in measured.nodes(data=True))
    assert measured.nodes[POTI_PORT]["community"] != alat["community"]


def test_add_metrics_follows_the_timeline(store):
    network = add_metrics(partnership_network(store))
    assert network.nodes[LT]["timeline"] == {2023: {"weighted_degree": 2.0},
                                             2024: {"weighted_degree": 1.0}}
    assert network.nodes[LT]["weighted_degree"] == 3.0


def test_pagerank_matches_networkx_on_a_directed_graph():
    network = nx.DiGraph([(1, 2), (2, 3), (3, 1), (3, 2), (4, 3)])
    # the values of networkx's pure-Python PageRank (alpha 0.85) for this graph
    expected = {1: 0.201950, 2: 0.373607, 3: 0.386942, 4: 0.0375}
    assert pagerank(network) == pytest.approx(expected, abs=1e-5)


def test_empty_store_gives_empty_networks(empty_store):
    for project in (route_network, partnership_network, trade_network, actor_network):
        network = project(empty_store)
        assert network.number_of_nodes() == 0
        assert add_metrics(network).number_of_nodes() == 0


# --- corridors by name -----------------------------------------------------------------------

@pytest.mark.parametrize("name", ["titr", TITR_LABEL, "trans-caspian international transport "
                                  "route", str(TITR)])
def test_find_corridor_by_slug_label_or_iri(store, name):
    assert find_corridor(store, name) == TITR


def test_find_corridor_says_what_is_wrong(store):
    with pytest.raises(InputError, match="no corridor named 'nowhere'.*titr"):
        find_corridor(store, "nowhere")
    with pytest.raises(InputError, match="ambiguous"):
        find_corridor(store, "Middle Corridor")  # the fixture gives the name to two corridors
