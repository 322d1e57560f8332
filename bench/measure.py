"""One measurement per call, run in a fresh process by run_bench.py (which samples its memory).

    python bench/measure.py STEP '{"arg": value, ...}'

prints the result as one line of JSON. Steps:

build        pipeline.build() on a corpus (a fresh store, or an existing one to re-build)
nlp          the bare NLP models on the same texts, in the same pool shape as the build
profile      cProfile of the per-document path (in-process build), by stage and by function
spacy        what spaCy batching (nlp.pipe) and dropping unused components would save
remove       find_missing_documents + remove_documents
export       the document graphs of a store as N-Quads, grouped by graph
replicate    N-Quads of n documents -> N-Quads of k*n documents (ids and content hashes renamed)
load         N-Quads into a fresh store: pyoxigraph bulk_load, the build's GraphWriter, or a
             transactional Store.load
query        every library query on a store (pyoxigraph) or in rdflib's in-memory Dataset
validate     SHACL validation: validate_graph on one merged graph, or validate_store graph by graph
distributed  build_on_cluster on a LocalCluster
"""
from __future__ import annotations

import cProfile
import json
import multiprocessing
import pstats
import shutil
import signal
import statistics
import sys
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from pathlib import Path

STEPS = {}


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (pool workers, once the pool
    is shut down): robust to other load on a shared machine, unlike wall-clock time."""
    import resource
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def step(function):
    STEPS[function.__name__.replace("_", "-")] = function
    return function


# --- extraction -------------------------------------------------------------------------------

@step
def build(*, corpus: str, store: str, jobs: int, fresh: bool = True, force: bool = False,
          bulk: bool = False) -> dict:
    from corridorkg.pipeline import build as run_build
    from corridorkg.store import open_store
    if fresh:
        shutil.rmtree(store, ignore_errors=True)
    with open_store(store) as kg:
        cpu = cpu_seconds()
        report = run_build([corpus], store=kg, jobs=jobs, force=force, bulk=bulk)
        cpu = cpu_seconds() - cpu
        total = kg.count()
    return {"built": len(report.built), "unchanged": len(report.unchanged),
            "failed": len(report.failed), "degraded": len(report.degraded),
            "triples_written": report.triples, "store_triples": total, "words": report.words,
            "seconds": report.seconds, "cpu_seconds": cpu, "jobs": report.jobs,
            "facts": report.facts}


def _nlp_start() -> None:
    """The models alone (a build's worker loads the gazetteer too: that counts as overhead)."""
    import os
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")     # as pipeline.start_worker does
    from corridorkg.mentions import english_nlp, russian_nlp
    english_nlp()
    russian_nlp()


def _nlp_batch(batch: list[tuple[str, str]]) -> int:
    """The models exactly as mentions.py calls them, and nothing else."""
    from natasha import Doc

    from corridorkg.mentions import english_nlp, russian_nlp, soften_line_breaks
    for text, lang in batch:
        if lang in ("ru", "kk"):
            segmenter, morph_tagger, ner_tagger, _ = russian_nlp()
            doc = Doc(text)
            doc.segment(segmenter)
            doc.tag_morph(morph_tagger)
            doc.tag_ner(ner_tagger)
        else:
            english_nlp()(soften_line_breaks(text))
    return len(batch)


@step
def nlp(*, corpus: str, jobs: int) -> dict:
    """The bare models over the corpus's texts: same pool, chunks and in-flight bound as the build."""
    from corridorkg.documents import read_documents
    from corridorkg.linking import load_gazetteer
    from corridorkg.pipeline import CHUNK_SIZE, CHUNKS_IN_FLIGHT
    known = load_gazetteer().known_words
    texts = [(d.text, d.lang) for d in read_documents([corpus], known_words=known)]
    words = sum(len(text.split()) for text, _ in texts)
    cpu = cpu_seconds()
    started = time.perf_counter()
    if jobs == 1:
        _nlp_start()
        done = _nlp_batch(texts)
    else:
        done = 0
        chunks = iter(texts)
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_nlp_start) as pool:
            in_flight = deque()
            for chunk in iter(lambda: list(islice(chunks, CHUNK_SIZE)), []):
                in_flight.append(pool.submit(_nlp_batch, chunk))
                while len(in_flight) >= CHUNKS_IN_FLIGHT * jobs:
                    done += in_flight.popleft().result()
            while in_flight:
                done += in_flight.popleft().result()
    return {"documents": done, "words": words, "seconds": time.perf_counter() - started,
            "cpu_seconds": cpu_seconds() - cpu, "jobs": jobs}


