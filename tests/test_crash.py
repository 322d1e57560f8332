"""A build killed at any moment loses nothing that was stored and leaves no half document.

`corridorkg build` runs in a subprocess on a generated corpus of 40 short articles and is killed
with SIGKILL (with its extraction workers: the whole process group, as a crash or the OOM killer
would) at several points: while the ontology and reference data are loaded, after 1, 4, 9, 17
and 28 documents were stored, and 0 to 150 ms after a document was stored. After each kill the
store must open read-write (the lock died with the process), keep every document seen stored
before the kill, and hold each graph exactly as an uninterrupted build writes it; the next build
must store only the rest and report the others unchanged.

The store is polled read-only while the build runs only to time the kills (Oxigraph calls reading
while another process writes undefined behaviour); every check runs after the kill.

A last pair of tests kills the build at the one point the pipeline does not make atomic: after
the bulk load of new graphs, before their content hashes are written.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from corridorkg.store import EmbeddedStore
from corridorkg.vocab import GRAPH, ONTOLOGY_GRAPH, REFERENCE_GRAPH

N_DOCUMENTS = 40
# `corridorkg build`, writing one document per batch so that a kill can fall between any two
# documents (the pipeline writes batches of BATCH_BYTES, which 40 short articles do not fill)
CORRIDORKG = [sys.executable, "-c", """
import corridorkg.pipeline as pipeline
pipeline.BATCH_BYTES = 1
writer_defaults = getattr(getattr(pipeline, "GraphWriter", None), "__init__", None)
if "batch_bytes" in (getattr(writer_defaults, "__kwdefaults__", None) or {}):
    writer_defaults.__kwdefaults__["batch_bytes"] = 1
from corridorkg.cli import main
main()
"""]
CURATED = {str(ONTOLOGY_GRAPH), str(REFERENCE_GRAPH)}

_PEOPLE = ["Marat Karabayev", "Nurdaulet Kilybay", "Rashad Nabiyev", "Irakli Karseladze",
           "Egidijus Navikas", "Almaz Idyrysov", "Askar Mamin", "Elchin Mammadov"]
_PORTS = ["Aktau", "Kuryk", "Baku", "Poti", "Batumi", "Alat"]
_COUNTRIES = ["Lithuania", "Poland", "Georgia", "Azerbaijan", "Turkey", "China", "Uzbekistan"]
_PEOPLE_RU = ["Марат Карабаев", "Нурдаулет Килыбай", "Рашад Набиев", "Алмаз Идырысов"]
_PORTS_RU = ["Актау", "Курык", "Баку", "Поти"]
_COUNTRIES_RU = ["Литвы", "Польши", "Грузии", "Азербайджана", "Турции", "Китая"]


def write_corpus(folder: Path, n: int = N_DOCUMENTS) -> list[str]:
    """``n`` short articles (a third in Russian), one .txt file each; returns their ids."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = []
    for i in range(n):
        date = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
        if i % 3 == 2:
            text = (f" date {date} Министр транспорта Казахстана {_PEOPLE_RU[i % 4]} встретился "
                    f"с послом {_COUNTRIES_RU[i % 6]} в Астане. Стороны обсудили развитие "
                    "Транскаспийского международного транспортного маршрута. В 2023 году через "
                    f"порт {_PORTS_RU[i % 4]} было перевалено {3 + i % 7},{i % 10} млн тонн "
                    f"грузов, что на {5 + i}% больше, чем годом ранее.")
        else:
            text = (f" date {date} {_PEOPLE[i % 8]}, the Minister of Transport of Kazakhstan, met "
                    f"with the Ambassador of {_COUNTRIES[i % 7]} to Kazakhstan in Astana. The "
                    "sides discussed the Trans-Caspian International Transport Route. The port "
                    f"of {_PORTS[i % 6]} handled {2 + i % 9}.{i % 10} million tons of cargo in "
                    f"2023, up {4 + i}% from a year earlier.")
        doc_id = f"article_{i:03d}"
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        ids.append(doc_id)
    return ids


