"""Incremental builds: unchanged documents skipped, changed ones replaced, removed ones dropped,
and a build interrupted during a bulk load repaired by the next one."""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from corridorkg import pipeline, resources
from corridorkg.cli import main
from corridorkg.documents import read_documents
from corridorkg.errors import InputError
from corridorkg.pipeline import (build, extract_graph, find_missing_documents, remove_documents,
                                 stored_documents)
from corridorkg.store import open_store
from corridorkg.triples import graph_iri

MEASUREMENTS = ("PREFIX ckg: <https://w3id.org/corridorkg/ontology#> "
                "SELECT ?doc ?v WHERE { ?m a ckg:Measurement ; ckg:value ?v ; "
                "ckg:extractedFrom/ckg:identifier ?doc } ORDER BY ?doc")


def article(text: str) -> str:
    return f" date 2024-01-10 {text}"


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, amount in (("a1", "1.2"), ("a2", "2.5"), ("a3", "3.1")):
        (folder / f"{name}.txt").write_text(article(
            f"In 2023, trade turnover between Georgia and Armenia reached ${amount} billion."),
            encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("seeds") / "store"
    with open_store(path) as store:
        assert build([resources.seeds_dir()], store=store).ok
    return path


def test_an_unchanged_corpus_is_not_extracted_again(corpus, tmp_path, monkeypatch):
    with open_store(tmp_path / "store") as store:
        build([corpus], store=store)
        monkeypatch.setattr(pipeline, "extract_graph", lambda document: pytest.fail(
            f"{document.id} was extracted again"))
        report = build([corpus], store=store)
    assert report.built == [] and sorted(report.unchanged) == ["a1", "a2", "a3"]


def test_a_changed_document_is_replaced_and_a_new_one_added(corpus, tmp_path):
    with open_store(tmp_path / "store") as store:
        build([corpus], store=store)
        (corpus / "a2.txt").write_text(article(
            "In 2023, trade turnover between Georgia and Armenia reached $9.9 billion."),
            encoding="utf-8")
        (corpus / "a4.txt").write_text(article(
            "In 2022, trade turnover between Georgia and Armenia reached $4 billion."),
            encoding="utf-8")
        report = build([corpus], store=store)
        assert report.built == ["a2", "a4"] and sorted(report.unchanged) == ["a1", "a3"]
        values = [(str(doc), float(v)) for doc, v in store.query(MEASUREMENTS).rows]
    assert values == [("a1", 1.2e9), ("a2", 9.9e9), ("a3", 3.1e9), ("a4", 4e9)]


def test_force_rebuilds_every_document_to_the_same_graph(corpus, tmp_path):
    with open_store(tmp_path / "store") as store:
        first = build([corpus], store=store)
        count = store.count()
        again = build([corpus], store=store, force=True)
        assert again.built == first.built and again.triples == first.triples
        assert store.count() == count


def test_a_document_cut_short_in_a_bulk_load_is_rebuilt_whole(corpus, tmp_path):
    """A build that dies between the bulk load and the content hashes leaves graphs without a
    hash: the next build must see them as changed and replace them, not skip or duplicate."""
    document = next(read_documents([corpus / "a1.txt"]))
    result = extract_graph(document)
    lines = result.nquads.decode().splitlines(keepends=True)
    with open_store(tmp_path / "store") as store:
        store.load_nquads("".join(lines[: len(lines) // 2]), bulk=True)   # half, and no hash
        assert store.document_hashes() == {}
        report = build([corpus], store=store)
        assert sorted(report.built) == ["a1", "a2", "a3"]
        assert store.count(graph_iri("a1")) == result.triples
        assert store.document_hashes()["a1"] == document.content_hash


def test_a_bulk_build_stores_the_graphs_an_atomic_one_does(corpus, tmp_path):
    dumps = []
    for bulk in (False, True):
        with open_store(tmp_path / f"store-{bulk}") as store:
            report = build([corpus], store=store, bulk=bulk)
            assert sorted(report.built) == ["a1", "a2", "a3"]
            assert store.document_hashes().keys() == {"a1", "a2", "a3"}
            store.dump(tmp_path / f"{bulk}.nq")
        dumps.append(set((tmp_path / f"{bulk}.nq").read_text(encoding="utf-8").splitlines()))
    assert dumps[0] == dumps[1]


def test_remove_documents_drops_their_graphs_and_nothing_else(seeds_store, tmp_path):
    shutil.copytree(seeds_store, tmp_path / "store")
    with open_store(tmp_path / "store") as store:
        held = stored_documents(store)
        assert len(held) == 5
        curated = store.count() - sum(store.count(graph_iri(doc_id)) for doc_id in held)
        removed = remove_documents([held[0], "no-such-document", held[0]], store=store)
        assert removed == [held[0]]
        assert stored_documents(store) == held[1:]
        assert graph_iri(held[0]) not in store.graphs()
        remove_documents(held[1:], store=store)
        assert store.count() == curated       # the ontology and reference data stay


def test_missing_documents_are_those_no_longer_under_the_paths(corpus, tmp_path):
    with open_store(tmp_path / "store") as store:
        build([corpus], store=store)
        (corpus / "a2.txt").unlink()
        assert find_missing_documents([corpus], store=store) == ["a2"]


def test_missing_documents_are_not_guessed_when_a_file_is_unreadable(corpus, tmp_path):
    with open_store(tmp_path / "store") as store:
        build([corpus], store=store)
        (corpus / "a2.txt").write_text(" date 2022-02-30 Text.", encoding="utf-8")
        with pytest.raises(InputError, match="a2.txt"):
            find_missing_documents([corpus], store=store)


# --- the command ----------------------------------------------------------------------------

def run(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args])


def test_cli_remove_by_id(seeds_store, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(seeds_store, store)
    result = run("remove", "000_833917157b482431", "--store", store)
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == ["000_833917157b482431"]
    assert "removed 1 document(s)" in result.stderr
    result = run("remove", "000_833917157b482431", "--store", store)
    assert result.exit_code == 1
    assert "not in the store: 000_833917157b482431" in result.stderr


def test_cli_remove_missing_with_a_dry_run_first(corpus, tmp_path):
    store = tmp_path / "store"
    assert run("build", corpus, "--store", store, "-q").exit_code == 0
    (corpus / "a3.txt").unlink()
    result = run("remove", "--missing", corpus, "--store", store, "--dry-run")
    assert result.exit_code == 0 and result.stdout.split() == ["a3"]
    assert "would remove 1 document(s)" in result.stderr
    with open_store(store, read_only=True) as kg:
        assert "a3" in stored_documents(kg)
    result = run("remove", "--missing", corpus, "--store", store)
    assert result.exit_code == 0 and result.stdout.split() == ["a3"]
    with open_store(store, read_only=True) as kg:
        assert stored_documents(kg) == ["a1", "a2"]


def test_cli_remove_wants_ids_or_missing_not_both(corpus, tmp_path):
    assert run("remove", "--store", tmp_path / "store").exit_code == 2
    assert run("remove", "a1", "--missing", corpus, "--store", tmp_path / "store").exit_code == 2


def test_cli_build_reports_throughput_and_takes_jobs(corpus, tmp_path):
    result = run("build", corpus, "--store", tmp_path / "store", "-q", "--jobs", "2", "--bulk")
    assert result.exit_code == 0, result.output
    assert "built 3 document(s)" in result.stdout and "doc/s" in result.stdout
    assert run("build", corpus, "--store", tmp_path / "store", "--jobs", "0").exit_code == 2
    assert run("build", corpus, "--store", tmp_path / "store", "--batches",
               tmp_path / "b").exit_code == 2
