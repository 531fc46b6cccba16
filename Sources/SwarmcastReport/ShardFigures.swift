/// Who a shard was, so `merge` can check that every part of one swarm is there exactly once:
/// summary.json's `shard` (one shard's run) and, in a merged run, `shards` (one per part).
public struct ShardInfo: Codable, Equatable, Sendable {
    public var index: Int
    public var count: Int
    /// `SwarmPlan.hash` of the global plan: equal on every shard of one scenario and seed.
    public var planHash: String
    public var host: String
    /// The address this shard's host reaches the server from (the kernel's source address for
    /// the route to the first server); nil in older summaries or when there was no route.
    public var address: String?
    /// The common start (RFC 3339 UTC) the shard's seconds count from.
    public var startAt: String
    /// The shard's clock offset to the server (kept here too in a merged run's `shards`).
    public var clock: ClockFigures?
    public init(index: Int, count: Int, planHash: String, host: String, startAt: String, clock: ClockFigures? = nil,
                address: String? = nil) {
        self.index = index
        self.count = count
        self.planHash = planHash
        self.host = host
        self.address = address
        self.startAt = startAt
        self.clock = clock
    }
}

/// How far the delays' clock may be off the server's: the estimated offset (server minus
/// swarm, applied to every delay) and its bound (half the best PING/PONG round trip; in a
/// merged run the largest shard's). A delay is known to ± `boundMs`.
public struct ClockFigures: Codable, Equatable, Sendable {
    public var offsetMs: Double?
    public var boundMs: Double?
    /// `ping` (PING/PONG with the server), `none` (no estimate: HTTP listeners, or nobody
    /// received), or in a merged run the shards' sources joined with `+` when they differ.
    public var source: String
    /// PING/PONG exchanges behind the estimate.
    public var samples: Int?
    /// What `chronyc -c tracking` said at the start, where it answered.
    public var chrony: ChronyFigures?
    public init(offsetMs: Double?, boundMs: Double?, source: String, samples: Int? = nil, chrony: ChronyFigures? = nil) {
        self.offsetMs = offsetMs
        self.boundMs = boundMs
        self.source = source
        self.samples = samples
        self.chrony = chrony
    }
}

/// The host's own view of its clock from chrony: its offset to NTP time, the root delay and the
/// root dispersion (the bounds NTP itself gives).
public struct ChronyFigures: Codable, Equatable, Sendable {
    public var offsetMs: Double
    public var rootDelayMs: Double
    public var rootDispersionMs: Double
    public init(offsetMs: Double, rootDelayMs: Double, rootDispersionMs: Double) {
        self.offsetMs = offsetMs
        self.rootDelayMs = rootDelayMs
        self.rootDispersionMs = rootDispersionMs
    }
}
