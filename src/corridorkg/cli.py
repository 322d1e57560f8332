"""The ``corridorkg`` command: thin click commands over the library.

Exit codes (all commands):
  0  success (validate: the graph conforms)
  1  build: some documents failed (the others were stored); validate: the graph violates shapes
  2  error: bad usage, a missing file, an unusable store or endpoint, a query that does not parse
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import resources
from .errors import CorridorKGError, InputError, QueryError

EXIT_OK, EXIT_PARTIAL, EXIT_ERROR = 0, 1, 2

STORE_OPTION = click.option(
    "--store", "store_path", type=click.Path(path_type=Path), default=None,
    help="store folder [default: $CORRIDORKG_STORE or .corridorkg/store]")


def _store_path(store_path: Path | None) -> Path:
    return store_path or resources.default_store_path()


def _fail(err: Exception) -> None:
    click.echo(f"error: {err}", err=True)
    sys.exit(EXIT_ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="corridorkg")
def main() -> None:
    """Build and query a knowledge graph of Eurasian transport corridors from news articles.

    \b
    corridorkg build seeds/                  read articles, extract facts, store the graph
    corridorkg validate                      check the stored graph against the SHACL shapes
    corridorkg stats                         what the store holds
    corridorkg query queries/tables/meetings.rq --format table
    corridorkg export partnership --format gexf --out partnership.gexf
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@STORE_OPTION
@click.option("--force", is_flag=True, help="rebuild documents whose content has not changed")
@click.option("--quiet", "-q", is_flag=True, help="no progress bar")
def build(paths: tuple[Path, ...], store_path: Path | None, force: bool, quiet: bool) -> None:
    """Read articles (.txt, .jsonl, or folders of them) and store their facts.

    Each document becomes one named graph; an unchanged document is skipped, a changed one
    replaced. A bad document is reported and skipped; the exit code is then 1.

    \b
    Examples:
      corridorkg build seeds/
      corridorkg build news/2024/*.txt feed.jsonl --store /data/corridors
    """
    from tqdm import tqdm

    from .pipeline import build as run_build
    from .store import open_store

    def progress(documents):
        return tqdm(documents, desc="build", unit="doc", disable=quiet, file=sys.stderr)

    try:
        with open_store(_store_path(store_path)) as store:
            report = run_build(paths, store=store, force=force, progress=progress)
    except CorridorKGError as err:
        _fail(err)
    facts = ", ".join(f"{n} {kind}" for kind, n in sorted(report.facts.items())) or "no facts"
    click.echo(f"built {len(report.built)} document(s) ({report.triples} triples; {facts}), "
               f"{len(report.unchanged)} unchanged, {len(report.failed)} failed")
    for warning in report.degraded:
        click.echo(f"  warning: {warning}", err=True)
    for err in report.failed:
        click.echo(f"  failed: {err}", err=True)
    sys.exit(EXIT_PARTIAL if report.failed else EXIT_OK)


def _query_file(name: str) -> Path:
    path = Path(name)
    if path.is_file():
        return path
    for folder in (resources.queries_dir(), resources.table_queries_dir()):
        candidate = folder / (name if name.endswith(".rq") else f"{name}.rq")
        if candidate.is_file():
            return candidate
    raise QueryError(f"no query file or library query named {name!r}; "
                     "see `ls queries/` for the library")


def _parse_params(params: tuple[str, ...]):
    from rdflib import Literal, URIRef
    bindings = {}
    for param in params:
        name, sep, value = param.partition("=")
        if not sep or not name:
            raise QueryError(f"--param {param!r} is not NAME=VALUE")
        if value.startswith(("http://", "https://")):
            bindings[name] = URIRef(value)
        elif value.lstrip("-").isdigit():
            bindings[name] = Literal(int(value))
        else:
            bindings[name] = Literal(value)
    return bindings


@main.command()
@click.argument("query")
@STORE_OPTION
@click.option("--endpoint", help="query a SPARQL 1.1 endpoint instead of the local store")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="bind a query variable (repeatable); values never paste into the query text")
def query(query: str, store_path: Path | None, endpoint: str | None, fmt: str,
          params: tuple[str, ...]) -> None:
    """Run a SPARQL query (a .rq file, or the name of one in queries/) and print the result.

    \b
    Examples:
      corridorkg query queries/tables/positions.rq --format csv
      corridorkg query who_met_whom --format table
      corridorkg query trade_by_country_pair_and_year --param year=2023
    """
    from .store import open_store
    try:
        text = _query_file(query).read_text(encoding="utf-8")
        bindings = _parse_params(params)
        with open_store(None if endpoint else _store_path(store_path), endpoint=endpoint,
                        read_only=True) as store:
            result = store.query(text, bindings=bindings or None)
            if fmt == "csv":
                result.to_csv(sys.stdout)
            elif fmt == "json":
                result.to_json(sys.stdout)
            else:
                click.echo(result.to_table())
    except CorridorKGError as err:
        _fail(err)


