"""Validate a store or a dataset graph by graph, in parallel, then across graphs.

A store holds the ontology and the reference data (graph:ontology, graph:reference) and one
named graph per document. Validating all of it as one graph costs time that grows faster than
the store; instead:

1. the curated pass: graph:reference with the ontology, every shape but the cross-graph ones;
2. one pass per other named graph: that graph together with the reference data and the
   ontology (what its facts point at is typed there), every shape but the cross-graph ones,
   with the graph's own subjects as the only focus nodes, so nothing is checked twice;
3. the cross-graph pass: what all graphs say about the entities (types, labels), with the
   shapes typed ``shape:CrossGraphShape`` only.

Passes 1 and 2 run in ``jobs`` worker processes; each worker reads the curated graphs once and
is then sent one graph at a time as N-Triples text. A store is read as a stream: its dump is
written to a temporary file and read back one graph at a time, a bounded number of graphs is in
flight to the workers, and what the cross-graph pass needs is merged as results come back, so
memory grows with the entities described, not with the size of the store.
"""
from __future__ import annotations

import os
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from .. import resources
from ..errors import InputError, StoreError
from ..vocab import CKG, GRAPH, ID, ONTOLOGY_GRAPH, ONTOLOGY_IRI, REFERENCE_GRAPH
from .report import Problem, ValidationReport
from .shacl import DataGraph, ShapeSet, check, default_ontology

__all__ = ["GraphText", "validate_graph_texts", "read_dataset", "read_store"]

_CURATED = (str(REFERENCE_GRAPH), str(ONTOLOGY_GRAPH))


@dataclass(frozen=True)
class GraphText:
    """One named graph as N-Triples text: cheap to send to a worker process."""

    name: str
    ntriples: str


@dataclass(frozen=True)
class _Curated:
    """The ontology and the reference data, and whether they are validated or only context."""

    ontology: str  # N-Triples
    reference: str
    validate: bool
    also: str = ""  # more context: the other files given with a hand-curated one


# --- reading graphs --------------------------------------------------------------------

def read_store(store, *, documents: Sequence[str] | None = None) -> tuple[Iterable[GraphText], _Curated]:
    """The named graphs of a store, read lazily: every one, or ``documents``' graphs.

    The curated graphs are read at once; the others are yielded one at a time as the returned
    iterable is consumed (from a dump on disk, or a graph at a time for ``documents``).

    Raises:
        InputError: a document id names no graph of the store.
        StoreError: the store cannot be read.
    """
    if documents is None:
        return _StoreDump.of_store(store).read()
    present = set(map(str, store.graphs()))
    wanted = [str(GRAPH[document]) for document in documents]
    missing = [document for document, name in zip(documents, wanted) if name not in present]
    if missing:
        raise InputError(f"no graph for document {', '.join(map(repr, missing))} in the store",
                         hint="list the stored documents with `corridorkg stats`")
    curated = _curated(*(_construct(store, name) if name in present else None for name in
                         (str(ONTOLOGY_GRAPH), str(REFERENCE_GRAPH))))
    texts = (GraphText(name, _construct(store, name)) for name in sorted(set(wanted)))
    return texts, curated


