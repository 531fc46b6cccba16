import Testing
@testable import SwarmcastWire

struct FrameCodecTests {
    static let samples: [Frame] = [
        .hello(Hello(role: .listener, room: 7, clientID: 42)),
        .hello(Hello(role: .speaker, room: 1, clientID: 9, token: Array("room1.1700000000.abcdef".utf8))),
        .welcome(Welcome(session: 5, room: 7, listeners: 1000, speakers: 3, lastSequence: 99)),
        .reject(.full),
        .audio(AudioFrame(room: 7, speaker: 2, sequence: 12345, captureTimeNanos: 1_700_000_000_123_456_789, payload: Array(repeating: 0xAB, count: 80))),
        .roomState(RoomState(room: 7, listeners: 12, speakers: 2, reactions: [ReactionCount(kind: 0, count: 4), ReactionCount(kind: 3, count: 1)])),
        .reaction(kind: 3),
        .ping(clientTimeNanos: 11),
        .pong(clientTimeNanos: 11, serverTimeNanos: 22),
        .bye(.shutdown),
    ]

    @Test func everyFrameRoundTrips() throws {
        for frame in Self.samples {
            var decoder = FrameDecoder()
            #expect(try decoder.frames(in: FrameEncoder.encode(frame)) == [frame])
            #expect(decoder.bufferedBytes == 0)
        }
    }

    @Test func decodesAStreamSplitAtEveryByte() throws {
        var stream: [UInt8] = []
        for frame in Self.samples { FrameEncoder.append(frame, to: &stream) }
        for split in 0...stream.count {
            var decoder = FrameDecoder()
            var out = try decoder.frames(in: Array(stream[..<split]))
            out += try decoder.frames(in: Array(stream[split...]))
            #expect(out == Self.samples, "split at \(split)")
        }
    }

    @Test func decodesOneByteAtATime() throws {
        var stream: [UInt8] = []
        for frame in Self.samples { FrameEncoder.append(frame, to: &stream) }
        var decoder = FrameDecoder()
        var out: [Frame] = []
        for byte in stream { out += try decoder.frames(in: [byte]) }
        #expect(out == Self.samples)
    }

    @Test func refusesAnOversizedLengthBeforeBufferingIt() {
        var decoder = FrameDecoder(maximumFrameBytes: 1024)
        #expect(throws: WireError.frameTooLarge(length: 0x7FFF_FFFF, maximum: 1024)) {
            _ = try decoder.frames(in: [0x7F, 0xFF, 0xFF, 0xFF, 4])
        }
    }

    @Test func refusesUnknownTypesAndZeroLengths() {
        var a = FrameDecoder()
        #expect(throws: WireError.unknownType(200)) { _ = try a.frames(in: [0, 0, 0, 1, 200]) }
        var b = FrameDecoder()
        #expect(throws: WireError.frameTooSmall(length: 0)) { _ = try b.frames(in: [0, 0, 0, 0]) }
    }

    @Test func refusesTruncatedAndPaddedBodies() {
        var a = FrameDecoder()
        #expect(throws: WireError.malformedBody(type: .ping, bodyBytes: 3)) { _ = try a.frames(in: [0, 0, 0, 4, 7, 1, 2, 3]) }
        var b = FrameDecoder()
        // HELLO claiming a 10-byte token but carrying 2.
        var hello = FrameEncoder.encode(.hello(Hello(role: .listener, room: 1, clientID: 1)))
        hello[hello.count - 1] = 10
        hello += [1, 2]
        hello[3] += 2
        #expect(throws: WireError.malformedBody(type: .hello, bodyBytes: 19)) { _ = try b.frames(in: hello) }
    }

    @Test func refusesOutOfRangeEnums() {
        var d = FrameDecoder()
        #expect(throws: WireError.badField(type: .reject, field: "reason", value: 77)) { _ = try d.frames(in: [0, 0, 0, 2, 3, 77]) }
    }

    @Test func canSkipAudioPayloads() throws {
        var decoder = FrameDecoder(keepsAudioPayload: false)
        let frame = AudioFrame(room: 1, speaker: 0, sequence: 1, captureTimeNanos: 2, payload: [1, 2, 3])
        guard case .audio(let got)? = try decoder.frames(in: FrameEncoder.encode(.audio(frame))).first else {
            Issue.record("no audio frame"); return
        }
        #expect(got.sequence == 1 && got.payload.isEmpty)
    }

    @Test func theAudioTimingPathSeesWhatTheFramePathSeesAtEverySplit() throws {
        var stream = FrameEncoder.encode(.welcome(Welcome(session: 9, room: 1, listeners: 1, speakers: 1, lastSequence: 0)))
        for seq in 1...4 {
            stream += FrameEncoder.encode(.audio(AudioFrame(room: 1, speaker: UInt8(seq % 2), sequence: UInt64(seq), captureTimeNanos: UInt64(seq) * 20, payload: [7, 7])))
        }
        stream += FrameEncoder.encode(.bye(.shutdown))
        for split in 0...stream.count {
            var decoder = FrameDecoder(keepsAudioPayload: false)
            var timings: [AudioTiming] = [], others: [Frame] = []
            for part in [Array(stream[..<split]), Array(stream[split...])] {
                try part.withUnsafeBytes { try decoder.decode($0, audio: { timings.append($0) }, other: { others.append($0) }) }
            }
            #expect(timings.map(\.sequence) == [1, 2, 3, 4] && timings.map(\.speaker) == [1, 0, 1, 0], "split \(split)")
            #expect(timings.map(\.captureTimeNanos) == [20, 40, 60, 80])
            #expect(others.count == 2 && others.last == .bye(.shutdown))
        }
        // An AUDIO body too short for its fields is refused on this path too.
        var decoder = FrameDecoder()
        let short: [UInt8] = [0, 0, 0, 5, FrameType.audio.rawValue, 0, 0, 0, 1]
        #expect(throws: WireError.malformedBody(type: .audio, bodyBytes: 4)) {
            try short.withUnsafeBytes { try decoder.decode($0, audio: { _ in }, other: { _ in }) }
        }
    }
}

struct HTTPAudioChunkTests {
    @Test func parsesSplitStreamsAndResynchronisesAfterGarbage() {
        var stream: [UInt8] = Array("junk before the first chunk".utf8)
        for seq in 1...5 { HTTPAudioChunk.append(sequence: UInt64(seq), captureTimeNanos: UInt64(seq) * 20, payload: [1, 2, 3], to: &stream) }
        for split in 0...stream.count {
            var parser = HTTPAudioChunk.Parser()
            var got: [UInt64] = []
            Array(stream[..<split]).withUnsafeBytes { parser.parse($0) { got.append($0.sequence) } }
            Array(stream[split...]).withUnsafeBytes { parser.parse($0) { got.append($0.sequence) } }
            #expect(got == [1, 2, 3, 4, 5], "split \(split)")
        }
    }

    @Test func garbageDoesNotGrowTheBuffer() {
        var parser = HTTPAudioChunk.Parser()
        let junk = [UInt8](repeating: 0x41, count: 300_000)
        junk.withUnsafeBytes { parser.parse($0) { _ in Issue.record("no chunk in junk") } }
        #expect(parser.skippedBytes >= 299_000)
    }
}
