#!/usr/bin/env bash
# deploy/slurm/run-cluster.sh: a real multi-node Slurm cluster on this one machine, and a sharded
# swarm across its nodes. Every "host" is a network namespace on one bridge, with an address from
# 198.18.0.0/15 and (through a UTS namespace) its own host name:
#   ctl      198.18.0.1   slurmctld (munged runs once for the cluster: one key, a path socket)
#   srv      198.18.0.2   the server: `swarmcast serve --workers E` (or, with --edges E, the origin)
#   edge-J   198.18.0.1J  with --edges E: remote edges `serve --edge-of` the origin
#   nI       198.18.1.I   Slurm node nI: its own slurmd, spool and log (NodeName=nI, NodeAddr)
# then `sbatch -N N --ntasks-per-node 1 deploy/slurm/swarm.sbatch`: one shard per node, each in its
# node's namespace from its own address, one --start-at, then the merge on the first node. Checks:
# the merged result is complete, every shard's summary names a different host and address, each
# recorded its clock offset and bound, the thresholds were judged on the merged result.
#
#   deploy/slurm/run-cluster.sh [--nodes N] [--listeners L] [--ramp SECONDS] [--hold SECONDS] [--workers W]
#        [--edges E] [--frames-per-packet F] [--cut-origin AT@SECONDS] [--kill-node I]
#        [--binary PATH] [--keep]
#
#   --kill-node I       SIGKILL node nI's slurmd and its shard 5 s into the hold: srun
#                       --kill-on-bad-exit ends the job, and the merge must come out
#                       `complete: false` naming the missing shard (exit 1), the others' figures kept
#   --edges E           E remote edges in their own namespaces, fed by one origin; shard i
#                       swarms edge (i mod E) + 1
#   --cut-origin AT@S   with --edges: the origin's link down at AT s into the run for S seconds;
#                       no listener may be disconnected (the edges count the gap)
#
# Needs root and iproute2; installs slurm-wlm and munge when missing. Exit 0 when every check
# passes (with --kill-node: when the failure was reported as it must be), 1 when a check fails,
# 2 bad arguments or binary, 3 the cluster did not come up. It removes every namespace, link,
# daemon and file it made on exit, also on failure and Ctrl-C (logs are kept on failure or --keep).
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
nodes=3 listeners=1500 hold=10 ramp=3 workers=2 edges=0 fpp=1 cut_origin="" kill_node="" keep=""
binary=${SWARMCAST_BINARY:-}
say() { echo "run-cluster: $*" >&2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) nodes=$2; shift 2 ;;
    --listeners) listeners=$2; shift 2 ;;
    --hold) hold=$2; shift 2 ;;
    --ramp) ramp=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --edges) edges=$2; shift 2 ;;
    --frames-per-packet) fpp=$2; shift 2 ;;
    --cut-origin) cut_origin=$2; shift 2 ;;
    --kill-node) kill_node=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) say "unknown argument '$1' (see --help)"; exit 2 ;;
  esac
