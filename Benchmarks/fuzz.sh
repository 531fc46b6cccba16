#!/usr/bin/env bash
# Fuzzes the wire decoder with libFuzzer for a bounded time (default 600 s), starting from the
# regression corpus in Tests/SwarmcastWireTests/Corpus (which `swift test` replays). Any input
# that crashes is written there too (crash-*), so it becomes a regression test.
#
#   Benchmarks/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
corpus=Tests/SwarmcastWireTests/Corpus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p .build/fuzz
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name SwarmcastWire \
  Sources/SwarmcastWire/Frame.swift Sources/SwarmcastWire/FrameDecoder.swift \
  Sources/SwarmcastWire/FrameEncoder.swift Sources/SwarmcastWire/WireError.swift \
  Benchmarks/Fuzz/DecoderFuzzer.swift -o .build/fuzz/decoder
cp "$corpus"/* "$work"/ 2>/dev/null || true
start=$(date +%s)
status=0
.build/fuzz/decoder "$work" -max_total_time="$seconds" -rss_limit_mb=1024 -timeout=5 -max_len=4096 \
  -artifact_prefix="$corpus/crash-" -print_final_stats=1 > .build/fuzz/decoder.log 2>&1 || status=$?
grep -E "stat::number_of_executed_units|stat::peak_rss_mb|ERROR|Done" .build/fuzz/decoder.log || true
echo "fuzz_seconds $(( $(date +%s) - start ))"
echo "fuzz_exit $status"
exit $status
