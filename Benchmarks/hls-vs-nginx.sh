#!/usr/bin/env bash
# The same HLS segments served two ways, measured by the same HLS swarm:
#   - by `swarmcast serve --workers W` (origin + W edges, segments built in memory by every edge);
#   - by Debian's nginx as files (what a CDN edge does): Benchmarks/hls-mirror.py pulls the
#     room's playlist and segments from that same serve, as an edge pulls from its origin, into
#     a folder nginx serves (W workers, reuseport, keep-alive).
# For each target: listeners held, requests/s, the server's CPU (utime+stime of its whole process
# tree from /proc: nginx's master and workers, or serve's origin and edges), CPU per request and
# per listener-minute, delay (arrival − PROGRAM-DATE-TIME), playlist staleness, rebuffering and
# failures. Targets alternate run by run (serve, nginx, serve, …) so slow drift on a shared host
# lands on both; with --runs N the table gives median [min–max]. Loopback only; everything it
# starts is stopped at the end, also on failure or Ctrl-C; every run is bounded by --seconds.
#
#   Benchmarks/hls-vs-nginx.sh [--listeners 10000] [--seconds 60] [--ramp 20s] [--workers 2]
#                              [--agents 2] [--runs 1] [--segment-duration 3s] [--update-readme]
# Uses $SWARMCAST_BIN, else .build/release/swarmcast if built, else a debug build.
set -euo pipefail
cd "$(dirname "$0")/.."
listeners=10000; seconds=60; ramp=20s; workers=2; agents=2; runs=1; segment=3s; update_readme=0
while [ $# -gt 0 ]; do
  case "$1" in
    --listeners) listeners=$2; shift 2;;
    --seconds) seconds=$2; shift 2;;
    --ramp) ramp=$2; shift 2;;
    --workers) workers=$2; shift 2;;
    --agents) agents=$2; shift 2;;
    --runs) runs=$2; shift 2;;
    --segment-duration) segment=$2; shift 2;;
    --update-readme) update_readme=1; shift;;
    *) echo "hls-vs-nginx.sh: unknown flag $1 (use --listeners, --seconds, --ramp, --workers, --agents, --runs, --segment-duration, --update-readme)" >&2; exit 2;;
  esac
done
for n in "$listeners" "$seconds" "$workers" "$agents" "$runs"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "hls-vs-nginx.sh: '$n' is not a positive whole number" >&2; exit 2; }
done
scripts/setup.sh >/dev/null
bin=${SWARMCAST_BIN:-}
if [ -z "$bin" ]; then
  if [ -x .build/release/swarmcast ]; then bin=$PWD/.build/release/swarmcast; else swift build >/dev/null; bin=$PWD/.build/debug/swarmcast; fi