# where the time of the per-document path goes: (stage, profile entries whose cumulative time
# it is, entries subtracted from it)
STAGES = [
    ("read documents (JSONL, repair, lost letters, hash)", ["documents.py:read_documents"], []),
    ("NLP models: spaCy (English)", ["spacy/language.py:__call__"], []),
    ("NLP models: natasha (Russian)", ["natasha/doc.py:segment", "natasha/doc.py:tag_morph",
                                       "natasha/doc.py:tag_ner"], []),
    ("mentions.py around the models (tokens, lemmas, sentences, spans)",
     ["mentions.py:analyse"], ["spacy/language.py:__call__", "natasha/doc.py:segment",
                               "natasha/doc.py:tag_morph", "natasha/doc.py:tag_ner"]),
    ("linking.py link_mentions", ["linking.py:link_mentions"], []),
    ("facts/ extract_facts", ["facts/__init__.py:extract_facts"], []),
    ("triples.py facts_to_triples", ["triples.py:facts_to_triples"], []),
    ("pipeline.py serialise_graph (N-Quads)", ["pipeline.py:serialise_graph"], []),
    ("store writes (GraphWriter.write)", ["pipeline.py:write"], []),
    ("curated data (load_curated_data, once per build)", ["store/__init__.py:load_curated_data"],
     []),
    ("unchanged check (document_hashes, graphs)", ["embedded.py:document_hashes",
                                                    "embedded.py:graphs"], []),
]


def _cumulative(stats: pstats.Stats, keys: list[str]) -> float:
    total = 0.0
    for (filename, _, name), (_, _, _, cumulative, _) in stats.stats.items():
        for key in keys:
            file_key, function = key.rsplit(":", 1)
            if name == function and filename.replace("\\", "/").endswith(file_key):
                total += cumulative
    return total


class _Clock:
    """Wall-clock time spent in wrapped functions, by stage (no profiler: no distortion)."""

    def __init__(self):
        self.seconds: dict[str, float] = {}

    def wrap(self, stage: str, function):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started
        return timed


def _timed_stages(sample: Path, store: str) -> dict:
    """An in-process build with a clock around each stage and around the models themselves."""
    import natasha

    from corridorkg import mentions, pipeline
    from corridorkg.pipeline import build as run_build
    from corridorkg.store import open_store
    clock = _Clock()
    nlp = mentions.english_nlp()

    class TimedNLP:
        def __call__(self, text):
            return clock.wrap("NLP models: spaCy (English)", nlp)(text)

    patches = [(mentions, "english_nlp", lambda: TimedNLP())]
    for method in ("segment", "tag_morph", "tag_ner"):
        patches.append((natasha.Doc, method, clock.wrap("NLP models: natasha (Russian)",
                                                        getattr(natasha.Doc, method))))
    for name, stage in (("analyse", "mentions.analyse (models included)"),
                        ("link_mentions", "linking.link_mentions"),
                        ("extract_facts", "facts.extract_facts"),
                        ("facts_to_triples", "triples.facts_to_triples"),
                        ("serialise_graph", "pipeline.serialise_graph"),
                        ("load_curated_data", "store.load_curated_data"),
                        ("read_documents", "documents.read_documents (to first document)")):
        patches.append((pipeline, name, clock.wrap(stage, getattr(pipeline, name))))
    patches.append((pipeline.GraphWriter, "write",
                    clock.wrap("pipeline.GraphWriter.write", pipeline.GraphWriter.write)))
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in patches]
    for owner, name, value in patches:
        setattr(owner, name, value)
    try:
        shutil.rmtree(store, ignore_errors=True)
        with open_store(store) as kg:
            report = run_build([sample], store=kg, jobs=1)
    finally:
        for owner, name, value in saved:
            setattr(owner, name, value)
    seconds = clock.seconds
    models = seconds.get("NLP models: spaCy (English)", 0) + seconds.get(
        "NLP models: natasha (Russian)", 0)
    seconds["mentions.analyse around the models"] = \
        seconds.pop("mentions.analyse (models included)", 0) - models
    accounted = sum(seconds.values())
    seconds["rest (reading, hashing, bookkeeping)"] = report.seconds - accounted
    return {"documents": len(report.built), "seconds": report.seconds, "models": models,
            "stages": [{"stage": stage, "seconds": value, "share": value / report.seconds,
                        "ms_per_doc": 1000 * value / max(1, len(report.built))}
                       for stage, value in seconds.items()]}


