"""The build: documents → mentions → entities → facts → triples → store.

The only module that imports every stage. One document's failure is recorded and the build goes
on; nothing already stored is lost or half-written.

How a build runs:

* Documents are read one at a time. One whose content hash the store already holds is skipped
  (``force`` rebuilds it anyway).
* Extraction runs in this process (``jobs=1``, or a corpus too small to pay for starting
  workers) or in ``jobs`` worker processes that load the models once each. Documents go to the
  workers in chunks of :data:`CHUNK_SIZE`, at most :data:`CHUNKS_IN_FLIGHT` chunks per worker at a
  time, so memory stays flat however large the corpus. A worker sends each document's named
  graph back as N-Quads (:class:`DocumentGraph`).
* :class:`GraphWriter` writes the graphs in batches of about :data:`BATCH_BYTES`. Documents the
  store has never held go in with their ``ckg:contentHash`` in one transaction per batch, so a
  build that dies leaves each of them whole or absent. A document the store already holds is
  replaced by ``replace_graph``, one transaction, so readers see the old graph or the new one,
  never a mix.
* ``bulk=True`` trades that for speed on first builds of big corpora: new documents go in with
  pyoxigraph's bulk loader (2.4 times faster than a transaction at 10k articles, when cores are
  to spare: bench/RESULTS.md) and
  their content hashes after each batch, in a transaction of their own. A build that dies
  meanwhile can leave new graphs without their hash, or incomplete, until the next build, which
  sees them as changed and replaces them whole.

:func:`corridorkg.distributed.build_on_cluster` runs the same extraction on a Dask cluster.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import time
import traceback
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef

from . import vocab
from .documents import Document, read_documents
from .errors import ConfigError, CorridorKGError, InputError, StoreError
from .facts import Extraction, extract_facts
from .linking import link_mentions, load_gazetteer
from .mentions import analyse, english_nlp, russian_nlp
from .store import EmbeddedStore, TripleStore, load_curated_data
from .store.results import from_oxigraph, to_oxigraph
from .triples import facts_to_graph, facts_to_triples, graph_iri

__all__ = ["BuildReport", "DocumentGraph", "ExtractionPool", "GraphWriter", "available_cores",
           "build", "changed_documents", "document_graph", "extract_batch", "extract_document",
           "extract_graph", "find_missing_documents", "remove_documents", "serialise_graph",
           "start_worker", "stored_documents"]

Progress = Callable[[Iterable[Document]], Iterable[Document]]

CHUNK_SIZE = 8              # documents per task sent to a worker
CHUNKS_IN_FLIGHT = 2        # tasks per worker queued or running at any time
BATCH_BYTES = 16 << 20      # N-Quads written to the store per batch
_WORD = re.compile(r"\w+")
_CURATED_GRAPHS = {vocab.ONTOLOGY_GRAPH, vocab.REFERENCE_GRAPH, vocab.SHAPES_GRAPH}


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)       # document ids written to the store
    unchanged: list[str] = field(default_factory=list)   # skipped: same content as stored
    failed: list[CorridorKGError] = field(default_factory=list)   # bad input: not stored
    degraded: list[str] = field(default_factory=list)  # stored, but a stage failed (see warnings)
    warnings: list[str] = field(default_factory=list)  # input guessed or repaired (Document)
    triples: int = 0
    facts: dict[str, int] = field(default_factory=dict)  # fact kind -> count (built documents)
    words: int = 0          # words in the built documents
    jobs: int = 1           # extraction processes used (1: this process)
    seconds: float = 0.0    # wall-clock time of the build

    @property
    def ok(self) -> bool:
        return not self.failed


# --- extraction (in this process or in a worker) -------------------------------------------------

def extract_document(document: Document) -> Extraction:
    """Run every extraction stage on one document."""
    return extract_facts(link_mentions(analyse(document)))


def _degraded_extraction(document: Document) -> Extraction:
    """Entities without facts, or the bare document, when a later stage fails on it."""
    try:
        return Extraction(link_mentions(analyse(document)))
    except Exception:  # noqa: BLE001 - still store the document itself
        from .linking import Linked
        from .mentions import Analysis
        return Extraction(Linked(Analysis(document, (), (), ()), []))


def document_graph(document: Document) -> Graph:
    """The named-graph content of one document."""
    return facts_to_graph(extract_document(document))


@dataclass(frozen=True)
class DocumentGraph:
    """One document's extraction as it travels from a worker to the store.

    ``nquads`` holds the document's named graph except its ``ckg:contentHash`` triple, which is
    in ``marker``: written last, the hash marks the document as built. When ``error`` is set
    there is nothing to store.
    """

    id: str
    source: str
    nquads: bytes = b""
    marker: bytes = b""
    triples: int = 0
    facts: tuple[tuple[str, int], ...] = ()   # fact kind -> count
    words: int = 0
    warning: str | None = None                # the extraction degraded: see BuildReport.degraded
    error: CorridorKGError | None = None

    @property
    def graph_iri(self) -> URIRef:
        return graph_iri(self.id)

    def graph(self) -> Graph:
        """The triples as an rdflib Graph (for stores without a bulk loader)."""
        graph = Graph()
        for quad in ox.parse(self.nquads + self.marker, format=ox.RdfFormat.N_QUADS):
            graph.add((from_oxigraph(quad.subject), from_oxigraph(quad.predicate),
                       from_oxigraph(quad.object)))
        return graph


def extract_graph(document: Document) -> DocumentGraph:
    """Extract one document and serialise its named graph as N-Quads.

    A CorridorKGError (bad input, missing model) gives a DocumentGraph holding the error; a bug
    in a later stage gives the document's entities without facts, with a warning.
    """
    warning = None
    try:
        extraction = extract_document(document)
    except CorridorKGError as err:
        return DocumentGraph(document.id, document.source, error=err)
    except Exception as err:  # an extractor bug must not lose the document or stop the batch
        extraction = _degraded_extraction(document)
        where = traceback.extract_tb(err.__traceback__)[-1]
        warning = (f"{document.source}: fact extraction failed ({type(err).__name__}: {err} at "
                   f"{Path(where.filename).name}:{where.lineno}); stored its entities only — "
                   "please report this document")
    try:
        nquads, marker, triples = serialise_graph(facts_to_triples(extraction), document.id)
    except ValueError as err:
        return DocumentGraph(document.id, document.source, error=StoreError(
            f"{document.source}: cannot store the graph of document {document.id!r}: {err}; "
            "fix the term (IRIs must not contain spaces, <, > or quotes)"))
    facts = Counter(type(fact).__name__ for fact in extraction.facts)
    return DocumentGraph(document.id, document.source, nquads, marker, triples,
                         tuple(sorted(facts.items())), len(_WORD.findall(document.text)), warning)


def extract_batch(documents: Sequence[Document]) -> list[DocumentGraph]:
    """:func:`extract_graph` on each document: the task a worker runs."""
    return [extract_graph(document) for document in documents]


def serialise_graph(graph: Iterable[tuple], doc_id: str) -> tuple[bytes, bytes, int]:
    """A document's graph as N-Quads in its named graph: (graph less its content hash, the
    content-hash quad, number of triples).

    Terms are written by pyoxigraph (escaped and checked there); blank nodes get labels unique
    to the document, so that documents loaded together keep their blank nodes apart.

    Raises:
        ValueError: a term is not valid RDF (an IRI with a space, say).
    """
    name = f" {ox.NamedNode(str(graph_iri(doc_id)))} .\n"
    prefix = "b" + hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:16] + "x"
    rendered: dict[object, str] = {}

    def render(term) -> str:
        text = rendered.get(term)
        if text is None:
            if isinstance(term, BNode):
                text = str(ox.BlankNode(f"{prefix}{len(rendered)}"))
            elif isinstance(term, URIRef):
                text = str(to_oxigraph(term))
            else:  # literals are mostly distinct: not worth remembering
                return str(to_oxigraph(term))
            rendered[term] = text
        return text

    body, marker = [], []
    for s, p, o in graph:
        (marker if p == vocab.CKG.contentHash else body).append(
            f"{render(s)} {render(p)} {render(o)}{name}")
    return "".join(body).encode("utf-8"), "".join(marker).encode("utf-8"), len(body) + len(marker)


def start_worker() -> None:
    """Load the models and the gazetteer once, when a worker process starts.

    Each worker runs one extraction at a time, so its linear algebra gets one thread (set before
    numpy loads): several threads per worker on cores the other workers use only slow them down.
    A model that cannot load is left for the first document to report.
    """
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    try:
        load_gazetteer()
        english_nlp()
        russian_nlp()
    except Exception:  # noqa: BLE001 - reported per document by extract_graph
        pass


def available_cores() -> int:
    """The CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _extract_in_process(documents: Iterable[Document]) -> Iterator[DocumentGraph]:
    for document in documents:
        yield extract_graph(document)


