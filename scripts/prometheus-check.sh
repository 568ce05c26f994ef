#!/usr/bin/env bash
# Issue 4 "Proven against a real Prometheus": starts the packaged jar and Debian's Prometheus on
# free loopback ports, drives traffic with real TCP clients, and asserts what Prometheus scraped.
# Usage: scripts/prometheus-check.sh   (after ./mvnw verify or package; installs prometheus if missing)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
  echo "== installing Debian's prometheus package"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null
fi
command -v python3 >/dev/null || { apt-get update -qq && apt-get install -y -qq python3 >/dev/null; }

echo "== promtool check rules"
promtool check rules docker/prometheus/alerts.yml

jar=target/switchboard.jar
[ -f "$jar" ] || { echo "no $jar: run ./mvnw package first" >&2; exit 1; }
exec python3 scripts/prometheus_check.py "$jar" docker/prometheus/alerts.yml docker/grafana/dashboards/switchboard.json
