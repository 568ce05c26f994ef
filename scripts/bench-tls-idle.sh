#!/usr/bin/env bash
# Issue 11: memory per idle connection, plain beside TLS, in one run. For each port a fresh
# Switchboard (the same flags as scripts/bench.sh's idle workload: -Xms64m, so heap growth
# shows) gets N connections that are greeted and then sit there (bench/IdleTls.java; on the TLS
# port a JDK SSLSocket that verifies the certificate), and the server's RSS growth is divided by N.
# The certificate is the test one (EC P-256) from src/test/resources/tls.
# Usage: flock /tmp/cpu.lock scripts/bench-tls-idle.sh [N]   (default 10000; after ./mvnw package)
set -euo pipefail
cd "$(dirname "$0")/.."

conns=${1:-10000}
java=""
for home in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  if [ -n "$home" ] && [ -f "$home/release" ] && grep -qE '^JAVA_VERSION="(2[5-9]|[3-9][0-9])' "$home/release"; then java="$home/bin/java"; break; fi
done
[ -n "$java" ] || { echo "bench-tls-idle: no JDK 25 found" >&2; exit 1; }
[ -f target/switchboard.jar ] || { echo "bench-tls-idle: build first: ./mvnw package" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || true
SB_PORT=19999 TLS_PORT=19443 MGMT_PORT=18081
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; pid=""; }
trap cleanup EXIT
wait_port() { for _ in $(seq 1 450); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return; sleep 0.2; done; echo "bench-tls-idle: port $1 never opened" >&2; exit 1; }

for mode in plain tls; do
  "$java" -Xms64m -Xmx2g -XX:MaxGCPauseMillis=10 -jar target/switchboard.jar --switchboard.tcp.port=$SB_PORT \
    --switchboard.tcp.bind-address=127.0.0.1 --server.port=$MGMT_PORT --server.address=127.0.0.1 \
    --switchboard.tcp.sniff-window=0 --switchboard.input.lines-per-second=0 \
    --switchboard.tcp.max-connections-per-address=0 --switchboard.input.address-bytes-per-second=0 \
    --switchboard.tcp.max-connections=20000 --switchboard.chat.auto-join=false \
    --switchboard.tls.port=$TLS_PORT --switchboard.tls.bundle=bench \
    --spring.ssl.bundle.pem.bench.keystore.certificate=file:src/test/resources/tls/first.crt \
    --spring.ssl.bundle.pem.bench.keystore.private-key=file:src/test/resources/tls/first.key \
    --logging.level.root=WARN > /tmp/bench-tls-idle-$mode.log 2>&1 &
  pid=$!
  wait_port $SB_PORT; wait_port $TLS_PORT
  port=$SB_PORT; [ $mode = tls ] && port=$TLS_PORT
  "$java" -Xmx3g bench/IdleTls.java $mode 127.0.0.1:$port --conns "$conns" --pid $pid --ca src/test/resources/tls/first.crt
  cleanup
done
