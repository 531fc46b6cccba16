#!/usr/bin/env bash
# Benchmarks/generator-vs-wrk.sh: what the swarm's HLS players cost as a load generator, beside
# the C HTTP clients. Debian's nginx (one worker, pinned to core 0 with taskset) serves a live HLS
# stream that Debian's ffmpeg packages (AAC, 2 s segments); every generator runs pinned to core 1:
#   swarm   `swarmcast swarm --protocol hls` with N players on the live playlist (they reload it
#           and fetch each new segment: the request mix and rate come from that);
#   h2load  (nghttp2-client) N keep-alive HTTP/1.1 connections paced to the swarm's measured
#           request rate (--rps), over a URI list with the swarm's playlist:segment mix, on a
#           static copy of the same playlist and segment files;
#   wrk paced  N keep-alive connections at the swarm's rate and mix: a Lua `delay()` makes each
#           connection wait connections/rate between its requests, and `request()` walks the
#           playlist:segment mix (Benchmarks/wrk-paced.lua): wrk at the same rate;
#   wrk     N keep-alive connections as fast as it can on the segment file (its floor: saturated,
#           each response's ACK rides on the next request, which no paced client gets).
# For each: requests, CPU seconds (user + system of the generator and its children, from
# /usr/bin/time) and CPU µs per request; then the swarm's ratio to each. Beside the swarm, the
# server's side of the same requests: nginx's CPU (master and worker, from /proc) per request
# while the swarm ran, and the swarm's ratio to it (a load generator should cost no more than
# what it loads). Each figure twice: over the whole run (/usr/bin/time: start-up, the 5 s ramp of
# connects and the closes included) and over the hold (from /proc, seconds 7 to SECONDS+3 of the
# run, requests counted by nginx's stub_status), the steady cost of a long test and the issue's
# own method; every generator gets the same window. --runs R (default 3) repeats it and prints
# min/median/max of each figure;
# --update-docs writes the table into docs/performance.md (between the generator-vs-wrk markers)
# with the date and command. Loopback only; stops everything it started, also on failure and
# Ctrl-C.
#
#   Benchmarks/generator-vs-wrk.sh [--listeners 3000] [--seconds 20] [--runs 3] [--update-docs]
set -euo pipefail
cd "$(dirname "$0")/.."
listeners=3000 seconds=20 runs=3 update_docs=0
while [ $# -gt 0 ]; do
  case "$1" in
    --update-docs|--update-readme) update_docs=1; shift ;;
    --listeners) listeners=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "generator-vs-wrk: unknown flag $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ "$(nproc)" -ge 2 ] || { echo "generator-vs-wrk: needs 2 cores (server and generator pinned apart)" >&2; exit 2; }
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v h2load >/dev/null || missing+=(nghttp2-client)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
scripts/setup.sh
bin=${SWARMCAST_BIN:-$PWD/.build/release/swarmcast}
[ -x "$bin" ] || { echo "generator-vs-wrk: no $bin (swift build -c release)" >&2; exit 2; }
nginx=$(command -v nginx || echo /usr/sbin/nginx)
work=$(mktemp -d)
chmod 755 "$work"
ffmpeg_pid="" nginx_pid=""
# shellcheck source=processes.sh
. Benchmarks/processes.sh
cleanup() {
  stop_pid "$ffmpeg_pid"
  [ -f "$work/nginx.pid" ] && stop_pid "$(cat "$work/nginx.pid" 2>/dev/null)"
  stop_pid "$nginx_pid"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
ulimit -n "$(ulimit -Hn)"

port=$(free_port)
mkdir -p "$work/www/live" "$work/www/static" "$work/logs"
status_port=$(free_port)
nginx_conf "$work" "$port" 1 "  server { listen 127.0.0.1:$status_port; location / { stub_status; } }" > "$work/nginx.conf"
taskset -c 0 "$nginx" -p "$work" -c "$work/nginx.conf" &
nginx_pid=$!
taskset -c 0 ffmpeg -nostdin -loglevel error -re -f lavfi -i "sine=frequency=440:sample_rate=48000" -c:a aac -b:a 64k \
  -f hls -hls_time 2 -hls_list_size 6 -hls_flags delete_segments+program_date_time+temp_file \
  "$work/www/live/index.m3u8" &
ffmpeg_pid=$!
url="http://127.0.0.1:$port/live/index.m3u8"
for _ in $(seq 150); do [ "$(curl -sf "$url" | grep -c EXTINF)" -ge 3 ] && break; sleep 0.2; done
[ "$(curl -sf "$url" | grep -c EXTINF)" -ge 3 ] || { echo "generator-vs-wrk: ffmpeg+nginx never listed 3 segments" >&2; exit 1; }
# The static copy h2load and wrk read: the same playlist and one of its segments.
cp "$work/www/live/index.m3u8" "$work/www/static/index.m3u8"
segment=$(grep -v '^#' "$work/www/live/index.m3u8" | tail -n 1)
cp "$work/www/live/$segment" "$work/www/static/segment.ts"
echo "== nginx $("$nginx" -v 2>&1 | cut -d/ -f2) (core 0) + ffmpeg live HLS; generators on core 1; $listeners connections, ${seconds}s, $runs runs"
echo "   segment $(stat -c %s "$work/www/static/segment.ts") B, playlist $(stat -c %s "$work/www/static/index.m3u8") B"

# cpu_of FILE: user + system seconds /usr/bin/time wrote (-f '%U %S').
cpu_of() { tail -n 1 "$1" | awk '{printf "%.3f", $1 + $2}'; }
results="$work/results.txt"
nginx_cpu() { python3 Benchmarks/hls-figures.py cpu "$(cat "$work/nginx.pid")"; }
# Requests nginx has answered so far (stub_status), whoever asked.
nginx_requests() { curl -sf "http://127.0.0.1:$status_port/" | awk 'NR == 3 { print $3 }'; }
# hold PID NAME: the hold window of the generator PID started: CPU seconds of its process tree,
# nginx's CPU seconds and nginx's requests over seconds 7 to SECONDS+3, into $work/NAME.hold.
hold_from=7 hold_for=$((seconds - 4))
[ "$hold_for" -ge 1 ] || { echo "generator-vs-wrk: --seconds must be at least 5 (the hold window is seconds 7 to SECONDS+3)" >&2; exit 2; }
hold() {
  sleep "$hold_from"
  local c0 n0 r0
  c0=$(python3 Benchmarks/hls-figures.py cpu "$1"); n0=$(nginx_cpu); r0=$(nginx_requests)
  sleep "$hold_for"
  echo "$(( $(nginx_requests) - r0 )) $(awk -v a="$c0" -v b="$(python3 Benchmarks/hls-figures.py cpu "$1")" 'BEGIN { printf "%.3f", b - a }') $(awk -v a="$n0" -v b="$(nginx_cpu)" 'BEGIN { printf "%.3f", b - a }')" > "$work/$2.hold"
}
for run in $(seq 1 "$runs"); do
  nginx_before=$(nginx_cpu)
  /usr/bin/time -f '%U %S' -o "$work/swarm.time" taskset -c 1 "$bin" swarm --protocol hls --url "$url" --listeners "$listeners" \
    --ramp 5s --duration "$((seconds + 5))s" --connect-timeout 10s --progress none >"$work/swarm.out" 2>&1 &
  generator=$!; hold "$generator" swarm; wait "$generator" || true
  nginx_swarm=$(awk -v a="$nginx_before" -v b="$(nginx_cpu)" 'BEGIN { printf "%.3f", b - a }')
  hls=$(grep '^hls ' "$work/swarm.out" || true)
  [ -n "$hls" ] || { echo "generator-vs-wrk: the swarm printed no hls line:"; tail -5 "$work/swarm.out"; exit 1; }
  requests=$(sed -n 's/^hls *requests \([0-9]*\).*/\1/p' <<<"$hls")
  playlists=$(sed -n 's/.*playlists \([0-9]*\).*/\1/p' <<<"$hls")
  swarm_cpu=$(cpu_of "$work/swarm.time")
  duration=$((seconds + 5))
  rate=$(( requests / duration ))
  # The swarm's mix, as a URI list h2load walks in order: playlists per segment, rounded.
  per=$(( (playlists + (requests - playlists) / 2) / (requests - playlists > 0 ? requests - playlists : 1) ))
  : >"$work/uris"
  for _ in $(seq 1 "$per"); do echo "http://127.0.0.1:$port/static/index.m3u8" >>"$work/uris"; done
  echo "http://127.0.0.1:$port/static/segment.ts" >>"$work/uris"
  rps=$(awk -v r="$rate" -v c="$listeners" 'BEGIN { printf "%.3f", r / c }')
  /usr/bin/time -f '%U %S' -o "$work/h2load.time" taskset -c 1 h2load --h1 -c "$listeners" -t 1 --rps "$rps" -D "$duration" \
    -i "$work/uris" >"$work/h2load.out" 2>&1 &
  generator=$!; hold "$generator" h2load; wait "$generator" || true
  h2_requests=$(sed -n 's/^requests: \([0-9]*\) total, [0-9]* started, [0-9]* done, \([0-9]*\) succeeded.*/\2/p' "$work/h2load.out")
  h2_cpu=$(cpu_of "$work/h2load.time")
  /usr/bin/time -f '%U %S' -o "$work/wrk.time" taskset -c 1 wrk -t1 -c "$listeners" -d "${duration}s" \
    "http://127.0.0.1:$port/static/segment.ts" >"$work/wrk.out" 2>&1 &
  generator=$!; hold "$generator" wrk; wait "$generator" || true
  wrk_requests=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$work/wrk.out")
  gap=$(awk -v r="$rate" -v c="$listeners" 'BEGIN { printf "%d", c * 1000 / r }')
  /usr/bin/time -f '%U %S' -o "$work/wrkp.time" taskset -c 1 wrk -t1 -c "$listeners" -d "${duration}s" -s Benchmarks/wrk-paced.lua \
    "http://127.0.0.1:$port" -- "$gap" "$per" >"$work/wrkp.out" 2>&1 &
  generator=$!; hold "$generator" wrkp; wait "$generator" || true
  wrkp_requests=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$work/wrkp.out")
  wrkp_cpu=$(cpu_of "$work/wrkp.time")
  wrk_cpu=$(cpu_of "$work/wrk.time")
  python3 - "$run" "$requests" "$swarm_cpu" "${h2_requests:-0}" "$h2_cpu" "${wrk_requests:-0}" "$wrk_cpu" "$rate" "$per" "$nginx_swarm" \
    "${wrkp_requests:-0}" "$wrkp_cpu" "$gap" "$work" <<'EOF' | tee -a "$results"
import sys
run, sr, sc, hr, hc, wr, wc, rate, per, nc, pr, pc, gap, work = sys.argv[1:]
def hold(name):
    requests, cpu, nginx = open(f"{work}/{name}.hold").read().split()
    return int(requests), float(cpu), float(nginx)
sr, hr, wr, pr = int(sr), int(hr), int(wr), int(pr); sc, hc, wc, nc, pc = float(sc), float(hc), float(wc), float(nc), float(pc)
us = lambda c, r: c / r * 1e6 if r else float("nan")
s, h, w, n, p = us(sc, sr), us(hc, hr), us(wc, wr), us(nc, sr), us(pc, pr)
print("run %s: swarm %d req %.2f CPU-s %.1f us/req (nginx serving them %.2f CPU-s %.1f us/req) | h2load (%s req/s paced, %s playlists per segment) %d req %.2f CPU-s %.1f us/req | wrk paced (delay %s ms) %d req %.2f CPU-s %.1f us/req | wrk %d req %.2f CPU-s %.1f us/req | swarm/nginx %.2f swarm/h2load %.2f swarm/wrk-paced %.2f swarm/wrk %.2f"
      % (run, sr, sc, s, nc, n, rate, per, hr, hc, h, gap, pr, pc, p, wr, wc, w, s / n, s / h, s / p, s / w))
(sr, sc, nc), (hr, hc, _), (pr, pc, _), (wr, wc, _) = (hold(g) for g in ("swarm", "h2load", "wrkp", "wrk"))
s, n, h, p, w = us(sc, sr), us(nc, sr), us(hc, hr), us(pc, pr), us(wc, wr)
print("hold %s: swarm %d req %.2f CPU-s %.1f us/req (nginx %.2f CPU-s %.1f us/req) | h2load %d req %.1f us/req | wrk paced %d req %.1f us/req | wrk %d req %.1f us/req | swarm/nginx %.2f swarm/h2load %.2f swarm/wrk-paced %.2f swarm/wrk %.2f"
      % (run, sr, sc, s, nc, n, hr, h, pr, p, wr, w, s / n, s / h, s / p, s / w))
EOF
done
python3 - "$results" "$listeners" "$seconds" "$runs" "$("$nginx" -v 2>&1 | cut -d/ -f2)" > "$work/table.md" <<'EOF'
import datetime, os, re, statistics, sys
lines = open(sys.argv[1]).readlines()
whole = [l for l in lines if l.startswith("run ")]
held = [l for l in lines if l.startswith("hold ")]
listeners, seconds, runs, nginx = sys.argv[2:6]
def col(rows, pattern):
    return [float(re.search(pattern, l).group(1)) for l in rows]
# (name, pattern in a "run" line, pattern in a "hold" line)
figures = [("swarm `--protocol hls` (measures delay, staleness, rebuffering)", r"swarm \d+ req [\d.]+ CPU-s ([\d.]+)", r"swarm \d+ req [\d.]+ CPU-s ([\d.]+)"),
           ("nginx serving the swarm's requests (the server's side)", r"nginx serving them [\d.]+ CPU-s ([\d.]+)", r"\(nginx [\d.]+ CPU-s ([\d.]+)"),
           ("h2load `--h1 --rps`, same rate and mix (measures latency)", r"h2load .*? req [\d.]+ CPU-s ([\d.]+) us", r"h2load \d+ req ([\d.]+) us"),
           ("wrk `-t1` paced by Lua `delay()`, same rate and mix (measures latency)", r"wrk paced .*? req [\d.]+ CPU-s ([\d.]+) us", r"wrk paced \d+ req ([\d.]+) us"),
           ("wrk `-t1`, saturated (measures latency)", r"\| wrk \d+ req [\d.]+ CPU-s ([\d.]+)", r"\| wrk \d+ req ([\d.]+) us")]
ratios = [("swarm / nginx", r"swarm/nginx ([\d.]+)"), ("swarm / h2load", r"swarm/h2load ([\d.]+)"),
          ("swarm / wrk paced", r"swarm/wrk-paced ([\d.]+)"), ("swarm / wrk saturated", r"swarm/wrk ([\d.]+)")]
for label, rows, which in (("whole run", whole, 1), ("hold", held, 2)):
    for name, figure in zip(["swarm", "nginx", "h2load", "wrk paced", "wrk"] + [n for n, _ in ratios], figures + [(n, p, p) for n, p in ratios]):
        v = col(rows, figure[which])
        print("%-10s %-22s min %.2f  median %.2f  max %.2f  (%d runs)" % (label, name, min(v), statistics.median(v), max(v), len(v)), file=sys.stderr)
print(f"`Benchmarks/generator-vs-wrk.sh --listeners {listeners} --seconds {seconds} --runs {runs}` ({datetime.date.today()}, "
      f"this {os.cpu_count()}-core host; nginx {nginx} with one worker on core 0 serving ffmpeg's live HLS, 2 s segments; every generator on core 1; "
      f"whole run: CPU from `/usr/bin/time` and /proc over {int(seconds) + 5} s including start-up and a 5 s ramp; "
      f"hold: CPU from /proc and requests from nginx's stub_status over seconds 7 to {int(seconds) + 3}):")
print()
print("| generator | CPU µs per request, whole run (min / median / max) | CPU µs per request, hold (min / median / max) |")
print("|---|---|---|")
def spread(v, digits=1):
    return f"{min(v):.{digits}f} / {statistics.median(v):.{digits}f} / {max(v):.{digits}f}"
for name, whole_pattern, hold_pattern in figures:
    print(f"| {name} | {spread(col(whole, whole_pattern))} | {spread(col(held, hold_pattern))} |")
for name, pattern in ratios:
    print(f"| ratio {name} | {spread(col(whole, pattern), 2)} | {spread(col(held, pattern), 2)} |")
EOF
cat "$work/table.md"
if [ "$update_docs" = 1 ]; then scripts/readme-table.py generator-vs-wrk < "$work/table.md"; fi