@step
def profile(*, corpus: str, store: str, limit: int) -> dict:
    """The per-document path of an in-process build of the first ``limit`` documents (models
    loaded first, as a worker has them): wall-clock time by stage, then cProfile by function."""
    import os
    import tempfile

    from corridorkg.pipeline import build as run_build
    from corridorkg.pipeline import start_worker
    from corridorkg.store import open_store
    start_worker()
    sample = Path(tempfile.mkdtemp()) / "sample.jsonl"
    with open(corpus, encoding="utf-8") as source, open(sample, "w", encoding="utf-8") as out:
        out.writelines(islice(source, limit))
    timed = _timed_stages(sample, store)
    shutil.rmtree(store, ignore_errors=True)
    with open_store(store) as kg:
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        report = run_build([sample], store=kg, jobs=1)
        profiler.disable()
        wall = time.perf_counter() - started
    os.remove(sample)
    shutil.rmtree(store, ignore_errors=True)
    stats = pstats.Stats(profiler)
    total = _cumulative(stats, ["pipeline.py:build"])
    stages = []
    for label, keys, minus in STAGES:
        seconds = _cumulative(stats, keys) - _cumulative(stats, minus)
        stages.append({"stage": label, "seconds": seconds, "share": seconds / total,
                       "ms_per_doc": 1000 * seconds / max(1, len(report.built))})
    functions = []
    for (filename, line, name), (_, calls, own, cumulative, _) in stats.stats.items():
        if "/corridorkg/" in filename.replace("\\", "/"):
            functions.append({"function": f"{filename.split('/corridorkg/')[-1]}:{line}({name})",
                              "calls": calls, "own": own, "cumulative": cumulative,
                              "own_share": own / total})
    functions.sort(key=lambda f: -f["own"])
    return {"documents": len(report.built), "timed": timed, "seconds_profiled": total,
            "wall": wall, "stages": stages, "top_own": functions[:20]}


@step
def spacy(*, corpus: str, limit: int) -> dict:
    """The pipeline as mentions.py loads it (no tagger, attribute ruler or lemmatizer, whose
    output nothing reads) against the full one, each per document (as mentions.py calls it) and
    with nlp.pipe; checks that sentences and entities stay the same."""
    import spacy as spacy_lib

    from corridorkg.documents import read_documents
    from corridorkg.mentions import EN_MODEL, english_nlp, soften_line_breaks
    texts = [soften_line_breaks(d.text) for d in islice(
        (d for d in read_documents([corpus]) if d.lang == "en"), limit)]
    full = spacy_lib.load(EN_MODEL, exclude=["lemmatizer"])
    lean = english_nlp()

    def key(doc):
        return ([(s.start_char, s.end_char) for s in doc.sents],
                [(e.start_char, e.end_char, e.label_) for e in doc.ents])

    full(texts[0]), lean(texts[0])     # warm up
    timings, outputs = {}, {}
    for name, run in [("with tagger and attribute_ruler, nlp(text) per document",
                       lambda: [full(t) for t in texts]),
                      ("with tagger and attribute_ruler, nlp.pipe(texts, batch_size=32)",
                       lambda: list(full.pipe(texts, batch_size=32))),
                      ("as corridorkg loads it, nlp(text) per document (the build's way)",
                       lambda: [lean(t) for t in texts]),
                      ("as corridorkg loads it, nlp.pipe(texts, batch_size=32)",
                       lambda: list(lean.pipe(texts, batch_size=32)))]:
        started = time.perf_counter()
        docs = run()
        timings[name] = time.perf_counter() - started
        outputs[name] = [key(doc) for doc in docs]
    reference = outputs["with tagger and attribute_ruler, nlp(text) per document"]
    return {"documents": len(texts), "words": sum(len(t.split()) for t in texts),
            "seconds": timings,
            "same_output": {name: output == reference for name, output in outputs.items()}}


