import Histogram

/// A latency histogram in `LatencyUnit` (µs, 1 µs to 1 hour, 3 significant digits), the unit every
/// Swarmcast delay, connect and first-audio figure is recorded in. A typealias rather than a
/// wrapper so HdrHistogram's own API (and its V2 codec) applies as is; modules that call that API
/// import `Histogram` themselves.
public typealias LatencyHistogram = Histogram<UInt64>

extension Histogram where Count == UInt64 {
    /// An empty latency histogram with Swarmcast's range and precision.
    public static func latency() -> Histogram<UInt64> {
        Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: LatencyUnit.highestTrackable, numberOfSignificantValueDigits: .three)
    }

    /// Records a value in recorded units (µs), clamping to the trackable range rather than losing it.
    @inline(__always)
    public mutating func recordClamped(_ units: UInt64) {
        _ = record(Swift.min(Swift.max(units, 1), LatencyUnit.highestTrackable))
    }

    /// Records a clock difference given in nanoseconds.
    @inline(__always)
    public mutating func record(nanos: UInt64) { recordClamped(LatencyUnit.units(nanos: nanos)) }

    /// The recorded values as sparse `[value, count]` pairs: the JSON shape of run summaries.
    public var sparseCounts: [[UInt64]] {
        recordedValues().map { [$0.value, $0.count] }
    }

    /// Adds sparse `[value, count]` pairs (see `sparseCounts`).
    public mutating func add(sparse pairs: [[UInt64]]) {
        for pair in pairs where pair.count == 2 && pair[1] > 0 {
            _ = record(Swift.min(Swift.max(pair[0], 1), LatencyUnit.highestTrackable), count: pair[1])
        }
    }

    /// Adds the buckets of a snapshot's sparse counts.
    public mutating func add(_ counts: SparseCounts) {
        counts.forEach { value, count in
            _ = record(Swift.min(Swift.max(value, 1), LatencyUnit.highestTrackable), count: count)
        }
    }

    /// Percentiles in milliseconds (the report edge), or nil when empty.
    public func percentilesMillis() -> PercentilesMillis? {
        guard totalCount > 0 else { return nil }
        func ms(_ units: Double) -> Double { LatencyUnit.millis(units: units).rounded(toPlaces: 3) }
        return PercentilesMillis(count: totalCount, p50: ms(Double(valueAtPercentile(50))), p90: ms(Double(valueAtPercentile(90))),
                                 p95: ms(Double(valueAtPercentile(95))), p99: ms(Double(valueAtPercentile(99))),
                                 p999: ms(Double(valueAtPercentile(99.9))), max: ms(Double(max)), mean: ms(mean))
    }
}
