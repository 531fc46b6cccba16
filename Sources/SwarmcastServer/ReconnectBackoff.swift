import SwarmcastLoop

/// How long an edge waits before its next attempt to reach its origin: exponential from 100 ms,
/// capped at 5 s, with "equal jitter" (a random point in the upper half of the step).
///
/// The jitter matters more than the curve: when an origin with hundreds of edges restarts, they
/// all lose it in the same millisecond, and without jitter they would all knock again in the same
/// millisecond, every time. The cap keeps the outage a listener hears after the origin is back
/// to at most 5 s plus a handshake.
struct ReconnectBackoff {
    static let base: Duration = .milliseconds(100)
    static let cap: Duration = .seconds(5)

    /// Attempts since the link last worked.
    private(set) var attempts = 0

    /// The wait before the next attempt (and counts the attempt).
    mutating func next<R: RandomNumberGenerator>(using random: inout R) -> Duration {
        let baseNanos = Self.base.nanosecondsValue
        let capNanos = Self.cap.nanosecondsValue
        let ceiling = min(capNanos, baseNanos << UInt64(min(attempts, 16)))
        attempts += 1
        let nanos = ceiling / 2 + UInt64.random(in: 0...(ceiling / 2), using: &random)
        return .nanoseconds(Int64(nanos))
    }

    /// The link works again: the next loss starts from the shortest wait.
    mutating func reset() { attempts = 0 }
}
