"""A SPARQL 1.1 endpoint as a corridorkg store (SPARQLWrapper).

Run the server with the union of its graphs as the default graph (``oxigraph serve
--union-default-graph``; other servers have an equivalent setting), so the query files give the
same answers as on the embedded store.

Bindings travel as a ``VALUES`` block ending the WHERE group, whose terms are written by
pyoxigraph's N-Triples serialiser — the same text the embedded store runs (see
:mod:`corridorkg.store.bindings`).

Requests that time out or get a 5xx answer are retried ``retries`` times with exponential
backoff (:mod:`corridorkg.store.http`); a ``MOVE`` and an insert of blank nodes are not
repeatable, and are sent once.

Replacing a graph: a graph of at most ``batch_size`` triples goes in one update request,
``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { ... } }``, which a transactional server
(Oxigraph, Fuseki/TDB2) applies atomically. A larger graph is first written in batches to a
staging graph, then swapped in with one ``MOVE <staging> TO <g>`` request (MOVE clears <g>
first), so readers never see the graph half-written (during the load they may see the staging
copy in the union); a failed load drops the staging graph and leaves ``<g>`` as it was.
"""
from __future__ import annotations

import json
import uuid
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path

import rdflib
from rdflib import BNode, URIRef
from SPARQLWrapper import BASIC, DIGEST, JSON, POST, POSTDIRECTLY, TURTLE, SPARQLWrapper

from ..errors import QueryError, StoreError
from ..vocab import PREFIXES
from .bindings import bind_values, check_bindings
from .http import Credentials, check_url, send
from .results import (QueryResult, count_triples, count_triples_by_graph, graph_ntriples,
                      ntriples, parse_graph, parse_json_results, read_document_hashes,
                      render_insert_data)

__all__ = ["RemoteStore"]

_READ_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}

Triple = tuple[rdflib.term.Node, rdflib.term.Node, rdflib.term.Node]


