"""`corridorkg validate`: one problem per defect, the three report formats, exit codes 0/1/2, and
validation of a store, of one document's graph, and of hand-curated files."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import junitparser
import pytest
from click.testing import CliRunner

from corridorkg import resources
from corridorkg.cli import main
from corridorkg.store import open_store
from corridorkg.validation import validate_dataset, validate_store
from corridorkg.validation.passes import _GraphChecker, _StoreDump

DATA = Path(__file__).parent / "data" / "shapes"
DEFECTS = DATA / "defects.trig"
SHAPE = "https://w3id.org/corridorkg/shapes#"
FACT = "https://w3id.org/corridorkg/fact/"
ID = "https://w3id.org/corridorkg/id/"
CKG = "https://w3id.org/corridorkg/ontology#"
GRAPH = "https://w3id.org/corridorkg/graph/"
CURATED = "https://example.org/curated/ports"

# defects.trig: one (severity, focus, shape, graphs) per line marked "defect:"
EXPECTED = {
    ("Violation", "https://w3id.org/corridorkg/doc/t1", "DocumentPartsShape", (GRAPH + "t1",)),
    ("Violation", FACT + "t1/post-000000000001", "MinisterPostShape", (GRAPH + "t1",)),
    ("Violation", FACT + "t1/post-000000000002", "PostShape", (GRAPH + "t1",)),
    ("Violation", FACT + "t1/meeting-000000000001", "MeetingShape", (GRAPH + "t1",)),
    ("Violation", FACT + "t1/measurement-000000000001", "MeasurementShape", (GRAPH + "t1",)),
    ("Warning", FACT + "t1/measurement-000000000002", "MeasurementShape", (GRAPH + "t1",)),
    ("Violation", ID + "person/aigerim-seitkali", "PrefLabelUniqueLang", (GRAPH + "t1", GRAPH + "t2")),
    ("Violation", FACT + "t2/measurement-000000000001", "MeasurementShape", (GRAPH + "t2",)),
    ("Violation", FACT + "t2/measurement-000000000002", "MeasurementPeriodDatesShape", (GRAPH + "t2",)),
    ("Violation", ID + "port/bautino", "PlaceInCountryShape", (CURATED,)),
    ("Violation", "https://w3id.org/corridorkg/ontology", "VocabularyShape", (CURATED,)),
    ("Violation", ID + "settlement/Fort-Shevchenko", "SettlementShape", (CURATED,)),
}


def run(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args])


def found(report: dict) -> set[tuple]:
    return {(problem["severity"], problem["focus"], problem["shape"].removeprefix(SHAPE),
             tuple(problem["graphs"])) for problem in report["problems"]}


@pytest.fixture(scope="module")
def defects_json() -> dict:
    result = run("validate", DEFECTS, "--format", "json")
    assert result.exit_code == 1, result.output
    return json.loads(result.output)


def test_a_graph_with_one_defect_of_each_kind_yields_exactly_those_problems(defects_json):
    assert found(defects_json) == EXPECTED
    assert defects_json["conforms"] is False
    assert defects_json["counts"] == {"Violation": 11, "Warning": 1, "Info": 0}
    assert defects_json["graphs"] == [CURATED, GRAPH + "t1", GRAPH + "t2"]


def test_json_problems_carry_path_value_and_provenance(defects_json):
    (problem,) = [problem for problem in defects_json["problems"]
                  if problem["focus"] == FACT + "t1/measurement-000000000001"]
    assert problem["path"] == CKG + "value"
    assert problem["value"] == '"223600000.0"^^xsd:double'  # a Python float
    assert problem["constraint"] == "http://www.w3.org/ns/shacl#DatatypeConstraintComponent"
    assert problem["source_document"] == "t1"
    assert problem["source_sentence"].startswith("Aigerim Seitkali, the minister")


def test_text_names_the_node_the_message_and_the_sentence():
    result = run("validate", DEFECTS)
    assert result.exit_code == 1
    text = result.output
    assert text.startswith("SHACL validation: does not conform (11 violations, 1 warning, 0 infos)"
                           " in 3 graphs\n")
    block = text[text.index("Violation: A meeting must have at least two participants"):]
    block = block[:block.index("\n\n")]
    assert block.splitlines()[1:] == [
        f"  focus:    <{FACT}t1/meeting-000000000001>",
        "  path:     ckg:participant",
        "  shape:    shape:MeetingShape",
        "  graph:    graph:t1",
        "  document: t1",
        '  sentence: "Aigerim Seitkali, the minister of trade of Kazakhstan, met the Lithuanian '
        'delegation in Astana."']
    assert '"A. Seitkali"' in text and "graphs:   graph:t1, graph:t2" in text
    assert text.rstrip().endswith("(11 violations, 1 warning, 0 infos) in 3 graphs")


# --- JUnit XML -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def junit_xml(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("junit") / "validation.xml"
    result = run("validate", DEFECTS, "--format", "junit", "--output", path)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("SHACL validation: does not conform")  # the text on screen
    return path


def test_junit_report_parses_as_junit_with_a_failure_per_violation(junit_xml):
    report = junitparser.JUnitXml.fromfile(str(junit_xml))
    suites = {suite.name: suite for suite in report}
    assert set(suites) == {CURATED, "graph:t1", "graph:t2", "across graphs"}
    cases = [case for suite in report for case in suite]
    failures = [case for case in cases if any(isinstance(result, junitparser.Failure)
                                              for result in case.result)]
    skipped = [case for case in cases if any(isinstance(result, junitparser.Skipped)
                                             for result in case.result)]
    assert len(failures) == 11 and len(skipped) == 1
    assert (report.tests, report.failures, report.errors, report.skipped) == (
        len(cases), 11, 0, 1)
    (meeting,) = [case for case in failures if "meeting-000000000001" in case.name]
    assert meeting.classname == "graph:t1"
    assert meeting.result[0].message == "A meeting must have at least two participants (ckg:participant)"
    assert "sentence: \"Aigerim Seitkali" in meeting.result[0].text


def test_junit_report_has_the_structure_of_the_junit_schema(junit_xml):
    # the elements and attributes of the JUnit XML schema that CI systems read (Jenkins' junit-10.xsd)
    root = ET.parse(junit_xml).getroot()
    assert root.tag == "testsuites"
    assert set(root.attrib) <= {"name", "tests", "failures", "errors", "skipped", "time", "disabled"}
    for suite in root:
        assert suite.tag == "testsuite"
        assert {"name", "tests", "failures", "errors"} <= set(suite.attrib)
        cases = list(suite)
        assert cases and all(case.tag == "testcase" for case in cases)
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(case.find("failure") is not None for case in cases)
        assert int(suite.get("skipped")) == sum(case.find("skipped") is not None for case in cases)
        for case in cases:
            assert {"name", "classname"} <= set(case.attrib)
            assert all(child.tag in {"failure", "skipped", "system-out"} for child in case)
            for failure in case.findall("failure"):
                assert failure.get("message") and failure.get("type") == "sh:Violation"


def test_a_conforming_graph_is_one_passing_test_case(tmp_path):
    path = tmp_path / "ok.xml"
    result = run("validate", DATA / "base.ttl", "--format", "junit", "-o", path)
    assert result.exit_code == 0, result.output
    report = junitparser.JUnitXml.fromfile(str(path))
    (case,) = [case for suite in report for case in suite]
    assert case.name == "conforms" and case.is_passed


# --- files: exit codes ---------------------------------------------------------------------

def test_conforming_files_exit_0():
    result = run("validate", DATA / "base.ttl", DATA / "post" / "valid.ttl")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("SHACL validation: conforms (0 violations, 0 warnings, 0 infos)")


def test_files_see_each_others_nodes():
    # post/valid.ttl points at the document, run and people of base.ttl
    result = run("validate", DATA / "post" / "valid.ttl", DATA / "base.ttl", "--format", "json")
    assert json.loads(result.output)["problems"] == []


def test_a_file_that_does_not_parse_exits_2(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ckg: <https://w3id.org/corridorkg/ontology#> .\n<a> ckg:b \n")
    result = run("validate", broken)
    assert result.exit_code == 2
    assert f"error: {broken}: not valid turtle" in result.output


def test_an_unknown_suffix_exits_2(tmp_path):
    odd = tmp_path / "data.csv"
    odd.write_text("a,b\n")
    result = run("validate", odd)
    assert result.exit_code == 2
    assert "unknown RDF format '.csv'" in result.output


def test_files_and_a_store_together_exit_2(tmp_path):
    result = run("validate", DATA / "base.ttl", "--store", tmp_path / "store")
    assert result.exit_code == 2


# --- a store -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("validate") / "store"
    result = run("build", resources.seeds_dir(), "--store", path, "-q")
    assert result.exit_code == 0, result.output
    return path


def test_the_seeds_graph_conforms(store_path):
    result = run("validate", "--store", store_path, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["conforms"] and report["counts"]["Violation"] == 0
    assert report["graphs"][:2] == [GRAPH + "reference", GRAPH + "ontology"]
    assert len(report["graphs"]) == 2 + 5  # the curated graphs and the five seed documents


def test_one_documents_graph(store_path):
    document = "000_833917157b482431"
    result = run("validate", "--store", store_path, "--document", document, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["graphs"] == [GRAPH + document]
    assert all(problem["graphs"] == [GRAPH + document] for problem in report["problems"])


def test_an_unknown_document_exits_2(store_path):
    result = run("validate", "--store", store_path, "--document", "no-such-document")
    assert result.exit_code == 2
    assert "no graph for document 'no-such-document'" in result.output


def test_a_missing_store_exits_2(tmp_path):
    result = run("validate", "--store", tmp_path / "nothing-here")
    assert result.exit_code == 2


def test_worker_processes_find_the_same_problems(store_path):
    with open_store(store_path, read_only=True) as store:
        alone = validate_store(store, jobs=1)
        pooled = validate_store(store, jobs=2)
    assert pooled.problems == alone.problems and pooled.graphs == alone.graphs


def test_a_dump_whose_graphs_are_interleaved_is_still_read_graph_by_graph(store_path, tmp_path):
    with open_store(store_path, read_only=True) as store:
        store.dump(tmp_path / "grouped.nq")
    lines = (tmp_path / "grouped.nq").read_text(encoding="utf-8").splitlines(keepends=True)
    # every other line to the end: no document's graph comes in one run any more
    (tmp_path / "interleaved.nq").write_text("".join(lines[0::2] + lines[1::2]), encoding="utf-8")
    grouped, grouped_curated = _StoreDump(tmp_path / "grouped.nq").read()
    interleaved, interleaved_curated = _StoreDump(tmp_path / "interleaved.nq").read()
    assert isinstance(interleaved, list) and not isinstance(grouped, list)  # streamed, or not

    def graphs(texts):
        return {text.name: sorted(text.ntriples.splitlines()) for text in texts}

    streamed = graphs(grouped)
    assert graphs(interleaved) == streamed and len(streamed) == 5
    assert sorted(interleaved_curated.reference.splitlines()) == \
        sorted(grouped_curated.reference.splitlines())


def test_a_worker_that_renews_its_context_after_each_graph_finds_the_same_problems(monkeypatch):
    from rdflib import Dataset
    dataset = Dataset()
    dataset.parse(DEFECTS, format="trig")
    before = validate_dataset(dataset)
    monkeypatch.setattr(_GraphChecker, "REBUILD_EVERY", 1)
    after = validate_dataset(dataset)
    assert after.problems == before.problems and len(before.problems) == len(EXPECTED)
