import Foundation
import SwarmcastMeasure
import SwarmcastReport
import Testing

/// `delay_by_tier` in every place a run's figures go: summary.json (and back), the result line,
/// HTML, Prometheus, and `merge`, which adds the tiers' histograms and sums exactly.
struct DelayByTierReportTests {
    static func tiers(scale: Int64) -> DelayTiers {
        var t = DelayTiers()
        for i in 1...100 {
            t.record(ingest: 2_000 * scale, origin: Int64(i) * 100, edges: [150, 300 * scale], lastMile: 200, hopClockBoundMicros: UInt64(scale) * 10)
        }
        return t
    }

    static func run(scale: Int64) -> RunResult {
        var run = ShardMergeTests.shard(Int(scale) - 1, of: 2)
        run.delayTiers = tiers(scale: scale)
        run.refreshPercentiles()
        return run
    }

    @Test func summaryShowsEachTierAndThatTheirMeansAddUp() throws {
        let d = try #require(Self.run(scale: 1).summary.delayByTier)
        #expect(d.frames == 100)
        #expect(d.tiers.map(\.name) == ["ingest", "origin", "edge1", "edge2", "last_mile"])
        #expect(d.tiers[0].p50Ms == 2.0 && d.tiers[2].p99Ms == 0.15)
        #expect(d.tiers[1].meanMs == 5.05, "exact: (100 + … + 10,000) µs / 100")
        #expect(d.sumOfTierMeansMs == d.endToEnd.meanMs && d.endToEnd.meanMs == 7.7)
        #expect(d.clockBoundMs == 0.21, "listeners' 0.2 ms plus the hops' 10 µs")
        #expect(d.clock.contains("PING/PONG"))
        let json = try RunWriter.summaryJSON(Self.run(scale: 1).summary)
        #expect(json.contains("\"delay_by_tier\"") && json.contains("\"sum_of_tier_means_ms\""))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let back = try decoder.decode(RunSummary.self, from: Data(json.utf8))
        #expect(back.delayByTier == d)
        #expect(d.resultLine.hasPrefix("tiers       p50/p99 ms  ingest 2.0/2.0  origin 5.0/9.9"))
    }

    @Test func writersShowTheTiers() {
        let run = Self.run(scale: 1)
        let html = HTMLReport.page(run, scenarioText: nil)
        #expect(html.contains("<h2 id=delay-by-tier>Delay by tier</h2>") && html.contains("<td>last_mile</td>"))
        let prom = PrometheusReport.text(run.summary)
        #expect(prom.contains("swarmcast_run_delay_tier_seconds{scenario=\"test\",path=\"native\",tier=\"edge2\",quantile=\"0.99\"} 0.0003"))
        #expect(prom.contains("swarmcast_run_delay_tier_mean_seconds{scenario=\"test\",path=\"native\",tier=\"end_to_end\"} 0.0077"))
    }

    @Test func hlsPlayersTiersHaveTheirOwnLineAndSurviveMerge() throws {
        var run = ShardMergeTests.shard(0, of: 2)
        var t = DelayTiers(layout: .hls)
        for i in 0..<10 { t.record(packaging: 500_000, discovery: Int64(i) * 1_000, fetch: 2_000) }
        run.hlsDelayTiers = t
        run.refreshPercentiles()
        let d = try #require(run.summary.hlsDelayByTier)
        #expect(d.path == "hls" && d.tiers.map(\.name) == ["packaging", "discovery", "fetch"])
        #expect(d.clockBoundMs == nil, "HLS players have no PING/PONG estimate")
        #expect(d.resultLine.hasPrefix("tiers (hls) p50/p99 ms  packaging 500.0/500.0  discovery 4.0/9.0  fetch 2.0/2.0"))
        #expect(d.resultLine.hasSuffix("clock uncorrected; 10 parts and segments)"))
        var other = ShardMergeTests.shard(1, of: 2)
        other.hlsDelayTiers = t
        other.refreshPercentiles()
        let merged = try #require(RunMerger.merge([run, other], names: ["a", "b"]))
        #expect(merged.summary.hlsDelayByTier?.frames == 20 && merged.summary.delayByTier == nil)
        #expect(HTMLReport.page(merged, scenarioText: nil).contains("Delay by tier (HLS)"))
    }

    @Test func mergeAddsTiersExactlyAndARunReadBackKeepsThem() throws {
        let merged = try #require(RunMerger.merge([Self.run(scale: 1), Self.run(scale: 2)], names: ["a", "b"]))
        let d = try #require(merged.summary.delayByTier)
        #expect(d.frames == 200)
        #expect(d.tiers[0].meanMs == 3.0 && d.tiers[3].meanMs == 0.45)
        #expect(d.sumOfTierMeansMs == d.endToEnd.meanMs)
        #expect(d.clockBoundMs == 0.22)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tiers-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try RunWriter.write(merged, to: dir)
        let read = try RunResult.read(directory: dir)
        #expect(read.delayTiers.frames == 200)
        var again = read
        again.refreshPercentiles()
        // Sums exactly; percentiles within the histogram's 3 digits (a read-back bucket is recorded
        // at its representative value).
        let readBack = try #require(again.summary.delayByTier)
        #expect(readBack.tiers.map(\.sumUs) == d.tiers.map(\.sumUs) && readBack.endToEnd.meanMs == d.endToEnd.meanMs)
        #expect(zip(readBack.tiers, d.tiers).allSatisfy { abs($0.p99Ms - $1.p99Ms) <= $1.p99Ms / 1000 })
    }
}
