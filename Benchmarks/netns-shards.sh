#!/usr/bin/env bash
# Benchmarks/netns-shards.sh: several "hosts" on one machine. K swarm shards, each in its own
# network namespace, swarm a server in another namespace (or an origin and E remote edges, each in
# its own), all on one bridge with addresses from 198.18.0.0/15; then `swarmcast merge` joins the
# shards and the merged figures are printed. The shards get the Kubernetes Indexed Job contract
# (JOB_COMPLETION_INDEX, SWARMCAST_SHARDS) and one --start-at.
#
#   Benchmarks/netns-shards.sh [--shards K] [--listeners N] [--frames-per-packet F] [--hold D]
#        [--ramp D] [--edges E] [--kill-shard I@SECONDS] [--cut-origin SECONDS@D] [--out DIR]
#
#   --listeners N       all shards together (the scenario's target); each shard takes its part
#   --edges E           an origin plus E remote edges (`serve --edge-of`), shards spread over them
#   --kill-shard I@S    SIGKILL shard I (0-based) S seconds after the start: the merge must come
#                       out incomplete, naming it (exit 1)
#   --cut-origin S@D    S seconds after the start, take the origin's link down for D seconds
#   --scenario FILE     run this scenario's listeners (stages, rooms, thresholds; its server section
#                       is replaced by the namespaced server) instead of a ramp-and-hold of
#                       --listeners; its frames_per_packet and duration are read from it
#
# Needs root, iproute2, and a swarmcast with the shard flags (`run --start-at`, index and count
# from the environment, `--server`); it says so and exits 2 when the binary has none. Exit code:
# the merge's (0 pass, 1 incomplete, 99 threshold), 2 bad arguments, 3 the setup failed.
# Every namespace, veth, bridge and process it makes is removed on exit, also on failure and
# Ctrl-C; leftovers of a crashed earlier run (same NETNS_PREFIX) are removed on start.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../deploy/netns/lib.sh
. "$root/deploy/netns/lib.sh"

shards=2 listeners=600 fpp=1 hold=8s ramp=3s edges=0 kill_shard="" cut_origin="" out="" scenario_file=""
binary=${SWARMCAST_BINARY:-}
usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --shards) shards=$2; shift 2 ;;
    --listeners) listeners=$2; shift 2 ;;
    --frames-per-packet) fpp=$2; shift 2 ;;
    --hold) hold=$2; shift 2 ;;
    --ramp) ramp=$2; shift 2 ;;
    --edges) edges=$2; shift 2 ;;
    --kill-shard) kill_shard=$2; shift 2 ;;
    --cut-origin) cut_origin=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --scenario) scenario_file=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    -h|--help) usage ;;
    *) echo "netns-shards: unknown argument '$1'" >&2; usage ;;
  esac
