"""`corridorkg serve`: the real Oxigraph server over a real store, started and stopped here.

The library's queries run on the seeds and the dev documents (../shared/eval/dev/docs, or
$CORRIDORKG_DEV_DOCS; the seeds alone when they are absent), on the embedded store and through
the server, and must give the same answers.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner

from corridorkg import resources
from corridorkg.cli import main
from corridorkg.errors import StoreError
from corridorkg.pipeline import build
from corridorkg.store import EmbeddedStore, RemoteStore, open_store
from corridorkg.store.library import bind_parameters, find_query, list_queries
from corridorkg.store.server import OxigraphServer, find_oxigraph, free_port
from corridorkg.vocab import GRAPH

DEV_DOCS = Path(os.environ.get(
    "CORRIDORKG_DEV_DOCS", resources.project_root().parent / "shared" / "eval" / "dev" / "docs"))

# every library query, with parameters that give it something to answer on seeds + dev
LIBRARY_CASES = {
    "corridor_places": {"corridor": "Middle Corridor"},
    "corridors_through_place": {"place": "Mangystau Region"},
    "documents": {},
    "documents_mentioning_entity": {"entity": "Port of Aktau"},
    "entities_by_name": {"name": "aktau"},
    "entities_of_document": {"doc": "000_833917157b482431"},
    "fact_provenance": {"doc": "000_833917157b482431"},
    "figure_disagreements": {},
    "graphs": {},
    "meeting_partners_of_country": {},
    "port_throughput_by_year": {"port": "Port of Aktau"},
    "post_holders_at_date": {"date": "2024-07-01"},
    "posts_by_country": {"country": "Kazakhstan"},
    "posts_held_by_person": {"person": "Nurdaulet Kilybay"},
    "trade_by_country_pair_and_year": {"country": "Lithuania", "year": "2023"},
    "trade_time_series": {"country": "Kazakhstan", "partner": "Lithuania"},
    "who_met_whom": {"country": "Kazakhstan"},
    "corridor_links": {},
    "entities": {},
    "measurements": {},
    "meetings": {},
    "positions": {},
}


def corridorkg(*args: str) -> list[str]:
    """The command line that runs corridorkg in a new process."""
    return [sys.executable, "-c", "from corridorkg.cli import main; main()", *args]


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Serve:
    """`corridorkg serve` in its own process, read until it says where it listens."""

    def __init__(self, *args: str):
        # Ctrl-C is what is tested: a shell that starts the tests in the background (`pytest &`)
        # has them ignore SIGINT, and a child would inherit that
        self.process = subprocess.Popen(corridorkg("serve", *args), stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True,
                                        preexec_fn=_default_sigint)
        self.lines: list[str] = []
        deadline = time.monotonic() + 60
        while not self.lines or not self.lines[-1].startswith("press Ctrl-C"):
            line = self.process.stdout.readline()
            if not line or time.monotonic() > deadline:
                self.process.kill()
                raise AssertionError(f"serve did not start: {self.lines} "
                                     f"{self.process.stderr.read()}")
            self.lines.append(line.rstrip("\n"))
        self.base_url = self.lines[0].rsplit(" on ", 1)[1]
        self.query_url = f"{self.base_url}/query"

    def interrupt(self) -> tuple[int, str]:
        """Ctrl-C: the exit code and what it printed after the banner."""
        self.process.send_signal(signal.SIGINT)
        out, _ = self.process.communicate(timeout=30)
        return self.process.returncode, out

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.communicate(timeout=30)


@pytest.fixture(scope="module")
def built_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "store"
    # an article of our own that gives another figure for a figure a sample article states, so
    # that figure_disagreements has something to find
    extra = tmp_path_factory.mktemp("extra")
    (extra / "x_disagree.txt").write_text(
        " date 2024-03-01 The total value of trade between Lithuania and Kazakhstan in 2023 was "
        "$230.1 million, the ministry said.", encoding="utf-8")
    documents = [resources.seeds_dir(), extra] + ([DEV_DOCS] if DEV_DOCS.is_dir() else [])
    with EmbeddedStore(path) as store:
        report = build(documents, store=store)
    assert not report.failed and len(report.built) >= 5
    return path


@pytest.fixture(scope="module")
def served(built_store):
    server = Serve("--store", str(built_store), "--port", "0")
    try:
        yield server
    finally:
        server.stop()


def test_the_server_binary_matches_pyoxigraph():
    answer = subprocess.run([str(find_oxigraph()), "--version"], capture_output=True, text=True)
    assert answer.stdout.split()[-1] == pyoxigraph.__version__


def test_serve_prints_where_it_listens_and_serves_a_query_page(served):
    assert served.base_url.startswith("http://127.0.0.1:")
    assert f"  SPARQL query:     {served.query_url}" in served.lines
    assert any("(read-only)" in line for line in served.lines)
    with urllib.request.urlopen(f"{served.base_url}/", timeout=10) as page:
        assert page.headers["Content-Type"].startswith("text/html")
        assert "yasgui" in page.read().decode().lower()


@pytest.mark.parametrize("name", sorted(LIBRARY_CASES))
def test_every_library_query_answers_the_same_locally_and_on_the_server(served, built_store,
                                                                        name):
    library_query = find_query(name)
    values = LIBRARY_CASES[name]
    with open_store(built_store, read_only=True) as local:
        expected = local.query(library_query.text,
                               bindings=bind_parameters(library_query, values, local))
    remote = RemoteStore(served.query_url, timeout=60, read_only=True)
    # names are looked up on the server too
    answer = remote.query(library_query.text,
                          bindings=bind_parameters(library_query, values, remote))
    assert expected.rows, f"{name} {values} finds nothing on the seeds and dev documents"
    assert answer.columns == expected.columns
    assert answer.rows == expected.rows


def test_every_library_query_has_a_case_here():
    assert {library_query.name for library_query in list_queries()} == set(LIBRARY_CASES)


def test_query_command_gives_the_same_csv_from_the_endpoint(served, built_store):
    args = ["query", "who_met_whom", "--param", "country=Kazakhstan", "--param", "year=2024",
            "--format", "csv"]
    local = CliRunner().invoke(main, [*args, "--store", str(built_store)])
    remote = CliRunner().invoke(main, [*args, "--endpoint", served.query_url])
    assert local.exit_code == 0 and remote.exit_code == 0, remote.output
    assert remote.output == local.output
    assert len(local.output.splitlines()) > 1


def test_a_read_only_server_refuses_updates(served):
    store = RemoteStore(served.query_url, timeout=10)
    with pytest.raises(StoreError, match="HTTP 403") as caught:
        store.drop_graph(GRAPH["reference"])
    assert "read-only server" in str(caught.value)
    assert store.count(GRAPH["reference"]) > 0


def test_ctrl_c_stops_serve_and_its_server(built_store):
    server = Serve("--store", str(built_store), "--port", "0")
    assert RemoteStore(server.query_url, timeout=10).count() > 0
    code, out = server.interrupt()
    assert code == 0 and out.strip().endswith("stopped")
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(server.query_url + "?query=ASK%7B%7D", timeout=5)


def test_a_writable_server_takes_updates_and_locks_the_store(tmp_path, built_store):
    path = tmp_path / "store"
    with EmbeddedStore(path) as store, open_store(built_store, read_only=True) as source:
        store.replace_graph(GRAPH["reference"], source.read_graph(GRAPH["reference"]))
    server = Serve("--store", str(path), "--port", "0", "--writable")
    try:
        assert f"  SPARQL update:    {server.base_url}/update" in server.lines
        remote = RemoteStore(server.query_url, timeout=10)
        remote.drop_graph(GRAPH["reference"])
        assert remote.graphs() == []
        with pytest.raises(StoreError, match="locked by another process"):
            EmbeddedStore(path)
    finally:
        code, _ = server.interrupt()
    assert code == 0
    with EmbeddedStore(path) as store:  # the lock is released, the drop was written
        assert store.graphs() == []


def test_serving_a_missing_store_is_an_error(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "nothing")])
    assert result.exit_code == 2
    assert "there is no store there yet; build one first" in result.output


def test_serving_on_a_taken_port_says_so(built_store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = subprocess.run(corridorkg("serve", "--store", str(built_store), "--port",
                                           str(port)), capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"port {port} is taken; choose another with --port" in result.stderr


def test_the_server_class_starts_an_empty_writable_store_and_stops_it():
    with OxigraphServer(None, port=free_port(), writable=True) as server:
        assert RemoteStore(server.query_url).count() == 0
        url = server.query_url
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=5)


def test_a_store_served_read_only_refuses_writers_until_the_server_stops(tmp_path, built_store):
    shutil.copytree(built_store, tmp_path / "store")
    with OxigraphServer(tmp_path / "store", port=free_port()) as server:
        count = RemoteStore(server.query_url).count()
        with pytest.raises(StoreError, match="locked by another process that reads it"):
            EmbeddedStore(tmp_path / "store")
        assert RemoteStore(server.query_url).count() == count      # the server is undisturbed
    with EmbeddedStore(tmp_path / "store") as store:
        assert store.count() == count


def test_a_read_only_server_is_refused_on_a_store_being_written(tmp_path):
    with EmbeddedStore(tmp_path / "store"):
        server = OxigraphServer(tmp_path / "store", port=free_port())
        with pytest.raises(StoreError, match="writes to it") as caught:
            server.start()
        assert str(caught.value).startswith(f"{tmp_path / 'store'}: cannot serve the store: ")
        assert server.process is None
    with OxigraphServer(tmp_path / "store", port=free_port()) as server:   # free again
        assert RemoteStore(server.query_url).count() == 0


def test_a_server_that_fails_to_start_is_quoted_by_its_error_line_not_its_backtrace():
    server = OxigraphServer(None, port=7878)
    stderr = ("Error: Address already in use (os error 98)\n\nStack backtrace:\n"
              "   0: anyhow::error::<impl anyhow::Error>::msg\n   1: oxigraph::main\n")
    message = server._start_failure(stderr)
    assert ": Address already in use (os error 98); port 7878 is taken" in message
    assert "backtrace" not in message and "anyhow" not in message
    assert server._start_failure("something odd\nat the end\n").endswith(
        ": at the end; see the message above")
