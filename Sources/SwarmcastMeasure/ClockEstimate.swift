/// This process's clock offset to the server's, estimated as NTP does from PING/PONG.
///
/// A PING carries the client's send time t0; the PONG adds the server's time ts (the server
/// reads its clock once, so NTP's t1 = t2 = ts) and arrives at t3. Then
/// `offset = ts - (t0 + t3) / 2` and the true offset lies within `± (t3 - t0) / 2` of it, whatever
/// the path's asymmetry. The sample with the smallest round trip has the tightest bound, so the
/// estimate is the minimum-RTT sample of the most recent `window` samples: old samples age out,
/// so a drifting clock is followed during a run.
public struct ClockEstimate: Equatable, Sendable {
    public struct Sample: Equatable, Sendable {
        /// Server clock minus this clock, ns.
        public var offsetNanos: Int64
        public var roundTripNanos: UInt64
    }

    public let window: Int
    private var recent: [Sample] = []
    /// Samples taken in all.
    public private(set) var samples = 0

    public init(window: Int = 32) { self.window = max(1, window) }

    /// Adds one PING/PONG exchange (all in ns: t0 and t3 on this clock, `server` on the server's).
    public mutating func add(sent t0: UInt64, server: UInt64, received t3: UInt64) {
        guard t3 >= t0 else { return }
        let rtt = t3 - t0
        let midpoint = t0 + rtt / 2
        let offset = server >= midpoint ? Int64(server - midpoint) : -Int64(midpoint - server)
        recent.append(Sample(offsetNanos: offset, roundTripNanos: rtt))
        if recent.count > window { recent.removeFirst(recent.count - window) }
        samples += 1
        best = recent.min { $0.roundTripNanos < $1.roundTripNanos }
    }

    /// The best sample now (smallest round trip), nil before the first. Kept, not searched for:
    /// every socket read of every listener asks for the offset.
    public private(set) var best: Sample?

    /// Server clock minus this clock (0 before any sample: no correction is better than a guess).
    public var offsetNanos: Int64 { best?.offsetNanos ?? 0 }

    /// Half the best sample's round trip: the most the offset can be wrong by.
    public var boundNanos: UInt64? { best.map { $0.roundTripNanos / 2 } }
}

extension ClockEstimate {
    /// The offset to apply and the bound to state, nil before the first sample. An estimate no
    /// larger than its own bound cannot be told from zero (two processes on one kernel, in
    /// network namespaces or not, read the same clock): then nothing is applied, which keeps
    /// stamps of one clock exact, and the bound stated is the estimate plus its bound (where the
    /// true offset can be). A larger estimate is applied, with its bound.
    public var correction: (offsetNanos: Int64, boundNanos: UInt64)? {
        guard let best else { return nil }
        let bound = best.roundTripNanos / 2
        let magnitude = best.offsetNanos.magnitude
        return magnitude > bound ? (best.offsetNanos, bound) : (0, bound + magnitude)
    }
}
