#!/usr/bin/env bash
# Installs what Swarmcast needs to build on Debian/Ubuntu when it is missing: libevent-dev
# (the event loop), zlib1g-dev (compressed HdrHistogram logs) and prometheus (the test that
# scrapes `swarm --metrics` runs Debian's binary directly; its service is not used). Needs root
# (or sudo) only when something is missing.
set -euo pipefail
missing=()
for pkg in libevent-dev zlib1g-dev pkg-config prometheus; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "setup: swift is not on PATH (Swarmcast needs Swift 6.1 or later)"; exit 1; }
