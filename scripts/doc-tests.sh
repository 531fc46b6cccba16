#!/usr/bin/env bash
# Doc-tests: runs every command block of README.md and docs/**/*.md marked as checked, so the
# commands the docs show are commands that work. A block is checked when the line right before
# its ```sh fence is
#     <!-- checked -->              the block must exit 0
#     <!-- checked: exit 0 99 -->   the block may end with any of these codes
# Each block runs as one `bash -euo pipefail` script from the repository root, with the
# swarmcast binary first on PATH, a 90 s limit, and the blocks of one page in order (a block may
# use what an earlier block of its page made, under runs/docs-*). docs/tests.md says more.
#
#   scripts/doc-tests.sh [--binary PATH] [--list] [FILE...]
#     --binary PATH   swarmcast to run (default: .build/release/swarmcast, else .build/debug/swarmcast)
#     --list          print the checked blocks (file:line and first command) without running them
set -euo pipefail
cd "$(dirname "$0")/.."
binary=""
list=0
files=()
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    --list) list=1; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) files+=("$1"); shift ;;
  esac
done
if [ -z "$binary" ]; then
  binary=.build/release/swarmcast
  [ -x "$binary" ] || binary=.build/debug/swarmcast
fi
if [ ${#files[@]} -eq 0 ]; then
  mapfile -t files < <( { echo README.md; find docs -name '*.md'; } | sort)
fi
if [ "$list" = 0 ]; then
  [ -x "$binary" ] || { echo "doc-tests: no swarmcast binary at $binary (make release, or --binary PATH)" >&2; exit 2; }
  export PATH="$(cd "$(dirname "$binary")" && pwd):$PATH"
  rm -rf runs/docs-*
fi
exec python3 - "$list" "${files[@]}" <<'PY'
import os, re, subprocess, sys, time

listing = sys.argv[1] == "1"
marker = re.compile(r"^<!--\s*checked(?::\s*exit((?:\s+\d+)+))?\s*-->\s*$")
blocks = []
for path in sys.argv[2:]:
    lines = open(path, encoding="utf-8").read().split("\n")
    i, fence = 0, None
    while i < len(lines):
        stripped = lines[i].strip()
        if fence is not None:  # inside a fenced block that is not checked (a marker there is an example)
            if stripped.startswith(fence):
                fence = None
            i += 1
            continue
        if stripped.startswith("```") or stripped.startswith("~~~"):
            fence = stripped[:3]
            i += 1
            continue
        m = marker.match(stripped)
        if m:
            codes = [int(c) for c in m.group(1).split()] if m.group(1) else [0]
            if i + 1 >= len(lines) or not lines[i + 1].strip().startswith("```sh"):
                sys.exit(f"doc-tests: {path}:{i + 1}: a checked marker must be right before a ```sh block")
            body, j = [], i + 2
            while j < len(lines) and not lines[j].strip().startswith("```"):
                body.append(lines[j])
                j += 1
            if j == len(lines):
                sys.exit(f"doc-tests: {path}:{i + 2}: the block never ends")
            blocks.append((path, i + 2, codes, "\n".join(body)))
            i = j
        i += 1

if listing:
    for path, line, codes, body in blocks:
        first = next((l for l in body.split("\n") if l.strip() and not l.strip().startswith("#")), "")
        print(f"{path}:{line}: exit {' or '.join(map(str, codes))}: {first.strip()}")
    print(f"doc-tests: {len(blocks)} checked blocks")
    sys.exit(0)

failed, started = [], time.monotonic()
for path, line, codes, body in blocks:
    t0 = time.monotonic()
    try:
        r = subprocess.run(["bash", "-euo", "pipefail", "-c", body], capture_output=True, text=True, timeout=90)
        status, out = r.returncode, r.stdout + r.stderr
    except subprocess.TimeoutExpired as e:
        status, out = "timeout", (e.stdout or b"").decode(errors="replace") + (e.stderr or b"").decode(errors="replace")
    ok = status in codes
    print(f"{'ok  ' if ok else 'FAIL'} {path}:{line} ({time.monotonic() - t0:.1f} s, exit {status})", flush=True)
    if not ok:
        failed.append(f"{path}:{line}")
        print("\n".join("    " + l for l in out.rstrip().split("\n")[-30:]), flush=True)
print(f"doc-tests: {len(blocks) - len(failed)} of {len(blocks)} checked blocks passed in {time.monotonic() - started:.0f} s")
if failed:
    print("doc-tests: failed: " + ", ".join(failed))
    sys.exit(1)
PY
