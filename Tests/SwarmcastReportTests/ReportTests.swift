import SwarmcastSettings
import Foundation
import SwarmcastMeasure
import SwarmcastReport
import SwarmcastScenario
import Testing

/// A run with known samples, for report tests.
func sampleRun(seed: UInt64, seconds: Int = 5, scenario: String = "test") -> RunResult {
    var rng = seed
    func next() -> UInt64 { rng = rng &* 6364136223846793005 &+ 1442695040888963407; return rng >> 33 }
    var intervals: [IntervalHistogram] = []
    var total = LatencyHistogram.latency()
    var rows: [TimelineRow] = []
    for s in 1...seconds {
        var h = LatencyHistogram.latency()
        for _ in 0..<1000 { h.recordClamped(1000 + next() % 200_000) }
        total.add(h)
        intervals.append(IntervalHistogram(startOffsetSeconds: Double(s - 1), lengthSeconds: 1, histogram: h))
        rows.append(TimelineRow(second: s, listeners: 100, target: 100, arrivals: s == 1 ? 100 : 0, framesReceived: 1000,
                                delay: h.percentilesMillis(), firstAudioP95Millis: nil, framesLost: 0, framesLate: 0, stalls: 0,
                                rejects: 0, disconnects: 0, droppedArrivals: 0, agentsAlive: 1))
    }
    var counters = SwarmCounters()
    counters.connectsStarted = 100
    counters.welcomed = 100
    counters.framesReceived = 1000 * seconds
    counters.disconnects["server-closed"] = Int(seed % 3)
    let summary = RunSummary(scenario: scenario, server: "127.0.0.1:7400", startedAt: "2026-11-25T00:00:00Z", endedAt: "2026-11-25T00:00:05Z",
                             durationSeconds: Double(seconds), complete: true, listeners: ListenerFigures(target: 100, peak: 100, final: 100),
                             counters: counters, agents: AgentFigures(started: 1, lost: 0))
    var first = LatencyHistogram.latency()
    for i in 0..<100 { first.recordClamped(UInt64(10_000 + i * 100)) }
    var r = RunResult(summary: summary, timeline: rows, delayIntervals: intervals, delay: total, firstAudio: first,
                      connect: first, welcome: first, startEpochSeconds: 1_764_000_000)
    r.refreshPercentiles()
    return r
}

struct HdrLogTests {
    @Test func intervalLogRoundTrips() throws {
        let run = sampleRun(seed: 1)
        let text = HdrLogWriter.log(run)
        #expect(text.hasPrefix("#[Histogram log format version 1.3]"))
        let read = try HdrLogWriter.read(text)
        #expect(read.count == run.delayIntervals.count)
        for (a, b) in zip(read, run.delayIntervals) {
            #expect(a.startOffsetSeconds == b.startOffsetSeconds)
            #expect(a.histogram.totalCount == b.histogram.totalCount)
            #expect(a.histogram.sparseCounts == b.histogram.sparseCounts)
        }
    }

    @Test func encodingStartsWithTheV2CompressedCookie() {
        var h = LatencyHistogram.latency()
        h.recordClamped(42)
        let bytes = HdrLogCodec.encodeCompressed(h)
        #expect(Array(bytes.prefix(4)) == [0x1C, 0x84, 0x93, 0x04])
        #expect(Array(HdrLogCodec.encode(h).prefix(4)) == [0x1C, 0x84, 0x93, 0x03])
    }

    @Test func refusesGarbage() {
        #expect(throws: ReportError.self) { try HdrLogCodec.decodeCompressed([1, 2, 3, 4, 5, 6, 7, 8, 9]) }
    }
}

struct MergeTests {
    @Test func mergeOfTwoRunsEqualsOneRunOverTheSameSamples() {
        let a = sampleRun(seed: 1), b = sampleRun(seed: 2)
        let merged = RunMerger.merge([a, b])!
        var single = a.delay
        single.add(b.delay)
        #expect(merged.delay.sparseCounts == single.sparseCounts)
        #expect(merged.summary.delay == single.percentilesMillis())
        #expect(merged.summary.counters.connectsStarted == 200)
        #expect(merged.summary.listeners.peak == 200)
        #expect(merged.timeline.count == 5 && merged.timeline[0].listeners == 200)
        var second1 = a.delayIntervals[0].histogram
        second1.add(b.delayIntervals[0].histogram)
        #expect(merged.timeline[0].delayP99Millis == second1.percentilesMillis()?.p99)
        #expect(merged.summary.failuresByCause == ["disconnect:server-closed": 3])
    }

    @Test func runDirectoryRoundTrips() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swarmcast-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = sampleRun(seed: 3)
        try RunWriter.write(run, to: dir)
        for name in RunWriter.fileNames { #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path), "\(name)") }
        let back = try RunResult.read(directory: dir)
        #expect(back.summary == run.summary)
        #expect(back.timeline == run.timeline)
        #expect(back.delay.sparseCounts == run.delay.sparseCounts)
    }
}

struct ThresholdReportTests {
    @Test func failedThresholdShowsInJUnitAndPrometheus() throws {
        var run = sampleRun(seed: 1)
        let thresholds = [try Threshold(metric: "delay.p99", condition: "< 1ms"), try Threshold(metric: "listeners.peak", condition: ">= 100")]
        run.summary.thresholds = ThresholdEvaluator.evaluate(thresholds, on: run.summary)
        #expect(run.summary.thresholds.map(\.passed) == [false, true])
        let xml = JUnitReport.xml(run.summary)
        #expect(xml.contains("tests=\"3\" failures=\"1\""))
        #expect(xml.contains("<failure message=\"delay.p99 was"))
        let prom = PrometheusReport.text(run.summary)
        #expect(prom.contains("swarmcast_run_threshold_passed{scenario=\"test\",metric=\"delay.p99\",condition=\"&lt; 1ms\"} 0") == false)
        #expect(prom.contains("swarmcast_run_threshold_passed{scenario=\"test\",metric=\"delay.p99\",condition=\"< 1ms\"} 0"))
    }

    @Test func metricWithoutDataFails() throws {
        var run = sampleRun(seed: 1)
        run.summary.delay = nil
        let r = ThresholdEvaluator.evaluate([try Threshold(metric: "delay.p99", condition: "< 1s")], on: run.summary)
        #expect(r[0].actual == nil && !r[0].passed)
    }

    @Test func compareFlagsARegressionAcrossRunsAndNotTheSameRuns() {
        let base = sampleRun(seed: 1).summary
        var worse = base
        worse.delay?.p99 = (base.delay?.p99 ?? 0) * 1.5 + 10
        let baseRuns = Array(repeating: base, count: 6).map { RunSample(figures: ComparedFigure.values(of: $0)) }
        let worseRuns = Array(repeating: worse, count: 6).map { RunSample(figures: ComparedFigure.values(of: $0)) }
        #expect(RunComparison(base: baseRuns, new: worseRuns, maxRegression: 0.1).regressed)
        #expect(!RunComparison(base: baseRuns, new: baseRuns, maxRegression: 0.1).regressed)
    }

    @Test func benchmarkJSONHasNameUnitValue() throws {
        let json = try BenchmarkReport.json(sampleRun(seed: 1).summary)
        let decoded = try JSONDecoder().decode([BenchmarkReport.Entry].self, from: Data(json.utf8))
        #expect(decoded.contains { $0.name == "test delay p99" && $0.unit == "ms" })
    }
}
