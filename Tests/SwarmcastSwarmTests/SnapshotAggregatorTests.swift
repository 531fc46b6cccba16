import SwarmcastMeasure
import SwarmcastReport
@testable import SwarmcastSwarm
import Testing

struct SnapshotAggregatorTests {
    func snapshot(agent: Int, second: Int, connects: Int, live: Int, delays: [UInt64], final: Bool = false) -> AgentSnapshot {
        var counters = SwarmCounters()
        counters.connectsStarted = connects
        var h = LatencyHistogram.latency()
        for d in delays { h.recordClamped(d) }
        return AgentSnapshot(agent: agent, second: second, counters: counters, live: live, target: live, delay: SparseCounts(h),
                             firstAudio: SparseCounts(), connect: SparseCounts(), welcome: SparseCounts(), residentBytes: 0, cpuSeconds: 0, final: final,
                             endReason: final ? "finished" : nil)
    }

    @Test func sumsAgentsPerSecondAndAddsHistograms() {
        var a = SnapshotAggregator(agentCount: 2)
        a.add(snapshot(agent: 0, second: 1, connects: 10, live: 10, delays: [1000, 2000]))
        a.add(snapshot(agent: 1, second: 1, connects: 5, live: 5, delays: [3000]))
        a.add(snapshot(agent: 0, second: 2, connects: 20, live: 20, delays: [4000]))
        // Agent 1 skipped second 2: its last cumulative values carry over.
        let rows = a.timeline { _ in 2 }
        #expect(rows.count == 2)
        #expect(rows[0].listeners == 15 && rows[0].arrivals == 15)
        #expect(rows[1].listeners == 25 && rows[1].arrivals == 10)
        #expect(a.delay.totalCount == 4)
        #expect(a.counters.connectsStarted == 25)
    }

    @Test func aLostAgentKeepsWhatItSent() {
        var a = SnapshotAggregator(agentCount: 2)
        a.add(snapshot(agent: 0, second: 1, connects: 10, live: 10, delays: [1000]))
        a.add(snapshot(agent: 1, second: 1, connects: 10, live: 10, delays: [1000]))
        a.add(snapshot(agent: 0, second: 2, connects: 10, live: 10, delays: [], final: true))
        #expect(a.hasFinal(agent: 0) && !a.hasFinal(agent: 1))
        #expect(a.counters.connectsStarted == 20)
        #expect(a.finalListeners == 20)
    }
}

/// HLS listeners' staleness and fetch histograms: added for the run and per second, like delay.
struct SnapshotAggregatorHLSTests {
    func snapshot(agent: Int, second: Int, staleness: [UInt64], fetch: [UInt64]) -> AgentSnapshot {
        var s = AgentSnapshot(agent: agent, second: second, counters: SwarmCounters(), live: 1, target: 1, delay: SparseCounts(),
                              firstAudio: SparseCounts(), connect: SparseCounts(), welcome: SparseCounts(), residentBytes: 0,
                              cpuSeconds: 0, final: false, endReason: nil)
        var h = LatencyHistogram.latency(), f = LatencyHistogram.latency()
        for v in staleness { h.recordClamped(v) }
        for v in fetch { f.recordClamped(v) }
        s.playlistStaleness = SparseCounts(h)
        s.segmentFetch = SparseCounts(f)
        return s
    }

    @Test func addsThemForTheRunAndPerSecond() {
        var a = SnapshotAggregator(agentCount: 2)
        a.add(snapshot(agent: 0, second: 1, staleness: [500_000, 600_000], fetch: [2_000]))
        a.add(snapshot(agent: 1, second: 1, staleness: [700_000], fetch: [3_000, 4_000]))
        a.add(snapshot(agent: 0, second: 2, staleness: [2_000_000], fetch: []))
        #expect(a.playlistStaleness.totalCount == 4 && a.segmentFetch.totalCount == 3)
        #expect(a.playlistStalenessBySecond[1]?.totalCount == 3 && a.playlistStalenessBySecond[2]?.totalCount == 1)
        #expect(a.segmentFetchBySecond[1]?.totalCount == 3 && a.segmentFetchBySecond[2] == nil)
        #expect(a.playlistStaleness.percentilesMillis()?.max ?? 0 > 1990)
    }

    @Test func agentsWithoutHLSListenersLeaveThemEmpty() {
        var a = SnapshotAggregator(agentCount: 1)
        a.add(snapshot(agent: 0, second: 1, staleness: [], fetch: []))
        #expect(a.playlistStaleness.totalCount == 0 && a.playlistStalenessBySecond.isEmpty && a.segmentFetchBySecond.isEmpty)
    }
}
