/// The swarm's counts, cumulative since the start of a run, in one mergeable value.
///
/// Agents send these every second; the coordinator adds agents' latest values; `merge` adds runs.
public struct SwarmCounters: Codable, Equatable, Sendable {
    /// Arrivals the schedule asked for so far.
    public var arrivalsScheduled = 0
    /// Connections started.
    public var connectsStarted = 0
    public var connected = 0
    public var welcomed = 0
    /// Listeners that received at least one audio frame.
    public var receivedAudio = 0
    public var framesReceived = 0
    public var bytesReceived = 0
    /// Frames missing from per-speaker sequences (sequence gaps).
    public var framesLost = 0
    /// Frames whose delay exceeded the late bound.
    public var framesLate = 0
    /// Times a receiving listener heard nothing for longer than the stall bound.
    public var stalls = 0
    public var reconnects = 0
    /// Listeners that ended their session on schedule (churn): not failures.
    public var churned = 0
    public var reactionsSent = 0
    /// Arrivals that could not start on time, by reason.
    public var droppedArrivals: [String: Int] = [:]
    /// REJECTs received, by reason.
    public var rejects: [String: Int] = [:]
    /// Listeners closed before the end of the run, by reason (server-closed, server-bye:too-slow, ...).
    public var disconnects: [String: Int] = [:]
    /// Speaker frames sent (when the swarm runs speakers).
    public var speakerFramesSent = 0
    /// Listeners that stopped reading on purpose (slow readers), not counted as failures.
    public var slowReaders = 0
    /// What happened to attack clients, by `kind:outcome` (never counted as listener failures).
    public var attackOutcomes: [String: Int] = [:]
    /// HLS listeners' sums, counts or µs/ms as named: `requests`, `playlists`, `playlist_fetch_us`,
    /// `staleness_ms` (per playlist: how old the end of its newest part, or without parts its
    /// newest segment, was on arrival), `media` (segments and parts), `media_fetch_us`,
    /// `played_ms` and `stalled_ms` (simulated players). Sums, for the means; the distributions of
    /// staleness and media fetch times are the snapshots' `playlistStaleness` and `segmentFetch`
    /// histograms.
    public var hls: [String: Int] = [:]
    /// What decoded listeners (`listeners.decode`) heard; all zero without any.
    public var audio = AudioCounts()

    public init() {}

    /// `rebuffer.ratio`: stalled time over played plus stalled time of HLS players (nil without any).
    public var rebufferRatio: Double? {
        let played = hls["played_ms", default: 0], stalled = hls["stalled_ms", default: 0]
        return played + stalled > 0 ? Double(stalled) / Double(played + stalled) : nil
    }

    public mutating func add(_ o: SwarmCounters) {
        arrivalsScheduled += o.arrivalsScheduled
        connectsStarted += o.connectsStarted
        connected += o.connected
        welcomed += o.welcomed
        receivedAudio += o.receivedAudio
        framesReceived += o.framesReceived
        bytesReceived += o.bytesReceived
        framesLost += o.framesLost
        framesLate += o.framesLate
        stalls += o.stalls
        reconnects += o.reconnects
        churned += o.churned
        reactionsSent += o.reactionsSent
        speakerFramesSent += o.speakerFramesSent
        slowReaders += o.slowReaders
        attackOutcomes.merge(o.attackOutcomes, uniquingKeysWith: +)
        hls.merge(o.hls, uniquingKeysWith: +)
        audio.add(o.audio)
        droppedArrivals.merge(o.droppedArrivals, uniquingKeysWith: +)
        rejects.merge(o.rejects, uniquingKeysWith: +)
        disconnects.merge(o.disconnects, uniquingKeysWith: +)
    }

    /// Every failure a listener can suffer, by cause: rejects, unplanned disconnects, dropped arrivals.
    public var failuresByCause: [String: Int] {
        var out: [String: Int] = [:]
        for (k, v) in rejects { out["reject:\(k)", default: 0] += v }
        for (k, v) in disconnects { out["disconnect:\(k)", default: 0] += v }
        for (k, v) in droppedArrivals { out["dropped-arrival:\(k)", default: 0] += v }
        return out
    }

    public var failures: Int { failuresByCause.values.reduce(0, +) }
}

/// summary.json's `counters` read back field by field, a missing one taking its default: runs
/// written before a counter existed (`hls` came later) still read, as the summary's schema
/// promises ("new fields may appear without a schema change").
extension SwarmCounters {
    enum CodingKeys: String, CodingKey {
        case arrivalsScheduled, connectsStarted, connected, welcomed, receivedAudio, framesReceived, bytesReceived, framesLost
        case framesLate, stalls, reconnects, churned, reactionsSent, droppedArrivals, rejects, disconnects, speakerFramesSent
        case slowReaders, attackOutcomes, hls, audio
    }

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func int(_ key: CodingKeys) throws -> Int { try c.decodeIfPresent(Int.self, forKey: key) ?? 0 }
        func counts(_ key: CodingKeys) throws -> [String: Int] { try c.decodeIfPresent([String: Int].self, forKey: key) ?? [:] }
        arrivalsScheduled = try int(.arrivalsScheduled)
        connectsStarted = try int(.connectsStarted)
        connected = try int(.connected)
        welcomed = try int(.welcomed)
        receivedAudio = try int(.receivedAudio)
        framesReceived = try int(.framesReceived)
        bytesReceived = try int(.bytesReceived)
        framesLost = try int(.framesLost)
        framesLate = try int(.framesLate)
        stalls = try int(.stalls)
        reconnects = try int(.reconnects)
        churned = try int(.churned)
        reactionsSent = try int(.reactionsSent)
        droppedArrivals = try counts(.droppedArrivals)
        rejects = try counts(.rejects)
        disconnects = try counts(.disconnects)
        speakerFramesSent = try int(.speakerFramesSent)
        slowReaders = try int(.slowReaders)
        attackOutcomes = try counts(.attackOutcomes)
        hls = try counts(.hls)
        audio = try c.decodeIfPresent(AudioCounts.self, forKey: .audio) ?? AudioCounts()
    }
}
