import SwarmcastMeasure
import SwarmcastReport
import SwarmcastScenario
import Testing

/// Windowed thresholds judged on a synthetic 30-second timeline with known bad seconds.
struct WindowEvaluatorTests {
    /// 30 seconds of 100 listeners and 100 frames a second at 10 ms delay, except: second 3 and
    /// second 18 at 400 ms, 5 frames lost in each of seconds 18-20, second 25 saturated.
    static func series() -> SecondSeries {
        var rows: [TimelineRow] = []
        var delay: [Int: LatencyHistogram] = [:]
        for second in 1...30 {
            var row = TimelineRow(second: second, listeners: second < 5 ? second * 25 : 100, target: 100, arrivals: second < 5 ? 25 : 0,
                                  framesReceived: 100, delay: nil, firstAudioP95Millis: nil, framesLost: (18...20).contains(second) ? 5 : 0,
                                  framesLate: 0, stalls: 0, rejects: 0, disconnects: 0, droppedArrivals: 0, agentsAlive: 1)
            row.generatorSaturated = second == 25
            rows.append(row)
            var h = LatencyHistogram.latency()
            for _ in 0..<100 { h.recordClamped(second == 3 || second == 18 ? 400_000 : 10_000) }
            delay[second] = h
        }
        return SecondSeries(rows: rows, delay: delay, firstAudio: [:])
    }

    func threshold(_ metric: String, _ condition: String, window: Int, ignore: Int = 0) throws -> Threshold {
        var t = try Threshold(metric: metric, condition: condition)
        t.windowSeconds = window
        t.ignoreFirstSeconds = ignore
        return t
    }

    @Test func theWorstWindowIsReportedWithItsStart() throws {
        let r = WindowEvaluator.judge(try threshold("delay.p99", "< 250ms", window: 10, ignore: 5), on: Self.series())
        #expect(!r.passed)
        // Windows 6-15 … 21-30; the first to hold second 18 is 9-18 (ties keep the earliest).
        #expect(r.worstWindowStartSecond == 9 && r.windowSeconds == 10)
        #expect(abs((r.actual ?? 0) - 400) < 2)
    }

    @Test func ignoreFirstSkipsTheWarmUp() throws {
        // Second 3 is bad, second 18 is bad too: with windows of 5 s after 5 s, only 18 is seen.
        let r = WindowEvaluator.judge(try threshold("delay.p99", "< 250ms", window: 5, ignore: 5), on: Self.series())
        #expect(r.worstWindowStartSecond == 14)
        let early = WindowEvaluator.judge(try threshold("delay.p99", "< 250ms", window: 3), on: Self.series())
        #expect(early.worstWindowStartSecond == 1)
    }

    @Test func countsAreSummedPerWindowAndListenersTakeTheWorstPeak() throws {
        let lost = WindowEvaluator.judge(try threshold("frames.lost", "< 10", window: 5), on: Self.series())
        #expect(lost.actual == 15 && !lost.passed && lost.worstWindowStartSecond == 16)
        let fine = WindowEvaluator.judge(try threshold("frames.lost", "< 20", window: 5), on: Self.series())
        #expect(fine.passed)
        // listeners.peak >= 100: the worst window is the one with the smallest peak (the ramp).
        let peak = WindowEvaluator.judge(try threshold("listeners.peak", ">= 100", window: 2), on: Self.series())
        #expect(peak.actual == 50 && peak.worstWindowStartSecond == 1 && !peak.passed)
        let saturated = WindowEvaluator.judge(try threshold("generator.saturated_seconds", "== 0", window: 10), on: Self.series())
        #expect(saturated.actual == 1 && !saturated.passed && saturated.worstWindowStartSecond == 16)
        let rate = WindowEvaluator.judge(try threshold("frames.lost_rate", "< 1%", window: 1), on: Self.series())
        #expect(abs((rate.actual ?? 0) - 5.0 / 105) < 1e-9)
    }

    @Test func aRunShorterThanAWindowIsJudgedOnWhatItHas() throws {
        let short = SecondSeries(rows: Array(Self.series().rows.values.filter { $0.second <= 4 }), delay: Self.series().delay, firstAudio: [:])
        let r = WindowEvaluator.judge(try threshold("delay.p99", "< 250ms", window: 10), on: short)
        #expect(r.worstWindowStartSecond == 1 && !r.passed)
    }

    @Test func abortWaitsForWholeWindowsAndTheEvaluationDelay() throws {
        var t = try threshold("delay.p99", "< 250ms", window: 5, ignore: 5)
        t.abortOnFail = true
        let series = Self.series()
        // Windows ending 10…17 do not hold second 18.
        #expect(WindowEvaluator.abortingThreshold([t], on: series, ends: 1...17) == nil)
        #expect(WindowEvaluator.abortingThreshold([t], on: series, ends: 18...18)?.metric == "delay.p99")
        t.delayAbortEvalSeconds = 23
        #expect(WindowEvaluator.abortingThreshold([t], on: series, ends: 18...22) == nil)
        // A plain threshold never aborts, even with the flag set by hand.
        var plain = try Threshold(metric: "delay.p99", condition: "< 250ms")
        plain.abortOnFail = true
        #expect(WindowEvaluator.abortingThreshold([plain], on: series, ends: 1...30) == nil)
    }

    @Test func theEvaluatorUsesTheSeriesForWindowsAndTheSummaryOtherwise() throws {
        var summary = RunSummary(scenario: "s", server: "x", startedAt: "", endedAt: "", durationSeconds: 30, complete: true,
                                 listeners: ListenerFigures(target: 100, peak: 100, final: 100), counters: SwarmCounters(),
                                 agents: AgentFigures(started: 1, lost: 0))
        var g = GeneratorFigures()
        g.saturatedSeconds = 1
        summary.generator = g
        let results = ThresholdEvaluator.evaluate([try threshold("frames.lost", "< 10", window: 5),
                                                   try Threshold(metric: "generator.saturated_seconds", condition: "== 0")],
                                                  on: summary, series: Self.series())
        #expect(results[0].windowSeconds == 5 && results[0].actual == 15 && !results[0].passed)
        #expect(results[1].windowSeconds == nil && results[1].actual == 1 && !results[1].passed)
    }
}
