import Foundation
@testable import SwarmcastReport
import SwarmcastMeasure
import SwarmcastScenario
import Testing

/// The verdict logic on synthetic runs whose true distributions are known.
struct RunComparisonTests {
    /// Normal deviates from a seeded generator (Box–Muller), so every run of the test is the same.
    struct Normal {
        var generator: SeededRandom
        init(seed: UInt64) { generator = SeededRandom(seed: seed) }
        mutating func next(mean: Double, sd: Double) -> Double {
            let u1 = max(Double.random(in: 0..<1, using: &generator), 1e-12)
            let u2 = Double.random(in: 0..<1, using: &generator)
            return mean + sd * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        }
    }

    /// Six runs whose delay p50 is drawn around `mean` with 5% run-to-run noise (a figure known
    /// once per run is judged only with runs enough for the confidence: six a side).
    func runs(mean: Double, _ normal: inout Normal) -> [RunSample] {
        (0..<6).map { _ in RunSample(figures: ["delay_p50": normal.next(mean: mean, sd: mean * 0.05)]) }
    }

    func verdict(_ c: RunComparison, _ id: String) -> RunComparison.Verdict {
        c.rows.first { $0.figure.id == id }!.verdict
    }

    @Test func aTrueTwentyPercentShiftAcrossRunsIsFound() {
        var normal = Normal(seed: 1)
        var found = 0
        for trial in 0..<50 {
            let c = RunComparison(base: runs(mean: 50, &normal), new: runs(mean: 60, &normal), maxRegression: 0.1,
                                  bootstrap: Bootstrap(resamples: 500, seed: UInt64(trial)))
            if verdict(c, "delay_p50") == .regression { found += 1 }
        }
        // With 5% noise and 6 runs a side, a 20% shift stands out in nearly every trial.
        #expect(found >= 45, "found \(found) of 50")
    }

    @Test func aNullShiftAcrossRunsIsNotCalledARegressionAboveTheStatedRate() {
        var normal = Normal(seed: 2)
        var falseAlarms = 0
        let trials = 200
        for trial in 0..<trials {
            let c = RunComparison(base: runs(mean: 50, &normal), new: runs(mean: 50, &normal), maxRegression: 0.1,
                                  bootstrap: Bootstrap(resamples: 500, seed: UInt64(trial)))
            if verdict(c, "delay_p50") == .regression { falseAlarms += 1 }
        }
        // At 95% confidence at most 5% of null comparisons may be flagged.
        #expect(Double(falseAlarms) / Double(trials) <= 0.05, "\(falseAlarms) false alarms in \(trials)")
    }

    /// One run of `seconds` seconds whose per-second delays are normal around `meanMillis`.
    func singleRun(meanMillis: Double, seconds: Int, _ normal: inout Normal) -> RunSample {
        let perSecond: [[(micros: UInt64, count: UInt64)]] = (0..<seconds).map { _ in
            var counts: [UInt64: UInt64] = [:]
            for _ in 0..<200 {
                let micros = UInt64(max(1, normal.next(mean: meanMillis, sd: meanMillis * 0.2) * 1000) / 100) * 100
                counts[micros, default: 0] += 1
            }
            return counts.map { (micros: $0.key, count: $0.value) }
        }
        return RunSample(figures: [:], delaySeconds: perSecond, lostPerSecond: Array(repeating: 0, count: seconds))
    }

    @Test func withinOneRunTheBlockBootstrapFindsAShiftAndIgnoresNoise() {
        var normal = Normal(seed: 3)
        let base = singleRun(meanMillis: 20, seconds: 30, &normal)
        let same = singleRun(meanMillis: 20, seconds: 30, &normal)
        let shifted = singleRun(meanMillis: 24, seconds: 30, &normal)
        let null = RunComparison(base: [base], new: [same], maxRegression: 0.1, bootstrap: Bootstrap(resamples: 400))
        let shift = RunComparison(base: [base], new: [shifted], maxRegression: 0.1, bootstrap: Bootstrap(resamples: 400))
        #expect(verdict(null, "delay_p50") == .withinNoise)
        #expect(verdict(null, "delay_p99") != .regression)
        #expect(verdict(shift, "delay_p50") == .regression)
        let row = shift.rows.first { $0.figure.id == "delay_p50" }!
        #expect(row.differenceInterval!.low > 0)
        #expect(row.baseInterval!.low <= row.base! && row.base! <= row.baseInterval!.high)
    }

