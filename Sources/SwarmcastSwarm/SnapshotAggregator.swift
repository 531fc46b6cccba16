import Histogram
import SwarmcastMeasure
import SwarmcastReport

/// Merges agents' per-second snapshots into one run: a timeline and exact histograms.
///
/// Pure bookkeeping, no I/O: the coordinator feeds it what arrives on the agents' pipes. Counts
/// are cumulative per agent (an agent that dies keeps its last values); histograms are deltas and
/// are added, never averaged.
public struct SnapshotAggregator: Sendable {
    public let agentCount: Int
    /// Per agent, per second: the snapshot that closed that second.
    private var snapshots: [[Int: AgentSnapshot]]
    private(set) var finals: [AgentSnapshot?]
    public private(set) var delay = LatencyHistogram.latency()
    public private(set) var firstAudio = LatencyHistogram.latency()
    public private(set) var connect = LatencyHistogram.latency()
    public private(set) var welcome = LatencyHistogram.latency()
    /// HLS listeners' playlist staleness and segment/part fetch times (empty without HLS listeners).
    public private(set) var playlistStaleness = LatencyHistogram.latency()
    public private(set) var segmentFetch = LatencyHistogram.latency()
    /// Per second, the delay histogram of that second (all agents).
    public private(set) var delayBySecond: [Int: LatencyHistogram] = [:]
    public private(set) var firstAudioBySecond: [Int: LatencyHistogram] = [:]
    /// Per second, for windowed thresholds; only seconds that had HLS samples have an entry.
    public private(set) var playlistStalenessBySecond: [Int: LatencyHistogram] = [:]
    public private(set) var segmentFetchBySecond: [Int: LatencyHistogram] = [:]
    /// Native listeners' delay split by tier, whole run (empty without hop stamps).
    public private(set) var delayTiers = DelayTiers()
    public private(set) var hlsDelayTiers = DelayTiers(layout: .hls)
    /// Decoded listeners' match per listener-second (thousandths), for the run and per second,
    /// and the worst listener-second any agent reported.
    public private(set) var audioMatch = LatencyHistogram.latency()
    public private(set) var audioMatchBySecond: [Int: LatencyHistogram] = [:]
    public private(set) var audioWorst: AudioWorstSecond?
    /// The generator's health per second (worst agent, saturated or not).
    private(set) var generator = GeneratorTracker()

    public init(agentCount: Int) {
        self.agentCount = agentCount
        snapshots = Array(repeating: [:], count: agentCount)
        finals = Array(repeating: nil, count: agentCount)
    }

    public mutating func add(_ s: AgentSnapshot) {
        guard s.agent >= 0 && s.agent < agentCount else { return }
        snapshots[s.agent][s.second] = s
        if s.final { finals[s.agent] = s }
        delay.add(s.delay)
        firstAudio.add(s.firstAudio)
        connect.add(s.connect)
        welcome.add(s.welcome)
        delayBySecond[s.second, default: .latency()].add(s.delay)
        firstAudioBySecond[s.second, default: .latency()].add(s.firstAudio)
        if !s.playlistStaleness.isEmpty {
            playlistStaleness.add(s.playlistStaleness)
            playlistStalenessBySecond[s.second, default: .latency()].add(s.playlistStaleness)
        }
        if !s.segmentFetch.isEmpty {
            segmentFetch.add(s.segmentFetch)
            segmentFetchBySecond[s.second, default: .latency()].add(s.segmentFetch)
        }
        if !s.delayTiers.isEmpty { delayTiers.add(s.delayTiers) }
        if !s.hlsDelayTiers.isEmpty { hlsDelayTiers.add(s.hlsDelayTiers) }
        if !s.audioMatch.isEmpty {
            audioMatch.add(s.audioMatch)
            audioMatchBySecond[s.second, default: .latency()].add(s.audioMatch)
        }
        if let w = s.audioWorst, w.matchPermille < audioWorst?.matchPermille ?? Int.max { audioWorst = w }
        generator.add(s)
    }

    public func hasFinal(agent: Int) -> Bool { finals[agent] != nil }

    /// The latest snapshot of each agent (nil for one that never reported).
    public var latest: [AgentSnapshot?] {
        snapshots.map { byS in byS.keys.max().flatMap { byS[$0] } }
    }

    /// Sum of every agent's latest cumulative counters.
    public var counters: SwarmCounters {
        var total = SwarmCounters()
        for s in latest { if let s { total.add(s.counters) } }
        return total
    }

