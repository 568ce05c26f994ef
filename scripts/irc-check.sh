#!/usr/bin/env bash
# Issue 12 "Real clients in CI": Debian's ii and WeeChat headless join a room with nc users and a
# JSON client on the packaged jar; each sees the others' lines, actions, joins, nick changes and
# quits exactly once (scripts/irc_check.py). About 40 s.
# Usage: scripts/irc-check.sh   (after ./mvnw verify or package; installs ii and weechat-headless
#                                if missing)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v ii >/dev/null; then
  echo "== installing Debian's ii package"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ii >/dev/null
fi
if ! command -v weechat-headless >/dev/null; then
  echo "== installing Debian's weechat-headless package"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq weechat-headless >/dev/null
fi
command -v python3 >/dev/null || { apt-get update -qq && apt-get install -y -qq python3 >/dev/null; }

jar=target/switchboard.jar
[ -f "$jar" ] || { echo "no $jar: run ./mvnw package first" >&2; exit 1; }
exec python3 scripts/irc_check.py "$jar"
