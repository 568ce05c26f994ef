#!/usr/bin/env bash
# Issue 9 "Faults": a multi-process fault-injection run of the cluster. Starts Debian's
# redis-server and several Switchboard nodes (the packaged jar) on free loopback ports, breaks
# Redis or a node in five ways, counts exactly what users sent and what arrived, and prints one
# PASS/FAIL line per check and a table of figures (sent / arrived / lost / counted / told / times).
# Usage: scripts/cluster-faults.sh [A] [B] [C] [D] [E]   (after ./mvnw package; all five by
# default, about 5 min; installs redis-server if missing). docs/CLUSTER.md "Fault tests" says
# what each scenario checks.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
  echo "== installing Debian's redis-server package"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
command -v python3 >/dev/null || { apt-get update -qq && apt-get install -y -qq python3 >/dev/null; }

jar=target/switchboard.jar
[ -f "$jar" ] || { echo "no $jar: run ./mvnw package first" >&2; exit 1; }
PYTHONDONTWRITEBYTECODE=1 exec python3 scripts/cluster_faults.py "$jar" "$@"
