"""A local SPARQL 1.1 endpoint: Oxigraph's server (`oxigraph serve`) over a corridorkg store.

The ``oxigraph`` package on PyPI ships the server binary; it opens the same on-disk format as
pyoxigraph when the versions match (both are pinned in pyproject.toml), which
:func:`find_oxigraph` checks. The server answers the SPARQL 1.1 protocol at ``/query`` and
``/update``, the Graph Store Protocol at ``/store``, and serves a query page (YASGUI) at ``/``.
It runs with ``--union-default-graph``, as the embedded store queries, so the library queries
give the same answers on both.

Read-only (``oxigraph serve-read-only``) takes no lock: ``corridorkg query`` can read the store
while it is served, but nothing may write to it meanwhile (Oxigraph: reading while another
process writes is undefined behaviour), so stop the server before ``corridorkg build``.
Writable (``oxigraph serve``) locks the store like any writer.
"""
from __future__ import annotations

import ctypes
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pyoxigraph

from ..errors import ConfigError, StoreError
from .lock import LOCKED_BY_WRITER, StoreLock

__all__ = ["OxigraphServer", "find_oxigraph", "free_port"]

_VERSION = re.compile(r"(\d+\.\d+\.\d+\S*)")


def find_oxigraph() -> Path:
    """The `oxigraph` server binary, checked to be the version of pyoxigraph.

    Looks beside the running Python (the virtualenv's bin/) first, then on ``PATH``.

    Raises:
        ConfigError: no binary, or another version than pyoxigraph's (it might not read the
            store, or might rewrite it in a format pyoxigraph cannot read).
    """
    wanted = pyoxigraph.__version__
    beside_python = Path(sys.executable).with_name("oxigraph")
    found = beside_python if beside_python.is_file() else shutil.which("oxigraph")
    if found is None:
        raise ConfigError(f"the oxigraph server is not installed; pip install oxigraph=={wanted}")
    try:
        answer = subprocess.run([str(found), "--version"], capture_output=True, text=True,
                                timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError) as err:
        raise ConfigError(f"{found} does not run: {err}; "
                          f"pip install --force-reinstall oxigraph=={wanted}") from err
    match = _VERSION.search(answer)
    version = match.group(1) if match else answer.strip()
    if version != wanted:
        raise ConfigError(f"{found} is oxigraph {version}, but the store is written by "
                          f"pyoxigraph {wanted}; pip install oxigraph=={wanted}")
    return Path(found)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on now (another process may take it before you do)."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@dataclass
