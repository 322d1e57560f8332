"""Copying a store's named graphs to a SPARQL server, and checking the copy.

Each named graph is replaced whole on the server — the ontology, the reference data and one
graph per document — by a writer: :class:`~corridorkg.store.remote.RemoteStore` (SPARQL 1.1
Update) or :class:`~corridorkg.store.graph_store.GraphStoreClient` (Graph Store Protocol).
Graphs on the server that the store does not have are left alone. Pushing again replaces the
same graphs, so a push that failed half-way is finished by running it again.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import rdflib
from rdflib import URIRef

from ..errors import StoreError

__all__ = ["GraphWriter", "PushReport", "push_graphs", "compare_graph_sizes"]


class GraphWriter(Protocol):
    def replace_graph(self, graph_iri: URIRef, graph: rdflib.Graph) -> int: ...


@dataclass
class PushReport:
    """What a push sent: graph IRI -> number of triples, in the order sent."""

    pushed: dict[URIRef, int] = field(default_factory=dict)

    @property
    def triples(self) -> int:
        return sum(self.pushed.values())


def push_graphs(source, writer: GraphWriter, *, graphs: Sequence[URIRef] | None = None,
                progress: Callable[[Iterable[URIRef]], Iterable[URIRef]] | None = None,
                ) -> PushReport:
    """Replace each named graph of ``source`` (or only ``graphs``) on the server.

    Args:
        source: the store to copy from (it needs ``graphs()`` and ``read_graph()``).
        writer: where to write.
        graphs: the graphs to send; all of the source's by default.
        progress: wraps the iteration over graphs (e.g. ``tqdm``).

    Raises:
        StoreError: a graph the source does not hold was asked for, or the server failed; the
            message says how many graphs were sent before.
    """
    available = source.graphs()
    if graphs is None:
        chosen = list(available)
    else:
        missing = [graph_iri for graph_iri in graphs if graph_iri not in set(available)]
        if missing:
            raise StoreError(f"the store has no graph {', '.join(f'<{g}>' for g in missing)}; "
                             "see `corridorkg query graphs` for the graphs it holds")
        chosen = list(graphs)
    report = PushReport()
    for graph_iri in (progress(chosen) if progress else chosen):
        try:
            report.pushed[graph_iri] = writer.replace_graph(graph_iri, source.read_graph(graph_iri))
        except StoreError as err:
            if not report.pushed:
                raise
            raise StoreError(f"{err} ({len(report.pushed)} of {len(chosen)} graphs were pushed "
                             "before; push again to finish: it replaces graphs whole)") from err
    return report


def compare_graph_sizes(expected: dict[URIRef, int], actual: dict[URIRef, int]
                        ) -> list[tuple[URIRef, int, int]]:
    """The graphs of ``expected`` whose triple count differs in ``actual``: (graph, want, got)."""
    return [(graph_iri, size, actual.get(graph_iri, 0)) for graph_iri, size in expected.items()
            if actual.get(graph_iri, 0) != size]
