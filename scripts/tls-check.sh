#!/usr/bin/env bash
# Issue 11, part 1: the TLS chat listener against real clients and a real judge. Starts the
# packaged jar on free loopback ports with a self-signed certificate made here by the README's
# openssl command, then: openssl s_client, socat OPENSSL: and ncat --ssl chat with a plain-text
# user in one room; plain text and silence on the TLS port; sslscan judges the protocols and
# ciphers; the certificate is renewed on disk and new connections get it without a restart;
# SIGTERM drains TLS users like plain ones. One PASS/FAIL line per check.
# Usage: scripts/tls-check.sh   (after ./mvnw package; installs Debian's openssl socat ncat sslscan if missing; about 1 min)
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
for tool in openssl socat ncat sslscan python3; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing Debian's ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

jar=target/switchboard.jar
[ -f "$jar" ] || { echo "no $jar: run ./mvnw package first" >&2; exit 1; }
PYTHONDONTWRITEBYTECODE=1 exec python3 scripts/tls_check.py "$jar"