class ExtractionPool:
    """Worker processes that load the models once each and extract chunks of documents.

    The workers start, and load their models, as soon as the pool is made, so that this process
    can do other work (load the curated data) meanwhile. ``task`` is what a worker runs on a
    chunk (a module-level function, so that it can be sent to the worker).
    """

    def __init__(self, jobs: int, *,
                 task: Callable[[list[Document]], list[DocumentGraph]] = extract_batch):
        self.jobs = jobs
        self.task = task
        self._limit = CHUNKS_IN_FLIGHT * jobs
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        # spawn, not fork: this process holds an open store and library threads a fork copies
        pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=start_worker)
        for _ in range(self.jobs):   # one process is spawned per task submitted to a busy pool
            pool.submit(start_worker)
        return pool

    def extract(self, documents: Iterable[Document]) -> Iterator[DocumentGraph]:
        """Extract ``documents``, yielding the results in the order of the documents.

        At most CHUNKS_IN_FLIGHT chunks per worker are queued or running. A worker that dies
        (killed for memory, a crash in a model) takes the documents in flight with it: they
        are reported as failed, and new workers carry on with the rest.
        """
        documents = iter(documents)
        chunks = iter(lambda: list(islice(documents, CHUNK_SIZE)), [])
        in_flight: deque[tuple[Future, list[Document]]] = deque()
        try:
            for chunk in chain(chunks, [None]):
                if chunk is not None:
                    in_flight.append((self._pool.submit(self.task, chunk), chunk))
                while in_flight and (chunk is None or len(in_flight) >= self._limit):
                    future, sent = in_flight.popleft()
                    try:
                        yield from future.result()
                    except BrokenProcessPool as err:
                        lost = [sent] + [waiting for _, waiting in in_flight]
                        in_flight.clear()
                        self._pool.shutdown(wait=False, cancel_futures=True)
                        self._pool = self._start()
                        for document in chain.from_iterable(lost):
                            yield DocumentGraph(document.id, document.source, error=InputError(
                                f"a worker process died while extracting this document ({err})",
                                path=document.source,
                                hint="build it alone with --jobs 1 to see what goes wrong"))
        finally:
            for future, _ in in_flight:
                future.cancel()

    def close(self) -> None:
        """Stop the workers (after the task each is running)."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


# --- writing ------------------------------------------------------------------------------------

class GraphWriter:
    """Writes document graphs to a store and accounts for them in a :class:`BuildReport`.

    Documents the store has never held go in with their content hashes in one transaction per
    batch (with ``bulk``: the bulk loader, then the hashes); the others are replaced one by one
    with ``replace_graph`` (see the module docstring). A store without a batch loader (a SPARQL
    endpoint) gets ``replace_graph`` for every document.
    """

    def __init__(self, store: TripleStore, report: BuildReport, *,
                 batch_bytes: int = BATCH_BYTES, bulk: bool = False):
        self.store = store
        self.report = report
        self.batch_bytes = batch_bytes
        self.bulk = bulk
        self._batched = isinstance(store, EmbeddedStore)
        self._held = set(store.graphs())
        self._pending: list[DocumentGraph] = []
        self._size = 0

    def add(self, result: DocumentGraph) -> None:
        """Queue one document's graph; a full batch is written at once."""
        if result.error is not None:
            self.report.failed.append(result.error)
            return
        self._pending.append(result)
        self._size += len(result.nquads)
        if self._size >= self.batch_bytes:
            self.flush()

    def flush(self) -> None:
        """Write what is queued."""
        batch, self._pending, self._size = self._pending, [], 0
        self.write(batch)

    def write(self, batch: Sequence[DocumentGraph]) -> None:
        """Write a batch of document graphs now.

        Raises:
            StoreError: the store failed; documents of the batch not yet accounted for in the
                report may be missing from the store (never half there with a hash).
        """
        fresh = [result for result in batch
                 if self._batched and result.graph_iri not in self._held]
        if fresh and self.bulk:
            # the bulk loader is not atomic: the hashes, which mark documents as built, go last
            self.store.load_nquads(b"".join(result.nquads for result in fresh), bulk=True)
            self.store.load_nquads(b"".join(result.marker for result in fresh))
        elif fresh:
            # graphs and their content hashes in one transaction: a kill leaves each document
            # of the batch whole or absent
            self.store.load_nquads(b"".join(result.nquads + result.marker for result in fresh))
        fresh_ids = {result.id for result in fresh}
        for result in batch:
            if result.id not in fresh_ids:
                self.store.replace_graph(result.graph_iri, result.graph())
            self._held.add(result.graph_iri)
            self._account(result)
        if self._batched and batch:
            self.store.flush()   # else RocksDB's memory tables grow with the store

    def _account(self, result: DocumentGraph) -> None:
        report = self.report
        report.built.append(result.id)
        report.triples += result.triples
        report.words += result.words
        for kind, count in result.facts:
            report.facts[kind] = report.facts.get(kind, 0) + count
        if result.warning:
            report.degraded.append(result.warning)


