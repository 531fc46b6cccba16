/// The one place latencies change unit. Histograms record microseconds (1 µs to 1 hour at three
/// significant digits); clocks give nanoseconds, settings give `Duration`, reports show
/// milliseconds. Every conversion along the path goes through here so no site re-derives a factor.
public enum LatencyUnit {
    /// Nanoseconds per recorded unit (µs).
    public static let nanosPerUnit: UInt64 = 1000
    /// The largest value a latency histogram tracks: one hour.
    public static let highestTrackable: UInt64 = 3_600_000_000

    /// A clock difference in nanoseconds, in recorded units.
    @inline(__always)
    public static func units(nanos: UInt64) -> UInt64 { nanos / nanosPerUnit }

    /// A duration (a setting) in recorded units, clamped at zero.
    public static func units(_ duration: Duration) -> UInt64 {
        let (seconds, atto) = duration.components
        guard seconds >= 0 else { return 0 }
        return UInt64(seconds) * (1_000_000_000 / nanosPerUnit) + UInt64(atto / 1_000_000_000) / nanosPerUnit
    }

    /// Recorded units as milliseconds: for report edges only.
    public static func millis(units: Double) -> Double { units * Double(nanosPerUnit) / 1_000_000 }
}
