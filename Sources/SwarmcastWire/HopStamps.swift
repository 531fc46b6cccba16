/// HOPS: where one room packet's time went, hop by hop, written once per packet per hop.
///
/// The origin writes it in front of each room packet it sends (one shared frame per room per
/// packet interval, never per listener): for every AUDIO frame that follows, how long after its
/// capture time the origin received it, and when the packet left the origin. Each edge that
/// relays the packet copies the stamps and appends its own hop (when it had the whole packet,
/// when it sent it on, and how well its clock is known). A listener then splits each frame's
/// delay into tiers whose sum is exactly its end-to-end delay (docs/delay-by-tier.md).
///
/// Body: `u32 room, u16 n, n × i32 ingest_us, u64 origin_send_ns, u8 m,
/// m × (u64 receive_ns, u64 send_ns, u32 clock_bound_us)`. Times are CLOCK_REALTIME ns on the
/// broadcast's clock (the origin's; an edge on another host converts its own by its PING/PONG
/// offset to its parent and says the bound of that conversion).
public struct HopStamps: Equatable, Sendable {
    /// One edge the packet went through, in order from the origin's side.
    public struct EdgeHop: Equatable, Sendable {
        /// When the edge had read the whole packet from its parent.
        public var receiveNanos: UInt64
        /// When the edge sent it on to its listeners and edges.
        public var sendNanos: UInt64
        /// How far the edge's stamps may be off the parent's clock (0: the same clock).
        public var clockBoundMicros: UInt32

        public init(receiveNanos: UInt64, sendNanos: UInt64, clockBoundMicros: UInt32) {
            self.receiveNanos = receiveNanos
            self.sendNanos = sendNanos
            self.clockBoundMicros = clockBoundMicros
        }
    }

    /// The room whose AUDIO frames follow.
    public var room: UInt32
    /// Per AUDIO frame of the packet, in order: origin receive time minus capture time, µs
    /// (negative when a speaker's clock runs ahead of the origin's). Its count is the number of
    /// the room's AUDIO frames that follow and carry these stamps.
    public var ingestMicros: [Int32]
    /// When the packet left the origin.
    public var originSendNanos: UInt64
    /// The edges the packet has been through, nearest the origin first (at most 255).
    public var edges: [EdgeHop]

    public init(room: UInt32, ingestMicros: [Int32], originSendNanos: UInt64, edges: [EdgeHop] = []) {
        self.room = room
        self.ingestMicros = ingestMicros
        self.originSendNanos = originSendNanos
        self.edges = edges
    }

    /// The most frames one packet's stamps can describe.
    public static let maximumFrames = Int(UInt16.max)
    /// The most edges one packet's stamps can list.
    public static let maximumEdges = Int(UInt8.max)

    /// When the packet last left a hop: the nearest edge's send time, else the origin's.
    public var lastSendNanos: UInt64 { edges.last?.sendNanos ?? originSendNanos }

    /// Body bytes for `frames` frames and `edges` edges (the decoder's exact-length check).
    public static func bodyBytes(frames: Int, edges: Int) -> Int { 4 + 2 + 4 * frames + 8 + 1 + 20 * edges }
}