class _StoreDump:
    """A store's named graphs from its N-Quads dump, one graph at a time.

    An embedded store dumps each graph's quads together; an endpoint's dump may not. A first
    pass reads the curated graphs and checks that every other graph comes in one run; if one does
    not, the graphs are grouped in memory instead of streamed.
    """

    def __init__(self, path: Path, folder: tempfile.TemporaryDirectory | None = None):
        self.path = path
        self.folder = folder  # removed once the graphs are read

    @classmethod
    def of_store(cls, store) -> _StoreDump:
        folder = tempfile.TemporaryDirectory(prefix="corridorkg-validate-")
        path = Path(folder.name) / "store.nq"
        try:
            store.dump(path, format="nquads")
        except BaseException:
            folder.cleanup()
            raise
        return cls(path, folder)

    def _cleanup(self) -> None:
        if self.folder is not None:
            self.folder.cleanup()

    def read(self) -> tuple[Iterable[GraphText], _Curated]:
        curated: dict[str, list[str]] = {name: [] for name in _CURATED}
        finished: set[str] = set()
        current = None
        contiguous = True
        for name, line in self._lines():
            if name in curated:
                curated[name].append(line)
            elif name != current:
                contiguous = contiguous and name not in finished
                finished.add(name)
                current = name
        found = {name: "\n".join(lines) + "\n" if lines else None for name, lines in curated.items()}
        curated_graphs = _curated(found[str(ONTOLOGY_GRAPH)], found[str(REFERENCE_GRAPH)])
        if contiguous:
            return self._graphs(), curated_graphs
        grouped: dict[str, list[str]] = defaultdict(list)
        for name, line in self._lines():
            if name not in curated:
                grouped[name].append(line)
        self._cleanup()
        return [GraphText(name, "\n".join(grouped[name]) + "\n") for name in sorted(grouped)], curated_graphs

    def _graphs(self) -> Iterator[GraphText]:
        try:
            current, lines = None, []
            for name, line in self._lines():
                if name in _CURATED:
                    continue
                if name != current and lines:
                    yield GraphText(current, "\n".join(lines) + "\n")
                    lines = []
                current = name
                lines.append(line)
            if lines:
                yield GraphText(current, "\n".join(lines) + "\n")
        finally:
            self._cleanup()

    def _lines(self) -> Iterator[tuple[str, str]]:
        try:
            for quad in ox.parse(path=str(self.path), format=ox.RdfFormat.N_QUADS):
                name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) \
                    else str(DATASET_DEFAULT_GRAPH_ID)
                yield name, f"{quad.subject} {quad.predicate} {quad.object} ."
        except (OSError, SyntaxError) as err:
            raise StoreError(f"cannot read the store's dump {self.path}: {err}") from err


def read_dataset(dataset: Dataset) -> tuple[list[GraphText], _Curated]:
    """The named graphs of an rdflib Dataset (its default graph too, when it holds triples)."""
    graphs = {}
    for graph in dataset.graphs():
        if len(graph):
            graphs[str(graph.identifier)] = graph.serialize(format="nt")
    curated = _curated(graphs.pop(str(ONTOLOGY_GRAPH), None), graphs.pop(str(REFERENCE_GRAPH), None))
    return [GraphText(name, graphs[name]) for name in sorted(graphs)], curated


def _construct(store, name: str) -> str:
    result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
                         bindings={"g": URIRef(name)})
    return result.graph.serialize(format="nt")


def _curated(ontology: str | None, reference: str | None) -> _Curated:
    """The curated graphs found, else the project's files (then they are context, not checked)."""
    if ontology is None and reference is None:
        return _Curated(_project_ontology(), _project_reference(), validate=False)
    return _Curated(ontology if ontology is not None else _project_ontology(),
                    reference if reference is not None else "", validate=True)


def _project_ontology() -> str:
    return default_ontology().serialize(format="nt")


def _project_reference() -> str:
    graph = Graph()
    for path in resources.reference_files():
        graph.parse(path, format="turtle")
    return graph.serialize(format="nt")


# --- the passes ------------------------------------------------------------------------

