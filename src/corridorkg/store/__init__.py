"""Where the triples live: a small TripleStore protocol and its two backends.

- :class:`~corridorkg.store.embedded.EmbeddedStore`: pyoxigraph on a local folder (the default);
- :class:`~corridorkg.store.remote.RemoteStore`: any SPARQL 1.1 query/update endpoint.

Both answer queries over the union of all named graphs (docs/MODEL.md, "Named graphs") and give
back a backend-neutral :class:`QueryResult`. Open one with :func:`open_store`. Values are bound
the same way on both (:mod:`~corridorkg.store.bindings`), so a query answers alike.

Around them: :mod:`~corridorkg.store.library` (the query files in queries/ and their declared
parameters), :mod:`~corridorkg.store.server` (Oxigraph's SPARQL server over a store),
:mod:`~corridorkg.store.graph_store` (the Graph Store Protocol), :mod:`~corridorkg.store.push`
(copying the named graphs to a server) and :mod:`~corridorkg.store.http` (credentials, retries
and HTTP errors for the remote side). docs/sparql.md is the user's guide.

>>> with open_store(Path(".corridorkg/store")) as store:                    # doctest: +SKIP
...     load_curated_data(store)
...     print(store.query(Path("queries/tables/entities.rq").read_text()).to_table())
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import rdflib
from rdflib import URIRef

from .. import resources, vocab
from ..errors import ConfigError
from .embedded import EmbeddedStore
from .graph_store import GraphStoreClient
from .http import Credentials
from .remote import RemoteStore
from .results import QueryResult, Term

__all__ = ["TripleStore", "QueryResult", "Term", "EmbeddedStore", "RemoteStore",
           "GraphStoreClient", "Credentials", "open_store", "load_curated_data"]


@runtime_checkable
class TripleStore(Protocol):
    """What corridorkg needs from a triple store."""

    def query(self, sparql: str, *, bindings: Mapping[str, object] | None = None) -> QueryResult:
        """Run a SPARQL query over the union of the graphs, with values bound to variables."""

    def replace_graph(self, graph_iri: URIRef, graph: rdflib.Graph) -> int:
        """Drop the named graph and insert ``graph`` in its place; return the number of triples."""

    def drop_graph(self, graph_iri: URIRef) -> None:
        """Remove a named graph (silently if it does not exist)."""

    def graphs(self) -> list[URIRef]:
        """The named graphs, sorted."""

    def document_hashes(self) -> dict[str, str]:
        """Document identifier -> content hash, as stored."""

    def count(self, graph_iri: URIRef | None = None) -> int:
        """Triples in one named graph, or in all of them."""

    def graph_sizes(self) -> dict[URIRef, int]:
        """Named graph -> number of triples, for every named graph that holds any."""

    def read_graph(self, graph_iri: URIRef) -> rdflib.Graph:
        """The triples of one named graph (empty if there is no such graph)."""

    def dump(self, path: str | Path, format: str = "nquads") -> None:
        """Write all named graphs to a file (``"nquads"`` or ``"trig"``)."""

    def close(self) -> None:
        """Release the store."""

    def __enter__(self) -> TripleStore: ...

    def __exit__(self, *exc_info) -> None: ...


def open_store(path: Path | str | None = None, *, endpoint: str | None = None,
               read_only: bool = False) -> TripleStore:
    """Open the embedded store at ``path``, or the SPARQL endpoint at ``endpoint``.

    With neither, opens :func:`corridorkg.resources.default_store_path`. A read-only embedded
    store takes no lock, so queries can run while nothing writes; it must already exist.

    Raises:
        ConfigError: both a path and an endpoint were given.
        StoreError: the store cannot be opened (locked, not a folder, no store there).
    """
    if path is not None and endpoint is not None:
        raise ConfigError("give a store folder or a SPARQL endpoint, not both")
    if endpoint is not None:
        return RemoteStore(endpoint, read_only=read_only)
    location = Path(path) if path is not None else resources.default_store_path()
    return EmbeddedStore(location, read_only=read_only)


def load_curated_data(store: TripleStore, *, ontology_files: Sequence[Path] | None = None,
                      reference_files: Sequence[Path] | None = None) -> dict[URIRef, int]:
    """Load the ontology and the reference data into their named graphs.

    Each graph is replaced whole (``vocab.ONTOLOGY_GRAPH``, ``vocab.REFERENCE_GRAPH``). The files
    default to :func:`resources.ontology_files` and :func:`resources.reference_files`.

    Returns:
        graph IRI -> number of triples stored.

    Raises:
        ConfigError: a file is missing or is not valid Turtle.
        StoreError: the store refused the data.
    """
    sources = {
        vocab.ONTOLOGY_GRAPH: resources.ontology_files() if ontology_files is None
        else list(ontology_files),
        vocab.REFERENCE_GRAPH: resources.reference_files() if reference_files is None
        else list(reference_files),
    }
    graphs = {graph_iri: _read_turtle(files) for graph_iri, files in sources.items()}
    return {graph_iri: store.replace_graph(graph_iri, graph) for graph_iri, graph in graphs.items()}


def _read_turtle(files: Sequence[Path]) -> rdflib.Graph:
    graph = rdflib.Graph()
    for file in files:
        try:
            graph.parse(file, format="turtle")
        except FileNotFoundError as err:
            raise ConfigError(f"{file}: missing; reinstall corridorkg from its checkout") from err
        except Exception as err:  # rdflib raises many types (BadSyntax, ParserError, ...)
            raise ConfigError(f"{file}: not valid Turtle: {err}; fix the file") from err
    return graph
