#!/usr/bin/env bash
# Does `swarmcast compare` tell a real change from run-to-run noise? Runs one short scenario in
# sets of R runs and compares:
#   null:   the same build and scenario against itself, C times (set i-1 vs set i): want 0 regressions;
#   change: the same scenario with frames_per_packet 1 -> 3 on the new side (each listener's frames
#           wait up to 40 ms more to be grouped), C times: want a delay regression every time.
# Everything runs on loopback and stops by itself (about (2C+1) x R x 16 s).
#
#   Benchmarks/compare-noise.sh [--comparisons 10] [--runs 3] [--scenario Configs/compare-bench.yaml] [--update-readme]
set -euo pipefail
cd "$(dirname "$0")/.."
comparisons=10; runs=3; scenario=Configs/compare-bench.yaml; update=""
while [ $# -gt 0 ]; do
  case "$1" in
    --comparisons) comparisons=$2; shift 2;;
    --runs) runs=$2; shift 2;;
    --scenario) scenario=$2; shift 2;;
    --update-readme) update=1; shift;;
    *) echo "compare-noise.sh: unknown flag $1 (use --comparisons, --runs, --scenario, --update-readme)" >&2; exit 2;;
  esac
done
scripts/setup.sh
swift build -c release >/dev/null
bin=.build/release/swarmcast
work=$(mktemp -d /tmp/compare-noise.XXXXXX)
trap 'rm -rf "$work"' EXIT
changed="$work/changed.yaml"
sed 's/frames_per_packet: 1 /frames_per_packet: 3 /; s/^name: .*/name: compare-bench-fpp3/' "$scenario" > "$changed"
grep -q "frames_per_packet: 3" "$changed" || { echo "compare-noise.sh: $scenario has no 'frames_per_packet: 1 ' line to change" >&2; exit 2; }
runset() {  # scenario, out
  "$bin" run "$1" --runs "$runs" --out "$2" --progress none >"$2.log" 2>&1 || [ $? -eq 99 ] || { echo "run failed: $2 (see below)"; tail -20 "$2.log"; exit 1; }
}
echo "compare-noise: $comparisons comparisons a side, $runs runs a set, $scenario"
for i in $(seq 0 "$comparisons"); do runset "$scenario" "$work/base-$i"; echo "  base set $i done"; done
for i in $(seq 1 "$comparisons"); do runset "$changed" "$work/change-$i"; echo "  changed set $i done"; done
null_regressions=0; change_found=0; example=""
for i in $(seq 1 "$comparisons"); do
  if "$bin" compare "$work/base-$((i-1))" "$work/base-$i" > "$work/null-$i.txt" 2>&1; then :; else
    rc=$?; [ $rc -eq 99 ] && null_regressions=$((null_regressions+1)) || { cat "$work/null-$i.txt"; exit 1; }
    echo "  null $i: $(grep -o 'outside the noise: .*' "$work/null-$i.txt")"
  fi
  if "$bin" compare "$work/base-$((i-1))" "$work/change-$i" > "$work/change-$i.txt" 2>&1; then :; else
    rc=$?; [ $rc -eq 99 ] || { cat "$work/change-$i.txt"; exit 1; }
    grep -q "^delay p50.*REGRESSION" "$work/change-$i.txt" && change_found=$((change_found+1))
  fi
  if ! grep -q "^delay p50.*REGRESSION" "$work/change-$i.txt"; then
    echo "  change $i: delay p50 not flagged: $(grep '^delay p50' "$work/change-$i.txt" | tr -s ' ')"
  fi
done
report=$(cat <<TXT
\`Benchmarks/compare-noise.sh --comparisons $comparisons --runs $runs\` ($(date -u +%Y-%m-%d), this machine, release build):

- same build against itself: **$null_regressions of $comparisons comparisons flagged a regression** ($runs runs a side)
- frames_per_packet 1 -> 3 on the new side: **delay p50 regression found in $change_found of $comparisons comparisons**

One null comparison and one change comparison, as \`compare\` prints them:

\`\`\`
$(sed '/^base:/,$d' "$work/null-1.txt")

$(sed '/^base:/,$d' "$work/change-1.txt")
\`\`\`
TXT
)
echo "$report"
[ -n "$update" ] && echo "$report" | python3 scripts/readme-table.py compare-noise docs/thresholds-and-ci.md
[ "$null_regressions" -eq 0 ] && [ "$change_found" -eq "$comparisons" ]
