#!/usr/bin/env bash
# The limit and Swarmcast back to back, same listeners, packet size and interval: prints
# deliveries per CPU-second for both, on the sending side (server) and on the receiving side
# (reader / swarm), and their ratios.
#
#   Benchmarks/limit.sh [--listeners 10000] [--seconds 30] [--frames-per-packet 1] [--io-uring] [--update-readme] [--runs N]
#
# On 2 or more cores every sender (the C loop, `serve`) runs on core 0 and every reader on core 1
# (taskset), so the two never share a core and the sender's CPU is its own; the swarm run is
# `scale.sh --pin`. Unpinned, the scheduler sometimes put both on one core, which moved a run's
# figures by ±15%.
#
# Every run also measures `fanout serve-watched`: the C loop shaped like a server (it reads a
# HELLO, answers it, and keeps every socket in epoll for reading), driven by the same C reader
# with HELLOs. The steady-state figures say what of serve's gap to the bare loop is the kernel's
# cost of watched sockets and what is serve's own.
#
# Side by side (on 2 or more cores): this host's CPU cost per send drifts by 10-15% between runs
# a minute apart (neighbours' load), more than the gap being measured. So the steady states are
# also measured at once: `serve`, the C loop, the C loop shaped like a server (and, with
# --io-uring, the C loop through io_uring) all run on the sender core together, each with its own
# C reader on the reader core, and each one's CPU is taken over the same SECONDS: drift falls on
# all of them alike. Every sender's listeners connect at once, so no sender's sockets are older
# in the kernel's hash than another's (older ones cost more per send: Limit/connect-order.sh).
# With packets of 1 s or longer their packets are evenly spread over an interval (`fanout ...
# FIRST_AT` times the C senders to serve's packet clock, after one uncounted packet each); with
# shorter ones no sender keeps up with its packets (10,000 listeners every 20 ms is 500,000
# sends a second), so all of them send all the time and share the core: saturated, side by
# side. Their figures are the side_* ones and the ratio_*_side_by_side ratios; the sequential
# watched and io_uring runs are then left out. The C loop runs twice side by side (it and its twin): ratio_twin_to_limit is
# what one program differs from itself by in the run (its noise, an A/A measure), and
# ratio_serve_to_pair sets `serve` against both pooled, a reference with half the noise of one.
# ratio_serve_to_pair_frames counts frames instead of deliveries: the same at long packets, but a
# saturated `serve` sends the frames that fell due while it was busy in one write per listener
# where a C loop writes each packet of K frames alone. With packets shorter than 1 s a fifth
# sender joins them: the C loop that, late, sends what fell due together as `serve` does
# (`fanout serve-catchup`); ratio_serve_to_catchup_side_by_side compares sends of like sizes,
# and ratio_serve_to_catchup_frames_side_by_side the frames both delivered per CPU-second.
#
# --io-uring also runs the C loop with its sends batched through io_uring (`fanout serve-uring`,
# liburing-dev), right after the plain one, and prints its steady-state figure and its ratio to
# plain send(): whether batching system calls would pay for `serve`.
#
# --runs N repeats it N times and prints min / median / max of every figure (Benchmarks/repeat.py).
#
# One packet is K AUDIO frames of 80 payload bytes (106 bytes each on the wire) every K x 20 ms;
# K = 150 is the 3 s packet of the scale runs. Both sides' figures include their connection
# setup (accept and handshake, connect), so use the same --seconds when comparing runs.
#
# The server is measured twice more against the C loop, both driven by the same C reader (which
# sends each connection a listener HELLO first, so `serve` welcomes it): over the whole run
# (joins included: accept, HELLO, WELCOME, and the closes at the end) and in the steady state
# (SECONDS from the moment every listener is in, all still connected: the fan-out alone). At 3 s packets a 30 s run gives each listener
# only ~10 deliveries, so the joins weigh on the whole-run figure; the steady-state ratio is the
# fan-out's own.
set -euo pipefail
cd "$(dirname "$0")/.."
listeners=10000; seconds=30; fpp=1; update_readme=0; uring=0
runs=1; suffix=""; all_args=("$@")
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2;;
    --out-suffix) suffix=$2; shift 2;;
    --listeners) listeners=$2; shift 2;;
    --seconds) seconds=$2; shift 2;;
    --frames-per-packet) fpp=$2; shift 2;;
    --update-readme) update_readme=1; shift;;
    --io-uring) uring=1; shift;;
    *) echo "limit.sh: unknown flag $1 (use --listeners, --seconds, --frames-per-packet, --io-uring, --update-readme, --runs)" >&2; exit 2;;
  esac
