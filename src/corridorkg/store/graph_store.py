"""Writing named graphs through the SPARQL 1.1 Graph Store HTTP Protocol.

One ``PUT <url>?graph=<graph IRI>`` per graph, with the graph as N-Triples in a ``text/turtle``
body (N-Triples is Turtle, and every server reads Turtle), replaces the graph whole; the server
applies it as one request, and sending it again gives the same graph, so a timeout or a 5xx
answer is retried. Where the graph store lives:

=================  =================================================================
Oxigraph           ``http://host:7878/store``
Apache Jena Fuseki ``http://host:3030/DATASET/data``
GraphDB            ``http://host:7200/repositories/REPO/rdf-graphs/service``
Virtuoso           ``http://host:8890/sparql-graph-crud-auth`` (digest authentication)
=================  =================================================================
"""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

import rdflib
from rdflib import URIRef

from ..errors import StoreError
from .http import Credentials, check_url, send
from .results import graph_ntriples, render_ntriples_lines

__all__ = ["GraphStoreClient"]


class GraphStoreClient:
    """A SPARQL 1.1 Graph Store Protocol endpoint that corridorkg writes named graphs to.

    Args:
        url: the graph store URL (see the module docstring).
        credentials: HTTP basic or digest authentication.
        timeout: seconds to wait for an answer.
        retries: how many times to ask again after a timeout or a 5xx answer.
        backoff: seconds before the first retry, doubled for each next one.
        graph_parameter: the query parameter naming the graph (``graph`` in the standard).
    """

    def __init__(self, url: str, *, credentials: Credentials | None = None, timeout: float = 60,
                 retries: int = 0, backoff: float = 1.0, graph_parameter: str = "graph"):
        self.url = check_url(url, what="graph store")
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.graph_parameter = graph_parameter
        self._credentials = credentials

    def replace_graph(self, graph_iri: URIRef, graph: rdflib.Graph) -> int:
        """Replace the named graph ``graph_iri`` by the triples of ``graph``; return their number.

        Raises:
            StoreError: a term cannot be written, or the server refused or failed.
        """
        graph_ntriples(graph_iri)  # a StoreError for a graph name that is not an IRI
        try:
            lines = render_ntriples_lines(graph.triples((None, None, None)))
        except ValueError as err:
            raise StoreError(f"cannot send graph <{graph_iri}> to {self.url}: {err}; "
                             "fix the term (IRIs must not contain spaces, <, > or quotes)") from err
        body = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
        self._request("PUT", graph_iri, body, f"replacing graph <{graph_iri}>")
        return len(lines)

    def drop_graph(self, graph_iri: URIRef) -> None:
        """Remove the named graph ``graph_iri`` (nothing happens if it does not exist)."""
        try:
            self._request("DELETE", graph_iri, None, f"dropping graph <{graph_iri}>")
        except StoreError as err:
            if "HTTP 404" not in str(err):  # the protocol answers 404 for a missing graph
                raise

    def __repr__(self) -> str:
        return f"GraphStoreClient({self.url!r})"

    def _request(self, method: str, graph_iri: URIRef, body: bytes | None, action: str) -> None:
        separator = "&" if urllib.parse.urlsplit(self.url).query else "?"
        target = self.url + separator + urllib.parse.urlencode({self.graph_parameter: graph_iri})

        def request() -> None:
            message = urllib.request.Request(target, data=body, method=method)
            if body is not None:
                message.add_header("Content-Type", "text/turtle")
            authorization = self._authorization(message) if self._credentials else ""
            if authorization:
                message.add_header("Authorization", authorization)
            with urllib.request.urlopen(message, timeout=self.timeout) as response:
                response.read()

        send(request, url=self.url, action=action, timeout=self.timeout, retries=self.retries,
             backoff=self.backoff)

    def _authorization(self, message: urllib.request.Request) -> str:
        """The Authorization header, sent with the first request (so a large body goes once).

        Digest needs the server's challenge first: a HEAD request (no body) fetches it. A server
        that answers a large upload with 401 may close the connection before reading it, which
        the client sees as a broken pipe rather than the 401.
        """
        if self._credentials.scheme == "basic":
            return self._credentials.basic_header()
        probe = urllib.request.Request(message.full_url, method="HEAD")
        try:
            with urllib.request.urlopen(probe, timeout=self.timeout):
                return ""  # the server asks for no authentication
        except urllib.error.HTTPError as err:
            challenge = err.headers.get("WWW-Authenticate", "")
            if err.code != 401 or not challenge.lower().startswith("digest "):
                raise
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, message.full_url, self._credentials.user,
                               self._credentials.password)
        handler = urllib.request.HTTPDigestAuthHandler(passwords)
        fields = urllib.request.parse_keqv_list(
            urllib.request.parse_http_list(challenge[len("digest "):]))
        authorization = handler.get_authorization(message, fields)
        if authorization is None:
            raise StoreError(f"{self.url}: the server's digest challenge cannot be answered "
                             f"({challenge}); try --auth basic")
        return f"Digest {authorization}"
