"""Check graphs against the SHACL shapes in ontology/shapes.ttl.

Three entry points, from small to large:

- :func:`validate_graph`: one graph (or every graph of a Dataset taken together), every shape;
- :func:`validate_dataset`: a Dataset graph by graph (Turtle and TriG files given on the
  command line: hand-curated data);
- :func:`validate_store`: a store graph by graph, in parallel (see :mod:`.passes`).

The data are always validated together with the ontology (corridorkg.ttl and concepts.ttl), so
that a shape targeting ``ckg:Entity`` reaches every ``ckg:Port``, and, graph by graph, together
with the reference data, where the entities that facts point at are typed.

Only ``sh:Violation`` results make a graph non-conforming; warnings (a measurement without a
period, an ambassador without a host country) are reported but allowed. The report can be
written as text, JSON or JUnit XML (:class:`ValidationReport`).

Example::

    with open_store(path, read_only=True) as store:
        report = validate_store(store, jobs=4)
    print(report.text)
    report.raise_for_violations()   # or raise ShapeViolation carrying the report
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace

from rdflib import Dataset, Graph
from rdflib.graph import ConjunctiveGraph

from .passes import read_dataset, read_store, validate_graph_texts
from .report import SEVERITIES, Problem, ValidationReport
from .shacl import DataGraph, ShapeSet, check, default_ontology, load_ontology, load_shapes

__all__ = ["SEVERITIES", "Problem", "ValidationReport", "load_ontology", "load_shapes",
           "validate_dataset", "validate_graph", "validate_store"]


def validate_graph(graph: Graph | Dataset, *, shapes: Graph | None = None,
                   ontology: Graph | None = None) -> ValidationReport:
    """Validate a graph, or every named graph of a Dataset taken together, against every shape.

    Args:
        graph: the data; an ``rdflib.Dataset`` is validated as the union of all its graphs.
        shapes: the shapes graph; by default ontology/shapes.ttl.
        ontology: added to the data so that subclass targets work; by default the project's
            ontology and concept schemes. Pass an empty ``Graph()`` when the data already hold it.

    Returns:
        The report; ``conforms`` is False when at least one problem is a Violation.

    Raises:
        ConfigError: the shapes cannot be loaded (a malformed shape).
        ShapeViolation: pySHACL could not complete the validation.

    >>> validate_graph(Graph()).conforms      # the ontology's own concepts conform
    True
    """
    started = time.perf_counter()
    shape_set = ShapeSet.of(shapes)
    data = DataGraph()
    if isinstance(graph, ConjunctiveGraph):  # rdflib.Dataset is one: take every named graph
        for subject, predicate, obj, _ in graph.quads((None, None, None, None)):
            data.add((subject, predicate, obj))
    else:
        data += graph
    data += default_ontology() if ontology is None else ontology
    problems = check(data, shape_set, which="all")
    return ValidationReport(problems=tuple(sorted(problems, key=Problem.sort_key)),
                            seconds=time.perf_counter() - started)


def validate_dataset(dataset: Dataset, *, shapes: Graph | None = None,
                     jobs: int = 1) -> ValidationReport:
    """Validate a Dataset graph by graph: hand-curated Turtle or TriG, a store's dump.

    Each named graph (and the default graph, when it holds triples) is validated with the
    reference data and the ontology: the Dataset's own graph:reference and graph:ontology when it
    has them (they are then validated too, as in a store), else the project's, which are then
    context only, and so are the Dataset's other graphs: files of curated data may point at each
    other's nodes. Misspelt ckg: terms are looked for in every graph. Then the cross-graph shapes
    run on what all graphs say about the entities.

    Args:
        dataset: the data.
        shapes: the shapes graph; by default ontology/shapes.ttl.
        jobs: worker processes (1: this process; 0: one per core).
    """
    graph_texts, curated = read_dataset(dataset)
    if not curated.validate:  # files of curated data may point at each other's nodes
        curated = replace(curated, also="".join(graph_text.ntriples for graph_text in graph_texts))
    return validate_graph_texts(graph_texts, curated, shapes=shapes, jobs=jobs, vocabulary=True)


def validate_store(store, *, documents: Sequence[str] | None = None, shapes: Graph | None = None,
                   jobs: int = 1) -> ValidationReport:
    """Validate a store graph by graph: the curated graphs, each document's graph, then across graphs.

    Args:
        store: a :class:`~corridorkg.store.TripleStore` (embedded or a SPARQL endpoint).
        documents: validate only these documents' graphs (by document id) and the cross-graph
            shapes on the entities they describe; the curated graphs are then context only.
        shapes: the shapes graph; by default ontology/shapes.ttl.
        jobs: worker processes (1: this process; 0: one per core). Each worker reads the
            reference data once, then validates one document graph after another.

    Raises:
        InputError: a document id names no graph of the store.
        StoreError: the store cannot be read.
        ConfigError: the shapes cannot be loaded.
    """
    graph_texts, curated = read_store(store, documents=documents)
    if documents is not None:
        curated = replace(curated, validate=False)
    return validate_graph_texts(graph_texts, curated, shapes=shapes, jobs=jobs)
