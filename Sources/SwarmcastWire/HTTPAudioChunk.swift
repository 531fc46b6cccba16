/// The byte stream Swarmcast serves to HTTP listeners (`GET /rooms/R/listen`, the Icecast way)
/// and that its HTTP source feeds to Icecast: each audio frame as one chunk,
///
///     "SCa1" | u64 sequence | u64 capture_time_ns | u16 payload_length | payload
///
/// big-endian. An HTTP server relays bytes without framing, and a listener may join mid-chunk, so
/// the magic lets a listener find the next chunk boundary; the capture time lets it measure
/// delay exactly as a native listener does.
public enum HTTPAudioChunk {
    public static let magic: [UInt8] = Array("SCa1".utf8)
    public static let headerBytes = 22

    /// Appends one frame as a chunk.
    public static func append(sequence: UInt64, captureTimeNanos: UInt64, payload: [UInt8], to out: inout [UInt8]) {
        out.append(contentsOf: magic)
        out.appendBigEndian(sequence)
        out.appendBigEndian(captureTimeNanos)
        out.appendBigEndian(UInt16(min(payload.count, Int(UInt16.max))))
        out.append(contentsOf: payload.prefix(Int(UInt16.max)))
    }

    /// One chunk's timing fields.
    public struct Header: Equatable, Sendable {
        public var sequence: UInt64
        public var captureTimeNanos: UInt64
        public var payloadBytes: Int
    }

    /// Reads chunks from a stream split anywhere, resynchronising on the magic after a join in
    /// the middle or after bytes it does not understand (ICY metadata, for instance).
    public struct Parser: Sendable {
        private var pending: [UInt8] = []
        /// Bytes skipped while looking for a chunk boundary.
        public private(set) var skippedBytes = 0

        public init() {}

        public mutating func parse(_ bytes: UnsafeRawBufferPointer, _ body: (Header) -> Void) {
            parseChunks(bytes, wantsPayload: false) { header, _ in body(header) }
        }

        /// Like `parse(_:_:)`, with each chunk's payload (valid during the call): what decoded
        /// listeners decode. The timing-only path above never touches the payload bytes.
        public mutating func parse(_ bytes: UnsafeRawBufferPointer, payloads body: (Header, UnsafeRawBufferPointer) -> Void) {
            parseChunks(bytes, wantsPayload: true, body)
        }

        @inline(__always)
        private mutating func parseChunks(_ bytes: UnsafeRawBufferPointer, wantsPayload: Bool, _ body: (Header, UnsafeRawBufferPointer) -> Void) {
            pending.append(contentsOf: bytes)
            var i = 0
            while pending.count - i >= HTTPAudioChunk.headerBytes {
                guard pending[i] == 0x53, pending[i + 1] == 0x43, pending[i + 2] == 0x61, pending[i + 3] == 0x31 else {
                    i += 1
                    skippedBytes += 1
                    continue
                }
                var r = i + 4
                func u64() -> UInt64 { var v: UInt64 = 0; for _ in 0..<8 { v = v << 8 | UInt64(pending[r]); r += 1 }; return v }
                let seq = u64(), capture = u64()
                let length = Int(pending[r]) << 8 | Int(pending[r + 1])
                guard pending.count - i >= HTTPAudioChunk.headerBytes + length else { break }
                let header = Header(sequence: seq, captureTimeNanos: capture, payloadBytes: length)
                if wantsPayload {
                    let start = i + HTTPAudioChunk.headerBytes
                    pending.withUnsafeBytes { body(header, UnsafeRawBufferPointer(rebasing: $0[start..<start + length])) }
                } else {
                    body(header, UnsafeRawBufferPointer(start: nil, count: 0))
                }
                i += HTTPAudioChunk.headerBytes + length
            }
            if i > 0 { pending.removeFirst(i) }
            // A stream of garbage must not grow the buffer without bound.
            if pending.count > 1 << 17 {
                skippedBytes += pending.count - 3
                pending.removeFirst(pending.count - 3)
            }
        }
    }
}

/// Where an HTTP head ends (just past its blank line), for the server reading requests and the
/// swarm reading responses.
public enum HTTPHead {
    /// The index just past `\r\n\r\n`, or nil when the head is not complete yet.
    public static func end(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i + 4
        }
        return nil
    }
}
