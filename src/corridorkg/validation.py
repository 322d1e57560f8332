"""Check graphs against the SHACL shapes in ontology/shapes.ttl (the only module that imports pySHACL).

The data are validated together with the ontology (corridorkg.ttl and concepts.ttl), so that a
shape targeting ``ckg:Entity`` reaches every ``ckg:Port`` and ``sh:class ckg:Role`` finds the
role concepts. ``sh:class`` also needs the ``rdf:type`` of every node a fact points at: validate
a document's graph together with the reference graph (a ``Dataset`` holding both, or a graph
with both merged).

Only ``sh:Violation`` results make a graph non-conforming; warnings (a measurement without a
period, an ambassador without a host country) are reported but allowed.

Example::

    report = validate_graph(dataset)
    if not report.conforms:
        print(report.text)
    report.raise_for_violations()   # or raise ShapeViolation carrying the report
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyshacl
from pyshacl.errors import (ConstraintLoadError, ReportableRuntimeError, RuleLoadError,
                            ShapeLoadError)
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import RDF, RDFS, SH, SKOS
from rdflib.term import Node

from . import resources
from .errors import ConfigError, ShapeViolation
from .vocab import CKG, PREFIXES, bind_prefixes

__all__ = ["Problem", "ValidationReport", "load_ontology", "load_shapes", "validate_graph"]

SEVERITIES = ("Violation", "Warning", "Info")
_SEVERITY_NAMES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_SENTENCE_PREVIEW = 200  # characters of an evidence sentence quoted in the report text


@dataclass(frozen=True)
class Problem:
    """One SHACL result: what is wrong with which node, and where the node came from.

    ``focus`` is the node's IRI (``_:id`` for a blank node); ``path`` the property (a SPARQL
    property path for complex paths); ``value`` the offending value, literals in Turtle form
    (``"0.9"^^xsd:double``) so that a wrong datatype shows. For facts, sentences, mentions and
    documents, ``source_document`` is the document's ``ckg:identifier`` and ``source_sentence``
    the text of the sentence that states it.
    """

    focus: str
    focus_label: str | None
    path: str | None
    value: str | None
    message: str
    severity: str  # "Violation" | "Warning" | "Info"
    shape: str
    source_document: str | None
    source_sentence: str | None


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate_graph`; ``conforms`` is False only when there is a Violation."""

    conforms: bool
    problems: tuple[Problem, ...]
    text: str

    def counts(self) -> dict[str, int]:
        """Number of problems per severity, e.g. ``{"Violation": 1, "Warning": 2, "Info": 0}``."""
        counts = dict.fromkeys(SEVERITIES, 0)
        for problem in self.problems:
            counts[problem.severity] = counts.get(problem.severity, 0) + 1
        return counts

    def raise_for_violations(self) -> None:
        """Raise :class:`~corridorkg.errors.ShapeViolation` (carrying this report) unless the graph conforms."""
        if not self.conforms:
            raise ShapeViolation(self.text, report=self)


def load_shapes() -> Graph:
    """Read the SHACL shapes (ontology/shapes.ttl) into a new graph.

    Raises:
        ConfigError: the file is missing or is not valid Turtle.
    """
    return _parse_files([resources.shapes_file()])


def load_ontology() -> Graph:
    """Read the ontology and the SKOS concept schemes (ontology/corridorkg.ttl, concepts.ttl) into a new graph.

    Raises:
        ConfigError: a file is missing or is not valid Turtle.
    """
    return _parse_files(resources.ontology_files())


def validate_graph(graph: Graph | Dataset, *, shapes: Graph | None = None,
                   ontology: Graph | None = None) -> ValidationReport:
    """Validate a graph, or every named graph of a Dataset taken together, against the shapes.

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
    """
    shapes_source = "the shapes graph given" if shapes is not None else str(resources.shapes_file())
    shapes = _default_shapes() if shapes is None else _copy(shapes)
    ontology = _default_ontology() if ontology is None else ontology
    data = _merge(graph, ontology)
    try:
        _, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                         inplace=True, abort_on_first=False)
    except (ShapeLoadError, ConstraintLoadError, RuleLoadError) as err:
        raise ConfigError(f"{shapes_source}: a SHACL shape cannot be loaded: {err}; "
                          "fix the shape") from err
    except ReportableRuntimeError as err:
        raise ShapeViolation(f"SHACL validation could not complete: {err}") from err
    _bind_display_prefixes(results)  # paths in the text report are written with prefixed names
    entries = sorted((_problem(data, shapes, results, result)
                      for result in results.subjects(RDF.type, SH.ValidationResult)),
                     key=lambda entry: _sort_key(entry[0]))
    problems = tuple(problem for problem, _ in entries)
    conforms = not any(problem.severity == "Violation" for problem in problems)
    return ValidationReport(conforms=conforms, problems=problems,
                            text=_report_text(conforms, entries))


# --- loading ---------------------------------------------------------------------------

def _parse_files(paths: list[Path]) -> Graph:
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
def _default_shapes() -> Graph:
    # Shared between calls. pySHACL adds two RDFS axioms (owl:Class rdfs:subClassOf rdfs:Class,
    # ...) to the shapes graph on first use and nothing after, so sharing it is safe; a graph the
    # caller passes is copied instead, so that validation leaves the caller's graphs as they were.
    return load_shapes()


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    copy += graph
    return copy


