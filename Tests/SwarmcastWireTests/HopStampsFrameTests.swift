import SwarmcastWire
import Testing

/// HOPS (type 13): its bytes both ways, the listener's in-place view, and malformed bodies.
struct HopStampsFrameTests {
    static let sample = HopStamps(room: 3, ingestMicros: [0, 1_200, -40], originSendNanos: 1_700_000_000_123_456_789,
                                  edges: [.init(receiveNanos: 1_700_000_000_124_000_000, sendNanos: 1_700_000_000_124_000_500, clockBoundMicros: 0),
                                          .init(receiveNanos: 1_700_000_000_125_000_000, sendNanos: 1_700_000_000_125_100_000, clockBoundMicros: 33)])

    @Test func roundTrips() throws {
        let bytes = FrameEncoder.encode(.hops(Self.sample))
        #expect(bytes.count == 5 + HopStamps.bodyBytes(frames: 3, edges: 2))
        #expect(bytes[4] == 13)
        var decoder = FrameDecoder()
        #expect(try decoder.frames(in: bytes) == [.hops(Self.sample)])
        let empty = HopStamps(room: 1, ingestMicros: [], originSendNanos: 5)
        #expect(try decoder.frames(in: FrameEncoder.encode(.hops(empty))) == [.hops(empty)])
    }

    @Test func listenersReadItInPlaceAndReuseTheirStorage() throws {
        var bytes = FrameEncoder.encode(.hops(Self.sample))
        FrameEncoder.append(.audio(AudioFrame(room: 3, speaker: 0, sequence: 9, captureTimeNanos: 1, payload: [1, 2])), to: &bytes)
        var decoder = FrameDecoder(keepsAudioPayload: false)
        var copied = HopStamps(room: 0, ingestMicros: Array(repeating: 7, count: 40), originSendNanos: 0)
        var order: [String] = []
        try bytes.withUnsafeBytes { raw in
            try decoder.decode(raw, audio: { _ in order.append("audio") }, hops: { view in
                order.append("hops")
                #expect(view.frameCount == 3 && view.edgeCount == 2 && view.room == 3)
                view.copy(into: &copied)
            }, other: { _ in order.append("other") })
        }
        #expect(order == ["hops", "audio"])
        #expect(copied == Self.sample)
        #expect(Self.sample.lastSendNanos == 1_700_000_000_125_100_000)
    }

    @Test func aBodyThatDisagreesWithItsCountsIsMalformed() {
        let good = FrameEncoder.encode(.hops(Self.sample))
        // One byte short, one byte long (length prefix adjusted), and a frame count that says more.
        var short = Array(good.dropLast())
        short[3] -= 1
        var long = good + [0]
        long[3] += 1
        var moreFrames = good
        moreFrames[10] = 9
        for bytes in [short, long, moreFrames] {
            var decoder = FrameDecoder()
            #expect(throws: WireError.self) { _ = try decoder.frames(in: bytes) }
            var timing = FrameDecoder(keepsAudioPayload: false)
            #expect(throws: WireError.self) {
                try bytes.withUnsafeBytes { try timing.decode($0, audio: { _ in }, hops: { _ in }, other: { _ in }) }
            }
        }
    }
}
