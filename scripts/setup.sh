#!/usr/bin/env bash
# Installs what Swarmcast needs to build on Debian/Ubuntu when it is missing: libevent-dev
# (the event loop) and zlib1g-dev (compressed HdrHistogram logs). Needs root (or sudo) only
# when something is missing.
set -euo pipefail
missing=()
for pkg in libevent-dev zlib1g-dev pkg-config; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "setup: swift is not on PATH (Swarmcast needs Swift 6.1 or later)"; exit 1; }
