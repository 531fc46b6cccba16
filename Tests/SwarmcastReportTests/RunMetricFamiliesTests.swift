import SwarmcastMeasure
import SwarmcastReport
import SwarmcastScenario
import SwarmcastSettings
import Testing

/// A run's `metrics.prom` writes exactly the families `RunMetricFamilies` declares (which the
/// reference page lists), each with its declared HELP and TYPE lines.
@Suite struct RunMetricFamiliesTests {
    @Test func aRunWithEveryFigureWritesEveryDeclaredFamilyAndNoOther() throws {
        var run = HLSFiguresTests.hlsRun(seed: 3)
        // Decoded listeners, one of whose frames had a cause.
        let audio = AudioFiguresTests.audioRun(seed: 3, badSecond: 2)
        run.summary.audio = audio.summary.audio
        run.summary.thresholds = ThresholdEvaluator.evaluate([try Threshold(metric: "delay.p99", condition: "< 1s")], on: run.summary)
        run.summary.generator = GeneratorFigures()
        run.summary.failuresByCause = ["reject:full": 1]
        var tiers = DelayTiers()
        tiers.record(ingest: 2_000, origin: 100, edges: [150], lastMile: 200, hopClockBoundMicros: 0)
        run.summary.delayByTier = DelayByTier(tiers, listenerClockBoundMs: 0.02)
        var written: [String: Set<Substring>] = [:]
        for line in PrometheusReport.text(run.summary).split(separator: "\n") where line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") {
            written[String(line.dropFirst(7).split(separator: " ").first ?? ""), default: []].insert(line)
        }
        #expect(Set(written.keys) == Set(RunMetricFamilies.all.map(\.name)))
        for family in RunMetricFamilies.all {
            #expect(written[family.name] == Set(family.header.split(separator: "\n")), "\(family.name) is written with other HELP/TYPE lines than declared")
        }
    }
}
