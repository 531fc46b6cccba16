import Histogram
import SwarmcastMeasure
import SwarmcastScenario

/// A run's per-second figures, what windowed thresholds are judged on: the timeline rows and
/// the per-second delay, first-audio, playlist-staleness and segment-fetch histograms
/// (percentiles of a window are computed from its seconds' histograms added together, never by
/// averaging per-second percentiles).
public struct SecondSeries: Sendable {
    public private(set) var rows: [Int: TimelineRow]
    public var delay: [Int: LatencyHistogram]
    public var firstAudio: [Int: LatencyHistogram]
    public var playlistStaleness: [Int: LatencyHistogram]
    public var segmentFetch: [Int: LatencyHistogram]
    /// Decoded listeners' match per listener-second (thousandths), per second.
    public var audioMatch: [Int: LatencyHistogram] = [:]
    /// The last second with a row.
    public var lastSecond: Int { rows.keys.max() ?? 0 }

    public init(rows: [TimelineRow], delay: [Int: LatencyHistogram], firstAudio: [Int: LatencyHistogram],
                playlistStaleness: [Int: LatencyHistogram] = [:], segmentFetch: [Int: LatencyHistogram] = [:]) {
        self.rows = Dictionary(rows.map { ($0.second, $0) }, uniquingKeysWith: { _, b in b })
        self.delay = delay
        self.firstAudio = firstAudio
        self.playlistStaleness = playlistStaleness
        self.segmentFetch = segmentFetch
    }

    /// The series of a finished run (delay from its hlog intervals, which end at second offset + 1).
    public init(result: RunResult) {
        var delay: [Int: LatencyHistogram] = [:]
        for interval in result.delayIntervals { delay[Int(interval.startOffsetSeconds.rounded()) + 1] = interval.histogram }
        self.init(rows: result.timeline, delay: delay, firstAudio: result.firstAudioBySecond,
                  playlistStaleness: result.playlistStalenessBySecond, segmentFetch: result.segmentFetchBySecond)
        audioMatch = result.audioMatchBySecond
    }

    /// The value of `metric` over the seconds `range` (nil: no data there, e.g. no frame received).
    public func value(_ metric: String, seconds range: ClosedRange<Int>) -> Double? {
        if metric.hasPrefix("audio.") { return audioValue(metric, seconds: range) }
        if let (family, statistic) = Threshold.latencyParts(metric), let source = perSecondHistograms(family) {
            var h = LatencyHistogram.latency()
            for second in range { if let x = source[second] { h.add(x) } }
            return h.percentilesMillis()?.value(named: statistic)
        }
        let window = range.compactMap { rows[$0] }
        guard !window.isEmpty else { return nil }
        func sum(_ f: (TimelineRow) -> Int) -> Int { window.reduce(0) { $0 + f($1) } }
        func ratio(_ n: Int, _ d: Int) -> Double { d > 0 ? Double(n) / Double(d) : (n > 0 ? 1 : 0) }
        let failures = sum { $0.rejects + $0.disconnects + $0.droppedArrivals }
        switch metric {
        case "failures.rate": return ratio(failures, sum(\.arrivals))
        case "rejects.rate": return ratio(sum(\.rejects), sum(\.arrivals))
        case "disconnects.rate": return ratio(sum(\.disconnects), sum(\.arrivals))
        case "frames.lost_rate": return ratio(sum(\.framesLost), sum(\.framesReceived) + sum(\.framesLost))
        case "frames.late_rate": return ratio(sum(\.framesLate), sum(\.framesReceived))
        case "failures.count": return Double(failures)
        case "rejects.count": return Double(sum(\.rejects))
        case "disconnects.count": return Double(sum(\.disconnects))
        case "dropped_arrivals.count": return Double(sum(\.droppedArrivals))
        case "frames.lost": return Double(sum(\.framesLost))
        case "frames.late": return Double(sum(\.framesLate))
        case "frames.received": return Double(sum(\.framesReceived))
        case "stalls.count": return Double(sum(\.stalls))
        case "listeners.peak": return Double(window.map(\.listeners).max() ?? 0)
        case "listeners.final": return Double(window.max { $0.second < $1.second }?.listeners ?? 0)
        case "generator.saturated_seconds": return Double(window.filter { $0.generatorSaturated == true }.count)
        default: return nil
        }
    }

    /// The per-second histograms of a latency family, nil for one only kept for the whole run.
    func perSecondHistograms(_ family: String) -> [Int: LatencyHistogram]? {
        switch family {
        case "delay": delay
        case "first_audio": firstAudio
        case "playlist.staleness": playlistStaleness
        case "segment_fetch": segmentFetch
        default: nil
        }
    }
}
