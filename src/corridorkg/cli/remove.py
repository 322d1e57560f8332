"""`corridorkg remove`: drop documents' named graphs from the store."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import CorridorKGError
from . import EXIT_OK, EXIT_PARTIAL, STORE_OPTION, fail, main, store_path_of


@main.command()
@click.argument("doc_ids", nargs=-1)
@STORE_OPTION
@click.option("--endpoint", help="remove from a SPARQL 1.1 endpoint instead of the local store")
@click.option("--missing", "missing_paths", multiple=True, type=click.Path(path_type=Path),
              metavar="PATH", help="remove every stored document that is no longer among the "
              "articles under PATH (repeatable)")
@click.option("--dry-run", is_flag=True, help="list what would be removed, remove nothing")
def remove(doc_ids: tuple[str, ...], store_path: Path | None, endpoint: str | None,
           missing_paths: tuple[Path, ...], dry_run: bool) -> None:
    """Remove documents (by id) and everything extracted from them.

    Each document's named graph is dropped whole; the ontology and reference data stay. Exit 1
    when an id given is not in the store (the others are removed).

    \b
    Examples:
      corridorkg remove 000_833917157b482431
      corridorkg remove --missing news/ --missing feed.jsonl --dry-run
    """
    from ..pipeline import find_missing_documents, remove_documents, stored_documents
    from ..store import open_store

    if bool(doc_ids) == bool(missing_paths):
        raise click.UsageError("give document ids, or --missing PATH, not both")
    try:
        with open_store(None if endpoint else store_path_of(store_path), endpoint=endpoint) as store:
            wanted = list(doc_ids) or find_missing_documents(missing_paths, store=store)
            if dry_run:
                held = set(stored_documents(store))
                removed = [doc_id for doc_id in wanted if doc_id in held]
            else:
                removed = remove_documents(wanted, store=store)
    except CorridorKGError as err:
        fail(err)
    for doc_id in removed:
        click.echo(doc_id)
    unknown = [doc_id for doc_id in wanted if doc_id not in set(removed)]
    verb = "would remove" if dry_run else "removed"
    click.echo(f"{verb} {len(removed)} document(s)", err=True)
    for doc_id in unknown:
        click.echo(f"  not in the store: {doc_id}", err=True)
    sys.exit(EXIT_PARTIAL if unknown else EXIT_OK)
