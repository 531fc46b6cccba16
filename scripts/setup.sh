#!/usr/bin/env bash
# Installs what Swarmcast needs to build and test on Debian/Ubuntu when it is missing:
# libevent-dev (the event loop), zlib1g-dev (compressed HdrHistogram logs), libopus-dev (the
# built-in speakers' voice), ffmpeg (the tests play our Ogg/Opus and HLS with ffprobe/ffmpeg, and
# Benchmarks/hls-nginx.sh packages live HLS with it), nginx-light (serves that HLS), prometheus
# (the test that scrapes `swarm --metrics` runs Debian's binary directly; its service is not
# used); and for the deployment tests kubectl (Debian's kubernetes-client, to render
# deploy/kubernetes with `kubectl kustomize`), kubernetes-validate (PyPI, to check the rendered
# manifests) and iproute2 (network namespaces, Benchmarks/netns-shards.sh); GStreamer's
# gst-launch-1.0 with its base, good and bad plugins (souphttpsrc, hlsdemux, qtdemux, opusdec:
# the cold-room tests play our HLS with a second real player besides ffmpeg); chromium (a
# headless browser plays a room's listen.opus and index.m3u8 in an <audio> element); docker.io (the
# image test builds and runs the offline image with a private dockerd: deploy/image/engine.sh).
# deploy/slurm/run-local.sh installs slurm-wlm and munge itself. Needs root (or sudo) only when
# something is missing; quiet and idempotent.
set -euo pipefail
missing=()
for pkg in libevent-dev zlib1g-dev pkg-config libopus-dev prometheus \
           gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
# Tools: any package that provides the command will do (nginx, nginx-light, nginx-full).
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v kubectl >/dev/null || missing+=(kubernetes-client)
command -v ip >/dev/null || missing+=(iproute2)
command -v chromium >/dev/null || missing+=(chromium)
command -v dockerd >/dev/null || missing+=(docker.io)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "setup: swift is not on PATH (Swarmcast needs Swift 6.1 or later)"; exit 1; }
if ! command -v kubernetes-validate >/dev/null; then
  echo "setup: installing kubernetes-validate (pip)"
  python3 -m pip install -q --disable-pip-version-check kubernetes-validate >/dev/null 2>&1 \
    || python3 -m pip install -q --disable-pip-version-check --break-system-packages kubernetes-validate >/dev/null
  hash -r
  command -v kubernetes-validate >/dev/null || { echo "setup: kubernetes-validate installed but not on PATH"; exit 1; }
fi