done
# shellcheck source=repeat.sh
. Benchmarks/repeat.sh
repeat_if_asked "$runs" "$0" "${all_args[@]}"
# shellcheck source=processes.sh
. Benchmarks/processes.sh
scripts/setup.sh
mkdir -p .build/limit
cc -O2 -o .build/limit/fanout Benchmarks/Limit/fanout.c
sender="" reader_core="" scale_pin=()
if [ "$(nproc)" -ge 2 ]; then sender="taskset -c 0"; reader_core="taskset -c 1"; scale_pin=(--pin); fi
port=$(free_port)
bytes=$((106 * fpp)); interval=$((20 * fpp))
$sender .build/limit/fanout serve "$port" "$listeners" "$bytes" "$interval" "$seconds" > .build/limit/serve.out &
server=$!
sleep 0.3
$reader_core .build/limit/fanout read "$port" "$listeners" $((seconds + 3)) > .build/limit/read.out
wait $server
cat .build/limit/serve.out .build/limit/read.out
hello=Tests/SwarmcastWireTests/Corpus/hello-listener
# Side by side on 2 or more cores: with packets of 1 s or longer each sender has a slot of the
# interval to itself; with shorter ones every sender is busy all the time and they share the core.
side=0; [ -n "$sender" ] && side=1
: > .build/limit/watched.out
if [ "$side" = 0 ]; then
port=$(free_port)
$sender .build/limit/fanout serve-watched "$port" "$listeners" "$bytes" "$interval" "$seconds" "$(stat -c %s "$hello")" | sed 's/^limit_/watched_/' > .build/limit/watched.out &
server=$!
sleep 0.3
$reader_core .build/limit/fanout read "$port" "$listeners" $((seconds + 3)) "$hello" > /dev/null
wait $server
cat .build/limit/watched.out
fi
: > .build/limit/uring.out
if [ "$uring" = 1 ]; then
  dpkg -s liburing-dev >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq liburing-dev >/dev/null; }
  cc -O2 -DWITH_URING -o .build/limit/fanout-uring Benchmarks/Limit/fanout.c -luring
fi
if [ "$uring" = 1 ] && [ "$side" = 0 ]; then
  port=$(free_port)
  $sender .build/limit/fanout-uring serve-uring "$port" "$listeners" "$bytes" "$interval" "$seconds" | sed 's/^limit_/uring_/' > .build/limit/uring.out &
  server=$!
  sleep 0.3
  $reader_core .build/limit/fanout read "$port" "$listeners" $((seconds + 3)) > /dev/null
  wait $server
  cat .build/limit/uring.out
