"""`corridorkg build`: read articles and store their facts."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import CorridorKGError
from . import EXIT_OK, EXIT_PARTIAL, STORE_OPTION, fail, main, store_path_of

MAX_WARNINGS = 20   # printed; the summary line counts them all


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@STORE_OPTION
@click.option("--endpoint", help="write to a SPARQL 1.1 endpoint (query URL) instead of the local "
              "store; its update URL is derived as for `corridorkg query`")
@click.option("--force", is_flag=True, help="rebuild documents whose content has not changed")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="extraction processes, each loading the models once  [default: the cores "
              "available]")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="extract on this Dask cluster (dask.distributed) instead of local processes")
@click.option("--bulk", is_flag=True,
              help="add new documents with the bulk loader: faster to store when cores are to "
              "spare, but a build killed meanwhile can leave new documents incomplete until the "
              "next build")
@click.option("--batches", "batch_dir", type=click.Path(file_okay=False, path_type=Path),
              help="with --scheduler: keep each batch's N-Quads in this folder")
@click.option("--quiet", "-q", is_flag=True, help="no progress bar")
def build(paths: tuple[Path, ...], store_path: Path | None, endpoint: str | None, force: bool,
          jobs: int | None, scheduler: str | None, bulk: bool, batch_dir: Path | None,
          quiet: bool) -> None:
    """Read articles (.txt, .jsonl, or folders of them) and store their facts.

    Each document becomes one named graph; an unchanged document is skipped, a changed one
    replaced (`corridorkg remove` drops one). A bad document is reported and skipped; the exit
    code is then 1. Extraction runs in one process per core (--jobs), or on a Dask cluster
    (--scheduler; see docs/scale.md).

    \b
    Examples:
      corridorkg build seeds/
      corridorkg build news/2024/*.txt feed.jsonl --store /data/corridors --jobs 8
      corridorkg build corpus/ --scheduler tcp://10.0.0.5:8786 --batches out/batches
    """
    from tqdm import tqdm

    from ..store import open_store

    def progress(documents):
        return tqdm(documents, desc="build", unit="doc", disable=quiet, file=sys.stderr)

    if batch_dir is not None and scheduler is None:
        raise click.UsageError("--batches goes with --scheduler")
    try:
        with open_store(None if endpoint else store_path_of(store_path),
                        endpoint=endpoint) as store:
            if scheduler:
                from ..distributed import build_on_cluster
                report = build_on_cluster(paths, store=store, scheduler=scheduler, force=force,
                                          progress=progress, batch_dir=batch_dir, bulk=bulk)
            else:
                from ..pipeline import build as run_build
                report = run_build(paths, store=store, force=force, progress=progress, jobs=jobs,
                                   bulk=bulk)
    except CorridorKGError as err:
        fail(err)
    facts = ", ".join(f"{n} {kind}" for kind, n in sorted(report.facts.items())) or "no facts"
    rate = len(report.built) / report.seconds if report.seconds else 0.0
    warnings = report.degraded + report.warnings
    click.echo(f"built {len(report.built)} document(s) ({report.triples} triples; {facts}), "
               f"{len(report.unchanged)} unchanged, {len(report.failed)} failed, "
               f"{len(warnings)} warning(s) in {report.seconds:.1f} s ({rate:.1f} doc/s, "
               f"{report.jobs} process(es))")
    for warning in warnings[:MAX_WARNINGS]:
        click.echo(f"  warning: {warning}", err=True)
    if len(warnings) > MAX_WARNINGS:
        click.echo(f"  ... and {len(warnings) - MAX_WARNINGS} more warning(s); the documents "
                   "were stored", err=True)
    for err in report.failed:
        click.echo(f"  failed: {err}", err=True)
    sys.exit(EXIT_PARTIAL if report.failed else EXIT_OK)
