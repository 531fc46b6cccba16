#!/usr/bin/env bash
# Benchmarks/llhls-playlist-bytes.sh: what LL-HLS delta updates save. For each window N (default
# 6 20 60 segments) starts `serve --playlist-segments N`, waits until its window is full, prints
# a full and a delta playlist's size, then runs 1,000 ll-hls listeners for 40 s with
# --playlist-updates full and then delta, and prints each run's `hls` line (playlist KB per
# player-minute). Loopback only; about 2-5 minutes per window.
#   Benchmarks/llhls-playlist-bytes.sh [--listeners N] [--seconds S] [WINDOW...]
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
binary=${SWARMCAST_BINARY:-$root/.build/release/swarmcast}
listeners=1000 seconds=40
while [ $# -gt 0 ]; do
  case "$1" in
    --listeners) listeners=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) break ;;
  esac
done
windows=("$@"); [ ${#windows[@]} -gt 0 ] || windows=(6 20 60)
[ -x "$binary" ] || { echo "llhls-playlist-bytes: no $binary (swift build -c release)" >&2; exit 2; }
ulimit -n "$(ulimit -Hn)"
server_pid=""
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null' EXIT
url=http://127.0.0.1:7461/rooms/1/index.m3u8
for segs in "${windows[@]}"; do
  "$binary" serve --listen 127.0.0.1:7461 --metrics 127.0.0.1:9461 --demo-speakers 1 --max-connections-per-address 0 \
    --playlist-segments "$segs" >/dev/null 2>&1 &
  server_pid=$!
  sleep $(( segs * 3 + 6 ))   # 3 s segments: the window full
  echo "== serve --playlist-segments $segs: full playlist $(curl -s "$url" | wc -c) B, delta $(curl -s "$url?_HLS_skip=YES" | wc -c) B"
  for mode in full delta; do
    echo "-- --playlist-updates $mode"
    "$binary" swarm --server 127.0.0.1:7461 --protocol ll-hls --url "$url" --listeners "$listeners" --ramp 5s \
      --duration "${seconds}s" --playlist-updates "$mode" --progress none 2>&1 | grep -E "^hls|^complete|^INCOMPLETE"
  done
  kill "$server_pid"; wait "$server_pid" 2>/dev/null; server_pid=""
done
