"""`corridorkg validate`: SHACL validation of the store, of some documents' graphs, or of files."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import CorridorKGError, InputError
from . import EXIT_ERROR, EXIT_OK, EXIT_PARTIAL, STORE_OPTION, fail, main, store_path_of

# file suffix -> rdflib parser; quad formats keep their named graphs
_FORMATS = {".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".n3": "n3", ".rdf": "xml",
            ".xml": "xml", ".jsonld": "json-ld", ".trig": "trig", ".nq": "nquads"}
_QUAD_FORMATS = {"trig", "nquads", "json-ld"}


@main.command()
@STORE_OPTION
@click.option("--document", "documents", multiple=True, metavar="ID",
              help="validate only this document's graph of the store (repeatable)")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit"]), default="text",
              show_default=True, help="report format")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="write the report to FILE; the text report then goes to the terminal")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="worker processes for a store's document graphs (0: one per core)")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def validate(store_path: Path | None, documents: tuple[str, ...], fmt: str, output: Path | None,
             jobs: int, files: tuple[Path, ...]) -> None:
    """Validate the store (or Turtle/TriG FILES) against the SHACL shapes.

    Each named graph is validated with the reference data and the ontology, then what all
    graphs say about the entities is checked together. FILES are hand-curated data: each is
    validated as a graph of its own (a TriG file's named graphs one by one), against the
    project's reference data unless the file holds graph:reference itself.

    \b
    Exit codes:
      0  conforms (warnings are reported, and allowed)
      1  violates at least one shape (each violation is reported)
      2  error: bad usage, an unreadable file or store, a malformed shape

    \b
    Examples:
      corridorkg validate
      corridorkg validate --store /data/corridors --jobs 0
      corridorkg validate --document 000_833917157b482431
      corridorkg validate --format junit --output validation.xml
      corridorkg validate curated/ports.ttl curated/facts.trig
    """
    from ..validation import validate_dataset, validate_store
    if files and (store_path is not None or documents):
        click.echo("error: give FILES or --store/--document, not both", err=True)
        sys.exit(EXIT_ERROR)
    try:
        if files:
            report = validate_dataset(read_files(files), jobs=jobs)
        else:
            from ..store import open_store
            with open_store(store_path_of(store_path), read_only=True) as store:
                report = validate_store(store, documents=list(documents) or None, jobs=jobs)
    except CorridorKGError as err:
        fail(err)
    rendered = {"text": lambda: report.text, "json": report.to_json, "junit": report.to_junit}[fmt]()
    if output is None:
        click.echo(rendered, nl=False)
    else:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(rendered, encoding="utf-8")
        except OSError as err:
            fail(InputError(f"cannot write the report: {err.strerror}", path=output,
                            hint="choose another --output"))
        click.echo(report.text if fmt != "text" else report.summary + "\n", nl=False)
    sys.exit(EXIT_OK if report.conforms else EXIT_PARTIAL)


def read_files(files: tuple[Path, ...]):
    """The files as one rdflib Dataset: each triple file (and a TriG file's default graph) is a
    named graph called by its file URI; a TriG or N-Quads file's named graphs stay as they are.

    Raises:
        InputError: a file has an unknown suffix or does not parse.
    """
    from rdflib import Dataset, URIRef
    dataset = Dataset()
    for path in files:
        rdf_format = _FORMATS.get(path.suffix.lower())
        if rdf_format is None:
            raise InputError(f"unknown RDF format {path.suffix!r}", path=path,
                             hint=f"give a file ending in {', '.join(sorted(_FORMATS))}")
        file_graph = URIRef(path.resolve().as_uri())
        try:
            if rdf_format in _QUAD_FORMATS:
                parsed = Dataset()
                parsed.parse(path, format=rdf_format)
                for graph in parsed.graphs():
                    default = graph.identifier == parsed.default_graph.identifier
                    named = dataset.graph(file_graph if default else graph.identifier)
                    named += graph
            else:
                dataset.graph(file_graph).parse(path, format=rdf_format)
        except Exception as err:  # rdflib raises many types (BadSyntax, ParserError, ValueError)
            raise InputError(f"not valid {rdf_format}: {err}", path=path,
                             hint="fix the file (the message gives the line)") from err
    return dataset
