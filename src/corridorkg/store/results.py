"""Query results and RDF term conversion shared by the store backends.

A :class:`QueryResult` is backend-neutral: its cells are rdflib terms (``URIRef``, ``Literal``,
``BNode``) or ``None`` for an unbound variable, whichever store produced them. It writes itself
as SPARQL 1.1 CSV, SPARQL 1.1 JSON results, or an aligned text table for a terminal.

Terms cross into pyoxigraph (and into SPARQL text) through one pair of functions,
:func:`to_oxigraph` and :func:`from_oxigraph`; :func:`ntriples` renders a term in N-Triples
syntax via pyoxigraph, so every term that enters a query or an update is escaped by a library,
never pasted.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Literal as TypingLiteral

import pyoxigraph as ox
import rdflib
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import BNode, Identifier, Literal, Node, URIRef

from ..errors import QueryError, StoreError
from ..vocab import CKG, PREFIXES

__all__ = ["QueryResult", "Term", "to_term", "to_oxigraph", "from_oxigraph", "ntriples",
           "parse_json_results", "parse_graph", "render_insert_data", "render_ntriples_lines",
           "graph_ntriples", "read_document_hashes", "count_triples", "count_triples_by_graph"]

Term = URIRef | Literal | BNode
Cell = Term | None

_XSD_STRING = str(XSD.string)
_RDF_LANGSTRING = str(RDF.langString)


# --- term conversion -------------------------------------------------------------------

def to_term(value: object) -> Term:
    """An rdflib term for a binding value: terms pass through, Python values become literals.

    A plain ``str`` becomes a string literal, never an IRI: wrap IRIs in ``URIRef``.
    """
    if isinstance(value, (URIRef, Literal, BNode)):
        return value
    if isinstance(value, Identifier):
        raise QueryError(f"cannot bind {value!r}: only IRIs, literals and blank nodes can be bound")
    if isinstance(value, (str, int, float, bool, Decimal, date, datetime)):
        return Literal(value)
    raise QueryError(f"cannot bind {value!r} ({type(value).__name__}); "
                     "pass an rdflib URIRef or Literal, or a str/int/float/bool/date")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term for an rdflib term. Raises ``ValueError`` for an invalid IRI."""
    try:
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(str(term))
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype is not None:
                return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
            return ox.Literal(str(term))
    except ValueError as err:
        shown = term.n3() if isinstance(term, Literal) else repr(str(term))
        raise ValueError(f"{shown}: {err}") from err
    raise ValueError(f"{term!r} is not an IRI, a blank node or a literal")


