"""The query library: the .rq files in queries/, their declared parameters, and binding them.

Every query file opens with a comment that says what it answers, its parameters and its result
columns. The parameters are declared one per line, with a kind and whether they are required::

    # Parameters: ?country  (country, optional)          a country: a name ("Georgia"), ISO
    #                                                    code ("GE") or IRI
    #             ?year     (integer, optional)          the year of the meeting
    #             ?date     (date, required)             the day to look at, YYYY-MM-DD
    #             ?partner  (country, default Kazakhstan)
    # Parameters: none

Kinds, and what a value given on the command line becomes:

- ``person``, ``organization``, ``country``, ``region``, ``settlement``, ``port``, ``corridor``,
  ``place``, ``entity``: an IRI, given as one (``https://…``, ``<…>``, ``id:country/GE``) or
  **by name**: a label, an ISO/LOCODE code or the IRI's last segment, looked up in the store by
  a small query that binds the name as a literal — never pasted into SPARQL. An ambiguous or
  unknown name is an error that lists the candidates or the nearest labels.
- ``role``, ``metric``, ``unit``, ``status``, ``mode``, ``cargo``: a SKOS concept, by IRI, by
  label ("vice minister") or by local name (``trade_turnover``).
- ``iri``, ``string``, ``integer``, ``decimal``, ``date`` (``YYYY-MM-DD``).

A parameter without a kind (``?doc (optional)``) takes an IRI if the value looks like one, an
integer if it is one, and a string otherwise. A file without a ``Parameters:`` line accepts any
variable of the query, untyped.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from .. import resources
from ..errors import QueryError
from ..vocab import CKG, PREFIXES
from .bindings import query_variables
from .results import Term, ntriples

__all__ = ["Parameter", "LibraryQuery", "list_queries", "find_query", "read_query",
           "bind_parameters", "resolve_name", "ENTITY_KINDS", "CONCEPT_KINDS", "VALUE_KINDS"]

ENTITY_KINDS = {
    "person": CKG.Person, "organization": CKG.Organization, "country": CKG.Country,
    "region": CKG.Region, "settlement": CKG.Settlement, "port": CKG.Port,
    "corridor": CKG.Corridor, "place": CKG.Place, "entity": CKG.Entity,
}
CONCEPT_KINDS = {
    "role": CKG.Role, "metric": CKG.Metric, "unit": CKG.Unit, "status": CKG.Status,
    "mode": CKG.TransportMode, "cargo": CKG.CargoType,
}
VALUE_KINDS = ("iri", "string", "integer", "decimal", "date")
_KINDS = {*ENTITY_KINDS, *CONCEPT_KINDS, *VALUE_KINDS}

_SECTION = re.compile(r"^([A-Z][A-Za-z ]*):\s*(.*)$")
_ENTRY = re.compile(r"^((?:\?\w+\s*,\s*)*\?\w+)\s*(?:\(([^)]*)\))?\s*(.*)$")


@dataclass(frozen=True)
class Parameter:
    """A parameter a query file declares in its header comment."""

    name: str
    kind: str | None = None
    required: bool = False
    default: str | None = None
    description: str = ""

    def usage(self) -> str:
        """``?country (country, optional)``-style text for messages and listings."""
        spec = [self.kind] if self.kind else []
        if self.default is not None:
            spec.append(f"default {self.default}")
        else:
            spec.append("required" if self.required else "optional")
        return f"?{self.name} ({', '.join(spec)})"


@dataclass(frozen=True)
class LibraryQuery:
    """A query file and what its header declares.

    ``parameters`` is None when the header has no ``Parameters:`` line: any variable of the
    query may then be bound, untyped.
    """

    name: str
    path: Path
    text: str
    summary: str
    header: str
    parameters: tuple[Parameter, ...] | None

    def parameter(self, name: str) -> Parameter | None:
        for parameter in self.parameters or ():
            if parameter.name == name:
                return parameter
        return None


def read_query(path: Path) -> LibraryQuery:
    """Read a query file and parse its header comment.

    Raises:
        QueryError: the file cannot be read, or its Parameters declare an unknown kind.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as err:
        raise QueryError(f"{path}: cannot read the query file: {err}") from err
    header_lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header_lines.append(line[1:].removeprefix(" "))
    header = "\n".join(header_lines)
    first = header_lines[0] if header_lines else ""
    summary = first.split(":", 1)[1].strip() if ":" in first else first.strip()
    parameters = _parse_parameters(Path(path), header_lines)
    return LibraryQuery(name=Path(path).stem, path=Path(path), text=text, summary=summary,
                        header=header, parameters=parameters)


def list_queries(folder: Path | None = None) -> list[LibraryQuery]:
    """The library's queries: queries/*.rq, then the fact tables in queries/tables/*.rq."""
    folder = folder or resources.queries_dir()
    paths = sorted(folder.glob("*.rq")) + sorted((folder / "tables").glob("*.rq"))
    return [read_query(path) for path in paths]


