#!/usr/bin/env bash
# Scale benchmark on loopback: ramp listeners to a target with our server and the swarm, hold
# with audio flowing, and print one figure per line (listeners held, deliveries/s, delay,
# failures by cause, bytes per listener). Everything runs on this machine, to 127.0.0.0/8 only,
# and stops by itself after ramp + hold.
#
#   Benchmarks/scale.sh [--listeners 100000] [--frames-per-packet 150] [--ramp D] [--hold 60s]
#                       [--workers W] [--payload-bytes 80] [--frame-interval 20ms] [--runs N]
#                       [--protocol native|hls|ll-hls] [--segment-duration 3s] [--part-duration 500ms]
#                       [--pin | --server-cores LIST --swarm-cores LIST]
#
# --runs N repeats the whole run N times and prints min / median / max of every figure
# (Benchmarks/repeat.py); figures at the edge of the box need at least 3.
#
# Defaults: 100,000 listeners at 3 s packets (150 frames of 20 ms), arriving at 1,000 a second
# (--ramp defaults to listeners / 1,000 s, at least 10 s), held for 60 s.
#
# Past ~18,000 listeners the server runs as an origin with W edge processes (default: one per
# 18,000 listeners) and the swarm with one agent per 18,000 listeners. Run `swarmcast tune` as
# root first for runs past ~28,000 listeners (port range, backlogs, conntrack).
#
# The packet interval (K x 20 ms) is what decides the cost: every listener costs one write per
# packet, and writes, not bytes, are the budget.
#
# --protocol hls / ll-hls: the listeners are HLS players (plain: a playlist poll and a segment per
# segment duration; LL-HLS: a blocking reload and a part per part duration), packets are single
# frames (--frames-per-packet defaults to 1), and the figures add requests per second, the
# server's CPU per request and per listener-minute, rebuffering (stalled over played time),
# playlist staleness and segment fetch p99. "No rebuffering in the hold" is rebuffer_percent 0.
#
# --pin runs the server (with its edges) and the swarm (coordinator and agents) on disjoint cores
# (`run --server-cores/--swarm-cores`; --pin is the first half of the cores for the server, the
# rest for the swarm: 0 and 1 on this 2-core host), and adds each side's listeners per core:
# listener-seconds held over that side's CPU-seconds, i.e. how many listeners one core of its own
# keeps, with its CPU use in percent of its cores beside it (a side near 100% is at its limit).
set -euo pipefail
cd "$(dirname "$0")/.."
listeners=100000; fpp=150; ramp=""; hold=60s; out=""; workers=""; payload=80; frame=20ms
runs=1; suffix=""; all_args=("$@"); protocol=native; segment=3s; part=500ms; fpp_given=0
server_cores=""; swarm_cores=""; update_readme=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2;;
    --out-suffix) suffix=$2; shift 2;;
    --listeners) listeners=$2; shift 2;;
    --frames-per-packet) fpp=$2; fpp_given=1; shift 2;;
    --protocol) protocol=$2; shift 2;;
    --segment-duration) segment=$2; shift 2;;
    --part-duration) part=$2; shift 2;;
    --ramp) ramp=$2; shift 2;;
    --hold) hold=$2; shift 2;;
    --out) out=$2; shift 2;;
    --workers) workers=$2; shift 2;;
    --payload-bytes) payload=$2; shift 2;;
    --frame-interval) frame=$2; shift 2;;
    --pin) n=$(nproc); [ "$n" -ge 2 ] || { echo "scale.sh: --pin needs 2 cores or more" >&2; exit 2; }
           half=$(( n / 2 )); server_cores=0; swarm_cores=$half
           if [ "$half" -gt 1 ]; then server_cores="0-$(( half - 1 ))"; fi
           if [ "$n" -gt $(( half + 1 )) ]; then swarm_cores="$half-$(( n - 1 ))"; fi
           shift;;
    --server-cores) server_cores=$2; shift 2;;
    --swarm-cores) swarm_cores=$2; shift 2;;
    --update-readme) update_readme=1; shift;;
    *) echo "scale.sh: unknown flag $1 (use --listeners, --frames-per-packet, --ramp, --hold, --workers, --out, --runs, --protocol, --segment-duration, --part-duration, --pin, --server-cores, --swarm-cores)" >&2; exit 2;;
  esac
done
# shellcheck source=repeat.sh
. Benchmarks/repeat.sh
repeat_if_asked "$runs" "$0" "${all_args[@]}"
[ "$update_readme" = 0 ] || { echo "scale.sh: --update-readme goes with --runs N (it writes the min / median / max table)" >&2; exit 2; }
case "$protocol" in
  native) hls_yaml=""; listener_yaml="";;
  hls|ll-hls)
    [ "$fpp_given" = 1 ] || fpp=1
    hls_yaml="  segment_duration: $segment
  part_duration: $part"
    listener_yaml="  protocol: $protocol
  late_after: 15s
  stall_after: 15s";;
  *) echo "scale.sh: --protocol must be native, hls or ll-hls, not '$protocol'" >&2; exit 2;;
