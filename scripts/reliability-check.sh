#!/usr/bin/env bash
# The reliability issue, reproduced as reported: starts the packaged jar on free loopback ports
# (one instance per group of checks, under prlimit where a report used it), drives it with real
# TCP clients and HTTP calls, and prints one PASS/FAIL line per check with its figures.
# Usage: scripts/reliability-check.sh   (after ./mvnw package; needs python3 and prlimit; about 2 min)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v python3 >/dev/null || { echo "python3 is needed" >&2; exit 1; }
command -v prlimit >/dev/null || { echo "prlimit (util-linux) is needed" >&2; exit 1; }

jar=target/switchboard.jar
[ -f "$jar" ] || { echo "no $jar: run ./mvnw package first" >&2; exit 1; }
PYTHONDONTWRITEBYTECODE=1 exec python3 scripts/reliability_check.py "$jar"
