"""The SHACL shapes fire on violating data and stay quiet on conforming data.

Each folder ``tests/data/shapes/<case>/`` holds a conforming ``valid.ttl`` and a violating
``invalid.ttl``; both are validated together with ``tests/data/shapes/base.ttl`` (a document
with its sentence, run and extractor, and the reference entities the cases point at).
``invalid.ttl`` opens with one line per problem it must produce, and it must produce no other::

    # expect: <Violation|Warning|Info> <focus node> [<result path>]

Nodes are prefixed names (resolved with the file's own @prefix lines) or ``<full IRIs>``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, SH

from corridorkg.errors import ConfigError, ShapeViolation
from corridorkg.validation import Problem, ValidationReport, load_shapes, validate_graph
from corridorkg.vocab import CKG, FACT, GRAPH, ID

DATA = Path(__file__).parent / "data" / "shapes"
CASES = sorted(folder.name for folder in DATA.iterdir() if folder.is_dir())
EXPECT = re.compile(r"^#\s*expect:\s*(Violation|Warning|Info)\s+(\S+)(?:\s+(\S+))?\s*$")


@dataclass(frozen=True)
class Expected:
    severity: str
    focus: str
    path: str | None

    def matches(self, problem: Problem) -> bool:
        return (problem.severity == self.severity and problem.focus == self.focus
                and (self.path is None or problem.path == self.path))


def read_case(case: str, kind: str) -> Graph:
    graph = Graph()
    graph.parse(DATA / "base.ttl")
    graph.parse(DATA / case / f"{kind}.ttl")
    return graph


def read_expected(case: str) -> list[Expected]:
    path = DATA / case / "invalid.ttl"
    names = Graph(bind_namespaces="none").parse(path).namespace_manager  # the file's prefixes only

    def expand(node: str) -> str:
        return node[1:-1] if node.startswith("<") else str(names.expand_curie(node))

    expected = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = EXPECT.match(line)
        if match:
            severity, focus, result_path = match.groups()
            expected.append(Expected(severity, expand(focus),
                                     expand(result_path) if result_path else None))
    assert expected, f"{path}: no '# expect: <severity> <focus> [<path>]' line"
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


def test_every_node_shape_has_a_violating_case():
    fired = {problem.shape for case in CASES for problem in report_for(case, "invalid").problems}
    node_shapes = {str(shape) for shape in load_shapes().subjects(RDF.type, SH.NodeShape)}
    assert node_shapes - fired == set()


# --- the report ----------------------------------------------------------------------------

def test_problem_names_the_document_and_sentence_of_a_fact():
    (problem,) = report_for("post", "invalid").problems
    assert problem.focus == str(FACT["d1/post-000000000001"])
    assert problem.path == str(CKG.heldBy)
    assert problem.message == "A post must name exactly one holder (ckg:heldBy), a ckg:Person"
    assert problem.shape == "https://w3id.org/corridorkg/shapes#PostShape"
    assert problem.source_document == "d1"
    assert problem.source_sentence.startswith("Nurlan Abenov, the akim")


def test_problem_labels_the_focus_node_and_shows_the_value_datatype():
    (problem,) = report_for("place_coordinates", "invalid").problems
    assert problem.focus_label == "Baku"
    assert problem.value == '"94.41"^^xsd:decimal'
    (problem,) = report_for("measurement_value_datatype", "invalid").problems
    assert problem.value.endswith('"^^xsd:double')  # a Python float, not a Decimal


def test_report_text_uses_prefixed_paths_and_quotes_the_evidence():
    text = report_for("fact_evidence_document", "invalid").text
    assert text.startswith("SHACL validation: does not conform (2 violations, 0 warnings, 0 infos)")
    assert "path:     ckg:evidence/ckg:inDocument" in text
    assert 'document: d1' in text
    assert 'sentence: "Порт Актау является частью ТМТМ."' in text  # the sentence it quotes


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
    # without the reference data the region a post belongs to is untyped: sh:class fails
    graph = read_case("post", "valid")
    graph.remove((ID["region/KZ-MAN"], None, None))
    report = validate_graph(graph)
    assert not report.conforms
    assert str(CKG.postIn) in {problem.path for problem in report.problems}


def test_a_malformed_shape_is_a_config_error():
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ckg: <https://w3id.org/corridorkg/ontology#> .
        <urn:shape> a sh:NodeShape ; sh:targetClass ckg:Post ;
            sh:property [ sh:path ckg:heldBy ; sh:minCount "one" ] .
        """, format="turtle")
    with pytest.raises(ConfigError, match="sh:minCount") as caught:
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