@step
def remove(*, corpus: str, store: str) -> dict:
    from corridorkg.pipeline import find_missing_documents, remove_documents
    from corridorkg.store import open_store
    started = time.perf_counter()
    with open_store(store) as kg:
        missing = find_missing_documents([corpus], store=kg)
        found = time.perf_counter() - started
        removed = remove_documents(missing, store=kg)
    return {"removed": len(removed), "seconds": time.perf_counter() - started,
            "find_seconds": found}


@step
def distributed(*, corpus: str, store: str, workers: int) -> dict:
    from dask.distributed import Client, LocalCluster

    from corridorkg.distributed import build_on_cluster
    from corridorkg.store import open_store
    shutil.rmtree(store, ignore_errors=True)
    started = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        cluster_up = time.perf_counter() - started
        with open_store(store) as kg:
            report = build_on_cluster([corpus], store=kg, scheduler=client)
    return {"built": len(report.built), "failed": len(report.failed), "words": report.words,
            "seconds": report.seconds, "cluster_start": cluster_up, "workers": workers}


# --- N-Quads and the store --------------------------------------------------------------------

GRAPH_PREFIX = "<https://w3id.org/corridorkg/graph/"
CURATED = ("<https://w3id.org/corridorkg/graph/ontology>",
           "<https://w3id.org/corridorkg/graph/reference>",
           "<https://w3id.org/corridorkg/graph/shapes>")
HASH_PREDICATE = "<https://w3id.org/corridorkg/ontology#contentHash>"


def _graph_of(line: str) -> str:
    return line[line.rindex(" <", 0, len(line) - 3) + 1: line.rindex(">") + 1]


def read_groups(path: str):
    """(graph term, lines) for each run of lines of one graph in an N-Quads file."""
    current, lines = None, []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            graph = _graph_of(line)
            if graph != current:
                if lines:
                    yield current, lines
                current, lines = graph, []
            lines.append(line)
    if lines:
        yield current, lines


@step
def export(*, store: str, out: str, curated_out: str) -> dict:
    """The document graphs of a store as N-Quads (grouped by graph), the curated ones apart."""
    import pyoxigraph as ox
    raw = out + ".all"
    ox.Store.read_only(store).dump(raw, ox.RdfFormat.N_QUADS)
    documents = triples = 0
    with open(out, "w", encoding="utf-8") as docs, open(curated_out, "w", encoding="utf-8") as cur:
        for graph, lines in read_groups(raw):
            if graph in CURATED:
                cur.writelines(lines)
            else:
                docs.writelines(lines)
                documents += 1
                triples += len(lines)
    Path(raw).unlink()
    return {"documents": documents, "triples": triples, "bytes": Path(out).stat().st_size}


@step
def replicate(*, source: str, out: str, copies: int, corpus: str | None = None) -> dict:
    """``copies`` renamed copies of every document graph in ``source``: copy c of document
    gen-00j becomes gen-{c*n + j}. With ``corpus``, each copy's content hash is set to that of
    the corpus document of the same id, so that the corpus re-builds as unchanged."""
    hashes: dict[str, str] = {}
    if corpus:
        from corridorkg.documents import read_documents
        from corridorkg.linking import load_gazetteer
        known = load_gazetteer().known_words
        hashes = {d.id: d.content_hash for d in read_documents([corpus], known_words=known)}
    groups = [(graph, lines) for graph, lines in read_groups(source)]
    n = len(groups)
    documents = triples = 0
    with open(out, "w", encoding="utf-8") as handle:
        for copy in range(copies):
            for graph, lines in groups:
                old = graph[len(GRAPH_PREFIX):-1]
                number = int(old.rsplit("-", 1)[1])
                new = f"gen-{copy * n + number:06d}"
                text = "".join(lines).replace(old, new)
                if new in hashes:
                    out_lines = []
                    for line in text.splitlines(keepends=True):
                        if HASH_PREDICATE in line:
                            head = line[:line.index(HASH_PREDICATE) + len(HASH_PREDICATE)]
                            line = f'{head} "{hashes[new]}" {GRAPH_PREFIX}{new}> .\n'
                        out_lines.append(line)
                    text = "".join(out_lines)
                handle.write(text)
                documents += 1
                triples += len(lines)
    return {"documents": documents, "triples": triples, "bytes": Path(out).stat().st_size}