def from_oxigraph(term: object) -> Cell:
    """The rdflib term for a pyoxigraph term (``None`` stays ``None``)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _RDF_LANGSTRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise ValueError(f"unsupported RDF term {term!r} (RDF-star triple terms are not used here)")


def ntriples(term: Node) -> str:
    """The N-Triples form of an rdflib term, escaped by pyoxigraph: safe inside SPARQL text."""
    return str(to_oxigraph(term))


# --- results ---------------------------------------------------------------------------

_TEXT_PREFIXES = {
    **{name: str(ns) for name, ns in PREFIXES.items()},
    "rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL), "xsd": str(XSD), "skos": str(SKOS),
    "prov": str(PROV),
}
# longest namespace first, so id: wins over the corridorkg base it shares a prefix with
_TEXT_PREFIXES_BY_LENGTH = sorted(_TEXT_PREFIXES.items(), key=lambda item: -len(item[1]))


@dataclass(frozen=True)
class QueryResult:
    """The answer to a query.

    ``kind`` is ``"select"`` (``columns`` and ``rows``), ``"ask"`` (``boolean``) or ``"graph"``
    (CONSTRUCT/DESCRIBE: ``graph``, and ``rows`` of subject, predicate, object).
    Cells are rdflib terms, or ``None`` where a variable is unbound.
    """

    columns: list[str]
    rows: list[tuple[Cell, ...]]
    kind: TypingLiteral["select", "ask", "graph"] = "select"
    boolean: bool | None = None
    graph: rdflib.Graph | None = field(default=None, compare=False)

    @classmethod
    def from_boolean(cls, answer: bool) -> QueryResult:
        return cls(columns=[], rows=[], kind="ask", boolean=bool(answer))

    @classmethod
    def from_graph(cls, graph: rdflib.Graph) -> QueryResult:
        rows = sorted(graph.triples((None, None, None)),
                      key=lambda triple: tuple((type(term).__name__, str(term)) for term in triple))
        return cls(columns=["subject", "predicate", "object"], rows=rows, kind="graph", graph=graph)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[Cell, ...]]:
        return iter(self.rows)

    def records(self) -> list[dict[str, object]]:
        """Rows as dicts of Python values (``Literal.toPython()``; IRIs stay ``URIRef``)."""
        return [{name: (cell.toPython() if isinstance(cell, Literal) else cell)
                 for name, cell in zip(self.columns, row)} for row in self.rows]

    # -- writers --------------------------------------------------------------------

    def to_csv(self, file: IO[str] | str | Path) -> None:
        """Write SPARQL 1.1 CSV results: bare IRIs, lexical forms, empty cells for unbound."""
        with _text_output(file) as out:
            writer = csv.writer(out, lineterminator="\r\n")
            if self.kind == "ask":
                writer.writerow(["boolean"])
                writer.writerow(["true" if self.boolean else "false"])
                return
            writer.writerow(self.columns)
            for row in self.rows:
                writer.writerow([_csv_cell(cell) for cell in row])

    def to_json(self, file: IO[str] | str | Path) -> None:
        """Write SPARQL 1.1 JSON results (JSON-LD for CONSTRUCT/DESCRIBE results)."""
        with _text_output(file) as out:
            if self.kind == "graph":
                out.write(self.graph.serialize(format="json-ld", indent=1) + "\n")
                return
            if self.kind == "ask":
                document: dict = {"head": {}, "boolean": bool(self.boolean)}
            else:
                document = {"head": {"vars": list(self.columns)}, "results": {"bindings": [
                    {name: _json_cell(cell) for name, cell in zip(self.columns, row)
                     if cell is not None}
                    for row in self.rows]}}
            json.dump(document, out, ensure_ascii=False, indent=1)
            out.write("\n")

    def to_turtle(self, file: IO[str] | str | Path) -> None:
        """Write a CONSTRUCT/DESCRIBE result as Turtle."""
        if self.kind != "graph":
            raise QueryError("only CONSTRUCT and DESCRIBE results can be written as Turtle")
        with _text_output(file) as out:
            out.write(self._turtle())

    def to_table(self, *, max_width: int = 48) -> str:
        """An aligned text table for a terminal; long cells are cut to ``max_width`` characters.

        IRIs are shortened with corridorkg's prefixes (``id:country/KZ``). A CONSTRUCT result is
        shown as Turtle, an ASK result as ``true`` or ``false``.
        """
        if self.kind == "ask":
            return "true" if self.boolean else "false"
        if self.kind == "graph":
            return self._turtle()
        header = [_truncate(name, max_width) for name in self.columns]
        body = [[_truncate(_table_cell(cell), max_width) for cell in row] for row in self.rows]
        widths = [max([len(header[i]), *(len(row[i]) for row in body)])
                  for i in range(len(header))]
        lines = ["  ".join(text.ljust(width) for text, width in zip(header, widths)).rstrip(),
                 "  ".join("-" * width for width in widths)]
        lines += ["  ".join(text.ljust(width) for text, width in zip(row, widths)).rstrip()
                  for row in body]
        lines.append(f"({len(self.rows)} row{'' if len(self.rows) == 1 else 's'})")
        return "\n".join(lines)

    def _turtle(self) -> str:
        graph = rdflib.Graph()
        for name, namespace in _TEXT_PREFIXES.items():
            graph.bind(name, namespace, override=True)
        for triple in self.graph.triples((None, None, None)):
            graph.add(triple)
        return graph.serialize(format="turtle")


@contextmanager
def _text_output(file: IO[str] | str | Path) -> Iterator[IO[str]]:
    if isinstance(file, (str, Path)):
        with open(file, "w", encoding="utf-8", newline="") as out:
            yield out
    else:
        yield file


def _csv_cell(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, BNode):
        return f"_:{cell}"
    return str(cell)


def _json_cell(cell: Term) -> dict[str, str]:
    if isinstance(cell, URIRef):
        return {"type": "uri", "value": str(cell)}
    if isinstance(cell, BNode):
        return {"type": "bnode", "value": str(cell)}
    value = {"type": "literal", "value": str(cell)}
    if cell.language:
        value["xml:lang"] = cell.language
    elif cell.datatype is not None and str(cell.datatype) != _XSD_STRING:
        value["datatype"] = str(cell.datatype)
    return value


def _table_cell(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, URIRef):
        for name, namespace in _TEXT_PREFIXES_BY_LENGTH:
            if cell.startswith(namespace):
                return f"{name}:{cell[len(namespace):]}"
        return f"<{cell}>"
    if isinstance(cell, BNode):
        return f"_:{cell}"
    text = str(cell).replace("\n", " ")
    return f"{text}@{cell.language}" if cell.language else text


def _truncate(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def parse_json_results(document: Mapping) -> QueryResult:
    """A QueryResult from a SPARQL 1.1 JSON results document (SELECT or ASK)."""
    if "boolean" in document:
        return QueryResult.from_boolean(bool(document["boolean"]))
    columns = list(document.get("head", {}).get("vars", []))
    rows = [tuple(_term_from_json(binding.get(name)) for name in columns)
            for binding in document.get("results", {}).get("bindings", [])]
    return QueryResult(columns=columns, rows=rows)


def _term_from_json(value: Mapping | None) -> Cell:
    if value is None:
        return None
    kind = value.get("type")
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return Literal(value["value"], lang=value["xml:lang"])
        datatype = value.get("datatype")
        if datatype and datatype not in (_XSD_STRING, _RDF_LANGSTRING):
            return Literal(value["value"], datatype=URIRef(datatype))
        return Literal(value["value"])
    raise ValueError(f"unsupported term in SPARQL JSON results: {value!r}")


def parse_graph(data: bytes, *, content_type: str) -> rdflib.Graph:
    """An rdflib graph from a CONSTRUCT/DESCRIBE response body."""
    formats = {"text/turtle": "turtle", "application/n-triples": "nt",
               "application/rdf+xml": "xml", "application/ld+json": "json-ld",
               "text/n3": "n3"}
    media = content_type.split(";")[0].strip().lower()
    graph = rdflib.Graph()
    graph.parse(data=data, format=formats.get(media, "turtle"))
    return graph


# --- updates ----------------------------------------------------------------------

def graph_ntriples(graph_iri: object) -> str:
    """The N-Triples form of a named graph's IRI.

    Raises:
        StoreError: ``graph_iri`` is not an rdflib ``URIRef`` holding a valid IRI.
    """
    if not isinstance(graph_iri, URIRef):
        raise StoreError(f"a graph name must be a URIRef, not {graph_iri!r}; "
                         "use the IRIs in corridorkg.vocab (vocab.GRAPH[doc_id])")
    try:
        return ntriples(graph_iri)
    except ValueError as err:
        raise StoreError(f"{graph_iri!r} is not a valid graph IRI: {err}") from err


def render_insert_data(graph_iri: URIRef, triples: Iterable[tuple[Node, Node, Node]], *,
                       drop_first: bool) -> tuple[str, int]:
    """A SPARQL update that (optionally) drops ``graph_iri`` and inserts ``triples`` into it.

    Every term is rendered by :func:`ntriples`. Blank nodes are relabelled ``_:b0, _:b1, ...``
    (INSERT DATA makes them fresh nodes of this request, shared only within it).
    Returns the update and the number of triples in it.
    """
    graph_term = graph_ntriples(graph_iri)
    lines = render_ntriples_lines(triples)
    parts = [f"DROP SILENT GRAPH {graph_term}"] if drop_first else []
    if lines:
        parts.append("INSERT DATA { GRAPH " + graph_term + " {\n" + "\n".join(lines) + "\n} }")
    return " ;\n".join(parts), len(lines)


def render_ntriples_lines(triples: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    """``triples`` as N-Triples lines, terms rendered by :func:`ntriples`, blank nodes ``_:bN``.

    Raises ``ValueError`` for a term that is not valid RDF (an IRI with a space).
    """
    labels: dict[BNode, str] = {}

    def render(term: Node) -> str:
        if isinstance(term, BNode):
            return labels.setdefault(term, f"_:b{len(labels)}")
        return ntriples(term)

    return [f"{render(s)} {render(p)} {render(o)} ." for s, p, o in triples]


# --- queries every backend runs -----------------------------------------------------------

_HASHES_QUERY = f"""
SELECT ?identifier ?hash WHERE {{
  GRAPH ?g {{ ?document a {ntriples(CKG.Document)} ;
                 {ntriples(CKG.identifier)} ?identifier ;
                 {ntriples(CKG.contentHash)} ?hash . }}
}}"""

_COUNT_ALL_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
_COUNT_GRAPH_QUERY = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def read_document_hashes(store) -> dict[str, str]:
    """Document identifier -> ``ckg:contentHash``, for every document graph in ``store``."""
    result = store.query(_HASHES_QUERY)
    return {str(identifier): str(hash_) for identifier, hash_ in result.rows}


def count_triples(store, graph_iri: URIRef | None) -> int:
    """The number of triples in the named graph ``graph_iri``, or in all named graphs."""
    if graph_iri is None:
        result = store.query(_COUNT_ALL_QUERY)
    else:
        result = store.query(_COUNT_GRAPH_QUERY, bindings={"g": graph_iri})
    return int(result.rows[0][-1].toPython()) if result.rows else 0


def count_triples_by_graph(store) -> dict[URIRef, int]:
    """Named graph -> number of triples, for every named graph in ``store`` that holds any."""
    result = store.query(_COUNT_GRAPH_QUERY)
    return {graph_iri: int(n.toPython()) for graph_iri, n in result.rows
            if isinstance(graph_iri, URIRef)}
