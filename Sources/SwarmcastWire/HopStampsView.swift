/// A HOPS body read in place: its length checked once, its fields read on demand, so the
/// listener's per-packet path copies the stamps into storage it reuses instead of allocating.
/// Valid only while the bytes it views are (during the decoder's call).
public struct HopStampsView {
    private let raw: UnsafeRawBufferPointer
    /// Frames the stamps describe (the room's AUDIO frames that follow).
    public let frameCount: Int
    /// Edges listed.
    public let edgeCount: Int

    /// Checks that `body` is exactly as long as its counts say (else `malformedBody`).
    init(checking body: UnsafeRawBufferPointer) throws(WireError) {
        guard body.count >= HopStamps.bodyBytes(frames: 0, edges: 0) else { throw .malformedBody(type: .hops, bodyBytes: body.count) }
        raw = body
        frameCount = Int(UInt16(bigEndian: body.loadUnaligned(fromByteOffset: 4, as: UInt16.self)))
        let edgesAt = 6 + 4 * frameCount + 8
        guard body.count > edgesAt else { throw .malformedBody(type: .hops, bodyBytes: body.count) }
        edgeCount = Int(body[edgesAt])
        guard body.count == HopStamps.bodyBytes(frames: frameCount, edges: edgeCount) else {
            throw .malformedBody(type: .hops, bodyBytes: body.count)
        }
    }

    @inline(__always) private func load<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        T(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    public var room: UInt32 { load(UInt32.self, at: 0) }
    public func ingestMicros(at i: Int) -> Int32 { load(Int32.self, at: 6 + 4 * i) }
    public var originSendNanos: UInt64 { load(UInt64.self, at: 6 + 4 * frameCount) }
    public func edge(at i: Int) -> HopStamps.EdgeHop {
        let at = 6 + 4 * frameCount + 9 + 20 * i
        return HopStamps.EdgeHop(receiveNanos: load(UInt64.self, at: at), sendNanos: load(UInt64.self, at: at + 8),
                                 clockBoundMicros: load(UInt32.self, at: at + 16))
    }

    /// Overwrites `stamps` with these, keeping its arrays' storage.
    public func copy(into stamps: inout HopStamps) {
        stamps.room = room
        stamps.ingestMicros.removeAll(keepingCapacity: true)
        for i in 0..<frameCount { stamps.ingestMicros.append(ingestMicros(at: i)) }
        stamps.originSendNanos = originSendNanos
        stamps.edges.removeAll(keepingCapacity: true)
        for i in 0..<edgeCount { stamps.edges.append(edge(at: i)) }
    }
}
