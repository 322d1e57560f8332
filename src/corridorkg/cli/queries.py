"""`corridorkg queries`: the query library and each query's parameters."""
from __future__ import annotations

import textwrap

import click

from ..errors import CorridorKGError
from . import fail, main


@main.command()
@click.argument("name", required=False)
def queries(name: str | None) -> None:
    """List the library's queries, or show one query's question, parameters and columns.

    \b
    Examples:
      corridorkg queries
      corridorkg queries who_met_whom
    """
    from ..store.library import find_query, list_queries
    try:
        if name:
            library_query = find_query(name)
            click.echo(f"{library_query.path}\n")
            click.echo(library_query.header)
            return
        library = list_queries()
    except CorridorKGError as err:
        fail(err)
    width = max(len(library_query.name) for library_query in library)
    research = [q for q in library if q.path.parent.name != "tables"]
    tables = [q for q in library if q.path.parent.name == "tables"]
    for title, group in (("research queries (queries/*.rq)", research),
                         ("fact tables (queries/tables/*.rq)", tables)):
        click.echo(title)
        for library_query in group:
            click.echo(f"  {library_query.name.ljust(width)}  {library_query.summary}")
            if library_query.parameters:
                usage = " ".join(_usage(parameter) for parameter in library_query.parameters)
                for line in textwrap.wrap(usage, width=96 - width):
                    click.echo(f"  {' ' * width}    {line}")
        click.echo("")
    click.echo("Run one:  corridorkg query NAME [--param NAME=VALUE ...]\n"
               "Details:  corridorkg queries NAME")


def _usage(parameter) -> str:
    text = f"{parameter.name}={(parameter.kind or 'VALUE').upper()}"
    if parameter.required:
        return text
    if parameter.default is not None:
        return f"[{text} (default {parameter.default})]"
    return f"[{text}]"