done
isint() { [[ "$1" =~ ^[0-9]+$ ]]; }
isint "$nodes" && [ "$nodes" -ge 1 ] && [ "$nodes" -le 50 ] || { say "--nodes must be 1..50, got '$nodes'"; exit 2; }
isint "$listeners" && [ "$listeners" -ge "$nodes" ] || { say "--listeners must be a whole number >= --nodes, got '$listeners'"; exit 2; }
isint "$hold" && isint "$ramp" && isint "$workers" && isint "$edges" && isint "$fpp" || { say "--ramp, --hold, --workers, --edges and --frames-per-packet take whole numbers"; exit 2; }
[ "$edges" -le 20 ] || { say "--edges must be 0..20, got $edges"; exit 2; }
cut_at="" cut_for=""
if [ -n "$cut_origin" ]; then
  cut_at=${cut_origin%@*} cut_for=${cut_origin#*@}
  isint "$cut_at" && isint "$cut_for" && [ "$edges" -gt 0 ] || { say "--cut-origin AT@SECONDS (whole seconds) needs --edges"; exit 2; }
fi
if [ -n "$kill_node" ]; then
  isint "$kill_node" && [ "$kill_node" -ge 2 ] && [ "$kill_node" -le "$nodes" ] \
    || { say "--kill-node must name a node 2..$nodes (n1 runs the batch script and the merge), got '$kill_node'"; exit 2; }
fi
[ "$(id -u)" -eq 0 ] || { say "needs root (network namespaces, slurmd, munged)"; exit 2; }
command -v ip >/dev/null && command -v unshare >/dev/null || { say "needs iproute2 (ip) and util-linux (unshare)"; exit 2; }
if [ -z "$binary" ]; then
  for candidate in "$root/.build/release/swarmcast" "$root/.build/debug/swarmcast"; do
    [ -x "$candidate" ] && { binary=$candidate; break; }
  done
fi
[ -n "$binary" ] && [ -x "$binary" ] || { say "no swarmcast binary (swift build, or --binary PATH)"; exit 2; }
binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")

export NETNS_PREFIX=swcl NETNS_NET=198.18
# shellcheck source=../netns/lib.sh
. "$root/deploy/netns/lib.sh"
# shellcheck source=lib.sh
. "$root/deploy/slurm/lib.sh"
slurm_install || exit 3

work=$(mktemp -d /tmp/swarmcast-cluster.XXXXXX)
chmod 755 "$work"
out="$root/runs/slurm-cluster-$(date -u +%Y%m%dT%H%M%SZ)"
munged_pid="" ctld_pid=""
declare -A slurmd_pid

in_ctl() { netns_exec ctl env SLURM_CONF="$work/slurm.conf" "$@"; }
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  [ -n "$ctld_pid" ] && kill -0 "$ctld_pid" 2>/dev/null && in_ctl bash -c "$(declare -f slurm_cancel_all); slurm_cancel_all"
  for n in "${!slurmd_pid[@]}"; do slurm_stop_pid "${slurmd_pid[$n]}" "slurmd $n"; done
  slurm_stop_pid "$ctld_pid" slurmctld
  netns_destroy_all                       # the server, edges, any slurmstepd or shard left
  slurm_stop_pid "$munged_pid" munged
  local left; left=$(netns_leftovers)
  [ -n "$left" ] && { say "left behind: $left"; [ "$status" -eq 0 ] && status=1; }
  if [ -n "$keep" ] || [ "$status" -ne 0 ]; then say "logs kept in $work"; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

netns_destroy_all   # a crashed earlier run's leftovers (same prefix)
netns_create_bridge || { say "cannot create the bridge"; exit 3; }
netns_add ctl 198.18.0.1 && netns_add srv 198.18.0.2 || { say "cannot create the ctl and srv namespaces"; exit 3; }
for i in $(seq 1 "$nodes"); do netns_add "n$i" "198.18.1.$i" || { say "cannot create namespace n$i"; exit 3; }; done
for e in $(seq 1 "$edges"); do netns_add "edge-$e" "198.18.0.$((10 + e))" || { say "cannot create namespace edge-$e"; exit 3; }; done

slurm_munged || exit 3
mkdir -p "$work/state"
cpus=$(nproc)
{
  echo "# generated by deploy/slurm/run-cluster.sh: $nodes nodes in network namespaces"
  slurm_conf_head ctl 198.18.0.1 6817 6818
  for i in $(seq 1 "$nodes"); do
    echo "NodeName=n$i NodeHostname=n$i NodeAddr=198.18.1.$i CPUs=$cpus RealMemory=1024 State=UNKNOWN"
  done
  echo "PartitionName=cluster Nodes=n[1-$nodes] Default=YES MaxTime=60 State=UP"
} >"$work/slurm.conf"
# Each daemon in its namespace, with the host name of its node (a UTS namespace): the tasks it
# starts inherit both, so a shard sees the node's name and address as a real node's would.
nsenter --net=/run/netns/swcl-ctl unshare --uts bash -c "hostname ctl && exec slurmctld -D -c -f '$work/slurm.conf'" >"$work/slurmctld.out" 2>&1 &
ctld_pid=$!
# nsenter, not `ip netns exec`: that one mounts a fresh /sys for the namespace, which hides the
# host's cgroup hierarchies slurmd initialises (cgroup v1 here; a cgroup2 mounted instead makes
# slurmd refuse "hybrid mode").
for i in $(seq 1 "$nodes"); do
  mkdir -p "$work/spool-n$i"
  nsenter --net="/run/netns/swcl-n$i" unshare --uts bash -c "hostname n$i && exec slurmd -D -N n$i -f '$work/slurm.conf'" \
    >"$work/slurmd-n$i.out" 2>&1 &
  slurmd_pid[n$i]=$!
done
idle=0
for t in $(seq 1 80); do
  idle=$(in_ctl sinfo -h -N -o '%N %T' 2>/dev/null | grep -c ' idle$')
  [ "$idle" -eq "$nodes" ] && break
  kill -0 "$ctld_pid" 2>/dev/null || break
  sleep 0.5
done
if [ "$idle" -ne "$nodes" ]; then
  say "$idle of $nodes nodes idle after 40 s:"; in_ctl sinfo -N 2>&1 | head -n 20 >&2
  tail -n 5 "$work"/slurmctld.log "$work"/slurmd-n1.log "$work"/*.out >&2 2>/dev/null
  exit 3
fi
say "cluster up: slurmctld on ctl (198.18.0.1), $nodes nodes idle: $(in_ctl sinfo -h -N -o '%N@%o' | tr '\n' ' ')"

# The server (or the origin and its edges).
healthy() {   # asked from node n1's namespace, over the bridge
  netns_exec n1 timeout 2 bash -c "exec 3<>/dev/tcp/$1/9400 && printf 'GET /health HTTP/1.0\r\n\r\n' >&3 && head -c 12 <&3" 2>/dev/null | grep -q ' 200'
}
wait_healthy() { local t; for t in $(seq 1 150); do healthy "$1" && return 0; sleep 0.1; done; return 1; }
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
server_args=(--rooms 1 --demo-speakers 1 --frames-per-packet "$fpp" --max-connections-per-address 0)
targets=()
if [ "$edges" -eq 0 ]; then
  netns_exec srv "$binary" serve --listen 198.18.0.2:7400 --metrics 198.18.0.2:9400 --workers "$workers" \
    --origin 198.18.0.2:7401 "${server_args[@]}" >"$work/server.log" 2>&1 &
  wait_healthy 198.18.0.2 || { say "the server did not answer /health in 15 s: $(tail -n 3 "$work/server.log")"; exit 3; }
  targets=(198.18.0.2:7400)
  say "server 198.18.0.2:7400 (--workers $workers)"
else
  netns_exec srv "$binary" serve --listen 198.18.0.2:7401 --metrics 198.18.0.2:9400 "${server_args[@]}" >"$work/origin.log" 2>&1 &
  wait_healthy 198.18.0.2 || { say "the origin did not answer /health in 15 s: $(tail -n 3 "$work/origin.log")"; exit 3; }
  for e in $(seq 1 "$edges"); do
    ip=198.18.0.$((10 + e))
    netns_exec "edge-$e" "$binary" serve --edge-of 198.18.0.2:7401 --listen "$ip:7400" --metrics "$ip:9400" >"$work/edge-$e.log" 2>&1 &
    targets+=("$ip:7400")
  done
  for e in $(seq 1 "$edges"); do
    wait_healthy "198.18.0.$((10 + e))" || { say "edge $e did not answer /health in 15 s: $(tail -n 3 "$work/edge-$e.log")"; exit 3; }
  done
  say "origin 198.18.0.2:7401, $edges edges: ${targets[*]}"
fi

mkdir -p "$out"
scenario="$out/cluster.yaml"
cat >"$scenario" <<EOF
# written by deploy/slurm/run-cluster.sh
name: slurm-cluster
description: $listeners listeners from $nodes Slurm nodes in network namespaces, $edges remote edges.
server:
  start: false
  address: ${targets[0]}
audio:
  frames_per_packet: $fpp
listeners:
  reconnect: true
  stages:
    - ramp: $listeners
      over: ${ramp}s
    - hold: ${hold}s
thresholds:
  listeners.peak: ">= $listeners"
  failures.count: "== 0"
  disconnects.count: "== 0"
EOF
# A cut origin costs the edges the frames of the gap (they rejoin, counted as stalls); without
# one, not a frame may be lost.
[ -n "$cut_at" ] || echo '  frames.lost: "== 0"' >>"$scenario"
# Shard i swarms target (i mod T): swarm.sbatch takes one server, so with edges each task picks
# its own from SWARMCAST_SERVERS by its SLURM_PROCID.
job=$(in_ctl env SWARMCAST_BINARY="$binary" SWARMCAST_SCENARIO="$scenario" SWARMCAST_SERVER="${targets[0]}" \
      SWARMCAST_SERVERS="${targets[*]}" SWARMCAST_OUT="$out" SWARMCAST_START_DELAY=8 \
      sbatch --parsable -N "$nodes" --ntasks-per-node 1 --ntasks "$nodes" --output "$out/slurm-%j.out" \
      "$root/deploy/slurm/swarm.sbatch") || { say "sbatch failed"; exit 1; }
job=${job%%;*}
say "submitted job $job: $nodes tasks on $nodes nodes, results in $out"

# Faults, on the way (the start is ~8 s after submission).
submitted=$(date +%s)
if [ -n "$kill_node" ] || [ -n "$cut_at" ]; then
  (
    if [ -n "$cut_at" ]; then
      sleep $((8 + cut_at))
      say "origin link down for ${cut_for}s"
      netns_link srv down; sleep "$cut_for"; netns_link srv up
      say "origin link up again"
    fi
    if [ -n "$kill_node" ]; then
      sleep $((8 + ramp + 5))
      say "killing node n$kill_node: its slurmd (${slurmd_pid[n$kill_node]}) and its shard (SIGKILL)"
      kill -KILL "${slurmd_pid[n$kill_node]}" 2>/dev/null
      for pid in $(ip netns pids "swcl-n$kill_node"); do
        [ "$(cat /proc/$pid/comm 2>/dev/null)" = swarmcast ] && kill -KILL "$pid"
      done
    fi
  ) &
fi
in_ctl bash -c "$(declare -f slurm_wait_job); slurm_wait_job $job $((8 + ramp + hold + 120)); echo \"\$job_state \$job_exit\"" >"$work/job.state"
read -r job_state job_exit <"$work/job.state"
say "job $job: ${job_state:-unknown} (exit ${job_exit:-?}) after $(( $(date +%s) - submitted )) s"
cat "$out"/slurm-*.out >&2 2>/dev/null
case "$job_state" in COMPLETED|FAILED) ;; *) say "the job did not finish in time"; exit 1 ;; esac
[ -f "$out/merged/summary.json" ] || { say "no merged summary in $out/merged"; exit 1; }

edge_figures=""
for e in $(seq 1 "$edges"); do
  edge_figures+="edge-$e: $(netns_exec n1 timeout 2 bash -c "exec 3<>/dev/tcp/198.18.0.$((10 + e))/9400 && printf 'GET /metrics HTTP/1.0\r\n\r\n' >&3 && cat <&3" 2>/dev/null \
    | grep -E '^swarmcast_(origin_gap_seconds_total|origin_reconnects_total|listeners) ' | tr '\n' ' ')"$'\n'
done
[ -n "$edge_figures" ] && printf '%s' "$edge_figures" >&2
# CPU the server tier used, from /proc of every process in its namespaces (still running).
tier_cpu() {
  local ns pid total=0 ticks
  for ns in "$@"; do
    for pid in $(ip netns pids "swcl-$ns" 2>/dev/null); do
      ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null) && total=$((total + ticks))
    done
  done
  awk -v t="$total" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }'
}
server_cpu=$(tier_cpu srv); edges_cpu=0
[ "$edges" -gt 0 ] && edges_cpu=$(tier_cpu $(seq -f 'edge-%g' 1 "$edges"))

python3 - "$out" "$nodes" "$listeners" "${kill_node:-0}" "${cut_at:+1}" "$server_cpu" "$edges_cpu" "$fpp" <<'EOF'
import json, os, sys
out, nodes, target, kill, cut = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "1"
server_cpu, edges_cpu, fpp = float(sys.argv[6]), float(sys.argv[7]), int(sys.argv[8])
m = json.load(open(os.path.join(out, "merged", "summary.json")))
shards = m.get("shards") or []
problems = []
for s in shards:
    c = s.get("clock") or {}
    print("  shard %s/%s on %s from %s: clock offset %s ms, bound %s ms" % (
        s.get("index"), s.get("count"), s.get("host"), s.get("address"), c.get("offset_ms"), c.get("bound_ms")))
l = m.get("listeners", {}); d = m.get("delay", {}); counters = m.get("counters", {})
print("cluster merged: complete %s%s  listeners target %s peak %s final %s  delay p50 %s p99 %s ms  failure rate %s  lost %s  late %s  stalls %s  disconnects %s" % (
    str(m.get("complete")).lower(), "" if m.get("complete") else " (" + ", ".join(m.get("incomplete_reasons") or []) + ")",
    l.get("target"), l.get("peak"), l.get("final"), d.get("p50"), d.get("p99"), m.get("failure_rate"),
    counters.get("frames_lost"), counters.get("frames_late"), counters.get("stalls"), counters.get("disconnects")))
swarm_cpu = 0.0
for i in range(nodes):
    path = os.path.join(out, "shard-%d" % i, "summary.json")
    if os.path.exists(path): swarm_cpu += ((json.load(open(path)).get("costs") or {}).get("swarm_cpu_seconds") or 0)
deliveries = counters.get("frames_received", 0) / max(fpp, 1)   # packets written to listeners
per = lambda cpu: "%.1f" % (cpu / deliveries * 1e6) if deliveries else "-"
print("costs: origin/server %.2f CPU-s, edges %.2f CPU-s, swarm (shards) %.2f CPU-s over %.0f s; %d deliveries: %s us (server tier) and %s us (swarm) per delivery" % (
    server_cpu, edges_cpu, swarm_cpu, m.get("duration_seconds") or 0, deliveries, per(server_cpu + edges_cpu), per(swarm_cpu)))
for t in m.get("thresholds") or []:
    print("  threshold %s %s: %s (actual %s)" % (t.get("metric"), t.get("condition"), t.get("verdict"), t.get("actual")))
if kill:
    missing = [i for i in range(nodes) if not os.path.exists(os.path.join(out, "shard-%d" % i, "summary.json"))]
    kept = [i for i in range(nodes) if i not in missing]
    reasons = m.get("incomplete_reasons") or []
    if m.get("complete") is not False: problems.append("the merge says complete after a node was killed")
    if len(missing) != 1: problems.append("expected exactly one shard without summary.json, got %s" % missing)
    elif not any(r.startswith("missing-shard:%d" % missing[0]) for r in reasons): problems.append("the merge does not name missing shard %d: %s" % (missing[0], reasons))
    if len(shards) != nodes - 1: problems.append("expected %d shards' figures kept, got %d" % (nodes - 1, len(shards)))
    for i in kept:
        k = json.load(open(os.path.join(out, "shard-%d" % i, "summary.json")))
        if not (k.get("counters") or {}).get("frames_received"): problems.append("shard %d kept no figures" % i)
    print("kill-node: shard %s missing, shards %s kept, reasons %s" % (missing, kept, reasons))
else:
    if m.get("complete") is not True: problems.append("merged result incomplete: %s" % m.get("incomplete_reasons"))
    if len(shards) != nodes: problems.append("expected %d shards, got %d" % (nodes, len(shards)))
    hosts = [s.get("host") for s in shards]; addresses = [s.get("address") for s in shards]
    if len(set(hosts)) != nodes: problems.append("shards' hosts are not all different: %s" % hosts)
    if None in addresses or len(set(addresses)) != nodes: problems.append("shards' addresses are not all different: %s" % addresses)
    for s in shards:
        c = s.get("clock") or {}
        if c.get("offset_ms") is None or c.get("bound_ms") is None: problems.append("shard %s recorded no clock offset and bound" % s.get("index"))
    judged = [t for t in m.get("thresholds") or [] if t.get("verdict") in ("pass", "fail")]
    if cut and not counters.get("stalls"): problems.append("the origin was cut but no listener counted a stall")
    if len(judged) < 3: problems.append("thresholds not judged on the merged result: %s" % m.get("thresholds"))
    if any(t.get("verdict") != "pass" for t in m.get("thresholds") or []): problems.append("a threshold did not pass")
    if l.get("final") != target: problems.append("listeners.final %s != %d" % (l.get("final"), target))
for p in problems: print("run-cluster: FAIL: " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
status=$?
[ -n "$kill_node" ] && [ "$job_state" != FAILED ] && { say "FAIL: after --kill-node the job should fail (merge exit 1), it is $job_state"; status=1; }
[ -z "$kill_node" ] && [ "$job_state" != COMPLETED ] && { say "FAIL: job $job is $job_state"; status=1; }
say "$( [ "$status" -eq 0 ] && echo PASS || echo FAIL ), run directory $out"
exit "$status"
