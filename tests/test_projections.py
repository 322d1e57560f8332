"""Networks projected from a real on-disk store holding the fixture graph and a second document."""
from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from corridorkg.projections import partnership_network, route_network
from corridorkg.store import EmbeddedStore
from corridorkg.vocab import GRAPH, ID

DATA = Path(__file__).parent / "data"
KZ, LT, AZ = (str(ID[f"country/{code}"]) for code in ("KZ", "LT", "AZ"))
AKTAU_PORT, ALAT_PORT = str(ID["port/aktau"]), str(ID["port/alat"])
AKTAU_CITY, TITR = str(ID["settlement/aktau"]), str(ID["corridor/titr"])

# A second document (docs/MODEL.md shapes): the Kazakh vice minister of the fixture meets
# Azerbaijan Railways in 2023; KZ-AZ trade is given for 2022 and 2023 and KZ-LT trade for 2023
# with another value; the ports of Aktau and Alat and the city of Aktau are linked to the TITR.
SECOND_DOCUMENT = """
@prefix ckg:        <https://w3id.org/corridorkg/ontology#> .
@prefix metric:     <https://w3id.org/corridorkg/metric/> .
@prefix unit:       <https://w3id.org/corridorkg/unit/> .
@prefix status:     <https://w3id.org/corridorkg/status/> .
@prefix country:    <https://w3id.org/corridorkg/id/country/> .
@prefix port:       <https://w3id.org/corridorkg/id/port/> .
@prefix settlement: <https://w3id.org/corridorkg/id/settlement/> .
@prefix corridor:   <https://w3id.org/corridorkg/id/corridor/> .
@prefix person:     <https://w3id.org/corridorkg/id/person/> .
@prefix entity:     <https://w3id.org/corridorkg/id/org/> .
@prefix doc:        <https://w3id.org/corridorkg/doc/> .
@prefix fact:       <https://w3id.org/corridorkg/fact/001_second/> .
@prefix run:        <https://w3id.org/corridorkg/run/> .
@prefix skos:       <http://www.w3.org/2004/02/skos/core#> .
@prefix prov:       <http://www.w3.org/ns/prov#> .
@prefix xsd:        <http://www.w3.org/2001/XMLSchema#> .

doc:001_second a ckg:Document ; ckg:identifier "001_second" ; ckg:contentHash "77" ;
    ckg:publicationDate "2023-05-10"^^xsd:date ;
    ckg:mentions person:talgat-lastayev, entity:azerbaijan-railways, country:KZ, country:AZ,
        country:LT, port:aktau, port:alat, settlement:aktau, corridor:titr .

entity:azerbaijan-railways a ckg:RailwayCompany ;
    skos:prefLabel "Azerbaijan Railways"@en ; ckg:country country:AZ .

fact:meeting-aaaaaaaaaaaa a ckg:Meeting ;
    ckg:participant person:talgat-lastayev, entity:azerbaijan-railways ;
    ckg:extractedFrom doc:001_second ;
    ckg:evidence <https://w3id.org/corridorkg/doc/001_second/s/0-90> ;
    prov:wasGeneratedBy run:001_second ; ckg:confidence 0.8 .

fact:measurement-bbbbbbbbbbbb a ckg:Measurement ;
    ckg:metric metric:trade_turnover ; ckg:value 500000000.0 ; ckg:unit unit:USD ;
    ckg:period "2022" ; ckg:status status:actual ; ckg:subject country:KZ, country:AZ ;
    ckg:extractedFrom doc:001_second ;
    ckg:evidence <https://w3id.org/corridorkg/doc/001_second/s/0-90> ;
    prov:wasGeneratedBy run:001_second ; ckg:confidence 0.9 .

fact:measurement-cccccccccccc a ckg:Measurement ;
    ckg:metric metric:trade_turnover ; ckg:value 600000000.0 ; ckg:unit unit:USD ;
    ckg:period "2023" ; ckg:periodStart "2023-01-01"^^xsd:date ; ckg:status status:actual ;
    ckg:subject country:KZ, country:AZ ;
    ckg:extractedFrom doc:001_second ;
    ckg:evidence <https://w3id.org/corridorkg/doc/001_second/s/0-90> ;
    prov:wasGeneratedBy run:001_second ; ckg:confidence 0.9 .

fact:measurement-dddddddddddd a ckg:Measurement ;
    ckg:metric metric:trade_turnover ; ckg:value 1000000000.0 ; ckg:unit unit:USD ;
    ckg:period "2025" ; ckg:status status:target ; ckg:subject country:KZ, country:AZ ;
    ckg:extractedFrom doc:001_second ;
    ckg:evidence <https://w3id.org/corridorkg/doc/001_second/s/0-90> ;
    prov:wasGeneratedBy run:001_second ; ckg:confidence 0.7 .

fact:measurement-eeeeeeeeeeee a ckg:Measurement ;
    ckg:metric metric:trade_turnover ; ckg:value 230000000.0 ; ckg:unit unit:USD ;
    ckg:period "2023" ; ckg:status status:actual ; ckg:subject country:KZ, country:LT ;
    ckg:extractedFrom doc:001_second ;
    ckg:evidence <https://w3id.org/corridorkg/doc/001_second/s/0-90> ;
    prov:wasGeneratedBy run:001_second ; ckg:confidence 0.9 .

fact:corridorlink-111111111111 a ckg:CorridorLink ;
    ckg:place port:aktau ; ckg:corridor corridor:titr ;
    ckg:extractedFrom doc:001_second ;
    ckg:evidence <https://w3id.org/corridorkg/doc/001_second/s/0-90> ;
    prov:wasGeneratedBy run:001_second ; ckg:confidence 0.8 .
fact:corridorlink-222222222222 a ckg:CorridorLink ;
    ckg:place port:alat ; ckg:corridor corridor:titr ;
    ckg:extractedFrom doc:001_second ;
    ckg:evidence <https://w3id.org/corridorkg/doc/001_second/s/0-90> ;
    prov:wasGeneratedBy run:001_second ; ckg:confidence 0.8 .
fact:corridorlink-333333333333 a ckg:CorridorLink ;
    ckg:place settlement:aktau ; ckg:corridor corridor:titr ;
    ckg:extractedFrom doc:001_second ;
    ckg:evidence <https://w3id.org/corridorkg/doc/001_second/s/0-90> ;
    prov:wasGeneratedBy run:001_second ; ckg:confidence 0.8 .
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with EmbeddedStore(tmp_path_factory.mktemp("projections") / "store") as store:
        dataset = rdflib.Dataset()
        dataset.parse(DATA / "fixture_graph.trig", format="trig")
        for graph in dataset.graphs():
            if len(graph):
                store.replace_graph(graph.identifier, graph)
        store.replace_graph(GRAPH["001_second"],
                            rdflib.Graph().parse(data=SECOND_DOCUMENT, format="turtle"))
        yield store


def test_partnership_network_joins_countries_through_meetings_and_trade(store):
    network = partnership_network(store)
    assert dict(network.nodes(data=True)) == {
        KZ: {"label": "Kazakhstan", "iso2": "KZ", "type": "Country"},
        LT: {"label": "Lithuania", "iso2": "LT", "type": "Country"},
        AZ: {"label": "Azerbaijan", "iso2": "AZ", "type": "Country"},
    }
    # governor of a Kazakh region meets the Lithuanian ambassador (accredited to KZ: not his);
    # two documents give 2023 KZ-LT trade: the larger is kept
    assert network.edges[KZ, LT] == {
        "meetings": 1, "trade_figures": 2, "years": "2023,2024", "weight": 3.0,
        "trade_usd": 230000000.0, "trade_year": 2023}
    # a vice minister of a Kazakh ministry meets a company of Azerbaijan; the 2025 target is a
    # figure but not a turnover
    assert network.edges[KZ, AZ] == {
        "meetings": 1, "trade_figures": 3, "years": "2022,2023,2025", "weight": 4.0,
        "trade_usd": 600000000.0, "trade_year": 2023}
    assert not network.has_edge(LT, AZ)


def test_partnership_network_for_one_year(store):
    network = partnership_network(store, year=2022)
    assert network.number_of_edges() == 1
    assert network.edges[KZ, AZ] == {"meetings": 0, "trade_figures": 1, "years": "2022",
                                     "weight": 1.0, "trade_usd": 500000000.0, "trade_year": 2022}
    network = partnership_network(store, year=2024)
    assert {tuple(sorted(edge)) for edge in network.edges} == {tuple(sorted((KZ, LT)))}
    assert network.edges[KZ, LT]["meetings"] == 1 and "trade_usd" not in network.edges[KZ, LT]


def test_route_network_has_legs_document_links_and_corridor_members(store):
    network = route_network(store)
    assert dict(network.nodes(data=True)) == {
        AKTAU_PORT: {"label": "Port of Aktau", "type": "Port", "lat": 43.6, "long": 51.2,
                     "documents": 2},
        ALAT_PORT: {"label": "Port of Baku at Alat", "type": "Port", "lat": 40.1, "long": 49.4,
                    "documents": 1},
        AKTAU_CITY: {"label": "Aktau", "type": "Settlement", "lat": 43.65, "long": 51.17,
                     "documents": 1},
        TITR: {"label": "Trans-Caspian International Transport Route", "type": "Corridor",
               "documents": 0},
    }
    leg = network.edges[AKTAU_PORT, ALAT_PORT]
    assert leg == {"kind": "leg", "mode": "sea", "corridor": "Trans-Caspian International "
                   "Transport Route", "corridor_iri": TITR, "order": 1, "documents": 1,
                   "weight": 2.0}
    member = network.edges[AKTAU_CITY, TITR]
    assert (member["kind"], member["mode"], member["documents"], member["weight"]) == (
        "corridor_member", "multimodal", 1, 1.0)
    assert network.number_of_edges() == 2


def test_route_network_for_another_corridor_is_empty(store):
    network = route_network(store, corridor_iri=ID["corridor/no-such-corridor"])
    assert network.number_of_nodes() == 0


def test_route_network_for_one_corridor(store):
    assert route_network(store, corridor_iri=ID["corridor/titr"]).number_of_edges() == 2
