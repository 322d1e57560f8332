"""The exceptions corridorkg raises.

::

    CorridorKGError                 base class; never raised itself
    ├── InputError                  a document or file the user gave: path, line, what is wrong, what to do
    ├── ConfigError                 settings, a missing model or resource, a bad store location
    ├── ShapeViolation              the graph does not conform to the SHACL shapes (carries the report)
    ├── StoreError                  embedded store or SPARQL endpoint failures (mapped from the library's own)
    ├── QueryError                  a query file that does not parse, or bad/missing parameters
    └── ExportError                 a network could not be written in the requested format

The library never prints and never exits: the CLI maps these to exit codes (see cli.py).
"""
from __future__ import annotations

from pathlib import Path


class CorridorKGError(Exception):
    """Base class of every error corridorkg raises on purpose."""


class InputError(CorridorKGError):
    """A document or input file is unusable.

    The message follows ``path:line: what is wrong; what to do``.
    """

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None,
                 hint: str | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        self.reason = message
        self.hint = hint
        where = self.path or ""
        if where and line is not None:
            where = f"{where}:{line}"
        text = f"{where}: {message}" if where else message
        if hint:
            text = f"{text}; {hint}"
        super().__init__(text)


class ConfigError(CorridorKGError):
    """Settings, a missing model or resource, or an unusable store location."""


class ShapeViolation(CorridorKGError):
    """The graph does not conform to the shapes; ``report`` holds the details."""

    def __init__(self, message: str, *, report=None):
        super().__init__(message)
        self.report = report


class StoreError(CorridorKGError):
    """The embedded store or a SPARQL endpoint failed."""


class QueryError(CorridorKGError):
    """A query does not parse, or its parameters are missing or unknown."""


class ExportError(CorridorKGError):
    """A network could not be exported."""
