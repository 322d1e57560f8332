"""`corridorkg query`: run a SPARQL query file or library query."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import resources
from ..errors import CorridorKGError, QueryError
from . import STORE_OPTION, fail, main, store_path_of


def _query_file(name: str) -> Path:
    path = Path(name)
    if path.is_file():
        return path
    for folder in (resources.queries_dir(), resources.table_queries_dir()):
        candidate = folder / (name if name.endswith(".rq") else f"{name}.rq")
        if candidate.is_file():
            return candidate
    raise QueryError(f"no query file or library query named {name!r}; "
                     "see `ls queries/` for the library")


def _parse_params(params: tuple[str, ...]):
    from rdflib import Literal, URIRef
    bindings = {}
    for param in params:
        name, sep, value = param.partition("=")
        if not sep or not name:
            raise QueryError(f"--param {param!r} is not NAME=VALUE")
        if value.startswith(("http://", "https://")):
            bindings[name] = URIRef(value)
        elif value.lstrip("-").isdigit():
            bindings[name] = Literal(int(value))
        else:
            bindings[name] = Literal(value)
    return bindings


@main.command()
@click.argument("query")
@STORE_OPTION
@click.option("--endpoint", help="query a SPARQL 1.1 endpoint instead of the local store")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="bind a query variable (repeatable); values never paste into the query text")
def query(query: str, store_path: Path | None, endpoint: str | None, fmt: str,
          params: tuple[str, ...]) -> None:
    """Run a SPARQL query (a .rq file, or the name of one in queries/) and print the result.

    \b
    Examples:
      corridorkg query queries/tables/positions.rq --format csv
      corridorkg query who_met_whom --format table
      corridorkg query trade_by_country_pair_and_year --param year=2023
    """
    from ..store import open_store
    try:
        text = _query_file(query).read_text(encoding="utf-8")
        bindings = _parse_params(params)
        with open_store(None if endpoint else store_path_of(store_path), endpoint=endpoint,
                        read_only=True) as store:
            result = store.query(text, bindings=bindings or None)
            if fmt == "csv":
                result.to_csv(sys.stdout)
            elif fmt == "json":
                result.to_json(sys.stdout)
            else:
                click.echo(result.to_table())
    except CorridorKGError as err:
        fail(err)
