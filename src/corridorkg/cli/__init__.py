"""The ``corridorkg`` command: thin click commands over the library, one module per command.

Exit codes (all commands):
  0  success (validate: the graph conforms)
  1  build: some documents failed (the others were stored); validate: the graph violates shapes
  2  error: bad usage, a missing file, an unusable store or endpoint, a query that does not parse
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import resources

EXIT_OK, EXIT_PARTIAL, EXIT_ERROR = 0, 1, 2

STORE_OPTION = click.option(
    "--store", "store_path", type=click.Path(path_type=Path), default=None,
    help="store folder [default: $CORRIDORKG_STORE or .corridorkg/store]")


def store_path_of(store_path: Path | None) -> Path:
    return store_path or resources.default_store_path()


def fail(err: Exception) -> None:
    click.echo(f"error: {err}", err=True)
    sys.exit(EXIT_ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="corridorkg")
def main() -> None:
    """Build and query a knowledge graph of Eurasian transport corridors from news articles.

    \b
    corridorkg build seeds/                  read articles, extract facts, store the graph
    corridorkg validate                      check the stored graph against the SHACL shapes
    corridorkg stats                         what the store holds
    corridorkg query queries/tables/meetings.rq --format table
    corridorkg export partnership --format gexf --out partnership.gexf
    """




# the commands register themselves on `main`, one module each
from . import build, export, push, queries, query, remove, serve, stats, validate  # noqa: E402,F401
