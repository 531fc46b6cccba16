import Foundation
import SwarmcastMeasure
import SwarmcastReport
import SwarmcastScenario
import Testing

/// `merge` of shards: all there once with one plan, or an incomplete result naming what is wrong.
struct ShardMergeTests {
    static let plan = "fnv1a64:00112233deadbeef"

    static func shard(_ index: Int, of count: Int, plan: String = plan, seed: UInt64? = nil, boundMs: Double = 0.2) -> RunResult {
        var run = sampleRun(seed: seed ?? UInt64(index + 1))
        let clock = ClockFigures(offsetMs: Double(index) * 0.1, boundMs: boundMs, source: "ping", samples: 10)
        run.summary.shard = ShardInfo(index: index, count: count, planHash: plan, host: "host-\(index)", startAt: "2026-11-26T12:00:00.000Z", clock: clock)
        run.summary.clock = clock
        return run
    }

    @Test func allShardsOnceMergeComplete() throws {
        let runs = (0..<3).map { Self.shard($0, of: 3) }
        let merged = try #require(RunMerger.merge(runs, names: ["a", "b", "c"]))
        #expect(merged.summary.complete, "\(merged.summary.incompleteReasons)")
        #expect(merged.summary.counters.connectsStarted == 300)
        #expect(merged.summary.shards?.map(\.index) == [0, 1, 2])
        #expect(merged.summary.shard == nil)
        #expect(merged.summary.clock?.boundMs == 0.2 && merged.summary.clock?.source == "ping")
        var all = runs[0].delay
        all.add(runs[1].delay)
        all.add(runs[2].delay)
        #expect(merged.delay.sparseCounts == all.sparseCounts, "histograms add exactly")
    }

    @Test func aMissingShardIsNamedNeverAQuietPartialResult() throws {
        let merged = try #require(RunMerger.merge([Self.shard(0, of: 3), Self.shard(2, of: 3)], names: ["a", "c"]))
        #expect(merged.summary.complete == false)
        #expect(merged.summary.incompleteReasons.contains("missing-shard:1 of 3"))
    }

    @Test func aDuplicateShardIsNamed() throws {
        let merged = try #require(RunMerger.merge([Self.shard(0, of: 2), Self.shard(1, of: 2), Self.shard(1, of: 2, seed: 9)], names: ["a", "b", "b2"]))
        #expect(merged.summary.complete == false)
        #expect(merged.summary.incompleteReasons.contains("duplicate-shard:1 (b, b2)"))
    }

    @Test func aMismatchedPlanHashIsNamed() throws {
        let other = "fnv1a64:ffffffffffffffff"
        let merged = try #require(RunMerger.merge([Self.shard(0, of: 3), Self.shard(1, of: 3, plan: other), Self.shard(2, of: 3)], names: ["a", "b", "c"]))
        #expect(merged.summary.complete == false)
        #expect(merged.summary.incompleteReasons.contains("plan-hash-mismatch:shard 1 (b) has \(other), expected \(Self.plan)"))
    }

    @Test func aRunThatIsNoShardIsNamedAmongShards() throws {
        let merged = try #require(RunMerger.merge([Self.shard(0, of: 2), sampleRun(seed: 5)], names: ["a", "plain"]))
        #expect(merged.summary.complete == false)
        #expect(merged.summary.incompleteReasons.contains { $0.hasPrefix("not-a-shard:plain") })
        #expect(merged.summary.incompleteReasons.contains("missing-shard:1 of 2"))
    }

    @Test func timelinesAlignOnTheirStartTimes() throws {
        var late = sampleRun(seed: 2)
        late.startEpochSeconds += 2
        let merged = try #require(RunMerger.merge([sampleRun(seed: 1), late]))
        #expect(merged.timeline.map(\.second) == Array(1...7))
        #expect(merged.timeline[0].listeners == 100 && merged.timeline[2].listeners == 200 && merged.timeline[6].listeners == 100)
    }

    @Test func aDelayThresholdWithinTheClockBoundIsInconclusive() throws {
        var run = Self.shard(0, of: 1, boundMs: 5)
        let p99 = try #require(run.summary.delay?.p99)
        run.summary.clock?.boundMs = 5
        let close = try Threshold(metric: "delay.p99", condition: "< \(p99 + 2)ms")
        let clear = try Threshold(metric: "delay.p99", condition: "< \(p99 + 50)ms")
        let results = ThresholdEvaluator.evaluate([close, clear], on: run.summary)
        #expect(results[0].verdict == "inconclusive" && !results[0].passed)
        #expect(results[1].verdict == "pass" && results[1].passed)
        run.summary.clock?.boundMs = 1
        #expect(ThresholdEvaluator.evaluate([close], on: run.summary)[0].verdict == "pass")
    }
}
