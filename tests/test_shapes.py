"""The SHACL shapes fire on violating data and stay quiet on conforming data.

Each folder ``tests/data/shapes/<case>/`` holds a conforming ``valid.ttl`` and a violating
``invalid.ttl``; both are validated together with ``tests/data/shapes/base.ttl`` (a document
with its sentence, run and extractor, and the reference entities the cases point at).
``invalid.ttl`` opens with one line per problem it must produce, and it must produce no other::

    # expect: <Violation|Warning|Info> <focus node> [<result path> | - | *] [<shape>]

Nodes are prefixed names (resolved with the file's own @prefix lines, plus ``shape:``) or
``<full IRIs>``; ``-`` stands for "no result path", ``*`` for any. Every constraint of
every node shape fires in at least one case (test_every_node_shape_has_a_violating_case).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, SH, SKOS

from corridorkg.errors import ConfigError, ShapeViolation
from corridorkg.validation import (Problem, ValidationReport, load_ontology, load_shapes,
                                   validate_dataset, validate_graph)
from corridorkg.vocab import (CARGO, CKG, FACT, GRAPH, ID, MODE, REFERENCE_GRAPH, ROLE, SHAPE)

DATA = Path(__file__).parent / "data" / "shapes"
CASES = sorted(folder.name for folder in DATA.iterdir() if folder.is_dir())
EXPECT = re.compile(r"^#\s*expect:\s*(Violation|Warning|Info)\s+(\S+)(?:\s+(\S+))?(?:\s+(\S+))?\s*$")
SHAPES = load_shapes()
ONTOLOGY = load_ontology()


@dataclass(frozen=True)
class Expected:
    severity: str
    focus: str
    path: str | None
    shape: str | None

    def matches(self, problem: Problem) -> bool:
        return (problem.severity == self.severity and problem.focus == self.focus
                and (self.path is None or problem.path == (self.path or None))
                and (self.shape is None or problem.shape == self.shape))


def read_case(case: str, kind: str) -> Graph:
    graph = Graph()
    graph.parse(DATA / "base.ttl")
    graph.parse(DATA / case / f"{kind}.ttl")
    return graph


def read_expected(case: str) -> list[Expected]:
    path = DATA / case / "invalid.ttl"
    names = Graph(bind_namespaces="none").parse(path).namespace_manager  # the file's prefixes only
    names.bind("shape", SHAPE._NS)

    def expand(node: str) -> str:
        return node[1:-1] if node.startswith("<") else str(names.expand_curie(node))

    expected = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = EXPECT.match(line)
        if match:
            severity, focus, result_path, shape = match.groups()
            path_iri = (None if result_path in (None, "*") else "" if result_path == "-"
                        else expand(result_path))
            expected.append(Expected(severity, expand(focus), path_iri,
                                     expand(shape) if shape else None))
    assert expected, f"{path}: no '# expect: <severity> <focus> [<path>] [<shape>]' line"
    return expected


@cache
def report_for(case: str, kind: str) -> ValidationReport:
    return validate_graph(read_case(case, kind))


def test_base_fixture_conforms():
    report = validate_graph(Graph().parse(DATA / "base.ttl"))
    assert report.problems == (), report.text


@pytest.mark.parametrize("case", CASES)
def test_shape_case(case):
    valid = report_for(case, "valid")
    assert valid.conforms and valid.problems == (), f"{case}/valid.ttl:\n{valid.text}"

    expected = read_expected(case)
    invalid = report_for(case, "invalid")
    unexpected = [problem for problem in invalid.problems
                  if not any(expect.matches(problem) for expect in expected)]
    missing = [expect for expect in expected
               if not any(expect.matches(problem) for problem in invalid.problems)]
    assert not unexpected and not missing, (
        f"{case}/invalid.ttl: missing {missing}, unexpected {unexpected}\n{invalid.text}")
    assert invalid.conforms == all(expect.severity != "Violation" for expect in expected)
    for expect in expected:
        assert expect.focus in invalid.text


# --- every shape is proven to fire ---------------------------------------------------------

def test_every_node_shape_has_a_violating_case():
    seen = {problem.shape for case in CASES for problem in report_for(case, "invalid").problems}
    node_shapes = {str(shape) for shape in SHAPES.subjects(RDF.type, SH.NodeShape)}
    assert node_shapes - seen == set()


# --- the shapes agree with the ontology and vocab.py ---------------------------------------

def terms(namespace) -> set[URIRef]:
    return {namespace[name] for name in namespace.__annotations__}


def in_lists(path: URIRef) -> list[set]:
    """The sh:in lists of the node shapes' property shapes on ``path`` (not the nested ones)."""
    return [set(Collection(SHAPES, SHAPES.value(shape, SH["in"])))
            for shape in SHAPES.objects(None, SH.property)
            if SHAPES.value(shape, SH.path) == path and SHAPES.value(shape, SH["in"])]


