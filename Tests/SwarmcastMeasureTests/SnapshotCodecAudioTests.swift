@testable import SwarmcastMeasure
import Testing

/// Version 6's decoded-listener figures (audio counts, match histogram, worst second), and
/// reading version 5 records.
struct SnapshotCodecAudioTests {
    static func sample() -> AgentSnapshot {
        var s = SnapshotSamples.busy(samples: 2_000)
        s.counters.audio.listeners = 3
        s.counters.audio.frames = 12_345
        s.counters.audio.concealed = 7
        s.counters.audio.silent = 2
        s.counters.audio.scored = 6_000
        s.counters.audio.mismatched = 40
        s.counters.audio.repeated = 1
        s.counters.audio.outOfOrder = 4
        s.counters.audio.causes = ["audio:wrong-seat": 30, "audio:reset": 10]
        var match = LatencyHistogram.latency()
        for v: UInt64 in [1000, 1000, 998, 640, 1] { match.recordClamped(v) }
        s.audioMatch = SparseCounts(match)
        s.audioWorst = AudioWorstSecond(listener: 99 << 16 | 2, second: 17, matchPermille: 640, cause: "audio:wrong-seat",
                                        decoded: [0, 10, 200, 255], reference: [0, 12, 190, 250])
        return s
    }

    @Test func audioFiguresRoundTrip() throws {
        let s = Self.sample()
        let back = try SnapshotCodec.encode(s).withUnsafeBytes { try SnapshotCodec.decode(record: $0) }
        #expect(back == s)
        #expect(back.counters.audio.causes["audio:reset"] == 10)
        #expect(back.audioMatch.totalCount == 5)
    }

    @Test func aSecondWithoutAWorstListenerRoundTrips() throws {
        var s = Self.sample()
        s.audioWorst = nil
        let back = try SnapshotCodec.encode(s).withUnsafeBytes { try SnapshotCodec.decode(record: $0) }
        #expect(back == s)
    }

    /// A version 5 record (an agent of the previous build) is read with no audio figures.
    @Test func version5RecordIsReadWithoutAudio() throws {
        let s = Self.sample()
        let old = SnapshotCodec.encode(s, version: 5)
        #expect(old[3] == 5)
        var expected = s
        expected.counters.audio = AudioCounts()
        expected.audioMatch = SparseCounts()
        expected.audioWorst = nil
        let back = try old.withUnsafeBytes { try SnapshotCodec.decode(record: $0) }
        #expect(back == expected)
    }

    @Test func anEnvelopeLongerThanAllowedIsCorruption() {
        var s = Self.sample()
        s.audioWorst?.decoded = Array(repeating: 1, count: AudioWorstSecond.maximumBlocks + 1)
        let bytes = SnapshotCodec.encode(s)
        #expect(throws: SnapshotDecodingError.self) { try bytes.withUnsafeBytes { try SnapshotCodec.decode(record: $0) } }
    }
}
