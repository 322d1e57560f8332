"""The build end to end on the sample articles: every stage, a real on-disk store, idempotence."""
from __future__ import annotations

import shutil

import pytest
from rdflib.compare import graph_diff, to_isomorphic

from corridorkg import resources
from corridorkg.documents import read_documents
from corridorkg.linking import load_gazetteer
from corridorkg.pipeline import build, document_graph
from corridorkg.store import open_store
from corridorkg.triples import graph_iri

TABLES = ("entities", "positions", "meetings", "measurements", "corridor_links")


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("kg") / "store"
    with open_store(path) as store:
        report = build([resources.seeds_dir()], store=store)
    assert report.ok and len(report.built) == 5
    return path


@pytest.mark.parametrize("table", TABLES)
def test_every_fact_table_is_filled_from_the_seeds(seeds_store, table):
    query = (resources.table_queries_dir() / f"{table}.rq").read_text()
    with open_store(seeds_store, read_only=True) as store:
        result = store.query(query)
    assert len(result.rows) > 0
    docs = {str(row[result.columns.index("doc")]) for row in result.rows}
    assert docs <= {p.stem for p in resources.seeds_dir().glob("*.txt")}


def test_building_twice_changes_nothing(seeds_store, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(seeds_store, copy)
    with open_store(copy) as store:
        before = store.count()
        report = build([resources.seeds_dir()], store=store)
        assert len(report.unchanged) == 5 and report.built == []
        assert store.count() == before


def test_a_changed_document_replaces_what_it_said(tmp_path):
    article = tmp_path / "docs" / "a1.txt"
    article.parent.mkdir()
    article.write_text(" date 2024-01-10 In 2023, trade turnover between Georgia and Armenia "
                       "reached $1.2 billion.", encoding="utf-8")
    with open_store(tmp_path / "store") as store:
        build([article.parent], store=store)
        article.write_text(" date 2024-01-10 In 2023, trade turnover between Georgia and Armenia "
                           "reached $1.5 billion.", encoding="utf-8")
        report = build([article.parent], store=store)
        assert report.built == ["a1"]
        values = store.query("PREFIX ckg: <https://w3id.org/corridorkg/ontology#> "
                             "SELECT ?v WHERE { ?m a ckg:Measurement ; ckg:value ?v }")
        assert [float(row[0]) for row in values.rows] == [1.5e9]


def test_same_input_gives_the_same_triples():
    known = load_gazetteer().known_words
    for document in read_documents([resources.seeds_dir()], known_words=known):
        first, second = document_graph(document), document_graph(document)
        _, only_first, only_second = graph_diff(to_isomorphic(first), to_isomorphic(second))
        assert len(only_first) == len(only_second) == 0, document.id


def test_a_bad_document_is_reported_and_the_rest_stored(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text("Trade between Georgia and Armenia reached $1 billion in 2022.",
                                   encoding="utf-8")
    (docs / "bad.txt").write_text(" date 2022-02-30 Text.", encoding="utf-8")
    with open_store(tmp_path / "store") as store:
        report = build([docs], store=store)
        assert report.built == ["good"]
        assert len(report.failed) == 1 and "bad.txt:1" in str(report.failed[0])
        assert graph_iri("good") in store.graphs()
