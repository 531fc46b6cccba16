/// Edge: the link to its origin as /metrics shows it: whether it is up, how often it came back,
/// and how long listeners went without the origin's audio in all.
struct OriginLinkStatus {
    private(set) var connected = false
    /// Rejoins after the link had been lost.
    private(set) var reconnects = 0
    /// Attempts to reach the origin that did not end in a join.
    private(set) var failedAttempts = 0
    private var closedGapNanos: UInt64 = 0
    /// Monotonic time the current gap began (the last bytes heard from the origin), while down.
    private var gapStartNanos: UInt64?

    /// The origin's SETTINGS were adopted on a fresh link: a gap in progress ends now.
    mutating func joined(now: UInt64) {
        if let start = gapStartNanos {
            closedGapNanos += now > start ? now - start : 0
            gapStartNanos = nil
            reconnects += 1
        }
        connected = true
    }

    /// The link went down; the gap counts from the last time the origin was heard.
    mutating func lost(lastHeardNanos: UInt64) {
        if connected { gapStartNanos = lastHeardNanos }
        connected = false
    }

    mutating func attemptFailed() { failedAttempts += 1 }

    /// Seconds without the origin so far, the current gap included.
    func gapSeconds(now: UInt64) -> Double {
        let open = gapStartNanos.map { now > $0 ? now - $0 : 0 } ?? 0
        return Double(closedGapNanos + open) / 1e9
    }
}
