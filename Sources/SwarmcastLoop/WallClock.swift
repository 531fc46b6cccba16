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
