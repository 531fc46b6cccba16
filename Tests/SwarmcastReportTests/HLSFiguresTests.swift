import Foundation
import SwarmcastMeasure
import SwarmcastReport
import SwarmcastScenario
import Testing

/// HLS playlist staleness and segment fetch: summarised, merged, written, read back and judged
/// like the other latency families; absent (and failing any threshold on them) without HLS listeners.
struct HLSFiguresTests {
    /// `sampleRun` with HLS listeners: stalenesses 0.5–1.5 s, segment fetches 2–12 ms, every
    /// second of the run (for windowed thresholds), the last second's staleness at 4 s.
    static func hlsRun(seed: UInt64, seconds: Int = 5) -> RunResult {
        var run = sampleRun(seed: seed, seconds: seconds)
        for second in 1...seconds {
            var staleness = LatencyHistogram.latency()
            var fetch = LatencyHistogram.latency()
            for i in 0..<100 {
                staleness.recordClamped(second == seconds && seed == 1 ? 4_000_000 : 500_000 + UInt64(i) * 10_000 + seed)
                fetch.recordClamped(2_000 + UInt64(i) * 100 + seed)
            }
            run.playlistStaleness.add(staleness)
            run.segmentFetch.add(fetch)
            run.playlistStalenessBySecond[second] = staleness
            run.segmentFetchBySecond[second] = fetch
        }
        run.refreshPercentiles()
        return run
    }

    @Test func summaryHasTheirPercentilesOnlyWithHLSListeners() throws {
        let hls = Self.hlsRun(seed: 2)
        let staleness = try #require(hls.summary.playlistStaleness)
        let fetch = try #require(hls.summary.segmentFetch)
        #expect(staleness.count == 500 && fetch.count == 500)
        #expect(staleness.p50 > 900 && staleness.p50 < 1100 && staleness.p99 < 1500)
        #expect(fetch.p99 > 11 && fetch.p99 < 12.1)
        #expect(hls.summary.histograms?.playlistStaleness?.isEmpty == false)
        let plain = sampleRun(seed: 2)
        #expect(plain.summary.playlistStaleness == nil && plain.summary.segmentFetch == nil)
        #expect(plain.summary.histograms?.playlistStaleness == nil && plain.summary.histograms?.segmentFetch == nil)
        // And summary.json leaves them out rather than writing nulls.
        let json = try RunWriter.summaryJSON(plain.summary)
        #expect(!json.contains("playlist_staleness") && !json.contains("segment_fetch"))
        let hlsJSON = try RunWriter.summaryJSON(hls.summary)
        #expect(hlsJSON.contains("\"playlist_staleness\"") && hlsJSON.contains("\"segment_fetch\""))
    }

    @Test func thresholdsAreJudgedOnThem() throws {
        let run = Self.hlsRun(seed: 2)
        let thresholds = [try Threshold(metric: "playlist.staleness.p99", condition: "< 3s"),
                          try Threshold(metric: "segment_fetch.p99", condition: "< 2s"),
                          try Threshold(metric: "segment_fetch.max", condition: "< 5ms"),
                          try Threshold(metric: "playlist.staleness.mean", condition: "> 900ms")]
        let r = ThresholdEvaluator.evaluate(thresholds, on: run.summary)
        #expect(r.map(\.passed) == [true, true, false, true])
        #expect(r[0].actual == run.summary.playlistStaleness?.p99)
        #expect(r[2].actual == run.summary.segmentFetch?.max)
        #expect(ThresholdEvaluator.actual("playlist.staleness.p99.9", in: run.summary) == run.summary.playlistStaleness?.p999)
    }

    /// Without HLS listeners there is nothing to judge: the threshold fails with no data, as
    /// `rebuffer.ratio` does, and is never passed by default.
    @Test func withoutHLSListenersTheyFailLikeRebufferRatio() throws {
        let run = sampleRun(seed: 1)
        let thresholds = [try Threshold(metric: "playlist.staleness.p99", condition: "< 3s"),
                          try Threshold(metric: "segment_fetch.p99", condition: "< 2s"),
                          try Threshold(metric: "rebuffer.ratio", condition: "< 1%")]
        let r = ThresholdEvaluator.evaluate(thresholds, on: run.summary)
        #expect(r.allSatisfy { $0.actual == nil && !$0.passed && $0.verdict == "fail" })
        var judged = run.summary
        judged.thresholds = r
        #expect(JUnitReport.xml(judged).contains("<failure message=\"playlist.staleness.p99 was no data, wanted &lt; 3s\"/>"))
    }

