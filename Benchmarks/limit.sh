#!/usr/bin/env bash
# The limit and Swarmcast back to back, same listeners, packet size and interval: prints
# deliveries per CPU-second for both, on the sending side (server) and on the receiving side
# (reader / swarm), and their ratios.
#
#   Benchmarks/limit.sh [--listeners 10000] [--seconds 30] [--frames-per-packet 1] [--update-readme] [--runs N]
#
# --runs N repeats it N times and prints min / median / max of every figure (Benchmarks/repeat.py).
#
# One packet is K AUDIO frames of 80 payload bytes (106 bytes each on the wire) every K x 20 ms;
# K = 150 is the 3 s packet of the scale runs. Both sides' figures include their connection
# setup (accept and handshake, connect), so use the same --seconds when comparing runs.
set -euo pipefail
cd "$(dirname "$0")/.."
listeners=10000; seconds=30; fpp=1; update_readme=0
runs=1; suffix=""; all_args=("$@")
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2;;
    --out-suffix) suffix=$2; shift 2;;
    --listeners) listeners=$2; shift 2;;
    --seconds) seconds=$2; shift 2;;
    --frames-per-packet) fpp=$2; shift 2;;
    --update-readme) update_readme=1; shift;;
    *) echo "limit.sh: unknown flag $1 (use --listeners, --seconds, --frames-per-packet, --update-readme, --runs)" >&2; exit 2;;
  esac
done
# shellcheck source=repeat.sh
. Benchmarks/repeat.sh
repeat_if_asked "$runs" "$0" "${all_args[@]}"
scripts/setup.sh
mkdir -p .build/limit
cc -O2 -o .build/limit/fanout Benchmarks/Limit/fanout.c
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
bytes=$((106 * fpp)); interval=$((20 * fpp))
.build/limit/fanout serve "$port" "$listeners" "$bytes" "$interval" "$seconds" > .build/limit/serve.out &
server=$!
sleep 0.3
.build/limit/fanout read "$port" "$listeners" $((seconds + 3)) > .build/limit/read.out
wait $server
cat .build/limit/serve.out .build/limit/read.out
Benchmarks/scale.sh --listeners "$listeners" --frames-per-packet "$fpp" --ramp 5s --hold "${seconds}s" --out "runs/limit-swarmcast-fpp$fpp$suffix" > .build/limit/swarmcast.out 2>/dev/null || true
cat .build/limit/swarmcast.out
python3 - .build/limit/serve.out .build/limit/read.out .build/limit/swarmcast.out "$listeners" "$seconds" "$bytes" "$interval" > .build/limit/table.md 2> .build/limit/figures.txt <<'PY'
import sys, datetime
def figures(path):
    return {k: v for k, v in (line.split(None, 1) for line in open(path) if " " in line.strip())}
serve, read, swarm = (figures(p) for p in sys.argv[1:4])
listeners, seconds, size, interval = sys.argv[4:8]
deliveries = float(serve["limit_deliveries"])
limit_send = float(serve["limit_deliveries_per_cpu_second"])
limit_read = deliveries / float(read["reader_cpu_seconds"])
ours_send = 1e6 / float(swarm["server_cpu_seconds_per_million_deliveries"])
ours_read = 1e6 / float(swarm["swarm_cpu_seconds_per_million_deliveries"])
for name, value in [("swarmcast_deliveries_per_cpu_second", ours_send), ("ratio_swarmcast_to_limit", ours_send / limit_send),
                    ("limit_reader_deliveries_per_cpu_second", limit_read), ("swarmcast_swarm_deliveries_per_cpu_second", ours_read),
                    ("ratio_swarm_to_reader", ours_read / limit_read)]:
    print(f"{name} {value:.2f}" if "ratio" in name else f"{name} {value:.0f}", file=sys.stderr)
print(f"  {listeners} listeners, {size}-byte packets every {interval} ms, {seconds} s, {datetime.date.today()}:")
print()
print("  | side | C limit (epoll + `send()`/`read()`) | Swarmcast | ratio |")
print("  |---|---|---|---|")
print(f"  | sending: deliveries per server CPU-second | {limit_send:,.0f} | {ours_send:,.0f} (`serve`) | **{ours_send / limit_send:.2f}** |")
print(f"  | receiving: deliveries per reader CPU-second | {limit_read:,.0f} | {ours_read:,.0f} (`swarm`, frames timed) | **{ours_read / limit_read:.2f}** |")
PY
cat .build/limit/figures.txt
cat .build/limit/table.md
if [ "$update_readme" = 1 ]; then
  marker=limit; [ "$fpp" = 1 ] || marker="limit-fpp$fpp"
  scripts/readme-table.py "$marker" < .build/limit/table.md
fi
