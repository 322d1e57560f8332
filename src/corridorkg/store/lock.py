"""Readers and writers of a store folder keep out of each other's way.

RocksDB locks a store against a second writer, but not against readers: Oxigraph calls reading a
store that another process writes undefined behaviour (a reader may miss files a compaction
removed). corridorkg therefore takes an advisory lock on ``corridorkg.lock`` in the store
folder: a writer (build, remove, a writable server) holds it exclusively, a reader (query,
stats, export, validate, a read-only server) holds it shared, each for as long as the store is
open. Whoever comes second is told who holds the store and what to do.

``flock`` locks belong to the open file, so they are released when the process ends, however it
ends; on a system without ``fcntl`` (Windows) there is no lock.
"""
from __future__ import annotations

import os
from pathlib import Path

from ..errors import StoreError

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None

LOCK_FILE = "corridorkg.lock"
WRITERS = "a corridorkg build or remove, or corridorkg serve --writable"
READERS = "a corridorkg query, stats, export or validate, or corridorkg serve"
LOCKED_BY_WRITER = (f"the store is locked by another process ({WRITERS}, or `oxigraph serve`); "
                    "wait until it is done, or stop it")


class StoreLock:
    """The advisory lock of one store folder, shared (readers) or exclusive (writers)."""

    def __init__(self, folder: Path, *, shared: bool):
        self.folder = Path(folder)
        self.shared = shared
        self._fd: int | None = None

    def acquire(self, action: str = "cannot open the store") -> StoreLock:
        """Take the lock without waiting.

        Raises:
            StoreError: another process holds the store in a way that excludes this one (the
                message says whether it reads or writes it, and what to do).
        """
        if fcntl is None or self._fd is not None or not self.folder.is_dir():
            return self
        path = self.folder / LOCK_FILE
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o664)
        except PermissionError:
            if self.shared:   # a reader of a folder it may not write to: nobody writes it either
                return self
            raise
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise StoreError(f"{self.folder}: {action}: {self._refusal(path)}") from None
        self._fd = fd
        return self

    def _refusal(self, path: Path) -> str:
        if self.shared:
            return (f"the store is locked by another process that writes to it ({WRITERS}); "
                    "reading a store while it is written is unsafe: wait until it is done, or "
                    "query the writable server's endpoint")
        if _readers_only(path):
            return (f"the store is locked by another process that reads it ({READERS}); "
                    "stop it (a read-only server, say) and build again")
        return LOCKED_BY_WRITER

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)   # closing the file releases its lock


def _readers_only(path: Path) -> bool:
    """Whether the processes that hold the lock hold it shared (they read the store)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