class RemoteStore:
    """A corridorkg store behind a SPARQL 1.1 query (and update) endpoint.

    Args:
        endpoint_url: the query endpoint, e.g. ``http://127.0.0.1:7878/query``.
        update_url: the update endpoint. By default an endpoint ending in ``/query`` or
            ``/sparql`` gets ``/update`` in its place (Oxigraph, Fuseki), any other the same URL.
        credentials: HTTP basic or digest authentication.
        user, password: HTTP basic authentication (shorthand for ``credentials``).
        timeout: seconds to wait for an answer.
        read_only: refuse every write.
        batch_size: the most triples sent in one update request.
        retries: how many times to ask again after a timeout or a 5xx answer.
        backoff: seconds before the first retry, doubled for each next one.

    Raises:
        ConfigError: the URL is not http(s), or holds credentials.
    """

    def __init__(self, endpoint_url: str, *, update_url: str | None = None,
                 credentials: Credentials | None = None, user: str | None = None,
                 password: str | None = None, timeout: float = 30, read_only: bool = False,
                 batch_size: int = 20_000, retries: int = 0, backoff: float = 1.0):
        self.endpoint_url = check_url(endpoint_url)
        self.update_url = check_url(update_url or _default_update_url(endpoint_url),
                                    what="update endpoint")
        self.read_only = read_only
        self.timeout = timeout
        self.batch_size = batch_size
        self.retries = retries
        self.backoff = backoff
        if credentials is None and user is not None:
            credentials = Credentials(user, password or "")
        self._credentials = credentials

    # --- reading ---------------------------------------------------------------------

    def query(self, sparql: str, *, bindings: Mapping[str, object] | None = None) -> QueryResult:
        """Run a SPARQL query on the endpoint, ``bindings`` written as a VALUES block.

        Raises:
            QueryError: the query does not parse (here or on the server), or is an update.
            StoreError: the endpoint cannot be reached, refuses, fails or times out.
        """
        text = bind_values(sparql, check_bindings(sparql, bindings))
        wrapper = self._wrapper()
        with warnings.catch_warnings():  # SPARQLWrapper warns on text it cannot classify
            warnings.simplefilter("ignore", RuntimeWarning)
            wrapper.setQuery(text)
        form = wrapper.queryType
        if form not in _READ_FORMS:
            raise QueryError(f"{form} is not a query; corridorkg writes through replace_graph")
        wrapper.setMethod(POST)
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        wrapper.setReturnFormat(TURTLE if graph_form else JSON)

        def request() -> tuple[bytes, str]:
            response = wrapper.query().response
            return response.read(), response.headers.get("Content-Type", "")

        body, content_type = send(request, url=self.endpoint_url, action="query",
                                  timeout=self.timeout, retries=self.retries,
                                  backoff=self.backoff, bad_request=QueryError)
        try:
            if graph_form:
                return QueryResult.from_graph(parse_graph(body, content_type=content_type))
            return parse_json_results(json.loads(body))
        except (ValueError, KeyError, TypeError) as err:
            raise StoreError(f"{self.endpoint_url}: the answer is not a SPARQL result "
                             f"({content_type or 'no content type'}): {err}; "
                             "check that the URL is a SPARQL query endpoint") from err

    def graphs(self) -> list[URIRef]:
        """The named graphs on the endpoint, sorted."""
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return sorted(row[0] for row in result.rows if isinstance(row[0], URIRef))

    def document_hashes(self) -> dict[str, str]:
        """Document identifier -> ``ckg:contentHash`` of every document graph on the endpoint."""
        return read_document_hashes(self)

    def count(self, graph_iri: URIRef | None = None) -> int:
        """The number of triples in ``graph_iri``, or in all named graphs together."""
        return count_triples(self, graph_iri)

    def graph_sizes(self) -> dict[URIRef, int]:
        """Named graph -> number of triples, for every named graph that holds any."""
        return count_triples_by_graph(self)

    def read_graph(self, graph_iri: URIRef) -> rdflib.Graph:
        """The triples of the named graph ``graph_iri`` (empty if there is no such graph)."""
        result = self.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
                            bindings={"g": graph_iri})
        graph = rdflib.Graph(identifier=graph_iri)
        for triple in result.graph.triples((None, None, None)):
            graph.add(triple)
        return graph

    # --- writing ---------------------------------------------------------------------

    def replace_graph(self, graph_iri: URIRef, graph: rdflib.Graph) -> int:
        """Replace the named graph ``graph_iri`` by the triples of ``graph``.

        Returns the number of triples written. See the module docstring for how large graphs
        are swapped in without being seen half-written.
        """
        batches = list(_batches(graph.triples((None, None, None)), self.batch_size))
        if len(batches) <= 1:
            # DROP and INSERT in one request: sending it twice gives the same graph
            update, size = self._render(graph_iri, batches[0] if batches else [], drop_first=True)
            self._update(update, f"replacing graph <{graph_iri}>")
            return size
        staging_iri = URIRef(f"{graph_iri}-staging-{uuid.uuid4().hex}")
        size = 0
        try:
            for batch in batches:
                update, written = self._render(staging_iri, batch, drop_first=False)
                # inserting blank nodes twice would make two copies of them
                self._update(update, f"loading graph <{graph_iri}>",
                             repeatable=not _has_blank_nodes(batch))
                size += written
            # MOVE clears the target first: one request, one transaction on the server; sent
            # twice, the second would clear the target and move nothing in
            self._update(f"MOVE SILENT GRAPH {graph_ntriples(staging_iri)} "
                         f"TO GRAPH {graph_ntriples(graph_iri)}",
                         f"swapping in graph <{graph_iri}>", repeatable=False)
        except StoreError:
            try:
                self.drop_graph(staging_iri)
            except StoreError:
                pass  # the first error is the one to report
            raise
        return size

    def drop_graph(self, graph_iri: URIRef) -> None:
        """Remove the named graph ``graph_iri`` (nothing happens if it does not exist)."""
        self._update(f"DROP SILENT GRAPH {graph_ntriples(graph_iri)}",
                     f"dropping graph <{graph_iri}>")

    def dump(self, path: str | Path, format: str = "nquads") -> None:
        """Write every named graph to ``path`` as N-Quads (``"nquads"``) or TriG (``"trig"``)."""
        if format not in ("nquads", "trig"):
            raise StoreError(f"cannot dump as {format!r}; use 'nquads' or 'trig'")
        result = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        try:
            if format == "nquads":
                with open(path, "w", encoding="utf-8") as out:
                    for s, p, o, g in result.rows:
                        out.write(f"{ntriples(s)} {ntriples(p)} {ntriples(o)} {ntriples(g)} .\n")
                return
            dataset = rdflib.Dataset()
            for name, namespace in PREFIXES.items():
                dataset.bind(name, namespace, override=True)
            for s, p, o, g in result.rows:
                dataset.add((s, p, o, g))
            dataset.serialize(destination=str(path), format="trig")
        except OSError as err:
            raise StoreError(f"cannot write the dump to {path}: {err}") from err

    # --- lifecycle -------------------------------------------------------------------

    def close(self) -> None:
        """Nothing to release: every request opens and closes its own connection."""

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint_url!r}, update_url={self.update_url!r})"

    # --- helpers ---------------------------------------------------------------------

    def _wrapper(self) -> SPARQLWrapper:
        wrapper = SPARQLWrapper(self.endpoint_url, updateEndpoint=self.update_url)
        wrapper.setTimeout(int(max(1, self.timeout)))
        if self._credentials is not None:
            wrapper.setHTTPAuth(DIGEST if self._credentials.scheme == "digest" else BASIC)
            wrapper.setCredentials(self._credentials.user, self._credentials.password)
        return wrapper

    def _render(self, graph_iri: URIRef, triples: list[Triple], *, drop_first: bool):
        try:
            return render_insert_data(graph_iri, triples, drop_first=drop_first)
        except ValueError as err:
            raise StoreError(f"cannot send graph <{graph_iri}> to {self.update_url}: {err}; "
                             "fix the term (IRIs must not contain spaces, <, > or quotes)") from err

    def _update(self, update: str, action: str, *, repeatable: bool = True) -> None:
        if self.read_only:
            raise StoreError(f"{self.update_url}: {action}: the store was opened read-only")
        wrapper = self._wrapper()
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(POSTDIRECTLY)
        wrapper.setQuery(update)
        send(lambda: wrapper.query().response.read(), url=self.update_url, action=action,
             timeout=self.timeout, retries=self.retries, backoff=self.backoff,
             repeatable=repeatable)


