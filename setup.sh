#!/usr/bin/env bash
# Set up corridorkg in ./.venv and run the main job on the sample articles in seeds/:
# build the graph, validate it against the shapes, and print what it found.
#   ./setup.sh                  install (idempotent) + build/validate/report on seeds/
#   STORE=/tmp/kg ./setup.sh    use another store folder
set -euo pipefail
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3}
STORE=${STORE:-.corridorkg/store}

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'

kg=.venv/bin/corridorkg
echo "== build seeds/ -> $STORE"
"$kg" build seeds/ --store "$STORE"
echo "== validate (SHACL)"
"$kg" validate --store "$STORE"
echo "== what the graph holds"
"$kg" stats --store "$STORE"
for table in positions meetings measurements corridor_links; do
  echo "== $table"
  "$kg" query "queries/tables/$table.rq" --store "$STORE" --format table
done
"$kg" export partnership --store "$STORE" --format gexf --out out/partnership.gexf
"$kg" export route --store "$STORE" --format gexf --out out/routes.gexf
