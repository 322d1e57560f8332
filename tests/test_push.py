"""`corridorkg push` into a real Oxigraph server; `corridorkg query --endpoint` reads it back.

Authentication and server failures are exercised through a small HTTP proxy in front of the
real server: it asks for basic credentials and can answer 503 a few times before it forwards.
"""
from __future__ import annotations

import base64
import csv
import http.server
import io
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from corridorkg import resources
from corridorkg.cli import main
from corridorkg.pipeline import build
from corridorkg.store import EmbeddedStore, RemoteStore, open_store
from corridorkg.store.server import OxigraphServer, free_port
from corridorkg.vocab import GRAPH, ONTOLOGY_GRAPH, REFERENCE_GRAPH

PASSWORD = "pa55-w0rd-never-shown"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("push") / "store"
    with EmbeddedStore(path) as store:
        report = build([resources.seeds_dir()], store=store)
    assert not report.failed
    return path


@pytest.fixture(scope="module")
def local_sizes(store_path):
    with open_store(store_path, read_only=True) as store:
        return store.graph_sizes()


@pytest.fixture
def server():
    """An empty, writable, in-memory Oxigraph server on a free loopback port."""
    with OxigraphServer(None, port=free_port(), writable=True) as server:
        yield server


def run(*args, env=None):
    return CliRunner().invoke(main, [str(arg) for arg in args], env=env)


def push(store_path, endpoint, *args, env=None):
    return run("push", "--endpoint", endpoint, "--store", store_path, "-q", *args, env=env)


def graphs_csv(*args) -> list[dict[str, str]]:
    result = run("query", "graphs", "--format", "csv", *args)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.output)))


@pytest.mark.parametrize("method", ["update", "gsp"])
def test_push_then_query_round_trips_every_named_graph(store_path, local_sizes, server, method):
    result = push(store_path, server.query_url, "--method", method)
    assert result.exit_code == 0, result.output
    assert f"pushed {len(local_sizes)} graph(s), {sum(local_sizes.values())} triples" in \
        result.output
    assert "holds the same number of triples in each pushed graph" in result.output
    remote = graphs_csv("--endpoint", server.query_url)
    assert remote == graphs_csv("--store", store_path)
    assert {row["graph"] for row in remote} >= {str(ONTOLOGY_GRAPH), str(REFERENCE_GRAPH)}
    assert RemoteStore(server.query_url).graph_sizes() == local_sizes


def test_pushing_again_replaces_the_graphs_whole(store_path, local_sizes, server):
    for method in ("update", "gsp", "update"):
        assert push(store_path, server.query_url, "--method", method).exit_code == 0
    # the reference data's route legs are blank nodes: no second copy of them
    assert RemoteStore(server.query_url).graph_sizes() == local_sizes


def test_large_graphs_go_in_batches_and_are_swapped_in(store_path, local_sizes, server):
    result = push(store_path, server.query_url, "--batch-size", "300")
    assert result.exit_code == 0, result.output
    remote = RemoteStore(server.query_url)
    assert remote.graph_sizes() == local_sizes  # and no staging graph is left


def test_push_only_some_graphs_and_leave_the_servers_others_alone(store_path, local_sizes,
                                                                  server):
    remote = RemoteStore(server.query_url)
    other = rdflib.Graph()
    other.add((rdflib.URIRef("https://example.org/s"), rdflib.URIRef("https://example.org/p"),
               rdflib.Literal(1)))
    remote.replace_graph(GRAPH["somebody-elses"], other)
    result = push(store_path, server.query_url, "--graph", str(REFERENCE_GRAPH))
    assert result.exit_code == 0, result.output
    assert remote.graph_sizes() == {GRAPH["somebody-elses"]: 1,
                                    REFERENCE_GRAPH: local_sizes[REFERENCE_GRAPH]}


def test_pushing_a_graph_the_store_lacks_is_an_error(store_path, server):
    result = push(store_path, server.query_url, "--graph", str(GRAPH["nothing"]))
    assert result.exit_code == 2
    assert "the store has no graph <https://w3id.org/corridorkg/graph/nothing>" in result.output


def test_a_refused_connection_is_a_clear_error(store_path):
    url = f"http://127.0.0.1:{free_port()}/query"
    result = push(store_path, url, "--retries", "0")
    assert result.exit_code == 2
    assert "connection refused; is the server running" in result.output


def test_a_read_only_server_is_a_clear_error(store_path):
    with OxigraphServer(store_path, port=free_port()) as server:
        result = push(store_path, server.query_url)
    assert result.exit_code == 2
    assert "HTTP 403" in result.output and "read-only server" in result.output


def test_a_wrong_update_url_is_a_clear_error(store_path, server):
    result = push(store_path, server.query_url, "--update-url", f"{server.base_url}/nowhere")
    assert result.exit_code == 2
    assert f"{server.base_url}/nowhere" in result.output and "HTTP 404" in result.output


# --- authentication and retries, through a proxy in front of the real server ---------------

