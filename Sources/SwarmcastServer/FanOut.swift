import SwarmcastSettings
import SwarmcastLoop

/// Where the fan-out can write a listener's packets without its session: its socket (-1 for
/// none), and whether it reads the packets' HOPS frames (else their `legacy` bytes).
struct DirectTarget {
    let socket: Int32
    let hearsHopStamps: Bool
}

/// Writes one shared packet to every listener of a room, applying the slow-listener policy.
///
/// This loop is the server's hot path: per listener it is one check of the backlog and one
/// send() (or a queue append when the socket is full); the packet is never copied. A listener
/// with nothing queued is written to by its socket alone (`DirectWrites`), without touching its
/// session or connection unless the socket did not take the whole packet.
struct FanOut {
    let policy: SlowListenerPolicy
    let backlogFrames: Int
    let metrics: ServerMetrics
    /// Bytes queued across every connection now (the event loop's count in a server).
    let queuedBytes: () -> Int
    /// Bytes queued across all listeners past which anyone with a queue gets the policy at once.
    let memoryCeilingBytes: Int
    /// The event loop's record of which sockets have bytes queued; nil (tests with fake
    /// listeners) sends every packet through `ListenerSink.send`.
    let directWrites: DirectWrites?

    /// - Parameter direct: where each listener can be written to directly, at its index in
    ///   `listeners` (the room's `directTargets`), or nil to send to every listener through `send`.
    func deliver(_ packet: OutboundPacket, to listeners: [any ListenerSink], direct targets: [DirectTarget]? = nil) {
        let frames = packet.frameCount
        let bytes = packet.bytes.count
        var delivered = 0
        // A packet longer than the backlog limit meets the policy even at an empty queue.
        let writes = frames <= backlogFrames ? directWrites : nil
        if let targets { precondition(targets.count == listeners.count, "a direct target for each listener") }
        let legacy = packet.variant(hearsHopStamps: false)
        // Iterates a copy: a listener whose socket fails is removed from the room during the loop.
        packet.bytes.withUnsafeBytes { current in
            legacy.bytes.withUnsafeBytes { legacyBytes in
                for index in listeners.indices {
                    if let writes, let target = targets?[index], target.socket >= 0, writes.isClear(target.socket) {
                        let raw = target.hearsHopStamps ? current : legacyBytes
                        let (result, code) = Socket.send(raw, to: target.socket)
                        if result != raw.count {
                            listeners[index].finishDirectWrite(target.hearsHopStamps ? packet : legacy, result: result, errno: code)
                        }
                        delivered += 1
                    } else {
                        delivered += deliverQueued(packet, to: listeners[index]) ? 1 : 0
                    }
                }
            }
        }
        metrics.packetsOut += delivered
        metrics.framesOut += delivered * frames
        metrics.bytesOut += delivered * bytes
    }

    /// Sends to a listener through its session, after the slow-listener policy; false when the
    /// policy closed it instead.
    private func deliverQueued(_ packet: OutboundPacket, to listener: any ListenerSink) -> Bool {
        let frames = packet.frameCount
        // The listener's own queue first: nearly always empty, and cheaper than the loop's total.
        if listener.queuedFrames > 0 && queuedBytes() > memoryCeilingBytes {
            switch policy {
            case .skipToLive:
                let dropped = listener.dropOldestQueued(keepingFrames: 0)
                if dropped > 0 { metrics.countDrop("memory-ceiling", frames: dropped) }
            case .disconnect:
                listener.close(reason: "memory-ceiling")
                return false
            }
        }
        if listener.queuedFrames + frames > backlogFrames {
            switch policy {
            case .skipToLive:
                let dropped = listener.dropOldestQueued(keepingFrames: max(0, backlogFrames - frames))
                if dropped > 0 { metrics.countDrop(policy.rawValue, frames: dropped) }
            case .disconnect:
                listener.close(reason: "too-slow")
                return false
            }
        }
        listener.send(packet)
        return true
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
