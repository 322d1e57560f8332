"""The Dask engine: extraction on a (local, in-process) cluster, batches written to the embedded
store or pushed to a real SPARQL server."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from corridorkg import resources
from corridorkg.distributed import build_on_cluster
from corridorkg.pipeline import build
from corridorkg.store import RemoteStore, open_store
from corridorkg.triples import graph_iri
from tests.test_store import server_url  # noqa: F401 - a real `oxigraph serve` on loopback

distributed = pytest.importorskip("distributed")

SEED_IDS = sorted(path.stem for path in resources.seeds_dir().glob("*.txt"))


@pytest.fixture(scope="module")
def client():
    """Two workers in this process (threads): the models are shared, and so is the hash seed,
    which keeps extraction comparable with a local build in the same process."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def local_quads(tmp_path_factory):
    """The seeds built locally, as a set of N-Quads lines."""
    folder = tmp_path_factory.mktemp("local")
    with open_store(folder / "store") as store:
        build([resources.seeds_dir()], store=store)
        return quads(store, folder)


def quads(store, folder) -> set[str]:
    store.dump(folder / "dump.nq", format="nquads")
    return {str(quad) for quad in ox.parse(path=str(folder / "dump.nq"),
                                           format=ox.RdfFormat.N_QUADS)}


def test_a_cluster_build_stores_what_a_local_build_does(client, local_quads, tmp_path):
    with open_store(tmp_path / "store") as store:
        report = build_on_cluster([resources.seeds_dir()], store=store, scheduler=client,
                                  batch_size=2)
        assert report.ok and sorted(report.built) == SEED_IDS
        assert report.jobs == 2
        assert quads(store, tmp_path) == local_quads


def test_batch_files_hold_the_graphs_and_their_hashes(client, local_quads, tmp_path):
    batches = tmp_path / "batches"
    with open_store(tmp_path / "store") as store:
        build_on_cluster([resources.seeds_dir()], store=store, scheduler=client, batch_size=2,
                         batch_dir=batches)
    names = sorted(path.name for path in batches.iterdir())
    assert names == ["batch-000001.hashes.nq", "batch-000001.nq", "batch-000002.hashes.nq",
                     "batch-000002.nq", "batch-000003.hashes.nq", "batch-000003.nq"]
    # the files alone rebuild the document graphs
    with open_store(tmp_path / "from-files") as store:
        for path in sorted(batches.iterdir()):
            store.load_nquads(path)
        from_files = quads(store, tmp_path)
    documents = {line for line in local_quads if "/graph/ontology>" not in line
                 and "/graph/reference>" not in line}
    assert from_files == documents


def test_an_unchanged_corpus_sends_nothing_to_the_cluster(client, tmp_path):
    with open_store(tmp_path / "store") as store:
        build_on_cluster([resources.seeds_dir()], store=store, scheduler=client)
        report = build_on_cluster([resources.seeds_dir()], store=store, scheduler=client)
    assert report.built == [] and sorted(report.unchanged) == SEED_IDS


def test_a_bad_document_is_reported_and_the_rest_built_on_the_cluster(client, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "good.txt").write_text("Trade between Georgia and Armenia reached $1 billion in "
                                     "2022.", encoding="utf-8")
    (folder / "bad.txt").write_text(" date 2022-02-30 Text.", encoding="utf-8")
    with open_store(tmp_path / "store") as store:
        report = build_on_cluster([folder], store=store, scheduler=client)
        assert report.built == ["good"]
        assert len(report.failed) == 1 and "bad.txt:1" in str(report.failed[0])


def test_a_cluster_build_can_go_to_a_sparql_server(client, server_url):
    store = RemoteStore(f"{server_url}/query", timeout=30)
    for name in store.graphs():
        store.drop_graph(name)
    report = build_on_cluster([resources.seeds_dir()], store=store, scheduler=client,
                              batch_size=2)
    assert sorted(report.built) == SEED_IDS
    assert sorted(store.document_hashes()) == SEED_IDS
    assert all(store.count(graph_iri(doc_id)) > 0 for doc_id in SEED_IDS)


def test_a_batch_the_cluster_cannot_run_fails_its_documents_only(client, tmp_path, monkeypatch):
    import corridorkg.distributed as engine
    extract_batch = engine.extract_batch

    def flaky(documents):   # the workers are threads of this process: the patch reaches them
        if any(document.id.startswith("002") for document in documents):
            raise RuntimeError("worker lost")      # as KilledWorker would come back
        return extract_batch(documents)

    monkeypatch.setattr(engine, "extract_batch", flaky)
    with open_store(tmp_path / "store") as store:
        report = build_on_cluster([resources.seeds_dir()], store=store, scheduler=client,
                                  batch_size=1)
    failed = [str(err) for err in report.failed]
    assert len(failed) == 1 and "002_186877bc90202974" in failed[0]
    assert "could not extract" in failed[0] and "RuntimeError: worker lost" in failed[0]
    assert sorted(report.built) == [doc_id for doc_id in SEED_IDS if not doc_id.startswith("002")]
