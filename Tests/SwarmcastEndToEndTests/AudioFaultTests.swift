import Foundation
import SwarmcastReport
import SwarmcastTestSupport
import Testing

/// Faults only decoded listeners hear: every sequence number, capture time and playlist is right,
/// the sound is not. The real swarm, decoding all its listeners, names each one; against the
/// same fakes without the fault it names nothing (so each test can fail).
@Suite(.serialized)
struct AudioFaultTests {
    /// A small decoding swarm against `extra`'s server; its summary.
    static func swarm(_ extra: [String], listeners: Int = 2, seconds: Int = 5, decode: String = "100%") throws -> RunSummary {
        let out = SwarmEndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try SwarmcastBinary.run(["swarm", "--listeners", "\(listeners)", "--ramp", "200ms", "--duration", "\(seconds)s",
                                         "--out", out.path, "--progress", "none", "--decode", decode] + extra, timeout: 60)
        #expect(r.status == 0, "\(r.stderr)")
        return try RunWriter.readSummary(out.appendingPathComponent("summary.json"))
    }

    static func mainCause(_ s: RunSummary) -> String? {
        s.audio?.causes.filter { $0.key != "audio:silence" }.max { $0.value < $1.value }?.key
    }

    @Test func aCleanEdgeSoundsLikeTheSource() throws {
        let edge = try FakeAudioEdge(fault: .none, seats: 2)
        let s = try Self.swarm(["--server", edge.address])
        #expect(s.audio?.decodedListeners == 2)
        #expect(s.audio?.causes == [:], "\(String(describing: s.audio))")
        #expect((s.audio?.match?.p5 ?? 0) >= 0.99)
        #expect(s.audio?.concealedRatio == 0)
    }

    @Test func anEdgeThatResetsItsEncoderIsNamed() throws {
        let edge = try FakeAudioEdge(fault: .encoderReset(from: 1, every: 9))
        let s = try Self.swarm(["--server", edge.address])
        #expect(s.counters.framesLost == 0 && s.audio?.concealedRatio == 0)
        #expect(Self.mainCause(s) == "audio:reset", "\(String(describing: s.audio))")
    }

    @Test func anEdgeThatSendsAnotherSeatIsNamed() throws {
        let edge = try FakeAudioEdge(fault: .wrongSeat(1...UInt64.max, seat: 1), seats: 2)
        let s = try Self.swarm(["--server", edge.address])
        #expect(s.counters.framesLost == 0)
        #expect(Self.mainCause(s) == "audio:wrong-seat", "\(String(describing: s.audio))")
        #expect((s.audio?.match?.p50 ?? 1) < 0.9)
    }

    @Test func aSegmentWithAWrongTfdtIsNamed() throws {
        let stream = FakeFMP4Stream(fault: .tfdtShift(frames: 10), faultFrom: 4)
        let origin = try FakeHLSOrigin { stream.answer($0) }
        let s = try Self.swarm(["--protocol", "hls", "--url", origin.url, "--late-after", "10s"], seconds: 7)
        #expect(Self.mainCause(s) == "audio:wrong-time", "\(String(describing: s.audio))")
    }

    @Test func aSegmentServedTwiceIsNamed() throws {
        let stream = FakeFMP4Stream(fault: .servedTwice, faultFrom: 4)
        let origin = try FakeHLSOrigin { stream.answer($0) }
        let s = try Self.swarm(["--protocol", "hls", "--url", origin.url, "--late-after", "10s"], seconds: 7)
        #expect(Self.mainCause(s) == "audio:repeated", "\(String(describing: s.audio))")
        #expect(s.counters.framesLost == 0)
    }

    @Test func aCleanHLSOriginSoundsLikeTheSource() throws {
        let stream = FakeFMP4Stream(fault: .none, faultFrom: 0)
        let origin = try FakeHLSOrigin { stream.answer($0) }
        let s = try Self.swarm(["--protocol", "hls", "--url", origin.url, "--late-after", "10s"], seconds: 6)
        #expect((s.audio?.frames ?? 0) >= 100)
        #expect(s.audio?.causes == [:], "\(String(describing: s.audio))")
    }
}
