import SwarmcastMeasure
import SwarmcastWire

/// A listener's place in the hop stamps of the packet it is reading: the last HOPS frame, and
/// which of the AUDIO frames it describes comes next. Its storage is reused from packet to
/// packet, so a stamped packet costs a listener no allocation.
struct HopStampCursor {
    private var stamps = HopStamps(room: 0, ingestMicros: [], originSendNanos: 0)
    /// The next frame's index in `stamps.ingestMicros`; at the end when there is nothing to use.
    private var next = 0
    /// Per edge level of the current packet: its send minus its parent's (µs).
    private var edgeMicros: [Int64] = []
    private var originSendMicros: Int64 = 0
    private var lastSendMicros: Int64 = 0
    private var hopClockBoundMicros: UInt64 = 0

    /// A HOPS frame arrived: the next frames of `room` are the ones it stamps.
    mutating func start(_ view: HopStampsView) {
        view.copy(into: &stamps)
        next = 0
        originSendMicros = Int64(stamps.originSendNanos / 1000)
        var previous = originSendMicros
        var bound: UInt64 = 0
        edgeMicros.removeAll(keepingCapacity: true)
        for edge in stamps.edges {
            let send = Int64(edge.sendNanos / 1000)
            edgeMicros.append(send - previous)
            previous = send
            bound += UInt64(edge.clockBoundMicros)
        }
        lastSendMicros = previous
        hopClockBoundMicros = bound
    }

    /// One AUDIO frame received at `nowNanos` (the listener's measuring clock): when the
    /// current stamps describe it, its tiers go into `tiers`. Every time is floored to µs
    /// before it is subtracted, so the tiers add up to `now − capture` in µs exactly.
    @inline(__always)
    mutating func attribute(room: UInt32, captureNanos: UInt64, nowNanos: UInt64, into tiers: inout DelayTiers) {
        guard next < stamps.ingestMicros.count, room == stamps.room else { return }
        let ingest = Int64(stamps.ingestMicros[next])
        next += 1
        let originReceive = Int64(captureNanos / 1000) + ingest
        tiers.record(ingest: ingest, origin: originSendMicros - originReceive, edges: edgeMicros,
                     lastMile: Int64(nowNanos / 1000) - lastSendMicros, hopClockBoundMicros: hopClockBoundMicros)
    }
}
