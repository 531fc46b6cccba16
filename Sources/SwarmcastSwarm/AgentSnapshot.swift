import SwarmcastReport

/// What an agent reports every second: cumulative counts and the histograms of that second.
///
/// Counts are cumulative so a lost snapshot costs nothing; histograms are per-interval deltas so
/// the coordinator can build per-second percentiles and, by adding them, exact run percentiles.
public struct AgentSnapshot: Codable, Sendable {
    public var agent: Int
    /// The second (since the common start) this snapshot closes.
    public var second: Int
    public var counters: SwarmCounters
    /// Listeners welcomed and open now.
    public var live: Int
    /// This agent's share of the listener target now.
    public var target: Int
    /// Histogram deltas since the previous snapshot, as sparse `[µs, count]` pairs.
    public var delay: [[UInt64]]
    public var firstAudio: [[UInt64]]
    public var connect: [[UInt64]]
    public var welcome: [[UInt64]]
    public var residentBytes: UInt64
    /// Resident bytes before the agent opened any connection (so growth per listener can be told).
    public var baselineResidentBytes: UInt64 = 0
    public var cpuSeconds: Double
    /// Set on the agent's last snapshot; `endReason` says why it ended.
    public var final: Bool
    /// `finished`, `interrupted` or `server-gone`.
    public var endReason: String?

    public init(agent: Int, second: Int, counters: SwarmCounters, live: Int, target: Int, delay: [[UInt64]],
                firstAudio: [[UInt64]], connect: [[UInt64]], welcome: [[UInt64]], residentBytes: UInt64, cpuSeconds: Double,
                final: Bool, endReason: String?) {
        self.agent = agent
        self.second = second
        self.counters = counters
        self.live = live
        self.target = target
        self.delay = delay
        self.firstAudio = firstAudio
        self.connect = connect
        self.welcome = welcome
        self.residentBytes = residentBytes
        self.cpuSeconds = cpuSeconds
        self.final = final
        self.endReason = endReason
    }
}
