#!/usr/bin/env bash
# Checks the Grafana dashboard without Grafana (which our machines cannot install): validates it
# against Grafana's dashboard JSON schema, kept in ../shared/schemas next to this repository, then
# checks what this project expects of it (the $instance node selector on every query, the built-in
# annotation, every cluster meter of docs/CLUSTER.md on a panel, no overlapping panels).
# Whether its PromQL evaluates is proven against a real Prometheus by scripts/prometheus-check.sh.
# Usage: scripts/dashboard-check.sh [DASHBOARD_JSON]   (default: docker/grafana/dashboards/switchboard.json;
#        installs Debian's python3-jsonschema if no python3 can import jsonschema)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
schema="$(dirname "$0")/../../shared/schemas/grafana-dashboard.jsonschema.json"  # CI clones next to a copy of ../shared
schema="$(realpath -m "$schema")"
dashboard="$(realpath "${1:-$repo/docker/grafana/dashboards/switchboard.json}")"
cd "$repo"

if [ ! -f "$schema" ]; then
  echo "dashboard-check: the Grafana dashboard schema is missing: no $schema" \
       "(it comes from ../shared/schemas, which must sit next to this repository)" >&2
  exit 1
fi
[ -f "$dashboard" ] || { echo "dashboard-check: no dashboard at $dashboard" >&2; exit 1; }

# Debian's python3-jsonschema serves Debian's interpreter (/usr/bin/python3), which need not be the
# python3 first on PATH (pyenv, a venv): use whichever can import jsonschema.
py=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'from jsonschema import Draft7Validator' 2>/dev/null; then
    py="$candidate"
    break
  fi
done
if [ -z "$py" ]; then
  echo "== installing Debian's python3-jsonschema"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-jsonschema >/dev/null
  py=/usr/bin/python3
  "$py" -c 'from jsonschema import Draft7Validator' || { echo "dashboard-check: $py cannot import jsonschema.Draft7Validator even after installing python3-jsonschema" >&2; exit 1; }
fi
echo "== $py, jsonschema $("$py" -c 'from importlib.metadata import version; print(version("jsonschema"))')"
exec "$py" scripts/dashboard_check.py "$schema" "$dashboard" docs/CLUSTER.md
