#!/usr/bin/env python3
"""Runs a benchmark script N times and prints min, median and max of every numeric figure it
prints as `name value` lines (figures at the edge of the box vary run to run: one run is an
anecdote). Used by scale.sh and limit.sh for --runs N.

    Benchmarks/repeat.py N OUT_PREFIX SCRIPT ARGS...   # each run's stdout in OUT_PREFIX-runK.txt

With --update-readme among ARGS the runs are made without it, and the min / median / max table
is written into docs/performance.md between `<!-- NAME:begin -->` and `<!-- NAME:end -->`, NAME
being the script's name and its arguments (`limit-listeners-15000-seconds-30-frames-per-packet-150`),
under the command, the date and the host's core count: the page's figures come from the script.
"""
import datetime, os, re, statistics, subprocess, sys

runs, prefix, script, args = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
update_docs = "--update-readme" in args
args = [a for a in args if a != "--update-readme"]
figures = {}
for k in range(1, runs + 1):
    print(f"=== run {k} of {runs}: {script} {' '.join(args)}", file=sys.stderr, flush=True)
    path = f"{prefix}-run{k}.txt"
    with open(path, "w") as out:
        status = subprocess.run([script, *args, "--out-suffix", f"-run{k}"], stdout=out).returncode
    for line in open(path):
        parts = line.split()
        if len(parts) == 2:
            try: value = float(parts[1])
            except ValueError: continue  # `None`, `{}`: not a figure in this run
            figures.setdefault(parts[0], []).append(value)
    if status != 0: print(f"run {k} exited {status}", file=sys.stderr)
table = [f"{'figure':48} {'min':>14} {'median':>14} {'max':>14}  (n={runs})"]
for name, values in figures.items():
    fmt = (lambda v: f"{v:,.3f}") if any(v != int(v) for v in values) else (lambda v: f"{v:,.0f}")
    table.append(f"{name:48} {fmt(min(values)):>14} {fmt(statistics.median(values)):>14} {fmt(max(values)):>14}" +
                 ("" if len(values) == runs else f"  (in {len(values)} runs)"))
print("\n".join(table))
if update_docs:
    name = "-".join([os.path.basename(script).removesuffix(".sh")] + [re.sub(r"[^a-z0-9.]+", "", a.lower()) for a in args])
    command = " ".join([script, *args, "--runs", str(runs)])
    block = f"`{command}` ({datetime.date.today()}, this {os.cpu_count()}-core host; min / median / max of {runs} runs):\n\n```\n" + "\n".join(table) + "\n```"
    subprocess.run([os.path.join(os.path.dirname(__file__), "..", "scripts", "readme-table.py"), name], input=block, text=True, check=True)