fi
figures=$PWD/Benchmarks/hls-figures.py
nginx=$(command -v nginx || echo /usr/sbin/nginx)
ulimit -n 20000 2>/dev/null || true
work=$(mktemp -d)
chmod 755 "$work"  # nginx's workers run as www-data and must read the segments
server_pid=""; nginx_pid=""; mirror_pid=""
# shellcheck source=processes.sh
. Benchmarks/processes.sh
cleanup() {
  stop_pid "$mirror_pid"; stop_pid "$nginx_pid"; stop_pid "$server_pid"
  [ -f "$work/nginx.pid" ] && stop_pid "$(cat "$work/nginx.pid" 2>/dev/null)"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
segments_listed() { curl -sf "$1" | grep -c EXTINF || true; }
wait_segments() {  # wait_segments URL N SECONDS
  local deadline=$((SECONDS + $3))
  until [ "$(segments_listed "$1")" -ge "$2" ]; do
    [ $SECONDS -lt $deadline ] || { echo "hls-vs-nginx.sh: $1 never listed $2 segments" >&2; exit 1; }
    sleep 0.5
  done
}

# Our server: origin + edges sharing one port.
sport=$(free_port)
"$bin" serve --listen "127.0.0.1:$sport" --workers "$workers" --segment-duration "$segment" \
  --max-listeners "$((listeners + 1000))" --log-level warning > "$work/serve.log" 2>&1 &
server_pid=$!
surl="http://127.0.0.1:$sport/rooms/1/index.m3u8"
wait_segments "$surl" 3 60

# nginx: the same segments as files, pulled from that server by the mirror.
nport=$(free_port)
mkdir -p "$work/www/rooms/1" "$work/logs"
cat > "$work/nginx.conf" <<CONF
daemon off;
worker_processes $workers;
worker_rlimit_nofile 20000;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 19000; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  open_file_cache max=64;
  open_file_cache_valid 1s;
  types { application/vnd.apple.mpegurl m3u8; video/iso.segment m4s; video/mp4 mp4; }
  server {
    listen 127.0.0.1:$nport reuseport backlog=8192;
    root $work/www;
    location ~ \.m3u8\$ { add_header Cache-Control "max-age=1"; }
    location ~ \.(m4s|mp4)\$ { add_header Cache-Control "max-age=86400, immutable"; }
  }
}
CONF
"$nginx" -p "$work" -c "$work/nginx.conf" &
nginx_pid=$!
python3 Benchmarks/hls-mirror.py "$surl" "$work/www/rooms/1" --seconds "$(( (seconds + 120) * runs * 2 + 120 ))" &
mirror_pid=$!
nurl="http://127.0.0.1:$nport/rooms/1/index.m3u8"
sleep 0.5
kill -0 "$nginx_pid" 2>/dev/null || { echo "hls-vs-nginx.sh: nginx did not start (config above)" >&2; exit 1; }
wait_segments "$nurl" 3 60

idle_cpu() {  # idle_cpu ROOT_PID: CPU seconds per second over 10 s with no listeners
  local a b
  a=$(python3 "$figures" cpu "$1"); sleep 10; b=$(python3 "$figures" cpu "$1")
  python3 -c "print(($b - $a) / 10)"
}
serve_idle=$(idle_cpu "$server_pid")
nginx_idle=$(idle_cpu "$nginx_pid")

measure() {  # measure NAME URL ROOT_PID IDLE RUN
  local out="$work/$1-$5" cpu0 cpu1
  cpu0=$(python3 "$figures" cpu "$3")
  "$bin" swarm --protocol hls --url "$2" --listeners "$listeners" --ramp "$ramp" --duration "${seconds}s" \
    --agents "$agents" --late-after 10s --stall-after 10s --connect-timeout 10s \
    --out "$out" --progress none > "$out.log" 2>&1 || true
  cpu1=$(python3 "$figures" cpu "$3")
  [ -f "$out/summary.json" ] || { echo "hls-vs-nginx.sh: the swarm against $1 wrote no summary:" >&2; tail -5 "$out.log" >&2; exit 1; }
  python3 "$figures" row "$1" "$(python3 -c "print($cpu1 - $cpu0)")" "$4" "$out" >> "$work/results.tsv"
  echo "-- $1, run $5:"; grep -E '^(listeners|delay|failures|hls) ' "$out.log" || true
}
nginx_name="nginx $("$nginx" -v 2>&1 | cut -d/ -f2) (files, $workers workers)"
serve_name="swarmcast serve --workers $workers"
echo "== $listeners HLS listeners, ${segment} segments, ramp $ramp, ${seconds}s runs, $agents swarm agents, $(nproc) cores"
for run in $(seq "$runs"); do
  measure "$serve_name" "$surl" "$server_pid" "$serve_idle" "$run"
  measure "$nginx_name" "$nurl" "$nginx_pid" "$nginx_idle" "$run"
done
{
  echo "$listeners HLS listeners, ${segment} segments, ramp $ramp, ${seconds}s runs, $runs run(s) each, $(nproc) cores, $(date -u +%Y-%m-%d), $(basename "$(dirname "$bin")") build"
  echo
  python3 "$figures" table "$work/results.tsv"
} > "$work/table.md"
echo; cat "$work/table.md"
if [ "$update_readme" = 1 ]; then sed 's/^/  /; s/^  $//' "$work/table.md" | scripts/readme-table.py hls-vs-nginx; fi
