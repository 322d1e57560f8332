"""Parallel builds: worker processes that load the models once, results streamed to the store.

The workers here run with PYTHONHASHSEED pinned, and so does the serial extraction they are
compared with: linking iterates a set of name forms (``linking._link_persons``), so two
processes with different hash seeds can link a surname mention differently. The comparison is
about the parallel machinery, not that.
"""
from __future__ import annotations

import multiprocessing
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

import pyoxigraph as ox
import pytest

from corridorkg import resources
from corridorkg.documents import read_documents
from corridorkg.linking import load_gazetteer
from corridorkg.pipeline import (CHUNK_SIZE, DocumentGraph, ExtractionPool, build, extract_batch,
                                 start_worker)
from corridorkg.store import open_store
from corridorkg.triples import graph_iri

COPIES = 8   # 5 seeds x 8 = 40 documents: more than a pool of two needs to be worth starting


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The seed articles, each under eight ids."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted(resources.seeds_dir().glob("*.txt")):
        for copy in range(COPIES):
            shutil.copy(path, folder / f"{path.stem}-{copy}.txt")
    return folder


@pytest.fixture
def pinned_hash_seed(monkeypatch):
    monkeypatch.setenv("PYTHONHASHSEED", "0")


@pytest.fixture(scope="module")
def parallel_build(corpus, tmp_path_factory):
    """The corpus built by two workers: (report, store path, documents the progress bar saw)."""
    seen = []

    def progress(documents):
        for document in documents:
            seen.append(document.id)
            yield document

    path = tmp_path_factory.mktemp("parallel") / "store"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYTHONHASHSEED", "0")
        with open_store(path) as store:
            report = build([corpus], store=store, jobs=2, progress=progress)
    return report, path, seen


def document_quads(store, folder) -> set[str]:
    """The quads of the document graphs, as N-Quads lines."""
    store.dump(folder / "dump.nq", format="nquads")
    curated = {str(graph_iri(name)) for name in ("ontology", "reference", "shapes")}
    return {str(quad) for quad in ox.parse(path=str(folder / "dump.nq"),
                                           format=ox.RdfFormat.N_QUADS)
            if quad.graph_name.value not in curated}


def serial_extraction(paths) -> list[DocumentGraph]:
    """Every document extracted one after the other, in a fresh process (PYTHONHASHSEED as set)."""
    documents = list(read_documents(paths, known_words=load_gazetteer().known_words))
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                             initializer=start_worker) as pool:
        return pool.submit(extract_batch, documents).result()


def test_a_parallel_build_stores_what_a_serial_extraction_gives(corpus, parallel_build, tmp_path,
                                                                 pinned_hash_seed):
    report, path, _ = parallel_build
    expected = serial_extraction([corpus])
    assert report.jobs == 2
    assert report.ok and report.built == [result.id for result in expected]
    assert report.triples == sum(result.triples for result in expected)
    with open_store(path, read_only=True) as store:
        stored = document_quads(store, tmp_path)
    lines = {line.removesuffix(" .") for result in expected
             for line in (result.nquads + result.marker).decode().splitlines()}
    assert stored == lines


def test_progress_sees_every_document_of_a_parallel_build(parallel_build):
    report, _, seen = parallel_build
    assert sorted(seen) == sorted(report.built) and len(seen) == 5 * COPIES


def test_a_rebuild_skips_every_unchanged_document_without_starting_workers(corpus, parallel_build,
                                                                            tmp_path):
    _, path, _ = parallel_build
    shutil.copytree(path, tmp_path / "store")
    with open_store(tmp_path / "store") as store:
        before = store.count()
        report = build([corpus], store=store, jobs=2)
        assert report.built == [] and len(report.unchanged) == 5 * COPIES
        assert report.jobs == 1
        assert store.count() == before


def test_a_bad_document_is_reported_and_the_rest_built_in_parallel(corpus, tmp_path,
                                                                    pinned_hash_seed):
    folder = tmp_path / "corpus"
    shutil.copytree(corpus, folder)
    (folder / "bad.txt").write_text(" date 2022-02-30 Text.", encoding="utf-8")
    with open_store(tmp_path / "store") as store:
        report = build([folder], store=store, jobs=2)
        assert report.jobs == 2 and len(report.built) == 5 * COPIES
        assert len(report.failed) == 1 and "bad.txt:1" in str(report.failed[0])
        assert graph_iri("bad") not in store.graphs()


def test_a_small_build_is_extracted_in_this_process(tmp_path):
    with open_store(tmp_path / "store") as store:
        report = build([resources.seeds_dir()], store=store, jobs=2)
    assert report.jobs == 1 and len(report.built) == 5


def test_jobs_must_be_positive(tmp_path):
    from corridorkg.errors import ConfigError
    with open_store(tmp_path / "store") as store, pytest.raises(ConfigError, match="jobs"):
        build([resources.seeds_dir()], store=store, jobs=0)


def die_on_marked_documents(documents):
    """A worker task that kills its process on a document whose text asks for it."""
    if any("DIE" in document.text for document in documents):
        os._exit(3)
    return extract_batch(documents)


def test_a_worker_that_dies_fails_its_documents_and_the_others_are_extracted(corpus):
    documents = list(read_documents([corpus]))
    documents += [replace(document, id=f"{document.id}-again") for document in documents]
    victim = documents[3 * CHUNK_SIZE + 1]
    documents[3 * CHUNK_SIZE + 1] = replace(victim, text=victim.text + " DIE")
    with ExtractionPool(2, task=die_on_marked_documents) as pool:
        results = list(pool.extract(documents))
    assert [result.id for result in results] == [document.id for document in documents]
    failed = [result for result in results if result.error is not None]
    assert victim.id in {result.id for result in failed}
    assert all("worker process died" in str(result.error) for result in failed)
    # only the documents in flight when the worker died are lost
    assert len(failed) <= 2 * 2 * CHUNK_SIZE
    assert results[-1].error is None and results[-1].triples > 0
