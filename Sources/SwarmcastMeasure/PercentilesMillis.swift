/// The percentiles a report shows for one latency, in milliseconds (converted once, by
/// `LatencyHistogram.percentilesMillis`).
public struct PercentilesMillis: Codable, Equatable, Sendable {
    public var count: UInt64
    public var p50: Double
    public var p90: Double
    public var p95: Double
    public var p99: Double
    public var p999: Double
    public var max: Double
    public var mean: Double

    public init(count: UInt64, p50: Double, p90: Double, p95: Double, p99: Double, p999: Double, max: Double, mean: Double) {
        self.count = count
        self.p50 = p50
        self.p90 = p90
        self.p95 = p95
        self.p99 = p99
        self.p999 = p999
        self.max = max
        self.mean = mean
    }

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
    /// Rounds to `places` decimals, so report figures do not carry float noise.
    public func rounded(toPlaces places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