@lru_cache(maxsize=1)
def _default_ontology() -> Graph:
    return load_ontology()


def _merge(graph: Graph, ontology: Graph) -> Graph:
    """One new graph holding the data (every named graph of a Dataset) and the ontology."""
    data = Graph()
    if isinstance(graph, ConjunctiveGraph):  # rdflib.Dataset is one: take every named graph
        for subject, predicate, obj, _ in graph.quads((None, None, None, None)):
            data.add((subject, predicate, obj))
    else:
        data += graph
    data += ontology
    _bind_display_prefixes(data)
    return data


def _bind_display_prefixes(graph: Graph) -> None:
    # replace=True: rdflib binds geo: to GeoSPARQL by default, which would turn our WGS84 geo:
    # into geo1: in the report
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


# --- building the report ---------------------------------------------------------------

def _problem(data: Graph, shapes: Graph, results: Graph, result: Node) -> tuple[Problem, str | None]:
    """The Problem for one sh:ValidationResult, and its path with prefixed names for the text."""
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    severity = _SEVERITY_NAMES.get(results.value(result, SH.resultSeverity), "Violation")
    messages = sorted(str(message) for message in results.objects(result, SH.resultMessage))
    source_document, source_sentence = _provenance(data, focus)
    problem = Problem(
        focus=_node_text(focus),
        focus_label=_label(data, focus),
        path=_path_text(results, path) if path is not None else None,
        value=_value_text(data, value) if value is not None else None,
        message=messages[0] if messages else _constraint_name(results, result),
        severity=severity,
        shape=_shape_name(shapes, results.value(result, SH.sourceShape)),
        source_document=source_document,
        source_sentence=source_sentence,
    )
    return problem, _path_text(results, path, prefixed=True) if path is not None else None


def _sort_key(problem: Problem) -> tuple:
    return (SEVERITIES.index(problem.severity), problem.focus, problem.path or "",
            problem.message, problem.value or "")


def _node_text(node: Node | None) -> str:
    if isinstance(node, BNode):
        return node.n3()
    return str(node)


def _value_text(data: Graph, value: Node) -> str:
    if isinstance(value, Literal):
        return value.n3(data.namespace_manager)
    return _node_text(value)


def _label(data: Graph, node: Node | None) -> str | None:
    """The node's English skos:prefLabel, else any prefLabel, else its rdfs:label."""
    if node is None:
        return None
    labels = sorted(data.objects(node, SKOS.prefLabel), key=lambda label: (
        getattr(label, "language", None) != "en", getattr(label, "language", None) or "", str(label)))
    labels = labels or sorted(data.objects(node, RDFS.label), key=str)
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


def _path_text(graph: Graph, path: Node, *, prefixed: bool = False) -> str:
    """A SHACL path as text: a property's IRI, or a SPARQL property path (``<p1>/<p2>``).

    With ``prefixed``, IRIs are written as prefixed names (``ckg:evidence/ckg:inDocument``),
    as the text report shows them.
    """
    if isinstance(path, URIRef):
        return graph.namespace_manager.normalizeUri(path) if prefixed else str(path)
    return _sparql_path(graph, path, prefixed=prefixed)


def _sparql_path(graph: Graph, path: Node, *, prefixed: bool) -> str:
    if isinstance(path, URIRef):
        return graph.namespace_manager.normalizeUri(path) if prefixed else path.n3()
    if (path, RDF.first, None) in graph:
        return "/".join(_sparql_path(graph, step, prefixed=prefixed)
                        for step in Collection(graph, path))
    for predicate, template in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"),
                                (SH.oneOrMorePath, "{}+"), (SH.zeroOrOnePath, "{}?")):
        inner = graph.value(path, predicate)
        if inner is not None:
            return template.format(_sparql_path(graph, inner, prefixed=prefixed))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_sparql_path(graph, step, prefixed=prefixed)
                              for step in Collection(graph, alternatives)) + ")"
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


def _constraint_name(results: Graph, result: Node) -> str:
    component = results.value(result, SH.sourceConstraintComponent)
    return f"fails {results.namespace_manager.normalizeUri(component)}" if component else "fails a shape"


def _report_text(conforms: bool, entries: list[tuple[Problem, str | None]]) -> str:
    """The readable report: a summary line, then one block per problem."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for problem, _ in entries:
        counts[problem.severity] += 1
    summary = ", ".join(f"{counts[name]} {name.lower()}{'' if counts[name] == 1 else 's'}"
                        for name in SEVERITIES)
    lines = [f"SHACL validation: {'conforms' if conforms else 'does not conform'} ({summary})"]
    for problem, path in entries:
        focus = problem.focus if problem.focus.startswith("_:") else f"<{problem.focus}>"
        if problem.focus_label:
            focus = f'{focus} "{problem.focus_label}"'
        lines += ["", f"{problem.severity}: {problem.message}", f"  focus:    {focus}"]
        if path:
            lines.append(f"  path:     {path}")
        if problem.value is not None:
            lines.append(f"  value:    {problem.value}")
        lines.append(f"  shape:    {problem.shape}")
        if problem.source_document:
            lines.append(f"  document: {problem.source_document}")
        if problem.source_sentence:
            sentence = problem.source_sentence
            if len(sentence) > _SENTENCE_PREVIEW:
                sentence = sentence[:_SENTENCE_PREVIEW - 1] + "…"
            lines.append(f'  sentence: "{sentence}"')
    return "\n".join(lines) + "\n"
