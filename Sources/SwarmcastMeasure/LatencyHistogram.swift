import Histogram

/// A latency histogram in `LatencyUnit` (µs, 1 µs to 1 hour, 3 significant digits), the unit every
/// Swarmcast delay, connect and first-audio figure is recorded in. A typealias rather than a
/// wrapper so HdrHistogram's own API (and its V2 codec) applies as is; modules that call that API
/// import `Histogram` themselves.
public typealias LatencyHistogram = Histogram<UInt64>

/// The one empty latency histogram every new or cleared one starts as a copy of: copying it costs
/// nothing until the first record (copy-on-write then copies its ~23,000 zero buckets at memory
/// speed), where building one or calling HdrHistogram's `reset()` runs through the package's
/// unspecialized generic code a bucket at a time.
private let emptyLatencyHistogram = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: LatencyUnit.highestTrackable,
                                                      numberOfSignificantValueDigits: .three)

extension Histogram where Count == UInt64 {
    /// An empty latency histogram with Swarmcast's range and precision.
    public static func latency() -> Histogram<UInt64> { emptyLatencyHistogram }

    /// Empties the histogram for the next interval. A latency histogram becomes a copy of the
    /// shared empty one: HdrHistogram's `reset()` zeroes every bucket through unspecialized generic
    /// code (~2% of an HLS agent's CPU, resetting a few histograms a second); any other keeps
    /// HdrHistogram's own reset.
    public mutating func clear() {
        guard totalCount > 0 else { return }
        if lowestDiscernibleValue == emptyLatencyHistogram.lowestDiscernibleValue
            && highestTrackableValue == emptyLatencyHistogram.highestTrackableValue
            && numberOfSignificantValueDigits == emptyLatencyHistogram.numberOfSignificantValueDigits {
            self = emptyLatencyHistogram
        } else {
            reset()
        }
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
    ///
    /// One pass over the recorded values gives all five percentiles and the mean, each exactly
    /// what `valueAtPercentile` and `mean` give. Asking those one by one walked the whole bucket
    /// array six times through HdrHistogram's unspecialized generic code: the coordinator spent
    /// ~10% of a 3,000-player HLS swarm's CPU on it (live progress and timeline rows).
    public func percentilesMillis() -> PercentilesMillis? {
        guard totalCount > 0 else { return nil }
        func ms(_ units: Double) -> Double { LatencyUnit.millis(units: units).rounded(toPlaces: 3) }
        let percentiles = [50.0, 90, 95, 99, 99.9]
        // The counts `valueAtPercentile` looks for: one ulp below, rounded up, at least the first.
        let wanted = percentiles.map { Swift.max(1, UInt64((($0.nextDown * Double(totalCount)) / 100).rounded(.up))) }
        var values = [UInt64](repeating: 0, count: percentiles.count)
        var next = 0
        var cumulative: UInt64 = 0
        var totalValue = 0.0
        let (lowest, highest) = (min, maxRecorded)
        for recorded in recordedValues() {
            cumulative += recorded.count
            // medianEquivalentForValue, spelled with the package's inlinable parts (it is not
            // inlinable itself, so each call ran unspecialized).
            let median = lowestEquivalentForValue(recorded.value) + (sizeOfEquivalentRangeForValue(recorded.value) >> 1)
            totalValue += Double(median) * Double(recorded.count)
            while next < wanted.count, cumulative >= wanted[next] {
                values[next] = Swift.max(Swift.min(recorded.value, highest), lowest)
                next += 1
            }
        }
        return PercentilesMillis(count: totalCount, p50: ms(Double(values[0])), p90: ms(Double(values[1])),
                                 p95: ms(Double(values[2])), p99: ms(Double(values[3])), p999: ms(Double(values[4])),
                                 max: ms(Double(max)), mean: ms(totalValue / Double(totalCount)))
    }
}