def find_query(name: str, folder: Path | None = None) -> LibraryQuery:
    """A query by file path, or by name in the library (``who_met_whom``, ``positions``).

    Raises:
        QueryError: no such file or library query.
    """
    path = Path(name)
    if path.is_file():
        return read_query(path)
    folder = folder or resources.queries_dir()
    stem = name[:-3] if name.endswith(".rq") else name
    for candidate in (folder / f"{stem}.rq", folder / "tables" / f"{stem}.rq"):
        if candidate.is_file():
            return read_query(candidate)
    known = [query.name for query in list_queries(folder)]
    close = difflib.get_close_matches(stem, known, n=3)
    hint = f"did you mean {', '.join(close)}?" if close else "see `corridorkg queries`"
    raise QueryError(f"no query file or library query named {name!r}; {hint}")


def bind_parameters(query: LibraryQuery, values: Mapping[str, str], store) -> dict[str, Term]:
    """The bindings for ``values`` given as text (``{"country": "Georgia", "year": "2023"}``).

    Checks the names against the query's declared parameters, applies defaults, converts each
    value to its kind and resolves names to IRIs in ``store``.

    Raises:
        QueryError: an unknown parameter, a missing required one, or a value that is not of the
            parameter's kind or names nothing (or several things) in the store.
    """
    if query.parameters is None:
        variables = query_variables(query.text)
        for name in values:
            if name not in variables:
                raise QueryError(f"{query.name} has no variable ?{name} to bind")
        return {name: _untyped(value) for name, value in values.items()}
    declared = {parameter.name: parameter for parameter in query.parameters}
    for name in values:
        if name not in declared:
            close = difflib.get_close_matches(name, list(declared), n=1)
            known = ", ".join(p.usage() for p in query.parameters) or "none"
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise QueryError(f"{query.name} has no parameter {name!r}; {hint}"
                             f"its parameters: {known}")
    bindings: dict[str, Term] = {}
    for parameter in query.parameters:
        value = values.get(parameter.name, parameter.default)
        if value is None:
            if parameter.required:
                raise QueryError(
                    f"{query.name} needs --param {parameter.name}=VALUE: {parameter.usage()} "
                    f"{parameter.description}".rstrip())
            continue
        bindings[parameter.name] = _convert(parameter, value, store)
    return bindings


def resolve_name(store, name: str, kind: str) -> URIRef:
    """The IRI of the one entity or concept of ``kind`` that ``name`` labels in ``store``.

    Exact matches (ignoring case) of a preferred label win over alternative labels and codes,
    which win over the IRI's last segment.

    Raises:
        QueryError: nothing of that kind has this name (the message lists the nearest labels),
            or several things do (the message lists them).
    """
    type_iri = ENTITY_KINDS.get(kind) or CONCEPT_KINDS[kind]
    result = store.query(_lookup_query(type_iri, name))
    matches = [(int(best.toPython()), entity, str(label) if label is not None else "")
               for entity, best, label in result.rows]
    if not matches:
        labels = [str(row[0]) for row in store.query(_labels_query(type_iri)).rows]
        by_lower = {label.lower(): label for label in labels}
        close = [by_lower[match] for match in
                 difflib.get_close_matches(name.lower(), list(by_lower), n=3, cutoff=0.6)]
        hint = (f"did you mean {', '.join(repr(label) for label in close)}?" if close else
                "search with `corridorkg query entities_by_name --param name=...`, or give "
                "the IRI")
        raise QueryError(f"no {kind} is called {name!r} in the store; {hint}")
    best = min(rank for rank, _, _ in matches)
    chosen = sorted((str(entity), label) for rank, entity, label in matches if rank == best)
    if len(chosen) > 1:
        listed = "; ".join(f"{iri} ({label})" if label else iri for iri, label in chosen[:5])
        raise QueryError(f"{name!r} names {len(chosen)} things of kind {kind}: {listed}; "
                         "give the IRI instead")
    return URIRef(chosen[0][0])


# --- helpers -----------------------------------------------------------------------------

def _parse_parameters(path: Path, header_lines: list[str]) -> tuple[Parameter, ...] | None:
    section: list[str] | None = None
    for line in header_lines:
        match = _SECTION.match(line.strip()) if not line.startswith(" ") else None
        if match and match.group(1) == "Parameters":
            section = [match.group(2)]
        elif section is not None:
            if match or not line.strip():
                break
            section.append(line.strip())
    if section is None:
        return None
    if section[0].strip().lower().rstrip(".") == "none":
        return ()
    parameters: list[Parameter] = []
    entries: list[list[str]] = []
    for line in section:
        if line.startswith("?"):
            entries.append([line])
        elif entries:
            entries[-1].append(line)
    for entry in entries:
        match = _ENTRY.match(entry[0])
        names = [name.strip().lstrip("?") for name in match.group(1).split(",")]
        kind, required, default = _parse_spec(path, match.group(2) or "")
        description = " ".join([match.group(3), *entry[1:]]).strip()
        parameters += [Parameter(name, kind, required, default, description) for name in names]
    return tuple(parameters)