# --- the build ----------------------------------------------------------------------------------

def build(paths: Iterable[Path | str], *, store: TripleStore, force: bool = False,
          progress: Progress | None = None, jobs: int | None = 1,
          bulk: bool = False) -> BuildReport:
    """Build (or update) the store from the documents under ``paths``.

    Args:
        paths: files and folders of articles (.txt, .jsonl).
        store: where the graph goes; the ontology and reference data are (re)loaded into it.
        force: rebuild documents whose content is unchanged too.
        progress: wraps the document iterator (e.g. ``tqdm``) to show progress.
        jobs: extraction processes; ``None`` for one per available core. Fewer documents than
            a few chunks per worker are extracted in this process, which is quicker than
            starting workers.
        bulk: add new documents with the embedded store's bulk loader: faster, but a build that
            dies meanwhile can leave new documents incomplete until the next build (see the
            module docstring).

    Returns:
        what was built, skipped and failed; failures do not stop the build.

    Raises:
        ConfigError: ``jobs`` is less than 1.
        StoreError: the store failed (documents written before stay written).
    """
    started = time.perf_counter()
    jobs = available_cores() if jobs is None else jobs
    if jobs < 1:
        raise ConfigError(f"jobs must be at least 1, not {jobs}")
    report = BuildReport()
    gazetteer = load_gazetteer()
    documents = read_documents(paths, errors=report.failed, known_words=gazetteer.known_words)
    todo = changed_documents(progress(documents) if progress else documents, store=store,
                             force=force, report=report)
    pool = None
    if jobs > 1:  # workers cost a few seconds to start: worth it for a few chunks each
        head = list(islice(todo, 2 * CHUNK_SIZE * jobs))
        todo = chain(head, todo)
        if len(head) == 2 * CHUNK_SIZE * jobs:
            pool = ExtractionPool(jobs)   # its workers load the models while this process goes on
    report.jobs = pool.jobs if pool else 1
    try:
        load_curated_data(store)
        writer = GraphWriter(store, report, bulk=bulk)
        results = pool.extract(todo) if pool else _extract_in_process(todo)
        with closing(results):
            for result in results:
                writer.add(result)
        writer.flush()
    finally:
        if pool:
            pool.close()
    report.seconds = time.perf_counter() - started
    return report


