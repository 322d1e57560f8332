"""`corridorkg build`: read articles and store their facts."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import CorridorKGError
from . import EXIT_OK, EXIT_PARTIAL, STORE_OPTION, fail, main, store_path_of


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@STORE_OPTION
@click.option("--force", is_flag=True, help="rebuild documents whose content has not changed")
@click.option("--quiet", "-q", is_flag=True, help="no progress bar")
def build(paths: tuple[Path, ...], store_path: Path | None, force: bool, quiet: bool) -> None:
    """Read articles (.txt, .jsonl, or folders of them) and store their facts.

    Each document becomes one named graph; an unchanged document is skipped, a changed one
    replaced. A bad document is reported and skipped; the exit code is then 1.

    \b
    Examples:
      corridorkg build seeds/
      corridorkg build news/2024/*.txt feed.jsonl --store /data/corridors
    """
    from tqdm import tqdm

    from ..pipeline import build as run_build
    from ..store import open_store

    def progress(documents):
        return tqdm(documents, desc="build", unit="doc", disable=quiet, file=sys.stderr)

    try:
        with open_store(store_path_of(store_path)) as store:
            report = run_build(paths, store=store, force=force, progress=progress)
    except CorridorKGError as err:
        fail(err)
    facts = ", ".join(f"{n} {kind}" for kind, n in sorted(report.facts.items())) or "no facts"
    click.echo(f"built {len(report.built)} document(s) ({report.triples} triples; {facts}), "
               f"{len(report.unchanged)} unchanged, {len(report.failed)} failed")
    for warning in report.degraded:
        click.echo(f"  warning: {warning}", err=True)
    for err in report.failed:
        click.echo(f"  failed: {err}", err=True)
    sys.exit(EXIT_PARTIAL if report.failed else EXIT_OK)
