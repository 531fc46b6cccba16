#!/usr/bin/env bash
# deploy/image/engine.sh: a private Docker engine for building and testing the offline image
# where no daemon runs (CI, this sandbox). Debian's docker.io (20.10) is installed when dockerd
# is missing. The daemon keeps everything under STATE_DIR (data root, exec root, socket, pid,
# log) and never touches the host's firewall or the 172.17/16 default bridge:
#   dockerd --iptables=false --ip-masq=false --storage-driver=vfs --bip 198.18.250.1/24 (or --bridge=none)
#
#   deploy/image/engine.sh start STATE_DIR [--bridge-none]   prints DOCKER_HOST=unix://STATE_DIR/docker.sock
#   deploy/image/engine.sh stop STATE_DIR [--purge]          stops that daemon (its pid only); --purge removes STATE_DIR
#
# Needs root. Exit 0 on success, 3 when the engine cannot be installed or does not start
# (the reason on stderr, the daemon's log tail with it).
set -uo pipefail
say() { echo "engine: $*" >&2; }
cmd=${1:-} state=${2:-}
[ -n "$cmd" ] && [ -n "$state" ] || { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
shift 2
bridge=(--bip 198.18.250.1/24) purge=""
while [ $# -gt 0 ]; do
  case "$1" in
    --bridge-none) bridge=(--bridge=none); shift ;;
    --purge) purge=1; shift ;;
    *) say "unknown argument '$1'"; exit 2 ;;
  esac
done
docker_cli() { if [ -x /usr/bin/docker ]; then echo /usr/bin/docker; else command -v docker; fi; }

case "$cmd" in
start)
  [ "$(id -u)" -eq 0 ] || { say "needs root (dockerd)"; exit 3; }
  if ! command -v dockerd >/dev/null || [ ! -x /usr/bin/docker ]; then
    say "installing Debian's docker.io"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io; } >/dev/null 2>&1 \
      || { say "apt-get install docker.io failed"; exit 3; }
  fi
  mkdir -p "$state"
  sock="$state/docker.sock"
  if [ -f "$state/docker.pid" ] && kill -0 "$(cat "$state/docker.pid")" 2>/dev/null; then
    say "already running ($(cat "$state/docker.pid"))"; echo "DOCKER_HOST=unix://$sock"; exit 0
  fi
  # setsid: the daemon must not share our process group (a Ctrl-C to a make must not reach it
  # before the cleanup that stops it in order).
  setsid dockerd --iptables=false --ip-masq=false --storage-driver=vfs "${bridge[@]}" \
    --data-root "$state/data" --exec-root "$state/exec" --pidfile "$state/docker.pid" \
    -H "unix://$sock" >"$state/dockerd.log" 2>&1 </dev/null &
  echo $! >"$state/dockerd.spawned"
  for _ in $(seq 1 60); do
    if DOCKER_HOST="unix://$sock" "$(docker_cli)" version >/dev/null 2>&1; then echo "DOCKER_HOST=unix://$sock"; exit 0; fi
    kill -0 "$(cat "$state/dockerd.spawned")" 2>/dev/null || break
    sleep 0.5
  done
  say "dockerd did not start (log: $state/dockerd.log):"; tail -5 "$state/dockerd.log" >&2
  "$0" stop "$state" >/dev/null 2>&1
  exit 3
  ;;
stop)
  pid=""
  [ -f "$state/docker.pid" ] && pid=$(cat "$state/docker.pid")
  [ -z "$pid" ] && [ -f "$state/dockerd.spawned" ] && pid=$(cat "$state/dockerd.spawned")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then say "dockerd ($pid) did not stop in 20 s: SIGKILL"; kill -KILL "$pid"; fi
  fi
  # The containerd it started (managed, under its exec root) exits with it; one left over is
  # found by its socket path, which names STATE_DIR.
  for p in $(pgrep -f "containerd --config $state/exec/" 2>/dev/null); do kill -TERM "$p" 2>/dev/null; done
  # Mounts a killed daemon left below STATE_DIR (network namespaces, vfs layers): deepest first.
  grep -o " $state/[^ ]*" /proc/mounts 2>/dev/null | sort -r | while read -r m; do umount -l "$m" 2>/dev/null; done
  rm -f "$state/docker.pid" "$state/dockerd.spawned"
  [ -n "$purge" ] && rm -rf "$state"
  exit 0
  ;;
*) say "unknown command '$cmd' (start|stop)"; exit 2 ;;
esac