esac
if [ -z "$ramp" ]; then ramp=$(( listeners / 1000 > 10 ? listeners / 1000 : 10 ))s; fi
scripts/setup.sh
swift build -c release >/dev/null
bin=.build/release/swarmcast
if [ "$protocol" = native ]; then name=scale-$listeners-fpp$fpp-${payload}B; else name=scale-$protocol-$listeners-seg$segment-part$part; fi
out=${out:-runs/$name}$suffix
per=18000
if [ -z "$workers" ]; then workers=$(( listeners > per ? (listeners + per - 1) / per : 0 )); fi
agents=$(( (listeners + per - 1) / per ))
per_process=$(( workers > 0 ? (listeners + workers - 1) / workers + 500 : listeners ))
scenario=$(mktemp --suffix=.yaml)
trap 'rm -f "$scenario"' EXIT
cat > "$scenario" <<YAML
name: $name
server:
  start: true
  max_listeners: $per_process
  workers: $workers
  backlog_frames: $(( fpp * 4 > 250 ? fpp * 4 : 250 ))
$hls_yaml
audio:
  frame_interval: $frame
  payload_bytes: $payload
  frames_per_packet: $fpp
listeners:
  agents: $agents
  max_per_agent: 19500
  connect_timeout: 30s
$listener_yaml
  stages:
    - ramp: $listeners
      over: $ramp
    - hold: $hold
YAML
mkdir -p "$(dirname "$out")"
set +e
pin_flags=()
[ -n "$server_cores" ] && pin_flags+=(--server-cores "$server_cores")
[ -n "$swarm_cores" ] && pin_flags+=(--swarm-cores "$swarm_cores")
$bin run "$scenario" --out "$out" --progress plain "${pin_flags[@]}" > "$out.log" 2>&1
status=$?
set -e
tail -n 12 "$out.log" >&2
python3 - "$out/summary.json" "$fpp" "$status" "$protocol" "$server_cores" "$swarm_cores" <<'PY'
import csv, json, os, sys
s = json.load(open(sys.argv[1])); fpp = int(sys.argv[2])
server_cores, swarm_cores = sys.argv[5], sys.argv[6]
c = s.get("costs") or {}
d = s.get("delay") or {}
print(f"packet_interval_frames {fpp}")
print(f"agents {s['agents']['started']} lost {s['agents']['lost']}")
print(f"listeners_target {s['listeners']['target']}")
print(f"listeners_held {s['listeners']['final']}")
print(f"listeners_peak {s['listeners']['peak']}")
# Deliveries are pushed packets (`swarmcast_packets_out_total`): for HLS runs they would count
# only the origin's relay packets to its edges, so HLS runs print per-request figures instead.
if sys.argv[4] == "native":
    print(f"deliveries_per_second {c.get('deliveries_per_second')}")
    print(f"server_cpu_seconds_per_million_deliveries {c.get('server_cpu_seconds_per_million_deliveries')}")
    print(f"swarm_cpu_seconds_per_million_deliveries {c.get('swarm_cpu_seconds_per_million_deliveries')}")
print(f"delay_p50_ms {d.get('p50')}")
print(f"delay_p99_ms {d.get('p99')}")
print(f"server_bytes_per_listener {c.get('server_bytes_per_listener')}")
print(f"swarm_bytes_per_listener {c.get('swarm_bytes_per_listener')}")
print(f"kernel_tcp_bytes {c.get('kernel_tcp_bytes')}")
print(f"failures {json.dumps(s['failures_by_cause'], sort_keys=True)}")
if server_cores or swarm_cores:
    # Each side on cores of its own: listener-seconds held over that side's CPU-seconds.
    rows = list(csv.DictReader(open(os.path.join(os.path.dirname(sys.argv[1]), "timeline.csv"))))
    listener_seconds = sum(int(r["listeners"]) for r in rows)
    def count(cores):
        return sum(int(b) - int(a) + 1 if "-" in part else 1 for part in cores.split(",") for a, _, b in [part.partition("-")])
    for side, cores, cpu in [("server", server_cores, c.get("server_cpu_seconds")), ("swarm", swarm_cores, c.get("swarm_cpu_seconds"))]:
        if not cores or not cpu:
            continue
        print(f"{side}_cores {cores}")
        print(f"{side}_cpu_percent_of_its_cores {100 * cpu / s['duration_seconds'] / count(cores):.1f}")
        print(f"{side}_listeners_per_core {listener_seconds / cpu:.0f}")
print(f"complete {s['complete']} exit {sys.argv[3]}")
PY
# HLS runs: requests, CPU per request and per listener-minute, rebuffering, staleness, fetch.
[ "$protocol" = native ] || python3 Benchmarks/hls-figures.py lines "$out"
