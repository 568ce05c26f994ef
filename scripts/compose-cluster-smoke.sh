#!/usr/bin/env bash
# Issue 9: builds the real image and runs the cluster stack for real (docker-compose.yml plus
# docker-compose.cluster.yml: Redis, three nodes, HAProxy on the chat port, Prometheus), then
# checks from Python with raw sockets (scripts/compose_cluster_smoke.py) that two users landing on
# different nodes chat with each other, that HAProxy follows each node's readiness, and that
# Prometheus scrapes every node. Grafana has no stand-in image here, so it is left out.
# Everything it starts is torn down on exit, also on failure. Talks to containers only through
# ports published on 127.0.0.1.
set -euo pipefail
standins="$(cd "$(dirname "$0")" && pwd)/../../shared/tools/docker-standins.sh"
cd "$(dirname "$0")/.."

export CHAT_PUBLISH_ADDRESS=127.0.0.1
export COMPOSE_PROJECT_NAME=switchboard-cluster-smoke
# The operator password the compose file hands to Switchboard (issue 11); the checks log in with it.
SWITCHBOARD_ADMIN_PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
export SWITCHBOARD_ADMIN_PASSWORD
export COMPOSE_FILE=docker-compose.yml:docker-compose.cluster.yml

fail() { echo "compose-cluster-smoke: FAILED: $*" >&2; exit 1; }
compose() {
  if command -v docker-compose >/dev/null; then docker-compose "$@"; else docker compose "$@"; fi
}

command -v python3 >/dev/null \
  || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 >/dev/null; }

need_images=(eclipse-temurin:25-jdk eclipse-temurin:25-jre prom/prometheus:v2.53.2 postgres:15 redis:7.0.15 haproxy:2.6.12)
missing=()
if docker info >/dev/null 2>&1; then
  for image in "${need_images[@]}"; do docker image inspect "$image" >/dev/null 2>&1 || missing+=("$image"); done
else
  missing=("${need_images[@]}")
fi
if [ ${#missing[@]} -gt 0 ]; then
  [ -f "$standins" ] || fail "images ${missing[*]} are missing and $standins is not there to stand in for them"
  echo "== standing in for ${missing[*]} (installs docker.io and starts the engine if needed)"
  bash "$standins" "${missing[@]}" || fail "the Docker engine or the stand-in images could not be set up"
fi
docker info >/dev/null 2>&1 || fail "no Docker engine answers"
command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1 \
  || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null; }

copied_cas=()
teardown() {
  local status=$?
  if [ "$status" -ne 0 ]; then
    echo "== last log lines of the stack (exit status $status)"
    compose logs --no-color --tail=40 postgres redis node1 node2 node3 haproxy 2>&1 | tail -n 250 || true
  fi
  echo "== tearing down"
  compose down -v --remove-orphans >/dev/null 2>&1 || true
  for cert in "${copied_cas[@]}"; do rm -f "$cert"; done
}
trap teardown EXIT

for port in 9999 8081 8082 8083 8404 9090; do
  if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then
    fail "127.0.0.1:$port is already in use; stop what listens there first"
  fi
done

# A build machine behind a TLS-intercepting proxy trusts extra CAs; the image build needs them too.
for cert in /usr/local/share/ca-certificates/*.crt; do
  [ -f "$cert" ] || continue
  target="docker/ca-certificates/$(basename "$cert")"
  [ -e "$target" ] && continue
  cp "$cert" "$target" && copied_cas+=("$target")
done

echo "== docker-compose build node1 (the real Dockerfile; node2 and node3 share its image)"
compose build node1
echo "== docker-compose up -d redis node1 node2 node3 haproxy prometheus-cluster (and postgres, which the nodes wait for)"
compose up -d redis node1 node2 node3 haproxy prometheus-cluster
python3 scripts/compose_cluster_smoke.py