def changed_documents(documents: Iterable[Document], *, store: TripleStore, force: bool,
                      report: BuildReport) -> Iterator[Document]:
    """The documents whose content hash differs from the stored one (all of them with
    ``force``); the others are listed in ``report.unchanged``. What was guessed or repaired in
    reading the documents to build goes to ``report.warnings``."""
    stored = {} if force else store.document_hashes()
    for document in documents:
        if stored.get(document.id) == document.content_hash:
            report.unchanged.append(document.id)
        else:
            report.warnings.extend(document.warnings)
            yield document


# --- removing documents -------------------------------------------------------------------------

def stored_documents(store: TripleStore) -> list[str]:
    """Identifiers of the documents that have a named graph in the store."""
    prefix = str(vocab.GRAPH)
    return [str(name)[len(prefix):] for name in store.graphs()
            if str(name).startswith(prefix) and name not in _CURATED_GRAPHS]


def remove_documents(doc_ids: Iterable[str], *, store: TripleStore) -> list[str]:
    """Drop the named graphs of documents; returns the ids that were in the store.

    Each graph is dropped in one transaction; ids the store does not hold are left out of the
    result.
    """
    held = set(stored_documents(store))
    removed = []
    for doc_id in doc_ids:
        if doc_id in held:
            store.drop_graph(graph_iri(doc_id))
            held.discard(doc_id)
            removed.append(doc_id)
    return removed


def find_missing_documents(paths: Iterable[Path | str], *, store: TripleStore) -> list[str]:
    """Ids of the stored documents that are no longer among the documents under ``paths``.

    Raises:
        InputError: a file under ``paths`` cannot be read, so which documents it holds is
            unknown (the first such error; nothing is reported missing then).
    """
    present = {document.id for document in read_documents(paths)}
    return sorted(doc_id for doc_id in stored_documents(store) if doc_id not in present)
