import SwarmcastBuildInfo
import SwarmcastMeasure
/// summary.json: the stable, versioned result of one run (schema documented in docs/run-directory.md).
public struct RunSummary: Codable, Equatable, Sendable {
    /// Bumped when a field changes meaning or disappears; new fields do not bump it.
    public static let currentSchema = "swarmcast.summary/1"

    public var schema = RunSummary.currentSchema
    public var tool = ToolInfo()
    /// Scenario name (or "cli" for a plain `swarmcast swarm`).
    public var scenario: String
    public var server: String
    public var startedAt: String
    public var endedAt: String
    public var durationSeconds: Double
    /// False when the run was interrupted, the server went away, or an agent was lost.
    public var complete: Bool
    /// Why the run is incomplete (empty when complete).
    public var incompleteReasons: [String] = []
    public var machine = MachineInfo()
    public var listeners: ListenerFigures
    /// Speaker-to-ear delay of every audio frame received (receive time minus capture time).
    public var delay: PercentilesMillis?
    /// From the start of connect to the first audio frame.
    public var firstAudio: PercentilesMillis?
    /// From the start of connect to the TCP connection being established.
    public var connect: PercentilesMillis?
    /// From the start of connect to WELCOME.
    public var welcome: PercentilesMillis?
    /// HLS listeners, per playlist received: how old the newest media it listed was (LL-HLS: the
    /// end of its newest part; plain HLS: of its newest segment). nil without HLS listeners.
    public var playlistStaleness: PercentilesMillis? = nil
    /// HLS listeners, per segment or part answered 200: request sent to response complete.
    public var segmentFetch: PercentilesMillis? = nil
    public var counters: SwarmCounters
    public var failuresByCause: [String: Int]
    /// Failures divided by connections started (0 when none started).
    public var failureRate: Double
    public var agents: AgentFigures
    public var costs: CostFigures?
    public var thresholds: [ThresholdResult] = []
    /// Figures from the server's /metrics at the end, when the run started the server itself.
    public var serverMetrics: [String: Double]? = nil
    /// Legitimate listeners' figures before and during an attack, side by side (runs with attacks).
    public var phases: [PhaseFigures]? = nil
    /// Faults injected during the run, with when and what.
    public var faultsInjected: [String]? = nil
    /// The whole-run histograms as sparse `[µs, count]` pairs, so `merge` adds runs exactly.
    public var histograms: HistogramSet? = nil
    /// This run's part of a sharded swarm (`--shard I/K`); nil for a whole swarm.
    public var shard: ShardInfo? = nil
    /// In a merged run: each shard merged, in index order.
    public var shards: [ShardInfo]? = nil
    /// The delays' clock: offset to the server and its bound.
    public var clock: ClockFigures? = nil
    /// Why `thresholds` is empty although the scenario has some (a shard alone does not judge).
    public var thresholdsNote: String? = nil
    /// The load generator's own health: CPU, loop lag, schedule, saturated seconds, warnings.
    public var generator: GeneratorFigures? = nil
    /// Set when the run was stopped early by an `abort_on_fail` threshold (`threshold delay.p99 < 250ms`).
    public var aborted: String? = nil
    /// Where the delay was spent, tier by tier (`DelayByTier`); nil when no frame carried hop stamps.
    public var delayByTier: DelayByTier? = nil
    /// The same for HLS players: packaging, playlist discovery and fetch of each part or segment.
    public var hlsDelayByTier: DelayByTier? = nil
    /// What decoded listeners heard (runs with `listeners.decode`; `AudioFigures.swift`).
    public var audio: AudioFigures? = nil

    public init(scenario: String, server: String, startedAt: String, endedAt: String, durationSeconds: Double, complete: Bool,
                listeners: ListenerFigures, counters: SwarmCounters, agents: AgentFigures) {
        self.scenario = scenario
        self.server = server
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.durationSeconds = durationSeconds
        self.complete = complete
        self.listeners = listeners
        self.counters = counters
        failuresByCause = counters.failuresByCause
        failureRate = counters.connectsStarted > 0 ? Double(counters.failures) / Double(counters.connectsStarted) : 0
        self.agents = agents
    }
}

/// Legitimate listeners' figures over a part of the run (seconds `fromSecond` to `toSecond`).
public struct PhaseFigures: Codable, Equatable, Sendable {
    public var name: String
    public var fromSecond: Int
    public var toSecond: Int
    public var delay: PercentilesMillis?
    /// Mean of the per-second listener counts.
    public var listenersMean: Double
    public var framesReceived: Int
    /// Rejects, unplanned disconnects and dropped arrivals of legitimate listeners in the phase.
    public var failures: Int
    /// Failures divided by connections started in the phase (0 when none started).
    public var failureRate: Double
    public init(name: String, fromSecond: Int, toSecond: Int, delay: PercentilesMillis?, listenersMean: Double,
                framesReceived: Int, failures: Int, failureRate: Double) {
        self.name = name
        self.fromSecond = fromSecond
        self.toSecond = toSecond
        self.delay = delay
        self.listenersMean = listenersMean
        self.framesReceived = framesReceived
        self.failures = failures
        self.failureRate = failureRate
    }
}

