/// When a swarm source sends its frames and what capture time each carries: frame n (from 1)
/// is captured at start + n × interval and goes out once that time has passed. Delay is measured
/// from these stamps, so the speaker client and the Icecast source share this one rule.
struct FrameClock {
    private var startNanos: UInt64 = 0
    private var sequence: UInt64 = 0

    /// Starts the schedule at `nanos` (CLOCK_REALTIME), as a server accepts the source.
    mutating func start(at nanos: UInt64) {
        startNanos = nanos
    }

    /// Calls `body` with the sequence and capture time of every frame due by `nowReal` and not
    /// yet sent, in order; returns how many.
    mutating func sendDue(nowReal: UInt64, intervalNanos: UInt64, _ body: (_ sequence: UInt64, _ captureTimeNanos: UInt64) -> Void) -> Int {
        guard nowReal > startNanos else { return 0 }
        let due = (nowReal - startNanos) / intervalNanos
        var sent = 0
        while sequence < due {
            sequence += 1
            body(sequence, startNanos + sequence * intervalNanos)
            sent += 1
        }
        return sent
    }
}