fi
# Our server with the same C reader: whole run and steady state (every listener in).
[ -x .build/release/swarmcast ] || swift build -c release >/dev/null
# start_serve LOG: `serve` on the sender core on fresh ports (sport, mport), its pid in `ours`,
# once it answers /health.
start_serve() {
  sport=$(free_port); mport=$(free_port)
  $sender .build/release/swarmcast serve --listen "127.0.0.1:$sport" --metrics "127.0.0.1:$mport" --frames-per-packet "$fpp" \
    --max-listeners $((listeners + 500)) --max-pending-handshakes $((listeners + 500)) --log-level warning > "$1" 2>&1 &
  ours=$!
  for _ in $(seq 100); do curl -sf "127.0.0.1:$mport/health" >/dev/null && break; sleep 0.1; done
}
# Until every listener is in (at most a minute).
wait_for_listeners() { for _ in $(seq 600); do [ "$(metric swarmcast_listeners)" = "$listeners" ] && break; sleep 0.1; done; }
# sleep_until T: sleeps until T (seconds since the epoch), at once if T has passed.
sleep_until() { sleep "$(awk -v t="$1" -v now="$(date +%s.%N)" 'BEGIN { d = t - now; print (d > 0 ? d : 0) }')"; }
start_serve .build/limit/ours.log
trap 'kill $ours 2>/dev/null || true' EXIT
metric() { curl -sf "127.0.0.1:$mport/metrics" | awk -v m="$1" '$1 == m { printf "%d", $2 }'; }
# serve's CPU seconds from the scheduler's own count (ns, every thread of it: serve has one),
# not /proc/PID/stat's 10 ms ticks: a steady state of ~1 s of CPU is ~100 ticks, so ticks alone
# would move a ratio by a percent.
cpu_of_ours() { cat /proc/"$ours"/task/*/schedstat | awk '{ ns += $1 } END { printf "%.4f", ns / 1e9 }'; }
cpu0=$(cpu_of_ours); packets0=$(metric swarmcast_packets_out_total)
 $reader_core .build/limit/fanout read "$sport" "$listeners" $((seconds + 3)) Tests/SwarmcastWireTests/Corpus/hello-listener > .build/limit/ours-read.out &
reader=$!
wait_for_listeners
cpu_joined=$(cpu_of_ours); packets_joined=$(metric swarmcast_packets_out_total)
# The steady state is `seconds` long from there, while every listener is still in (the closes
# when the reader leaves belong to the whole run, as the joins do).
sleep "$seconds"
cpu_steady=$(cpu_of_ours); packets_steady=$(metric swarmcast_packets_out_total)
wait $reader
cpu1=$(cpu_of_ours); packets1=$(metric swarmcast_packets_out_total)
kill -INT $ours; wait $ours || true
trap - EXIT
printf 'serve_deliveries %d\nserve_cpu_seconds %s\nserve_steady_deliveries %d\nserve_steady_cpu_seconds %s\n' \
  $((packets1 - packets0)) "$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { print b - a }')" \
  $((packets_steady - packets_joined)) "$(awk -v a="$cpu_joined" -v b="$cpu_steady" 'BEGIN { print b - a }')" > .build/limit/ours.out
cat .build/limit/ours.out
: > .build/limit/side.out
if [ "$side" = 1 ]; then
  # Side by side: serve keeps its own packet clock; the C senders are timed to it.
  i_s=$(awk -v i="$interval" 'BEGIN { print i / 1000 }')
  lead=12  # seconds for every reader to connect before the window opens
  start_serve .build/limit/side-serve.log
  side_pids=("$ours")
  trap 'kill "${side_pids[@]}" 2>/dev/null || true' EXIT
  # serve's phase, from one listener of its own (bounded in time; gone before the others come): a
  # scrape that waited out a packet going to everyone answers right after it.
  $reader_core .build/limit/fanout read "$sport" 1 $((2 * interval / 1000 + 5)) "$hello" > /dev/null &
  pilot=$!
  for _ in $(seq 100); do [ "$(metric swarmcast_listeners)" = 1 ] && break; sleep 0.1; done
  p=$(metric swarmcast_packets_out_total)
  for _ in $(seq $((2 * interval / 50))); do sleep 0.05; [ "$(metric swarmcast_packets_out_total)" != "$p" ] && break; done
  kill "$pilot" 2>/dev/null || true; wait "$pilot" 2>/dev/null || true
  # The window opens a tenth of an interval after one of serve's packets, `lead` s from now at
  # least; the other senders' packets follow serve's at even steps of the interval: the C loop,
  # the watched loop, the C loop's twin (and io_uring's).
  slots=4; [ "$uring" = 1 ] && slots=5
  read -r w0 at_limit at_watched at_twin at_uring < <(awk -v t="$(date +%s.%N)" -v i="$i_s" -v lead="$lead" -v n="$slots" \
    'BEGIN { k = int(lead / i) + 1; b = t + k * i; printf "%.3f %.3f %.3f %.3f %.3f\n", b + 0.1 * i, b + i / n, b + 2 * i / n, b + 3 * i / n, b + 4 * i / n }')
  : > .build/limit/side-uring.raw; : > .build/limit/side-catchup.raw
  port_limit=$(free_port); port_watched=$(free_port); port_twin=$(free_port); port_uring=$(free_port); port_catchup=$(free_port)
  $sender .build/limit/fanout serve "$port_limit" "$listeners" "$bytes" "$interval" "$seconds" "$at_limit" \
    > .build/limit/side-limit.raw &
  side_pids+=($!)
  # The twin: the same C loop again, in its own slot. What the two differ by is this run's noise
  # (an A/A measure), and the two together are the reference for `serve` with half that noise.
  $sender .build/limit/fanout serve "$port_twin" "$listeners" "$bytes" "$interval" "$seconds" "$at_twin" \
    > .build/limit/side-twin.raw &
  side_pids+=($!)
  $sender .build/limit/fanout serve-watched "$port_watched" "$listeners" "$bytes" "$interval" "$seconds" \
    "$(stat -c %s "$hello")" "$at_watched" > .build/limit/side-watched.raw &
  side_pids+=($!)
  if [ "$uring" = 1 ]; then
    $sender .build/limit/fanout-uring serve-uring "$port_uring" "$listeners" "$bytes" "$interval" "$seconds" "$at_uring" \
      > .build/limit/side-uring.raw &
    side_pids+=($!)
  fi
  # Saturated, serve's deliveries carry every frame that fell due while it was busy: the C loop
  # that does the same (`serve-catchup`) sends serve's sizes, so their ratio compares like sends.
  # It shares the twin's slot: saturated, no sender keeps to one.
  if [ "$interval" -lt 1000 ]; then
    $sender .build/limit/fanout serve-catchup "$port_catchup" "$listeners" "$bytes" "$interval" "$seconds" "$at_twin" \
      > .build/limit/side-catchup.raw &
    side_pids+=($!)
  fi
  sleep 0.3
  # Every sender's listeners connect at once, so their sockets are equally old. The kernel's
  # established-connection hash puts a new socket at the head of its bucket's chain, and every
  # delivery looks its socket up there: a sender whose listeners connected first pays a cache
  # miss more per send for each later socket ahead of its own. When serve's listeners came in
  # before the C loops', that made most of a 5% gap (Benchmarks/Limit/connect-order.sh measures it).
  readers_for=$(awk -v w="$w0" -v now="$(date +%s.%N)" -v s="$seconds" 'BEGIN { printf "%d", w - now + s + 3 }')
  # PORT:HELLO for each sender (serve and the watched loop want a listener HELLO first).
  readers=("$sport:$hello" "$port_limit:" "$port_watched:$hello" "$port_twin:")
  [ "$uring" = 1 ] && readers+=("$port_uring:")
  [ "$interval" -lt 1000 ] && readers+=("$port_catchup:")
  for r in "${readers[@]}"; do
    $reader_core .build/limit/fanout read "${r%%:*}" "$listeners" "$readers_for" ${r#*:} > /dev/null &
    side_pids+=($!)
  done
  wait_for_listeners
  awk -v w="$w0" -v now="$(date +%s.%N)" 'BEGIN { exit !(now > w) }' &&
    echo "limit.sh: side by side, serve's listeners were not all in when the window opened: raise lead" >&2
  sleep_until "$w0"
  cpu_w0=$(cpu_of_ours); packets_w0=$(metric swarmcast_packets_out_total); frames_w0=$(metric swarmcast_frames_out_total)
  sleep_until "$(awk -v w="$w0" -v s="$seconds" 'BEGIN { printf "%.3f", w + s }')"
  cpu_w1=$(cpu_of_ours); packets_w1=$(metric swarmcast_packets_out_total); frames_w1=$(metric swarmcast_frames_out_total)
  wait "${side_pids[@]:1}"
  kill -INT $ours; wait $ours || true
  trap - EXIT
  for s in limit watched twin uring catchup; do sed "s/^limit_/side_${s}_/" ".build/limit/side-$s.raw"; done > .build/limit/side.out
  # Frames per delivery: 1 for the C loops always; a saturated `serve` sends the frames that fell
  # due while it was busy together, in one write per listener.
  printf 'side_serve_steady_deliveries %d\nside_serve_steady_cpu_seconds %s\nside_serve_steady_frames_per_delivery %s\n' \
    $((packets_w1 - packets_w0)) "$(awk -v a="$cpu_w0" -v b="$cpu_w1" 'BEGIN { print b - a }')" \
    "$(awk -v f=$((frames_w1 - frames_w0)) -v p=$((packets_w1 - packets_w0)) 'BEGIN { printf "%.2f", (p > 0 ? f / p : 0) }')" >> .build/limit/side.out
  cat .build/limit/side.out
fi
 Benchmarks/scale.sh "${scale_pin[@]}" --listeners "$listeners" --frames-per-packet "$fpp" --ramp 5s --hold "${seconds}s" --out "runs/limit-swarmcast-fpp$fpp$suffix" > .build/limit/swarmcast.out 2>/dev/null || true
cat .build/limit/swarmcast.out
python3 - .build/limit/serve.out .build/limit/read.out .build/limit/swarmcast.out "$listeners" "$seconds" "$bytes" "$interval" .build/limit/ours.out .build/limit/uring.out .build/limit/watched.out .build/limit/side.out "$fpp" > .build/limit/table.md 2> .build/limit/figures.txt <<'PY'
import sys, datetime
def figures(path):
    return {k: v for k, v in (line.split(None, 1) for line in open(path) if " " in line.strip())}
serve, read, swarm = (figures(p) for p in sys.argv[1:4])
listeners, seconds, size, interval = sys.argv[4:8]
fpp = sys.argv[12]
deliveries = float(serve["limit_deliveries"])
limit_send = float(serve["limit_deliveries_per_cpu_second"])
limit_read = deliveries / float(read["reader_cpu_seconds"])
ours_send = 1e6 / float(swarm["server_cpu_seconds_per_million_deliveries"])
ours_read = 1e6 / float(swarm["swarm_cpu_seconds_per_million_deliveries"])
same = figures(sys.argv[8])
same_whole = float(same["serve_deliveries"]) / float(same["serve_cpu_seconds"])
same_steady = float(same["serve_steady_deliveries"]) / float(same["serve_steady_cpu_seconds"])
limit_steady = float(serve["limit_steady_deliveries_per_cpu_second"])
uring = figures(sys.argv[9])
watched = figures(sys.argv[10])
side = figures(sys.argv[11])
watched_figures, uring_figures, side_figures = [], [], []
if "watched_steady_deliveries_per_cpu_second" in watched:
    watched_steady = float(watched["watched_steady_deliveries_per_cpu_second"])
    watched_figures = [("watched_steady_deliveries_per_cpu_second", watched_steady), ("ratio_watched_to_limit_steady", watched_steady / limit_steady),
                       ("ratio_serve_to_watched_steady", same_steady / watched_steady)]
if "uring_steady_deliveries_per_cpu_second" in uring:
    uring_steady = float(uring["uring_steady_deliveries_per_cpu_second"])
    uring_figures = [("uring_steady_deliveries_per_cpu_second", uring_steady), ("ratio_uring_to_limit_steady", uring_steady / limit_steady)]
if "side_serve_steady_cpu_seconds" in side:
    side_limit = float(side["side_limit_steady_deliveries_per_cpu_second"])
    side_watched = float(side["side_watched_steady_deliveries_per_cpu_second"])
    side_twin = float(side["side_twin_steady_deliveries_per_cpu_second"])
    side_serve = float(side["side_serve_steady_deliveries"]) / float(side["side_serve_steady_cpu_seconds"])
    # The C loop and its twin pooled: every delivery of both over every CPU-second of both.
    side_pair = (float(side["side_limit_deliveries"]) + float(side["side_twin_deliveries"])) / (
        float(side["side_limit_steady_cpu_seconds"]) + float(side["side_twin_steady_cpu_seconds"]))
    side_figures = [("side_serve_steady_deliveries_per_cpu_second", side_serve),
                    ("side_pair_steady_deliveries_per_cpu_second", side_pair),
                    ("ratio_serve_to_limit_side_by_side", side_serve / side_limit),
                    ("ratio_serve_to_pair_side_by_side", side_serve / side_pair),
                    ("ratio_twin_to_limit_side_by_side", side_twin / side_limit),
                    ("ratio_watched_to_limit_side_by_side", side_watched / side_limit),
                    ("ratio_serve_to_watched_side_by_side", side_serve / side_watched)]
    # Frames per CPU-second: a delivery of the C loops is one packet of K frames, always; a
    # saturated `serve` puts every frame that fell due while it was busy into one delivery.
    serve_frames = side_serve * float(side["side_serve_steady_frames_per_delivery"])
    side_figures.append(("ratio_serve_to_pair_frames_side_by_side", serve_frames / (side_pair * int(fpp))))
    if "side_catchup_steady_deliveries_per_cpu_second" in side:
        catchup = float(side["side_catchup_steady_deliveries_per_cpu_second"])
        catchup_frames = catchup * float(side["side_catchup_packets_per_delivery"]) * int(fpp)
        side_figures += [("ratio_serve_to_catchup_side_by_side", side_serve / catchup),
                         ("ratio_serve_to_catchup_frames_side_by_side", serve_frames / catchup_frames)]
    if "side_uring_steady_deliveries_per_cpu_second" in side:
        side_figures.append(("ratio_uring_to_limit_side_by_side", float(side["side_uring_steady_deliveries_per_cpu_second"]) / side_limit))
    # With packets of 1 s or longer each sender must be done with a packet long before the next
    # one's turn (a fifth of an interval later with --io-uring, a quarter without): within half
    # of that. Shorter packets keep every sender busy all the time (saturated), by design.
    for name, rate in [] if int(interval) < 1000 else [("C loop", side_limit), ("serve", side_serve), ("watched loop", side_watched), ("C loop's twin", side_twin)]:
        if float(side["side_limit_listeners"]) / rate > float(interval) / 1000 / 10:
            print(f"limit.sh: side by side, the {name} took over a tenth of an interval per packet: its packets may have met another sender's", file=sys.stderr)
for name, value in [("swarmcast_deliveries_per_cpu_second", ours_send), ("ratio_swarmcast_to_limit", ours_send / limit_send),
                    ("limit_reader_deliveries_per_cpu_second", limit_read), ("swarmcast_swarm_deliveries_per_cpu_second", ours_read),
                    ("ratio_swarm_to_reader", ours_read / limit_read),
                    ("serve_same_reader_deliveries_per_cpu_second", same_whole), ("ratio_serve_to_limit_same_reader", same_whole / limit_send),
                    ("serve_steady_deliveries_per_cpu_second", same_steady),
                    ("ratio_serve_to_limit_steady", same_steady / limit_steady)] + watched_figures + uring_figures + side_figures:
    print(f"{name} {value:.3f}" if "ratio" in name else f"{name} {value:.0f}", file=sys.stderr)
print(f"  {listeners} listeners, {size}-byte packets every {interval} ms, {seconds} s, {datetime.date.today()}:")
print()
print("  | side | C limit (epoll + `send()`/`read()`) | Swarmcast | ratio |")
print("  |---|---|---|---|")
print(f"  | sending: deliveries per server CPU-second | {limit_send:,.0f} | {ours_send:,.0f} (`serve`) | **{ours_send / limit_send:.3f}** |")
print(f"  | receiving: deliveries per reader CPU-second | {limit_read:,.0f} | {ours_read:,.0f} (`swarm`, frames timed) | **{ours_read / limit_read:.3f}** |")
print(f"  | sending, same C reader, whole run (joins included) | {limit_send:,.0f} | {same_whole:,.0f} (`serve`) | **{same_whole / limit_send:.3f}** |")
print(f"  | sending, same C reader, steady state (every listener in) | {limit_steady:,.0f} | {same_steady:,.0f} (`serve`) | **{same_steady / limit_steady:.3f}** |")
if watched_figures:
    print(f"  | sending, steady state, against the C loop shaped like a server (HELLO answered, sockets in epoll) | {watched_steady:,.0f} | {same_steady:,.0f} (`serve`) | **{same_steady / watched_steady:.3f}** |")
if uring_figures:
    print(f"  | sending, C loop through io_uring, steady state | {limit_steady:,.0f} | {uring_figures[0][1]:,.0f} (`fanout serve-uring`) | **{uring_figures[1][1]:.3f}** |")
if side_figures:
    print(f"  | sending, steady state, side by side (same seconds, same core) | {side_limit:,.0f} | {side_serve:,.0f} (`serve`) | **{side_serve / side_limit:.3f}** |")
    print(f"  | sending, steady state, side by side, against the C loop and its twin pooled | {side_pair:,.0f} | {side_serve:,.0f} (`serve`) | **{side_serve / side_pair:.3f}** |")
    print(f"  | frames delivered per CPU-second, side by side, against the pair (a saturated `serve` sends what fell due together) | {side_pair * int(fpp):,.0f} | {serve_frames:,.0f} (`serve`) | **{serve_frames / (side_pair * int(fpp)):.3f}** |")
    print(f"  | the C loop against its twin, side by side (the same program twice: this run's noise) | {side_limit:,.0f} | {side_twin:,.0f} (C loop) | **{side_twin / side_limit:.3f}** |")
    print(f"  | sending, steady state, side by side, against the C loop shaped like a server | {side_watched:,.0f} | {side_serve:,.0f} (`serve`) | **{side_serve / side_watched:.3f}** |")
    if "side_catchup_steady_deliveries_per_cpu_second" in side:
        side_catchup = float(side["side_catchup_steady_deliveries_per_cpu_second"])
        print(f"  | sending, steady state, side by side, against the C loop that sends what fell due together, as `serve` does ({float(side['side_catchup_packets_per_delivery']):.1f} packets per delivery; `serve` {float(side['side_serve_steady_frames_per_delivery']) / int(fpp):.1f}) | {side_catchup:,.0f} | {side_serve:,.0f} (`serve`) | **{side_serve / side_catchup:.3f}** |")
    if "side_uring_steady_deliveries_per_cpu_second" in side:
        side_uring = float(side["side_uring_steady_deliveries_per_cpu_second"])
        print(f"  | sending, C loop through io_uring, steady state, side by side | {side_limit:,.0f} | {side_uring:,.0f} (`fanout serve-uring`) | **{side_uring / side_limit:.3f}** |")
PY
cat .build/limit/figures.txt
cat .build/limit/table.md
if [ "$update_readme" = 1 ]; then
  marker=limit; [ "$fpp" = 1 ] || marker="limit-fpp$fpp"
  scripts/readme-table.py "$marker" < .build/limit/table.md
fi
