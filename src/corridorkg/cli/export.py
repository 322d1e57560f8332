"""`corridorkg export`: networks for Gephi and other tools."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import CorridorKGError
from . import STORE_OPTION, fail, main, store_path_of


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
    from .. import exports, projections
    from ..store import open_store
    try:
        with open_store(store_path_of(store_path), read_only=True) as store:
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
        fail(err)
    click.echo(f"wrote {network} network ({net.number_of_nodes()} nodes, "
               f"{net.number_of_edges()} edges) to {out}")
