import SwarmcastWire

/// A room's HOPS for the packet it is gathering: the one place a hop's time stamps are taken.
///
/// On the origin every frame that joins the packet (a built-in speaker's, a speaker client's)
/// leaves its receive time here; on an edge the parent's stamps for the packet being relayed
/// wait here until the packet's last frame arrived. When the packet leaves, `take` writes the
/// stamps once for the whole packet, however many listeners it goes to.
struct PacketStamper {
    /// Origin: per pending frame, in order, receive time minus capture time (µs).
    private var ingestMicros: [Int32] = []
    /// Edge: the parent's stamps for the packet being relayed; nil when the parent sent none
    /// (a version 1 parent) or the last one was used.
    private var relayed: HopStamps?
    /// Edge: frames of the relayed packet received so far.
    private var relayedFrames = 0
    /// Edge: when the relayed packet's last frame arrived (broadcast clock).
    private var relayedCompleteNanos: UInt64 = 0

    /// Origin: a frame captured at `captureNanos` joined the packet at `receivedNanos`. Both are
    /// floored to µs first, so the listener's tiers (all in µs) add up to its delay exactly.
    mutating func received(captureNanos: UInt64, receivedNanos: UInt64) {
        let micros = Int64(receivedNanos / 1000) - Int64(captureNanos / 1000)
        ingestMicros.append(Int32(clamping: micros))
    }

    /// Edge: the parent's stamps for the frames that follow.
    mutating func expect(_ stamps: HopStamps) {
        relayed = stamps
        relayedFrames = 0
    }

    /// Edge: a frame of the relayed packet arrived; true when it was the last, and then
    /// `nowNanos` (read only then: a 3 s packet has 150 frames) is when the packet was received.
    mutating func relayedFrame(nowNanos: @autoclosure () -> UInt64) -> Bool {
        guard let relayed else { return false }
        relayedFrames += 1
        guard relayedFrames == relayed.ingestMicros.count else { return false }
        relayedCompleteNanos = nowNanos()
        return true
    }

    /// Edge: frames of a stamped packet are still to come, so the room must not send yet.
    var awaitsRelayedFrames: Bool { relayed.map { relayedFrames < $0.ingestMicros.count } ?? false }

    /// The stamps for a packet of `frames` frames leaving now, or nil when they would not
    /// describe exactly those frames (a parent without stamps, a packet cut short by an outage).
    /// Either way the stamper starts afresh for the next packet.
    mutating func take(room: UInt32, frames: Int, sendNanos: UInt64, clockBoundMicros: UInt32) -> HopStamps? {
        defer {
            ingestMicros.removeAll(keepingCapacity: true)
            relayed = nil
            relayedFrames = 0
        }
        if var stamps = relayed {
            guard relayedFrames == frames, stamps.ingestMicros.count == frames, stamps.edges.count < HopStamps.maximumEdges else { return nil }
            stamps.room = room
            stamps.edges.append(HopStamps.EdgeHop(receiveNanos: relayedCompleteNanos, sendNanos: sendNanos, clockBoundMicros: clockBoundMicros))
            return stamps
        }
        guard !ingestMicros.isEmpty, ingestMicros.count == frames, frames <= HopStamps.maximumFrames else { return nil }
        return HopStamps(room: room, ingestMicros: ingestMicros, originSendNanos: sendNanos)
    }
}