class Proxy(http.server.ThreadingHTTPServer):
    """Forwards to ``target``; asks for basic credentials; answers 503 ``failures`` times."""

    def __init__(self, target: str, *, user: str | None = None, password: str | None = None,
                 failures: int = 0):
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.target = target
        self.expected = (f"Basic {base64.b64encode(f'{user}:{password}'.encode()).decode()}"
                         if user else None)
        self.failures = failures
        self.requests = 0
        self.lock = threading.Lock()
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.shutdown()
        self.server_close()


class _ProxyHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _forward(self):
        proxy: Proxy = self.server
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with proxy.lock:
            proxy.requests += 1
            fail = proxy.failures > 0
            proxy.failures -= 1 if fail else 0
        if proxy.expected and self.headers.get("Authorization") != proxy.expected:
            self._answer(401, b"unauthorized", "text/plain",
                         {"WWW-Authenticate": 'Basic realm="corridors"'})
            return
        if fail:
            self._answer(503, b"busy, try later", "text/plain")
            return
        request = urllib.request.Request(proxy.target + self.path, data=body or None,
                                         method=self.command)
        for name in ("Content-Type", "Accept"):
            if self.headers.get(name):
                request.add_header(name, self.headers[name])
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                self._answer(answer.status, answer.read(), answer.headers.get("Content-Type"))
        except urllib.error.HTTPError as err:
            self._answer(err.code, err.read(), err.headers.get("Content-Type"))

    def _answer(self, status, body, content_type, headers=None):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = _forward


@pytest.mark.parametrize("method", ["update", "gsp"])
def test_push_with_credentials_from_the_environment(store_path, local_sizes, server, method):
    with Proxy(server.base_url, user="alice", password=PASSWORD) as proxy:
        args = ["--user", "alice", "--method", method, "--gsp-url", f"{proxy.url}/store"]
        result = push(store_path, f"{proxy.url}/query", *args,
                      env={"CORRIDORKG_PASSWORD": PASSWORD})
        assert result.exit_code == 0, result.output
        assert PASSWORD not in result.output
        query = run("query", "graphs", "--format", "csv", "--endpoint", f"{proxy.url}/query",
                    "--user", "alice", env={"CORRIDORKG_PASSWORD": PASSWORD})
        assert query.exit_code == 0, query.output
    assert len(query.output.splitlines()) == len(local_sizes) + 1
    assert RemoteStore(server.query_url).graph_sizes() == local_sizes


def test_push_with_the_password_in_a_file(store_path, local_sizes, server, tmp_path):
    password_file = tmp_path / "password"
    password_file.write_text(PASSWORD + "\n")
    with Proxy(server.base_url, user="alice", password=PASSWORD) as proxy:
        result = push(store_path, f"{proxy.url}/query", "--user", "alice",
                      "--password-file", password_file, env={"CORRIDORKG_PASSWORD": ""})
    assert result.exit_code == 0, result.output
    assert RemoteStore(server.query_url).graph_sizes() == local_sizes


@pytest.mark.parametrize("credentials", [[], ["--user", "alice"]])
def test_missing_or_wrong_credentials_are_a_401_and_the_password_is_never_shown(
        store_path, server, tmp_path, credentials):
    password_file = tmp_path / "password"
    password_file.write_text("not-" + PASSWORD)
    args = [*credentials, "--password-file", password_file] if credentials else []
    with Proxy(server.base_url, user="alice", password=PASSWORD) as proxy:
        result = push(store_path, f"{proxy.url}/query", *args, env={"CORRIDORKG_PASSWORD": ""})
        assert proxy.requests == 1  # a 4xx is not retried
    assert result.exit_code == 2
    assert "HTTP 401 unauthorized; give --user and a password" in result.output
    assert PASSWORD not in result.output
    assert RemoteStore(server.query_url).graphs() == []


def test_a_user_without_a_password_is_an_error_before_any_request(store_path, server):
    result = push(store_path, server.query_url, "--user", "alice",
                  env={"CORRIDORKG_PASSWORD": ""})
    assert result.exit_code == 2
    assert "a user but no password" in result.output


def test_5xx_answers_are_retried_with_backoff(store_path, local_sizes, server):
    with Proxy(server.base_url, failures=2) as proxy:
        result = push(store_path, f"{proxy.url}/query", "--retries", "2")
        assert result.exit_code == 0, result.output
        assert proxy.requests > len(local_sizes) + 2  # two failed attempts, then each graph
    assert RemoteStore(server.query_url).graph_sizes() == local_sizes


def test_5xx_answers_beyond_the_retries_are_a_clear_error(store_path, server):
    with Proxy(server.base_url, failures=10) as proxy:
        result = push(store_path, f"{proxy.url}/query", "--retries", "1", "--method", "gsp",
                      "--gsp-url", f"{proxy.url}/store")
        assert proxy.requests == 2
    assert result.exit_code == 2
    assert "failed (after 2 attempts): HTTP 503 Service Unavailable: busy, try later" in \
        result.output
