import SwarmcastMeasure
import SwarmcastReport
import SwarmcastSettings
@testable import SwarmcastSwarm
import Testing

/// The swarm's `/metrics` writes exactly the families `SwarmMetricFamilies` declares, with the
/// declared HELP and TYPE lines.
@Suite struct SwarmMetricFamiliesTests {
    @Test func aSecondWithAFailureAndHLSSamplesWritesEveryDeclaredFamilyAndNoOther() {
        var counters = SwarmCounters()
        counters.connectsStarted = 3
        counters.rejects = ["full": 1]
        // A decoded listener that heard a frame of another seat.
        counters.audio.listeners = 1
        counters.audio.frames = 50
        counters.audio.mismatched = 1
        counters.audio.causes = ["audio:wrong-seat": 1]
        var h = LatencyHistogram.latency()
        h.recordClamped(20_000)
        let samples = SparseCounts(h)
        var snapshot = AgentSnapshot(agent: 0, second: 1, counters: counters, live: 2, target: 3, delay: samples, firstAudio: samples,
                                     connect: samples, welcome: samples, residentBytes: 0, cpuSeconds: 0, final: false, endReason: nil)
        snapshot.playlistStaleness = samples
        snapshot.segmentFetch = samples
        var match = LatencyHistogram.latency()
        match.recordClamped(990)
        snapshot.audioMatch = SparseCounts(match)
        var aggregator = SnapshotAggregator(agentCount: 1)
        aggregator.add(snapshot)
        let row = TimelineRow(second: 1, listeners: 2, target: 3, arrivals: 3, framesReceived: 1, delay: nil, firstAudioP95Millis: nil,
                              framesLost: 0, framesLate: 0, stalls: 0, rejects: 1, disconnects: 0, droppedArrivals: 0, agentsAlive: 1)
        let metrics = SwarmMetrics()
        metrics.update(aggregator, row: row, agentCount: 1, host: HostFigures())
        var written: [String: String] = [:]
        for line in metrics.text.split(separator: "\n") where line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") {
            written[String(line.dropFirst(7).split(separator: " ").first ?? ""), default: ""] += line + "\n"
        }
        #expect(Set(written.keys) == Set(SwarmMetricFamilies.all.map(\.name)))
        for family in SwarmMetricFamilies.all {
            #expect(Set((written[family.name] ?? "").split(separator: "\n")) == Set(family.header.split(separator: "\n")), "\(family.name) is written with other HELP/TYPE lines than declared")
        }
    }
}