def _parse_spec(path: Path, spec: str) -> tuple[str | None, bool, str | None]:
    kind, required, default = None, False, None
    for token in re.split(r"[,;]", spec):
        word = token.strip()
        lowered = word.lower()
        if lowered in _KINDS:
            kind = lowered
        elif lowered == "required":
            required = True
        elif lowered.startswith("default "):
            default = word[len("default "):].strip()
        elif re.fullmatch(r"[a-z]+", lowered) and lowered not in ("optional",):
            raise QueryError(f"{path}: the header declares a parameter of unknown kind "
                             f"{word!r}; use one of {', '.join(sorted(_KINDS))}")
    return kind, required, default


def _convert(parameter: Parameter, value: str, store) -> Term:
    kind = parameter.kind
    shown = f"--param {parameter.name}={value}"
    if kind is None:
        return _untyped(value)
    if kind in ENTITY_KINDS or kind in CONCEPT_KINDS or kind == "iri":
        iri = _as_iri(value)
        if iri is not None:
            return iri
        if kind == "iri":
            raise QueryError(f"{shown}: not an IRI; give http(s)://... or a prefixed name "
                             "such as fact:DOC/post-...")
        return resolve_name(store, value, kind)
    if kind == "string":
        return Literal(value)
    if kind == "integer":
        try:
            return Literal(int(value))
        except ValueError:
            raise QueryError(f"{shown}: not an integer") from None
    if kind == "decimal":
        try:
            return Literal(Decimal(value))
        except InvalidOperation:
            raise QueryError(f"{shown}: not a number") from None
    try:
        return Literal(date.fromisoformat(value))
    except ValueError:
        raise QueryError(f"{shown}: not a date; write YYYY-MM-DD") from None


def _as_iri(value: str) -> URIRef | None:
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if text.startswith(("http://", "https://", "urn:")):
        return URIRef(text)
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and local and " " not in local:
        return URIRef(str(PREFIXES[prefix]) + local)
    return None


def _untyped(value: str) -> Term:
    iri = _as_iri(value) if value.startswith(("http://", "https://", "<")) else None
    if iri is not None:
        return iri
    if re.fullmatch(r"-?\d+", value):
        return Literal(int(value))
    return Literal(value)


def _lookup_query(type_iri: URIRef, name: str) -> str:
    # The type comes from vocab and the name is written as an escaped literal (pyoxigraph renders
    # both), so that the name can be compared inside the sub-query. An entity that many documents
    # mention repeats its type and labels once per document: the entities of the type are made
    # distinct first, then each one's names are compared, then the English label is looked up
    # only for those that match.
    other_names = "|".join(ntriples(term) for term in (
        SKOS.altLabel, SKOS.hiddenLabel, CKG.isoAlpha2, CKG.isoAlpha3, CKG.locode))
    return f"""
SELECT ?entity (MIN(?rank) AS ?best) (MIN(?shown) AS ?label) WHERE {{
  {{ SELECT DISTINCT ?entity ?rank WHERE {{
      {{ SELECT DISTINCT ?entity WHERE {{
          ?class {ntriples(RDFS.subClassOf)}* {ntriples(type_iri)} .
          ?entity {ntriples(RDF.type)} ?class .
      }} }}
      {{ ?entity {ntriples(SKOS.prefLabel)} ?candidate BIND (0 AS ?rank) }}
      UNION {{ ?entity {other_names} ?candidate BIND (1 AS ?rank) }}
      UNION {{ ?entity {ntriples(RDF.type)} ?anyClass
               BIND (REPLACE(STR(?entity), "^.*[/#]", "") AS ?candidate) BIND (2 AS ?rank) }}
      FILTER (LCASE(STR(?candidate)) = LCASE({ntriples(Literal(name))}))
  }} }}
  OPTIONAL {{ ?entity {ntriples(SKOS.prefLabel)} ?shown FILTER (LANGMATCHES(LANG(?shown), "en")) }}
}}
GROUP BY ?entity
"""


def _labels_query(type_iri: URIRef) -> str:
    return f"""
SELECT DISTINCT ?candidate WHERE {{
  ?entity {ntriples(RDF.type)} ?class .
  ?class {ntriples(RDFS.subClassOf)}* {ntriples(type_iri)} .
  ?entity {ntriples(SKOS.prefLabel)}|{ntriples(SKOS.altLabel)} ?labelTerm .
  BIND (STR(?labelTerm) AS ?candidate)
}}
"""