def start_build(corpus: Path, store: Path, *, jobs: int = 2) -> subprocess.Popen:
    """`corridorkg build` in a session of its own, so that a kill takes its workers too."""
    return subprocess.Popen([*CORRIDORKG, "build", str(corpus), "--store", str(store), "-q",
                             "--jobs", str(jobs)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def kill(process: subprocess.Popen) -> tuple[str, str]:
    """SIGKILL the build and every process it started (extraction workers), as a crash would."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    return process.communicate(timeout=60)


def run_build(corpus: Path, store: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*CORRIDORKG, "build", str(corpus), "--store", str(store), "-q"],
                          capture_output=True, text=True, timeout=600, check=False)


def graphs_of(store: Path) -> dict[str, frozenset[str]]:
    """Named graph IRI -> its triples (N-Triples lines), read from a read-only view of the store."""
    view = ox.Store.read_only(str(store))
    assert not list(view.quads_for_pattern(None, None, None, ox.DefaultGraph())), \
        "triples outside any named graph"
    graphs: dict[str, set[str]] = {}
    for quad in view.quads_for_pattern(None, None, None, None):
        graphs.setdefault(quad.graph_name.value, set()).add(str(ox.Triple(*quad.triple)))
    return {name: frozenset(triples) for name, triples in graphs.items()}


def document_ids(graphs) -> set[str]:
    return {name.removeprefix(str(GRAPH)) for name in graphs if name not in CURATED}


def count_stored(store: Path) -> int | None:
    """Document graphs in the store now, as a reader sees them; None while it cannot be read."""
    try:
        view = ox.Store.read_only(str(store))
        return sum(1 for name in view.named_graphs()
                   if name.value.startswith(str(GRAPH)) and name.value not in CURATED)
    except (OSError, RuntimeError):     # the store is being created: no column families yet
        return None


def kill_when(process: subprocess.Popen, store: Path, *, stored: int, delay: float = 0.0,
              timeout: float = 300) -> int:
    """SIGKILL ``process`` ``delay`` seconds after ``stored`` documents are in the store (0: once
    the store exists); returns how many a reader saw then."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the build ended before the kill: {kill(process)}")
        seen = count_stored(store) if store.exists() else None
        if seen is not None and seen >= stored:
            time.sleep(delay)
            kill(process)
            assert process.returncode == -signal.SIGKILL, "the build ended before the kill"
            return seen
        time.sleep(0.02)
    kill(process)
    raise AssertionError(f"{stored} documents were not stored within {timeout} s")


def assert_whole(graphs: dict[str, frozenset[str]], reference: dict[str, frozenset[str]]) -> None:
    """Every graph in the store is the one an uninterrupted build writes: no half document."""
    for name, triples in graphs.items():
        assert name in reference, f"unexpected graph {name}"
        missing, extra = reference[name] - triples, triples - reference[name]
        assert not missing and not extra, (f"{name}: {len(missing)} triples missing, "
                                           f"{len(extra)} extra, e.g. "
                                           f"{sorted(missing or extra)[:3]}")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("crash") / "corpus"
    write_corpus(folder)
    return folder


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> dict[str, frozenset[str]]:
    """The graphs of an uninterrupted build of the corpus."""
    store = tmp_path_factory.mktemp("reference") / "store"
    result = run_build(corpus, store)
    assert result.returncode == 0, result.stderr
    graphs = graphs_of(store)
    assert len(document_ids(graphs)) == N_DOCUMENTS
    return graphs


def test_a_build_killed_at_any_moment_keeps_every_stored_document_whole(corpus, reference,
                                                                        tmp_path):
    store = tmp_path / "store"
    report = []
    for stored in (0, 1, 4, 9, 17, 28):
        seen = kill_when(start_build(corpus, store), store, stored=stored)
        EmbeddedStore(store).close()          # opens read-write: the killed build left no lock
        graphs = graphs_of(store)
        kept = document_ids(graphs)
        assert len(kept) >= seen, f"{seen} documents were stored before the kill, {len(kept)} kept"
        assert_whole(graphs, reference)
        report.append((stored, seen, len(kept)))

    result = run_build(corpus, store)         # picks up where the last one stopped
    assert result.returncode == 0, result.stderr
    left = N_DOCUMENTS - report[-1][2]
    assert re.search(rf"built {left} document\(s\) .*, {report[-1][2]} unchanged, 0 failed",
                     result.stdout), result.stdout
    graphs = graphs_of(store)
    assert document_ids(graphs) == document_ids(reference)
    assert_whole(graphs, reference)
    assert graphs.keys() == reference.keys()
    print("kills (wanted, seen before the kill, kept after it):", report)


def test_kills_between_two_commits_leave_each_document_whole(corpus, reference, tmp_path):
    """Kills at moments the documents do not choose: 0 to 150 ms after a commit, somewhere in
    the reading, extraction or writing of the next document."""
    store = tmp_path / "store"
    for delay in (0.0, 0.03, 0.06, 0.09, 0.12, 0.15):
        before = count_stored(store) if store.exists() else 0
        kill_when(start_build(corpus, store, jobs=1), store, stored=(before or 0) + 1,
                  delay=delay)
        EmbeddedStore(store).close()
        assert_whole(graphs_of(store), reference)
    result = run_build(corpus, store)
    assert result.returncode == 0, result.stderr
    assert graphs_of(store) == reference


# `corridorkg build` that dies (SIGKILL) right after it writes its first batch: a deterministic
# stand-in for a kill that lands between two batches.
KILLED_AFTER_A_BATCH = [sys.executable, "-c", """
import os, signal
from corridorkg.store import EmbeddedStore
load = EmbeddedStore.load_nquads
def load_then_die(self, data, *, bulk=False):
    load(self, data, bulk=bulk)
    os.kill(os.getpid(), signal.SIGKILL)
EmbeddedStore.load_nquads = load_then_die
from corridorkg.cli import main
main()
"""]


def test_a_kill_right_after_a_batch_is_written_leaves_each_document_whole(corpus, reference,
                                                                          tmp_path):
    # a batch's graphs and their content hashes are one transaction: what the kill leaves is
    # whole, and the next build completes the rest
    store = tmp_path / "store"
    result = subprocess.run([*KILLED_AFTER_A_BATCH, "build", str(corpus), "--store", str(store),
                             "-q", "--jobs", "1"], capture_output=True, text=True, timeout=600,
                            check=False)
    assert result.returncode in (-signal.SIGKILL, 0), result.stderr
    assert_whole(graphs_of(store), reference)
    result = run_build(corpus, store)
    assert result.returncode == 0, result.stderr
    assert graphs_of(store) == reference