class _GraphChecker:
    """Checks one graph at a time against the per-graph shapes, with the curated graphs as context.

    The context is read once; each graph's triples are added to it for its pass and removed
    after, so a worker validates thousands of graphs without copying the reference data. rdflib's
    memory store keeps an empty index entry for every node removed from it, so the context is
    rebuilt every ``REBUILD_EVERY`` graphs to keep a worker's memory flat.
    """

    REBUILD_EVERY = 200

    def __init__(self, curated: _Curated, shapes_ntriples: str | None):
        shapes = Graph().parse(data=shapes_ntriples, format="nt") if shapes_ntriples else None
        self.shapes = ShapeSet.of(shapes)
        self.ontology = Graph().parse(data=curated.ontology, format="nt")
        self.reference = Graph().parse(data=curated.reference, format="nt")
        self.also = Graph().parse(data=curated.also, format="nt") if curated.also else None
        self.entity_classes = {cls for cls in self.ontology.transitive_subjects(RDFS.subClassOf, CKG.Entity)}
        self._rebuild()

    def _rebuild(self) -> None:
        self.data = DataGraph()
        self.data += self.ontology
        self.data += self.reference
        if self.also is not None:
            self.data += self.also
        self.checked = 0

    def check_curated(self) -> list[Problem]:
        """The reference data and the ontology, every node in them, against every shape.

        The cross-graph shapes run here too: the cross-graph pass then needs to look only at the
        entities that other graphs describe.
        """
        index = _GraphIndex()
        index.add(str(ONTOLOGY_GRAPH), self.ontology)
        index.add(str(REFERENCE_GRAPH), self.reference)
        return check(self.data, self.shapes, which="all", graphs_of=index.graphs_of)

    def check_graph(self, graph_text: GraphText, *, vocabulary: bool) -> tuple[list[Problem], str]:
        """One named graph's problems, and its entity triples (for the cross-graph pass)."""
        if self.checked >= self.REBUILD_EVERY:
            self._rebuild()
        self.checked += 1
        graph = Graph().parse(data=graph_text.ntriples, format="nt")
        added = [triple for triple in graph if triple not in self.data]
        for triple in added:
            self.data.add(triple)
        try:
            focus = set(graph.subjects()) | ({ONTOLOGY_IRI} if vocabulary else set())
            graphs = (graph_text.name,)
            problems = check(self.data, self.shapes, which="per_graph", focus=focus,
                             graphs_of=lambda *_: graphs)
            if vocabulary:  # the check reads all the data: keep what this graph's nodes use
                own = {str(subject) for subject in graph.subjects()}
                problems = [problem for problem in problems
                            if problem.focus != str(ONTOLOGY_IRI) or problem.value in own]
        finally:
            for triple in added:
                self.data.remove(triple)
        return problems, _entity_triples(graph, self.entity_classes).serialize(format="nt")


def _entity_triples(graph: Graph, entity_classes: set[Node]) -> Graph:
    """The triples of ``graph`` about entities: what the cross-graph shapes read."""
    entities = {subject for subject, cls in graph.subject_objects(RDF.type) if cls in entity_classes}
    entities |= {subject for subject in graph.subjects() if str(subject).startswith(str(ID))}
    found = Graph()
    for entity in entities:
        for triple in graph.triples((entity, None, None)):
            found.add(triple)
    return found


class _GraphIndex:
    """Which named graphs hold the triples of a problem (for the curated and cross-graph passes)."""

    def __init__(self):
        self.by_property: dict[tuple[Node, Node], set[str]] = defaultdict(set)
        self.by_subject: dict[Node, set[str]] = defaultdict(set)

    def add(self, name: str, graph: Graph) -> None:
        for subject, predicate, _ in graph:
            self.by_property[subject, predicate].add(name)
            self.by_subject[subject].add(name)

    def graphs_of(self, focus: Node, path: Node | None, value: Node | None) -> tuple[str, ...]:
        found = (self.by_property.get((focus, path)) or self.by_property.get((value, path))
                 or self.by_subject.get(focus) or ())
        return tuple(sorted(found))


# worker processes: one _GraphChecker each, built by the pool's initializer
_WORKER: _GraphChecker | None = None


def _start_worker(curated: _Curated, shapes_ntriples: str | None) -> None:
    global _WORKER
    _WORKER = _GraphChecker(curated, shapes_ntriples)


def _check_curated_in_worker() -> list[Problem]:
    return _WORKER.check_curated()


def _check_graph_in_worker(graph_text: GraphText, vocabulary: bool) -> tuple[list[Problem], str]:
    return _WORKER.check_graph(graph_text, vocabulary=vocabulary)


