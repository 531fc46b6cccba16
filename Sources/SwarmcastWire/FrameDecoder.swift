/// Turns a byte stream, split anywhere, back into frames.
///
/// Complete frames are decoded straight from the caller's bytes; only an incomplete tail is kept,
/// so an idle connection holds no buffer at all and a busy one never more than one maximum-size
/// frame. After it throws, the stream is unusable and the connection should be closed.
public struct FrameDecoder: Sendable {
    /// Frames whose length prefix exceeds this are refused before any body is buffered. A server
    /// raises it between reads once a peer has proved to be a relay (whose reports are larger).
    public var maximumFrameBytes: Int
    /// When false, AUDIO payloads are skipped (their length is still checked): a listener that only
    /// measures timing need not copy every payload.
    public let keepsAudioPayload: Bool

    /// The incomplete tail of the stream, waiting for more bytes.
    private var pending: [UInt8] = []

    public init(maximumFrameBytes: Int = defaultMaximumFrameBytes, keepsAudioPayload: Bool = true) {
        self.maximumFrameBytes = maximumFrameBytes
        self.keepsAudioPayload = keepsAudioPayload
    }

    /// Bytes received but not yet returned as frames.
    public var bufferedBytes: Int { pending.count }

    /// Decodes every complete frame in `bytes` (after whatever was pending) and hands each to `body`.
    public mutating func decode(_ bytes: UnsafeRawBufferPointer, _ body: (Frame) throws -> Void) throws {
        try decodeStream(bytes, timesAudio: false, audio: { _ in }, viewsHops: false, hops: { _ in }, other: body)
    }

    /// Like `decode(_:_:)`, but AUDIO frames reach `audio` as their timing fields alone, without a
    /// `Frame` being built (their payload is skipped, its length still checked): a listener of
    /// 3 s packets decodes 150 frames per read, and this is its per-frame path.
    public mutating func decode(_ bytes: UnsafeRawBufferPointer, audio: (AudioTiming) throws -> Void,
                                other: (Frame) throws -> Void) throws {
        try decodeStream(bytes, timesAudio: true, audio: audio, viewsHops: false, hops: { _ in }, other: other)
    }

    /// Like `decode(_:audio:other:)`, and HOPS frames reach `hops` as a view over the received
    /// bytes (checked, valid only during the call), so a listener can copy them into storage it
    /// reuses instead of building two arrays per packet.
    public mutating func decode(_ bytes: UnsafeRawBufferPointer, audio: (AudioTiming) throws -> Void,
                                hops: (HopStampsView) throws -> Void, other: (Frame) throws -> Void) throws {
        try decodeStream(bytes, timesAudio: true, audio: audio, viewsHops: true, hops: hops, other: other)
    }