    @Test func anImprovementIsNotARegression() {
        var normal = Normal(seed: 4)
        let c = RunComparison(base: runs(mean: 60, &normal), new: runs(mean: 40, &normal), maxRegression: 0.1, bootstrap: Bootstrap(resamples: 500))
        #expect(verdict(c, "delay_p50") == .improvement)
        #expect(!c.regressed)
    }

    @Test func aFigureWithoutAnIntervalIsShownButNotJudged() {
        let c = RunComparison(base: [RunSample(figures: ["first_audio_p95": 50])], new: [RunSample(figures: ["first_audio_p95": 80])],
                              maxRegression: 0.1)
        #expect(verdict(c, "first_audio_p95") == .unjudged)
        #expect(!c.regressed)
        #expect(c.table(baseName: "a", newName: "b").contains("not judged"))
    }

    @Test func aFigureTheNewRunLostIsARegression() {
        let c = RunComparison(base: [RunSample(figures: ["delay_p50": 20])], new: [RunSample(figures: [:])], maxRegression: 0.1)
        #expect(verdict(c, "delay_p50") == .regression)
    }

    @Test func aggregateJudgesThresholdsPerRunAndOnTheMedian() throws {
        func summary(_ p99: Double) -> RunSummary {
            var s = RunSummary(scenario: "x", server: "s", startedAt: "", endedAt: "", durationSeconds: 1, complete: true,
                               listeners: ListenerFigures(target: 1, peak: 1, final: 1), counters: SwarmCounters(), agents: AgentFigures(started: 1, lost: 0, lostIndices: []))
            s.delay = PercentilesMillis(count: 1, p50: 1, p90: 1, p95: 1, p99: p99, p999: 1, max: 1, mean: 1)
            return s
        }
        let threshold = try Threshold(metric: "delay.p99", condition: "< 250ms")
        let agg = RunAggregate(scenario: "x", summaries: [summary(100), summary(300), summary(200)], directories: ["a", "b", "c"], thresholds: [threshold])
        #expect(agg.figures["delay_p99"]?.median == 200)
        #expect(agg.figures["delay_p99"]?.spread == 200)
        #expect(agg.thresholds[0].runsPassed == 2)
        #expect(agg.thresholds[0].aggregate.passed)
        #expect(agg.text.contains("held in 2 of 3 runs"))
    }

