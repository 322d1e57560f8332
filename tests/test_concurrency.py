"""Two writers on one store: the second is refused with a clear message, the first loses nothing.

The embedded store (RocksDB) lets one process at a time open a folder read-write. A second
`corridorkg build`, or `corridorkg serve --writable`, on a store being built exits 2 saying the
store is locked; a build on a store served writable is refused the same way. The refused process
writes nothing, the running one finishes, and the store then holds every document, once.
"""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from corridorkg.store import EmbeddedStore

from .test_crash import CORRIDORKG, N_DOCUMENTS, count_stored, kill, start_build, write_corpus

LOCKED = "the store is locked by another process"


def corridorkg(*args, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*CORRIDORKG, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, check=False)


def wait_for_documents(process: subprocess.Popen, store: Path, n: int = 1) -> None:
    """Until the build has stored ``n`` documents: it holds the store's lock then."""
    deadline = time.monotonic() + 300
    while ((count_stored(store) or 0) if store.exists() else 0) < n:
        assert process.poll() is None, f"the build ended early: {kill(process)}"
        assert time.monotonic() < deadline, "the build stored nothing in 300 s"
        time.sleep(0.02)


def assert_complete(store: Path, ids: list[str]) -> None:
    with EmbeddedStore(store, read_only=True) as view:
        assert sorted(view.document_hashes()) == sorted(ids)


@pytest.fixture
def corpus(tmp_path) -> tuple[Path, list[str]]:
    folder = tmp_path / "corpus"
    return folder, write_corpus(folder)


def test_a_second_build_is_refused_while_the_first_runs_and_the_first_completes(corpus, tmp_path):
    folder, ids = corpus
    store = tmp_path / "store"
    first = start_build(folder, store, jobs=1)
    try:
        wait_for_documents(first, store)
        second = corridorkg("build", folder, "--store", store, "-q", "--jobs", "1")
        assert first.poll() is None, "the first build ended before the second tried: no overlap"
    finally:
        out, err = first.communicate(timeout=600)
    assert second.returncode == 2, second.stderr
    assert second.stderr.startswith(f"error: {store}: cannot open the store: ")
    assert LOCKED in second.stderr and second.stdout == ""
    assert first.returncode == 0, err
    assert f"built {N_DOCUMENTS} document(s)" in out
    assert_complete(store, ids)

    again = corridorkg("build", folder, "--store", store, "-q", "--jobs", "1")   # now it may
    assert again.returncode == 0, again.stderr
    assert f"built 0 document(s) (0 triples; no facts), {N_DOCUMENTS} unchanged" in again.stdout


def test_a_writable_server_is_refused_on_a_store_being_built(corpus, tmp_path):
    folder, ids = corpus
    store = tmp_path / "store"
    build = start_build(folder, store, jobs=1)
    try:
        wait_for_documents(build, store)
        server = subprocess.Popen([*CORRIDORKG, "serve", "--store", str(store), "--writable",
                                   "--port", "0"], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            out, err = server.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGTERM)
            out, err = server.communicate(timeout=60)
            pytest.fail(f"the server started on a locked store: {out}")
        assert build.poll() is None, "the build ended before the server tried: no overlap"
    finally:
        _, build_err = build.communicate(timeout=600)
    assert server.returncode == 2, err
    assert "lock" in err and err.startswith("error: "), err
    assert build.returncode == 0, build_err
    assert_complete(store, ids)


def test_a_build_is_refused_on_a_store_served_writable(corpus, tmp_path):
    folder, ids = corpus
    store = tmp_path / "store"
    first = corridorkg("build", folder, "--store", store, "-q", "--jobs", "1", timeout=600)
    assert first.returncode == 0, first.stderr
    server = subprocess.Popen([*CORRIDORKG, "serve", "--store", str(store), "--writable",
                               "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, start_new_session=True)
    try:
        assert server.stdout.readline().startswith(f"serving {store} (read-write)")
        refused = corridorkg("build", folder, "--store", store, "-q", "--force", "--jobs", "1")
    finally:
        server.send_signal(signal.SIGTERM)     # `corridorkg serve` stops its server on SIGTERM
        server.communicate(timeout=60)
    assert refused.returncode == 2, refused.stderr
    assert LOCKED in refused.stderr
    assert_complete(store, ids)
