#!/usr/bin/env bash
# Benchmarks/decode-cost.sh: what decoded listeners (listeners.decode) cost the swarm, and that
# the undecoded ones do not notice them. One `swarmcast serve` (one room, one built-in speaker,
# 100 ms packets) pinned to core 0; swarms of N listeners pinned to core 1, each run three ways:
#   off    --decode 0      (the baseline)
#   1%     --decode 1%     (the share the docs recommend)
#   all    --decode 100%   (every listener decodes: the cost per decoded listener-minute)
# Per run it reads summary.json: the agents' CPU seconds, the audio decoded (frames x 20 ms =
# decoded listener-minutes), and the undecoded figures (delay p50/p99, frames lost). It prints
# the CPU per decoded listener-minute ((CPU all - CPU off) / decoded minutes, in µs), and for
# off and 1%: agent CPU and delay p50/p99; min/median/max over --runs R (default 3).
# Loopback only; stops what it started, also on failure and Ctrl-C.
#
#   Benchmarks/decode-cost.sh [--listeners 400] [--seconds 15] [--runs 3]
set -euo pipefail
cd "$(dirname "$0")/.."
listeners=400 seconds=15 runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --listeners) listeners=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "decode-cost: unknown flag $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ "$(nproc)" -ge 2 ] || { echo "decode-cost: needs 2 cores (server and swarm pinned apart)" >&2; exit 2; }
bin=${SWARMCAST_BIN:-$PWD/.build/release/swarmcast}
[ -x "$bin" ] || { echo "decode-cost: no $bin (swift build -c release)" >&2; exit 2; }
work=$(mktemp -d)
server_pid=""
# shellcheck source=processes.sh
. Benchmarks/processes.sh
cleanup() { stop_pid "$server_pid"; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
ulimit -n "$(ulimit -Hn)"

port=$(free_port) metrics=$(free_port)
taskset -c 0 "$bin" serve --listen "127.0.0.1:$port" --metrics "127.0.0.1:$metrics" --rooms 1 --demo-speakers 1 \
  --frames-per-packet 5 >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$metrics/health" >/dev/null && break; sleep 0.1; done
echo "== $(hostname), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ); server core 0, swarm core 1; $listeners listeners, ${seconds}s, $runs runs"

results="$work/results.txt"
for run in $(seq 1 "$runs"); do
  for variant in off 1% all; do
    case $variant in off) share=0 ;; 1%) share=1% ;; all) share=100% ;; esac
    out="$work/run-$run-${variant%\%}"
    taskset -c 1 "$bin" swarm --server "127.0.0.1:$port" --listeners "$listeners" --ramp 2s --duration "${seconds}s" \
      --decode "$share" --out "$out" --progress none >"$out.log" 2>&1 || { cat "$out.log" >&2; exit 1; }
    python3 - "$out/summary.json" "$variant" >>"$results" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
a = s.get("audio") or {}
minutes = a.get("frames", 0) * 0.02 / 60
print(sys.argv[2], s["costs"]["swarm_cpu_seconds"], minutes, s["delay"]["p50"], s["delay"]["p99"],
      s["counters"]["frames_lost"], a.get("decoded_listeners", 0), (a.get("match") or {}).get("p5", "-"))
PY
  done
done
python3 - "$results" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
def by(v): return [r for r in rows if r[0] == v]
def mmm(xs, fmt): return " / ".join(fmt % x for x in (min(xs), statistics.median(xs), max(xs)))
off, one, all_ = by("off"), by("1%"), by("all")
cost = [(float(a[1]) - float(o[1])) / float(a[2]) * 1e6 for a, o in zip(all_, off) if float(a[2]) > 0]
print(f"decoded listener-minutes per 'all' run: {mmm([float(a[2]) for a in all_], '%.1f')} (min / median / max)")
print(f"CPU per decoded listener-minute: {mmm(cost, '%.0f')} us (min / median / max)")
print(f"match p5 (all): {' '.join(a[7] for a in all_)}; decoded listeners at 1%: {' '.join(r[6] for r in one)}")
for name, rs in (("off", off), ("1%", one)):
    print(f"{name:4} agent CPU {mmm([float(r[1]) for r in rs], '%.2f')} s   delay p50 {mmm([float(r[3]) for r in rs], '%.1f')} ms   "
          f"p99 {mmm([float(r[4]) for r in rs], '%.1f')} ms   frames lost {' '.join(r[5] for r in rs)}")
PY
