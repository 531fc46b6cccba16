import SwarmcastScenario
import Testing

/// `playlist.staleness.*` and `segment_fetch.*`: latency families like delay (same statistics,
/// same units), with a dot in the family's own name.
struct HLSThresholdParsingTests {
    @Test(arguments: ["playlist.staleness", "segment_fetch"])
    func everyStatisticParsesAsALatency(family: String) throws {
        for statistic in Threshold.latencyStatistics {
            let metric = "\(family).\(statistic)"
            #expect(Threshold.kind(of: metric) == .latency, "\(metric)")
            #expect(Threshold.knownMetrics.contains(metric))
            let parts = try #require(Threshold.latencyParts(metric))
            #expect(parts.family == family && parts.statistic == statistic)
        }
        #expect(try Threshold(metric: "\(family).p99", condition: "< 3s").bound == 3000)
        #expect(try Threshold(metric: "\(family).p50", condition: "<= 250ms").bound == 250)
        #expect(try Threshold(metric: "\(family).max", condition: "< 1500").bound == 1500)
        #expect(try Threshold(metric: "\(family).p99.9", condition: "< 800us").bound == 0.8)
    }

    @Test func nearMissesAreUnknown() {
        for metric in ["playlist.staleness", "playlist.p99", "staleness.p99", "playlist.staleness.p42", "segment_fetch.p99.5",
                       "segment.fetch.p99", "playlist.staleness.rate"] {
            #expect(Threshold.kind(of: metric) == nil, "\(metric)")
            #expect(throws: ThresholdError.unknownMetric(metric)) { try Threshold(metric: metric, condition: "< 1s") }
        }
        #expect(ThresholdError.unknownMetric("x").description.contains("playlist.staleness.p99"))
        #expect(ThresholdError.unknownMetric("x").description.contains("segment_fetch.p99"))
    }

    @Test func theOtherFamiliesStillSplitAsBefore() {
        #expect(Threshold.latencyParts("delay.p99.9").map { [$0.family, $0.statistic] } == ["delay", "p99.9"])
        #expect(Threshold.latencyParts("first_audio.mean").map { [$0.family, $0.statistic] } == ["first_audio", "mean"])
        #expect(Threshold.latencyParts("rebuffer.ratio") == nil)
    }

    /// Per-second histograms are kept for both, so both take a window.
    @Test func bothTakeAWindow() throws {
        #expect(Threshold.hasPerSecondSeries("playlist.staleness.p99") && Threshold.hasPerSecondSeries("segment_fetch.p95"))
        #expect(!Threshold.hasPerSecondSeries("rebuffer.ratio"))
        let s = try ScenarioLoader.parse("""
        name: x
        listeners:
          stages:
            - hold: 1s
        thresholds:
          playlist.staleness.p99: "< 3s"
          segment_fetch.p99: {condition: "< 2s", window: 10s, ignore_first: 5s}

        """, file: "h.yaml")
        let byMetric = Dictionary(uniqueKeysWithValues: s.thresholds.map { ($0.metric, $0) })
        #expect(byMetric["playlist.staleness.p99"]?.bound == 3000 && byMetric["playlist.staleness.p99"]?.windowSeconds == nil)
        #expect(byMetric["segment_fetch.p99"]?.bound == 2000 && byMetric["segment_fetch.p99"]?.windowSeconds == 10)
    }

    @Test func aWindowOnAWholeRunMetricNamesTheWindowableFamilies() {
        do {
            _ = try ScenarioLoader.parse("name: x\nlisteners:\n  stages:\n    - hold: 1s\nthresholds:\n  rebuffer.ratio: {condition: \"< 1%\", window: 10s}\n", file: "h.yaml")
            Issue.record("no error")
        } catch {
            #expect(error.description.contains("rebuffer.ratio has no per-second series"), "\(error.description)")
            #expect(error.description.contains("playlist.staleness.*") && error.description.contains("segment_fetch.*"), "\(error.description)")
        }
    }
}
