#!/usr/bin/env bash
# Installs what Swarmcast needs to build and test on Debian/Ubuntu when it is missing:
# libevent-dev (the event loop), zlib1g-dev (compressed HdrHistogram logs), libopus-dev (the
# built-in speakers' voice), ffmpeg (the tests play our Ogg/Opus and HLS with ffprobe/ffmpeg, and
# Benchmarks/hls-nginx.sh packages live HLS with it) and nginx-light (serves that HLS). Needs root
# (or sudo) only when something is missing; quiet and idempotent.
set -euo pipefail
missing=()
for pkg in libevent-dev zlib1g-dev pkg-config libopus-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
# Tools: any package that provides the command will do (nginx, nginx-light, nginx-full).
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "setup: swift is not on PATH (Swarmcast needs Swift 6.1 or later)"; exit 1; }
