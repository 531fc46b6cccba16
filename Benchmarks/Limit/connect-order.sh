#!/usr/bin/env bash
# Whether the order in which senders' listeners connect moves their cost per send: three
# identical C loops (Benchmarks/Limit/fanout.c) side by side on the sender core, their packets a
# quarter interval apart, and their C readers connecting one group after another, 4 s apart:
# the first group's sockets are the oldest in the kernel's TCP hash, the last group's the newest.
# Each round runs twice, in one order and in the reverse, and prints the newest group's
# deliveries per CPU-second over the oldest's (above 1: the newer sockets are cheaper to send to).
#
#   Benchmarks/Limit/connect-order.sh [--listeners 15000] [--seconds 45] [--rounds 2]
#
# Why it matters: the established-connection hash puts a new socket at the head of its bucket's
# chain, and every segment delivered over loopback looks its socket up there (and every ACK its
# peer's). Sockets connected earlier sit behind the later ones and cost a cache miss more for
# each socket ahead. `limit.sh` side by side therefore connects every sender's listeners at once.
set -euo pipefail
cd "$(dirname "$0")/../.."
listeners=15000; seconds=45; rounds=2
while [ $# -gt 0 ]; do
  case "$1" in
    --listeners) listeners=$2; shift 2;;
    --seconds) seconds=$2; shift 2;;
    --rounds) rounds=$2; shift 2;;
    *) echo "connect-order.sh: unknown flag $1 (use --listeners, --seconds, --rounds)" >&2; exit 2;;
  esac
done
# shellcheck source=../processes.sh
. Benchmarks/processes.sh
[ "$(nproc)" -ge 2 ] || { echo "connect-order.sh: needs 2 cores (senders on one, readers on the other)" >&2; exit 2; }
mkdir -p .build/limit
cc -O2 -o .build/limit/fanout Benchmarks/Limit/fanout.c
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
# one_run ORDER...: the three loops, readers connecting in ORDER (oldest first); prints the
# newest group's figure over the oldest's.
one_run() {
  local order=("$@") ports=() k at
  local base; base=$(awk -v t="$(date +%s.%N)" 'BEGIN { printf "%.3f", t + 20 }')
  pids=()
  for k in 0 1 2; do
    ports[k]=$(free_port)
    at=$(awk -v b="$base" -v k="$k" 'BEGIN { printf "%.3f", b + k * 0.75 }')
    taskset -c 0 .build/limit/fanout serve "${ports[k]}" "$listeners" 15900 3000 "$seconds" "$at" > ".build/limit/order-$k.out" &
    pids+=($!)
  done
  sleep 0.3
  for k in "${order[@]}"; do
    taskset -c 1 .build/limit/fanout read "${ports[k]}" "$listeners" $((seconds + 30)) > /dev/null &
    pids+=($!)
    sleep 4
  done
  wait "${pids[@]:0:3}"
  kill "${pids[@]:3}" 2>/dev/null || true
  wait 2>/dev/null || true
  local oldest newest
  oldest=$(awk '$1 == "limit_steady_deliveries_per_cpu_second" { print $2 }' ".build/limit/order-${order[0]}.out")
  newest=$(awk '$1 == "limit_steady_deliveries_per_cpu_second" { print $2 }' ".build/limit/order-${order[2]}.out")
  awk -v o="$oldest" -v n="$newest" -v ord="${order[*]}" 'BEGIN { printf "order %s: oldest %d, newest %d deliveries per CPU-second, newest / oldest %.3f\n", ord, o, n, n / o }'
}
: > .build/limit/order.txt
for _ in $(seq "$rounds"); do
  one_run 0 1 2 | tee -a .build/limit/order.txt
  one_run 2 1 0 | tee -a .build/limit/order.txt
done
trap - EXIT
awk '{ print $NF }' .build/limit/order.txt | sort -n | awk '{ r[NR] = $1; if ($1 > 1) up++ } END {
  m = NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2
  printf "ratio_newest_to_oldest min %.3f median %.3f max %.3f (%d of %d runs above 1)\n", r[1], m, r[NR], up, NR }'