done
if [ -n "$scenario_file" ]; then
  [ -f "$scenario_file" ] || { echo "netns-shards: --scenario $scenario_file: no such file" >&2; exit 2; }
  read -r listeners fpp scenario_seconds < <(python3 - "$scenario_file" <<'PY'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
def secs(t):
    t = str(t)
    for suffix, k in (("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)):
        if t.endswith(suffix) and t[: -len(suffix)].replace(".", "", 1).isdigit(): return float(t[: -len(suffix)]) * k
    return float(t)
total, peak = 0.0, 0
for st in d["listeners"]["stages"]:
    total += secs(st.get("over") or st.get("for") or st.get("hold") or 0) if "storm" not in st else secs(st.get("hold", 0))
    for key in ("ramp", "storm"):
        if key in st: peak = max(peak, int(st[key]) if key == "ramp" else peak + int(st[key]))
print(peak, (d.get("audio") or {}).get("frames_per_packet", 1), int(total))
PY
)
  hold="${scenario_seconds}s" ramp=0s
fi
seconds() { case "$1" in *ms) echo 0 ;; *s) echo "${1%s}" ;; *m) echo $(( ${1%m} * 60 )) ;; *) echo "$1" ;; esac; }
isint() { [[ "$1" =~ ^[0-9]+$ ]]; }
isint "$shards" && [ "$shards" -ge 1 ] && [ "$shards" -le 200 ] || { echo "netns-shards: --shards must be 1..200" >&2; exit 2; }
isint "$listeners" && [ "$listeners" -ge "$shards" ] || { echo "netns-shards: --listeners must be a whole number >= --shards" >&2; exit 2; }
isint "$edges" && [ "$edges" -le 50 ] || { echo "netns-shards: --edges must be 0..50" >&2; exit 2; }
hold_s=$(seconds "$hold"); ramp_s=$(seconds "$ramp")
isint "$hold_s" && isint "$ramp_s" || { echo "netns-shards: --hold and --ramp take whole seconds (8s)" >&2; exit 2; }
kill_index="" kill_at="" cut_at="" cut_for=""
if [ -n "$kill_shard" ]; then
  kill_index=${kill_shard%@*} kill_at=${kill_shard#*@}
  isint "$kill_index" && isint "$kill_at" && [ "$kill_index" -lt "$shards" ] || { echo "netns-shards: --kill-shard I@SECONDS with I < --shards" >&2; exit 2; }
fi
if [ -n "$cut_origin" ]; then
  cut_at=${cut_origin%@*} cut_for=${cut_origin#*@}
  isint "$cut_at" && isint "$cut_for" || { echo "netns-shards: --cut-origin SECONDS@DURATION (whole seconds)" >&2; exit 2; }
fi
[ "$(id -u)" -eq 0 ] || { echo "netns-shards: needs root (network namespaces)" >&2; exit 2; }
command -v ip >/dev/null || { echo "netns-shards: needs iproute2 (ip)" >&2; exit 2; }

if [ -z "$binary" ]; then
  for candidate in "$root/.build/release/swarmcast" "$root/.build/debug/swarmcast"; do
    [ -x "$candidate" ] && { binary=$candidate; break; }
  done
fi
[ -n "$binary" ] && [ -x "$binary" ] || { echo "netns-shards: no swarmcast binary (swift build, or --binary PATH / SWARMCAST_BINARY)" >&2; exit 2; }
run_help=$("$binary" run --help 2>&1)
for flag in --start-at --server; do
  if ! grep -q -- "$flag" <<<"$run_help"; then
    echo "netns-shards: $binary does not support 'run $flag' yet: the swarm shard flags (--shard I/K, --start-at, --server, JOB_COMPLETION_INDEX/SWARMCAST_SHARDS) are needed" >&2
    exit 2
  fi
done

out=${out:-"$root/runs/netns-shards-$(date -u +%Y%m%dT%H%M%SZ)"}
mkdir -p "$out"
out=$(cd "$out" && pwd)

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  netns_destroy_all
  local left; left=$(netns_leftovers)
  [ -n "$left" ] && echo "netns-shards: left behind: $left" >&2
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

netns_destroy_all                             # a crashed earlier run's leftovers
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true # soft to hard; each swarmcast raises its own too
ulimit -Hn 1048576 2>/dev/null && ulimit -n 1048576 2>/dev/null || true
echo "netns-shards: open files limit $(ulimit -n) (hard $(ulimit -Hn))" >&2

net=$NETNS_NET
origin_ip="$net.0.2"
netns_create_bridge || { echo "netns-shards: cannot create the bridge" >&2; exit 3; }
netns_add origin "$origin_ip" || { echo "netns-shards: cannot create the origin namespace" >&2; exit 3; }
# A shard is one source address with many listeners: no per-address limit.
server_args=(--rooms 1 --demo-speakers 1 --frames-per-packet "$fpp" --max-connections-per-address 0)
targets=()
if [ "$edges" -eq 0 ]; then
  netns_exec origin "$binary" serve --listen "$origin_ip:7400" --metrics "$origin_ip:9400" "${server_args[@]}" \
    >"$out/server.log" 2>&1 &
  targets=("$origin_ip:7400")
  health=("$origin_ip")
else
  # The origin: a plain server whose port takes the remote edges (and no listeners of its own).
  netns_exec origin "$binary" serve --listen "$origin_ip:7401" \
    --metrics "$origin_ip:9400" "${server_args[@]}" >"$out/origin.log" 2>&1 &
  health=("$origin_ip")
  for e in $(seq 1 "$edges"); do
    edge_ip="$net.0.$((10 + e))"
    netns_add "edge-$e" "$edge_ip" || { echo "netns-shards: cannot create edge namespace $e" >&2; exit 3; }
    targets+=("$edge_ip:7400")
    health+=("$edge_ip")
  done
fi
for i in $(seq 0 $((shards - 1))); do
  netns_add "shard-$i" "$net.1.$((i + 1))" || { echo "netns-shards: cannot create shard namespace $i" >&2; exit 3; }
done

# /health of a process, asked from the first shard's namespace (so the path over the bridge is checked).
healthy() {
  netns_exec shard-0 timeout 2 bash -c "exec 3<>/dev/tcp/$1/9400 && printf 'GET /health HTTP/1.0\r\n\r\n' >&3 && head -c 12 <&3" 2>/dev/null | grep -q ' 200'
}
wait_healthy() {
  local ip=$1 i
  for i in $(seq 1 150); do healthy "$ip" && return 0; sleep 0.1; done
  return 1
}
wait_healthy "$origin_ip" || { echo "netns-shards: the server at $origin_ip did not answer /health in 15 s (log: $out/*.log)" >&2; exit 3; }
if [ "$edges" -gt 0 ]; then
  for e in $(seq 1 "$edges"); do
    edge_ip="$net.0.$((10 + e))"
    netns_exec "edge-$e" "$binary" serve --edge-of "$origin_ip:7401" --listen "$edge_ip:7400" --metrics "$edge_ip:9400" \
      >"$out/edge-$e.log" 2>&1 &
  done
  for e in $(seq 1 "$edges"); do
    wait_healthy "$net.0.$((10 + e))" || { echo "netns-shards: edge $e did not answer /health in 15 s (log: $out/edge-$e.log)" >&2; exit 3; }
  done
fi

# The scenario the shards share (the merge judges it).
scenario="$out/scenario.yaml"
if [ -n "$scenario_file" ]; then
  # The given scenario with its server section pointed at the namespaced server.
  python3 - "$scenario_file" "${targets[0]}" >"$scenario" <<'PY'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
d["server"] = {"start": False, "address": sys.argv[2]}
d.setdefault("listeners", {})["reconnect"] = True
d["listeners"].pop("agents", None)
print("# written by Benchmarks/netns-shards.sh from " + sys.argv[1])
print(yaml.safe_dump(d, sort_keys=False))
PY
else
cat >"$scenario" <<EOF
# written by Benchmarks/netns-shards.sh
name: netns-shards
description: $shards shards x $listeners listeners in network namespaces, ${edges} remote edges.
server:
  start: false
  address: ${targets[0]}
audio:
  frames_per_packet: $fpp
listeners:
  reconnect: true
  stages:
    - ramp: $listeners
      over: ${ramp_s}s
    - hold: ${hold_s}s
thresholds:
  listeners.peak: ">= $listeners"
EOF
fi

start_at=$(date -u -d "+$((3 + shards / 10)) seconds" +%Y-%m-%dT%H:%M:%SZ)
start_epoch=$(date -u -d "$start_at" +%s)
echo "netns-shards: $shards shards, $listeners listeners, ${edges} edges, start at $start_at, out $out" >&2
declare -a pids
for i in $(seq 0 $((shards - 1))); do
  target=${targets[$((i % ${#targets[@]}))]}
  JOB_COMPLETION_INDEX=$i SWARMCAST_SHARDS=$shards netns_exec "shard-$i" "$binary" run "$scenario" \
    --start-at "$start_at" --server "$target" --out "$out/shard-$i" --progress plain >"$out/shard-$i.log" 2>&1 &
  pids[i]=$!
done

# Bounded wait; the faults fire on the way.
deadline=$((start_epoch + ramp_s + hold_s + 60))
killed="" cut_done="" cut_up_at=""
while :; do
  now=$(date -u +%s)
  running=0
  for i in $(seq 0 $((shards - 1))); do kill -0 "${pids[i]}" 2>/dev/null && running=$((running + 1)); done
  [ "$running" -eq 0 ] && break
  if [ -n "$kill_index" ] && [ -z "$killed" ] && [ "$now" -ge $((start_epoch + kill_at)) ]; then
    echo "netns-shards: killing shard $kill_index (SIGKILL) at +${kill_at}s" >&2
    netns_kill "shard-$kill_index" KILL
    killed=1
  fi
  if [ -n "$cut_at" ] && [ -z "$cut_done" ] && [ "$now" -ge $((start_epoch + cut_at)) ]; then
    echo "netns-shards: origin link down at +${cut_at}s for ${cut_for}s" >&2
    netns_link origin down
    cut_done=1 cut_up_at=$((now + cut_for))
  fi
  if [ -n "$cut_up_at" ] && [ "$now" -ge "$cut_up_at" ]; then
    netns_link origin up
    echo "netns-shards: origin link up again" >&2
    cut_up_at=""
  fi
  if [ "$now" -ge "$deadline" ]; then
    echo "netns-shards: shards still running at the deadline; stopping them" >&2
    for i in $(seq 0 $((shards - 1))); do netns_kill "shard-$i" TERM; done
    sleep 3
    break
  fi
  sleep 0.5
done
[ -n "$cut_up_at" ] && netns_link origin up
for i in $(seq 0 $((shards - 1))); do
  wait "${pids[i]}" 2>/dev/null
  echo "netns-shards: shard $i exited $? ($( [ -f "$out/shard-$i/summary.json" ] && echo summary.json || echo 'no summary.json'))" >&2
done
if [ "$edges" -gt 0 ]; then
  alive=0
  for e in $(seq 1 "$edges"); do
    [ -n "$(ip netns pids "${NETNS_PREFIX}-edge-$e" 2>/dev/null)" ] && alive=$((alive + 1))
    # What each edge counted of its link to the origin (gap, reconnects, whether it is joined now).
    figures=$(netns_exec shard-0 timeout 2 bash -c "exec 3<>/dev/tcp/$net.0.$((10 + e))/9400 && printf 'GET /metrics HTTP/1.0\r\n\r\n' >&3 && cat <&3" 2>/dev/null \
      | grep -E '^swarmcast_(origin_gap_seconds_total|origin_reconnects_total|origin_connected|listeners) ' | tr '\n' ' ')
    echo "netns-shards: edge $e: ${figures:-no /metrics answer}" >&2
  done
  echo "netns-shards: edges alive at the end: $alive of $edges" >&2
fi

dirs=()
for i in $(seq 0 $((shards - 1))); do [ -f "$out/shard-$i/summary.json" ] && dirs+=("$out/shard-$i"); done
[ ${#dirs[@]} -gt 0 ] || { echo "netns-shards: no shard wrote summary.json (logs: $out/shard-*.log)" >&2; exit 1; }
"$binary" merge "${dirs[@]}" --out "$out/merged" --scenario "$scenario" >"$out/merge.log" 2>&1
status=$?
cat "$out/merge.log"
if [ -f "$out/merged/summary.json" ]; then
  python3 - "$out/merged/summary.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
l = s.get("listeners", {}); d = s.get("delay", {})
print("netns-shards merged: complete %s%s  listeners target %s peak %s final %s  delay p50 %s p99 %s ms  failure rate %s  shards %s" % (
    str(s.get("complete")).lower(),
    (" (" + ", ".join(s.get("incomplete_reasons") or []) + ")") if not s.get("complete") else "",
    l.get("target"), l.get("peak"), l.get("final"), d.get("p50"), d.get("p99"), s.get("failure_rate"),
    json.dumps(s.get("shard") or s.get("shards"))))
EOF
fi
echo "netns-shards: merge exit $status, run directory $out" >&2
exit "$status"
