/// Writes frames into a byte array, appending, so several frames can share one packet.
public enum FrameEncoder {
    /// The bytes of one frame.
    public static func encode(_ frame: Frame) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        append(frame, to: &bytes)
        return bytes
    }

    /// Appends one frame (length prefix, type, body) to `bytes`.
    public static func append(_ frame: Frame, to bytes: inout [UInt8]) {
        let start = bytes.count
        bytes.appendBigEndian(UInt32(0))
        bytes.append(frame.type.rawValue)
        switch frame {
        case .hello(let h):
            bytes.appendBigEndian(h.version)
            bytes.append(h.role.rawValue)
            bytes.appendBigEndian(h.room)
            bytes.appendBigEndian(h.clientID)
            bytes.appendBigEndian(UInt16(truncatingIfNeeded: h.token.count))
            bytes.append(contentsOf: h.token.prefix(Int(UInt16.max)))
        case .welcome(let w):
            bytes.appendBigEndian(w.version)
            bytes.appendBigEndian(w.session)
            bytes.appendBigEndian(w.room)
            bytes.appendBigEndian(w.listeners)
            bytes.append(w.speakers)
            bytes.appendBigEndian(w.lastSequence)
        case .reject(let reason):
            bytes.append(reason.rawValue)
        case .audio(let a):
            bytes.appendBigEndian(a.room)
            bytes.append(a.speaker)
            bytes.appendBigEndian(a.sequence)
            bytes.appendBigEndian(a.captureTimeNanos)
            bytes.append(contentsOf: a.payload)
        case .roomState(let s):
            bytes.appendBigEndian(s.room)
            bytes.appendBigEndian(s.listeners)
            bytes.append(s.speakers)
            bytes.append(UInt8(truncatingIfNeeded: min(s.reactions.count, 255)))
            for r in s.reactions.prefix(255) {
                bytes.append(r.kind)
                bytes.appendBigEndian(r.count)
            }
        case .reaction(let kind):
            bytes.append(kind)
        case .ping(let t):
            bytes.appendBigEndian(t)
        case .pong(let t, let s):
            bytes.appendBigEndian(t)
            bytes.appendBigEndian(s)
        case .bye(let reason):
            bytes.append(reason.rawValue)
        case .settings(let body), .edgeMetrics(let body):
            bytes.append(contentsOf: body)
        case .tree(let depth, let instance):
            bytes.append(depth)
            bytes.appendBigEndian(instance)
        case .hops(let h):
            bytes.appendBigEndian(h.room)
            let frames = h.ingestMicros.prefix(HopStamps.maximumFrames)
            bytes.appendBigEndian(UInt16(frames.count))
            for ingest in frames { bytes.appendBigEndian(ingest) }
            bytes.appendBigEndian(h.originSendNanos)
            let edges = h.edges.prefix(HopStamps.maximumEdges)
            bytes.append(UInt8(edges.count))
            for edge in edges {
                bytes.appendBigEndian(edge.receiveNanos)
                bytes.appendBigEndian(edge.sendNanos)
                bytes.appendBigEndian(edge.clockBoundMicros)
            }
        }
        let length = UInt32(bytes.count - start - 4)
        bytes.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: length.bigEndian, toByteOffset: start, as: UInt32.self)
        }
    }
}

extension Array where Element == UInt8 {
    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }
}
