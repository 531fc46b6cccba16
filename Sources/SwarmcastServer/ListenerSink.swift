import SwarmcastLoop

/// The listener side of a broadcast, as the core sees it: somewhere packets go.
///
/// The core decides who gets which packet and what happens to a listener that falls behind, but
/// never touches a socket: it talks to this protocol, which `ClientSession` implements with its
/// `Connection` and which a test fake implements by recording. That is what lets admission, the
/// packet clock and the slow-listener policy be tested in-process, without a binary or a port.
protocol ListenerSink: AnyObject {
    /// Audio frames queued behind the socket, not yet written (what the backlog limit counts).
    var queuedFrames: Int { get }
    /// Position in its room's listener array, for O(1) removal; -1 when in no room.
    var roomIndex: Int { get set }
    /// Whether it speaks protocol version 2 and so reads HOPS frames; a version 1 peer gets
    /// each packet's `legacy` bytes. Read when it joins and leaves, never per packet.
    var hearsHopStamps: Bool { get }
    /// The socket the fan-out may write shared packets (or their `legacy` bytes, as
    /// `hearsHopStamps` says) to directly (`DirectWrites`) while nothing is queued for it, or -1
    /// when every packet must go through `send` (a fake). Read when it joins, never per packet.
    var directSocket: Int32 { get }
    /// Sends a shared packet now, or queues it behind what is waiting.
    func send(_ packet: OutboundPacket)
    /// Finishes a direct write of `packet` (the variant this listener reads) to `directSocket`
    /// that did not take every byte: `result` and `code` are send()'s result and errno.
    func finishDirectWrite(_ packet: OutboundPacket, result: Int, errno code: Int32)
    /// Drops queued packets not yet started, oldest first, until at most `keepingFrames` frames
    /// remain; returns how many frames were dropped.
    func dropOldestQueued(keepingFrames: Int) -> Int
    /// Closes the listener, counting `reason`; it leaves its room through the core.
    func close(reason: String)
}

extension ListenerSink {
    var hearsHopStamps: Bool { true }

    /// The bytes of `packet` this listener reads: without HOPS for a version 1 peer.
    func variant(of packet: OutboundPacket) -> OutboundPacket { packet.variant(hearsHopStamps: hearsHopStamps) }
}

extension OutboundPacket {
    /// The packet a peer reads: itself, or its `legacy` bytes (without HOPS) for a version 1
    /// peer, which are the same bytes when the packet has no HOPS frame.
    func variant(hearsHopStamps: Bool) -> OutboundPacket { hearsHopStamps ? self : legacy ?? self }
}

/// An HTTP audio listener (`GET /rooms/R/listen`): a sink that may want ICY metadata woven into
/// its stream, which costs it a copy of every packet instead of sharing one.
protocol HTTPListenerSink: ListenerSink {
    /// Bytes of audio between ICY metadata blocks, or nil when the client did not ask for them.
    var icyMetaInterval: Int? { get }
    /// `bytes` with this listener's ICY metadata blocks woven in.
    func interleaveMetadata(_ bytes: [UInt8]) -> [UInt8]
}
