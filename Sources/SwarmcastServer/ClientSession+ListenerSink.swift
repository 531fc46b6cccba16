import SwarmcastLoop

/// A session is the core's listener through its connection: the core decides, the connection
/// writes. (`close(reason:)`, `roomIndex`, `icyMetaInterval` and `interleaveMetadata` are the
/// session's own.)
extension ClientSession: HTTPListenerSink {
    var queuedFrames: Int { connection.queuedFrames }

    /// A version 1 peer gets the packet without its HOPS frame (built once per packet, when the
    /// room has such peers).
    func send(_ packet: OutboundPacket) { connection.send(variant(of: packet)) }

    var directSocket: Int32 { connection.fd }

    func finishDirectWrite(_ packet: OutboundPacket, result: Int, errno code: Int32) {
        connection.finishDirectWrite(packet, result: result, errno: code)
    }

    func dropOldestQueued(keepingFrames: Int) -> Int { connection.dropOldestQueued(keepingFrames: keepingFrames) }
}
