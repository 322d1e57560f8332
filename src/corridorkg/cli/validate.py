"""`corridorkg validate`: SHACL validation of the store or of files."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import CorridorKGError
from . import EXIT_OK, EXIT_PARTIAL, STORE_OPTION, fail, main, store_path_of


@main.command()
@STORE_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.argument("files", nargs=-1, type=click.Path(exists=True, path_type=Path))
def validate(store_path: Path | None, fmt: str, files: tuple[Path, ...]) -> None:
    """Validate the stored graph (or Turtle/TriG FILES) against the SHACL shapes.

    Exit 0 when it conforms (warnings allowed), 1 with a report when it violates a shape, 2 on
    error.

    \b
    Examples:
      corridorkg validate
      corridorkg validate --store /data/corridors --format json
      corridorkg validate curated/ports.ttl
    """
    import json

    from rdflib import Dataset

    from ..validation import validate_graph
    try:
        dataset = Dataset()
        if files:
            for path in files:
                dataset.parse(path, format="trig" if path.suffix == ".trig" else "turtle")
        else:
            import tempfile

            from ..store import open_store
            with open_store(store_path_of(store_path), read_only=True) as store, \
                    tempfile.TemporaryDirectory() as tmp:
                store.dump(Path(tmp) / "store.nq", format="nquads")
                dataset.parse(Path(tmp) / "store.nq", format="nquads")
        report = validate_graph(dataset)
    except CorridorKGError as err:
        fail(err)
    if fmt == "json":
        click.echo(json.dumps({"conforms": report.conforms, "counts": report.counts(),
                               "problems": [p.__dict__ for p in report.problems]}, indent=1))
    else:
        click.echo(report.text)
    sys.exit(EXIT_OK if report.conforms else EXIT_PARTIAL)
