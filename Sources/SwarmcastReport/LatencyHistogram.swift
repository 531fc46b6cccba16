@_exported import Histogram

/// A latency histogram in microseconds (1 µs to 1 hour, 3 significant digits), the unit every
/// Swarmcast delay, connect and first-audio figure is recorded in.
public typealias LatencyHistogram = Histogram<UInt64>

extension Histogram where Count == UInt64 {
    /// An empty latency histogram with Swarmcast's range and precision.
    public static func latency() -> Histogram<UInt64> {
        Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
    }

    /// Records a value in µs, clamping to the trackable range rather than losing it.
    public mutating func recordClamped(_ micros: UInt64) {
        _ = record(Swift.min(Swift.max(micros, 1), 3_600_000_000))
    }

    /// The recorded values as sparse `[value, count]` pairs: compact, exact per bucket, and
    /// mergeable by adding, which is how agents ship interval histograms to the coordinator.
    public var sparseCounts: [[UInt64]] {
        recordedValues().map { [$0.value, $0.count] }
    }

    /// Adds sparse `[value, count]` pairs (see `sparseCounts`).
    public mutating func add(sparse pairs: [[UInt64]]) {
        for pair in pairs where pair.count == 2 && pair[1] > 0 {
            _ = record(Swift.min(Swift.max(pair[0], 1), 3_600_000_000), count: pair[1])
        }
    }

    /// Percentiles in milliseconds, or nil when empty.
    public func percentilesMillis() -> PercentilesMillis? {
        guard totalCount > 0 else { return nil }
        func ms(_ p: Double) -> Double { (Double(valueAtPercentile(p)) / 1000).rounded(toPlaces: 3) }
        return PercentilesMillis(count: totalCount, p50: ms(50), p90: ms(90), p95: ms(95), p99: ms(99), p999: ms(99.9),
                                 max: (Double(max) / 1000).rounded(toPlaces: 3), mean: (mean / 1000).rounded(toPlaces: 3))
    }
}

/// The percentiles a report shows for one latency, in milliseconds.
public struct PercentilesMillis: Codable, Equatable, Sendable {
    public var count: UInt64
    public var p50: Double
    public var p90: Double
    public var p95: Double
    public var p99: Double
    public var p999: Double
    public var max: Double
    public var mean: Double

    /// A percentile by its name in thresholds (`p50`, `p99`, `p99.9`, `max`, `mean`).
    public func value(named name: String) -> Double? {
        switch name {
        case "p50", "median": p50
        case "p90": p90
        case "p95": p95
        case "p99": p99
        case "p99.9", "p999": p999
        case "max": max
        case "mean", "avg": mean
        default: nil
        }
    }
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
