#!/usr/bin/env bash
# Side by side with Icecast 2: the same listener count, bitrate and duration against Icecast
# (Debian's icecast2, started here with a generated config, not as a system service) and against
# Swarmcast's HTTP audio, both measured by the same http-audio swarm. Prints a table: listeners
# held, server CPU seconds per listener-minute, server memory per listener, delay p50/p99,
# failures. Everything runs on loopback and stops by itself.
#
#   Benchmarks/icecast.sh [--listeners 5000] [--seconds 30]
# Icecast is one process, so it meets this machine's 20,000-open-files cap: compare at counts
# both can hold (default 5,000), then see Swarmcast past it with `serve --workers`.
set -euo pipefail
cd "$(dirname "$0")/.."
listeners=5000; seconds=30; update_readme=0
while [ $# -gt 0 ]; do
  case "$1" in
    --listeners) listeners=$2; shift 2;;
    --seconds) seconds=$2; shift 2;;
    --update-readme) update_readme=1; shift;;
    *) echo "icecast.sh: unknown flag $1 (use --listeners, --seconds, --update-readme)" >&2; exit 2;;
  esac
done
scripts/setup.sh
command -v icecast2 >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq icecast2 >/dev/null; }
swift build -c release >/dev/null
bin=$PWD/.build/release/swarmcast
work=$(mktemp -d)
icecast_pid=""; server_pid=""
cleanup() {
  [ -n "$icecast_pid" ] && kill "$icecast_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# shellcheck source=processes.sh
. Benchmarks/processes.sh
# Sample a process's CPU seconds and resident bytes from /proc.
usage() { python3 - "$1" <<'PY'
import os, sys
pid = sys.argv[1]
f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
tick = os.sysconf("SC_CLK_TCK"); page = os.sysconf("SC_PAGE_SIZE")
print((int(f[11]) + int(f[12])) / tick, int(f[21]) * page)
PY
}
swarm() {  # swarm ADDRESS PATH OUT [SOURCE_URL]
  local extra=()
  [ -n "${4:-}" ] && extra=(--source-url "$4")
  "$bin" swarm --server "$1" --protocol http-audio --http-path "$2" --listeners "$listeners" --ramp 10s \
    --duration "$((seconds + 10))s" --late-after 1s --out "$3" --progress none "${extra[@]}" > "$3.log" 2>&1 || true
}
report() {  # report NAME PID_CPU_BEFORE RSS_BEFORE CPU_AFTER RSS_AFTER OUT
  python3 - "$@" <<'PY'
import json, sys
name, cpu0, rss0, cpu1, rss1, out = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
s = json.load(open(out + "/summary.json"))
held = s["listeners"]["final"]; d = s.get("delay") or {}
minutes = s["duration_seconds"] / 60
cpu = cpu1 - cpu0
per_listener_min = cpu / (held * minutes) * 1000 if held else float("nan")
mem = (rss1 - rss0) / held if held else float("nan")
fails = sum(s["failures_by_cause"].values())
print(f"| {name} | {held} | {per_listener_min:.3f} | {mem:.0f} | {d.get('p50', float('nan')):.1f} | {d.get('p99', float('nan')):.1f} | {fails} |")
PY
}

# Icecast 2 with a generated config: one mount, enough clients, no burst limits beyond defaults.
ice_port=$(free_port)
mkdir -p "$work/log"
cat > "$work/icecast.xml" <<XML
<icecast>
  <limits><clients>$((listeners + 100))</clients><sources>2</sources><queue-size>524288</queue-size>
    <client-timeout>30</client-timeout><header-timeout>15</header-timeout><source-timeout>10</source-timeout>
    <burst-on-connect>1</burst-on-connect><burst-size>65535</burst-size></limits>
  <authentication><source-password>swarmcast</source-password><admin-user>admin</admin-user><admin-password>swarmcast</admin-password></authentication>
  <hostname>127.0.0.1</hostname>
  <listen-socket><port>$ice_port</port><bind-address>127.0.0.1</bind-address></listen-socket>
  <fileserve>0</fileserve>
  <paths><basedir>/usr/share/icecast2</basedir><logdir>$work/log</logdir><webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot></paths>
  <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>2</loglevel></logging>
  <security><chroot>0</chroot><changeowner><user>nobody</user><group>nogroup</group></changeowner></security>
</icecast>
XML
chmod 777 "$work" "$work/log"
(ulimit -n 20000; exec icecast2 -c "$work/icecast.xml") &
icecast_pid=$!
for _ in $(seq 50); do (echo > /dev/tcp/127.0.0.1/$ice_port) 2>/dev/null && break; sleep 0.1; done
read -r ice_cpu0 ice_rss0 < <(usage "$icecast_pid")
swarm "127.0.0.1:$ice_port" "/room{room}" "$work/icecast" "http://source:swarmcast@127.0.0.1:$ice_port/room1"
read -r ice_cpu1 ice_rss1 < <(usage "$icecast_pid")

# Swarmcast: the same listeners over HTTP audio, from its built-in speaker, once writing every
# 20 ms frame and once grouping 10 frames (200 ms), closer to how Icecast batches its writes.
swarmcast_run() {  # swarmcast_run FRAMES_PER_PACKET OUT
  local port; port=$(free_port)
  "$bin" serve --listen "127.0.0.1:$port" --max-listeners "$((listeners + 100))" --frames-per-packet "$1" --log-level warning &
  server_pid=$!
  sleep 0.5
  read -r cpu0 rss0 < <(usage "$server_pid")
  swarm "127.0.0.1:$port" "/rooms/{room}/listen" "$2"
  read -r cpu1 rss1 < <(usage "$server_pid")
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  echo "$cpu0 $rss0 $cpu1 $rss1"
}
read -r sc_cpu0 sc_rss0 sc_cpu1 sc_rss1 < <(swarmcast_run 1 "$work/swarmcast")
read -r sb_cpu0 sb_rss0 sb_cpu1 sb_rss1 < <(swarmcast_run 10 "$work/swarmcast-200ms")

{
  echo "listeners $listeners, 32 kbit/s (80-byte frames every 20 ms), ${seconds}s hold, $(nproc) cores, $(date -u +%Y-%m-%d)"
  echo
  echo "| server | listeners held | server CPU ms per listener-minute | server bytes per listener | delay p50 ms | delay p99 ms | failures |"
  echo "|---|---|---|---|---|---|---|"
  report "Icecast $(dpkg-query -W -f='${Version}' icecast2)" "$ice_cpu0" "$ice_rss0" "$ice_cpu1" "$ice_rss1" "$work/icecast"
  report "Swarmcast, 20 ms packets" "$sc_cpu0" "$sc_rss0" "$sc_cpu1" "$sc_rss1" "$work/swarmcast"
  report "Swarmcast, 200 ms packets" "$sb_cpu0" "$sb_rss0" "$sb_cpu1" "$sb_rss1" "$work/swarmcast-200ms"
} > "$work/table.md"
cat "$work/table.md"
if [ "$update_readme" = 1 ]; then sed 's/^/  /; s/^  $//' "$work/table.md" | scripts/readme-table.py icecast; fi