@pytest.mark.parametrize("path, namespace", [(CKG.role, ROLE), (CKG.mode, MODE),
                                             (CKG.cargoType, CARGO)],
                         ids=["role", "mode", "cargoType"])
def test_closed_lists_are_the_concept_schemes(path, namespace):
    lists = in_lists(path)
    assert lists and all(found == terms(namespace) for found in lists)


ROLE_SHAPES = [SHAPE._NS[name] for name in ("PresidentPostShape", "MinisterPostShape",
                                            "GovernmentPostShape", "DiplomatPostShape",
                                            "RegionalPostShape", "OrganizationPostShape")]


def test_every_role_says_what_its_post_belongs_to_exactly_once():
    # each shape: sh:or ( [ sh:path ckg:role ; sh:not [ sh:in (roles) ] ] [ ... ckg:postIn ... ] )
    roles = []
    for shape in ROLE_SHAPES:
        first = Collection(SHAPES, SHAPES.value(shape, SH["or"]))[0]
        assert SHAPES.value(first, SH.path) == CKG.role
        roles += list(Collection(SHAPES, SHAPES.value(SHAPES.value(first, SH["not"]), SH["in"])))
    assert sorted(roles) == sorted(terms(ROLE))


def test_every_ckg_property_has_a_domain_shape():
    properties = {term for term in terms(CKG) if (term, RDF.type, OWL.ObjectProperty) in ONTOLOGY
                  or (term, RDF.type, OWL.DatatypeProperty) in ONTOLOGY}
    targeted = set(SHAPES.objects(None, SH.targetSubjectsOf))
    assert properties - targeted == set()


def test_cross_graph_shapes_are_marked():
    cross = set(SHAPES.subjects(RDF.type, SHAPE.CrossGraphShape))
    assert cross == {SHAPE._NS.EntityAcrossGraphsShape}
    assert all((shape, RDF.type, SH.NodeShape) in SHAPES for shape in cross)


def test_the_reference_data_conforms():
    # the curated graph as a store holds it: the reference files with the ontology
    dataset = Dataset()
    reference = dataset.graph(REFERENCE_GRAPH)
    from corridorkg import resources
    for path in resources.reference_files():
        reference.parse(path, format="turtle")
    report = validate_dataset(dataset)
    assert report.problems == (), report.text


# --- the report ----------------------------------------------------------------------------

def test_problem_names_the_document_and_sentence_of_a_fact():
    (problem,) = report_for("post", "invalid").problems
    assert problem.focus == str(FACT["d1/post-000000000001"])
    assert problem.path == str(CKG.heldBy)
    assert problem.message == "A post must name exactly one holder (ckg:heldBy), a ckg:Person"
    assert problem.shape == "https://w3id.org/corridorkg/shapes#PostShape"
    assert problem.constraint == str(SH.MinCountConstraintComponent)
    assert problem.source_document == "d1"
    assert problem.source_sentence.startswith("Nurlan Abenov, the akim")


def test_problem_labels_the_focus_node_and_shows_the_value_datatype():
    (problem,) = report_for("place_coordinates", "invalid").problems
    assert problem.focus_label == "Baku"
    assert problem.value == '"94.41"^^xsd:decimal'
    problems = report_for("measurement_value_datatype", "invalid").problems
    assert any(problem.value.endswith('"^^xsd:double') for problem in problems)  # a float


def test_report_text_uses_prefixed_paths_and_quotes_the_evidence():
    text = report_for("fact_evidence_document", "invalid").text
    assert text.startswith("SHACL validation: does not conform (2 violations, 0 warnings, 0 infos)")
    assert "path:     ckg:evidence/ckg:inDocument" in text
    assert "shape:    shape:FactShape" in text
    assert 'document: d1' in text
    assert 'sentence: "Порт Актау является частью ТМТМ."' in text  # the sentence it quotes
    assert "By shape:\n     2 violations  shape:FactShape" in text


def test_a_sparql_constraint_says_what_it_found():
    (problem,) = report_for("measurement_period_dates", "invalid").problems
    assert problem.message == ('A measurement\'s ckg:periodEnd must be 2024-02-29, the first or '
                               'last day of its ckg:period "2024-01/2024-02"')
    assert problem.path == str(CKG.periodEnd)
    assert problem.value == '"2024-02-28"^^xsd:date'


def test_warnings_are_reported_but_the_graph_conforms():
    report = report_for("measurement_period_missing", "invalid")
    assert report.conforms
    assert report.counts() == {"Violation": 0, "Warning": 1, "Info": 0}
    report.raise_for_violations()  # does not raise