@main.command()
@STORE_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.argument("files", nargs=-1, type=click.Path(exists=True, path_type=Path))
def validate(store_path: Path | None, fmt: str, files: tuple[Path, ...]) -> None:
    """Validate the stored graph (or Turtle/TriG FILES) against the SHACL shapes.

    Exit 0 when it conforms (warnings allowed), 1 with a report when it violates a shape, 2 on
    error.

    \b
    Examples:
      corridorkg validate
      corridorkg validate --store /data/corridors --format json
      corridorkg validate curated/ports.ttl
    """
    import json

    from rdflib import Dataset

    from .validation import validate_graph
    try:
        dataset = Dataset()
        if files:
            for path in files:
                dataset.parse(path, format="trig" if path.suffix == ".trig" else "turtle")
        else:
            import tempfile

            from .store import open_store
            with open_store(_store_path(store_path), read_only=True) as store, \
                    tempfile.TemporaryDirectory() as tmp:
                store.dump(Path(tmp) / "store.nq", format="nquads")
                dataset.parse(Path(tmp) / "store.nq", format="nquads")
        report = validate_graph(dataset)
    except CorridorKGError as err:
        _fail(err)
    if fmt == "json":
        click.echo(json.dumps({"conforms": report.conforms, "counts": report.counts(),
                               "problems": [p.__dict__ for p in report.problems]}, indent=1))
    else:
        click.echo(report.text)
    sys.exit(EXIT_OK if report.conforms else EXIT_PARTIAL)


STATS_QUERY = """
PREFIX ckg: <https://w3id.org/corridorkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?what (COUNT(DISTINCT ?x) AS ?count) WHERE {
  { ?x a ckg:Document . BIND("documents" AS ?what) }
  UNION { ?d ckg:mentions ?x . ?x a/rdfs:subClassOf* ?top .
          VALUES ?top { ckg:Person ckg:Organization ckg:Country ckg:Region ckg:Settlement ckg:Port ckg:Corridor }
          BIND(CONCAT("entities: ", STRAFTER(STR(?top), "#")) AS ?what) }
  UNION { ?x a ?cls . VALUES ?cls { ckg:Post ckg:Meeting ckg:Measurement ckg:CorridorLink }
          BIND(CONCAT("facts: ", STRAFTER(STR(?cls), "#")) AS ?what) }
} GROUP BY ?what ORDER BY ?what
"""


@main.command()
@STORE_OPTION
def stats(store_path: Path | None) -> None:
    """Show what the store holds: documents, entities by type, facts by kind, triples.

    \b
    Example:
      corridorkg stats --store /data/corridors
    """
    from .store import open_store
    try:
        with open_store(_store_path(store_path), read_only=True) as store:
            click.echo(store.query(STATS_QUERY).to_table())
            click.echo(f"triples: {store.count()}")
    except CorridorKGError as err:
        _fail(err)


@main.command()
@click.argument("network", type=click.Choice(["partnership", "route"]))
@STORE_OPTION
@click.option("--format", "fmt", type=click.Choice(["gexf", "graphml", "csv"]), default="gexf",
              show_default=True)
@click.option("--out", "out", type=click.Path(path_type=Path), required=True,
              help="output file (for csv: a prefix; writes PREFIX.nodes.csv and PREFIX.edges.csv)")
@click.option("--year", type=int, help="only facts of this year (partnership network)")
def export(network: str, store_path: Path | None, fmt: str, out: Path, year: int | None) -> None:
    """Compute a network from the store and write it for Gephi and other tools.

    \b
    Examples:
      corridorkg export partnership --format gexf --out partnership.gexf
      corridorkg export route --format graphml --out routes.graphml
      corridorkg export partnership --format csv --out partnership   # nodes + edges tables
    """
    from . import exports, projections
    from .store import open_store
    try:
        with open_store(_store_path(store_path), read_only=True) as store:
            if network == "partnership":
                net = projections.partnership_network(store, year=year)
            else:
                net = projections.route_network(store)
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "gexf":
            exports.write_gexf(net, out)
        elif fmt == "graphml":
            exports.write_graphml(net, out)
        else:
            exports.write_csv_tables(net, out.with_suffix(".nodes.csv"), out.with_suffix(".edges.csv"))
    except CorridorKGError as err:
        _fail(err)
    click.echo(f"wrote {network} network ({net.number_of_nodes()} nodes, "
               f"{net.number_of_edges()} edges) to {out}")


if __name__ == "__main__":  # pragma: no cover
    main()
