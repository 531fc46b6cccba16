#!/bin/sh
# Agent-pipe snapshot codec, JSON (before) against binary (after), optimized, without the
# package-benchmark framework: builds SwarmcastMeasure in release and links a timing main to it.
set -e
cd "$(dirname "$0")/.."
swift build -c release --target SwarmcastMeasure
R=.build/release
C=.build/checkouts/swift-numerics/Sources/_NumericsShims/include
OUT=$(mktemp -d)
swiftc -O -I $R/Modules -Xcc -fmodule-map-file=$C/module.modulemap -Xcc -I$C Benchmarks/SnapshotCodec/main.swift \
  $R/SwarmcastMeasure.build/*.o $R/Histogram.build/*.o $R/RealModule.build/*.o $R/Numerics.build/*.o \
  $R/ComplexModule.build/*.o $R/_NumericsShims.build/*.o -o "$OUT/snapshot-codec"
"$OUT/snapshot-codec"