    private mutating func decodeStream(_ bytes: UnsafeRawBufferPointer, timesAudio: Bool, audio: (AudioTiming) throws -> Void,
                                       viewsHops: Bool, hops: (HopStampsView) throws -> Void, other: (Frame) throws -> Void) throws {
        if pending.isEmpty {
            let used = try decodeFrames(in: bytes, timesAudio: timesAudio, audio: audio, viewsHops: viewsHops, hops: hops, other: other)
            if used < bytes.count { pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[used...])) }
            return
        }
        pending.append(contentsOf: bytes)
        let joined = pending
        let used = try joined.withUnsafeBytes { (raw) throws -> Int in
            try decodeFrames(in: raw, timesAudio: timesAudio, audio: audio, viewsHops: viewsHops, hops: hops, other: other)
        }
        if used == joined.count {
            pending = []
        } else if used > 0 {
            pending = Array(joined[used...])
        }
    }

    public mutating func decode(_ bytes: [UInt8], _ body: (Frame) throws -> Void) throws {
        try bytes.withUnsafeBytes { (raw) throws in try decode(raw, body) }
    }

    /// All complete frames in `bytes`, for tests and tools.
    public mutating func frames(in bytes: [UInt8]) throws -> [Frame] {
        var out: [Frame] = []
        try decode(bytes) { out.append($0) }
        return out
    }

    /// Decodes complete frames from the start of `raw`; returns how many bytes they used.
    private func decodeFrames(in raw: UnsafeRawBufferPointer, timesAudio: Bool, audio: (AudioTiming) throws -> Void,
                              viewsHops: Bool, hops: (HopStampsView) throws -> Void, other body: (Frame) throws -> Void) throws -> Int {
        var offset = 0
        while raw.count - offset >= 4 {
            var header = ByteReader(raw: raw, index: offset)
            let length = Int(header.u32())
            guard length >= 1 else { throw WireError.frameTooSmall(length: length) }
            guard length <= maximumFrameBytes else { throw WireError.frameTooLarge(length: length, maximum: maximumFrameBytes) }
            guard raw.count - offset >= 4 + length else { break }
            let typeByte = header.u8()
            guard let type = FrameType(rawValue: typeByte) else { throw WireError.unknownType(typeByte) }
            var reader = ByteReader(raw: raw, index: offset + 5)
            if type == .audio && timesAudio {
                guard length - 1 >= 21 else { throw WireError.malformedBody(type: type, bodyBytes: length - 1) }
                try audio(AudioTiming(room: reader.u32(), speaker: reader.u8(), sequence: reader.u64(), captureTimeNanos: reader.u64()))
            } else if type == .hops && viewsHops {
                try hops(HopStampsView(checking: UnsafeRawBufferPointer(rebasing: raw[(offset + 5)..<(offset + 4 + length)])))
            } else {
                try body(decodeBody(type: type, reader: &reader, count: length - 1))
            }
            offset += 4 + length
        }
        return offset
    }

    private func decodeBody(type: FrameType, reader r: inout ByteReader, count: Int) throws -> Frame {
        func need(_ n: Int, exact: Bool = true) throws {
            if exact ? count != n : count < n { throw WireError.malformedBody(type: type, bodyBytes: count) }
        }
        switch type {
        case .hello:
            try need(17, exact: false)
            let version = r.u16()
            let roleByte = r.u8()
            guard let role = Role(rawValue: roleByte) else { throw WireError.badField(type: type, field: "role", value: UInt64(roleByte)) }
            let room = r.u32()
            let client = r.u64()
            let tokenLength = Int(r.u16())
            try need(17 + tokenLength)
            return .hello(Hello(version: version, role: role, room: room, clientID: client, token: r.bytes(tokenLength)))
        case .welcome:
            try need(27)
            return .welcome(Welcome(version: r.u16(), session: r.u64(), room: r.u32(), listeners: r.u32(), speakers: r.u8(), lastSequence: r.u64()))
        case .reject:
            try need(1)
            let v = r.u8()
            guard let reason = RejectReason(rawValue: v) else { throw WireError.badField(type: type, field: "reason", value: UInt64(v)) }
            return .reject(reason)
        case .audio:
            try need(21, exact: false)
            let room = r.u32(), speaker = r.u8(), seq = r.u64(), capture = r.u64()
            let payload = keepsAudioPayload ? r.bytes(count - 21) : []
            return .audio(AudioFrame(room: room, speaker: speaker, sequence: seq, captureTimeNanos: capture, payload: payload))
        case .roomState:
            try need(10, exact: false)
            let room = r.u32(), listeners = r.u32(), speakers = r.u8()
            let n = Int(r.u8())
            try need(10 + 5 * n)
            var reactions: [ReactionCount] = []
            reactions.reserveCapacity(n)
            for _ in 0..<n { reactions.append(ReactionCount(kind: r.u8(), count: r.u32())) }
            return .roomState(RoomState(room: room, listeners: listeners, speakers: speakers, reactions: reactions))
        case .reaction:
            try need(1)
            return .reaction(kind: r.u8())
        case .ping:
            try need(8)
            return .ping(clientTimeNanos: r.u64())
        case .pong:
            try need(16)
            return .pong(clientTimeNanos: r.u64(), serverTimeNanos: r.u64())
        case .bye:
            try need(1)
            let v = r.u8()
            guard let reason = ByeReason(rawValue: v) else { throw WireError.badField(type: type, field: "reason", value: UInt64(v)) }
            return .bye(reason)
        case .settings:
            return .settings(r.bytes(count))
        case .edgeMetrics:
            return .edgeMetrics(r.bytes(count))
        case .tree:
            try need(9)
            return .tree(depth: r.u8(), parentInstance: r.u64())
        case .hops:
            let view = try HopStampsView(checking: UnsafeRawBufferPointer(rebasing: r.raw[r.index..<(r.index + count)]))
            var stamps = HopStamps(room: 0, ingestMicros: [], originSendNanos: 0)
            view.copy(into: &stamps)
            return .hops(stamps)
        }
    }
}

/// The fields of an AUDIO frame that timing needs (see `FrameDecoder.decode(_:audio:other:)`).
public struct AudioTiming: Sendable, Equatable {
    public let room: UInt32
    public let speaker: UInt8
    public let sequence: UInt64
    public let captureTimeNanos: UInt64
}

/// Reads big-endian fields from bytes whose length was already checked.
private struct ByteReader {
    let raw: UnsafeRawBufferPointer
    var index: Int

    @inline(__always) mutating func u8() -> UInt8 {
        defer { index += 1 }
        return raw[index]
    }
    @inline(__always) mutating func u16() -> UInt16 { load(UInt16.self) }
    @inline(__always) mutating func u32() -> UInt32 { load(UInt32.self) }
    @inline(__always) mutating func u64() -> UInt64 { load(UInt64.self) }

    /// One unaligned big-endian load (a listener decodes millions of fields a second).
    @inline(__always) private mutating func load<T: FixedWidthInteger>(_: T.Type) -> T {
        precondition(index >= 0 && index + MemoryLayout<T>.size <= raw.count)
        defer { index += MemoryLayout<T>.size }
        return T(bigEndian: raw.loadUnaligned(fromByteOffset: index, as: T.self))
    }
    mutating func bytes(_ n: Int) -> [UInt8] {
        defer { index += n }
        return Array(UnsafeRawBufferPointer(rebasing: raw[index..<index + n]))
    }
}
