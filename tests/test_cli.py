"""The corridorkg command: exit codes, output formats, validation of a graph broken on purpose."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from corridorkg import resources
from corridorkg.cli import main
from corridorkg.store import open_store


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "store"
    result = CliRunner().invoke(main, ["build", str(resources.seeds_dir()), "--store", str(path), "-q"])
    assert result.exit_code == 0, result.output
    assert "built 5 document(s)" in result.output
    return path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_seeds_graph_conforms(store_path):
    result = run("validate", "--store", store_path)
    assert result.exit_code == 0, result.output


def test_validate_names_the_offending_node_and_exits_1(store_path, tmp_path):
    broken = tmp_path / "broken.trig"
    with open_store(store_path, read_only=True) as store:
        store.dump(broken, format="trig")
    # a meeting with a single participant and a confidence above 1
    broken.write_text(broken.read_text() + """
<https://w3id.org/corridorkg/graph/broken> {
  <https://w3id.org/corridorkg/fact/broken/meeting-1> a <https://w3id.org/corridorkg/ontology#Meeting> ;
      <https://w3id.org/corridorkg/ontology#participant> <https://w3id.org/corridorkg/id/country/KZ> ;
      <https://w3id.org/corridorkg/ontology#confidence> 1.5 .
}
""")
    result = run("validate", broken)
    assert result.exit_code == 1
    assert "fact/broken/meeting-1" in result.output
    result = run("validate", broken, "--format", "json")
    report = json.loads(result.output)
    assert report["conforms"] is False
    assert any("meeting-1" in p["focus"] for p in report["problems"])


def test_query_csv_has_the_contract_columns(store_path):
    result = run("query", resources.table_queries_dir() / "positions.rq", "--store", store_path,
                 "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {"doc", "person", "personLabel", "role", "org", "orgLabel"} <= set(rows[0])
    assert all(r["person"].startswith("https://w3id.org/corridorkg/id/person/") for r in rows)
    assert "governor" in {r["role"] for r in rows}


def test_query_by_library_name_and_json(store_path):
    result = run("query", "meetings", "--store", store_path, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["results"]["bindings"]


def test_unknown_query_is_an_error_with_exit_2(store_path):
    result = run("query", "no_such_query", "--store", store_path)
    assert result.exit_code == 2
    assert "no query file or library query named 'no_such_query'" in result.output


def test_stats_counts_documents_and_facts(store_path):
    result = run("stats", "--store", store_path)
    assert result.exit_code == 0, result.output
    assert "documents" in result.output and "facts: Meeting" in result.output


def test_build_exits_1_when_a_document_fails(tmp_path):
    (tmp_path / "bad.txt").write_text(" date 2024-99-01 x", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Trade between Georgia and Armenia grew.", encoding="utf-8")
    result = run("build", tmp_path, "--store", tmp_path / "store", "-q")
    assert result.exit_code == 1
    assert "bad.txt:1: date header '2024-99-01' is not a valid calendar date" in result.output
    assert "built 1 document(s)" in result.output


@pytest.mark.parametrize("network", ["partnership", "route"])
def test_export_writes_a_gexf_file(store_path, tmp_path, network):
    out = tmp_path / "new-folder" / f"{network}.gexf"
    result = run("export", network, "--store", store_path, "--format", "gexf", "--out", out)
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("<?xml")


def test_every_command_has_help_with_examples():
    for command in ("build", "query", "validate", "stats", "export"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Example" in result.output
