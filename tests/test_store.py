"""The store backends: the embedded pyoxigraph store on disk, and a real `oxigraph serve`."""
from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import date
from pathlib import Path

import pytest
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS

from corridorkg import vocab
from corridorkg.errors import ConfigError, QueryError, StoreError
from corridorkg.store import (EmbeddedStore, QueryResult, RemoteStore, TripleStore,
                              load_curated_data, open_store)
from corridorkg.store.bindings import bind_values, check_bindings, query_variables
from corridorkg.store.graph_store import GraphStoreClient
from corridorkg.store.http import Credentials, check_url
from corridorkg.vocab import CKG, DOC, GRAPH, ID

DATA = Path(__file__).parent / "data"
QUERIES = Path(__file__).resolve().parents[1] / "queries"
INJECTION = '"} ; DROP ALL ; #'
KZ = ID["country/KZ"]
LT = ID["country/LT"]


CODES = {"Kazakhstan": "KZ", "Lithuania": "LT", "Azerbaijan": "AZ", "Georgia": "GE"}


def country_graph(*names: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    for name in names:
        country = ID[f"country/{CODES[name]}"]
        graph.add((country, RDF.type, CKG.Country))
        graph.add((country, SKOS.prefLabel, Literal(name, lang="en")))
    return graph


def document_graph(identifier: str, content_hash: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    document = DOC[identifier]
    graph.add((document, RDF.type, CKG.Document))
    graph.add((document, CKG.identifier, Literal(identifier)))
    graph.add((document, CKG.contentHash, Literal(content_hash)))
    graph.add((document, CKG.mentions, KZ))
    return graph


def leg_graph() -> rdflib.Graph:
    """A corridor with a blank-node route leg: its triples must stay one node."""
    graph = rdflib.Graph()
    leg = BNode()
    corridor = ID["corridor/titr"]
    graph.add((corridor, RDF.type, CKG.MultimodalCorridor))
    graph.add((corridor, CKG.hasLeg, leg))
    graph.add((leg, RDF.type, CKG.RouteLeg))
    graph.add((leg, CKG.legFrom, ID["port/aktau"]))
    graph.add((leg, CKG.legTo, ID["port/alat"]))
    graph.add((leg, CKG.legOrder, Literal(1)))
    return graph


LEG_QUERY = """
PREFIX ckg: <https://w3id.org/corridorkg/ontology#>
SELECT ?from ?to WHERE { ?corridor ckg:hasLeg ?leg . ?leg ckg:legFrom ?from ; ckg:legTo ?to }
"""
LABEL_QUERY = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?entity ?label WHERE { ?entity skos:prefLabel ?label }
"""


@pytest.fixture
def store(tmp_path):
    with EmbeddedStore(tmp_path / "store") as store:
        yield store


# --- embedded store ------------------------------------------------------------------------

def test_embedded_store_satisfies_the_protocol(store):
    assert isinstance(store, TripleStore)


def test_replace_graph_returns_the_number_of_triples_and_counts_them(store):
    graph_iri = GRAPH["countries"]
    assert store.replace_graph(graph_iri, country_graph("Kazakhstan", "Lithuania")) == 4
    assert store.count(graph_iri) == 4
    assert store.count() == 4
    assert store.graphs() == [graph_iri]


def test_replace_graph_is_idempotent(store):
    graph_iri = GRAPH["countries"]
    graph = country_graph("Kazakhstan", "Lithuania")
    store.replace_graph(graph_iri, graph)
    store.replace_graph(graph_iri, graph)
    assert store.count(graph_iri) == 4


def test_replace_graph_replaces_only_its_own_graph(store):
    store.replace_graph(GRAPH["a"], country_graph("Kazakhstan", "Lithuania"))
    store.replace_graph(GRAPH["b"], country_graph("Azerbaijan"))
    store.replace_graph(GRAPH["a"], country_graph("Georgia"))
    labels = {str(label) for _, label in store.query(LABEL_QUERY)}
    assert labels == {"Georgia", "Azerbaijan"}
    assert store.count(GRAPH["a"]) == 2 and store.count(GRAPH["b"]) == 2


def test_replace_graph_with_an_empty_graph_empties_it(store):
    store.replace_graph(GRAPH["a"], country_graph("Kazakhstan"))
    assert store.replace_graph(GRAPH["a"], rdflib.Graph()) == 0
    assert store.count(GRAPH["a"]) == 0
    assert store.graphs() == []


def test_replace_graph_keeps_a_blank_node_one_node(store):
    store.replace_graph(GRAPH["reference"], leg_graph())
    assert store.query(LEG_QUERY).rows == [(ID["port/aktau"], ID["port/alat"])]


def test_replace_graph_with_a_bad_iri_leaves_the_old_graph(store):
    store.replace_graph(GRAPH["a"], country_graph("Kazakhstan"))
    broken = country_graph("Lithuania")
    broken.add((URIRef("https://w3id.org/corridorkg/id/bad iri"), RDF.type, CKG.Country))
    with pytest.raises(StoreError, match="bad iri"):
        store.replace_graph(GRAPH["a"], broken)
    assert {str(label) for _, label in store.query(LABEL_QUERY)} == {"Kazakhstan"}


def test_drop_graph_removes_it_and_ignores_a_missing_one(store):
    store.replace_graph(GRAPH["a"], country_graph("Kazakhstan"))
    store.drop_graph(GRAPH["a"])
    store.drop_graph(GRAPH["never-there"])
    assert store.graphs() == [] and store.count() == 0


def test_document_hashes_are_read_from_the_document_graphs(store):
    store.replace_graph(GRAPH["doc-1"], document_graph("doc-1", "aaa"))
    store.replace_graph(GRAPH["doc-2"], document_graph("doc-2", "bbb"))
    store.replace_graph(GRAPH["reference"], country_graph("Kazakhstan"))
    assert store.document_hashes() == {"doc-1": "aaa", "doc-2": "bbb"}


def test_queries_see_the_union_of_the_graphs(store):
    store.replace_graph(GRAPH["a"], country_graph("Kazakhstan"))
    store.replace_graph(GRAPH["b"], country_graph("Lithuania"))
    assert len(store.query(LABEL_QUERY)) == 2


def test_bindings_select_by_iri_and_by_literal(store):
    store.replace_graph(GRAPH["a"], country_graph("Kazakhstan", "Lithuania"))
    by_iri = store.query(LABEL_QUERY, bindings={"entity": LT})
    assert by_iri.rows == [(LT, Literal("Lithuania", lang="en"))]
    by_label = store.query(LABEL_QUERY, bindings={"?label": Literal("Kazakhstan", lang="en")})
    assert by_label.rows == [(KZ, Literal("Kazakhstan", lang="en"))]


def test_a_binding_cannot_inject_sparql(store):
    graph = country_graph("Kazakhstan")
    graph.add((LT, SKOS.prefLabel, Literal(INJECTION)))
    store.replace_graph(GRAPH["a"], graph)
    result = store.query(LABEL_QUERY, bindings={"label": INJECTION})
    assert result.rows == [(LT, Literal(INJECTION))]  # matched as a literal, nothing dropped
    assert store.query(LABEL_QUERY, bindings={"label": INJECTION + " x"}).rows == []
    assert store.count() == 3


def test_binding_a_variable_the_query_lacks_is_a_query_error(store):
    with pytest.raises(QueryError, match=r"\?country"):
        store.query(LABEL_QUERY, bindings={"country": KZ})


def test_a_query_that_does_not_parse_is_a_query_error(store):
    with pytest.raises(QueryError, match="does not parse"):
        store.query("SELEC ?x WHERE { ?x ?p ?o }")


def test_ask_and_construct_results(store):
    store.replace_graph(GRAPH["a"], country_graph("Kazakhstan"))
    ask = store.query("ASK { ?s ?p ?o }")
    assert ask.kind == "ask" and ask.boolean is True
    construct = store.query("CONSTRUCT WHERE { ?s ?p ?o }")
    assert construct.kind == "graph" and len(construct.graph) == 2
    assert "Kazakhstan" in construct.to_table()


def test_result_writers_follow_the_sparql_result_formats(store):
    store.replace_graph(GRAPH["a"], country_graph("Kazakhstan"))
    result = store.query("""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?entity ?label ?missing WHERE { ?entity skos:prefLabel ?label }""")
    text = io.StringIO()
    result.to_csv(text)
    assert list(csv.DictReader(io.StringIO(text.getvalue()))) == [
        {"entity": str(KZ), "label": "Kazakhstan", "missing": ""}]
    text = io.StringIO()
    result.to_json(text)
    document = json.loads(text.getvalue())
    assert document["head"]["vars"] == ["entity", "label", "missing"]
    assert document["results"]["bindings"] == [{
        "entity": {"type": "uri", "value": str(KZ)},
        "label": {"type": "literal", "value": "Kazakhstan", "xml:lang": "en"}}]
    table = result.to_table(max_width=12).splitlines()
    assert table[0].split() == ["entity", "label", "missing"]
    assert table[2].startswith("id:country/…")  # shortened with a prefix, then truncated
    assert table[-1] == "(1 row)"


def test_ask_result_as_csv_and_json():
    result = QueryResult.from_boolean(False)
    text = io.StringIO()
    result.to_json(text)
    assert json.loads(text.getvalue()) == {"head": {}, "boolean": False}
    assert result.to_table() == "false"


def test_read_only_store_answers_queries_and_refuses_writes(tmp_path):
    with EmbeddedStore(tmp_path / "store") as store:
        store.replace_graph(GRAPH["a"], country_graph("Kazakhstan"))
    with EmbeddedStore.open_read_only(tmp_path / "store") as store:
        assert store.count() == 2
        with pytest.raises(StoreError, match="read-only"):
            store.replace_graph(GRAPH["a"], country_graph("Lithuania"))
    with open_store(tmp_path / "store", read_only=True) as store:
        assert store.count(GRAPH["a"]) == 2


def test_reopening_after_close_keeps_the_data(tmp_path):
    store = open_store(tmp_path / "store")
    store.replace_graph(GRAPH["a"], country_graph("Kazakhstan", "Lithuania"))
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.count()
    with open_store(tmp_path / "store") as reopened:
        assert reopened.count(GRAPH["a"]) == 4


def test_a_second_writer_is_told_the_store_is_locked(store):
    with pytest.raises(StoreError, match="locked by another process"):
        EmbeddedStore(store.path)


def test_a_reader_is_refused_while_a_writer_holds_the_store(store):
    # Oxigraph calls reading a store another process writes undefined: corridorkg refuses it
    with pytest.raises(StoreError, match="locked by another process that writes to it") as caught:
        EmbeddedStore(store.path, read_only=True)
    assert str(caught.value).startswith(f"{store.path}: cannot open the store: ")
    assert "wait until it is done" in str(caught.value)


def test_a_writer_is_refused_while_readers_hold_the_store_and_takes_it_after(tmp_path):
    EmbeddedStore(tmp_path / "store").close()
    first = EmbeddedStore(tmp_path / "store", read_only=True)
    second = EmbeddedStore(tmp_path / "store", read_only=True)    # readers share the store
    with pytest.raises(StoreError, match="locked by another process that reads it"):
        EmbeddedStore(tmp_path / "store")
    first.close()
    with pytest.raises(StoreError, match="reads it"):
        EmbeddedStore(tmp_path / "store")
    second.close()
    with EmbeddedStore(tmp_path / "store") as writer:
        assert writer.graphs() == []


def test_a_refused_open_leaves_the_lock_to_its_holder(store):
    with pytest.raises(StoreError):
        EmbeddedStore(store.path)
    with pytest.raises(StoreError):
        EmbeddedStore(store.path, read_only=True)
    store.replace_graph(GRAPH["a"], country_graph("Kazakhstan", "Lithuania"))  # still the writer
    store.close()
    with EmbeddedStore(store.path, read_only=True) as reader:
        assert reader.count(GRAPH["a"]) == 4


def test_a_new_store_may_be_made_in_folders_that_do_not_exist_yet(tmp_path):
    with EmbeddedStore(tmp_path / "a" / "b" / "store") as store:
        store.replace_graph(GRAPH["a"], country_graph("Kazakhstan", "Lithuania"))
    with EmbeddedStore(tmp_path / "a" / "b" / "store", read_only=True) as store:
        assert store.count(GRAPH["a"]) == 4
    with pytest.raises(StoreError, match="there is no store there yet"):
        EmbeddedStore(tmp_path / "c" / "store", read_only=True)
    assert not (tmp_path / "c").exists()


def test_opening_a_file_as_a_store_is_a_store_error(tmp_path):
    path = tmp_path / "not-a-store"
    path.write_text("hello")
    with pytest.raises(StoreError, match="not-a-store") as caught:
        open_store(path)
    assert "folder" in str(caught.value)


def test_opening_a_missing_store_read_only_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="build one first"):
        open_store(tmp_path / "nothing", read_only=True)


def test_open_store_refuses_a_path_and_an_endpoint_together(tmp_path):
    with pytest.raises(ConfigError):
        open_store(tmp_path / "store", endpoint="http://127.0.0.1:7878/query")


@pytest.mark.parametrize("format", ["nquads", "trig"])
def test_dump_writes_every_named_graph(store, tmp_path, format):
    store.replace_graph(GRAPH["a"], country_graph("Kazakhstan"))
    store.replace_graph(GRAPH["reference"], leg_graph())
    path = tmp_path / f"dump.{format}"
    store.dump(path, format)
    dataset = rdflib.Dataset()
    dataset.parse(path, format=format)
    assert len(dataset.graph(GRAPH["a"])) == 2
    assert len(dataset.graph(GRAPH["reference"])) == 6


def test_dump_in_an_unknown_format_is_a_store_error(store, tmp_path):
    with pytest.raises(StoreError, match="nquads"):
        store.dump(tmp_path / "dump.xml", "rdfxml")


def test_load_curated_data_fills_the_ontology_and_reference_graphs(store, tmp_path):
    ontology = tmp_path / "ontology.ttl"
    ontology.write_text("@prefix ckg: <https://w3id.org/corridorkg/ontology#> .\n"
                        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                        "ckg:Seaport rdfs:subClassOf ckg:Port .\n")
    countries = tmp_path / "countries.ttl"
    country_graph("Kazakhstan").serialize(countries, format="turtle")
    sizes = load_curated_data(store, ontology_files=[ontology], reference_files=[countries])
    assert sizes == {vocab.ONTOLOGY_GRAPH: 1, vocab.REFERENCE_GRAPH: 2}
    assert store.graphs() == sorted([vocab.ONTOLOGY_GRAPH, vocab.REFERENCE_GRAPH])


def test_load_curated_data_with_broken_turtle_changes_nothing(store, tmp_path):
    good = tmp_path / "countries.ttl"
    country_graph("Kazakhstan").serialize(good, format="turtle")
    load_curated_data(store, ontology_files=[], reference_files=[good])
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle .")
    with pytest.raises(ConfigError, match="broken.ttl"):
        load_curated_data(store, ontology_files=[], reference_files=[good, broken])
    assert store.count(vocab.REFERENCE_GRAPH) == 2


# --- remote store against a real `oxigraph serve` -------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def oxigraph_binary() -> str:
    beside_python = Path(sys.executable).with_name("oxigraph")
    found = str(beside_python) if beside_python.exists() else shutil.which("oxigraph")
    if found is None:
        pytest.fail("the oxigraph server binary is missing: pip install oxigraph==0.5.13")
    return found


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    """A real Oxigraph server on a free loopback port, stopped after the module's tests."""
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
         "--union-default-graph"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"oxigraph serve did not start: {process.stderr.read().decode()}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def remote(server_url):
    store = RemoteStore(f"{server_url}/query", timeout=10)
    for graph_iri in store.graphs():
        store.drop_graph(graph_iri)
    return store


def test_remote_update_url_defaults_to_oxigraphs(server_url):
    assert RemoteStore(f"{server_url}/query").update_url == f"{server_url}/update"
    assert RemoteStore(f"{server_url}/sparql").update_url == f"{server_url}/update"


def test_remote_store_satisfies_the_protocol(remote):
    assert isinstance(remote, TripleStore)


def test_remote_replace_graph_then_query_round_trips(remote):
    assert remote.replace_graph(GRAPH["a"], country_graph("Kazakhstan", "Lithuania")) == 4
    assert remote.replace_graph(GRAPH["a"], country_graph("Kazakhstan", "Lithuania")) == 4
    remote.replace_graph(GRAPH["doc-1"], document_graph("doc-1", "aaa"))
    assert remote.count(GRAPH["a"]) == 4
    assert remote.graphs() == sorted([GRAPH["a"], GRAPH["doc-1"]])
    assert remote.document_hashes() == {"doc-1": "aaa"}
    result = remote.query(LABEL_QUERY, bindings={"entity": LT})
    assert result.rows == [(LT, Literal("Lithuania", lang="en"))]
    remote.replace_graph(GRAPH["a"], country_graph("Georgia"))
    assert {str(label) for _, label in remote.query(LABEL_QUERY)} == {"Georgia"}


def test_remote_large_graph_is_sent_in_batches_and_swapped_in(remote):
    store = RemoteStore(remote.endpoint_url, batch_size=2)
    graph = leg_graph() + country_graph("Kazakhstan", "Lithuania")
    assert store.replace_graph(GRAPH["reference"], graph) == 10
    assert store.count(GRAPH["reference"]) == 10
    assert store.graphs() == [GRAPH["reference"]]  # no staging graph left behind
    assert store.query(LEG_QUERY).rows == [(ID["port/aktau"], ID["port/alat"])]


def test_remote_binding_cannot_inject_sparql(remote):
    graph = country_graph("Kazakhstan")
    graph.add((LT, SKOS.prefLabel, Literal(INJECTION)))
    remote.replace_graph(GRAPH["a"], graph)
    assert remote.query(LABEL_QUERY, bindings={"label": INJECTION}).rows == [
        (LT, Literal(INJECTION))]
    assert remote.count() == 3


def test_remote_bad_query_is_a_query_error(remote):
    with pytest.raises(QueryError, match="rejected the query"):
        remote.query("SELECT ?x WHERE { ?x ?p }")


def test_remote_wrong_path_is_a_store_error_naming_the_url(server_url):
    with pytest.raises(StoreError, match="404") as caught:
        RemoteStore(f"{server_url}/no-such-endpoint").count()
    assert f"{server_url}/no-such-endpoint" in str(caught.value)


def test_remote_refused_connection_is_a_store_error_naming_the_url():
    url = f"http://127.0.0.1:{free_port()}/query"  # nothing listens there now
    with pytest.raises(StoreError, match="connection refused") as caught:
        RemoteStore(url, timeout=5).query("ASK { ?s ?p ?o }")
    assert url in str(caught.value)


def test_remote_store_answers_every_query_file_as_the_embedded_store_does(remote, tmp_path):
    dataset = rdflib.Dataset()
    dataset.parse(DATA / "fixture_graph.trig", format="trig")
    with EmbeddedStore(tmp_path / "store") as embedded:
        for graph in dataset.graphs():
            if len(graph):
                embedded.replace_graph(graph.identifier, graph)
                remote.replace_graph(graph.identifier, graph)
        for path in sorted(QUERIES.rglob("*.rq")):
            text = path.read_text(encoding="utf-8")
            assert remote.query(text) == embedded.query(text), path.name
        # bindings: the same VALUES block on both sides
        for name, bindings in [("tables/positions.rq", {"doc": "fx_0001"}),
                               ("who_met_whom.rq", {"year": 2024}),
                               ("posts_by_country.rq", {"country": KZ}),
                               ("trade_by_country_pair_and_year.rq",
                                {"country": LT, "year": 2023})]:
            text = (QUERIES / name).read_text(encoding="utf-8")
            expected = embedded.query(text, bindings=bindings)
            assert expected.rows and remote.query(text, bindings=bindings) == expected, name


def test_remote_read_only_store_refuses_writes(server_url):
    store = RemoteStore(f"{server_url}/query", read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        store.replace_graph(GRAPH["a"], country_graph("Kazakhstan"))


# --- bindings: one VALUES block at the end of the WHERE group, for both backends ------------

DATED_QUERY = """
PREFIX ckg: <https://w3id.org/corridorkg/ontology#>
SELECT ?meeting ?date ?year WHERE {
  ?meeting ckg:date ?date .
  BIND (YEAR(?date) AS ?year)
  FILTER (!BOUND(?from) || ?date >= ?from)
}
ORDER BY ?meeting
"""


def meetings_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    for day in ("2023-05-01", "2024-03-01", "2024-09-01"):
        graph.add((DOC[f"meeting-{day}"], CKG.date, Literal(date.fromisoformat(day))))
    return graph


def test_a_bound_value_is_seen_by_the_filters_and_joins_a_computed_column(store):
    store.replace_graph(GRAPH["a"], meetings_graph())
    assert len(store.query(DATED_QUERY)) == 3  # an unbound parameter leaves the filter open
    after = store.query(DATED_QUERY, bindings={"from": Literal(date(2024, 1, 1))})
    assert [str(row[1]) for row in after] == ["2024-03-01", "2024-09-01"]
    in_2023 = store.query(DATED_QUERY, bindings={"year": 2023})
    assert [str(row[1]) for row in in_2023] == ["2023-05-01"]


def test_the_values_block_ends_the_where_group_not_a_group_in_the_select_clause():
    query = """# a comment with a { brace
PREFIX ex: <http://example.org/>
SELECT ?s (IF(EXISTS { ?s ex:p ?o }, "}", "{") AS ?flag) WHERE {
  ?s ex:label "a } in a string" ; ex:n ?n .
  FILTER (?n < 3 && ?n>1)
  { SELECT ?s WHERE { ?s ex:q ?x } }
}
ORDER BY ?s"""
    bound = bind_values(query, {"s": URIRef("http://example.org/s")})
    assert bound.endswith('VALUES (?s) { (<http://example.org/s>) }\n}\nORDER BY ?s')
    pyoxigraph_store().query(bound)  # still parses


def test_a_construct_binds_in_its_where_group_not_its_template():
    query = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
    bound = bind_values(query, {"g": GRAPH["a"]})
    assert bound.startswith("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } \n")
    assert "VALUES (?g)" in bound.split("WHERE", 1)[1]
    short = bind_values("CONSTRUCT WHERE { ?s ?p ?o }", {"s": GRAPH["a"]})
    assert short == ("CONSTRUCT WHERE { ?s ?p ?o }\n"
                     "VALUES (?s) { (<https://w3id.org/corridorkg/graph/a>) }\n")


def test_variables_in_comments_and_strings_are_not_the_querys():
    query = '# ?country in a comment\nSELECT ?s WHERE { ?s ?p "?year" }'
    assert query_variables(query) == {"s", "p"}
    with pytest.raises(QueryError, match=r"no variable \?country"):
        check_bindings(query, {"country": KZ})


def test_read_graph_and_graph_sizes(store):
    store.replace_graph(GRAPH["reference"], leg_graph())
    store.replace_graph(GRAPH["a"], country_graph("Kazakhstan"))
    assert store.graph_sizes() == {GRAPH["reference"]: 6, GRAPH["a"]: 2}
    assert isomorphic(store.read_graph(GRAPH["reference"]), leg_graph())
    assert len(store.read_graph(GRAPH["never-there"])) == 0


def pyoxigraph_store():
    import pyoxigraph
    return pyoxigraph.Store()


# --- the remote backends against the real server -------------------------------------------

def test_remote_read_graph_and_graph_sizes(remote):
    remote.replace_graph(GRAPH["reference"], leg_graph())
    remote.replace_graph(GRAPH["a"], country_graph("Kazakhstan", "Lithuania"))
    assert remote.graph_sizes() == {GRAPH["reference"]: 6, GRAPH["a"]: 4}
    assert isomorphic(remote.read_graph(GRAPH["reference"]), leg_graph())


def test_remote_filters_see_bound_values_as_embedded_ones_do(remote, store):
    for backend in (remote, store):
        backend.replace_graph(GRAPH["a"], meetings_graph())
    for bindings in ({}, {"from": Literal(date(2024, 1, 1))}, {"year": 2023}):
        assert remote.query(DATED_QUERY, bindings=bindings) == store.query(
            DATED_QUERY, bindings=bindings), bindings


def test_graph_store_protocol_replaces_and_drops_graphs(remote, server_url):
    client = GraphStoreClient(f"{server_url}/store", timeout=10)
    assert client.replace_graph(GRAPH["a"], country_graph("Kazakhstan", "Lithuania")) == 4
    assert client.replace_graph(GRAPH["a"], country_graph("Georgia")) == 2
    assert client.replace_graph(GRAPH["reference"], leg_graph()) == 6
    assert remote.graph_sizes() == {GRAPH["a"]: 2, GRAPH["reference"]: 6}
    assert remote.query(LEG_QUERY).rows == [(ID["port/aktau"], ID["port/alat"])]
    client.drop_graph(GRAPH["a"])
    client.drop_graph(GRAPH["never-there"])
    assert remote.graphs() == [GRAPH["reference"]]


def test_graph_store_refuses_a_bad_iri_before_sending(server_url):
    broken = country_graph("Kazakhstan")
    broken.add((URIRef("https://w3id.org/corridorkg/id/bad iri"), RDF.type, CKG.Country))
    with pytest.raises(StoreError, match="bad iri"):
        GraphStoreClient(f"{server_url}/store").replace_graph(GRAPH["a"], broken)


def test_graph_store_wrong_path_is_a_store_error_naming_the_url(server_url):
    with pytest.raises(StoreError, match="HTTP 404") as caught:
        GraphStoreClient(f"{server_url}/no-store").replace_graph(GRAPH["a"],
                                                                  country_graph("Georgia"))
    assert f"{server_url}/no-store" in str(caught.value)


def test_credentials_never_show_the_password():
    credentials = Credentials("alice", "s3cret")
    assert "s3cret" not in repr(credentials)
    assert credentials.basic_header() == "Basic YWxpY2U6czNjcmV0"


@pytest.mark.parametrize("url, message", [
    ("http://alice:s3cret@127.0.0.1:7878/query", "holds credentials"),
    ("ftp://127.0.0.1/query", "not an http"),
    ("127.0.0.1:7878/query", "not an http"),
])
def test_endpoint_urls_are_checked(url, message):
    with pytest.raises(ConfigError, match=message) as caught:
        check_url(url)
    assert "s3cret" not in str(caught.value)


class SilentServer:
    """A TCP listener that accepts connections and never answers: a server that hangs."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/query"
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections.append(connection)

    def close(self):
        self.socket.close()
        for connection in self.connections:
            connection.close()


def test_a_timeout_is_retried_with_backoff_then_reported():
    server = SilentServer()
    try:
        store = RemoteStore(server.url, timeout=1, retries=2, backoff=0.05)
        started = time.monotonic()
        with pytest.raises(StoreError, match=r"after 3 attempts\): no answer within 1 s"):
            store.query("ASK { ?s ?p ?o }")
        assert time.monotonic() - started >= 3
        assert len(server.connections) == 3
    finally:
        server.close()


def test_a_refused_connection_is_not_retried():
    url = f"http://127.0.0.1:{free_port()}/query"
    started = time.monotonic()
    with pytest.raises(StoreError, match="connection refused") as caught:
        RemoteStore(url, timeout=5, retries=3, backoff=5).query("ASK { ?s ?p ?o }")
    assert time.monotonic() - started < 4  # no backoff waited
    assert "attempts" not in str(caught.value)