@step
def load(*, nquads: str, store: str, mode: str, curated: str | None = None,
         keep: bool = False) -> dict:
    """Load N-Quads into a fresh store, and time it.

    ``bulk``: pyoxigraph's Store.bulk_load of the file. ``transactional``: Store.load of the
    file in one transaction. ``writer``: the build's GraphWriter (one transaction per batch),
    fed one document at a time as the workers feed it; only the time spent in the writer counts
    (reading the file does not). ``writer-bulk``: the same with ``bulk=True``.
    """
    import pyoxigraph as ox

    from corridorkg.pipeline import BuildReport, DocumentGraph, GraphWriter
    from corridorkg.store import open_store
    shutil.rmtree(store, ignore_errors=True)
    triples = 0
    if mode in ("bulk", "transactional"):
        raw = ox.Store(store)
        started = time.perf_counter()
        if mode == "bulk":
            raw.bulk_load(path=nquads, format=ox.RdfFormat.N_QUADS)
        else:
            raw.load(path=nquads, format=ox.RdfFormat.N_QUADS)
        raw.flush()
        seconds = time.perf_counter() - started
        triples = len(raw)
        wall = seconds
        del raw
    else:
        started = time.perf_counter()
        seconds = 0.0
        with open_store(store) as kg:
            report = BuildReport()
            writer = GraphWriter(kg, report, bulk=mode == "writer-bulk")
            for graph, lines in read_groups(nquads):
                doc_id = graph[len(GRAPH_PREFIX):-1]
                body = "".join(line for line in lines if HASH_PREDICATE not in line)
                marker = "".join(line for line in lines if HASH_PREDICATE in line)
                result = DocumentGraph(doc_id, nquads, body.encode(), marker.encode(), len(lines))
                clock = time.perf_counter()
                writer.add(result)
                seconds += time.perf_counter() - clock
            clock = time.perf_counter()
            writer.flush()
            seconds += time.perf_counter() - clock
            triples = report.triples
        wall = time.perf_counter() - started
    if curated:
        with open_store(store) as kg:
            kg.load_nquads(Path(curated))
    if not keep:
        shutil.rmtree(store, ignore_errors=True)
    return {"mode": mode, "triples": triples, "seconds": seconds, "wall": wall,
            "triples_per_second": triples / seconds}


# --- queries ------------------------------------------------------------------------------------

class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def library_queries() -> dict:
    """The library's queries by name ("who_met_whom", "tables/positions"), in library order."""
    from corridorkg.store.library import list_queries
    return {("tables/" if query.path.parent.name == "tables" else "") + query.name: query
            for query in list_queries()}


