import SwarmcastLoop

/// A session is the core's listener through its connection: the core decides, the connection
/// writes. (`close(reason:)`, `roomIndex`, `icyMetaInterval` and `interleaveMetadata` are the
/// session's own.)
extension ClientSession: HTTPListenerSink {
    var queuedFrames: Int { connection.queuedFrames }

    func send(_ packet: OutboundPacket) { connection.send(packet) }

    func dropOldestQueued(keepingFrames: Int) -> Int { connection.dropOldestQueued(keepingFrames: keepingFrames) }
}
