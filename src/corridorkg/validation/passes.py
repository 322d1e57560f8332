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
is then sent one graph at a time as N-Triples text.
"""
from __future__ import annotations

import os
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
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

def read_store(store, *, documents: Sequence[str] | None = None) -> tuple[list[GraphText], _Curated]:
    """The named graphs of a store: every one, or the curated graphs and ``documents``' graphs.

    Raises:
        InputError: a document id names no graph of the store.
        StoreError: the store cannot be read.
    """
    if documents is None:
        with tempfile.TemporaryDirectory(prefix="corridorkg-validate-") as folder:
            dump = Path(folder) / "store.nq"
            store.dump(dump, format="nquads")
            graphs = _group_quads(dump)
    else:
        present = set(map(str, store.graphs()))
        wanted = [str(GRAPH[document]) for document in documents]
        missing = [document for document, name in zip(documents, wanted) if name not in present]
        if missing:
            raise InputError(f"no graph for document {', '.join(map(repr, missing))} in the store",
                             hint="list the stored documents with `corridorkg stats`")
        graphs = {name: _construct(store, name) for name in (*_CURATED, *wanted) if name in present}
    curated = _curated(graphs.pop(str(ONTOLOGY_GRAPH), None), graphs.pop(str(REFERENCE_GRAPH), None))
    return [GraphText(name, graphs[name]) for name in sorted(graphs)], curated


def read_dataset(dataset: Dataset) -> tuple[list[GraphText], _Curated]:
    """The named graphs of an rdflib Dataset (its default graph too, when it holds triples)."""
    graphs = {}
    for graph in dataset.graphs():
        if len(graph):
            graphs[str(graph.identifier)] = graph.serialize(format="nt")
    curated = _curated(graphs.pop(str(ONTOLOGY_GRAPH), None), graphs.pop(str(REFERENCE_GRAPH), None))
    return [GraphText(name, graphs[name]) for name in sorted(graphs)], curated


def _group_quads(path: Path) -> dict[str, str]:
    lines: dict[str, list[str]] = defaultdict(list)
    try:
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
            name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) \
                else str(DATASET_DEFAULT_GRAPH_ID)
            lines[name].append(f"{quad.subject} {quad.predicate} {quad.object} .")
    except (OSError, SyntaxError) as err:
        raise StoreError(f"cannot read the store's dump {path}: {err}") from err
    return {name: "\n".join(graph) + "\n" for name, graph in lines.items()}


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
    after, so a worker validates thousands of graphs without copying the reference data.
    """

    def __init__(self, curated: _Curated, shapes_ntriples: str | None):
        shapes = Graph().parse(data=shapes_ntriples, format="nt") if shapes_ntriples else None
        self.shapes = ShapeSet.of(shapes)
        self.ontology = Graph().parse(data=curated.ontology, format="nt")
        self.reference = Graph().parse(data=curated.reference, format="nt")
        self.data = DataGraph()
        self.data += self.ontology
        self.data += self.reference
        if curated.also:
            self.data.parse(data=curated.also, format="nt")
        self.entity_classes = {cls for cls in self.ontology.transitive_subjects(RDFS.subClassOf, CKG.Entity)}

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


def validate_graph_texts(graph_texts: Sequence[GraphText], curated: _Curated, *,
                         shapes: Graph | None = None, jobs: int = 1,
                         vocabulary: bool = False) -> ValidationReport:
    """Validate named graphs one by one against the curated graphs, then across graphs.

    Args:
        graph_texts: the graphs to validate (the curated ones excluded).
        curated: the ontology and reference data; validated too when ``curated.validate``.
        shapes: the shapes graph; by default ontology/shapes.ttl.
        jobs: worker processes; 1 validates in this process, 0 or less uses every core.
        vocabulary: look for misspelt ckg: terms in every graph (hand-curated data).
    """
    started = time.perf_counter()
    shapes_ntriples = shapes.serialize(format="nt") if shapes is not None else None
    jobs = (os.cpu_count() or 1) if jobs <= 0 else jobs
    jobs = min(jobs, len(graph_texts) + int(curated.validate))
    problems: list[Problem] = []
    entity_texts: list[tuple[str, str]] = []
    if jobs <= 1:
        checker = _GraphChecker(curated, shapes_ntriples)
        if curated.validate:
            problems += checker.check_curated()
        for graph_text in graph_texts:
            found, entities = checker.check_graph(graph_text, vocabulary=vocabulary)
            problems += found
            entity_texts.append((graph_text.name, entities))
    else:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"),
                                 initializer=_start_worker,
                                 initargs=(curated, shapes_ntriples)) as pool:
            curated_future = pool.submit(_check_curated_in_worker) if curated.validate else None
            futures = [(graph_text.name, pool.submit(_check_graph_in_worker, graph_text, vocabulary))
                       for graph_text in graph_texts]
            if curated_future is not None:
                problems += curated_future.result()
            for name, future in futures:
                found, entities = future.result()
                problems += found
                entity_texts.append((name, entities))
    seen = {_identity(problem) for problem in problems}
    problems += [problem for problem in _check_across_graphs(curated, entity_texts, shapes=shapes)
                 if _identity(problem) not in seen]  # a reference entity's own problem, found again
    names = ([name for name, text in ((str(REFERENCE_GRAPH), curated.reference),
                                      (str(ONTOLOGY_GRAPH), curated.ontology)) if text]
             if curated.validate else [])
    return ValidationReport(problems=tuple(sorted(problems, key=Problem.sort_key)),
                            graphs=tuple(names + [graph_text.name for graph_text in graph_texts]),
                            seconds=time.perf_counter() - started)


def _check_across_graphs(curated: _Curated, entity_texts: Iterable[tuple[str, str]], *,
                         shapes: Graph | None) -> list[Problem]:
    """The cross-graph shapes on the entities the graphs describe, with all that is said of them.

    What the reference data says about those entities is included; the reference data's own
    entities are checked in the curated pass (or are context only).
    """
    shape_set = ShapeSet.of(shapes)
    data = DataGraph()
    data.parse(data=curated.ontology, format="nt")
    index = _GraphIndex()
    described: set[Node] = set()
    for name, text in entity_texts:
        graph = Graph().parse(data=text, format="nt")
        data += graph
        index.add(name, graph)
        described |= set(graph.subjects())
    if not described:
        return []
    reference = Graph().parse(data=curated.reference, format="nt")
    said = Graph()
    for entity in described:
        for triple in reference.triples((entity, None, None)):
            said.add(triple)
    data += said
    index.add(str(REFERENCE_GRAPH), said)
    return check(data, shape_set, which="cross_graph", focus=described, graphs_of=index.graphs_of)


def _identity(problem: Problem) -> tuple:
    return (problem.focus, problem.shape, problem.constraint, problem.path, problem.value,
            problem.message)
