import SwarmcastSettings
import SwarmcastLoop

/// Writes one shared packet to every listener of a room, applying the slow-listener policy.
///
/// This loop is the server's hot path: per listener it is one check of the backlog and one
/// send() (or a queue append when the socket is full); the packet is never copied.
struct FanOut {
    let policy: SlowListenerPolicy
    let backlogFrames: Int
    let metrics: ServerMetrics
    /// Bytes queued across every connection now (the event loop's count in a server).
    let queuedBytes: () -> Int
    /// Bytes queued across all listeners past which anyone with a queue gets the policy at once.
    let memoryCeilingBytes: Int

    func deliver(_ packet: OutboundPacket, to listeners: [any ListenerSink]) {
        let frames = packet.frameCount
        let bytes = packet.bytes.count
        var delivered = 0
        // Iterates a copy: a listener whose socket fails is removed from the room during the loop.
        for listener in listeners {
            // The listener's own queue first: nearly always empty, and cheaper than the loop's total.
            if listener.queuedFrames > 0 && queuedBytes() > memoryCeilingBytes {
                switch policy {
                case .skipToLive:
                    let dropped = listener.dropOldestQueued(keepingFrames: 0)
                    if dropped > 0 { metrics.countDrop("memory-ceiling", frames: dropped) }
                case .disconnect:
                    listener.close(reason: "memory-ceiling")
                    continue
                }
            }
            if listener.queuedFrames + frames > backlogFrames {
                switch policy {
                case .skipToLive:
                    let dropped = listener.dropOldestQueued(keepingFrames: max(0, backlogFrames - frames))
                    if dropped > 0 { metrics.countDrop(policy.rawValue, frames: dropped) }
                case .disconnect:
                    listener.close(reason: "too-slow")
                    continue
                }
            }
            listener.send(packet)
            delivered += 1
        }
        metrics.packetsOut += delivered
        metrics.framesOut += delivered * frames
        metrics.bytesOut += delivered * bytes
    }

    /// HTTP listeners get the chunk stream; those that asked for ICY metadata get it with a
    /// metadata block every `icy-metaint` bytes (a copy per such listener; the others share).
    func deliverHTTP(_ packet: OutboundPacket, to listeners: [any HTTPListenerSink]) {
        var plain: [any ListenerSink] = []
        for listener in listeners {
            if listener.icyMetaInterval == nil { plain.append(listener); continue }
            guard listener.queuedFrames + packet.frameCount <= backlogFrames else {
                metrics.countDrop(policy.rawValue, frames: packet.frameCount)
                continue
            }
            let bytes = listener.interleaveMetadata(packet.bytes)
            listener.send(OutboundPacket(bytes: bytes, frameCount: packet.frameCount, oldestCaptureNanos: packet.oldestCaptureNanos))
            metrics.packetsOut += 1
            metrics.framesOut += packet.frameCount
            metrics.bytesOut += bytes.count
        }
        if !plain.isEmpty { deliver(packet, to: plain) }
    }
}
