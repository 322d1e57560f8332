"""The pySHACL boundary: load the shapes, run them on one data graph, turn results into Problems.

The only module of corridorkg that imports pySHACL. pySHACL's own errors are mapped here: a
malformed shape is a :class:`~corridorkg.errors.ConfigError`, a validation that cannot complete a
:class:`~corridorkg.errors.ShapeViolation`.
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from functools import lru_cache
from pathlib import Path

from pyshacl import Shape, ShapesGraph, Validator
from pyshacl.errors import (ConstraintLoadError, ReportableRuntimeError, RuleLoadError,
                            ShapeLoadError)
from pyshacl.pytypes import SHACLExecutor
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection as RDFCollection
from rdflib.namespace import RDF, RDFS, SH, SKOS, XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from .. import resources
from ..errors import ConfigError, ShapeViolation
from ..vocab import CKG, PREFIXES, SHAPE, bind_prefixes
from .report import Problem

__all__ = ["DataGraph", "ShapeSet", "check", "load_ontology", "load_shapes"]

_SEVERITY_NAMES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}

# Where a problem's triples are: (focus, path, value) -> named graphs holding them.
GraphsOf = Callable[[Node, Node | None, Node | None], tuple[str, ...]]


def load_shapes() -> Graph:
    """Read the SHACL shapes (ontology/shapes.ttl) into a new graph.

    Raises:
        ConfigError: the file is missing or is not valid Turtle.
    """
    return parse_files([resources.shapes_file()])


def load_ontology() -> Graph:
    """Read the ontology and the SKOS concept schemes (ontology/corridorkg.ttl, concepts.ttl) into a new graph.

    Raises:
        ConfigError: a file is missing or is not valid Turtle.
    """
    return parse_files(resources.ontology_files())


def parse_files(paths: Iterable[Path]) -> Graph:
    graph = Graph()
    bind_prefixes(graph)
    for path in paths:
        try:
            graph.parse(path, format="turtle")
        except FileNotFoundError as err:
            raise ConfigError(f"{path}: file not found; restore it from the corridorkg checkout") from err
        except (SyntaxError, ValueError) as err:  # rdflib's BadSyntax is a SyntaxError
            raise ConfigError(f"{path}: not valid Turtle: {err}; fix the file") from err
    return graph


@lru_cache(maxsize=1)
def default_ontology() -> Graph:
    return load_ontology()


class ShapeSet:
    """The shapes, compiled once by pySHACL, and which of them run in which pass.

    ``"all"`` runs every node shape (:func:`validate_graph`); a graph-by-graph validation runs
    ``"per_graph"`` (all but the ``shape:CrossGraphShape`` ones) on each named graph and
    ``"cross_graph"`` (only those) on what all graphs say about the entities.
    """

    def __init__(self, graph: Graph, source: str):
        self.graph = graph
        self.source = source  # where the shapes came from, for error messages
        self.cross = frozenset(node for node in graph.subjects(RDF.type, SHAPE.CrossGraphShape))
        self._compiled: ShapesGraph | None = None

    @classmethod
    def of(cls, shapes: Graph | None = None) -> ShapeSet:
        if shapes is None:
            return _default_shape_set()
        # a copy: pySHACL adds a few RDFS axioms to the shapes graph it is given
        return cls(_copy(shapes), "the shapes graph given")

    def compiled(self) -> ShapesGraph:
        if self._compiled is None:
            try:
                self._compiled = ShapesGraph(self.graph)
                self._compiled.shapes  # noqa: B018 - harvests (and checks) the shapes now
            except (ShapeLoadError, ConstraintLoadError, RuleLoadError) as err:
                self._compiled = None
                raise ConfigError(f"{self.source}: a SHACL shape cannot be loaded: {err}; "
                                  "fix the shape") from err
        return self._compiled

    def shapes(self, which: str) -> list[Shape]:
        shapes = list(self.compiled().shapes)
        if which == "per_graph":
            return [shape for shape in shapes if shape.node not in self.cross]
        if which == "cross_graph":
            return [shape for shape in shapes if shape.node in self.cross]
        return shapes


@lru_cache(maxsize=1)
def _default_shape_set() -> ShapeSet:
    # Shared between calls in one process: the compiled shapes hold no state about the data.
    return ShapeSet(load_shapes(), str(resources.shapes_file()))


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    copy += graph
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=True, replace=True)
    return copy


# --- running the shapes ----------------------------------------------------------------

class DataGraph(Graph):
    """An rdflib Graph that parses each SPARQL query once.

    pySHACL runs a SHACL-SPARQL constraint as one query per focus node, sending the same text
    each time with ``$this`` bound through ``initBindings``; rdflib would parse it again each
    time (~5-100 ms, longer than most evaluations). The data graphs validation builds are of
    this class, so that a query is parsed once per process.
    """

    def query(self, query_object, processor="sparql", result="sparql", initNs=None,  # noqa: N803
              initBindings=None, use_store_provided=True, **kwargs):  # noqa: N803 - rdflib's names
        if isinstance(query_object, str) and processor == "sparql":
            namespaces = initNs if initNs is not None else dict(self.namespaces())
            query_object = _prepared(query_object, tuple(sorted(namespaces.items())))
        return super().query(query_object, processor, result, initNs, initBindings,
                             use_store_provided, **kwargs)


@lru_cache(maxsize=256)
def _prepared(text: str, namespaces: tuple[tuple[str, str], ...]):
    return prepareQuery(text, initNs=dict(namespaces))



def check(data: Graph, shape_set: ShapeSet, *, which: str = "all",
          focus: Collection[Node] | None = None, graphs_of: GraphsOf | None = None,
          keep: Callable[[Node], bool] | None = None) -> list[Problem]:
    """Run the shapes on ``data`` (which already holds the ontology) and return the problems.

    Args:
        data: the data graph; it is read, never changed.
        shape_set: the shapes; ``which`` of them to run: ``"all"``, ``"per_graph"`` or
            ``"cross_graph"`` (see :class:`ShapeSet`).
        focus: validate only these nodes as the targets of shapes; all targets by default.
        graphs_of: the named graphs to report for a problem's triples; none by default.
        keep: report only the results whose focus node passes this test.

    Raises:
        ConfigError: a shape cannot be loaded.
        ShapeViolation: pySHACL could not complete the validation.
    """
    # pySHACL's own loop (Validator.run) with the targets narrowed per shape. Its focus_nodes
    # option cannot be used: it narrows the value nodes of nested shapes too (pyshacl 0.40
    # Shape.validate), so an sh:class inside an sh:or would pass on any node not in the list.
    compiled = shape_set.compiled()
    executor = SHACLExecutor()
    reports = []
    try:
        for shape in shape_set.shapes(which):
            if shape.deactivated:
                continue
            targets = shape.focus_nodes(data)
            if focus is not None:
                targets = [node for node in targets if node in focus]
            if targets:
                _, found = shape.validate(executor, data, focus=list(targets))
                reports.extend(found)
        if not reports:
            return []
        results, _ = Validator.create_validation_report(compiled, False, reports)
    except (ShapeLoadError, ConstraintLoadError, RuleLoadError) as err:
        raise ConfigError(f"{shape_set.source}: a SHACL shape cannot be loaded: {err}; "
                          "fix the shape") from err
    except ReportableRuntimeError as err:
        raise ShapeViolation(f"SHACL validation could not complete: {err}") from err
    problems = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus_node = results.value(result, SH.focusNode)
        if keep is not None and not keep(focus_node):
            continue
        problems.append(_problem(data, shape_set.graph, results, result, graphs_of))
    return problems


def _problem(data: Graph, shapes: Graph, results: Graph, result: Node,
             graphs_of: GraphsOf | None) -> Problem:
    """The Problem for one sh:ValidationResult."""
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    severity = _SEVERITY_NAMES.get(results.value(result, SH.resultSeverity), "Violation")
    messages = sorted(str(message) for message in results.objects(result, SH.resultMessage))
    component = results.value(result, SH.sourceConstraintComponent)
    source_document, source_sentence = _provenance(data, focus)
    if path is None and value == focus:  # a node-level constraint names the node twice
        value = None
    return Problem(
        focus=_node_text(focus),
        focus_label=_label(data, focus),
        path=_path_text(results, path) if path is not None else None,
        value=_value_text(value) if value is not None else None,
        message=messages[0] if messages else f"fails {component}",
        severity=severity,
        shape=_shape_name(shapes, results.value(result, SH.sourceShape)),
        constraint=str(component) if component is not None else "",
        graphs=graphs_of(focus, path, value) if graphs_of is not None else (),
        source_document=source_document,
        source_sentence=source_sentence,
    )


def _node_text(node: Node | None) -> str:
    if isinstance(node, BNode):
        return node.n3()
    return str(node)


_LITERAL_NAMES = Graph()
for _prefix, _namespace in {**PREFIXES, "xsd": XSD, "rdf": RDF}.items():
    _LITERAL_NAMES.bind(_prefix, _namespace, override=True, replace=True)


def _value_text(value: Node) -> str:
    if isinstance(value, Literal):
        return value.n3(_LITERAL_NAMES.namespace_manager)
    return _node_text(value)


def _label(data: Graph, node: Node | None) -> str | None:
    """The node's English skos:prefLabel, else any prefLabel, else its rdfs:label."""
    if node is None:
        return None
    labels = sorted(data.objects(node, SKOS.prefLabel), key=lambda label: (
        getattr(label, "language", None) != "en", getattr(label, "language", None) or "", str(label)))
    labels = labels or sorted(data.objects(node, RDFS.label), key=lambda label: (
        getattr(label, "language", None) != "en", str(label)))
    return str(labels[0]) if labels else None


