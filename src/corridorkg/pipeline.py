"""The build: documents → mentions → entities → facts → triples → store.

The only module that imports every stage. One document's failure is recorded and the build goes
on; each document's named graph is replaced in one transaction, so the store never holds half a
document.
"""
from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from .documents import Document, read_documents
from .errors import CorridorKGError
from .facts import Extraction, extract_facts
from .linking import link_mentions, load_gazetteer
from .mentions import analyse
from .store import TripleStore, load_curated_data
from .triples import facts_to_graph, graph_iri

Progress = Callable[[Iterable[Document]], Iterable[Document]]


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)       # document ids written to the store
    unchanged: list[str] = field(default_factory=list)   # skipped: same content as stored
    failed: list[CorridorKGError] = field(default_factory=list)   # bad input: not stored
    degraded: list[str] = field(default_factory=list)  # stored, but a stage failed (see warnings)
    triples: int = 0
    facts: dict[str, int] = field(default_factory=dict)  # fact kind -> count (built documents)

    @property
    def ok(self) -> bool:
        return not self.failed


def extract_document(document: Document) -> Extraction:
    """Run every extraction stage on one document."""
    return extract_facts(link_mentions(analyse(document)))


def _degraded_extraction(document: Document) -> Extraction:
    """Entities without facts, or the bare document, when a later stage fails on it."""
    try:
        return Extraction(link_mentions(analyse(document)))
    except Exception:  # noqa: BLE001 - still store the document itself
        from .mentions import Analysis
        from .linking import Linked
        return Extraction(Linked(Analysis(document, (), (), ()), []))


def document_graph(document: Document) -> Graph:
    """The named-graph content of one document."""
    return facts_to_graph(extract_document(document))


def build(paths: Iterable[Path | str], *, store: TripleStore, force: bool = False,
          progress: Progress | None = None) -> BuildReport:
    """Build (or update) the store from the documents under ``paths``.

    Args:
        paths: files and folders of articles (.txt, .jsonl).
        store: where the graph goes; the ontology and reference data are (re)loaded into it.
        force: rebuild documents whose content is unchanged too.
        progress: wraps the document iterator (e.g. ``tqdm``) to show progress.

    Returns:
        what was built, skipped and failed; failures do not stop the build.
    """
    report = BuildReport()
    gazetteer = load_gazetteer()
    load_curated_data(store)
    stored = {} if force else store.document_hashes()
    documents: Iterator[Document] = read_documents(paths, errors=report.failed,
                                                   known_words=gazetteer.known_words)
    for document in (progress(documents) if progress else documents):
        if stored.get(document.id) == document.content_hash:
            report.unchanged.append(document.id)
            continue
        try:
            extraction = extract_document(document)
        except CorridorKGError as err:
            report.failed.append(err)
            continue
        except Exception as err:  # an extractor bug must not lose the document or stop the batch
            extraction = _degraded_extraction(document)
            where = traceback.extract_tb(err.__traceback__)[-1]
            report.degraded.append(
                f"{document.source}: fact extraction failed ({type(err).__name__}: {err} at "
                f"{Path(where.filename).name}:{where.lineno}); stored its entities only — "
                "please report this document")
        graph = facts_to_graph(extraction)
        report.triples += store.replace_graph(graph_iri(document.id), graph)
        report.built.append(document.id)
        for fact in extraction.facts:
            kind = type(fact).__name__
            report.facts[kind] = report.facts.get(kind, 0) + 1
    return report
