"""`corridorkg serve`: a local SPARQL 1.1 endpoint over the store (Oxigraph's server)."""
from __future__ import annotations

import ipaddress
import signal
import sys
from pathlib import Path

import click

from ..errors import CorridorKGError
from . import EXIT_ERROR, EXIT_OK, STORE_OPTION, fail, main, store_path_of


@main.command()
@STORE_OPTION
@click.option("--host", default="127.0.0.1", show_default=True,
              help="address to listen on; anything but loopback exposes the store to the network")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=7878, show_default=True,
              help="port to listen on (0: any free port)")
@click.option("--writable", is_flag=True,
              help="accept SPARQL updates and Graph Store writes (locks the store)")
@click.option("--query-timeout", type=click.IntRange(min=1), default=None,
              help="the server's limit on one query, in seconds")
@click.option("--cors", is_flag=True, help="allow cross-origin requests (a page on another host)")
def serve(store_path: Path | None, host: str, port: int, writable: bool,
          query_timeout: int | None, cors: bool) -> None:
    """Serve the store over the SPARQL 1.1 protocol, with a query page, until Ctrl-C.

    Runs Oxigraph's server (the `oxigraph` package, the same version as pyoxigraph) on the
    store, read-only unless --writable, with the union of the named graphs as the default
    graph, so the library queries run unchanged. Stop it before `corridorkg build` writes to
    the same store.

    \b
    Examples:
      corridorkg serve                          then open http://127.0.0.1:7878/
      corridorkg query who_met_whom --endpoint http://127.0.0.1:7878/query
      corridorkg serve --store /data/corridors --port 8000 --writable
    """
    from ..store.server import OxigraphServer
    location = store_path_of(store_path)
    server = OxigraphServer(location, host=host, port=port, writable=writable,
                            timeout_s=query_timeout, cors=cors)
    # a plain `kill` (SIGTERM) stops the server too, not only Ctrl-C
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.start()
    except CorridorKGError as err:
        fail(err)
    try:
        mode = "read-write" if writable else "read-only"
        click.echo(f"serving {location} ({mode}) with Oxigraph on {server.base_url}")
        click.echo(f"  query page:       {server.base_url}/")
        click.echo(f"  SPARQL query:     {server.query_url}")
        if writable:
            click.echo(f"  SPARQL update:    {server.update_url}")
            click.echo(f"  graph store:      {server.store_url}")
        click.echo(f"  from the shell:   corridorkg query graphs --endpoint {server.query_url}")
        if not _is_loopback(host):
            click.echo(f"warning: listening on {host} without authentication: anyone who can "
                       "reach it can query" + (" and change" if writable else "") +
                       " the store", err=True)
        click.echo("press Ctrl-C to stop")
        code = server.wait()
        output = server.output().splitlines()
        click.echo(f"error: the server stopped by itself (exit code {code})"
                   + (f": {output[-1]}" if output else ""), err=True)
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        server.stop()
        click.echo("stopped")
        sys.exit(EXIT_OK)
    finally:
        server.stop()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
