# Sourced by scale.sh and limit.sh: with --runs N > 1, run the calling script N times (without
# --runs) through Benchmarks/repeat.py, which prints min / median / max of every figure, and exit.
#   repeat_if_asked RUNS "$0" ARGS...
repeat_if_asked() {
  local runs=$1 script=$2; shift 2
  [ "$runs" -gt 1 ] || return 0
  local rest=() skip=0 a
  for a in "$@"; do
    if [ $skip = 1 ]; then skip=0; continue; fi
    if [ "$a" = --runs ]; then skip=1; continue; fi
    rest+=("$a")
  done
  mkdir -p runs
  exec python3 Benchmarks/repeat.py "$runs" "runs/$(basename "$script" .sh)-repeat" "$script" "${rest[@]}"
}
