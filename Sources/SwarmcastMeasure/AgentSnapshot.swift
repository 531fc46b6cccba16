/// What an agent reports every second: cumulative counts and the histograms of that second.
///
/// Counts are cumulative so a lost snapshot costs nothing; histograms are per-interval deltas so
/// the coordinator can build per-second percentiles and, by adding them, exact run percentiles.
public struct AgentSnapshot: Equatable, Sendable {
    public var agent: Int
    /// The second (since the common start) this snapshot closes.
    public var second: Int
    public var counters: SwarmCounters
    /// Listeners welcomed and open now.
    public var live: Int
    /// This agent's share of the listener target now.
    public var target: Int
    /// Histogram deltas since the previous snapshot, in `LatencyUnit` (µs).
    public var delay: SparseCounts
    public var firstAudio: SparseCounts
    public var connect: SparseCounts
    public var welcome: SparseCounts
    /// HLS listeners' playlist staleness and segment/part fetch times (snapshot version 5; empty
    /// in a version 4 record and for agents without HLS listeners).
    public var playlistStaleness = SparseCounts()
    public var segmentFetch = SparseCounts()
    /// Decoded listeners' signal match, one sample per listener-second, in thousandths (0 to
    /// 1000) (snapshot version 6; empty without decoded listeners).
    public var audioMatch = SparseCounts()
    /// This interval's worst decoded listener-second, with its envelopes (version 6).
    public var audioWorst: AudioWorstSecond? = nil
    public var residentBytes: UInt64
    /// Resident bytes before the agent opened any connection (so growth per listener can be told).
    public var baselineResidentBytes: UInt64 = 0
    public var cpuSeconds: Double
    /// Set on the agent's last snapshot; `endReason` says why it ended.
    public var final: Bool
    /// `finished`, `interrupted` or `server-gone`.
    public var endReason: String?
    /// The agent's estimate of the server's clock minus its own (ns), by which its delays are
    /// corrected, and the estimate's bound (half the best round trip); 0 samples: no estimate.
    public var clockOffsetNanos: Int64 = 0
    public var clockBoundNanos: UInt64 = 0
    public var clockSamples = 0
    /// The agent's health as a load generator this second (snapshot version 3).
    public var generator = GeneratorSample()

    // MARK: Delay by tier (snapshot version 6, the record's last section)

    /// This second's delay split by tier over frames that carried hop stamps (empty in older
    /// records and for agents whose listeners got none).
    public var delayTiers = DelayTierSample()
    /// The same for HLS players' parts and segments (packaging, discovery, fetch), from our
    /// server's `X-Swarmcast-Published` header.
    public var hlsDelayTiers = DelayTierSample(layout: .hls)

    public init(agent: Int, second: Int, counters: SwarmCounters, live: Int, target: Int, delay: SparseCounts,
                firstAudio: SparseCounts, connect: SparseCounts, welcome: SparseCounts, residentBytes: UInt64, cpuSeconds: Double,
                final: Bool, endReason: String?, baselineResidentBytes: UInt64 = 0) {
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
        self.baselineResidentBytes = baselineResidentBytes
        self.final = final
        self.endReason = endReason
    }
}