def library_cases(store_path: str) -> list[tuple[str, dict, str]]:
    """(query, bindings, label) to time: each library query as `corridorkg query NAME` runs it
    with no --param (its declared defaults bound; a query with a required parameter gets a
    typical value), then typical bindings picked from the store."""
    from rdflib import Literal, URIRef

    from corridorkg.errors import QueryError
    from corridorkg.store import open_store
    from corridorkg.store.library import bind_parameters

    kz = URIRef("https://w3id.org/corridorkg/id/country/KZ")
    aktau = URIRef("https://w3id.org/corridorkg/id/port/aktau")
    typical = {"corridors_through_place": {"place": aktau},
               "documents_mentioning_entity": {"entity": kz},
               "entities_by_name": {"name": Literal("aktau")},
               "post_holders_at_date": {"date": Literal("2023-06-01", datatype=URIRef(
                   "http://www.w3.org/2001/XMLSchema#date"))}}
    cases = []
    with open_store(store_path, read_only=True) as kg:
        for name, query in library_queries().items():
            try:
                bindings = bind_parameters(query, {}, kg)
                label = ", ".join(f"?{k} (default)" for k in bindings)
            except QueryError:       # a required parameter
                bindings = typical[name]
                label = ", ".join(f"?{k}" for k in bindings)
            cases.append((name, bindings, label))
        # a stored document with a measurement (the store may hold any subset of a corpus)
        fact = kg.query("PREFIX ckg: <https://w3id.org/corridorkg/ontology#> SELECT ?f ?doc "
                        "WHERE { ?f a ckg:Measurement ; ckg:extractedFrom/ckg:identifier ?doc }"
                        " ORDER BY ?doc ?f LIMIT 1").rows
        person = kg.query("PREFIX ckg: <https://w3id.org/corridorkg/ontology#> SELECT ?p "
                          "(COUNT(*) AS ?n) WHERE { ?m a ckg:Meeting ; ckg:participant ?p . "
                          "?p a ckg:Person } GROUP BY ?p ORDER BY DESC(?n) LIMIT 1").rows
    document = [{"doc": Literal(str(fact[0][1]))}] if fact else []
    bound = [(name, bindings) for name in ("entities_of_document", "tables/entities",
                                           "tables/measurements", "tables/positions")
             for bindings in document]
    bound += [("trade_by_country_pair_and_year", {"country": kz}),
              ("posts_by_country", {"country": kz}),
              ("corridor_places", {"corridor": URIRef(
                  "https://w3id.org/corridorkg/id/corridor/titr")})]
    if fact:
        bound.append(("fact_provenance", {"fact": fact[0][0]}))
    if person:
        bound.append(("who_met_whom", {"person": person[0][0]}))
    return cases + [(name, bindings, ", ".join(f"?{k}" for k in bindings))
                    for name, bindings in bound]


def _time_runs(run, *, budget: float, cap: float, max_runs: int) -> dict:
    """Run ``run(cap)`` -> (rows, seconds) at least 3 times and until ``budget`` seconds are
    spent (a run over ``cap / 3`` is not repeated); a run over ``cap`` is stopped."""
    times, rows, error = [], None, None
    spent = 0.0
    while len(times) < max_runs and (len(times) < 3 or spent < budget):
        try:
            rows, elapsed = run(cap)
        except _Timeout:
            error = f"> {cap:g} s (stopped)"
            break
        except Exception as err:
            error = f"{type(err).__name__}: {str(err)[:60]}"
            break
        times.append(elapsed)
        spent += elapsed
        if elapsed > cap / 3:
            break
    result = {"rows": rows, "runs": len(times), "error": error}
    if times:
        ordered = sorted(times)
        result["median"] = statistics.median(ordered)
        result["p95"] = ordered[min(len(ordered) - 1, int(0.95 * len(ordered) + 0.5) - 1)] \
            if len(ordered) > 1 else ordered[0]
    return result


def _query_worker(store: str, conn) -> None:
    """Answer (query, bindings) from ``conn`` on the store, sending (rows, seconds, error)."""
    from corridorkg.store import open_store
    kg = open_store(store, read_only=True)
    while True:
        request = conn.recv()
        if request is None:
            return
        text, bindings = request
        started = time.perf_counter()
        try:
            rows = len(kg.query(text, bindings=bindings or None).rows)
            conn.send((rows, time.perf_counter() - started, None))
        except Exception as err:  # noqa: BLE001 - reported as the query's error
            conn.send((None, 0.0, f"{type(err).__name__}: {str(err)[:60]}"))


class _OxigraphRunner:
    """EmbeddedStore.query in a worker process that is killed when a query overruns its cap:
    pyoxigraph evaluates inside one native call, which no signal interrupts."""

    def __init__(self, store: str):
        import multiprocessing
        self.store = store
        self.context = multiprocessing.get_context("spawn")
        self._start()

    def _start(self) -> None:
        self.conn, child = self.context.Pipe()
        self.process = self.context.Process(target=_query_worker, args=(self.store, child),
                                            daemon=True)
        self.process.start()

    def __call__(self, text: str, bindings: dict):
        def run(cap: float):
            self.conn.send((text, bindings))
            if not self.conn.poll(cap + 10):      # + the worker's start after a kill
                self.process.kill()
                self.process.join()
                self._start()
                raise _Timeout()
            rows, seconds, error = self.conn.recv()
            if error:
                raise RuntimeError(error)
            if seconds > cap:
                raise _Timeout()
            return rows, seconds
        return run

    def close(self) -> None:
        self.conn.send(None)
        self.process.join(timeout=10)


