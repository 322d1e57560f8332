"""Extraction on a Dask cluster (dask.distributed), for corpora too big for one machine.

The client (the process running ``corridorkg build --scheduler ...``) reads the documents, skips
the unchanged ones, and sends the rest in batches to the cluster; each worker loads the models
once (a worker plugin) and sends back the batch's graphs as N-Quads. The client writes each
batch, as it comes back, to the store with the same :class:`~corridorkg.pipeline.GraphWriter` as
a local build: the embedded store gets a batch's new documents in one transaction (with
``bulk``, the bulk loader and then their content hashes); a SPARQL endpoint gets one
``replace_graph`` per document. With ``batch_dir`` the client also keeps each batch's N-Quads
there (``batch-000001.nq``, the graphs; ``batch-000001.hashes.nq``, their content hashes), ready
for ``oxigraph load`` into another store.

Only documents and N-Quads travel between client and workers: no shared file system is needed.
At most two batches per worker thread are in flight, so the client's memory stays flat.
Run the workers with one thread each (``dask worker --nthreads 1 --nworkers N``): extraction
holds the GIL, so threads within a worker do not add speed. docs/scale.md shows a full setup.

>>> with open_store("kg") as store:                                     # doctest: +SKIP
...     report = build_on_cluster(["corpus/"], store=store, scheduler="tcp://10.0.0.5:8786")
"""
from __future__ import annotations

import time
from collections.abc import Iterable
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from .documents import Document, read_documents
from .errors import ConfigError, InputError, StoreError
from .linking import load_gazetteer
from .pipeline import (BuildReport, GraphWriter, Progress, changed_documents, extract_batch,
                       start_worker)
from .store import TripleStore, load_curated_data

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["build_on_cluster"]

BATCH_SIZE = 64          # documents per task


def _load_models_plugin():
    """A worker plugin that loads the models on every worker, when it starts or joins."""
    try:
        from distributed import WorkerPlugin
    except ImportError as err:
        raise ConfigError("the Dask engine needs dask.distributed: pip install "
                          "'corridorkg[dask]' on the client and on every worker") from err

    class LoadModels(WorkerPlugin):
        name = "corridorkg-load-models"

        def setup(self, worker) -> None:
            start_worker()

    return LoadModels()


def build_on_cluster(paths: Iterable[Path | str], *, store: TripleStore, scheduler: str | Client,
                     force: bool = False, progress: Progress | None = None,
                     batch_dir: Path | None = None, batch_size: int = BATCH_SIZE,
                     bulk: bool = False) -> BuildReport:
    """Build (or update) the store from the documents under ``paths``, extracting on a cluster.

    Args:
        paths: files and folders of articles (.txt, .jsonl), read by this process.
        store: where the graph goes (embedded store or SPARQL endpoint).
        scheduler: the scheduler's address (``"tcp://host:8786"``) or a ``distributed.Client``.
        force: rebuild documents whose content is unchanged too.
        progress: wraps the document iterator (e.g. ``tqdm``).
        batch_dir: keep each batch's N-Quads in this folder.
        batch_size: documents per task.
        bulk: add new documents with the embedded store's bulk loader (see
            :func:`corridorkg.pipeline.build`).

    Returns:
        the same report as :func:`corridorkg.pipeline.build`; ``jobs`` is the number of worker
        threads of the cluster, and documents are listed in the order their batches finished.

    Raises:
        ConfigError: dask.distributed is not installed, or the scheduler cannot be reached.
        StoreError: the store failed, or a batch file cannot be written.
    """
    plugin = _load_models_plugin()
    from distributed import Client, as_completed

    started = time.perf_counter()
    owns_client = not isinstance(scheduler, Client)
    try:
        client = Client(scheduler, timeout="30s") if owns_client else scheduler
    except (OSError, TimeoutError) as err:
        raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {err}; start it with "
                          "`dask scheduler` and check the address") from err
    try:
        client.register_plugin(plugin)
        report = BuildReport(jobs=max(1, sum(client.nthreads().values())))
        gazetteer = load_gazetteer()
        load_curated_data(store)
        documents = read_documents(paths, errors=report.failed,
                                   known_words=gazetteer.known_words)
        todo = changed_documents(progress(documents) if progress else documents, store=store,
                                 force=force, report=report)
        writer = GraphWriter(store, report, bulk=bulk)
        if batch_dir is not None:
            batch_dir.mkdir(parents=True, exist_ok=True)
        limit = 2 * report.jobs
        done = as_completed()
        sent: dict[str, tuple[int, list[Document]]] = {}
        numbered = enumerate(iter(lambda: list(islice(todo, batch_size)), []), start=1)
        for number, batch in numbered:
            future = client.submit(extract_batch, batch, pure=False)
            sent[future.key] = number, batch
            done.add(future)
            while done.count() >= limit:
                _collect(next(done), sent, writer, batch_dir)
        for future in done:
            _collect(future, sent, writer, batch_dir)
    finally:
        if owns_client:
            client.close()
    report.seconds = time.perf_counter() - started
    return report


def _collect(future, sent: dict[str, tuple[int, list[Document]]], writer: GraphWriter,
             batch_dir: Path | None) -> None:
    """Write a finished batch; a batch the cluster could not run (its workers kept dying, say)
    has each of its documents reported as failed."""
    number, documents = sent.pop(future.key)
    try:
        results = future.result()
    except Exception as err:  # noqa: BLE001 - KilledWorker, a lost connection, ...: per document
        for document in documents:
            writer.report.failed.append(InputError(
                f"the cluster could not extract this document's batch ({type(err).__name__}: "
                f"{err})", path=document.source,
                hint="build it alone with --jobs 1 to see what goes wrong"))
        return
    for result in results:
        if result.error is not None:
            writer.report.failed.append(result.error)
    results = [result for result in results if result.error is None]
    if batch_dir is not None:
        stem = batch_dir / f"batch-{number:06d}"
        try:
            stem.with_suffix(".nq").write_bytes(b"".join(r.nquads for r in results))
            stem.with_suffix(".hashes.nq").write_bytes(b"".join(r.marker for r in results))
        except OSError as err:
            raise StoreError(f"cannot write batch {number} to {batch_dir}: {err}; "
                             "check the folder and the free space") from err
    writer.write(results)
