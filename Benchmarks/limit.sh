#!/usr/bin/env bash
# The limit and Swarmcast back to back, same listeners, packet size and interval: prints
# deliveries per server CPU-second for both and their ratio.
#
#   Benchmarks/limit.sh [--listeners 10000] [--seconds 30]
# Swarmcast's figure includes its accept/handshake CPU, as the C server's does (it accepts too).
set -euo pipefail
cd "$(dirname "$0")/.."
listeners=10000; seconds=30; update_readme=0
while [ $# -gt 0 ]; do
  case "$1" in
    --listeners) listeners=$2; shift 2;;
    --seconds) seconds=$2; shift 2;;
    --update-readme) update_readme=1; shift;;
    *) echo "limit.sh: unknown flag $1 (use --listeners, --seconds, --update-readme)" >&2; exit 2;;
  esac
done
scripts/setup.sh
mkdir -p .build/limit
cc -O2 -o .build/limit/fanout Benchmarks/Limit/fanout.c
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# 106 bytes = one AUDIO frame of 80 payload bytes (26 bytes of header), every 20 ms.
.build/limit/fanout serve "$port" "$listeners" 106 20 "$seconds" > .build/limit/serve.out &
server=$!
sleep 0.3
.build/limit/fanout read "$port" "$listeners" $((seconds + 3)) > .build/limit/read.out
wait $server
cat .build/limit/serve.out
limit=$(awk '/limit_deliveries_per_cpu_second/ {print $2}' .build/limit/serve.out)
Benchmarks/scale.sh --listeners "$listeners" --frames-per-packet 1 --ramp 5s --hold "${seconds}s" --out runs/limit-swarmcast > .build/limit/swarmcast.out 2>/dev/null || true
cat .build/limit/swarmcast.out
per_million=$(awk '/server_cpu_seconds_per_million_deliveries/ {print $2}' .build/limit/swarmcast.out)
python3 - "$limit" "$per_million" "$listeners" "$seconds" > .build/limit/table.md <<'PY'
import sys, datetime
limit = float(sys.argv[1]); swarm = 1e6 / float(sys.argv[2])
print(f"swarmcast_deliveries_per_cpu_second {swarm:.0f}", file=sys.stderr)
print(f"ratio_swarmcast_to_limit {swarm / limit:.2f}", file=sys.stderr)
print(f"  {sys.argv[3]} listeners, 106-byte packets every 20 ms, {sys.argv[4]} s, {datetime.date.today()}:")
print()
print("  | server | deliveries per CPU-second |")
print("  |---|---|")
print(f"  | C limit (`send()` loop) | {limit:,.0f} |")
print(f"  | Swarmcast (`serve`, includes its accept and handshake CPU) | {swarm:,.0f} |")
print(f"  | ratio | **{swarm / limit:.2f}** |")
PY
cat .build/limit/table.md
if [ "$update_readme" = 1 ]; then scripts/readme-table.py limit < .build/limit/table.md; fi