    /// Listeners receiving now, summed over agents' latest snapshots.
    public var live: Int { latest.reduce(0) { $0 + ($1?.final == true ? 0 : ($1?.live ?? 0)) } }
    public var target: Int { latest.reduce(0) { $0 + ($1?.target ?? 0) } }

    /// Listeners receiving when each agent stopped (final snapshots; last known for lost agents).
    public var finalListeners: Int {
        zip(finals, latest).reduce(0) { $0 + ($1.0?.live ?? $1.1?.live ?? 0) }
    }

    /// The last second any agent reported.
    public var lastSecond: Int { snapshots.compactMap { $0.keys.max() }.max() ?? 0 }

    /// The row of the last reported second alone (for live progress: cost independent of run length).
    public func lastRow() -> TimelineRow? {
        guard lastSecond > 0 else { return nil }
        return timeline(from: lastSecond, agentsAliveAt: { _ in 0 }).last
    }

    /// One row per second, from counts summed over agents (each agent's value as of that second).
    public func timeline(from first: Int = 1, agentsAliveAt: (Int) -> Int) -> [TimelineRow] {
        guard lastSecond > 0 else { return [] }
        var rows: [TimelineRow] = []
        var carried: [AgentSnapshot?] = Array(repeating: nil, count: agentCount)
        // Carry each agent's latest snapshot before `first`, so counts stay cumulative.
        if first > 1 {
            for agent in 0..<agentCount {
                carried[agent] = snapshots[agent].filter { $0.key < first }.max { $0.key < $1.key }?.value
            }
        }
        var previous = SwarmCounters()
        for s in carried { if let s { previous.add(s.counters) } }
        for second in first...lastSecond {
            var total = SwarmCounters()
            var live = 0, target = 0
            for agent in 0..<agentCount {
                if let s = snapshots[agent][second] { carried[agent] = s }
                if let s = carried[agent] {
                    total.add(s.counters)
                    if !(s.final && s.second < second) { live += s.live; target += s.target }
                }
            }
            let delayHist = delayBySecond[second]
            rows.append(TimelineRow(
                second: second, listeners: live, target: target,
                arrivals: total.connectsStarted - previous.connectsStarted,
                framesReceived: total.framesReceived - previous.framesReceived,
                delay: delayHist?.percentilesMillis(),
                firstAudioP95Millis: firstAudioBySecond[second]?.percentilesMillis()?.p95,
                framesLost: total.framesLost - previous.framesLost, framesLate: total.framesLate - previous.framesLate,
                stalls: total.stalls - previous.stalls,
                rejects: total.rejects.values.reduce(0, +) - previous.rejects.values.reduce(0, +),
                disconnects: total.disconnects.values.reduce(0, +) - previous.disconnects.values.reduce(0, +),
                droppedArrivals: total.droppedArrivals.values.reduce(0, +) - previous.droppedArrivals.values.reduce(0, +),
                agentsAlive: agentsAliveAt(second)))
            if !total.audio.isEmpty { rows[rows.count - 1].audio = total.audio.since(previous.audio) }
            previous = total
        }
        generator.annotate(&rows)
        return rows
    }

    /// The delay histogram of seconds `range` together.
    public func delay(seconds range: ClosedRange<Int>) -> LatencyHistogram {
        var h = LatencyHistogram.latency()
        for second in range { if let x = delayBySecond[second] { h.add(x) } }
        return h
    }

    /// The delay histogram of each second, for delay.hlog.
    public func delayIntervals() -> [IntervalHistogram] {
        delayBySecond.keys.sorted().map { IntervalHistogram(startOffsetSeconds: Double($0 - 1), lengthSeconds: 1, histogram: delayBySecond[$0]!) }
    }

    /// Peak resident memory and total CPU of the agents, from their latest snapshots.
    public var agentResources: (residentBytes: UInt64, cpuSeconds: Double) {
        var rss: UInt64 = 0, cpu = 0.0
        let latest = self.latest
        for agent in 0..<agentCount {
            let values = snapshots[agent].values
            let peak = values.map(\.residentBytes).max() ?? 0
            let baseline = values.map(\.baselineResidentBytes).max() ?? 0
            rss += peak > baseline ? peak - baseline : 0
            cpu += latest[agent]?.cpuSeconds ?? 0
        }
        return (rss, cpu)
    }
}
