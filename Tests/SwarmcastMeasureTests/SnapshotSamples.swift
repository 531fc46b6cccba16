import SwarmcastMeasure

/// Snapshots for the codec tests: a busy second of one agent (50,000 delay samples, and 1% as
/// many HLS playlist stalenesses and segment fetches).
enum SnapshotSamples {
    static func busy(samples: Int = 50_000) -> AgentSnapshot {
        var delay = LatencyHistogram.latency()
        var connect = LatencyHistogram.latency()
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for i in 0..<samples {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            delay.recordClamped(1000 + (state >> 40) % 200_000)
            if i % 50 == 0 { connect.recordClamped(200 + (state >> 50) % 5_000) }
        }
        var counters = SwarmCounters()
        counters.connectsStarted = 19_000
        counters.welcomed = 18_990
        counters.framesReceived = 9_500_000
        counters.bytesReceived = 760_000_000
        counters.disconnects = ["server-closed": 3, "server-bye:too-slow": 7]
        counters.rejects = ["full": 10]
        var snapshot = AgentSnapshot(agent: 3, second: 42, counters: counters, live: 18_990, target: 19_000,
                             delay: SparseCounts(delay), firstAudio: SparseCounts(), connect: SparseCounts(connect),
                             welcome: SparseCounts(), residentBytes: 900_000_000, cpuSeconds: 12.625, final: true,
                             endReason: "finished", baselineResidentBytes: 20_000_000)
        // A clock 250 ms behind the server's, known to ±0.4 ms from 12 exchanges.
        snapshot.clockOffsetNanos = -250_123_456
        snapshot.clockBoundNanos = 400_000
        snapshot.clockSamples = 12
        // A saturated agent: 97% of a core, its timer 240 ms late, 1.5 s behind, ports running out.
        snapshot.generator = GeneratorSample(cpuPermille: 970, loopLagMicros: 240_123, behindScheduleMillis: 1_500,
                                             openFiles: 19_012, openFilesLimit: 20_000, portExhausted: 17,
                                             runQueueWaitPermille: 430)
        // HLS listeners among them: playlists 0.2–1.2 s stale, parts fetched in 1–50 ms.
        var staleness = LatencyHistogram.latency()
        var fetch = LatencyHistogram.latency()
        for i in 0..<samples / 100 {
            staleness.recordClamped(200_000 + UInt64(i % 1000) * 1_000)
            fetch.recordClamped(1_000 + UInt64(i % 50) * 1_000)
        }
        snapshot.playlistStaleness = SparseCounts(staleness)
        snapshot.segmentFetch = SparseCounts(fetch)
        return snapshot
    }
}