def _is_instance(data: Graph, node: Node, cls: URIRef) -> bool:
    return any(cls in data.transitive_objects(node_type, RDFS.subClassOf)
               for node_type in data.objects(node, RDF.type))


def _provenance(data: Graph, node: Node | None) -> tuple[str | None, str | None]:
    """(document identifier, sentence text) of a fact, sentence, mention or document."""
    if node is None:
        return None, None
    if _is_instance(data, node, CKG.Fact):
        document, sentence = data.value(node, CKG.extractedFrom), data.value(node, CKG.evidence)
    elif _is_instance(data, node, CKG.Sentence):
        document, sentence = data.value(node, CKG.inDocument), node
    elif _is_instance(data, node, CKG.Mention):
        document, sentence = data.value(node, CKG.inDocument), data.value(node, CKG.inSentence)
    elif _is_instance(data, node, CKG.Document):
        document, sentence = node, None
    else:
        return None, None
    identifier = data.value(document, CKG.identifier) if document is not None else None
    text = data.value(sentence, CKG.text) if sentence is not None else None
    return (str(identifier) if identifier is not None else None,
            str(text) if text is not None else None)


def _path_text(graph: Graph, path: Node) -> str:
    """A SHACL path as text: a property's IRI, or a SPARQL property path (``<p1>/<p2>``)."""
    if isinstance(path, URIRef):
        return str(path)
    return _sparql_path(graph, path)


def _sparql_path(graph: Graph, path: Node) -> str:
    if isinstance(path, URIRef):
        return path.n3()
    if (path, RDF.first, None) in graph:
        return "/".join(_sparql_path(graph, step) for step in RDFCollection(graph, path))
    for predicate, template in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"),
                                (SH.oneOrMorePath, "{}+"), (SH.zeroOrOnePath, "{}?")):
        inner = graph.value(path, predicate)
        if inner is not None:
            return template.format(_sparql_path(graph, inner))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_sparql_path(graph, step)
                              for step in RDFCollection(graph, alternatives)) + ")"
    return path.n3()


def _shape_name(shapes: Graph, shape: Node | None) -> str:
    """The shape's IRI; for an anonymous property shape, the named shape that holds it."""
    seen = set()
    while isinstance(shape, BNode) and shape not in seen:
        seen.add(shape)
        parent = shapes.value(None, SH.property, shape)
        if parent is None:
            break
        shape = parent
    return _node_text(shape) if shape is not None else ""
