import SwarmcastMeasure
import SwarmcastReport
import Testing

/// The report's red banner, the worst window's marks, and timeline.csv's generator columns.
struct GeneratorReportTests {
    static func result(saturated: Int) -> RunResult {
        var summary = RunSummary(scenario: "s", server: "x", startedAt: "", endedAt: "", durationSeconds: 30, complete: true,
                                 listeners: ListenerFigures(target: 10, peak: 10, final: 10), counters: SwarmCounters(),
                                 agents: AgentFigures(started: 1, lost: 0))
        var g = GeneratorFigures()
        g.saturatedSeconds = saturated
        g.cpuMax = 97
        g.warnings = GeneratorFigures.warnings(for: g, cores: 2)
        summary.generator = g
        var t = ThresholdResult(metric: "delay.p99", condition: "< 250ms", actual: 400, passed: false)
        t.windowSeconds = 10
        t.worstWindowStartSecond = 9
        summary.thresholds = [t]
        let rows = (1...30).map {
            TimelineRow(second: $0, listeners: 10, target: 10, arrivals: 0, framesReceived: 10, delay: nil, firstAudioP95Millis: nil,
                        framesLost: 0, framesLate: 0, stalls: 0, rejects: 0, disconnects: 0, droppedArrivals: 0, agentsAlive: 1)
        }
        return RunResult(summary: summary, timeline: rows, delayIntervals: [], delay: .latency(), firstAudio: .latency(),
                         connect: .latency(), welcome: .latency(), startEpochSeconds: 0)
    }

    @Test func aSaturatedRunOpensWithTheRedBanner() {
        let page = HTMLReport.page(Self.result(saturated: 4), scenarioText: nil)
        let banner = try? #require(page.range(of: "id=generator-saturated"))
        let title = page.range(of: "<h1>")
        #expect(banner != nil && title != nil && banner!.lowerBound < title!.lowerBound)
        #expect(page.contains("for 4 s the swarm was the bottleneck: these figures describe the load generator, not the server"))
        #expect(!HTMLReport.page(Self.result(saturated: 0), scenarioText: nil).contains("id=generator-saturated"))
    }

    @Test func theWorstWindowIsNamedAndShaded() {
        let page = HTMLReport.page(Self.result(saturated: 0), scenarioText: nil)
        #expect(page.contains("per 10 s window (worst: seconds 9–18)"))
        #expect(page.contains("worst delay.p99 window"))
    }

    @Test func timelineKeepsGeneratorColumnsAndReadsOldLines() throws {
        var row = Self.result(saturated: 0).timeline[0]
        row.generatorCPUPercent = 97.5
        row.generatorLoopLagMillis = 240
        row.generatorBehindMillis = 0
        row.generatorSaturated = true
        row.generatorRunQueueWaitPercent = 60
        #expect(TimelineRow(csvLine: row.csvLine) == row)
        #expect(TimelineRow.csvHeader.split(separator: ",").count == row.csvLine.split(separator: ",", omittingEmptySubsequences: false).count)
        // A line written before the generator columns still reads, with no generator figures.
        let old = try #require(TimelineRow(csvLine: "1,10,10,0,10,,,,,,0,0,0,0,0,0,1"))
        #expect(old.generatorSaturated == nil && old.listeners == 10)
    }
}

/// Shards' generator health merged: a second is saturated when any shard's was, counted once.
struct GeneratorMergeTests {
    @Test func mergedSecondsAreSaturatedWhenAnyShardWas() throws {
        func shard(saturatedAt: Set<Int>, cpu: Double) -> RunResult {
            var r = GeneratorReportTests.result(saturated: saturatedAt.count)
            r.summary.generator?.cpuMax = cpu
            r.summary.thresholds = []
            for i in r.timeline.indices {
                r.timeline[i].generatorSaturated = saturatedAt.contains(r.timeline[i].second)
                r.timeline[i].generatorCPUPercent = saturatedAt.contains(r.timeline[i].second) ? cpu : 10
            }
            return r
        }
        let merged = try #require(RunMerger.merge([shard(saturatedAt: [3, 4], cpu: 97), shard(saturatedAt: [4, 5, 6], cpu: 60)]))
        let g = try #require(merged.summary.generator)
        #expect(g.saturatedSeconds == 4 && g.cpuMax == 97)
        #expect(merged.timeline.first { $0.second == 4 }?.generatorCPUPercent == 97)
        #expect(ThresholdEvaluator.actual("generator.saturated_seconds", in: merged.summary) == 4)
    }
}
