"""`corridorkg push`: copy the store's named graphs to a SPARQL 1.1 server."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import ConfigError, CorridorKGError
from . import EXIT_OK, EXIT_PARTIAL, STORE_OPTION, fail, main, store_path_of
from .query import credentials_of, endpoint_options


@main.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="the server's SPARQL query endpoint, e.g. http://127.0.0.1:7878/query")
@STORE_OPTION
@click.option("--method", type=click.Choice(["update", "gsp"]), default="update",
              show_default=True,
              help="SPARQL 1.1 Update (DROP + INSERT DATA), or the Graph Store Protocol (PUT)")
@click.option("--update-url", metavar="URL",
              help="the update endpoint [default: the endpoint with /query or /sparql "
                   "replaced by /update]")
@click.option("--gsp-url", metavar="URL",
              help="the graph store endpoint for --method gsp [default: the endpoint with "
                   "/query replaced by /store, as Oxigraph serves it]")
@click.option("--graph", "graph_iris", multiple=True, metavar="IRI",
              help="push only this named graph (repeatable) [default: all of them]")
@endpoint_options(timeout=120, retries=3)
@click.option("--batch-size", type=click.IntRange(min=1), default=2_000, show_default=True,
              help="the most triples in one update request (--method update); a larger graph "
                   "is loaded in batches into a staging graph, then moved in")
@click.option("--verify/--no-verify", default=True, show_default=True,
              help="count each graph's triples on the server afterwards")
@click.option("--quiet", "-q", is_flag=True, help="no progress bar")
def push(endpoint: str, store_path: Path | None, method: str, update_url: str | None,
         gsp_url: str | None, graph_iris: tuple[str, ...], user: str | None,
         password_file: Path | None, auth: str, timeout: float, retries: int, batch_size: int,
         verify: bool, quiet: bool) -> None:
    """Load the store's named graphs into a SPARQL 1.1 server, one graph at a time.

    Each graph (the ontology, the reference data, one per document) replaces the server's
    graph of the same name; the server's other graphs are left alone. Timeouts and 5xx answers
    are retried with backoff; a refusal, a 4xx or a failed check stops the push with a message
    saying what to do. Pushing again is safe. Exit code 1: the server holds other triple counts
    than the store after the push.

    \b
    Examples:
      corridorkg push --endpoint http://127.0.0.1:7878/query
      corridorkg push --endpoint http://host:3030/corridors/sparql --method gsp \\
          --gsp-url http://host:3030/corridors/data --user admin --password-file ~/.fuseki-pw
      CORRIDORKG_PASSWORD=... corridorkg push --endpoint http://host:8890/sparql \\
          --update-url http://host:8890/sparql-auth --auth digest --user dba
    """
    from rdflib import URIRef
    from tqdm import tqdm

    from ..store import RemoteStore, open_store
    from ..store.graph_store import GraphStoreClient
    from ..store.push import compare_graph_sizes, push_graphs

    def progress(graphs):
        return tqdm(graphs, desc="push", unit="graph", disable=quiet, file=sys.stderr)

    try:
        credentials = credentials_of(user, password_file, auth)
        remote = RemoteStore(endpoint, update_url=update_url, credentials=credentials,
                             timeout=timeout, retries=retries, batch_size=batch_size)
        if method == "gsp":
            writer = GraphStoreClient(gsp_url or _default_gsp_url(endpoint),
                                      credentials=credentials, timeout=timeout, retries=retries)
            where = f"{writer.url} (Graph Store Protocol)"
        else:
            writer = remote
            where = f"{remote.update_url} (SPARQL Update)"
        with open_store(store_path_of(store_path), read_only=True) as store:
            report = push_graphs(store, writer, progress=progress,
                                 graphs=[URIRef(iri) for iri in graph_iris] or None)
            expected = {graph_iri: size for graph_iri, size in store.graph_sizes().items()
                        if graph_iri in report.pushed}
        click.echo(f"pushed {len(report.pushed)} graph(s), {report.triples} triples, to {where}")
        if not verify:
            sys.exit(EXIT_OK)
        differences = compare_graph_sizes(expected, remote.graph_sizes())
    except CorridorKGError as err:
        fail(err)
    if differences:
        for graph_iri, want, got in differences:
            click.echo(f"  <{graph_iri}>: {want} triples in the store, {got} on the server",
                       err=True)
        click.echo(f"error: {len(differences)} graph(s) differ on {endpoint}; does the server "
                   "store the graphs under the names it was sent? push again, or see its log",
                   err=True)
        sys.exit(EXIT_PARTIAL)
    click.echo(f"checked: {endpoint} holds the same number of triples in each pushed graph")


def _default_gsp_url(endpoint: str) -> str:
    trimmed = endpoint.rstrip("/")
    if trimmed.endswith("/query"):
        return trimmed[: -len("/query")] + "/store"
    raise ConfigError(f"cannot guess the graph store URL from {endpoint}; give --gsp-url "
                      "(Fuseki: http://host:3030/DATASET/data, GraphDB: "
                      "http://host:7200/repositories/REPO/rdf-graphs/service, Virtuoso: "
                      "http://host:8890/sparql-graph-crud-auth)")