def validate_graph_texts(graph_texts: Iterable[GraphText], curated: _Curated, *,
                         shapes: Graph | None = None, jobs: int = 1,
                         vocabulary: bool = False) -> ValidationReport:
    """Validate named graphs one by one against the curated graphs, then across graphs.

    Args:
        graph_texts: the graphs to validate (the curated ones excluded); read as they are needed.
        curated: the ontology and reference data; validated too when ``curated.validate``.
        shapes: the shapes graph; by default ontology/shapes.ttl.
        jobs: worker processes; 1 validates in this process, 0 or less uses every core.
        vocabulary: look for misspelt ckg: terms in every graph (hand-curated data).
    """
    started = time.perf_counter()
    shapes_ntriples = shapes.serialize(format="nt") if shapes is not None else None
    jobs = (os.cpu_count() or 1) if jobs <= 0 else jobs
    if isinstance(graph_texts, Sequence):
        jobs = min(jobs, len(graph_texts) + int(curated.validate))
    problems: list[Problem] = []
    names: list[str] = []
    across = _AcrossGraphs(curated, shapes)
    if jobs <= 1:
        checker = _GraphChecker(curated, shapes_ntriples)
        if curated.validate:
            problems += checker.check_curated()
        for graph_text in graph_texts:
            found, entities = checker.check_graph(graph_text, vocabulary=vocabulary)
            problems += found
            names.append(graph_text.name)
            across.add(graph_text.name, entities)
    else:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"),
                                 initializer=_start_worker,
                                 initargs=(curated, shapes_ntriples)) as pool:
            curated_future = pool.submit(_check_curated_in_worker) if curated.validate else None
            for name, (found, entities) in _bounded(pool, graph_texts, vocabulary, 4 * jobs):
                problems += found
                names.append(name)
                across.add(name, entities)
            if curated_future is not None:
                problems += curated_future.result()
    seen = {_identity(problem) for problem in problems}
    problems += [problem for problem in across.check()
                 if _identity(problem) not in seen]  # a reference entity's own problem, found again
    curated_names = ([name for name, text in ((str(REFERENCE_GRAPH), curated.reference),
                                              (str(ONTOLOGY_GRAPH), curated.ontology)) if text]
                     if curated.validate else [])
    return ValidationReport(problems=tuple(sorted(problems, key=Problem.sort_key)),
                            graphs=tuple(curated_names + sorted(names)),
                            seconds=time.perf_counter() - started)


def _bounded(pool: ProcessPoolExecutor, graph_texts: Iterable[GraphText], vocabulary: bool,
             limit: int) -> Iterator[tuple[str, tuple[list[Problem], str]]]:
    """Each graph's name and result as they come, with at most ``limit`` graphs in the pool."""
    pending: dict[Future, str] = {}
    for graph_text in graph_texts:
        pending[pool.submit(_check_graph_in_worker, graph_text, vocabulary)] = graph_text.name
        while len(pending) >= limit:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                yield pending.pop(future), future.result()
    for future in list(pending):
        yield pending.pop(future), future.result()


class _AcrossGraphs:
    """The cross-graph pass: what the graphs say about entities, merged as their results come.

    The cross-graph shapes then run on the entities the graphs describe, with all that is said of
    them, the reference data's statements about them included; the reference data's own entities
    are checked in the curated pass (or are context only).
    """

    def __init__(self, curated: _Curated, shapes: Graph | None):
        self.curated = curated
        self.shapes = shapes
        self.data = DataGraph()
        self.index = _GraphIndex()
        self.described: set[Node] = set()

    def add(self, name: str, entity_ntriples: str) -> None:
        graph = Graph().parse(data=entity_ntriples, format="nt")
        self.data += graph
        self.index.add(name, graph)
        self.described.update(graph.subjects())

    def check(self) -> list[Problem]:
        if not self.described:
            return []
        self.data.parse(data=self.curated.ontology, format="nt")
        reference = Graph().parse(data=self.curated.reference, format="nt")
        said = Graph()
        for entity in self.described:
            for triple in reference.triples((entity, None, None)):
                said.add(triple)
        self.data += said
        self.index.add(str(REFERENCE_GRAPH), said)
        return check(self.data, ShapeSet.of(self.shapes), which="cross_graph",
                     focus=self.described, graphs_of=self.index.graphs_of)


def _identity(problem: Problem) -> tuple:
    return (problem.focus, problem.shape, problem.constraint, problem.path, problem.value,
            problem.message)
