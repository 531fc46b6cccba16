import SwarmcastLoop

/// Where the broadcast core reads the time: the wall clock in a server, a hand-set clock in a
/// test, so a test can step packets and room-state intervals without sleeping.
struct CoreClock {
    /// Nanoseconds of a clock that never goes back (intervals, deadlines).
    var monotonicNanos: () -> UInt64
    /// Nanoseconds since the epoch (capture times, speaker token expiry).
    var realtimeNanos: () -> UInt64

    /// The process's real clocks.
    static var wall: CoreClock { CoreClock(monotonicNanos: WallClock.monotonicNanos, realtimeNanos: WallClock.realtimeNanos) }
}