    @Test func aggregateCarriesAudioAndEachDelayTierWhenEveryRunHasThem() throws {
        func run(_ seed: UInt64, ingestMicros: Int64, decoded: Bool = true) -> RunSummary {
            var s = decoded ? AudioFiguresTests.audioRun(seed: seed, badSecond: 2).summary : sampleRun(seed: seed).summary
            var tiers = DelayTiers()
            tiers.record(ingest: ingestMicros, origin: 100, edges: [150], lastMile: 200, hopClockBoundMicros: 0)
            s.delayByTier = DelayByTier(tiers, listenerClockBoundMs: 0.02)
            return s
        }
        let agg = RunAggregate(scenario: "x", summaries: [run(1, ingestMicros: 2_000), run(2, ingestMicros: 6_000), run(3, ingestMicros: 4_000)],
                               directories: ["a", "b", "c"], thresholds: [])
        let ingest = try #require(agg.figures["delay_tier_ingest_mean"])
        #expect(ingest.values == [2, 6, 4] && ingest.median == 4 && ingest.unit == "ms" && ingest.label == "delay ingest mean")
        #expect(agg.figures["delay_tier_last_mile_p99"] != nil && agg.figures["audio_concealed"] != nil)
        // Report order: compare's figures first, then audio, then the tiers in path order.
        #expect(agg.figureOrder.firstIndex(of: "delay_p50")! < agg.figureOrder.firstIndex(of: "audio_match_p5")!)
        #expect(agg.figureOrder.firstIndex(of: "audio_silent")! < agg.figureOrder.firstIndex(of: "delay_tier_ingest_mean")!)
        #expect(agg.text.contains("delay ingest mean (ms)") && agg.text.contains("audio concealed (%)"))
        #expect(try agg.benchmarkJSON().contains("x delay last_mile p99"))
        #expect(RunAggregateWriter.html(agg).contains("delay origin mean"))
        // A figure one run lacks has no median over all of them: it is left out.
        let mixed = RunAggregate(scenario: "x", summaries: [run(1, ingestMicros: 2_000), run(2, ingestMicros: 2_000, decoded: false)],
                                 directories: ["a", "b"], thresholds: [])
        #expect(mixed.figures["audio_concealed"] == nil && mixed.figures["delay_tier_ingest_mean"] != nil)
        #expect(!mixed.figureOrder.contains("audio_concealed"))
    }

    @Test func severalRunsWithPerSecondDataArePooledAndResampledInTwoStages() {
        var normal = Normal(seed: 5)
        // Run-to-run wobble of ±15% on the mean, as on a shared box: three runs a side.
        func side(_ mean: Double) -> [RunSample] {
            (0..<3).map { _ in singleRun(meanMillis: normal.next(mean: mean, sd: mean * 0.15), seconds: 12, &normal) }
        }
        let base = side(10), same = side(10), shifted = side(30)
        let null = RunComparison(base: base, new: same, maxRegression: 0.1, bootstrap: Bootstrap(resamples: 300))
        let shift = RunComparison(base: base, new: shifted, maxRegression: 0.1, bootstrap: Bootstrap(resamples: 300))
        #expect(verdict(null, "delay_p50") != .regression)
        #expect(verdict(shift, "delay_p50") == .regression)
        #expect(shift.rows.first { $0.figure.id == "delay_p50" }!.baseInterval != nil)
    }

    @Test func costsSurviveTheTripThroughSummaryJSON() throws {
        var s = RunSummary(scenario: "x", server: "s", startedAt: "", endedAt: "", durationSeconds: 1, complete: true,
                           listeners: ListenerFigures(target: 1, peak: 1, final: 1), counters: SwarmCounters(), agents: AgentFigures(started: 1, lost: 0))
        var costs = CostFigures()
        costs.serverCPUSecondsPerMillionDeliveries = 11.5
        costs.swarmCPUSeconds = 3
        costs.kernelTCPBytes = 4096
        s.costs = costs
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("summary-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try RunWriter.summaryJSON(s).write(to: file, atomically: true, encoding: .utf8)
        #expect(try String(contentsOf: file, encoding: .utf8).contains("\"server_cpu_seconds_per_million_deliveries\" : 11.5"))
        let back = try RunWriter.readSummary(file)
        #expect(back.costs == costs)
    }

    @Test func threeRunsASideAreTooFewToJudgeAFigureKnownOncePerRun() {
        // Complete separation of 3 runs from 3 happens by chance once in 20: not judged at 99.5%.
        #expect(RunComparison.smallestOneSidedChance(3, 3) == 1.0 / 20)
        let base = [40.0, 41, 42].map { RunSample(figures: ["server_cpu_per_million": $0]) }
        let new = [50.0, 51, 52].map { RunSample(figures: ["server_cpu_per_million": $0]) }
        let c = RunComparison(base: base, new: new, maxRegression: 0.1, bootstrap: Bootstrap(resamples: 300))
        #expect(verdict(c, "server_cpu_per_million") == .unjudged)
    }
}
