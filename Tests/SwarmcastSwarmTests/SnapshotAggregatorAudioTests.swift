import SwarmcastMeasure
import SwarmcastReport
@testable import SwarmcastSwarm
import Testing

/// Agents' audio figures merged: counts summed per second, match histograms added exactly, the
/// worst listener-second kept, and the live `--metrics` families written from them.
struct SnapshotAggregatorAudioTests {
    func snapshot(agent: Int, second: Int, frames: Int, concealed: Int, matches: [UInt64], worst: Int? = nil) -> AgentSnapshot {
        var counters = SwarmCounters()
        counters.audio.listeners = 2
        counters.audio.frames = frames
        counters.audio.concealed = concealed
        counters.audio.causes = concealed > 0 ? ["audio:reset": concealed] : [:]
        var h = LatencyHistogram.latency()
        for m in matches { h.recordClamped(m) }
        var s = AgentSnapshot(agent: agent, second: second, counters: counters, live: 2, target: 2, delay: SparseCounts(),
                              firstAudio: SparseCounts(), connect: SparseCounts(), welcome: SparseCounts(), residentBytes: 0, cpuSeconds: 0,
                              final: false, endReason: nil)
        s.audioMatch = SparseCounts(h)
        s.audioWorst = worst.map { AudioWorstSecond(listener: UInt64(agent), second: second, matchPermille: $0, cause: nil, decoded: [1], reference: [2]) }
        return s
    }

    @Test func mergesCountsHistogramsAndTheWorstSecond() {
        var a = SnapshotAggregator(agentCount: 2)
        a.add(snapshot(agent: 0, second: 1, frames: 100, concealed: 0, matches: [1000, 999], worst: 999))
        a.add(snapshot(agent: 1, second: 1, frames: 100, concealed: 0, matches: [1000, 1000], worst: 1000))
        a.add(snapshot(agent: 0, second: 2, frames: 200, concealed: 3, matches: [1000, 700], worst: 700))
        a.add(snapshot(agent: 1, second: 2, frames: 200, concealed: 0, matches: [1000, 998], worst: 998))
        #expect(a.counters.audio.frames == 400 && a.counters.audio.concealed == 3 && a.counters.audio.listeners == 4)
        #expect(a.audioMatch.totalCount == 8 && a.audioMatchBySecond[2]?.totalCount == 4)
        #expect(a.audioWorst?.matchPermille == 700 && a.audioWorst?.second == 2)
        let rows = a.timeline(agentsAliveAt: { _ in 2 })
        #expect(rows.map { $0.audio?.frames } == [200, 200])
        #expect(rows.map { $0.audio?.concealed } == [0, 3])
        let text = SwarmMetrics.audioText(a)
        #expect(text.contains("swarmcast_swarm_audio_frames_total 400"))
        #expect(text.contains("swarmcast_swarm_audio_causes_total{cause=\"audio:reset\"} 3"))
        #expect(text.contains("swarmcast_swarm_audio_match_bucket{le=\"0.8\"} 1") && text.contains("swarmcast_swarm_audio_match_count 8"))
    }

    @Test func noDecodedListenersNoAudioFigures() {
        var a = SnapshotAggregator(agentCount: 1)
        var s = snapshot(agent: 0, second: 1, frames: 0, concealed: 0, matches: [])
        s.counters.audio = AudioCounts()
        a.add(s)
        #expect(SwarmMetrics.audioText(a).isEmpty)
        #expect(a.timeline(agentsAliveAt: { _ in 1 }).allSatisfy { $0.audio == nil })
    }
}
