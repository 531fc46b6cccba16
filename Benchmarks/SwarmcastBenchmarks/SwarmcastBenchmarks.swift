import Benchmark
import Foundation
import Histogram
import SwarmcastMeasure
import SwarmcastReport
import SwarmcastSwarm
import SwarmcastWire

/// Micro benchmarks of the hot pieces, named `Area:What`. Run with
/// `SWARMCAST_BENCHMARKS=1 swift package benchmark` (see README, Performance).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(2))

    let frame = Frame.audio(AudioFrame(room: 1, speaker: 0, sequence: 42, captureTimeNanos: 1_700_000_000_000_000_000,
                                       payload: Array(repeating: 0x5A, count: 80)))

    Benchmark("Wire:EncodeAudioFrame", configuration: .init(scalingFactor: .kilo)) { benchmark in
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128)
        for _ in benchmark.scaledIterations {
            bytes.removeAll(keepingCapacity: true)
            FrameEncoder.append(frame, to: &bytes)
            blackHole(bytes.count)
        }
    }

    // A 3 s packet: 150 frames in one read, as a listener receives it.
    var packet: [UInt8] = []
    for i in 0..<150 {
        FrameEncoder.append(.audio(AudioFrame(room: 1, speaker: 0, sequence: UInt64(i), captureTimeNanos: 1, payload: Array(repeating: 1, count: 80))), to: &packet)
    }
    let packetBytes = packet

    Benchmark("Wire:DecodePacketOf150Frames") { benchmark in
        var decoder = FrameDecoder(keepsAudioPayload: false)
        for _ in benchmark.scaledIterations {
            var n = 0
            try decoder.decode(packetBytes) { _ in n += 1 }
            blackHole(n)
        }
    }

    // The listener's path: AUDIO frames as timing fields only, no Frame built.
    Benchmark("Wire:DecodePacketOf150FramesTimingOnly") { benchmark in
        var decoder = FrameDecoder(keepsAudioPayload: false)
        for _ in benchmark.scaledIterations {
            var newest: UInt64 = 0
            try packetBytes.withUnsafeBytes { raw in
                try decoder.decode(raw, audio: { newest = max(newest, $0.sequence) }, other: { _ in })
            }
            blackHole(newest)
        }
    }

    Benchmark("Histogram:RecordDelay", configuration: .init(scalingFactor: .kilo)) { benchmark in
        var h = LatencyHistogram.latency()
        var v: UInt64 = 1
        for _ in benchmark.scaledIterations {
            v = v &* 6364136223846793005 &+ 1442695040888963407
            h.recordClamped(1000 + (v >> 40) % 200_000)
        }
        blackHole(h.totalCount)
    }

    var second = LatencyHistogram.latency()
    for i in 0..<50_000 { second.recordClamped(UInt64(1000 + i * 3)) }
    let sparse = second.sparseCounts

    Benchmark("Histogram:MergeOneSecond") { benchmark in
        var total = LatencyHistogram.latency()
        for _ in benchmark.scaledIterations {
            total.add(sparse: sparse)
        }
        blackHole(total.totalCount)
    }

    var counters = SwarmCounters()
    counters.connectsStarted = 19_000
    counters.disconnects = ["server-closed": 3]
    let snapshot = AgentSnapshot(agent: 0, second: 10, counters: counters, live: 19_000, target: 19_000, delay: SparseCounts(second),
                                 firstAudio: SparseCounts(), connect: SparseCounts(), welcome: SparseCounts(), residentBytes: 0,
                                 cpuSeconds: 0, final: false, endReason: nil)

    // Before: the newline-delimited JSON the agent pipe carried (kept here only for comparison).
    Benchmark("Snapshot:JSONEncodeDecode") { benchmark in
        let encoder = JSONEncoder()
        let decoder = JSONDecoder()
        for _ in benchmark.scaledIterations {
            let data = try encoder.encode(LegacyJSONSnapshot(snapshot))
            blackHole(try decoder.decode(LegacyJSONSnapshot.self, from: data).delay.count)
        }
    }

    // After: the binary, length-prefixed record.
    Benchmark("Snapshot:BinaryEncodeDecode") { benchmark in
        for _ in benchmark.scaledIterations {
            let record = SnapshotCodec.encode(snapshot)
            blackHole(try record.withUnsafeBytes { try SnapshotCodec.decode(record: $0) }.delay.bucketCount)
        }
    }
}

/// The agent snapshot as JSON carried it before the binary pipe (histograms as `[[value, count]]`).
struct LegacyJSONSnapshot: Codable {
    var agent: Int
    var second: Int
    var counters: SwarmCounters
    var live: Int
    var target: Int
    var delay: [[UInt64]]
    var firstAudio: [[UInt64]]
    var connect: [[UInt64]]
    var welcome: [[UInt64]]
    var residentBytes: UInt64
    var cpuSeconds: Double
    var final: Bool
    var endReason: String?

    init(_ s: AgentSnapshot) {
        (agent, second, counters, live, target) = (s.agent, s.second, s.counters, s.live, s.target)
        (delay, firstAudio, connect, welcome) = (s.delay.pairs, s.firstAudio.pairs, s.connect.pairs, s.welcome.pairs)
        (residentBytes, cpuSeconds, final, endReason) = (s.residentBytes, s.cpuSeconds, s.final, s.endReason)
    }
}
