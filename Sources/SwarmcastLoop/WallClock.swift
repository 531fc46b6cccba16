#if canImport(Glibc)
import Glibc
#endif

/// The two clocks Swarmcast reads: real time for capture stamps that cross processes, monotonic
/// time for intervals inside one process.
public enum WallClock {
    /// CLOCK_REALTIME in nanoseconds: comparable across processes on one host.
    public static func realtimeNanos() -> UInt64 { read(CLOCK_REALTIME) }
    /// CLOCK_MONOTONIC in nanoseconds: for durations, never goes back.
    public static func monotonicNanos() -> UInt64 { read(CLOCK_MONOTONIC) }

    private static func read(_ clock: clockid_t) -> UInt64 {
        var ts = timespec()
        clock_gettime(clock, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}

extension Duration {
    /// Whole nanoseconds of a non-negative duration (negative ones count as zero), for comparing
    /// with `WallClock` readings.
    public var nanosecondsValue: UInt64 {
        let (s, atto) = components
        return UInt64(max(0, s)) * 1_000_000_000 + UInt64(max(0, atto) / 1_000_000_000)
    }
}
