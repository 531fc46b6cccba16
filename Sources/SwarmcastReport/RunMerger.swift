import Histogram
import SwarmcastMeasure
import Foundation

/// Joins runs made at the same time (shards on several hosts, agents' groups) into one:
/// histograms and counts are added, timelines are aligned on their start times and added second
/// by second, and percentiles are recomputed from the merged histograms, never averaged. Shards
/// are checked first (`ShardCheck`): a missing, duplicate or mismatched one makes the merged
/// run incomplete with the reason, never a quiet K-1 result.
public enum RunMerger {
    public static func merge(_ input: [RunResult], names: [String]? = nil) -> RunResult? {
        let names = names ?? input.indices.map { "run \($0 + 1)" }
        let problems = ShardCheck.problems(zip(names, input).map { ($0, $1.summary.shard) })
        let runs = aligned(input)
        guard var merged = runs.first else { return nil }
        for run in runs.dropFirst() {
            merged.delay.add(run.delay)
            merged.firstAudio.add(run.firstAudio)
            merged.connect.add(run.connect)
            merged.welcome.add(run.welcome)
            merged.playlistStaleness.add(run.playlistStaleness)
            merged.segmentFetch.add(run.segmentFetch)
            merged.delayTiers.add(run.delayTiers)
            merged.hlsDelayTiers.add(run.hlsDelayTiers)
            merged.audioMatch.add(run.audioMatch)
            if let w = run.audioWorst, w.matchPermille < merged.audioWorst?.matchPermille ?? Int.max { merged.audioWorst = w }
            merged.summary.counters.add(run.summary.counters)
            merged.summary.complete = merged.summary.complete && run.summary.complete
            merged.summary.incompleteReasons += run.summary.incompleteReasons
            merged.summary.agents.started += run.summary.agents.started
            merged.summary.agents.lost += run.summary.agents.lost
            merged.summary.listeners.target += run.summary.listeners.target
            merged.summary.listeners.final += run.summary.listeners.final
            merged.summary.startedAt = min(merged.summary.startedAt, run.summary.startedAt)
            merged.summary.endedAt = max(merged.summary.endedAt, run.summary.endedAt)
            merged.summary.durationSeconds = max(merged.summary.durationSeconds, run.summary.durationSeconds)
            if merged.summary.server != run.summary.server { merged.summary.server += ",\(run.summary.server)" }
        }
        merged.timeline = mergeTimelines(runs.map(\.timeline))
        merged.delayIntervals = mergeIntervals(runs.map(\.delayIntervals))
        // Recompute per-second delay percentiles from the merged interval histograms.
        let bySecond = Dictionary(merged.delayIntervals.map { (Int($0.startOffsetSeconds.rounded()) + 1, $0.histogram) }, uniquingKeysWith: { a, _ in a })
        for i in merged.timeline.indices {
            let p = bySecond[merged.timeline[i].second]?.percentilesMillis()
            merged.timeline[i].delayP50Millis = p?.p50
            merged.timeline[i].delayP90Millis = p?.p90
            merged.timeline[i].delayP99Millis = p?.p99
            merged.timeline[i].delayMaxMillis = p?.max
        }
        merged.summary.listeners.peak = merged.timeline.map(\.listeners).max() ?? runs.map(\.summary.listeners.peak).reduce(0, +)
        merged.summary.thresholds = []
        merged.summary.thresholdsNote = nil
        merged.summary.costs = nil
        merged.summary.generator = GeneratorFigures.merged(runs.map(\.summary.generator), timeline: merged.timeline)
        merged.summary.serverMetrics = nil
        if runs.contains(where: { $0.summary.shard != nil }) {
            merged.summary.shards = runs.compactMap { run in
                run.summary.shard.map { shard in
                    var s = shard
                    s.clock = s.clock ?? run.summary.clock
                    return s
                }
            }.sorted { $0.index < $1.index }
            merged.summary.shard = nil
            merged.summary.clock = ShardCheck.mergedClock(runs.map(\.summary.clock))
        }
        // Each shard's own incompleteness is kept; the shard check's problems come first.
        merged.summary.incompleteReasons = problems + merged.summary.incompleteReasons
        merged.summary.complete = merged.summary.complete && problems.isEmpty
        merged.refreshPercentiles()
        return merged
    }

    /// Shifts each run's seconds so that all count from the earliest start (with a common
    /// `--start-at` the shift is zero): second s of a run that started d seconds later is second
    /// s + d of the merged run.
    static func aligned(_ runs: [RunResult]) -> [RunResult] {
        let starts = runs.map(\.startEpochSeconds).filter { $0 > 0 }
        guard let base = starts.min() else { return runs }
        return runs.map { run in
            guard run.startEpochSeconds > 0 else { return run }
            let shift = Int((run.startEpochSeconds - base).rounded())
            guard shift != 0 else { return run }
            var r = run
            r.timeline = r.timeline.map { row in
                var moved = row
                moved.second += shift
                return moved
            }
            r.delayIntervals = r.delayIntervals.map { interval in
                var moved = interval
                moved.startOffsetSeconds += Double(shift)
                return moved
            }
            r.startEpochSeconds = base
            return r
        }
    }

    static func mergeTimelines(_ timelines: [[TimelineRow]]) -> [TimelineRow] {
        var bySecond: [Int: TimelineRow] = [:]
        for timeline in timelines {
            for row in timeline {
                guard var m = bySecond[row.second] else { bySecond[row.second] = row; continue }
                m.listeners += row.listeners
                m.target += row.target
                m.arrivals += row.arrivals
                m.framesReceived += row.framesReceived
                m.framesLost += row.framesLost
                m.framesLate += row.framesLate
                m.stalls += row.stalls
                m.rejects += row.rejects
                m.disconnects += row.disconnects
                m.droppedArrivals += row.droppedArrivals
                m.agentsAlive += row.agentsAlive
                if let audio = row.audio { m.audio = (m.audio ?? AudioCounts()).adding(audio) }
                m.firstAudioP95Millis = [m.firstAudioP95Millis, row.firstAudioP95Millis].compactMap { $0 }.max()
                GeneratorFigures.mergeColumns(&m, row)
                bySecond[row.second] = m
            }
        }
        return bySecond.keys.sorted().map { bySecond[$0]! }
    }

    static func mergeIntervals(_ lists: [[IntervalHistogram]]) -> [IntervalHistogram] {
        var byStart: [Double: IntervalHistogram] = [:]
        for list in lists {
            for interval in list {
                if var m = byStart[interval.startOffsetSeconds] {
                    m.histogram.add(interval.histogram)
                    byStart[interval.startOffsetSeconds] = m
                } else {
                    byStart[interval.startOffsetSeconds] = interval
                }
            }
        }
        return byStart.keys.sorted().map { byStart[$0]! }
    }
}
