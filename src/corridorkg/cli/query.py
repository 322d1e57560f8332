"""`corridorkg query`: run a SPARQL query file or library query, locally or on an endpoint."""
from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from ..errors import ConfigError, CorridorKGError, QueryError
from . import STORE_OPTION, fail, main, store_path_of

USER_ENV, PASSWORD_ENV = "CORRIDORKG_USER", "CORRIDORKG_PASSWORD"


def endpoint_options(*, timeout: float, retries: int):
    """The options every command that talks to a SPARQL server takes (query, push)."""

    def decorate(command):
        options = [
            click.option("--user", envvar=USER_ENV, metavar="USER",
                         help=f"user for HTTP authentication [env: {USER_ENV}]"),
            click.option("--password-file", type=click.Path(path_type=Path, dir_okay=False),
                         help="file whose first line is the password (else "
                              f"${PASSWORD_ENV}); passwords are never printed"),
            click.option("--auth", type=click.Choice(["basic", "digest"]), default="basic",
                         show_default=True,
                         help="HTTP authentication scheme (Virtuoso's /sparql-auth: digest)"),
            click.option("--timeout", type=click.FloatRange(min=1), default=timeout,
                         show_default=True, help="seconds to wait for each answer"),
            click.option("--retries", type=click.IntRange(min=0), default=retries,
                         show_default=True,
                         help="times to ask again after a timeout or a 5xx answer (with backoff)"),
        ]
        return functools.reduce(lambda wrapped, option: option(wrapped), reversed(options),
                                command)

    return decorate


def credentials_of(user: str | None, password_file: Path | None, auth: str):
    """Credentials from --user, --password-file or $CORRIDORKG_PASSWORD; None without a user.

    Raises:
        ConfigError: a user without a password, a password without a user, or an unreadable
            password file.
    """
    from ..store.http import Credentials
    password = None
    if password_file is not None:
        try:
            lines = password_file.read_text(encoding="utf-8").splitlines()
        except OSError as err:
            raise ConfigError(f"{password_file}: cannot read the password file: "
                              f"{err.strerror or err}") from err
        password = lines[0] if lines else ""
    elif os.environ.get(PASSWORD_ENV):
        password = os.environ[PASSWORD_ENV]
    if not user:
        if password_file is not None:
            raise ConfigError(f"a password file but no user; give --user or ${USER_ENV}")
        return None
    if password is None:
        raise ConfigError(f"a user but no password; give --password-file or set ${PASSWORD_ENV}")
    return Credentials(user, password, auth)


def parse_params(params: tuple[str, ...]) -> dict[str, str]:
    """``("country=Georgia", "year=2023")`` -> ``{"country": "Georgia", "year": "2023"}``."""
    values: dict[str, str] = {}
    for param in params:
        name, sep, value = param.partition("=")
        name = name.strip().lstrip("?")
        if not sep or not name:
            raise QueryError(f"--param {param!r} is not NAME=VALUE")
        if name in values:
            raise QueryError(f"--param {name} is given twice")
        values[name] = value
    return values


@main.command()
@click.argument("query")
@STORE_OPTION
@click.option("--endpoint", metavar="URL",
              help="query this SPARQL 1.1 endpoint instead of the local store")
@endpoint_options(timeout=60, retries=0)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="a value for one of the query's parameters (repeatable); values are bound "
                   "as RDF terms, never pasted into the query")
def query(query: str, store_path: Path | None, endpoint: str | None, user: str | None,
          password_file: Path | None, auth: str, timeout: float, retries: int, fmt: str,
          params: tuple[str, ...]) -> None:
    """Run a SPARQL query (a .rq file, or a library query by name) and print the result.

    The library's queries declare their parameters (see `corridorkg queries`); a country,
    person, port ... can be given by name, and is looked up in the store. The server given
    with --endpoint must use the union of its named graphs as the default graph.

    \b
    Examples:
      corridorkg query who_met_whom --param country=Kazakhstan --param year=2024
      corridorkg query trade_time_series --param country=Lithuania --param partner=KZ
      corridorkg query queries/tables/positions.rq --format csv
      corridorkg query graphs --endpoint http://127.0.0.1:7878/query
    """
    from ..store import RemoteStore, open_store
    from ..store.library import bind_parameters, find_query
    try:
        library_query = find_query(query)
        values = parse_params(params)
        if endpoint:
            store = RemoteStore(endpoint, credentials=credentials_of(user, password_file, auth),
                                timeout=timeout, retries=retries, read_only=True)
        else:
            store = open_store(store_path_of(store_path), read_only=True)
        with store:
            bindings = bind_parameters(library_query, values, store)
            result = store.query(library_query.text, bindings=bindings or None)
        if fmt == "csv":
            result.to_csv(sys.stdout)
        elif fmt == "json":
            result.to_json(sys.stdout)
        else:
            click.echo(result.to_table())
    except CorridorKGError as err:
        fail(err)
