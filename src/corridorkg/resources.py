"""Where corridorkg's files live: the only module that knows the project layout.

The ontology, shapes, reference data, queries and sample documents are plain files in the
project checkout (ontology/, queries/, seeds/). ``CORRIDORKG_HOME`` overrides the location.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from .errors import ConfigError


@lru_cache(maxsize=1)
def project_root() -> Path:
    """The folder that holds ontology/ and queries/."""
    env = os.environ.get("CORRIDORKG_HOME")
    candidates = [Path(env)] if env else []
    candidates.append(Path(__file__).resolve().parents[2])  # src/corridorkg -> checkout
    for root in candidates:
        if (root / "ontology" / "corridorkg.ttl").is_file():
            return root
    raise ConfigError(
        f"cannot find ontology/corridorkg.ttl under {', '.join(map(str, candidates))}; "
        "install corridorkg from its checkout (pip install -e .) or set CORRIDORKG_HOME")


def ontology_dir() -> Path:
    return project_root() / "ontology"


def ontology_files() -> list[Path]:
    """The ontology proper: classes, properties and SKOS concept schemes."""
    return [ontology_dir() / "corridorkg.ttl", ontology_dir() / "concepts.ttl"]


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def reference_files() -> list[Path]:
    """Curated reference data: countries, regions, settlements, ports, corridors, organisations."""
    return sorted((ontology_dir() / "reference").glob("*.ttl"))


def queries_dir() -> Path:
    return project_root() / "queries"


def table_queries_dir() -> Path:
    return queries_dir() / "tables"


def seeds_dir() -> Path:
    return project_root() / "seeds"


def default_store_path() -> Path:
    """The store used when --store is not given: $CORRIDORKG_STORE or ./.corridorkg/store."""
    return Path(os.environ.get("CORRIDORKG_STORE", ".corridorkg/store"))


@lru_cache(maxsize=1)
def load_reference_graph():
    """The ontology, concept schemes and reference data as one rdflib Graph (cached per process)."""
    from rdflib import Graph
    graph = Graph()
    for path in ontology_files() + reference_files():
        graph.parse(path, format="turtle")
    return graph