def _has_blank_nodes(triples: list[Triple]) -> bool:
    return any(isinstance(s, BNode) or isinstance(o, BNode) for s, _, o in triples)


def _default_update_url(endpoint_url: str) -> str:
    for suffix in ("/query", "/sparql"):
        if endpoint_url.rstrip("/").endswith(suffix):
            return endpoint_url.rstrip("/")[: -len(suffix)] + "/update"
    return endpoint_url


def _batches(triples: Iterable[Triple], size: int) -> Iterable[list[Triple]]:
    """Split ``triples`` into lists of about ``size``, keeping each blank node's triples together.

    INSERT DATA makes blank nodes fresh per request, so triples that share a blank node (a
    RouteLeg and its properties, say) must be sent in the same request.
    """
    parent: dict[BNode, BNode] = {}

    def find(node: BNode) -> BNode:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    triples = list(triples)
    for s, _, o in triples:
        nodes = [term for term in (s, o) if isinstance(term, BNode)]
        for node in nodes:
            parent.setdefault(node, node)
        if len(nodes) == 2:
            parent[find(nodes[0])] = find(nodes[1])
    groups: dict[object, list[Triple]] = {}
    for index, (s, p, o) in enumerate(triples):
        node = s if isinstance(s, BNode) else o if isinstance(o, BNode) else None
        key = find(node) if node is not None else index
        groups.setdefault(key, []).append((s, p, o))
    batch: list[Triple] = []
    for group in groups.values():
        if batch and len(batch) + len(group) > size:
            yield batch
            batch = []
        batch.extend(group)
    if batch:
        yield batch
