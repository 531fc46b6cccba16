import SwarmcastMeasure
import SwarmcastReport
@testable import SwarmcastSwarm
import Testing

/// Saturated seconds and the progress line's generator part, from hand-made snapshots.
struct GeneratorTrackerTests {
    func snapshot(agent: Int, second: Int, _ g: GeneratorSample, droppedBehind: Int = 0) -> AgentSnapshot {
        var counters = SwarmCounters()
        if droppedBehind > 0 { counters.droppedArrivals["behind-schedule"] = droppedBehind }
        var s = AgentSnapshot(agent: agent, second: second, counters: counters, live: 10, target: 10, delay: SparseCounts(),
                              firstAudio: SparseCounts(), connect: SparseCounts(), welcome: SparseCounts(), residentBytes: 0,
                              cpuSeconds: 0, final: false, endReason: nil)
        s.generator = g
        return s
    }

    @Test func aSecondIsSaturatedWhenAnyAgentIs() {
        var a = SnapshotAggregator(agentCount: 2)
        a.add(snapshot(agent: 0, second: 1, GeneratorSample(cpuPermille: 300)))
        a.add(snapshot(agent: 1, second: 1, GeneratorSample(cpuPermille: 960)))            // ≥ 95% of a core
        a.add(snapshot(agent: 0, second: 2, GeneratorSample(loopLagMicros: 300_000)))      // ≥ 250 ms lag
        a.add(snapshot(agent: 1, second: 2, GeneratorSample(cpuPermille: 200)))
        a.add(snapshot(agent: 0, second: 3, GeneratorSample(cpuPermille: 100)))
        a.add(snapshot(agent: 1, second: 3, GeneratorSample(cpuPermille: 100), droppedBehind: 4)) // dropped behind schedule
        a.add(snapshot(agent: 0, second: 4, GeneratorSample(cpuPermille: 100)))
        a.add(snapshot(agent: 1, second: 4, GeneratorSample(cpuPermille: 100), droppedBehind: 4)) // no new drops
        let rows = a.timeline { _ in 2 }
        #expect(rows.map { $0.generatorSaturated ?? false } == [true, true, true, false])
        #expect(rows[0].generatorCPUPercent == 96 && rows[1].generatorLoopLagMillis == 300)
        var host = HostFigures()
        host.cores = 2
        let f = a.generator.figures(host: host)
        #expect(f.saturatedSeconds == 3 && f.cpuMax == 96 && f.loopLagMaxMs == 300)
        #expect(f.warnings.first == "for 3 s the swarm was the bottleneck: these figures describe the load generator, not the server")
    }

    @Test func theProgressLineShowsTheGeneratorOnlyWhenItMatters() {
        var row = TimelineRow(second: 5, listeners: 10, target: 10, arrivals: 0, framesReceived: 10, delay: nil, firstAudioP95Millis: nil,
                              framesLost: 0, framesLate: 0, stalls: 0, rejects: 0, disconnects: 0, droppedArrivals: 0, agentsAlive: 1)
        row.generatorCPUPercent = 40
        row.generatorLoopLagMillis = 3
        row.generatorSaturated = false
        #expect(!ProgressPrinter.line(row: row, counters: SwarmCounters(), target: 10).contains("gen "))
        row.generatorCPUPercent = 97
        row.generatorLoopLagMillis = 240
        row.generatorSaturated = true
        #expect(ProgressPrinter.line(row: row, counters: SwarmCounters(), target: 10).hasSuffix("  gen cpu 97% lag 240ms SATURATED"))
    }

    @Test func hostFiguresReadProc() {
        #expect(HostSampler.loadAverage() != nil)
        #expect((HostSampler.memoryAvailable() ?? 0) > 0)
        let stat = HostSampler.stat()
        #expect(stat != nil && stat!.total > 0)
    }
}
