#!/usr/bin/env bash
# Do the newcomer's and CI's scenarios pass on a busy machine? Runs each scenario N times while
# a CPU hog keeps one core busy (a busy laptop, a shared CI runner) and prints how many passed.
# quickstart and ci-smoke are sized to use at most half of this box's fan-out capacity, so the
# answer should be N of N; a scenario that fails here measures the machine, not the server.
#
#   Benchmarks/noise.sh [--runs 10] [--no-hog] [SCENARIO...]   (default: quickstart and ci-smoke)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=10; hog=1; scenarios=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2;;
    --no-hog) hog=0; shift;;
    -*) echo "noise.sh: unknown flag $1 (use --runs N, --no-hog, scenario files)" >&2; exit 2;;
    *) scenarios+=("$1"); shift;;
  esac
done
[ ${#scenarios[@]} -gt 0 ] || scenarios=(Configs/quickstart.yaml Configs/ci-smoke.yaml)
scripts/setup.sh
swift build -c release >/dev/null
bin=.build/release/swarmcast
work=$(mktemp -d /tmp/noise.XXXXXX)
hog_pid=""
cleanup() { [ -n "$hog_pid" ] && kill "$hog_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
if [ $hog = 1 ]; then
  # One busy loop pinned to core 0, bounded in time like every load loop here.
  taskset -c 0 timeout 3600 sh -c 'while :; do :; done' &
  hog_pid=$!
fi
echo "noise: $runs runs each, CPU hog on core 0: $([ $hog = 1 ] && echo yes || echo no), $(date -u +%Y-%m-%dT%H:%MZ)"
for scenario in "${scenarios[@]}"; do
  passed=0; p99s=()
  for i in $(seq 1 "$runs"); do
    if "$bin" run "$scenario" --out "$work/run" --progress none > "$work/log" 2>&1; then passed=$((passed + 1)); else
      echo "  $(basename "$scenario") run $i: exit $? ($(grep -E 'threshold +FAIL|incomplete' "$work/log" | head -2 | tr -s ' ' | tr '\n' ';'))"
    fi
    p99s+=("$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])).get("delay") or {}; print(d.get("p99","-"))' "$work/run/summary.json")")
    rm -rf "$work/run"
  done
  echo "$(basename "$scenario"): $passed of $runs passed; delay p99 per run (ms): ${p99s[*]}"
done