class OxigraphServer:
    """An `oxigraph serve` process, started by :meth:`start` and stopped by :meth:`stop`.

    Args:
        location: the store folder; None serves an empty in-memory store (writable only).
        host, port: where to listen; port 0 picks a free one.
        writable: accept updates (and lock the store) instead of serving it read-only.
        timeout_s: the server's own limit on one query, in seconds.
        cors: allow cross-origin requests (a query page on another host).

    >>> with OxigraphServer(Path(".corridorkg/store"), port=0) as server:   # doctest: +SKIP
    ...     RemoteStore(server.query_url).count()
    """

    location: Path | None
    host: str = "127.0.0.1"
    port: int = 7878
    writable: bool = False
    timeout_s: int | None = None
    cors: bool = False
    process: subprocess.Popen | None = field(default=None, init=False, repr=False)
    # the server's stderr goes to a temporary file: a pipe nobody reads could fill and block it
    _log: IO[bytes] | None = field(default=None, init=False, repr=False)
    # readers and writers of the store folder keep out of each other's way (store/lock.py)
    _lock: StoreLock | None = field(default=None, init=False, repr=False)

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def query_url(self) -> str:
        return f"{self.base_url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base_url}/update"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol endpoint."""
        return f"{self.base_url}/store"

    def command(self, binary: Path) -> list[str]:
        """The command line that runs the server."""
        if self.writable:
            command = [str(binary), "serve"]
            if self.location is not None:
                command += ["--location", str(self.location)]
        else:
            command = [str(binary), "serve-read-only", "--location", str(self.location)]
        command += ["--bind", f"{self.host}:{self.port}", "--union-default-graph"]
        if self.timeout_s is not None:
            command += ["--timeout-s", str(self.timeout_s)]
        if self.cors:
            command.append("--cors")
        return command

    def start(self, *, wait: float = 60) -> OxigraphServer:
        """Start the server and wait until it answers a query.

        Raises:
            ConfigError: no matching oxigraph binary.
            StoreError: there is no store to serve, or the server did not start (the store is
                locked, the port is taken, ...): the message carries the server's own words.
        """
        if self.process is not None:
            raise StoreError(f"the server on {self.base_url} is already running")
        self._check_location()
        binary = find_oxigraph()
        if self.location is not None:
            if self.writable:
                self.location.mkdir(parents=True, exist_ok=True)
            self._lock = StoreLock(self.location, shared=not self.writable).acquire(
                "cannot serve the store")
        try:
            self._launch(binary, wait)
        except BaseException:
            self._release()
            raise
        return self

    def _launch(self, binary: Path, wait: float) -> None:
        if self.port == 0:
            self.port = free_port(self.host)
        self._log = tempfile.TemporaryFile()
        try:
            self.process = subprocess.Popen(
                self.command(binary), stdout=subprocess.DEVNULL, stderr=self._log,
                preexec_fn=_stop_with_parent if sys.platform == "linux" else None)
        except OSError as err:
            self._close_log()
            raise StoreError(f"cannot run {binary}: {err}") from err
        deadline = time.monotonic() + wait
        while not self._answers():
            if self.process.poll() is not None:
                message = self._stderr()
                self.process = None
                self._close_log()
                raise StoreError(self._start_failure(message))
            if time.monotonic() > deadline:
                self.stop()
                raise StoreError(f"oxigraph did not answer on {self.base_url} within {wait:g} s; "
                                 "see if the machine is overloaded, then try again")
            time.sleep(0.1)

    def _release(self) -> None:
        lock, self._lock = self._lock, None
        if lock is not None:
            lock.release()

    def wait(self) -> int:
        """Wait for the server to exit (on its own); return its exit code."""
        if self.process is None:
            return 0
        return self.process.wait()

    def output(self) -> str:
        """What the server has written to stderr so far."""
        return self._stderr()

    def stop(self, *, timeout: float = 10) -> None:
        """Stop the server (SIGTERM, then SIGKILL after ``timeout`` seconds). Safe to repeat."""
        process, self.process = self.process, None
        if process is None:
            self._release()
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._close_log()
        self._release()

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # --- helpers ---------------------------------------------------------------------

    def _check_location(self) -> None:
        if self.location is None:
            if not self.writable:
                raise StoreError("a read-only server needs a store folder; give one, or serve "
                                 "an empty in-memory store writable")
            return
        location = Path(self.location)
        if location.exists() and not location.is_dir():
            raise StoreError(f"{location}: the store location must be a folder, and this is a "
                             "file; choose another --store")
        if not self.writable and not (location / "CURRENT").is_file():
            raise StoreError(f"{location}: there is no store there yet; build one first "
                             f"(corridorkg build ... --store {location})")

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.query_url}?query=ASK%7B%7D", timeout=2) as answer:
                return answer.status == 200
        except OSError:
            return False

    def _stderr(self) -> str:
        if self._log is None:
            return ""
        try:
            self._log.seek(0)
            return self._log.read().decode("utf-8", "replace").strip()
        except (OSError, ValueError):
            return ""

    def _close_log(self) -> None:
        log, self._log = self._log, None
        if log is not None:
            log.close()

    def _start_failure(self, message: str) -> str:
        lowered = message.lower()
        if "address already in use" in lowered or "addrinuse" in lowered:
            hint = f"port {self.port} is taken; choose another with --port"
        elif "lock" in lowered:
            hint = LOCKED_BY_WRITER
        else:
            hint = "see the message above"
        said = _error_line(message)
        return f"oxigraph could not serve {self.location or 'an in-memory store'} on " \
               f"{self.base_url}: {said}; {hint}"


def _error_line(message: str) -> str:
    """The line of the server's stderr that says what went wrong: its ``Error:`` line (the rest
    may be a backtrace, with RUST_BACKTRACE set), else the last line."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    for line in lines:
        if line.startswith("Error:"):
            return line[len("Error:"):].strip()
    return lines[-1] if lines else "no message"


def _stop_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the server gets SIGTERM when corridorkg dies, even by SIGKILL (no orphan server)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass
    os.setpgrp()  # Ctrl-C reaches corridorkg only, which stops the server itself
