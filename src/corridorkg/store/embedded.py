"""The embedded store: a pyoxigraph (RocksDB) store in a local folder.

Queries see the union of all named graphs as their default graph, as ``oxigraph serve
--union-default-graph`` does, so the same query files run on both backends.

Replacing a graph is one transaction. pyoxigraph 0.5 has no transaction object: ``Store.update``
runs one SPARQL update request — all of its operations — in a single transaction, while
``Store.extend`` is a transaction of its own, so "drop, then extend" would be two and a crash
between them would leave the document's graph empty. :meth:`EmbeddedStore.replace_graph` therefore
sends one request, ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { ... } }``, whose terms are
written by pyoxigraph's own N-Triples serialiser (see ``results.ntriples``), never pasted from text.
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib import URIRef

from ..errors import QueryError, StoreError
from ..vocab import PREFIXES
from .bindings import bind_values, check_bindings
from .lock import LOCKED_BY_WRITER, StoreLock
from .results import (QueryResult, count_triples, count_triples_by_graph, from_oxigraph,
                      graph_ntriples, read_document_hashes, render_insert_data)

__all__ = ["EmbeddedStore"]

_DUMP_FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}


class EmbeddedStore:
    """A corridorkg store in a local folder (pyoxigraph, RocksDB).

    Only one process may open a folder read-write at a time.

    >>> with EmbeddedStore(tmp_path / "store") as store:            # doctest: +SKIP
    ...     store.replace_graph(graph_iri, graph)
    ...     store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
    """

    def __init__(self, path: str | Path, *, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        self._lock = StoreLock(self.path, shared=read_only)
        try:
            if not read_only:
                self.path.mkdir(parents=True, exist_ok=True)   # a new store, in a new folder
            self._lock.acquire()
            if read_only:
                self._store: ox.Store | None = ox.Store.read_only(str(self.path))
            else:
                self._store = ox.Store(str(self.path))
        except (OSError, ValueError) as err:
            self._lock.release()
            raise _store_error(self.path, "cannot open the store", err) from err
        except StoreError:
            self._lock.release()
            raise

    @classmethod
    def open_read_only(cls, path: str | Path) -> EmbeddedStore:
        """Open an existing store for queries only (no lock, no writes)."""
        return cls(path, read_only=True)

    # --- reading ---------------------------------------------------------------------

    def query(self, sparql: str, *, bindings: Mapping[str, object] | None = None) -> QueryResult:
        """Run a SPARQL query over the union of the graphs.

        ``bindings`` give values to the query's variables (``{"country": URIRef(...)}``). They
        are written as a VALUES block at the end of the WHERE group (see
        :mod:`corridorkg.store.bindings`), exactly as :class:`RemoteStore` sends them, so both
        backends answer alike and FILTERs see the values.

        Raises:
            QueryError: the query does not parse, or a binding is unusable.
            StoreError: the store failed while reading.
        """
        store = self._open()
        text = bind_values(sparql, check_bindings(sparql, bindings))
        try:
            result = store.query(text, use_default_graph_as_union=True)
            if isinstance(result, ox.QueryBoolean):
                return QueryResult.from_boolean(bool(result))
            if isinstance(result, ox.QueryTriples):
                graph = rdflib.Graph()
                for triple in result:
                    graph.add((from_oxigraph(triple.subject), from_oxigraph(triple.predicate),
                               from_oxigraph(triple.object)))
                return QueryResult.from_graph(graph)
            columns = [variable.value for variable in result.variables]
            rows = [tuple(from_oxigraph(value) for value in solution) for solution in result]
            return QueryResult(columns=columns, rows=rows)
        except SyntaxError as err:
            raise QueryError(f"the query does not parse: {err}") from err
        except RuntimeError as err:  # evaluation errors
            raise QueryError(f"the query cannot run: {err}; check the query") from err
        except OSError as err:
            raise _store_error(self.path, "query failed", err) from err

    def graphs(self) -> list[URIRef]:
        """The named graphs in the store, sorted."""
        store = self._open()
        try:
            names = list(store.named_graphs())
        except OSError as err:
            raise _store_error(self.path, "cannot list the graphs", err) from err
        return sorted(URIRef(name.value) for name in names if isinstance(name, ox.NamedNode))

    def document_hashes(self) -> dict[str, str]:
        """Document identifier -> ``ckg:contentHash`` of every document graph in the store."""
        return read_document_hashes(self)

    def count(self, graph_iri: URIRef | None = None) -> int:
        """The number of triples in ``graph_iri``, or in all named graphs together."""
        return count_triples(self, graph_iri)

    def graph_sizes(self) -> dict[URIRef, int]:
        """Named graph -> number of triples, for every named graph that holds any."""
        return count_triples_by_graph(self)

    def read_graph(self, graph_iri: URIRef) -> rdflib.Graph:
        """The triples of the named graph ``graph_iri`` (empty if there is no such graph)."""
        store = self._open()
        graph_term = ox.NamedNode(str(graph_iri))
        graph = rdflib.Graph(identifier=graph_iri)
        try:
            for quad in store.quads_for_pattern(None, None, None, graph_term):
                graph.add((from_oxigraph(quad.subject), from_oxigraph(quad.predicate),
                           from_oxigraph(quad.object)))
        except OSError as err:
            raise _store_error(self.path, f"cannot read graph <{graph_iri}>", err) from err
        return graph

    # --- writing ---------------------------------------------------------------------

    def replace_graph(self, graph_iri: URIRef, graph: rdflib.Graph) -> int:
        """Replace the named graph ``graph_iri`` by the triples of ``graph``, atomically.

        Returns the number of triples written. Readers see the old graph or the new one,
        never a mix, and a failure leaves the old graph in place.
        """
        store = self._open()
        try:
            update, size = render_insert_data(graph_iri, graph.triples((None, None, None)),
                                              drop_first=True)
        except ValueError as err:
            raise StoreError(f"{self.path}: cannot store graph <{graph_iri}>: {err}; "
                             "fix the term (IRIs must not contain spaces, <, > or quotes)") from err
        self._update(store, update, f"replacing graph <{graph_iri}> failed")
        return size

    def drop_graph(self, graph_iri: URIRef) -> None:
        """Remove the named graph ``graph_iri`` (nothing happens if it does not exist)."""
        store = self._open()
        self._update(store, f"DROP SILENT GRAPH {graph_ntriples(graph_iri)}",
                     f"dropping graph <{graph_iri}> failed")

    # --- bulk loading (used by pipeline.py and distributed.py) -----------------------

    def load_nquads(self, data: bytes | str | Path, *, bulk: bool = False) -> None:
        """Add N-Quads (``bytes``/``str``, or a file ``Path``) to the graphs they name.

        With ``bulk=False`` the load is one transaction: all of it is written, or nothing.
        ``bulk=True`` uses pyoxigraph's bulk loader, about twice as fast but not atomic: a
        failure may leave part of the data written, so the caller must be able to tell and
        redo it (pipeline.py writes a document's content hash last, in a transaction of its
        own). Blank nodes are fresh to each call.

        Raises:
            StoreError: the data do not parse, or the store failed.
        """
        store = self._open()
        action = f"loading N-Quads{' in bulk' if bulk else ''} failed"
        if self.read_only:
            raise StoreError(f"{self.path}: {action}: the store was opened read-only; "
                             "open it without read_only to write")
        source = {"path": str(data)} if isinstance(data, Path) else {"input": data}
        try:
            (store.bulk_load if bulk else store.load)(format=ox.RdfFormat.N_QUADS, **source)
        except SyntaxError as err:
            raise StoreError(f"{self.path}: {action}: {err}; the N-Quads are malformed") from err
        except (OSError, ValueError) as err:
            raise _store_error(self.path, action, err) from err

    def flush(self) -> None:
        """Write what transactions left in memory to disk.

        RocksDB keeps recent writes in memory tables until they grow large; a build flushes
        after each batch so that its memory stays flat however many documents it writes
        (bench/RESULTS.md, section 7). The data are durable either way.
        """
        store = self._open()
        if self.read_only:
            return
        try:
            store.flush()
        except OSError as err:
            raise _store_error(self.path, "flushing the store to disk failed", err) from err

    def dump(self, path: str | Path, format: str = "nquads") -> None:
        """Write every named graph to ``path`` as N-Quads (``"nquads"``) or TriG (``"trig"``)."""
        store = self._open()
        if format not in _DUMP_FORMATS:
            raise StoreError(f"cannot dump as {format!r}; use 'nquads' or 'trig'")
        prefixes = {name: str(namespace) for name, namespace in PREFIXES.items()}
        try:
            store.dump(str(path), _DUMP_FORMATS[format],
                       prefixes=prefixes if format == "trig" else None)
        except (OSError, ValueError) as err:
            raise _store_error(self.path, f"cannot dump to {path}", err) from err

    # --- lifecycle -------------------------------------------------------------------

    def close(self) -> None:
        """Release the store (and its lock). Closing twice is harmless."""
        store, self._store = self._store, None
        try:
            if store is not None and not self.read_only:
                store.flush()
        except OSError as err:
            raise _store_error(self.path, "cannot flush the store", err) from err
        finally:
            del store  # pyoxigraph releases the RocksDB lock when the Store is freed
            self._lock.release()

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "read-write"
        state = "closed" if self._store is None else mode
        return f"EmbeddedStore({str(self.path)!r}, {state})"

    # --- helpers ---------------------------------------------------------------------

    def _open(self) -> ox.Store:
        if self._store is None:
            raise StoreError(f"{self.path}: the store is closed; open it again with open_store()")
        return self._store

    def _update(self, store: ox.Store, update: str, action: str) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: {action}: the store was opened read-only; "
                             "open it without read_only to write")
        try:
            store.update(update)
        except SyntaxError as err:  # a term pyoxigraph rendered but cannot read back: a bug
            raise StoreError(f"{self.path}: {action}: {err}") from err
        except (OSError, RuntimeError) as err:
            raise _store_error(self.path, action, err) from err


def _store_error(path: Path, action: str, err: Exception) -> StoreError:
    """A StoreError saying what failed, where, and what to do about it."""
    text = str(err)
    lowered = text.lower()
    if "lock" in lowered:
        hint = LOCKED_BY_WRITER
    elif "not a directory" in lowered or (path.exists() and not path.is_dir()):
        hint = "the store location must be a folder, and this is a file; choose another --store"
    elif isinstance(err, FileNotFoundError) or "no such file" in lowered:
        hint = "there is no store there yet; build one first (corridorkg build ... --store PATH)"
    elif "read-only" in lowered or "read-write" in lowered:
        hint = "the store was opened read-only; open it without read_only to write"
    elif "permission" in lowered:
        hint = "check the folder's permissions"
    else:
        hint = "check that the folder holds an Oxigraph 0.5 store and the disk is not full"
    return StoreError(f"{path}: {action}: {text}; {hint}")
