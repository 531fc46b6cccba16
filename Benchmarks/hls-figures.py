#!/usr/bin/env python3
"""HLS figures for Benchmarks/hls-vs-nginx.sh and Benchmarks/scale.sh, from /proc and from the
swarm's run directory (summary.json, timeline.csv).

    hls-figures.py cpu PID                      CPU seconds of PID and all its descendants
    hls-figures.py row TARGET CPU_SECONDS IDLE_CPU_PER_SECOND OUT
                                                one tab-separated result line of a swarm run in OUT
    hls-figures.py table RESULTS.tsv            the markdown table: median [min–max] per target
    hls-figures.py lines OUT                    `name value` lines of a `swarmcast run` in OUT,
                                                its server and swarm CPU from the run's costs

A server's cost is read from the kernel (utime + stime of its whole process tree: nginx's
master and workers, or serve's origin and edges), so both servers are charged the same way.
"""
import json
import os
import statistics
import sys

COLUMNS = [  # key, heading, format
    ("held", "listeners held", "{:.0f}"),
    ("rps", "requests/s", "{:.0f}"),
    ("cpu_pct", "server CPU %", "{:.0f}"),
    ("idle_pct", "server CPU % idle (no listeners)", "{:.1f}"),
    ("us_per_request", "server CPU µs per request", "{:.1f}"),
    ("net_us_per_request", "same, above idle", "{:.1f}"),
    ("ms_per_listener_minute", "server CPU ms per listener-minute", "{:.2f}"),
    ("delay_p50", "delay p50 s", "{:.2f}"),
    ("delay_p99", "delay p99 s", "{:.2f}"),
    ("staleness_p99", "playlist staleness p99 s", "{:.2f}"),
    ("rebuffer_pct", "rebuffering %", "{:.3f}"),
    ("failures", "failures", "{:.0f}"),
]


def tree_cpu(root):
    tick = os.sysconf("SC_CLK_TCK")
    parent, cpu = {}, {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[pid] = f[1]
        # utime + stime, plus the CPU of children already reaped (cutime + cstime).
        cpu[pid] = (int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])) / tick
    total, stack = 0.0, [str(root)]
    while stack:
        pid = stack.pop()
        total += cpu.get(pid, 0.0)
        stack.extend(p for p, pp in parent.items() if pp == pid)
    return total


def hls_run(out):
    """The summary, its HLS sums, and what both scripts derive from them: requests, seconds,
    listener-minutes (from the timeline, so a ramp counts as it happened) and the rebuffer
    fraction (stalled over played plus stalled; None when no player played)."""
    s = json.load(open(os.path.join(out, "summary.json")))
    hls = s["counters"].get("hls", {})
    listener_seconds = 0
    with open(os.path.join(out, "timeline.csv")) as t:
        col = t.readline().strip().split(",").index("listeners")
        for line in t:
            listener_seconds += int(line.split(",")[col] or 0)
    played, stalled = hls.get("played_ms", 0), hls.get("stalled_ms", 0)
    return {
        "summary": s, "hls": hls, "requests": hls.get("requests", 0), "seconds": s["duration_seconds"],
        "listener_minutes": listener_seconds / 60,
        "rebuffer": stalled / (played + stalled) if played + stalled else None,
    }


def row(target, cpu_seconds, idle_per_second, out):
    r = hls_run(out)
    s, hls, requests, seconds = r["summary"], r["hls"], r["requests"], r["seconds"]
    staleness = (s.get("playlist_staleness") or {}).get("p99")
    if staleness is None and hls.get("playlists"):
        staleness = float("nan")  # no histogram in this build's summary
    d = s.get("delay") or {}
    figures = {
        "held": s["listeners"]["final"],
        "rps": requests / seconds if seconds else 0,
        "cpu_pct": 100 * cpu_seconds / seconds if seconds else 0,
        "idle_pct": 100 * idle_per_second,
        "us_per_request": 1e6 * cpu_seconds / requests if requests else float("nan"),
        "net_us_per_request": 1e6 * max(0.0, cpu_seconds - idle_per_second * seconds) / requests if requests else float("nan"),
        "ms_per_listener_minute": 1e3 * cpu_seconds / r["listener_minutes"] if r["listener_minutes"] else float("nan"),
        "delay_p50": d.get("p50", float("nan")) / 1000,
        "delay_p99": d.get("p99", float("nan")) / 1000,
        "staleness_p99": (staleness if staleness is not None else float("nan")) / 1000,
        "rebuffer_pct": 100 * r["rebuffer"] if r["rebuffer"] is not None else float("nan"),
        "failures": sum(s.get("failures_by_cause", {}).values()),
    }
    print("\t".join([target] + [repr(float(figures[k])) for k, _, _ in COLUMNS]))


def lines(out):
    """scale.sh's HLS figures, one `name value` line each (None where not measured)."""
    r = hls_run(out)
    s, requests = r["summary"], r["requests"]
    if not requests:
        return
    costs = s.get("costs") or {}
    server, swarm = costs.get("server_cpu_seconds"), costs.get("swarm_cpu_seconds")
    print(f"hls_requests_per_second {requests / r['seconds']:.0f}")
    print(f"server_cpu_us_per_request {1e6 * server / requests:.1f}" if server else "server_cpu_us_per_request None")
    print(f"swarm_cpu_us_per_request {1e6 * swarm / requests:.1f}" if swarm else "swarm_cpu_us_per_request None")
    minutes = r["listener_minutes"]
    print(f"server_cpu_ms_per_listener_minute {1e3 * server / minutes:.2f}" if server and minutes else "server_cpu_ms_per_listener_minute None")
    print(f"rebuffer_percent {100 * (r['rebuffer'] or 0):.4f}")
    print(f"stalls {s['counters']['stalls']}")
    print(f"playlist_staleness_p99_ms {(s.get('playlist_staleness') or {}).get('p99')}")
    print(f"segment_fetch_p99_ms {(s.get('segment_fetch') or {}).get('p99')}")


def table(results):
    by_target = {}
    for line in open(results):
        parts = line.rstrip("\n").split("\t")
        by_target.setdefault(parts[0], []).append([float(x) for x in parts[1:]])
    print("| server | runs | " + " | ".join(h for _, h, _ in COLUMNS) + " |")
    print("|---|---|" + "---|" * len(COLUMNS))
    for target, runs in by_target.items():
        cells = []
        for i, (_, _, fmt) in enumerate(COLUMNS):
            values = [r[i] for r in runs]
            if any(v != v for v in values):  # NaN: not measured
                cells.append("—")
                continue
            med = fmt.format(statistics.median(values))
            cells.append(med if len(values) == 1 else f"{med} [{fmt.format(min(values))}–{fmt.format(max(values))}]")
        print(f"| {target} | {len(runs)} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "cpu" and len(sys.argv) == 3:
        print(f"{tree_cpu(sys.argv[2]):.3f}")
    elif cmd == "row" and len(sys.argv) == 6:
        row(sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), sys.argv[5])
    elif cmd == "table" and len(sys.argv) == 3:
        table(sys.argv[2])
    elif cmd == "lines" and len(sys.argv) == 3:
        lines(sys.argv[2])
    else:
        sys.exit(__doc__)
