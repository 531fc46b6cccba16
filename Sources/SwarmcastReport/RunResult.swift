import Histogram
import SwarmcastMeasure
import Foundation

/// Everything one run measured: the summary, the per-second timeline and the full histograms
/// (which merge exactly, unlike percentiles).
public struct RunResult: Sendable {
    public var summary: RunSummary
    public var timeline: [TimelineRow]
    /// Delay histograms per timeline second (for delay.hlog), in µs.
    public var delayIntervals: [IntervalHistogram]
    public var delay: LatencyHistogram
    public var firstAudio: LatencyHistogram
    public var connect: LatencyHistogram
    public var welcome: LatencyHistogram
    /// HLS listeners' playlist staleness and segment/part fetch times (empty without HLS listeners).
    public var playlistStaleness = LatencyHistogram.latency()
    public var segmentFetch = LatencyHistogram.latency()
    /// Start of the run, seconds since the Unix epoch (the hlog's StartTime).
    public var startEpochSeconds: Double
    /// First-audio histograms per second (for windowed `first_audio.*` thresholds; not kept on
    /// disk, so a run read back has none).
    public var firstAudioBySecond: [Int: LatencyHistogram] = [:]
    /// Playlist-staleness and segment-fetch histograms per second (for windowed thresholds; not
    /// kept on disk either).
    public var playlistStalenessBySecond: [Int: LatencyHistogram] = [:]
    public var segmentFetchBySecond: [Int: LatencyHistogram] = [:]
    /// Native listeners' delay split by tier (`RunResult+Tiers.swift`); empty without hop stamps.
    public var delayTiers = DelayTiers()
    public var hlsDelayTiers = DelayTiers(layout: .hls)
    /// Decoded listeners' match per listener-second (thousandths), for the run and per second
    /// (the per-second ones not kept on disk), and the worst listener-second.
    public var audioMatch = LatencyHistogram.latency()
    public var audioMatchBySecond: [Int: LatencyHistogram] = [:]
    public var audioWorst: AudioWorstSecond?

    public init(summary: RunSummary, timeline: [TimelineRow], delayIntervals: [IntervalHistogram], delay: LatencyHistogram,
                firstAudio: LatencyHistogram, connect: LatencyHistogram, welcome: LatencyHistogram, startEpochSeconds: Double) {
        self.summary = summary
        self.timeline = timeline
        self.delayIntervals = delayIntervals
        self.delay = delay
        self.firstAudio = firstAudio
        self.connect = connect
        self.welcome = welcome
        self.startEpochSeconds = startEpochSeconds
    }

    /// Recomputes the summary's percentiles from the histograms (after a merge).
    public mutating func refreshPercentiles() {
        summary.delay = delay.percentilesMillis()
        summary.firstAudio = firstAudio.percentilesMillis()
        summary.connect = connect.percentilesMillis()
        summary.welcome = welcome.percentilesMillis()
        // nil (absent from summary.json) in a run without HLS listeners, like the other optional figures.
        summary.playlistStaleness = playlistStaleness.percentilesMillis()
        summary.segmentFetch = segmentFetch.percentilesMillis()
        var histograms = HistogramSet(delay: delay.sparseCounts, firstAudio: firstAudio.sparseCounts,
                                      connect: connect.sparseCounts, welcome: welcome.sparseCounts)
        if playlistStaleness.totalCount > 0 { histograms.playlistStaleness = playlistStaleness.sparseCounts }
        if segmentFetch.totalCount > 0 { histograms.segmentFetch = segmentFetch.sparseCounts }
        if audioMatch.totalCount > 0 { histograms.audioMatch = audioMatch.sparseCounts }
        summary.histograms = histograms
        refreshDelayByTier()
        summary.audio = summary.counters.audio.isEmpty ? nil : AudioFigures(counts: summary.counters.audio, match: audioMatch, worst: audioWorst)
        summary.failuresByCause = summary.counters.failuresByCause
        summary.failureRate = summary.counters.connectsStarted > 0 ? Double(summary.counters.failures) / Double(summary.counters.connectsStarted) : 0
    }
}

extension RunResult {
    /// Reads a run directory back (summary.json, timeline.csv, delay.hlog).
    public static func read(directory: URL) throws -> RunResult {
        let path = directory.path
        let summaryURL = directory.appendingPathComponent("summary.json")
        let summary: RunSummary
        do { summary = try RunWriter.readSummary(summaryURL) } catch {
            throw ReportError.badRunDirectory(path: path, problem: "summary.json missing or unreadable (\(error))")
        }
        guard let h = summary.histograms else { throw ReportError.badRunDirectory(path: path, problem: "summary.json has no histograms") }
        func hist(_ pairs: [[UInt64]]) -> LatencyHistogram {
            var x = LatencyHistogram.latency()
            x.add(sparse: pairs)
            return x
        }
        let hlog = (try? String(contentsOf: directory.appendingPathComponent("delay.hlog"), encoding: .utf8)) ?? ""
        let intervals = try HdrLogWriter.read(hlog)
        let csv = (try? String(contentsOf: directory.appendingPathComponent("timeline.csv"), encoding: .utf8)) ?? ""
        let timeline = csv.split(separator: "\n").dropFirst().compactMap { TimelineRow(csvLine: String($0)) }
        let start = hlog.split(separator: "\n").first { $0.hasPrefix("#[StartTime: ") }
            .flatMap { Double($0.dropFirst(13).split(separator: " ").first ?? "") } ?? 0
        var result = RunResult(summary: summary, timeline: timeline, delayIntervals: intervals, delay: hist(h.delay),
                               firstAudio: hist(h.firstAudio), connect: hist(h.connect), welcome: hist(h.welcome), startEpochSeconds: start)
        result.playlistStaleness = hist(h.playlistStaleness ?? [])
        result.segmentFetch = hist(h.segmentFetch ?? [])
        result.delayTiers = summary.delayByTier?.delayTiers ?? DelayTiers()
        result.hlsDelayTiers = summary.hlsDelayByTier?.delayTiers ?? DelayTiers(layout: .hls)
        result.audioMatch = hist(h.audioMatch ?? [])
        result.audioWorst = summary.audio?.worst
        return result
    }
}

/// One interval's histogram and where it sits in the run.
public struct IntervalHistogram: Sendable {
    /// Seconds from the run's start to the interval's start.
    public var startOffsetSeconds: Double
    public var lengthSeconds: Double
    public var histogram: LatencyHistogram
    public init(startOffsetSeconds: Double, lengthSeconds: Double, histogram: LatencyHistogram) {
        self.startOffsetSeconds = startOffsetSeconds
        self.lengthSeconds = lengthSeconds
        self.histogram = histogram
    }
}
