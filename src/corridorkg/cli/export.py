"""`corridorkg export`: networks for Gephi, map tools and reports."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import CorridorKGError
from . import STORE_OPTION, fail, main, store_path_of

NETWORKS = ("route", "partnership", "trade", "actors")
FORMATS = ("gexf", "graphml", "csv", "geojson", "html", "png")


@main.command()
@click.argument("network", type=click.Choice(NETWORKS))
@STORE_OPTION
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="gexf", show_default=True)
@click.option("--out", "out", type=click.Path(path_type=Path), required=True,
              help="output file (for csv: a prefix; writes PREFIX.nodes.csv and PREFIX.edges.csv)")
@click.option("--year", type=int, help="only the facts of this year")
@click.option("--corridor", help="only this corridor (its IRI, slug or label): its legs and "
              "places for the route network, facts from documents mentioning it for the others")
def export(network: str, store_path: Path | None, fmt: str, out: Path, year: int | None,
           corridor: str | None) -> None:
    """Compute a network from the store and write it for Gephi, QGIS, kepler.gl or a report.

    \b
    NETWORK:
      route        ports, cities and border crossings joined by corridor legs (coordinates,
                   modes, km, cargo/container/capacity figures by year)
      partnership  countries linked by meetings and trade figures, per year (Gephi timeline)
      trade        directed trade flows between countries (exports and imports)
      actors       officials and organisations linked by meeting together
    Nodes carry degree, weighted_degree, betweenness, pagerank and community.

    \b
    Examples:
      corridorkg export partnership --format gexf --out partnership.gexf
      corridorkg export route --format geojson --out routes.geojson
      corridorkg export route --corridor titr --format png --out titr.png
      corridorkg export partnership --year 2023 --format html --out partnership-2023.html
      corridorkg export route --format graphml --out routes.graphml
      corridorkg export actors --format csv --out actors   # actors.nodes.csv, actors.edges.csv
    """
    from .. import exports, projections
    from ..store import open_store
    try:
        with open_store(store_path_of(store_path), read_only=True) as store:
            corridor_iri = (projections.find_corridor(store, corridor)
                            if corridor is not None else None)
            if network == "route":
                net = projections.add_metrics(
                    projections.route_network(store, corridor_iri=corridor_iri, year=year),
                    distance="km")
            elif network == "partnership":
                net = projections.add_metrics(
                    projections.partnership_network(store, year=year, corridor_iri=corridor_iri))
            elif network == "trade":
                net = projections.add_metrics(
                    projections.trade_network(store, year=year, corridor_iri=corridor_iri))
            else:
                net = projections.add_metrics(
                    projections.actor_network(store, year=year, corridor_iri=corridor_iri))
        out.parent.mkdir(parents=True, exist_ok=True)
        written = [out]
        if fmt == "gexf":
            exports.write_gexf(net, out)
        elif fmt == "graphml":
            exports.write_graphml(net, out)
        elif fmt == "csv":
            written = [out.with_suffix(".nodes.csv"), out.with_suffix(".edges.csv")]
            exports.write_csv_tables(net, *written)
        elif fmt == "geojson":
            exports.write_geojson(net, out)
        elif fmt == "html":
            exports.write_html(net, out)
        else:
            exports.write_png(net, out)
    except (CorridorKGError, OSError) as err:
        fail(err)
    click.echo(f"wrote {network} network ({net.number_of_nodes()} nodes, "
               f"{net.number_of_edges()} edges) to {', '.join(map(str, written))}")
