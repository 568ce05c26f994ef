#!/usr/bin/env bash
# Issue 5: builds the real image from the Dockerfile, starts switchboard and prometheus with the
# real docker-compose.yml, and checks chat, health, Prometheus and the shutdown notice.
# Grafana has no stand-in image here, so it is left out of this run.
# Everything it starts is torn down on exit, also on failure. Talks to containers only through
# ports published on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

standins=../shared/tools/docker-standins.sh
export CHAT_PUBLISH_ADDRESS=127.0.0.1
export COMPOSE_PROJECT_NAME=switchboard-smoke
# The operator password the compose file hands to Switchboard (issue 11); the checks log in with it.
SWITCHBOARD_ADMIN_PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
export SWITCHBOARD_ADMIN_PASSWORD

compose() {
  if command -v docker-compose >/dev/null; then docker-compose "$@"; else docker compose "$@"; fi
}

need_images=(eclipse-temurin:25-jdk eclipse-temurin:25-jre prom/prometheus:v2.53.2 postgres:15)
missing=()
if docker info >/dev/null 2>&1; then
  for image in "${need_images[@]}"; do docker image inspect "$image" >/dev/null 2>&1 || missing+=("$image"); done
else
  missing=("${need_images[@]}")
fi
if [ ${#missing[@]} -gt 0 ]; then
  [ -f "$standins" ] || { echo "compose-smoke: FAILED: images ${missing[*]} are missing and $standins is not there to stand in for them" >&2; exit 1; }
  echo "== standing in for ${missing[*]} (starts the Docker engine if needed)"
  bash "$standins" "${missing[@]}" || { echo "compose-smoke: FAILED: the Docker engine or the stand-in images could not be set up" >&2; exit 1; }
fi
docker info >/dev/null 2>&1 || { echo "compose-smoke: FAILED: no Docker engine answers" >&2; exit 1; }
command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1 \
  || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null; }

copied_cas=()
teardown() {
  echo "== tearing down"
  compose down -v --remove-orphans >/dev/null 2>&1 || true
  for cert in "${copied_cas[@]}"; do rm -f "$cert"; done
}
trap teardown EXIT

for port in 9999 8081 9090; do
  if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then
    echo "compose-smoke: FAILED: 127.0.0.1:$port is already in use; stop what listens there first" >&2; exit 1
  fi
done

# A build machine behind a TLS-intercepting proxy trusts extra CAs; the image build needs them too.
for cert in /usr/local/share/ca-certificates/*.crt; do
  [ -f "$cert" ] || continue
  target="docker/ca-certificates/$(basename "$cert")"
  [ -e "$target" ] && continue
  cp "$cert" "$target" && copied_cas+=("$target")
done

echo "== docker-compose build switchboard (the real Dockerfile)"
compose build switchboard
echo "== docker-compose up -d switchboard prometheus (and postgres, which switchboard waits for)"
compose up -d switchboard prometheus
python3 scripts/compose_smoke.py "$(compose ps -q switchboard)"