    @Test func windowedThresholdsUseThePerSecondHistograms() throws {
        let run = Self.hlsRun(seed: 1, seconds: 10)
        var t = try Threshold(metric: "playlist.staleness.p99", condition: "< 3s")
        t.windowSeconds = 3
        let r = WindowEvaluator.judge(t, on: SecondSeries(result: run))
        // Only the windows holding the last second (4 s stalenesses) fail; the worst is the first of them.
        #expect(!r.passed && r.worstWindowStartSecond == 8)
        #expect(abs((r.actual ?? 0) - 4000) < 5)
        var fetch = try Threshold(metric: "segment_fetch.p99", condition: "< 2s")
        fetch.windowSeconds = 3
        #expect(WindowEvaluator.judge(fetch, on: SecondSeries(result: run)).passed)
        // A run without HLS listeners has no window with data: a failure, not a pass.
        let plain = WindowEvaluator.judge(fetch, on: SecondSeries(result: sampleRun(seed: 1, seconds: 10)))
        #expect(plain.actual == nil && !plain.passed)
    }

    @Test func shardsMergeExactlyLikeTheOtherHistograms() throws {
        let a = Self.hlsRun(seed: 1), b = Self.hlsRun(seed: 2), plain = sampleRun(seed: 3)
        let merged = try #require(RunMerger.merge([a, b, plain]))
        var staleness = a.playlistStaleness
        staleness.add(b.playlistStaleness)
        var fetch = a.segmentFetch
        fetch.add(b.segmentFetch)
        #expect(merged.playlistStaleness.sparseCounts == staleness.sparseCounts)
        #expect(merged.summary.playlistStaleness == staleness.percentilesMillis())
        #expect(merged.summary.segmentFetch == fetch.percentilesMillis())
        #expect(merged.summary.histograms?.segmentFetch == fetch.sparseCounts)
        // Merging runs without HLS listeners keeps them absent.
        let none = try #require(RunMerger.merge([sampleRun(seed: 1), plain]))
        #expect(none.summary.playlistStaleness == nil && none.summary.segmentFetch == nil)
    }

    /// A run directory read back (what `swarmcast merge` does) has the whole-run histograms, so a
    /// merge of directories is as exact as a merge in memory.
    @Test func runDirectoryKeepsThem() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swarmcast-hls-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = Self.hlsRun(seed: 4)
        try RunWriter.write(run, to: dir)
        let back = try RunResult.read(directory: dir)
        #expect(back.summary == run.summary)
        #expect(back.playlistStaleness.sparseCounts == run.playlistStaleness.sparseCounts)
        #expect(back.segmentFetch.sparseCounts == run.segmentFetch.sparseCounts)
        // A summary written before these figures existed reads back without them.
        let plainDir = dir.appendingPathComponent("plain")
        try RunWriter.write(sampleRun(seed: 5), to: plainDir)
        let plain = try RunResult.read(directory: plainDir)
        #expect(plain.playlistStaleness.totalCount == 0 && plain.summary.playlistStaleness == nil)
    }

    @Test func reportsShowThemOnlyWhenPresent() throws {
        let hls = Self.hlsRun(seed: 2), plain = sampleRun(seed: 2)
        #expect(PrometheusReport.text(hls.summary).contains("swarmcast_run_playlist_staleness_seconds{scenario=\"test\",quantile=\"0.99\"}"))
        #expect(PrometheusReport.text(hls.summary).contains("swarmcast_run_segment_fetch_seconds{scenario=\"test\",quantile=\"0.5\"}"))
        #expect(!PrometheusReport.text(plain.summary).contains("playlist_staleness"))
        let names = BenchmarkReport.entries(hls.summary).map(\.name)
        #expect(names.contains("test playlist staleness p99") && names.contains("test segment fetch p99"))
        #expect(!BenchmarkReport.entries(plain.summary).map(\.name).contains { $0.contains("staleness") || $0.contains("segment fetch") })
        #expect(HTMLReport.page(hls, scenarioText: nil).contains("HLS playlist staleness"))
        #expect(!HTMLReport.page(plain, scenarioText: nil).contains("HLS segment fetch"))
    }
}