/// Whole-run latency histograms in a mergeable form.
public struct HistogramSet: Codable, Equatable, Sendable {
    public var delay: [[UInt64]]
    public var firstAudio: [[UInt64]]
    public var connect: [[UInt64]]
    public var welcome: [[UInt64]]
    /// HLS listeners only (absent otherwise, and in summaries written before they existed).
    public var playlistStaleness: [[UInt64]]? = nil
    public var segmentFetch: [[UInt64]]? = nil
    /// Decoded listeners' match per listener-second, in thousandths.
    public var audioMatch: [[UInt64]]? = nil
    public init(delay: [[UInt64]], firstAudio: [[UInt64]], connect: [[UInt64]], welcome: [[UInt64]]) {
        self.delay = delay
        self.firstAudio = firstAudio
        self.connect = connect
        self.welcome = welcome
    }
}

public struct ToolInfo: Codable, Equatable, Sendable {
    public var name = "swarmcast"
    public var version = swarmcastVersion
    /// The git commit this build was made from ("unknown" without git; absent in runs older than it).
    public var commit: String? = BuildInfo.commit
    /// Whether tracked sources differed from `commit` when it was built (nil: unknown).
    public var sourceModified: Bool? = BuildInfo.sourceModified
    public init() {}
}

/// The version of this build, written into every report.
public let swarmcastVersion = BuildInfo.version

public struct MachineInfo: Codable, Equatable, Sendable {
    public var hostname = ""
    public var cores = 0
    public var memoryBytes: UInt64 = 0
    public var openFilesLimit: UInt64 = 0
    public init() {}
}

public struct ListenerFigures: Codable, Equatable, Sendable {
    /// The most listeners the schedule asked for.
    public var target: Int
    /// Most listeners receiving at once.
    public var peak: Int
    /// Listeners receiving when the run ended.
    public var final: Int
    public init(target: Int, peak: Int, final: Int) {
        self.target = target
        self.peak = peak
        self.final = final
    }
}

public struct AgentFigures: Codable, Equatable, Sendable {
    public var started: Int
    /// Agents that died or stopped reporting before the end; what they sent is kept.
    public var lost: Int
    public var lostIndices: [Int] = []
    public init(started: Int, lost: Int, lostIndices: [Int] = []) {
        self.started = started
        self.lost = lost
        self.lostIndices = lostIndices
    }
}

/// What listeners cost, measured: the figures a capacity estimate is made of.
public struct CostFigures: Codable, Equatable, Sendable {
    /// Growth of the swarm agents' resident memory at the peak over their start, divided by peak listeners.
    public var swarmBytesPerListener: Double?
    /// CPU seconds the agents used.
    public var swarmCPUSeconds: Double?
    /// Resident memory growth of the server during the run, divided by peak listeners.
    public var serverBytesPerListener: Double?
    /// CPU seconds the server used.
    public var serverCPUSeconds: Double?
    /// Server CPU seconds per million packet writes (deliveries).
    public var serverCPUSecondsPerMillionDeliveries: Double?
    /// Swarm (agents') CPU seconds per million packet writes the server made: the receiving side's
    /// cost of one delivery, kernel reads and frame timing included.
    public var swarmCPUSecondsPerMillionDeliveries: Double?
    /// Packet writes per second averaged over the run.
    public var deliveriesPerSecond: Double?
    /// Kernel TCP memory at the end (from /proc/net/sockstat), bytes.
    public var kernelTCPBytes: UInt64?
    public init() {}

    /// Spelled so that summary.json's snake_case keys read back: `convertFromSnakeCase` turns
    /// `server_cpu_seconds` into `serverCpuSeconds`, not `serverCPUSeconds`, and without these the
    /// costs of every run read back (by merge, compare, plan) were silently nil.
    enum CodingKeys: String, CodingKey {
        case swarmBytesPerListener, serverBytesPerListener, deliveriesPerSecond
        case swarmCPUSeconds = "swarmCpuSeconds"
        case serverCPUSeconds = "serverCpuSeconds"
        case serverCPUSecondsPerMillionDeliveries = "serverCpuSecondsPerMillionDeliveries"
        case swarmCPUSecondsPerMillionDeliveries = "swarmCpuSecondsPerMillionDeliveries"
        case kernelTCPBytes = "kernelTcpBytes"
    }
}

/// One threshold and whether it held.
public struct ThresholdResult: Codable, Equatable, Sendable {
    public var metric: String
    public var condition: String
    /// The measured value (nil when the metric had no data).
    public var actual: Double?
    public var passed: Bool
    /// `pass`, `fail`, or `inconclusive` (a delay within the clock bound of its limit: neither
    /// pass nor fail can be told, so it does not pass).
    public var verdict: String?
    /// For a windowed threshold: the window length and the first second of its worst window
    /// (the one `actual` was measured on).
    public var windowSeconds: Int? = nil
    public var worstWindowStartSecond: Int? = nil
    public init(metric: String, condition: String, actual: Double?, passed: Bool, verdict: String? = nil) {
        self.metric = metric
        self.condition = condition
        self.actual = actual
        self.passed = passed
        self.verdict = verdict ?? (passed ? "pass" : "fail")
    }
}