def test_raise_for_violations_carries_the_report():
    report = report_for("post", "invalid")
    with pytest.raises(ShapeViolation) as caught:
        report.raise_for_violations()
    assert caught.value.report is report
    assert str(FACT["d1/post-000000000001"]) in str(caught.value)


def test_a_dataset_is_validated_as_the_union_of_its_graphs():
    # the fact in one named graph points at entities and provenance in another
    dataset = Dataset()
    dataset.graph(GRAPH["reference"]).parse(DATA / "base.ttl")
    dataset.graph(GRAPH["d1"]).parse(DATA / "post" / "valid.ttl")
    assert validate_graph(dataset).problems == ()
    dataset.graph(GRAPH["d1"]).remove((FACT["d1/post-000000000001"], CKG.heldBy, None))
    report = validate_graph(dataset)
    assert [problem.path for problem in report.problems] == [str(CKG.heldBy)]


def test_facts_need_the_types_of_the_nodes_they_point_at():
    # without the reference data the region a post belongs to is untyped: a governor's post
    # then belongs to no region
    graph = read_case("post", "valid")
    graph.remove((ID["region/KZ-MAN"], None, None))
    report = validate_graph(graph)
    assert not report.conforms
    assert "https://w3id.org/corridorkg/shapes#RegionalPostShape" in {
        problem.shape for problem in report.problems}


def test_a_malformed_shape_is_a_config_error():
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ckg: <https://w3id.org/corridorkg/ontology#> .
        <urn:shape> a sh:NodeShape ; sh:targetClass ckg:Post ;
            sh:property [ sh:path ckg:heldBy ; sh:minCount "one" ] .
        """, format="turtle")
    with pytest.raises(ConfigError, match="sh:minCount|minCount") as caught:
        validate_graph(read_case("post", "valid"), shapes=shapes)
    assert caught.value.__cause__ is not None


def test_validation_does_not_change_the_input_graph():
    graph = read_case("post", "invalid")
    before = set(graph)
    validate_graph(graph)
    assert set(graph) == before
    assert (URIRef(FACT["d1/post-000000000001"]), RDF.type, CKG.Post) in graph


def test_validation_does_not_change_the_shapes_given():
    shapes = load_shapes()
    before = set(shapes)
    validate_graph(read_case("post", "valid"), shapes=shapes)
    assert set(shapes) == before


# --- graph by graph ------------------------------------------------------------------------

def document_dataset(*cases: str) -> Dataset:
    """base.ttl as graph:reference, and each case's invalid.ttl as a document graph of its own."""
    dataset = Dataset()
    dataset.graph(REFERENCE_GRAPH).parse(DATA / "base.ttl")
    for case in cases:
        dataset.graph(GRAPH[case]).parse(DATA / case / "invalid.ttl")
    return dataset


def test_graph_by_graph_finds_what_the_whole_graph_finds():
    cases = ["post", "meeting", "measurement_rules", "post_roles", "mention_sentence"]
    report = validate_dataset(document_dataset(*cases))
    for case in cases:
        alone = {(problem.focus, problem.shape, problem.path)
                 for problem in report_for(case, "invalid").problems}
        in_dataset = {(problem.focus, problem.shape, problem.path)
                      for problem in report.problems if problem.graphs == (str(GRAPH[case]),)}
        assert in_dataset == alone, case
    assert report.graphs[0] == str(REFERENCE_GRAPH)


def test_nodes_of_the_reference_data_are_checked_once_not_per_document():
    dataset = document_dataset("post", "meeting")
    dataset.graph(REFERENCE_GRAPH).add((ID["settlement/aktau"], CKG.locode, Literal("kzakx")))
    report = validate_dataset(dataset)
    locode = [problem for problem in report.problems if problem.path == str(CKG.locode)]
    assert [problem.graphs for problem in locode] == [(str(REFERENCE_GRAPH),)]


def test_two_documents_that_name_one_person_differently_violate_across_graphs():
    dataset = document_dataset()
    person = ID["person/aigerim-seitkali"]
    for document, name in (("d7", "Aigerim Seitkali"), ("d8", "A. Seitkali")):
        graph = dataset.graph(GRAPH[document])
        graph.add((person, RDF.type, CKG.Person))
        graph.add((person, SKOS.prefLabel, Literal(name, lang="en")))
    report = validate_dataset(dataset)
    (problem,) = report.problems
    assert problem.shape == str(SHAPE._NS.PrefLabelUniqueLang)  # of shape:EntityAcrossGraphsShape
    assert problem.path == str(SKOS.prefLabel)
    assert problem.graphs == (str(GRAPH["d7"]), str(GRAPH["d8"]))
    # each graph alone is fine
    assert validate_dataset(document_dataset()).conforms
