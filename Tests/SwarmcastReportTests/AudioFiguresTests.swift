import Foundation
import SwarmcastMeasure
import SwarmcastReport
import SwarmcastScenario
import Testing

/// Decoded listeners' figures: summarised, judged (whole run and per window), merged exactly,
/// written, read back and shown; absent without decoded listeners.
struct AudioFiguresTests {
    /// `sampleRun` with decoded listeners: 10 listener-seconds a second matching 0.990–0.999,
    /// and in second `badSecond` one matching 0.5 with 20 concealed and 5 silent frames.
    static func audioRun(seed: UInt64, seconds: Int = 6, badSecond: Int? = nil) -> RunResult {
        var run = sampleRun(seed: seed, seconds: seconds)
        var total = AudioCounts()
        total.listeners = 10
        for second in 1...seconds {
            var match = LatencyHistogram.latency()
            var counts = AudioCounts()
            counts.frames = 500
            counts.scored = 250
            for i in 0..<10 { match.recordClamped(990 + UInt64(i) + seed % 2) }
            if second == badSecond {
                match.recordClamped(500)
                counts.concealed = 20
                counts.silent = 5
                counts.mismatched = 30
                counts.causes = ["audio:wrong-seat": 30]
                run.audioWorst = AudioWorstSecond(listener: 7 << 16, second: second, matchPermille: 500, cause: "audio:wrong-seat",
                                                  decoded: [1, 2, 3], reference: [3, 2, 1])
            }
            run.audioMatch.add(match)
            run.audioMatchBySecond[second] = match
            run.timeline[second - 1].audio = counts
            total.add(counts)
        }
        total.listeners = 10
        run.summary.counters.audio = total
        run.refreshPercentiles()
        return run
    }

    @Test func summaryHasAudioOnlyWithDecodedListeners() throws {
        let run = Self.audioRun(seed: 2, badSecond: 3)
        let a = try #require(run.summary.audio)
        #expect(a.decodedListeners == 10 && a.frames == 3000)
        #expect(a.concealedRatio == 20.0 / 3000 && a.silentRatio == 5.0 / 3000)
        #expect(a.match?.listenerSeconds == 61 && a.match?.min == 0.5)
        #expect((a.match?.p5 ?? 0) >= 0.99 && (a.match?.p50 ?? 0) >= 0.99)
        #expect(a.causes == ["audio:wrong-seat": 30] && a.worst?.matchPermille == 500)
        #expect(sampleRun(seed: 2).summary.audio == nil)
        #expect(!(try RunWriter.summaryJSON(sampleRun(seed: 2).summary)).contains("decoded_listeners"))
    }

    @Test func thresholdsAreJudgedOnTheRunAndItsWindows() throws {
        let run = Self.audioRun(seed: 1, seconds: 10, badSecond: 8)
        let whole = ThresholdEvaluator.evaluate([try Threshold(metric: "audio.match.p5", condition: "> 0.95"),
                                                 try Threshold(metric: "audio.concealed_ratio", condition: "< 0.1%"),
                                                 try Threshold(metric: "audio.match.min", condition: "> 0.9")], on: run.summary)
        #expect(whole.map(\.passed) == [true, false, false])
        var windowed = try Threshold(metric: "audio.silent_ratio", condition: "< 0.1%")
        windowed.windowSeconds = 2
        let w = WindowEvaluator.judge(windowed, on: SecondSeries(result: run))
        #expect(!w.passed && w.worstWindowStartSecond == 7 && w.actual == 5.0 / 1000)
        var match = try Threshold(metric: "audio.match.min", condition: "> 0.9")
        match.windowSeconds = 3
        let m = WindowEvaluator.judge(match, on: SecondSeries(result: run))
        #expect(!m.passed && m.actual == 0.5 && m.worstWindowStartSecond == 6)
        // Without decoded listeners there is no data: a failure, never a pass.
        let none = ThresholdEvaluator.evaluate([try Threshold(metric: "audio.match.p5", condition: "> 0.95")], on: sampleRun(seed: 1).summary)
        #expect(none[0].actual == nil && !none[0].passed)
    }

    @Test func shardsMergeTheMatchHistogramsExactly() throws {
        let a = Self.audioRun(seed: 1), b = Self.audioRun(seed: 2, badSecond: 2), plain = sampleRun(seed: 3)
        let merged = try #require(RunMerger.merge([a, b, plain]))
        var match = a.audioMatch
        match.add(b.audioMatch)
        #expect(merged.audioMatch.sparseCounts == match.sparseCounts)
        #expect(merged.summary.audio?.decodedListeners == 20)
        #expect(merged.summary.audio?.match == MatchPercentiles(match))
        #expect(merged.summary.audio?.worst == b.audioWorst)
        #expect(merged.summary.histograms?.audioMatch == match.sparseCounts)
    }

    @Test func aRunDirectoryKeepsThem() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swarmcast-audio-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = Self.audioRun(seed: 4, badSecond: 2)
        try RunWriter.write(run, to: dir)
        let back = try RunResult.read(directory: dir)
        #expect(back.summary == run.summary)
        #expect(back.audioMatch.sparseCounts == run.audioMatch.sparseCounts)
        #expect(back.audioWorst == run.audioWorst)
    }

    @Test func reportsShowThemOnlyWhenPresent() throws {
        let run = Self.audioRun(seed: 2, badSecond: 3), plain = sampleRun(seed: 2)
        let prom = PrometheusReport.text(run.summary)
        #expect(prom.contains("swarmcast_run_audio_match{scenario=\"test\",quantile=\"0.05\"}"))
        #expect(prom.contains("swarmcast_run_audio_causes{scenario=\"test\",cause=\"audio:wrong-seat\"} 30"))
        #expect(!PrometheusReport.text(plain.summary).contains("swarmcast_run_audio"))
        let html = HTMLReport.page(run, scenarioText: nil)
        #expect(html.contains("What decoded listeners heard") && html.contains("id=audio-worst") && html.contains("Signal match per listener-second"))
        #expect(!HTMLReport.page(plain, scenarioText: nil).contains("decoded listeners"))
    }

    @Test func compareJudgesAudioOnlyWhenARunDecoded() {
        let good = RunSample(Self.audioRun(seed: 1)), bad = RunSample(Self.audioRun(seed: 1, badSecond: 2))
        #expect(good.figures["audio_match_p5"] != nil)
        let withAudio = RunComparison(base: [good], new: [bad], maxRegression: 0.1)
        let concealed = withAudio.rows.first { $0.figure.id == "audio_concealed" }
        #expect(concealed?.base == 0 && (concealed?.new ?? 0) > 0)
        #expect(withAudio.table(baseName: "a", newName: "b").contains("audio match p5"))
        let plain = RunComparison(base: [RunSample(sampleRun(seed: 1))], new: [RunSample(sampleRun(seed: 2))], maxRegression: 0.1)
        #expect(!plain.rows.contains { $0.figure.id.hasPrefix("audio") })
    }
}
