"""`corridorkg stats`: what the store holds."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import CorridorKGError
from . import STORE_OPTION, fail, main, store_path_of


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
    from ..store import open_store
    try:
        with open_store(store_path_of(store_path), read_only=True) as store:
            click.echo(store.query(STATS_QUERY).to_table())
            click.echo(f"triples: {store.count()}")
    except CorridorKGError as err:
        fail(err)