@step
def query(*, engine: str, store: str | None = None, nquads: list[str] | None = None,
          cases_from: str | None = None, budget: float = 20.0, cap: float = 120.0,
          max_runs: int = 20) -> dict:
    """Median and p95 latency of every library query, as `corridorkg query NAME` runs it (its
    defaults applied; a typical value for a required parameter), then with typical bindings.

    ``engine`` "oxigraph": corridorkg's EmbeddedStore.query on ``store`` (read-only), the
    library's own path, results converted to rdflib terms, in a worker process killed at
    ``cap``. ``engine`` "rdflib": an rdflib Dataset (union default graph) loaded from
    ``nquads``, queried with initBindings (stopped at ``cap`` by a signal).
    """
    queries = {name: query.text for name, query in library_queries().items()}
    cases = library_cases(cases_from or store)
    loaded = None
    if engine == "oxigraph":
        from corridorkg.store import open_store
        with open_store(store, read_only=True) as kg:
            triples = kg.count()
        runner = _OxigraphRunner(store)
    else:
        from rdflib import Dataset
        started = time.perf_counter()
        dataset = Dataset(default_union=True)
        for path in nquads:
            dataset.parse(path, format="nquads")
        loaded = time.perf_counter() - started
        triples = sum(1 for _ in dataset.quads((None, None, None, None)))

        def runner(text, bindings):
            def run(cap: float):
                signal.signal(signal.SIGALRM, _alarm)
                signal.setitimer(signal.ITIMER_REAL, cap)
                started = time.perf_counter()
                try:
                    rows = len(list(dataset.query(text, initBindings=bindings or None)))
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                return rows, time.perf_counter() - started
            return run
    results = []
    for name, bindings, label in cases:
        timing = _time_runs(runner(queries[name], bindings), budget=budget, cap=cap,
                            max_runs=max_runs)
        timing.update(query=name, bound=label)
        results.append(timing)
        print(json.dumps(timing), file=sys.stderr, flush=True)
    if engine == "oxigraph":
        runner.close()
    return {"engine": engine, "triples": triples, "load_seconds": loaded, "cap": cap,
            "results": results}


# --- validation ---------------------------------------------------------------------------------

@step
def validate(*, nquads: str | None = None, curated: str | None = None, documents: int = 0,
             store: str | None = None, jobs: int = 1) -> dict:
    """SHACL validation, timed.

    With ``nquads``: ``validate_graph`` on the first ``documents`` document graphs of the file
    and the curated graphs, all in one in-memory graph. With ``store``: ``validate_store`` (graph
    by graph, ``jobs`` processes) on the store, or on its first ``documents`` documents.
    """
    from corridorkg.validation import validate_graph, validate_store
    started = time.perf_counter()
    if store:
        from corridorkg.pipeline import stored_documents
        from corridorkg.store import open_store
        with open_store(store, read_only=True) as kg:
            ids = sorted(stored_documents(kg))
            chosen = ids[:documents] if documents else None
            report = validate_store(kg, documents=chosen, jobs=jobs)
            count = len(chosen) if chosen else len(ids)
            triples = None
    else:
        from rdflib import Dataset
        dataset = Dataset()
        dataset.parse(curated, format="nquads")
        lines: list[str] = []
        count = 0
        for _, group in read_groups(nquads):
            lines.extend(group)
            count += 1
            if count >= documents:
                break
        dataset.parse(data="".join(lines), format="nquads")
        triples = len(lines)
        started = time.perf_counter()
        report = validate_graph(dataset)
    return {"documents": count, "triples": triples, "counts": report.counts(),
            "validate_seconds": time.perf_counter() - started, "jobs": jobs if store else 1,
            "how": "store" if store else "whole"}


def main() -> None:
    name, arguments = sys.argv[1], json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    result = STEPS[name](**arguments)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
