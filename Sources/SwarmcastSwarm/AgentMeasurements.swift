import Histogram
import SwarmcastMeasure

/// What one agent has measured: cumulative counters and the histograms of the current second.
final class AgentMeasurements {
    var counters = SwarmCounters()
    var delay = LatencyHistogram.latency()
    var firstAudio = LatencyHistogram.latency()
    var connect = LatencyHistogram.latency()
    var welcome = LatencyHistogram.latency()
    /// HLS listeners: per playlist arrival, how old the newest media it lists was; per segment or
    /// part answered 200, request sent to response complete.
    var playlistStaleness = LatencyHistogram.latency()
    var segmentFetch = LatencyHistogram.latency()
    /// HLS players' counts, folded into `counters.hls` by each snapshot.
    var hls = HLSTally()
    /// Native listeners' delay split by tier, from the servers' hop stamps (docs/delay-by-tier.md).
    var delayTiers = DelayTiers()
    /// HLS players' delay split into packaging, discovery and fetch, per part or segment.
    var hlsDelayTiers = DelayTiers(layout: .hls)
    /// Decoded listeners' match per listener-second (thousandths) and the second's worst one.
    var audioMatch = LatencyHistogram.latency()
    var audioWorst: AudioWorstSecond?

    /// One exclusive access to the delay histogram and the tiers for all the frames of a read,
    /// instead of one (checked at run time, since this is a class) per frame.
    func recordingDelays<R>(_ body: (inout LatencyHistogram, inout DelayTiers) -> R) -> R { body(&delay, &delayTiers) }

    /// One exclusive access to the audio counts for all the frames a decoded listener hears in a read.
    func hearingAudio(_ body: (inout AudioCounts) -> Void) { body(&counters.audio) }

    func countDisconnect(_ reason: String) { counters.disconnects[reason, default: 0] += 1 }
    func countReject(_ reason: String) { counters.rejects[reason, default: 0] += 1 }
    func countDroppedArrival(_ reason: String, _ n: Int = 1) { counters.droppedArrivals[reason, default: 0] += n }

    /// A snapshot of this second, after which the interval histograms start empty.
    func takeSnapshot(agent: Int, second: Int, live: Int, target: Int, final: Bool, endReason: String?) -> AgentSnapshot {
        defer {
            // An empty histogram (most of them, most seconds) is left as it is (see `clear`).
            for histogram in [\AgentMeasurements.delay, \.firstAudio, \.connect, \.welcome, \.playlistStaleness, \.segmentFetch, \.audioMatch] {
                self[keyPath: histogram].clear()
            }
            audioWorst = nil
        }
        hls.write(into: &counters.hls)
        var snapshot = AgentSnapshot(agent: agent, second: second, counters: counters, live: live, target: target,
                             delay: SparseCounts(delay), firstAudio: SparseCounts(firstAudio), connect: SparseCounts(connect),
                             welcome: SparseCounts(welcome), residentBytes: 0, cpuSeconds: 0, final: final, endReason: endReason)
        snapshot.playlistStaleness = SparseCounts(playlistStaleness)
        snapshot.segmentFetch = SparseCounts(segmentFetch)
        snapshot.delayTiers = delayTiers.takeSample()
        snapshot.hlsDelayTiers = hlsDelayTiers.takeSample()
        snapshot.audioMatch = SparseCounts(audioMatch)
        snapshot.audioWorst = audioWorst
        return snapshot
    }
}
