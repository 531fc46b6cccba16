#!/usr/bin/env bash
# HLS listeners against systems we did not write: Debian's ffmpeg packages a live sine tone as
# HLS (AAC, 2 s segments, EXT-X-PROGRAM-DATE-TIME on every segment) into a temp folder, Debian's
# nginx serves that folder on a loopback port (generated config, `daemon off`, its own pid file),
# and `swarmcast swarm --protocol hls --url …` points N listeners at it. Prints the swarm's
# figures (delay = arrival − PROGRAM-DATE-TIME, first audio, stalls = player rebuffers,
# staleness and fetch times, failures by cause), then checks that ffmpeg reads Swarmcast's own
# HLS (`serve`, /rooms/1/index.m3u8) without a decode error. Everything runs on loopback and
# everything it starts is stopped at the end, also on failure or Ctrl-C.
#
#   Benchmarks/hls-nginx.sh [--listeners 1000] [--seconds 30]
# Uses $SWARMCAST_BIN, else .build/release/swarmcast if built, else a debug build.
set -euo pipefail
# HLS_NGINX_TRACE=FILE: a shell trace of this script into FILE (for a run that goes wrong under a test runner).
[ -n "${HLS_NGINX_TRACE:-}" ] && { exec 2>>"$HLS_NGINX_TRACE"; set -x; }
cd "$(dirname "$0")/.."
listeners=1000; seconds=30
while [ $# -gt 0 ]; do
  case "$1" in
    --listeners) listeners=$2; shift 2;;
    --seconds) seconds=$2; shift 2;;
    *) echo "hls-nginx.sh: unknown flag $1 (use --listeners, --seconds)" >&2; exit 2;;
  esac
done
scripts/setup.sh
bin=${SWARMCAST_BIN:-}
if [ -z "$bin" ]; then
  if [ -x .build/release/swarmcast ]; then bin=$PWD/.build/release/swarmcast; else swift build >/dev/null; bin=$PWD/.build/debug/swarmcast; fi
fi
nginx=$(command -v nginx || echo /usr/sbin/nginx)
work=$(mktemp -d)
chmod 755 "$work"  # nginx's workers run as www-data and must read the segments
ffmpeg_pid=""; nginx_pid=""; server_pid=""
# shellcheck source=processes.sh
. Benchmarks/processes.sh
cleanup() {
  stop_pid "$ffmpeg_pid"
  stop_pid "$server_pid"
  stop_pid "$nginx_pid"
  [ -f "$work/nginx.pid" ] && stop_pid "$(cat "$work/nginx.pid" 2>/dev/null)"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
wait_for() {  # wait_for SECONDS COMMAND...: until the command succeeds
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
}

port=$(free_port)
mkdir -p "$work/www/live" "$work/logs"
nginx_conf "$work" "$port" > "$work/nginx.conf"
"$nginx" -p "$work" -c "$work/nginx.conf" &
nginx_pid=$!
ffmpeg -nostdin -loglevel error -re -f lavfi -i "sine=frequency=440:sample_rate=48000" -c:a aac -b:a 64k \
  -f hls -hls_time 2 -hls_list_size 6 -hls_flags delete_segments+program_date_time+temp_file \
  "$work/www/live/index.m3u8" &
ffmpeg_pid=$!
url="http://127.0.0.1:$port/live/index.m3u8"
# Three segments in the playlist before the listeners come.
wait_for 30 sh -c "[ \$(curl -sf '$url' | grep -c EXTINF) -ge 3 ]" || { echo "hls-nginx.sh: ffmpeg+nginx never served 3 segments" >&2; exit 1; }
echo "== ffmpeg $(ffmpeg -version | sed -n 1p | cut -d' ' -f3) (-f hls, AAC, 2 s segments) behind nginx $("$nginx" -v 2>&1 | cut -d/ -f2), $listeners HLS listeners, ${seconds}s"
ulimit -n 20000 2>/dev/null || true
"$bin" swarm --protocol hls --url "$url" --listeners "$listeners" --ramp 5s --duration "${seconds}s" \
  --connect-timeout 10s --out "$work/run" --progress none \
  | grep -E '^(listeners|delay|first audio|connect|frames|failures|hls) ' || true
[ -f "$work/run/summary.json" ] || { echo "hls-nginx.sh: the swarm wrote no summary" >&2; exit 1; }
stop_pid "$ffmpeg_pid"; ffmpeg_pid=""

echo "== ffmpeg reading Swarmcast's HLS (serve, /rooms/1/index.m3u8, 10 s)"
sport=$(free_port)
"$bin" serve --listen "127.0.0.1:$sport" --log-level warning &
server_pid=$!
surl="http://127.0.0.1:$sport/rooms/1/index.m3u8"
wait_for 20 sh -c "[ \$(curl -sf '$surl' | grep -c EXTINF) -ge 2 ]" || { echo "hls-nginx.sh: our server never listed 2 segments" >&2; exit 1; }
codec=$(ffprobe -v error -show_entries stream=codec_name -of default=nw=1:nk=1 "$surl" | sed -n 1p)
errors=$(ffmpeg -nostdin -v error -i "$surl" -t 10 -f null - 2>&1 || echo "ffmpeg exited $?")
echo "codec       $codec"
if [ -z "$errors" ]; then echo "decode      no errors"; else echo "decode      ERRORS: $errors"; exit 1; fi
